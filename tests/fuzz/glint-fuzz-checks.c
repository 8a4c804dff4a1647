/* glint-fuzz-checks.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-fuzz"

#include "glint-fuzz-checks.h"
#include "glint-jid.h"
#include "glint-text.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* IDs are cut to this (glint-stanza.c). */
#define MAX_ID_BYTES 256

void
glint_fuzz_fail (const char *what,
                 const char *cond,
                 const char *file,
                 int         line)
{
  fprintf (stderr, "Broken promise: %s (%s, %s:%d)\n", what, cond, file, line);
  abort ();
}

/* The input as a C string, or NULL when it holds a NUL (no XML or address
 * can, and libstrophe takes C strings). */
char *
glint_fuzz_string (const guint8 *data,
                   gsize         size)
{
  if (memchr (data, '\0', size) != NULL)
    return NULL;
  return g_strndup ((const char *) data, size);
}

/* What glint_text_sanitize() promises: valid UTF-8 within the limit, with
 * no control characters (but newlines and tabs where kept), no bidi
 * embeddings or overrides, no line or paragraph separators, no BOM and no
 * interlinear annotations. */
void
glint_fuzz_check_text (const char *text,
                       gsize       max_bytes,
                       gboolean    newlines)
{
  if (text == NULL)
    return;
  GLINT_FUZZ_CHECK (g_utf8_validate (text, -1, NULL), "text is valid UTF-8");
  GLINT_FUZZ_CHECK (strlen (text) <= max_bytes, "text within its limit");
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (newlines && (c == '\n' || c == '\t'))
        continue;
      GLINT_FUZZ_CHECK (!g_unichar_iscntrl (c), "no control characters");
      GLINT_FUZZ_CHECK (!(c >= 0x202A && c <= 0x202E), "no bidi embeddings or overrides");
      GLINT_FUZZ_CHECK (c != 0x2028 && c != 0x2029, "no line or paragraph separators");
      GLINT_FUZZ_CHECK (c != 0xFEFF && !(c >= 0xFFF9 && c <= 0xFFFB), "no BOM or annotations");
    }
}

/* No character of @part has a compatibility form (full-width letters, a
 * full-width at sign, ligatures): PRECIS maps or refuses those in local
 * parts and domains. */
static gboolean
is_compat_free (const char *part)
{
  g_autofree char *nfkc = NULL;

  if (part == NULL)
    return TRUE;
  nfkc = g_utf8_normalize (part, -1, G_NORMALIZE_NFKC);
  return nfkc != NULL && strcmp (nfkc, part) == 0;
}

static gboolean
is_ip_literal_or_name (const char *domain)
{
  gsize len = strlen (domain);
  g_autofree char *inner = NULL;
  struct in6_addr addr;

  if (domain[0] != '[')
    return strchr (domain, ']') == NULL;
  if (len < 3 || domain[len - 1] != ']')
    return FALSE;
  inner = g_strndup (domain + 1, len - 2);
  return inet_pton (AF_INET6, inner, &addr) == 1;
}

/* An address Glint passes on parses again to itself, within the limits,
 * with nothing the text sanitiser would remove, no format character, no
 * compatibility form in its local part or domain, and an IP literal only
 * when it is an IPv6 address. */
void
glint_fuzz_check_jid (const char *jid,
                      gboolean    bare)
{
  g_autoptr(GlintJid) parsed = NULL;
  g_autofree char *again = NULL;

  if (jid == NULL)
    return;
  parsed = glint_jid_parse (jid, NULL);
  GLINT_FUZZ_CHECK (parsed != NULL, "an address passed on parses again");
  again = glint_jid_to_string (parsed);
  GLINT_FUZZ_CHECK (strcmp (again, jid) == 0, "an address passed on is already prepared");
  GLINT_FUZZ_CHECK (!bare || parsed->resource == NULL, "a bare address has no resource");
  GLINT_FUZZ_CHECK (strlen (parsed->domain) <= GLINT_JID_MAX_PART, "domain within the limit");
  GLINT_FUZZ_CHECK (parsed->local == NULL || strlen (parsed->local) <= GLINT_JID_MAX_PART,
                    "local part within the limit");
  GLINT_FUZZ_CHECK (parsed->resource == NULL || strlen (parsed->resource) <= GLINT_JID_MAX_PART,
                    "resource within the limit");
  GLINT_FUZZ_CHECK (is_compat_free (parsed->local) && is_compat_free (parsed->domain),
                    "no full-width or other compatibility forms in a local part or domain");
  GLINT_FUZZ_CHECK (is_ip_literal_or_name (parsed->domain), "an IP literal is an IPv6 address");
  for (const char *p = jid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      GLINT_FUZZ_CHECK (g_unichar_type (c) != G_UNICODE_FORMAT, "no format characters in addresses");
    }
  glint_fuzz_check_text (jid, 3 * GLINT_JID_MAX_PART + 2, FALSE);
}

/* RFC 6121 2.1.6 and XEP-0280 section 11: no from, or our bare JID. */
static gboolean
from_is_account (const GlintStanzaContext *ctx,
                 const char               *from)
{
  g_autoptr(GlintJid) jid = NULL;
  g_autofree char *bare = NULL;

  if (from == NULL)
    return TRUE;
  jid = glint_jid_parse (from, NULL);
  if (jid == NULL || jid->resource != NULL)
    return FALSE;
  bare = glint_jid_to_bare_string (jid);
  return strcmp (bare, ctx->account) == 0;
}

/* A room's message: to a room of ours, signed with the nick the stanza
 * came from, its stanza-id only the room's. */
static void
check_room_message (const GlintMessage       *msg,
                    const GlintStanzaContext *ctx,
                    const char               *stanza_from)
{
  GlintStanzaRoom *room = ctx->rooms ? g_hash_table_lookup (ctx->rooms, msg->peer) : NULL;

  glint_fuzz_check_jid (msg->peer, TRUE);
  GLINT_FUZZ_CHECK (room != NULL, "a room's message is from a room we are in");
  GLINT_FUZZ_CHECK (g_utf8_validate (msg->sender, -1, NULL), "a sender is text");
  GLINT_FUZZ_CHECK (g_str_has_prefix (msg->sender, msg->peer), "an occupant is in the room it speaks in");
  glint_fuzz_check_text (msg->occupant_nick, GLINT_MAX_NAME_BYTES, FALSE);
  GLINT_FUZZ_CHECK (msg->stanza_id == NULL || (room && room->ids_trusted && g_strcmp0 (msg->stanza_id_by, room->jid) == 0),
                    "a room's stanza-id only from a room that stamps them");
  if (msg->direction == GLINT_DIRECTION_OUT)
    {
      g_autofree char *ours = room ? g_strconcat (room->jid, "/", room->nick, NULL) : NULL;

      GLINT_FUZZ_CHECK (g_strcmp0 (msg->sender, ours) == 0, "ours in a room only under our nick");
    }
  else
    GLINT_FUZZ_CHECK (msg->archived || stanza_from == NULL || g_strcmp0 (msg->sender, stanza_from) == 0
                      || glint_jid_bare_equal (stanza_from, msg->peer),
                      "a room's message is signed by who sent it");
}

/* A private message with an occupant: a conversation with room/nick,
 * never with a bare address. */
static void
check_private_message (const GlintMessage       *msg,
                       const GlintStanzaContext *ctx,
                       const char               *stanza_from)
{
  g_autofree char *room = glint_jid_normalize_bare (msg->peer);

  GLINT_FUZZ_CHECK (room != NULL && strchr (msg->peer, '/') != NULL, "a private message is with room/nick");
  GLINT_FUZZ_CHECK (g_utf8_validate (msg->peer, -1, NULL), "an occupant's address is text");
  glint_fuzz_check_text (msg->occupant_nick, GLINT_MAX_NAME_BYTES, FALSE);
  GLINT_FUZZ_CHECK (msg->stanza_id == NULL, "a private message keeps no stanza-id");
  if (msg->direction == GLINT_DIRECTION_OUT)
    GLINT_FUZZ_CHECK (from_is_account (ctx, stanza_from), "sent copies only from our account");
}

static void
check_message (const GlintMessage       *msg,
               const GlintStanzaContext *ctx,
               const char               *stanza_from)
{
  GLINT_FUZZ_CHECK (strcmp (msg->account, ctx->account) == 0, "a message is on its account");
  GLINT_FUZZ_CHECK (msg->body != NULL, "a message has a body");
  glint_fuzz_check_text (msg->body, GLINT_MAX_BODY_BYTES, TRUE);
  {
    g_autofree char *visible = glint_text_sanitize_nonempty (msg->body, GLINT_MAX_BODY_BYTES, TRUE);
    GLINT_FUZZ_CHECK (visible != NULL, "a body has something visible");
  }
  glint_fuzz_check_text (msg->xmpp_id, MAX_ID_BYTES, FALSE);
  glint_fuzz_check_text (msg->origin_id, MAX_ID_BYTES, FALSE);
  glint_fuzz_check_text (msg->stanza_id, MAX_ID_BYTES, FALSE);
  glint_fuzz_check_text (msg->occupant_id, MAX_ID_BYTES, FALSE);
  GLINT_FUZZ_CHECK (msg->time_ms <= ctx->now_ms, "no message from the future");
  if (msg->kind == GLINT_CONVERSATION_GROUPCHAT)
    {
      check_room_message (msg, ctx, stanza_from);
      return;
    }
  if (msg->kind == GLINT_CONVERSATION_PRIVATE)
    {
      check_private_message (msg, ctx, stanza_from);
      return;
    }
  glint_fuzz_check_jid (msg->peer, TRUE);
  glint_fuzz_check_jid (msg->sender, FALSE);
  GLINT_FUZZ_CHECK (msg->stanza_id == NULL || ctx->stanza_ids_trusted,
                    "a stanza-id only when the server's are trusted");
  GLINT_FUZZ_CHECK (msg->stanza_id == NULL || msg->direction == GLINT_DIRECTION_IN,
                    "a stanza-id only on what we received");
  GLINT_FUZZ_CHECK (msg->stanza_id == NULL || g_strcmp0 (msg->stanza_id_by, ctx->account) == 0,
                    "a stanza-id only from our own archive");
  /* A message that names another sender than its stanza's came forwarded
   * (a carbon), which only our account may do. */
  {
    g_autoptr(GlintJid) outer = stanza_from ? glint_jid_parse (stanza_from, NULL) : NULL;
    g_autofree char *outer_text = outer ? glint_jid_to_string (outer) : NULL;

    if (g_strcmp0 (outer_text, msg->sender) != 0)
      GLINT_FUZZ_CHECK (from_is_account (ctx, stanza_from), "forwarded messages only from our account");
  }
  /* What we sent comes back only as a carbon, which only our account sends. */
  if (msg->direction == GLINT_DIRECTION_OUT)
    {
      GLINT_FUZZ_CHECK (from_is_account (ctx, stanza_from), "sent copies only from our account");
      GLINT_FUZZ_CHECK (strcmp (msg->sender, ctx->account) == 0, "what we sent is ours");
    }
}

/* Everything an event carries out of the worker is clean, and it says only
 * what its sender may say. @stanza_from: the outer stanza's from. */
void
glint_fuzz_check_event (const GlintEvent         *event,
                        const GlintStanzaContext *ctx,
                        const char               *stanza_from)
{
  GLINT_FUZZ_CHECK (g_strcmp0 (event->account, ctx->account) == 0, "an event is on its account");
  glint_fuzz_check_text (event->text, GLINT_MAX_STATUS_BYTES, FALSE);
  glint_fuzz_check_text (event->name, GLINT_MAX_NAME_BYTES, FALSE);
  glint_fuzz_check_text (event->xmpp_id, MAX_ID_BYTES, FALSE);
  for (guint i = 0; event->groups && event->groups[i]; i++)
    glint_fuzz_check_text (event->groups[i], GLINT_MAX_NAME_BYTES, FALSE);

  switch (event->type)
    {
    case GLINT_EVENT_ROSTER_ITEM:
      GLINT_FUZZ_CHECK (from_is_account (ctx, stanza_from), "roster items only from our account");
      glint_fuzz_check_jid (event->jid, TRUE);
      break;
    case GLINT_EVENT_PRESENCE:
    case GLINT_EVENT_CHAT_STATE:
    case GLINT_EVENT_ATTENTION:
      glint_fuzz_check_jid (event->jid, FALSE);
      break;
    case GLINT_EVENT_RECEIPT:
    case GLINT_EVENT_DISPLAYED:
      glint_fuzz_check_jid (event->jid, FALSE);
      GLINT_FUZZ_CHECK (event->xmpp_id != NULL, "a receipt or a marker names its message");
      break;
    case GLINT_EVENT_SUBSCRIPTION:
      glint_fuzz_check_jid (event->jid, TRUE);
      GLINT_FUZZ_CHECK (g_strcmp0 (event->jid, ctx->account) != 0, "no subscription from ourselves");
      break;
    case GLINT_EVENT_MESSAGE:
      GLINT_FUZZ_CHECK (event->message != NULL, "a message event has its message");
      check_message (event->message, ctx, stanza_from);
      break;
    case GLINT_EVENT_MESSAGE_ERROR:
      glint_fuzz_check_jid (event->jid, TRUE);
      break;
    case GLINT_EVENT_OCCUPANT:
    case GLINT_EVENT_ROOM_SUBJECT:
    case GLINT_EVENT_ROOM_ERROR:
      GLINT_FUZZ_CHECK (ctx->rooms && g_hash_table_contains (ctx->rooms, event->jid), "only rooms we are in speak");
      if (event->occupant)
        {
          GLINT_FUZZ_CHECK (g_utf8_validate (event->occupant->nick, -1, NULL), "a nick is text");
          GLINT_FUZZ_CHECK (event->occupant->new_nick == NULL || g_utf8_validate (event->occupant->new_nick, -1, NULL),
                            "a new nick is text");
          glint_fuzz_check_text (event->occupant->status, GLINT_MAX_STATUS_BYTES, FALSE);
          glint_fuzz_check_text (event->occupant->reason, GLINT_MAX_STATUS_BYTES, FALSE);
          glint_fuzz_check_jid (event->occupant->real_jid, TRUE);
        }
      break;
    case GLINT_EVENT_BOOKMARK:
    case GLINT_EVENT_BOOKMARKS_LOADED:
      GLINT_FUZZ_CHECK (from_is_account (ctx, stanza_from), "bookmarks only from our account");
      if (event->bookmark)
        {
          glint_fuzz_check_jid (event->bookmark->jid, TRUE);
          glint_fuzz_check_text (event->bookmark->name, GLINT_MAX_NAME_BYTES, FALSE);
          glint_fuzz_check_text (event->bookmark->nick, GLINT_MAX_NAME_BYTES, FALSE);
        }
      break;
    case GLINT_EVENT_INVITATION:
      glint_fuzz_check_jid (event->jid, TRUE);
      glint_fuzz_check_jid (event->inviter, TRUE);
      GLINT_FUZZ_CHECK (event->password == NULL || g_utf8_validate (event->password, -1, NULL), "a password is text");
      break;
    default:
      break;
    }
}

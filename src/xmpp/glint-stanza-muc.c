/* glint-stanza-muc.c: rooms (XEP-0045) <-> plain structs
 *
 * A room is anyone's: every nick, subject, status and body is cleaned
 * before it leaves the worker, only the room may say who is who, and only
 * a room the account is in (or joining) is listened to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-stanza"

#include "config.h"

#include "glint-stanza-private.h"
#include "glint-jid.h"
#include "glint-text.h"

#include <string.h>

void
glint_stanza_room_free (gpointer data)
{
  GlintStanzaRoom *room = data;

  g_free (room->jid);
  g_free (room->nick);
  if (room->password)
    memset (room->password, 0, strlen (room->password));
  g_free (room->password);
  glint_event_free (room->held);
  g_free (room->create_name);
  g_free (room->create_subject);
  g_free (room->ping_id);
  g_free (room);
}

/* The room @from (room@service/nick or the room itself) belongs to, when
 * the account is in it or joining it. */
GlintStanzaRoom *
glint_stanza_room_of (const GlintStanzaContext *ctx,
                      const char               *from)
{
  g_autofree char *bare = NULL;

  if (ctx->rooms == NULL || from == NULL)
    return NULL;
  bare = glint_jid_normalize_bare (from);
  return bare ? g_hash_table_lookup (ctx->rooms, bare) : NULL;
}

/* The nick in @from, as the room spells it (to address the occupant):
 * valid UTF-8 of at most one JID part, or NULL. A nick is not prepared
 * like a resource: a room accepts what its occupants choose, and the
 * display form is cleaned apart. */
static char *
checked_nick (const char *nick)
{
  if (nick == NULL || *nick == '\0' || strlen (nick) > GLINT_JID_MAX_PART || !g_utf8_validate (nick, -1, NULL))
    return NULL;
  return g_strdup (nick);
}

char *
glint_stanza_nick_of (const char *from)
{
  const char *slash = from ? strchr (from, '/') : NULL;

  return slash ? checked_nick (slash + 1) : NULL;
}

/* What a nick shows as: cleaned, never empty. */
static char *
display_nick (const char *nick)
{
  char *clean = glint_text_sanitize_nonempty (nick, GLINT_MAX_NAME_BYTES, FALSE);

  return clean ? clean : g_strdup ("?");
}

static char *
clean_text (xmpp_stanza_t *parent,
            const char    *name,
            gsize          max_bytes,
            gboolean       keep_newlines)
{
  xmpp_stanza_t *child = parent ? xmpp_stanza_get_child_by_name (parent, name) : NULL;
  g_autofree char *raw = child ? glint_stanza_text (child) : NULL;

  return glint_text_sanitize_nonempty (raw, max_bytes, keep_newlines);
}

/* One of the words XEP-0045 defines, or NULL: nothing else is kept. */
static char *
known_word (const char         *value,
            const char * const *words)
{
  return value && g_strv_contains (words, value) ? g_strdup (value) : NULL;
}

static GlintMucStatus
status_codes (xmpp_stanza_t *x)
{
  GlintMucStatus codes = 0;

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (x); c; c = xmpp_stanza_get_next (c))
    {
      const char *code;

      if (g_strcmp0 (xmpp_stanza_get_name (c), "status") != 0)
        continue;
      code = xmpp_stanza_get_attribute (c, "code");
      if (g_strcmp0 (code, "110") == 0)
        codes |= GLINT_MUC_SELF;
      else if (g_strcmp0 (code, "303") == 0)
        codes |= GLINT_MUC_NICK_CHANGED;
      else if (g_strcmp0 (code, "307") == 0)
        codes |= GLINT_MUC_KICKED;
      else if (g_strcmp0 (code, "301") == 0)
        codes |= GLINT_MUC_BANNED;
      else if (g_strcmp0 (code, "332") == 0)
        codes |= GLINT_MUC_SHUTDOWN;
      else if (g_strcmp0 (code, "333") == 0)
        codes |= GLINT_MUC_CONNECTION;
      else if (g_strcmp0 (code, "210") == 0)
        codes |= GLINT_MUC_NICK_FIXED;
      else if (g_strcmp0 (code, "201") == 0)
        codes |= GLINT_MUC_CREATED;
      else if (g_strcmp0 (code, "321") == 0 || g_strcmp0 (code, "322") == 0)
        codes |= GLINT_MUC_NOT_MEMBER;
      else if (g_strcmp0 (code, "100") == 0 || g_strcmp0 (code, "172") == 0)
        codes |= GLINT_MUC_NON_ANONYMOUS;
    }
  return codes;
}

static GlintEvent *
room_error (const GlintStanzaContext *ctx,
            GlintStanzaRoom          *room,
            xmpp_stanza_t            *presence)
{
  GlintEvent *event = glint_event_new (GLINT_EVENT_ROOM_ERROR, ctx->account);
  xmpp_stanza_t *error = xmpp_stanza_get_child_by_name (presence, "error");
  const char *condition = glint_stanza_error_condition (presence);

  event->jid = g_strdup (room->jid);
  event->condition = g_strdup (condition ? condition : "undefined-condition");
  event->text = clean_text (error, "text", GLINT_MAX_STATUS_BYTES, FALSE);
  return event;
}

/* A presence from @room: an occupant came, changed or left; or the room
 * refused us. Only the room's own <x/> says roles, affiliations and real
 * addresses. */
gboolean
glint_stanza_parse_occupant (const GlintStanzaContext *ctx,
                             GlintStanzaRoom          *room,
                             xmpp_stanza_t            *presence,
                             GPtrArray                *events)
{
  static const char * const roles[] = { "moderator", "participant", "visitor", "none", NULL };
  static const char * const affiliations[] = { "owner", "admin", "member", "outcast", "none", NULL };
  static const char * const shows[] = { "away", "xa", "dnd", "chat", NULL };
  const char *type = xmpp_stanza_get_type (presence);
  g_autofree char *nick = glint_stanza_nick_of (xmpp_stanza_get_from (presence));
  xmpp_stanza_t *x = xmpp_stanza_get_child_by_name_and_ns (presence, "x", GLINT_NS_MUC_USER);
  xmpp_stanza_t *item = x ? xmpp_stanza_get_child_by_name (x, "item") : NULL;
  xmpp_stanza_t *destroy = x ? xmpp_stanza_get_child_by_name (x, "destroy") : NULL;
  g_autoptr(GlintOccupantInfo) info = NULL;
  GlintEvent *event;

  if (g_strcmp0 (type, "error") == 0)
    {
      /* Only a join still waiting can be refused; a joined room's errors
       * are about something else (a nick change, say). */
      if (room->joined && nick != NULL && g_strcmp0 (nick, room->nick) != 0)
        return FALSE;
      g_ptr_array_add (events, room_error (ctx, room, presence));
      return TRUE;
    }
  if (type != NULL && strcmp (type, "unavailable") != 0)
    return FALSE;
  if (nick == NULL)
    {
      g_debug ("Ignoring a presence from room %s without a nick", room->jid);
      return FALSE;
    }

  info = g_new0 (GlintOccupantInfo, 1);
  info->nick = g_steal_pointer (&nick);
  info->available = type == NULL;
  if (info->available)
    {
      xmpp_stanza_t *show = xmpp_stanza_get_child_by_name (presence, "show");
      g_autofree char *text = show ? glint_stanza_text (show) : NULL;

      info->show = known_word (text, shows);
    }
  info->status = clean_text (presence, "status", GLINT_MAX_STATUS_BYTES, FALSE);
  info->codes = x ? status_codes (x) : 0;
  if (item != NULL)
    {
      const char *real = xmpp_stanza_get_attribute (item, "jid");

      info->role = known_word (xmpp_stanza_get_attribute (item, "role"), roles);
      info->affiliation = known_word (xmpp_stanza_get_attribute (item, "affiliation"), affiliations);
      info->real_jid = real ? glint_jid_normalize_bare (real) : NULL;
      info->reason = clean_text (item, "reason", GLINT_MAX_STATUS_BYTES, FALSE);
      if (info->codes & GLINT_MUC_NICK_CHANGED)
        info->new_nick = checked_nick (xmpp_stanza_get_attribute (item, "nick"));
    }
  if (destroy != NULL && !info->available)
    {
      info->codes |= GLINT_MUC_DESTROYED;
      g_clear_pointer (&info->reason, g_free);
      info->reason = clean_text (destroy, "reason", GLINT_MAX_STATUS_BYTES, FALSE);
    }
  /* The room says which presence is ours; a room that does not (older
   * servers) still sends ours under the nick we asked for, last. */
  if (g_strcmp0 (info->nick, room->nick) == 0 && !room->joined)
    info->codes |= GLINT_MUC_SELF;
  if (room->occupant_ids)
    {
      xmpp_stanza_t *oid = xmpp_stanza_get_child_by_name_and_ns (presence, "occupant-id", GLINT_NS_OCCUPANT_ID);

      info->occupant_id = oid ? glint_stanza_clean_id (xmpp_stanza_get_attribute (oid, "id")) : NULL;
    }

  event = glint_event_new (GLINT_EVENT_OCCUPANT, ctx->account);
  event->jid = g_strdup (room->jid);
  event->occupant = g_steal_pointer (&info);
  g_ptr_array_add (events, event);
  return TRUE;
}

/* A message of type groupchat from @room: its subject, or what an
 * occupant said to everyone (ours when it comes back under our nick). */
gboolean
glint_stanza_parse_groupchat (const GlintStanzaContext *ctx,
                              GlintStanzaRoom          *room,
                              xmpp_stanza_t            *message,
                              GPtrArray                *events)
{
  const char *from = xmpp_stanza_get_from (message);
  g_autofree char *nick = glint_stanza_nick_of (from);
  xmpp_stanza_t *subject = xmpp_stanza_get_child_by_name (message, "subject");
  xmpp_stanza_t *body_element = xmpp_stanza_get_child_by_name (message, "body");
  g_autofree char *raw_body = body_element ? glint_stanza_text (body_element) : NULL;
  g_autofree char *body = glint_text_sanitize_nonempty (raw_body, GLINT_MAX_BODY_BYTES, TRUE);
  GlintMessage *msg;
  GlintEvent *event;
  xmpp_stanza_t *origin, *replace, *oid;

  /* Left: what it still says is not for us. */
  if (room->left)
    return FALSE;
  /* XEP-0045 7.2.15: a subject comes without a body; one with a body is
   * a message that happens to carry a subject. */
  if (subject != NULL && body_element == NULL)
    {
      g_autofree char *raw = glint_stanza_text (subject);

      event = glint_event_new (GLINT_EVENT_ROOM_SUBJECT, ctx->account);
      event->jid = g_strdup (room->jid);
      event->name = nick ? display_nick (nick) : NULL;
      /* One line: it heads the room. */
      event->text = glint_text_sanitize_nonempty (raw, GLINT_MAX_STATUS_BYTES, FALSE);
      g_ptr_array_add (events, event);
      return TRUE;
    }
  if (body == NULL)
    return FALSE;

  msg = glint_message_new ();
  msg->account = g_strdup (ctx->account);
  msg->peer = g_strdup (room->jid);
  msg->kind = GLINT_CONVERSATION_GROUPCHAT;
  /* What the room itself says (no nick) is the room's. */
  msg->sender = nick ? g_strconcat (room->jid, "/", nick, NULL) : g_strdup (room->jid);
  msg->occupant_nick = nick ? display_nick (nick) : NULL;
  msg->direction = nick && g_strcmp0 (nick, room->nick) == 0 ? GLINT_DIRECTION_OUT : GLINT_DIRECTION_IN;
  msg->state = msg->direction == GLINT_DIRECTION_OUT ? GLINT_MESSAGE_SENT : GLINT_MESSAGE_INCOMING;
  msg->time_ms = glint_stanza_delay_ms (ctx, message);
  msg->body = g_steal_pointer (&body);
  msg->xmpp_id = glint_stanza_clean_id (xmpp_stanza_get_id (message));
  origin = xmpp_stanza_get_child_by_name_and_ns (message, "origin-id", GLINT_NS_SID);
  msg->origin_id = origin ? glint_stanza_clean_id (xmpp_stanza_get_attribute (origin, "id")) : NULL;
  /* Only the room's own stamp, and only from a room that stamps: an
   * occupant can put any stanza-id in what it sends. */
  msg->stanza_id = room->ids_trusted ? glint_stanza_trusted_id (message, room->jid) : NULL;
  msg->stanza_id_by = msg->stanza_id ? g_strdup (room->jid) : NULL;
  replace = xmpp_stanza_get_child_by_name_and_ns (message, "replace", GLINT_NS_CORRECT);
  msg->replaces_id = replace ? glint_stanza_clean_id (xmpp_stanza_get_attribute (replace, "id")) : NULL;
  oid = room->occupant_ids ? xmpp_stanza_get_child_by_name_and_ns (message, "occupant-id", GLINT_NS_OCCUPANT_ID)
                           : NULL;
  msg->occupant_id = oid ? glint_stanza_clean_id (xmpp_stanza_get_attribute (oid, "id")) : NULL;
  /* Old news from the room's history neither notifies nor counts. */
  msg->archived = xmpp_stanza_get_child_by_name_and_ns (message, "delay", GLINT_NS_DELAY) != NULL;

  event = glint_event_new (GLINT_EVENT_MESSAGE, ctx->account);
  event->message = msg;
  g_ptr_array_add (events, event);
  return TRUE;
}

/* A message to or from one occupant of a room (XEP-0045 7.5): a
 * conversation of its own with room/nick, never with the occupant's real
 * address, whatever the room or the message says of it. */
gboolean
glint_stanza_parse_private (const GlintStanzaContext *ctx,
                            xmpp_stanza_t            *message,
                            gboolean                  outgoing,
                            GPtrArray                *events)
{
  const char *other = outgoing ? xmpp_stanza_get_to (message) : xmpp_stanza_get_from (message);
  g_autofree char *nick = glint_stanza_nick_of (other);
  g_autofree char *room = glint_jid_normalize_bare (other);
  xmpp_stanza_t *body_element = xmpp_stanza_get_child_by_name (message, "body");
  g_autofree char *raw_body = body_element ? glint_stanza_text (body_element) : NULL;
  g_autofree char *body = glint_text_sanitize_nonempty (raw_body, GLINT_MAX_BODY_BYTES, TRUE);
  xmpp_stanza_t *origin;
  GlintMessage *msg;
  GlintEvent *event;

  if (nick == NULL || room == NULL || body == NULL)
    return FALSE;
  msg = glint_message_new ();
  msg->account = g_strdup (ctx->account);
  msg->peer = g_strconcat (room, "/", nick, NULL);
  msg->kind = GLINT_CONVERSATION_PRIVATE;
  msg->sender = outgoing ? g_strdup (ctx->account) : g_strdup (msg->peer);
  msg->occupant_nick = display_nick (nick);
  msg->direction = outgoing ? GLINT_DIRECTION_OUT : GLINT_DIRECTION_IN;
  msg->state = outgoing ? GLINT_MESSAGE_SENT : GLINT_MESSAGE_INCOMING;
  msg->time_ms = glint_stanza_delay_ms (ctx, message);
  msg->body = g_steal_pointer (&body);
  msg->xmpp_id = glint_stanza_clean_id (xmpp_stanza_get_id (message));
  origin = xmpp_stanza_get_child_by_name_and_ns (message, "origin-id", GLINT_NS_SID);
  msg->origin_id = origin ? glint_stanza_clean_id (xmpp_stanza_get_attribute (origin, "id")) : NULL;
  event = glint_event_new (GLINT_EVENT_MESSAGE, ctx->account);
  event->message = msg;
  g_ptr_array_add (events, event);
  return TRUE;
}

gboolean
glint_stanza_is_invitation (xmpp_stanza_t *message)
{
  xmpp_stanza_t *user = xmpp_stanza_get_child_by_name_and_ns (message, "x", GLINT_NS_MUC_USER);

  return xmpp_stanza_get_child_by_name_and_ns (message, "x", GLINT_NS_CONFERENCE) != NULL
         || (user != NULL && xmpp_stanza_get_child_by_name (user, "invite") != NULL);
}

/* An invitation into a room: XEP-0249's, straight from the one who
 * invites, or XEP-0045's, through the room (which names who invites).
 * The session decides whether that person may ask. */
gboolean
glint_stanza_parse_invitation (const GlintStanzaContext *ctx,
                               xmpp_stanza_t            *message,
                               GPtrArray                *events)
{
  xmpp_stanza_t *direct = xmpp_stanza_get_child_by_name_and_ns (message, "x", GLINT_NS_CONFERENCE);
  xmpp_stanza_t *user = xmpp_stanza_get_child_by_name_and_ns (message, "x", GLINT_NS_MUC_USER);
  xmpp_stanza_t *invite = user ? xmpp_stanza_get_child_by_name (user, "invite") : NULL;
  const char *from = xmpp_stanza_get_from (message);
  g_autofree char *room = NULL;
  g_autofree char *inviter = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *password = NULL;
  GlintEvent *event;

  if (from == NULL || g_strcmp0 (xmpp_stanza_get_type (message), "error") == 0)
    return FALSE;
  /* A room's own (which may copy itself into a XEP-0249 element, naming
   * the room as who invites) first. */
  if (invite != NULL && strchr (from, '/') == NULL)
    {
      xmpp_stanza_t *secret = xmpp_stanza_get_child_by_name (user, "password");

      room = glint_jid_normalize_bare (from);
      inviter = glint_jid_normalize_bare (xmpp_stanza_get_attribute (invite, "from"));
      reason = clean_text (invite, "reason", GLINT_MAX_STATUS_BYTES, FALSE);
      password = secret ? glint_stanza_text (secret) : NULL;
    }
  else if (direct != NULL)
    {
      room = glint_jid_normalize_bare (xmpp_stanza_get_attribute (direct, "jid"));
      inviter = glint_jid_normalize_bare (from);
      reason = glint_text_sanitize_nonempty (xmpp_stanza_get_attribute (direct, "reason"), GLINT_MAX_STATUS_BYTES,
                                             FALSE);
      password = g_strdup (xmpp_stanza_get_attribute (direct, "password"));
    }
  else
    return FALSE;
  if (room == NULL || inviter == NULL || strchr (room, '@') == NULL || g_strcmp0 (inviter, ctx->account) == 0)
    return FALSE;
  if (password != NULL && (strlen (password) > GLINT_JID_MAX_PART || !g_utf8_validate (password, -1, NULL)))
    g_clear_pointer (&password, g_free);
  event = glint_event_new (GLINT_EVENT_INVITATION, ctx->account);
  event->jid = g_steal_pointer (&room);
  event->inviter = g_steal_pointer (&inviter);
  event->text = g_steal_pointer (&reason);
  event->password = g_steal_pointer (&password);
  g_ptr_array_add (events, event);
  return TRUE;
}

/* A result of our query to @room's archive (XEP-0313): from the room
 * itself, for a query this stream sent it; its archive id is the room's
 * stanza-id and its time the archive's. */
gboolean
glint_stanza_parse_room_archive_result (const GlintStanzaContext *ctx,
                                        GlintStanzaRoom          *room,
                                        xmpp_stanza_t            *stanza,
                                        GPtrArray                *events)
{
  xmpp_stanza_t *result = xmpp_stanza_get_child_by_name_and_ns (stanza, "result", GLINT_NS_MAM);
  xmpp_stanza_t *forwarded = result ? xmpp_stanza_get_child_by_name_and_ns (result, "forwarded", GLINT_NS_FORWARD)
                                    : NULL;
  xmpp_stanza_t *inner = forwarded ? xmpp_stanza_get_child_by_name (forwarded, "message") : NULL;
  g_autofree char *archive_id = result ? glint_stanza_clean_id (xmpp_stanza_get_attribute (result, "id")) : NULL;
  g_autoptr(GPtrArray) found = NULL;

  if (!glint_jid_is_exactly_bare (xmpp_stanza_get_from (stanza), room->jid) || inner == NULL || archive_id == NULL
      || g_strcmp0 (xmpp_stanza_get_type (inner), "groupchat") != 0
      || !glint_jid_bare_equal (xmpp_stanza_get_from (inner), room->jid))
    {
      g_debug ("Ignoring a result of %s's archive", room->jid);
      return FALSE;
    }
  found = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_event_free);
  glint_stanza_parse_groupchat (ctx, room, inner, found);
  return glint_stanza_keep_archived (found, archive_id, room->jid, glint_stanza_delay_ms (ctx, forwarded), events);
}

/* A service's rooms (disco#items): each a room's bare JID and its name,
 * cleaned; at most 5,000. */
GlintEvent *
glint_stanza_parse_room_list (const GlintStanzaContext *ctx,
                              const char               *service,
                              xmpp_stanza_t            *reply,
                              gboolean                  ok)
{
  GlintEvent *event = glint_event_new (GLINT_EVENT_ROOM_LIST, ctx->account);
  xmpp_stanza_t *query = ok && reply ? xmpp_stanza_get_child_by_name_and_ns (reply, "query", GLINT_NS_DISCO_ITEMS)
                                     : NULL;
  g_autoptr(GPtrArray) jids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  event->jid = g_strdup (service);
  if (query == NULL)
    {
      event->condition = g_strdup (glint_stanza_failure (reply));
      return event;
    }
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (query); c && jids->len < 5000; c = xmpp_stanza_get_next (c))
    {
      g_autofree char *jid = NULL;
      char *name;

      if (g_strcmp0 (xmpp_stanza_get_name (c), "item") != 0)
        continue;
      jid = glint_jid_normalize_bare (xmpp_stanza_get_attribute (c, "jid"));
      if (jid == NULL || strchr (jid, '@') == NULL)
        continue;
      name = glint_text_sanitize_nonempty (xmpp_stanza_get_attribute (c, "name"), GLINT_MAX_NAME_BYTES, FALSE);
      g_ptr_array_add (jids, g_steal_pointer (&jid));
      g_ptr_array_add (names, name ? name : g_strdup (""));
    }
  g_ptr_array_add (jids, NULL);
  g_ptr_array_add (names, NULL);
  event->groups = (char **) g_ptr_array_steal (jids, NULL);
  event->names = (char **) g_ptr_array_steal (names, NULL);
  return event;
}

/* Builders */

/* XEP-0249: asks @contact into @room. */
xmpp_stanza_t *
glint_stanza_new_invitation (xmpp_ctx_t *ctx,
                             const char *contact,
                             const char *room,
                             const char *reason,
                             const char *password)
{
  g_autofree char *id = g_uuid_string_random ();
  xmpp_stanza_t *msg = xmpp_message_new (ctx, "normal", contact, id);
  xmpp_stanza_t *x = glint_stanza_new_element (ctx, "x", GLINT_NS_CONFERENCE);

  xmpp_stanza_set_attribute (x, "jid", room);
  if (reason && *reason)
    xmpp_stanza_set_attribute (x, "reason", reason);
  if (password && *password)
    xmpp_stanza_set_attribute (x, "password", password);
  xmpp_stanza_add_child_ex (msg, x, 0);
  return msg;
}

xmpp_stanza_t *
glint_stanza_new_join (xmpp_ctx_t *ctx,
                       const char *room,
                       const char *nick,
                       const char *password,
                       gint64      since_ms,
                       gboolean    no_history)
{
  xmpp_stanza_t *presence = xmpp_presence_new (ctx);
  xmpp_stanza_t *x = glint_stanza_new_element (ctx, "x", GLINT_NS_MUC);
  xmpp_stanza_t *history = glint_stanza_new_element (ctx, "history", NULL);
  g_autofree char *to = g_strconcat (room, "/", nick, NULL);

  xmpp_stanza_set_to (presence, to);
  if (password != NULL && *password != '\0')
    glint_stanza_add_text_child (x, "password", password);
  /* None from a room with an archive (that is read instead); else what
   * came since the newest message stored, or a screenful for a room
   * never joined. */
  if (no_history)
    xmpp_stanza_set_attribute (history, "maxstanzas", "0");
  else if (since_ms > 0)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (since_ms / 1000);
      g_autofree char *stamp = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");

      xmpp_stanza_set_attribute (history, "since", stamp);
    }
  else
    xmpp_stanza_set_attribute (history, "maxstanzas", "50");
  xmpp_stanza_add_child_ex (x, history, 0);
  xmpp_stanza_add_child_ex (presence, x, 0);
  return presence;
}

xmpp_stanza_t *
glint_stanza_new_leave (xmpp_ctx_t *ctx,
                        const char *room,
                        const char *nick)
{
  xmpp_stanza_t *presence = xmpp_presence_new (ctx);
  g_autofree char *to = g_strconcat (room, "/", nick, NULL);

  xmpp_stanza_set_type (presence, "unavailable");
  xmpp_stanza_set_to (presence, to);
  return presence;
}

xmpp_stanza_t *
glint_stanza_new_subject (xmpp_ctx_t *ctx,
                          const char *room,
                          const char *subject)
{
  g_autofree char *id = g_uuid_string_random ();
  xmpp_stanza_t *msg = xmpp_message_new (ctx, "groupchat", room, id);

  glint_stanza_add_text_child (msg, "subject", subject ? subject : "");
  return msg;
}

/* What we say in a room, or to one of its occupants: no receipts or
 * markers asked of a crowd (XEP-0184 section 5.3). */
xmpp_stanza_t *
glint_stanza_new_room_message (xmpp_ctx_t *ctx,
                               const char *to,
                               const char *body,
                               const char *id,
                               const char *replaces,
                               gboolean    to_occupant)
{
  xmpp_stanza_t *msg = xmpp_message_new (ctx, to_occupant ? "chat" : "groupchat", to, id);
  xmpp_stanza_t *origin = glint_stanza_new_element (ctx, "origin-id", GLINT_NS_SID);

  xmpp_message_set_body (msg, body);
  xmpp_stanza_set_attribute (origin, "id", id);
  xmpp_stanza_add_child_ex (msg, origin, 0);
  if (replaces != NULL)
    {
      xmpp_stanza_t *replace = glint_stanza_new_element (ctx, "replace", GLINT_NS_CORRECT);

      xmpp_stanza_set_attribute (replace, "id", replaces);
      xmpp_stanza_add_child_ex (msg, replace, 0);
    }
  if (to_occupant)
    xmpp_stanza_add_child_ex (msg, glint_stanza_new_element (ctx, "x", GLINT_NS_MUC_USER), 0);
  return msg;
}

/* XEP-0410 section 3.2: an answer, or any error from the pinged client
 * (it does not do pings, or its nick just changed), means we are in; a
 * service out of reach or no answer decides nothing; any other error
 * from the room means it no longer has us. */
GlintSelfPing
glint_stanza_self_ping_verdict (xmpp_stanza_t *reply)
{
  const char *condition;

  if (reply == NULL)
    return GLINT_SELF_PING_UNKNOWN;
  if (g_strcmp0 (xmpp_stanza_get_type (reply), "result") == 0)
    return GLINT_SELF_PING_JOINED;
  condition = glint_stanza_error_condition (reply);
  if (g_strcmp0 (condition, "service-unavailable") == 0 || g_strcmp0 (condition, "feature-not-implemented") == 0
      || g_strcmp0 (condition, "item-not-found") == 0)
    return GLINT_SELF_PING_JOINED;
  if (g_strcmp0 (condition, "remote-server-not-found") == 0 || g_strcmp0 (condition, "remote-server-timeout") == 0)
    return GLINT_SELF_PING_UNKNOWN;
  return GLINT_SELF_PING_GONE;
}

/* An owner's or moderator's request to @room: an IQ set whose query in
 * @ns holds @child (taken). */
static xmpp_stanza_t *
room_request (xmpp_ctx_t    *ctx,
              const char    *id,
              const char    *room,
              const char    *ns,
              xmpp_stanza_t *child)
{
  xmpp_stanza_t *iq = glint_stanza_new_iq_query (ctx, "set", id, room, "query", ns);

  xmpp_stanza_add_child_ex (xmpp_stanza_get_children (iq), child, 0);
  return iq;
}

/* XEP-0045 10.1.2 and 10.1.3: a room we just made takes its default
 * settings, named @name when the user gave one, and opens to others. A
 * form that sets only the name leaves the rest as the service has it. */
xmpp_stanza_t *
glint_stanza_new_room_settings (xmpp_ctx_t *ctx,
                                const char *id,
                                const char *room,
                                const char *name)
{
  xmpp_stanza_t *form = glint_stanza_new_element (ctx, "x", "jabber:x:data");

  xmpp_stanza_set_type (form, "submit");
  if (name != NULL && *name != '\0')
    {
      glint_stanza_add_form_field (form, "FORM_TYPE", "hidden", "http://jabber.org/protocol/muc#roomconfig");
      glint_stanza_add_form_field (form, "muc#roomconfig_roomname", NULL, name);
    }
  return room_request (ctx, id, room, GLINT_NS_MUC_OWNER, form);
}

/* XEP-0045 8 and 9: a moderator's change of @target's role (by nick:
 * "none" sends them out) or an admin's of their affiliation (by bare
 * JID: "outcast" bans them). */
xmpp_stanza_t *
glint_stanza_new_moderation (xmpp_ctx_t *ctx,
                             const char *id,
                             const char *room,
                             const char *target,
                             gboolean    affiliation,
                             const char *value,
                             const char *reason)
{
  xmpp_stanza_t *item = glint_stanza_new_element (ctx, "item", NULL);

  xmpp_stanza_set_attribute (item, affiliation ? "jid" : "nick", target);
  xmpp_stanza_set_attribute (item, affiliation ? "affiliation" : "role", value);
  if (reason && *reason)
    glint_stanza_add_text_child (item, "reason", reason);
  return room_request (ctx, id, room, GLINT_NS_MUC_ADMIN, item);
}

/* XEP-0045 10.9: the owner closes the room for good. */
xmpp_stanza_t *
glint_stanza_new_destroy_room (xmpp_ctx_t *ctx,
                               const char *id,
                               const char *room,
                               const char *reason)
{
  xmpp_stanza_t *destroy = glint_stanza_new_element (ctx, "destroy", NULL);

  if (reason && *reason)
    glint_stanza_add_text_child (destroy, "reason", reason);
  return room_request (ctx, id, room, GLINT_NS_MUC_OWNER, destroy);
}

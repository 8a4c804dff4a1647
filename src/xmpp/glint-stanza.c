/* glint-stanza.c
 *
 * Parsing treats every stanza as hostile: it checks who sent it, takes only
 * the elements it knows, and cleans every string before it leaves the worker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-stanza"

#include "config.h"

#include "glint-stanza-private.h"
#include "glint-jid.h"
#include "glint-text.h"

#include <string.h>

#define MAX_ID_BYTES 256
#define MAX_GROUPS 32

static const char * const chat_states[] = { "active", "composing", "paused", "inactive", "gone" };

static char *
stanza_text (xmpp_stanza_t *stanza)
{
  char *text;
  char *copy;

  if (stanza == NULL)
    return NULL;
  text = xmpp_stanza_get_text (stanza);
  copy = g_strdup (text);
  if (text)
    xmpp_free (xmpp_stanza_get_context (stanza), text);
  return copy;
}

char *
glint_stanza_text (xmpp_stanza_t *stanza)
{
  return stanza_text (stanza);
}

static char *
child_text (xmpp_stanza_t *stanza,
            const char    *name)
{
  return stanza_text (xmpp_stanza_get_child_by_name (stanza, name));
}

char *
glint_stanza_clean_id (const char *id)
{
  if (id == NULL || *id == '\0' || strlen (id) > MAX_ID_BYTES || !g_utf8_validate (id, -1, NULL))
    return NULL;
  return glint_text_sanitize (id, MAX_ID_BYTES, FALSE);
}

/* Roster pushes and carbons come from the server on the account's behalf:
 * no from, or exactly the bare JID (RFC 6121 2.1.6, XEP-0280 section 11).
 * Another session of the same account is a resource, and is refused. */
gboolean
glint_stanza_from_is_account (const GlintStanzaContext *ctx,
                              xmpp_stanza_t            *stanza)
{
  const char *from = xmpp_stanza_get_from (stanza);

  return from == NULL || glint_jid_is_exactly_bare (from, ctx->account);
}

/* When @message (or the <forwarded/> holding one) says it was sent: its
 * XEP-0203 delay, never later than now; now if it has none. */
gint64
glint_stanza_delay_ms (const GlintStanzaContext *ctx,
                       xmpp_stanza_t            *message)
{
  xmpp_stanza_t *delay = xmpp_stanza_get_child_by_name_and_ns (message, "delay", GLINT_NS_DELAY);
  const char *stamp = delay ? xmpp_stanza_get_attribute (delay, "stamp") : NULL;
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) utc = NULL;
  gint64 ms;

  if (stamp == NULL)
    return ctx->now_ms;
  utc = g_time_zone_new_utc ();
  dt = g_date_time_new_from_iso8601 (stamp, utc);
  if (dt == NULL)
    return ctx->now_ms;
  ms = g_date_time_to_unix (dt) * 1000 + g_date_time_get_microsecond (dt) / 1000;
  /* A stamp from the future would pin the message to the end of the history. */
  return MIN (ms, ctx->now_ms);
}

/* The stanza-id @by stamped (XEP-0359). Anyone can send one claiming @by,
 * and some servers pass it through beside their own: with more than one
 * for @by, none is trusted. */
char *
glint_stanza_trusted_id (xmpp_stanza_t *message,
                         const char    *by)
{
  xmpp_stanza_t *ours = NULL;
  guint count = 0;

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (message); c; c = xmpp_stanza_get_next (c))
    if (g_strcmp0 (xmpp_stanza_get_name (c), "stanza-id") == 0
        && g_strcmp0 (xmpp_stanza_get_ns (c), GLINT_NS_SID) == 0
        && glint_jid_is_exactly_bare (xmpp_stanza_get_attribute (c, "by"), by))
      {
        ours = c;
        count++;
      }
  if (count > 1)
    g_debug ("A message carries %u stanza-ids by %s; trusting none", count, by);
  return count == 1 ? glint_stanza_clean_id (xmpp_stanza_get_attribute (ours, "id")) : NULL;
}

/* The stanza-id our own archive stamped, when our server stamps them. */
static char *
trusted_stanza_id (const GlintStanzaContext *ctx,
                   xmpp_stanza_t            *message)
{
  return ctx->stanza_ids_trusted ? glint_stanza_trusted_id (message, ctx->account) : NULL;
}

/* The defined condition of the error @stanza carries (RFC 6120 8.3.3),
 * or NULL. */
const char *
glint_stanza_error_condition (xmpp_stanza_t *stanza)
{
  xmpp_stanza_t *error = stanza ? xmpp_stanza_get_child_by_name (stanza, "error") : NULL;
  const char *condition = NULL;

  for (xmpp_stanza_t *c = error ? xmpp_stanza_get_children (error) : NULL; c; c = xmpp_stanza_get_next (c))
    if (xmpp_stanza_is_tag (c) && g_strcmp0 (xmpp_stanza_get_ns (c), GLINT_NS_STANZAS) == 0
        && g_strcmp0 (xmpp_stanza_get_name (c), "text") != 0)
      condition = xmpp_stanza_get_name (c);
  return condition;
}

/* Why a request failed, as a condition: the error's, "undefined-condition"
 * for an error that names none, "remote-server-timeout" for no answer. */
const char *
glint_stanza_failure (xmpp_stanza_t *reply)
{
  const char *condition = reply ? glint_stanza_error_condition (reply) : NULL;

  if (condition)
    return condition;
  return reply ? "undefined-condition" : "remote-server-timeout";
}

static GlintEvent *
parse_error_message (const GlintStanzaContext *ctx,
                     xmpp_stanza_t            *stanza)
{
  GlintEvent *event = glint_event_new (GLINT_EVENT_MESSAGE_ERROR, ctx->account);
  xmpp_stanza_t *error = xmpp_stanza_get_child_by_name (stanza, "error");
  g_autofree char *text = error ? child_text (error, "text") : NULL;
  const char *condition = glint_stanza_error_condition (stanza);

  event->jid = glint_jid_normalize_bare (xmpp_stanza_get_from (stanza));
  event->xmpp_id = glint_stanza_clean_id (xmpp_stanza_get_id (stanza));
  event->text = glint_text_sanitize (text ? text : condition ? condition : "error",
                                     GLINT_MAX_STATUS_BYTES, FALSE);
  return event;
}

static gboolean
parse_message (const GlintStanzaContext *ctx,
               xmpp_stanza_t            *stanza,
               gboolean                  outgoing,
               gboolean                  allow_carbon,
               GPtrArray                *events)
{
  const char *type = xmpp_stanza_get_type (stanza);
  const char *from = xmpp_stanza_get_from (stanza);
  const char *to = xmpp_stanza_get_to (stanza);
  g_autoptr(GlintJid) from_jid = NULL;
  g_autofree char *peer = NULL;
  g_autofree char *raw_body = NULL;
  g_autofree char *body = NULL;
  xmpp_stanza_t *carbon, *state, *receipt, *marker;
  gboolean handled = FALSE;

  if (g_strcmp0 (type, "error") == 0)
    {
      if (from == NULL)
        return FALSE;
      g_ptr_array_add (events, parse_error_message (ctx, stanza));
      return TRUE;
    }
  /* An attention request (XEP-0224) is usually a headline, and means
   * "now": one that waited offline is no request any more. */
  if (!outgoing && from != NULL && xmpp_stanza_get_child_by_name_and_ns (stanza, "attention", GLINT_NS_ATTENTION)
      && xmpp_stanza_get_child_by_name_and_ns (stanza, "delay", GLINT_NS_DELAY) == NULL
      && xmpp_stanza_get_child_by_ns (stanza, GLINT_NS_CARBONS) == NULL)
    {
      g_autoptr(GlintJid) sender = glint_jid_parse (from, NULL);

      if (sender != NULL && sender->local != NULL)
        {
          GlintEvent *event = glint_event_new (GLINT_EVENT_ATTENTION, ctx->account);

          event->jid = glint_jid_to_string (sender);
          g_ptr_array_add (events, event);
          handled = TRUE;
        }
    }
  if (g_strcmp0 (type, "headline") == 0)
    return handled;
  /* Only a room the account is in speaks to everyone; a groupchat
   * message from anyone else, or copied, is no room's. */
  if (g_strcmp0 (type, "groupchat") == 0)
    {
      GlintStanzaRoom *room = glint_stanza_room_of (ctx, from);

      if (room == NULL || outgoing || !allow_carbon)
        {
          g_debug ("Ignoring a groupchat message from %s, no room of ours", from ? from : "(nobody)");
          return FALSE;
        }
      return glint_stanza_parse_groupchat (ctx, room, stanza, events);
    }
  if (type != NULL && strcmp (type, "chat") != 0 && strcmp (type, "normal") != 0)
    return FALSE;

  carbon = xmpp_stanza_get_child_by_ns (stanza, GLINT_NS_CARBONS);
  if (carbon != NULL && g_strcmp0 (xmpp_stanza_get_name (carbon), "private") != 0)
    {
      gboolean sent = g_strcmp0 (xmpp_stanza_get_name (carbon), "sent") == 0;
      xmpp_stanza_t *forwarded, *inner;

      /* Only our own account may hand us copies (XEP-0280 section 11). */
      if (!allow_carbon || !glint_stanza_from_is_account (ctx, stanza))
        {
          g_debug ("Ignoring a carbon from %s", from ? from : "(nobody)");
          return FALSE;
        }
      forwarded = xmpp_stanza_get_child_by_name_and_ns (carbon, "forwarded", GLINT_NS_FORWARD);
      inner = forwarded ? xmpp_stanza_get_child_by_name (forwarded, "message") : NULL;
      if (inner == NULL)
        return FALSE;
      return parse_message (ctx, inner, sent, FALSE, events);
    }

  /* To or from an occupant of a room: a conversation with room/nick. */
  if (glint_stanza_room_of (ctx, outgoing ? to : from) != NULL
      || xmpp_stanza_get_child_by_name_and_ns (stanza, "x", GLINT_NS_MUC_USER) != NULL)
    return glint_stanza_parse_private (ctx, stanza, outgoing, events) || handled;

  from_jid = glint_jid_parse (from ? from : ctx->account, NULL);
  if (from_jid == NULL || from_jid->local == NULL)
    {
      g_debug ("Ignoring a message from an unusable address");
      return FALSE;
    }
  peer = outgoing ? glint_jid_normalize_bare (to) : glint_jid_to_bare_string (from_jid);
  if (peer == NULL || (!outgoing && g_strcmp0 (peer, ctx->account) == 0 && to == NULL))
    return FALSE;

  state = xmpp_stanza_get_child_by_ns (stanza, GLINT_NS_CHATSTATES);
  if (state != NULL && !outgoing)
    for (guint i = 0; i < G_N_ELEMENTS (chat_states); i++)
      if (g_strcmp0 (xmpp_stanza_get_name (state), chat_states[i]) == 0)
        {
          GlintEvent *event = glint_event_new (GLINT_EVENT_CHAT_STATE, ctx->account);
          event->jid = glint_jid_to_string (from_jid);
          event->show = g_strdup (chat_states[i]);
          g_ptr_array_add (events, event);
          handled = TRUE;
        }

  /* XEP-0184: the peer's client has our message @id. Never from a copy of
   * what another of our devices received: it is the peer's word only. */
  receipt = xmpp_stanza_get_child_by_name_and_ns (stanza, "received", GLINT_NS_RECEIPTS);
  if (receipt != NULL && !outgoing && allow_carbon)
    {
      g_autofree char *id = glint_stanza_clean_id (xmpp_stanza_get_attribute (receipt, "id"));

      if (id != NULL)
        {
          GlintEvent *event = glint_event_new (GLINT_EVENT_RECEIPT, ctx->account);

          event->jid = glint_jid_to_string (from_jid);
          event->xmpp_id = g_steal_pointer (&id);
          g_ptr_array_add (events, event);
          handled = TRUE;
        }
    }

  /* XEP-0333: read up to a message. The peer's word about our messages;
   * or, in a copy of what another of our devices sent, the user's own. */
  marker = xmpp_stanza_get_child_by_name_and_ns (stanza, "displayed", GLINT_NS_MARKERS);
  if (marker != NULL)
    {
      g_autofree char *id = glint_stanza_clean_id (xmpp_stanza_get_attribute (marker, "id"));

      if (id != NULL && (!outgoing || peer != NULL))
        {
          GlintEvent *event = glint_event_new (GLINT_EVENT_DISPLAYED, ctx->account);

          event->jid = outgoing ? g_strdup (peer) : glint_jid_to_string (from_jid);
          event->xmpp_id = g_steal_pointer (&id);
          event->ours = outgoing;
          g_ptr_array_add (events, event);
          handled = TRUE;
        }
    }

  /* Cleaned before the emptiness test: a body of stripped characters is none. */
  raw_body = child_text (stanza, "body");
  body = glint_text_sanitize_nonempty (raw_body, GLINT_MAX_BODY_BYTES, TRUE);
  if (body != NULL)
    {
      GlintEvent *event = glint_event_new (GLINT_EVENT_MESSAGE, ctx->account);
      GlintMessage *msg = glint_message_new ();
      xmpp_stanza_t *origin = xmpp_stanza_get_child_by_name_and_ns (stanza, "origin-id", GLINT_NS_SID);
      xmpp_stanza_t *replace = xmpp_stanza_get_child_by_name_and_ns (stanza, "replace", GLINT_NS_CORRECT);

      msg->account = g_strdup (ctx->account);
      msg->peer = g_steal_pointer (&peer);
      msg->sender = outgoing ? g_strdup (ctx->account) : glint_jid_to_string (from_jid);
      msg->direction = outgoing ? GLINT_DIRECTION_OUT : GLINT_DIRECTION_IN;
      msg->time_ms = glint_stanza_delay_ms (ctx, stanza);
      msg->body = g_steal_pointer (&body);
      msg->xmpp_id = glint_stanza_clean_id (xmpp_stanza_get_id (stanza));
      msg->origin_id = origin ? glint_stanza_clean_id (xmpp_stanza_get_attribute (origin, "id")) : NULL;
      msg->stanza_id = outgoing ? NULL : trusted_stanza_id (ctx, stanza);
      msg->stanza_id_by = msg->stanza_id ? g_strdup (ctx->account) : NULL;
      msg->state = outgoing ? GLINT_MESSAGE_SENT : GLINT_MESSAGE_INCOMING;
      /* XEP-0308: which message this corrects; the session checks it is
       * the same sender's. */
      msg->replaces_id = replace ? glint_stanza_clean_id (xmpp_stanza_get_attribute (replace, "id")) : NULL;
      msg->markable = !outgoing && xmpp_stanza_get_child_by_name_and_ns (stanza, "markable", GLINT_NS_MARKERS) != NULL;
      event->message = msg;
      /* Answered by the session, which knows whether the sender may learn
       * that we are here; only live messages, never copies or archives. */
      event->receipt_requested = !outgoing && allow_carbon && msg->xmpp_id != NULL
                                 && xmpp_stanza_get_child_by_name_and_ns (stanza, "request", GLINT_NS_RECEIPTS) != NULL;
      g_ptr_array_add (events, event);
      handled = TRUE;
    }
  return handled;
}

static gboolean
parse_presence (const GlintStanzaContext *ctx,
                xmpp_stanza_t            *stanza,
                GPtrArray                *events)
{
  const char *type = xmpp_stanza_get_type (stanza);
  GlintStanzaRoom *room = glint_stanza_room_of (ctx, xmpp_stanza_get_from (stanza));
  g_autoptr(GlintJid) from = NULL;
  GlintEvent *event;

  /* Occupants of a room the account is in are the room's business. */
  if (room != NULL)
    return glint_stanza_parse_occupant (ctx, room, stanza, events);
  from = glint_jid_parse (xmpp_stanza_get_from (stanza), NULL);
  if (from == NULL || from->local == NULL)
    return FALSE;

  if (type != NULL && (strcmp (type, "subscribe") == 0 || strcmp (type, "subscribed") == 0
                       || strcmp (type, "unsubscribe") == 0 || strcmp (type, "unsubscribed") == 0))
    {
      event = glint_event_new (GLINT_EVENT_SUBSCRIPTION, ctx->account);
      event->jid = glint_jid_to_bare_string (from);
      event->subscription = g_strdup (type);
      if (g_strcmp0 (event->jid, ctx->account) == 0)
        {
          glint_event_free (event);
          return FALSE;
        }
      g_ptr_array_add (events, event);
      return TRUE;
    }
  if (type != NULL && strcmp (type, "unavailable") != 0)
    return FALSE;

  event = glint_event_new (GLINT_EVENT_PRESENCE, ctx->account);
  event->jid = glint_jid_to_string (from);
  event->available = type == NULL;
  if (event->available)
    {
      g_autofree char *show = child_text (stanza, "show");
      g_autofree char *priority = child_text (stanza, "priority");

      if (show && (strcmp (show, "away") == 0 || strcmp (show, "xa") == 0
                   || strcmp (show, "dnd") == 0 || strcmp (show, "chat") == 0))
        event->show = g_strdup (show);
      event->priority = priority ? CLAMP (atoi (priority), -128, 127) : 0;
    }
  {
    g_autofree char *status = child_text (stanza, "status");
    event->text = glint_text_sanitize_nonempty (status, GLINT_MAX_STATUS_BYTES, FALSE);
  }
  g_ptr_array_add (events, event);
  return TRUE;
}

void
glint_stanza_parse_roster (const GlintStanzaContext *ctx,
                           xmpp_stanza_t            *query,
                           GPtrArray                *events)
{
  for (xmpp_stanza_t *item = xmpp_stanza_get_children (query); item; item = xmpp_stanza_get_next (item))
    {
      g_autofree char *jid = NULL;
      g_autoptr(GPtrArray) groups = NULL;
      const char *name, *subscription;
      GlintEvent *event;

      if (g_strcmp0 (xmpp_stanza_get_name (item), "item") != 0)
        continue;
      jid = glint_jid_normalize_bare (xmpp_stanza_get_attribute (item, "jid"));
      if (jid == NULL)
        continue;

      name = xmpp_stanza_get_attribute (item, "name");
      subscription = xmpp_stanza_get_attribute (item, "subscription");
      groups = g_ptr_array_new ();
      for (xmpp_stanza_t *g = xmpp_stanza_get_children (item); g && groups->len < MAX_GROUPS;
           g = xmpp_stanza_get_next (g))
        if (g_strcmp0 (xmpp_stanza_get_name (g), "group") == 0)
          {
            g_autofree char *text = stanza_text (g);
            char *clean = glint_text_sanitize_nonempty (text, GLINT_MAX_NAME_BYTES, FALSE);
            if (clean)
              g_ptr_array_add (groups, clean);
          }
      g_ptr_array_add (groups, NULL);

      event = glint_event_new (GLINT_EVENT_ROSTER_ITEM, ctx->account);
      event->jid = g_steal_pointer (&jid);
      event->name = glint_text_sanitize_nonempty (name, GLINT_MAX_NAME_BYTES, FALSE);
      event->groups = (char **) g_ptr_array_free (g_steal_pointer (&groups), FALSE);
      event->removed = g_strcmp0 (subscription, "remove") == 0;
      if (subscription && (strcmp (subscription, "none") == 0 || strcmp (subscription, "to") == 0
                           || strcmp (subscription, "from") == 0 || strcmp (subscription, "both") == 0))
        event->subscription = g_strdup (subscription);
      else
        event->subscription = g_strdup ("none");
      event->ask = g_strcmp0 (xmpp_stanza_get_attribute (item, "ask"), "subscribe") == 0;
      g_ptr_array_add (events, event);
    }
}

/* A message forwarded inside a result of ours (XEP-0297): never live, so
 * it asks nothing of us (no receipt) and carries no carbons. */
gboolean
glint_stanza_parse_forwarded (const GlintStanzaContext *ctx,
                              xmpp_stanza_t            *message,
                              gboolean                  outgoing,
                              GPtrArray                *events)
{
  return parse_message (ctx, message, outgoing, FALSE, events);
}

gboolean
glint_stanza_parse (const GlintStanzaContext *ctx,
                    xmpp_stanza_t            *stanza,
                    GPtrArray                *events)
{
  const char *name = xmpp_stanza_get_name (stanza);

  if (g_strcmp0 (name, "message") == 0
      && xmpp_stanza_get_child_by_name_and_ns (stanza, "event", GLINT_NS_PUBSUB_EVENT) != NULL)
    return glint_stanza_parse_pep_event (ctx, stanza, events);
  if (g_strcmp0 (name, "message") == 0 && glint_stanza_is_invitation (stanza))
    return glint_stanza_parse_invitation (ctx, stanza, events);
  if (g_strcmp0 (name, "message") == 0)
    return parse_message (ctx, stanza, FALSE, TRUE, events);
  if (g_strcmp0 (name, "presence") == 0)
    return parse_presence (ctx, stanza, events);
  if (g_strcmp0 (name, "iq") == 0 && g_strcmp0 (xmpp_stanza_get_type (stanza), "set") == 0)
    {
      xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns (stanza, "query", GLINT_NS_ROSTER);

      /* Roster pushes come only from our own account (RFC 6121 2.1.6). */
      if (query == NULL || !glint_stanza_from_is_account (ctx, stanza))
        {
          g_debug ("Ignoring a roster push from %s", xmpp_stanza_get_from (stanza));
          return FALSE;
        }
      glint_stanza_parse_roster (ctx, query, events);
      return TRUE;
    }
  return FALSE;
}

/* Builders */

xmpp_stanza_t *
glint_stanza_new_element (xmpp_ctx_t *ctx,
                          const char *name,
                          const char *ns)
{
  xmpp_stanza_t *stanza = xmpp_stanza_new (ctx);

  xmpp_stanza_set_name (stanza, name);
  if (ns)
    xmpp_stanza_set_ns (stanza, ns);
  return stanza;
}

void
glint_stanza_add_text_child (xmpp_stanza_t *parent,
                             const char    *name,
                             const char    *text)
{
  xmpp_ctx_t *ctx = xmpp_stanza_get_context (parent);
  xmpp_stanza_t *child = glint_stanza_new_element (ctx, name, NULL);
  xmpp_stanza_t *t = xmpp_stanza_new (ctx);

  xmpp_stanza_set_text (t, text);
  xmpp_stanza_add_child_ex (child, t, 0);
  xmpp_stanza_add_child_ex (parent, child, 0);
}

/* One field of a submitted data form (XEP-0004); @type NULL for none. */
void
glint_stanza_add_form_field (xmpp_stanza_t *form,
                             const char    *var,
                             const char    *type,
                             const char    *value)
{
  xmpp_stanza_t *field = glint_stanza_new_element (xmpp_stanza_get_context (form), "field", NULL);

  xmpp_stanza_set_attribute (field, "var", var);
  if (type)
    xmpp_stanza_set_attribute (field, "type", type);
  glint_stanza_add_text_child (field, "value", value);
  xmpp_stanza_add_child_ex (form, field, 0);
}

static void
add_empty_child (xmpp_stanza_t *parent,
                 const char    *name,
                 const char    *ns)
{
  xmpp_stanza_add_child_ex (parent, glint_stanza_new_element (xmpp_stanza_get_context (parent), name, ns), 0);
}

xmpp_stanza_t *
glint_stanza_new_message (xmpp_ctx_t *ctx,
                          const char *to,
                          const char *body,
                          const char *id)
{
  xmpp_stanza_t *msg = xmpp_message_new (ctx, "chat", to, id);
  xmpp_stanza_t *origin = glint_stanza_new_element (ctx, "origin-id", GLINT_NS_SID);

  xmpp_message_set_body (msg, body);
  xmpp_stanza_set_attribute (origin, "id", id);
  xmpp_stanza_add_child_ex (msg, origin, 0);
  add_empty_child (msg, "active", GLINT_NS_CHATSTATES);
  /* XEP-0184: the peer's client says when it has the message; XEP-0333:
   * and when it was read. */
  add_empty_child (msg, "request", GLINT_NS_RECEIPTS);
  add_empty_child (msg, "markable", GLINT_NS_MARKERS);
  return msg;
}

/* A message to @to, of its own id, that says something of @to's message
 * @id (an empty <@element id=@id/> of @ns), kept by the server for the
 * other devices and the archive. */
static xmpp_stanza_t *
new_reference (xmpp_ctx_t *ctx,
               const char *to,
               const char *element,
               const char *ns,
               const char *id)
{
  g_autofree char *own_id = g_uuid_string_random ();
  xmpp_stanza_t *msg = xmpp_message_new (ctx, "chat", to, own_id);
  xmpp_stanza_t *child = glint_stanza_new_element (ctx, element, ns);

  xmpp_stanza_set_attribute (child, "id", id);
  xmpp_stanza_add_child_ex (msg, child, 0);
  add_empty_child (msg, "store", "urn:xmpp:hints");
  return msg;
}

/* XEP-0333: the user has read @to's messages up to @id. */
xmpp_stanza_t *
glint_stanza_new_displayed (xmpp_ctx_t *ctx,
                            const char *to,
                            const char *id)
{
  return new_reference (ctx, to, "displayed", GLINT_NS_MARKERS, id);
}

/* XEP-0308: @body in place of our message @replaces, sent as @id. */
xmpp_stanza_t *
glint_stanza_new_correction (xmpp_ctx_t *ctx,
                             const char *to,
                             const char *body,
                             const char *id,
                             const char *replaces)
{
  xmpp_stanza_t *msg = glint_stanza_new_message (ctx, to, body, id);
  xmpp_stanza_t *replace = glint_stanza_new_element (ctx, "replace", GLINT_NS_CORRECT);

  xmpp_stanza_set_attribute (replace, "id", replaces);
  xmpp_stanza_add_child_ex (msg, replace, 0);
  return msg;
}

/* XEP-0077 section 3.3: our account's new password, to our server. */
xmpp_stanza_t *
glint_stanza_new_password_change (xmpp_ctx_t *ctx,
                                  const char *id,
                                  const char *domain,
                                  const char *username,
                                  const char *password)
{
  xmpp_stanza_t *iq = xmpp_iq_new (ctx, "set", id);
  xmpp_stanza_t *query = glint_stanza_new_element (ctx, "query", GLINT_NS_REGISTER);

  xmpp_stanza_set_to (iq, domain);
  glint_stanza_add_text_child (query, "username", username);
  glint_stanza_add_text_child (query, "password", password);
  xmpp_stanza_add_child_ex (iq, query, 0);
  return iq;
}

/* XEP-0184: tells @to that its message @id arrived. */
xmpp_stanza_t *
glint_stanza_new_receipt (xmpp_ctx_t *ctx,
                          const char *to,
                          const char *id)
{
  return new_reference (ctx, to, "received", GLINT_NS_RECEIPTS, id);
}

xmpp_stanza_t *
glint_stanza_new_chat_state (xmpp_ctx_t *ctx,
                             const char *to,
                             const char *state)
{
  g_autofree char *id = g_uuid_string_random ();
  xmpp_stanza_t *msg = xmpp_message_new (ctx, "chat", to, id);

  add_empty_child (msg, state, GLINT_NS_CHATSTATES);
  add_empty_child (msg, "no-store", "urn:xmpp:hints");
  return msg;
}

/* What Glint is and can do, for disco#info and entity capabilities
 * (XEP-0115): features in the byte order the hash wants. */
#define IDENTITY_CATEGORY "client"
#define IDENTITY_TYPE     "pc"
#define IDENTITY_NAME     "Glint"

/* In byte order, as XEP-0115 hashes them. */
static const char * const features[] = {
  GLINT_NS_CAPS, GLINT_NS_CHATSTATES, GLINT_NS_DISCO_INFO, GLINT_NS_MUC, GLINT_NS_LAST, GLINT_NS_VERSION,
  GLINT_NS_CONFERENCE, GLINT_NS_ATTENTION, GLINT_NS_BOOKMARKS "+notify", GLINT_NS_MARKERS, GLINT_NS_CORRECT,
  GLINT_NS_PING, GLINT_NS_RECEIPTS, GLINT_NS_SID,
};

/* The version and the idle time are told only when the account allows. */
static gboolean
feature_offered (const char   *feature,
                 GlintSharing  sharing)
{
  if (strcmp (feature, GLINT_NS_VERSION) == 0)
    return (sharing & GLINT_SHARE_VERSION) != 0;
  if (strcmp (feature, GLINT_NS_LAST) == 0)
    return (sharing & GLINT_SHARE_IDLE) != 0;
  return TRUE;
}

/* The verification string of XEP-0115 section 5.1: identities and
 * features, each followed by '<', hashed with SHA-1, in base64. */
char *
glint_stanza_caps_ver (GlintSharing sharing)
{
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  g_autoptr(GString) s = g_string_new (IDENTITY_CATEGORY "/" IDENTITY_TYPE "//" IDENTITY_NAME "<");
  guint8 digest[20];
  gsize len = sizeof digest;

  for (guint i = 0; i < G_N_ELEMENTS (features); i++)
    if (feature_offered (features[i], sharing))
      g_string_append_printf (s, "%s<", features[i]);
  g_checksum_update (sha1, (const guchar *) s->str, s->len);
  g_checksum_get_digest (sha1, digest, &len);
  return g_base64_encode (digest, len);
}

xmpp_stanza_t *
glint_stanza_new_presence (xmpp_ctx_t *ctx,
                           const char *show,
                           const char  *status,
                           GlintSharing sharing)
{
  xmpp_stanza_t *presence = xmpp_presence_new (ctx);
  xmpp_stanza_t *caps = glint_stanza_new_element (ctx, "c", GLINT_NS_CAPS);
  g_autofree char *ver = glint_stanza_caps_ver (sharing);

  if (show && *show)
    glint_stanza_add_text_child (presence, "show", show);
  if (status && *status)
    glint_stanza_add_text_child (presence, "status", status);
  xmpp_stanza_set_attribute (caps, "hash", "sha-1");
  xmpp_stanza_set_attribute (caps, "node", GLINT_CAPS_NODE);
  xmpp_stanza_set_attribute (caps, "ver", ver);
  xmpp_stanza_add_child_ex (presence, caps, 0);
  return presence;
}

/* XEP-0319: the user has been idle since @since_ms. */
void
glint_stanza_add_idle (xmpp_stanza_t *presence,
                       gint64         since_ms)
{
  xmpp_ctx_t *ctx = xmpp_stanza_get_context (presence);
  xmpp_stanza_t *idle = glint_stanza_new_element (ctx, "idle", "urn:xmpp:idle:1");
  g_autoptr(GDateTime) since = g_date_time_new_from_unix_utc (since_ms / 1000);
  g_autofree char *stamp = g_date_time_format (since, "%Y-%m-%dT%H:%M:%SZ");

  xmpp_stanza_set_attribute (idle, "since", stamp);
  xmpp_stanza_add_child_ex (presence, idle, 0);
}

/* The answer to a disco#info query: the query's node is echoed when it
 * names our capabilities (node#ver), as XEP-0115 asks. */
xmpp_stanza_t *
glint_stanza_new_disco_reply (xmpp_ctx_t    *ctx,
                              xmpp_stanza_t *request,
                              GlintSharing   sharing)
{
  xmpp_stanza_t *reply = glint_stanza_new_iq_query (ctx, "result", xmpp_stanza_get_id (request),
                                                    xmpp_stanza_get_from (request), "query",
                                                    GLINT_NS_DISCO_INFO);
  xmpp_stanza_t *query = xmpp_stanza_get_children (reply);
  xmpp_stanza_t *asked = xmpp_stanza_get_child_by_name_and_ns (request, "query", GLINT_NS_DISCO_INFO);
  const char *node = asked ? xmpp_stanza_get_attribute (asked, "node") : NULL;
  g_autofree char *ver = glint_stanza_caps_ver (sharing);
  g_autofree char *ours = g_strconcat (GLINT_CAPS_NODE "#", ver, NULL);
  xmpp_stanza_t *identity = glint_stanza_new_element (ctx, "identity", NULL);

  if (node && strcmp (node, ours) == 0)
    xmpp_stanza_set_attribute (query, "node", node);
  xmpp_stanza_set_attribute (identity, "category", IDENTITY_CATEGORY);
  xmpp_stanza_set_attribute (identity, "type", IDENTITY_TYPE);
  xmpp_stanza_set_attribute (identity, "name", IDENTITY_NAME);
  xmpp_stanza_add_child_ex (query, identity, 0);
  for (guint i = 0; i < G_N_ELEMENTS (features); i++)
    if (feature_offered (features[i], sharing))
      {
        xmpp_stanza_t *feature = glint_stanza_new_element (ctx, "feature", NULL);

        xmpp_stanza_set_attribute (feature, "var", features[i]);
        xmpp_stanza_add_child_ex (query, feature, 0);
      }
  return reply;
}

/* XEP-0191: asks our server to drop everything from @jid. */
xmpp_stanza_t *
glint_stanza_new_block (xmpp_ctx_t *ctx,
                        const char *id,
                        const char *jid)
{
  xmpp_stanza_t *iq = xmpp_iq_new (ctx, "set", id);
  xmpp_stanza_t *block = glint_stanza_new_element (ctx, "block", GLINT_NS_BLOCKING);
  xmpp_stanza_t *item = glint_stanza_new_element (ctx, "item", NULL);

  xmpp_stanza_set_attribute (item, "jid", jid);
  xmpp_stanza_add_child_ex (block, item, 0);
  xmpp_stanza_add_child_ex (iq, block, 0);
  return iq;
}

/* XEP-0092, sent only when the user allows it. */
xmpp_stanza_t *
glint_stanza_new_version_reply (xmpp_ctx_t    *ctx,
                                xmpp_stanza_t *request)
{
  xmpp_stanza_t *reply = glint_stanza_new_iq_query (ctx, "result", xmpp_stanza_get_id (request),
                                                    xmpp_stanza_get_from (request), "query",
                                                    GLINT_NS_VERSION);
  xmpp_stanza_t *query = xmpp_stanza_get_children (reply);

  glint_stanza_add_text_child (query, "name", IDENTITY_NAME);
  glint_stanza_add_text_child (query, "version", PACKAGE_VERSION);
  return reply;
}

/* XEP-0012 to a full JID: seconds since the user last did something. */
xmpp_stanza_t *
glint_stanza_new_last_reply (xmpp_ctx_t    *ctx,
                             xmpp_stanza_t *request,
                             gint64         idle_s)
{
  xmpp_stanza_t *reply = glint_stanza_new_iq_query (ctx, "result", xmpp_stanza_get_id (request),
                                                    xmpp_stanza_get_from (request), "query", GLINT_NS_LAST);
  g_autofree char *seconds = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (idle_s, 0));

  xmpp_stanza_set_attribute (xmpp_stanza_get_children (reply), "seconds", seconds);
  return reply;
}

xmpp_stanza_t *
glint_stanza_new_subscription (xmpp_ctx_t *ctx,
                               const char *to,
                               const char *type)
{
  xmpp_stanza_t *presence = xmpp_presence_new (ctx);

  xmpp_stanza_set_to (presence, to);
  xmpp_stanza_set_type (presence, type);
  return presence;
}

xmpp_stanza_t *
glint_stanza_new_iq_query (xmpp_ctx_t *ctx,
                           const char *type,
                           const char *id,
                           const char *to,
                           const char *element,
                           const char *ns)
{
  xmpp_stanza_t *iq = xmpp_iq_new (ctx, type, id);

  if (to)
    xmpp_stanza_set_to (iq, to);
  if (element)
    add_empty_child (iq, element, ns);
  return iq;
}

xmpp_stanza_t *
glint_stanza_new_roster_set (xmpp_ctx_t  *ctx,
                             const char  *id,
                             const char  *jid,
                             const char  *name,
                             char       **groups,
                             gboolean     remove)
{
  xmpp_stanza_t *iq = xmpp_iq_new (ctx, "set", id);
  xmpp_stanza_t *query = glint_stanza_new_element (ctx, "query", GLINT_NS_ROSTER);
  xmpp_stanza_t *item = glint_stanza_new_element (ctx, "item", NULL);

  xmpp_stanza_set_attribute (item, "jid", jid);
  if (remove)
    xmpp_stanza_set_attribute (item, "subscription", "remove");
  else
    {
      if (name && *name)
        xmpp_stanza_set_attribute (item, "name", name);
      for (guint i = 0; groups && groups[i]; i++)
        if (*groups[i])
          glint_stanza_add_text_child (item, "group", groups[i]);
    }
  xmpp_stanza_add_child_ex (query, item, 0);
  xmpp_stanza_add_child_ex (iq, query, 0);
  return iq;
}

/* The error reply RFC 6120 asks for, e.g. to an IQ we do not handle. */
xmpp_stanza_t *
glint_stanza_new_error_reply (xmpp_ctx_t    *ctx,
                              xmpp_stanza_t *request,
                              const char    *type,
                              const char    *condition)
{
  xmpp_stanza_t *reply = xmpp_stanza_new (ctx);
  xmpp_stanza_t *error = glint_stanza_new_element (ctx, "error", NULL);

  xmpp_stanza_set_name (reply, xmpp_stanza_get_name (request));
  xmpp_stanza_set_type (reply, "error");
  if (xmpp_stanza_get_id (request))
    xmpp_stanza_set_id (reply, xmpp_stanza_get_id (request));
  if (xmpp_stanza_get_from (request))
    xmpp_stanza_set_to (reply, xmpp_stanza_get_from (request));
  xmpp_stanza_set_type (error, type);
  add_empty_child (error, condition, GLINT_NS_STANZAS);
  xmpp_stanza_add_child_ex (reply, error, 0);
  return reply;
}

/* The name of the first identity of @category in a disco#info answer, as
 * given (the caller sanitises it), or NULL. */
const char *
glint_stanza_identity_name (xmpp_stanza_t *query,
                            const char    *category)
{
  for (xmpp_stanza_t *c = query ? xmpp_stanza_get_children (query) : NULL; c; c = xmpp_stanza_get_next (c))
    if (g_strcmp0 (xmpp_stanza_get_name (c), "identity") == 0
        && g_strcmp0 (xmpp_stanza_get_attribute (c, "category"), category) == 0)
      return xmpp_stanza_get_attribute (c, "name");
  return NULL;
}

gboolean
glint_stanza_has_feature (xmpp_stanza_t *query,
                          const char    *feature)
{
  for (xmpp_stanza_t *c = query ? xmpp_stanza_get_children (query) : NULL; c; c = xmpp_stanza_get_next (c))
    if (g_strcmp0 (xmpp_stanza_get_name (c), "feature") == 0
        && g_strcmp0 (xmpp_stanza_get_attribute (c, "var"), feature) == 0)
      return TRUE;
  return FALSE;
}

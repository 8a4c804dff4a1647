/* glint-worker-handlers.c: what a link does with stanzas once its stream is up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-worker"

#include "glint-worker-private.h"
#include "glint-jid.h"
#include "glint-reconnect.h"
#include "glint-stanza-private.h"
#include "glint-text.h"

#include <string.h>
#include <sys/socket.h>

static void send_ack_request (GlintLink *self);

void
glint_pending_iq_free (gpointer data)
{
  PendingIq *iq = data;

  g_free (iq->id);
  g_free (iq->to);
  g_free (iq);
}

GlintStanzaContext
glint_link_stanza_context (GlintLink *self)
{
  GlintStanzaContext ctx = {
    .account = self->account->jid,
    .stanza_ids_trusted = self->stanza_ids_trusted,
    .rooms = self->rooms,
    .now_ms = g_get_real_time () / 1000,
  };
  return ctx;
}

/* Sends @iq (which must carry an id), remembers who must answer it and
 * what to do with the answer; @func may be NULL. */
void
glint_link_send_iq (GlintLink        *self,
                    xmpp_stanza_t    *iq,
                    GlintIqReplyFunc  func,
                    const char       *to)
{
  PendingIq *pending = g_new0 (PendingIq, 1);

  pending->func = func;
  pending->id = g_strdup (xmpp_stanza_get_id (iq));
  pending->to = g_strdup (to ? to : self->account->jid);
  pending->deadline_us = g_get_monotonic_time () + GLINT_IQ_TIMEOUT_US;
  g_hash_table_insert (self->pending, g_strdup (xmpp_stanza_get_id (iq)), pending);
  xmpp_send (self->conn, iq);
  xmpp_stanza_release (iq);
}

static void
send_query (GlintLink        *self,
            GlintIqReplyFunc  func,
            const char       *type,
            const char       *to,
            const char       *element,
            const char       *ns)
{
  g_autofree char *id = g_uuid_string_random ();

  glint_link_send_iq (self, glint_stanza_new_iq_query (self->ctx, type, id, to, element, ns), func, to);
}

void
glint_link_send_presence (GlintLink *self)
{
  gboolean want_invisible = g_strcmp0 (self->show, "invisible") == 0;
  GlintEvent *event;

  /* A status meant to hide us never goes out as one that shows us, even
   * before the server said whether it can hide us. */
  if (want_invisible && !self->invisible_supported)
    {
      g_debug ("Not sending presence: this server cannot make us invisible");
      return;
    }
  if (want_invisible != self->invisible && self->invisible_supported)
    {
      send_query (self, NULL, "set", NULL, want_invisible ? "invisible" : "visible",
                  GLINT_NS_INVISIBLE);
      self->invisible = want_invisible;
    }
  if (!self->invisible)
    {
      xmpp_stanza_t *presence = glint_stanza_new_presence (self->ctx, self->show, self->status,
                                                           glint_account_get_sharing (self->account));

      if (self->idle_since_ms > 0)
        glint_stanza_add_idle (presence, self->idle_since_ms);
      xmpp_send (self->conn, presence);
      xmpp_stanza_release (presence);
      glint_link_send_room_presence (self);
    }
  event = glint_event_new (GLINT_EVENT_OWN_PRESENCE, self->account->jid);
  event->show = g_strdup (self->invisible ? "invisible" : self->show);
  event->text = g_strdup (self->status);
  glint_link_post (self, event);
}

/* Every event of @events, in order; the array is left holding NULLs. */
void
glint_link_post_all (GlintLink *self,
                     GPtrArray *events)
{
  for (guint i = 0; i < events->len; i++)
    glint_link_post (self, g_steal_pointer (&events->pdata[i]));
}

static void
on_roster (GlintLink     *self,
           xmpp_stanza_t *reply,
           gboolean       ok,
           const char    *id)
{
  GlintStanzaContext ctx = glint_link_stanza_context (self);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_event_free);
  xmpp_stanza_t *query = reply ? xmpp_stanza_get_child_by_name_and_ns (reply, "query", GLINT_NS_ROSTER) : NULL;

  if (ok && query)
    glint_stanza_parse_roster (&ctx, query, events);
  g_ptr_array_add (events, glint_event_new (GLINT_EVENT_ROSTER_LOADED, self->account->jid));
  glint_link_post_all (self, events);
  /* RFC 6121: ask for the roster before sending initial presence. */
  glint_link_send_presence (self);
}

static void
post_features (GlintLink *self)
{
  GlintEvent *event = glint_event_new (GLINT_EVENT_FEATURES, self->account->jid);

  event->stanza_ids_trusted = self->stanza_ids_trusted;
  event->invisible_supported = self->invisible_supported;
  event->stream_management = self->sm_enabled;
  event->archive_supported = self->archive_supported;
  event->archive_known = self->account_features_known;
  glint_link_post (self, event);
}

static xmpp_stanza_t *
disco_query (xmpp_stanza_t *reply,
             gboolean       ok)
{
  return ok && reply ? xmpp_stanza_get_child_by_name_and_ns (reply, "query", GLINT_NS_DISCO_INFO) : NULL;
}

static void
on_account_disco (GlintLink     *self,
                  xmpp_stanza_t *reply,
                  gboolean       ok,
                  const char    *id)
{
  xmpp_stanza_t *query = disco_query (reply, ok);

  self->account_features_known = TRUE;
  if (query != NULL)
    {
      self->archive_supported = glint_stanza_has_feature (query, GLINT_NS_MAM);
      self->stanza_ids_trusted = glint_stanza_has_feature (query, GLINT_NS_SID) || self->archive_supported;
    }
  post_features (self);
  /* XEP-0402 only where the server keeps the old store in step: other
   * clients may still read that one. */
  glint_link_fetch_bookmarks (self, query != NULL && glint_stanza_has_feature (query, GLINT_NS_BOOKMARKS_COMPAT));
}

static void
on_carbons_enabled (GlintLink     *self,
                    xmpp_stanza_t *reply,
                    gboolean       ok,
                    const char    *id)
{
  if (!ok)
    g_debug ("The server would not send copies of other devices' messages");
}

static void
on_server_disco (GlintLink     *self,
                 xmpp_stanza_t *reply,
                 gboolean       ok,
                 const char    *id)
{
  xmpp_stanza_t *query = disco_query (reply, ok);

  if (query == NULL)
    return;
  self->invisible_supported = glint_stanza_has_feature (query, GLINT_NS_INVISIBLE);
  /* Logging in invisible waited for this answer: hide now, or, where the
   * server cannot, leave rather than show the user. */
  if (g_strcmp0 (self->show, "invisible") == 0)
    {
      if (!self->invisible_supported)
        {
          glint_link_stop (self, GLINT_ERROR_CANNOT_HIDE);
          return;
        }
      if (!self->invisible)
        glint_link_send_presence (self);
    }
  /* XEP-0280: what the user's other devices send and receive comes here
   * too (the parser accepts copies only from our own account). */
  if (glint_stanza_has_feature (query, GLINT_NS_CARBONS))
    send_query (self, on_carbons_enabled, "set", NULL, "enable", GLINT_NS_CARBONS);
  post_features (self);
}

static void
on_roster_set (GlintLink     *self,
               xmpp_stanza_t *reply,
               gboolean       ok,
               const char    *id)
{
  if (!ok)
    g_debug ("The server refused a roster change");
}

void
glint_link_on_connected (GlintLink *self)
{
  self->invisible = FALSE;
  self->account_features_known = FALSE;
  self->archive_supported = FALSE;
  if (self->active_at_us == 0)
    self->active_at_us = g_get_monotonic_time ();
  self->ping_at_us = g_get_monotonic_time () + GLINT_PING_INTERVAL_US;
  /* A new stream: what the last one had not seen acknowledged is sent
   * again from the session's outbox, each once. */
  g_array_set_size (self->unacked, 0);
  /* A new stream is in no room until the session joins them again. */
  g_hash_table_remove_all (self->rooms);
  glint_link_post_connection (self, GLINT_CONNECTION_CONNECTED, GLINT_ERROR_NONE);
  send_query (self, on_roster, "get", NULL, "query", GLINT_NS_ROSTER);
  send_query (self, on_account_disco, "get", self->account->jid, "query", GLINT_NS_DISCO_INFO);
  send_query (self, on_server_disco, "get", self->domain, "query", GLINT_NS_DISCO_INFO);
}

/* Whether the server still owes us the roster, the largest stanza a stream
 * carries: its request is pending until the answer has been handled. */
gboolean
glint_link_roster_owed (GlintLink *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((PendingIq *) value)->func == on_roster)
      return TRUE;
  return FALSE;
}

static void
on_blocked (GlintLink     *self,
            xmpp_stanza_t *reply,
            gboolean       ok,
            const char    *id)
{
  if (!ok)
    g_debug ("The server did not block a contact");
}

void
glint_link_send_block (GlintLink  *self,
                       const char *jid)
{
  g_autofree char *id = g_uuid_string_random ();

  glint_link_send_iq (self, glint_stanza_new_block (self->ctx, id, jid), on_blocked, NULL);
}

/* Sends a roster change; the server's push tells the result. */
void
glint_link_send_roster_set (GlintLink    *self,
                            GlintCommand *cmd)
{
  g_autofree char *id = g_uuid_string_random ();

  glint_link_send_iq (self,
                      glint_stanza_new_roster_set (self->ctx, id, cmd->jid, cmd->name, cmd->groups,
                                                   cmd->type == GLINT_COMMAND_ROSTER_REMOVE),
                      on_roster_set, NULL);
}

/* Pings our server; no answer by the deadline means the stream is dead. */
static void
ping_server (GlintLink        *self,
             GlintIqReplyFunc  func)
{
  g_autofree char *id = g_uuid_string_random ();

  glint_link_send_iq (self, glint_stanza_new_iq_query (self->ctx, "get", id, self->domain, "ping", GLINT_NS_PING),
                      func, self->domain);
  ((PendingIq *) g_hash_table_lookup (self->pending, id))->fatal = TRUE;
}

static void
on_ack (GlintLink     *self,
        xmpp_stanza_t *reply,
        gboolean       ok,
        const char    *id)
{
  guint covers = self->ack_covers;

  self->ack_covers = 0;
  /* Any answer, even an error, means the server has handled everything
   * sent before the request; no answer drops the stream (the request is
   * fatal), and what it covered waits for the next one. */
  if (reply == NULL)
    return;
  for (guint i = 0; i < covers && i < self->unacked->len; i++)
    {
      GlintEvent *sent = glint_event_new (GLINT_EVENT_MESSAGE_SENT, self->account->jid);

      sent->message_id = g_array_index (self->unacked, gint64, i);
      glint_link_post (self, sent);
    }
  g_array_remove_range (self->unacked, 0, MIN (covers, self->unacked->len));
  send_ack_request (self);
}

/* A message counts as sent once the server has it. libstrophe 0.12.2
 * reads the server's XEP-0198 acknowledgements itself and tells no one
 * which stanzas they cover, so Glint asks in a way it can see: the server
 * handles a stream in order (RFC 6120 section 10.1), and its answer to a
 * ping sent after messages says it has handled them. One request is in
 * flight at a time, for every message sent before it. */
static void
send_ack_request (GlintLink *self)
{
  if (self->ack_covers > 0 || self->unacked->len == 0 || self->conn == NULL || !self->authenticated)
    return;
  self->ack_covers = self->unacked->len;
  ping_server (self, on_ack);
}

/* Sends a message (or a correction) with its own id as origin-id, and
 * waits for the server to have it. */
void
glint_link_send_message (GlintLink    *self,
                         GlintCommand *cmd)
{
  xmpp_stanza_t *stanza;

  if (cmd->kind != GLINT_CONVERSATION_CHAT)
    stanza = glint_stanza_new_room_message (self->ctx, cmd->jid, cmd->body, cmd->xmpp_id, cmd->replaces_id,
                                            cmd->kind == GLINT_CONVERSATION_PRIVATE);
  else if (cmd->replaces_id)
    stanza = glint_stanza_new_correction (self->ctx, cmd->jid, cmd->body, cmd->xmpp_id, cmd->replaces_id);
  else
    stanza = glint_stanza_new_message (self->ctx, cmd->jid, cmd->body, cmd->xmpp_id);
  xmpp_send (self->conn, stanza);
  xmpp_stanza_release (stanza);
  if (cmd->message_id > 0)
    g_array_append_val (self->unacked, cmd->message_id);
  send_ack_request (self);
}

static void
post_password_changed (GlintLink  *self,
                       const char *why)
{
  GlintEvent *event = glint_event_new (GLINT_EVENT_PASSWORD_CHANGED, self->account->jid);

  event->text = g_strdup (why);
  glint_link_post (self, event);
}

static void
on_password_changed (GlintLink     *self,
                     xmpp_stanza_t *reply,
                     gboolean       ok,
                     const char    *id)
{
  if (ok)
    {
      /* The next login uses it. */
      g_free (self->password);
      self->password = g_steal_pointer (&self->new_password);
      post_password_changed (self, NULL);
      return;
    }
  g_clear_pointer (&self->new_password, g_free);
  post_password_changed (self, glint_stanza_failure (reply));
}

/* XEP-0077: our account's password on the server. */
void
glint_link_change_password (GlintLink    *self,
                            GlintCommand *cmd)
{
  g_autoptr(GlintJid) jid = glint_jid_parse (self->account->jid, NULL);
  g_autofree char *id = g_uuid_string_random ();

  if (self->conn == NULL || !self->authenticated || jid == NULL || jid->local == NULL)
    {
      post_password_changed (self, "offline");
      return;
    }
  g_free (self->new_password);
  self->new_password = g_strdup (cmd->password);
  glint_link_send_iq (self, glint_stanza_new_password_change (self->ctx, id, self->domain, jid->local,
                                                             cmd->password),
                      on_password_changed, self->domain);
}

static void
on_archive_fin (GlintLink     *self,
                xmpp_stanza_t *reply,
                gboolean       ok,
                const char    *id)
{
  GlintStanzaContext ctx = glint_link_stanza_context (self);

  /* Results that come after the end are no longer asked for. */
  g_hash_table_remove (self->archive_queries, id);
  glint_link_post (self, glint_stanza_parse_archive_fin (&ctx, id, reply, ok));
}

/* One page of our archive (XEP-0313); its results come as messages before
 * the answer, which the server sends from our bare JID. */
void
glint_link_query_archive (GlintLink    *self,
                          GlintCommand *cmd)
{
  g_hash_table_add (self->archive_queries, g_strdup (cmd->xmpp_id));
  glint_link_send_iq (self,
                      glint_stanza_new_archive_query (self->ctx, cmd->xmpp_id, cmd->jid, cmd->after,
                                                      cmd->before, cmd->max),
                      on_archive_fin, NULL);
}

/* Messages and presences: parsed into events, or dropped. */
static int
on_stanza (xmpp_conn_t   *conn,
           xmpp_stanza_t *stanza,
           void          *userdata)
{
  GlintLink *self = userdata;
  GlintStanzaContext ctx = glint_link_stanza_context (self);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_event_free);

  if (g_strcmp0 (xmpp_stanza_get_name (stanza), "iq") == 0)
    return 1; /* on_iq's */

  /* An archive result is that and nothing else, whatever else it holds. */
  if (xmpp_stanza_get_child_by_name_and_ns (stanza, "result", GLINT_NS_MAM) != NULL)
    {
      if (glint_link_room_archive_result (self, stanza, events))
        {
          glint_link_post_all (self, events);
          return 1;
        }
      if (glint_stanza_parse_archive_result (&ctx, stanza, self->archive_queries, events))
        glint_link_post_all (self, events);
      return 1;
    }
  if (glint_stanza_parse (&ctx, stanza, events))
    {
      glint_link_track_rooms (self, events);
      glint_link_track_bookmarks (self, events);
      glint_link_post_all (self, events);
    }
  return 1;
}


static void
reply_result (GlintLink     *self,
              xmpp_stanza_t *request)
{
  xmpp_stanza_t *reply = xmpp_iq_new (self->ctx, "result", xmpp_stanza_get_id (request));

  if (xmpp_stanza_get_from (request))
    xmpp_stanza_set_to (reply, xmpp_stanza_get_from (request));
  xmpp_send (self->conn, reply);
  xmpp_stanza_release (reply);
}

static void
reply_error (GlintLink     *self,
             xmpp_stanza_t *request,
             const char    *type,
             const char    *condition)
{
  xmpp_stanza_t *reply = glint_stanza_new_error_reply (self->ctx, request, type, condition);

  xmpp_send (self->conn, reply);
  xmpp_stanza_release (reply);
}

static void
reply_disco (GlintLink     *self,
             xmpp_stanza_t *request)
{
  xmpp_stanza_t *reply = glint_stanza_new_disco_reply (self->ctx, request,
                                                       glint_account_get_sharing (self->account));

  xmpp_send (self->conn, reply);
  xmpp_stanza_release (reply);
}

static void
reply_version (GlintLink     *self,
               xmpp_stanza_t *request)
{
  xmpp_stanza_t *reply = glint_stanza_new_version_reply (self->ctx, request);

  xmpp_send (self->conn, reply);
  xmpp_stanza_release (reply);
}

static void
reply_last (GlintLink     *self,
            xmpp_stanza_t *request)
{
  xmpp_stanza_t *reply = glint_stanza_new_last_reply (self->ctx, request,
                                                      (g_get_monotonic_time () - self->active_at_us) / G_USEC_PER_SEC);

  xmpp_send (self->conn, reply);
  xmpp_stanza_release (reply);
}

static int
on_iq (xmpp_conn_t   *conn,
       xmpp_stanza_t *stanza,
       void          *userdata)
{
  GlintLink *self = userdata;
  const char *type = xmpp_stanza_get_type (stanza);
  const char *id = xmpp_stanza_get_id (stanza);

  if (type == NULL || id == NULL)
    return 1;

  if (strcmp (type, "result") == 0 || strcmp (type, "error") == 0)
    {
      PendingIq *pending = g_hash_table_lookup (self->pending, id);
      g_autofree char *key = NULL;

      if (pending == NULL
          || !glint_iq_reply_is_from (xmpp_stanza_get_from (stanza), pending->to, self->account->jid,
                                      self->domain))
        {
          g_debug ("Ignoring an unexpected IQ reply %s from %s", id, xmpp_stanza_get_from (stanza));
          return 1;
        }
      g_hash_table_steal_extended (self->pending, id, (gpointer *) &key, NULL);
      if (pending->func)
        pending->func (self, stanza, strcmp (type, "result") == 0, key);
      glint_pending_iq_free (pending);
      return 1;
    }

  if (strcmp (type, "set") == 0
      && xmpp_stanza_get_child_by_name_and_ns (stanza, "query", GLINT_NS_ROSTER))
    {
      GlintStanzaContext ctx = glint_link_stanza_context (self);
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_event_free);

      if (glint_stanza_parse (&ctx, stanza, events))
        {
          glint_link_post_all (self, events);
          reply_result (self, stanza);
        }
      /* A push from anyone else is dropped without a word (RFC 6121 2.1.6). */
      return 1;
    }

  if (strcmp (type, "get") == 0 && xmpp_stanza_get_child_by_name_and_ns (stanza, "ping", GLINT_NS_PING))
    reply_result (self, stanza);
  else if (strcmp (type, "get") == 0
           && xmpp_stanza_get_child_by_name_and_ns (stanza, "query", GLINT_NS_DISCO_INFO))
    reply_disco (self, stanza);
  else if (strcmp (type, "get") == 0 && self->account->share_version
           && xmpp_stanza_get_child_by_name_and_ns (stanza, "query", GLINT_NS_VERSION))
    reply_version (self, stanza);
  else if (strcmp (type, "get") == 0 && self->account->share_idle
           && xmpp_stanza_get_child_by_name_and_ns (stanza, "query", GLINT_NS_LAST))
    reply_last (self, stanza);
  else if (strcmp (type, "get") == 0 || strcmp (type, "set") == 0)
    reply_error (self, stanza, "cancel", "service-unavailable");
  return 1;
}

/* What libstrophe does with a stanza once the stream is up: every handler
 * whose name matches. For feeding stanzas without a server (fuzzing). */
void
glint_link_dispatch (GlintLink     *self,
                     xmpp_stanza_t *stanza)
{
  on_stanza (self->conn, stanza, self);
  if (g_strcmp0 (xmpp_stanza_get_name (stanza), "iq") == 0)
    on_iq (self->conn, stanza, self);
}

void
glint_link_add_handlers (GlintLink *self)
{
  /* libstrophe keeps one registration per function, so this one sees every
   * stanza and leaves IQs to on_iq. */
  xmpp_handler_add (self->conn, on_stanza, NULL, NULL, NULL, self);
  xmpp_handler_add (self->conn, on_iq, NULL, "iq", NULL, self);
}

/* Pings the server now and then (XEP-0199); an unanswered ping means the
 * stream is dead even if TCP has not noticed. A request that times out is
 * answered with no reply. */
void
glint_link_check_timeouts (GlintLink *self,
                           gint64     now_us)
{
  g_autoptr(GPtrArray) expired = g_ptr_array_new_with_free_func (glint_pending_iq_free);
  GHashTableIter iter;
  gpointer key, value;
  gboolean dead = FALSE;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      PendingIq *pending = value;

      if (now_us < pending->deadline_us)
        continue;
      g_debug ("No answer to IQ %s", (char *) key);
      dead |= pending->fatal;
      g_hash_table_iter_steal (&iter);
      g_free (key);
      g_ptr_array_add (expired, pending);
    }
  for (guint i = 0; i < expired->len; i++)
    {
      PendingIq *pending = expired->pdata[i];
      if (pending->func)
        pending->func (self, NULL, FALSE, pending->id);
    }
  if (dead)
    {
      g_debug ("The server stopped answering; reconnecting");
      /* A polite close would wait for an answer that is not coming. */
      if (self->socket_fd >= 0)
        shutdown (self->socket_fd, SHUT_RDWR);
      xmpp_disconnect (self->conn);
      return;
    }
  /* A new account's stream is not pinged: it lasts one question. */
  if (self->authenticated && now_us >= self->ping_at_us)
    {
      self->ping_at_us = now_us + GLINT_PING_INTERVAL_US;
      ping_server (self, NULL);
      glint_link_check_rooms (self, now_us, FALSE);
    }
}

/* When this link next needs the thread: a ping, a request's deadline. */
gint64
glint_link_next_deadline (GlintLink *self)
{
  gint64 next = self->ping_at_us;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    next = MIN (next, ((PendingIq *) value)->deadline_us);
  return next;
}

static void
on_last_activity (GlintLink     *self,
                  xmpp_stanza_t *reply,
                  gboolean       ok,
                  const char    *id)
{
  xmpp_stanza_t *query = ok && reply ? xmpp_stanza_get_child_by_name_and_ns (reply, "query", GLINT_NS_LAST) : NULL;
  const char *seconds = query ? xmpp_stanza_get_attribute (query, "seconds") : NULL;
  g_autofree char *status = NULL;
  guint64 value = 0;
  GlintEvent *event;

  if (seconds == NULL || !g_ascii_string_to_unsigned (seconds, 10, 0, G_MAXINT32, &value, NULL))
    return;
  status = glint_stanza_text (query);
  event = glint_event_new (GLINT_EVENT_LAST_ACTIVITY, self->account->jid);
  /* on_iq took the reply only from the contact asked. */
  event->jid = glint_jid_normalize_bare (xmpp_stanza_get_from (reply));
  event->seconds = value;
  event->text = status ? glint_text_sanitize_nonempty (status, GLINT_MAX_STATUS_BYTES, FALSE) : NULL;
  if (event->jid == NULL)
    {
      glint_event_free (event);
      return;
    }
  glint_link_post (self, event);
}

/* XEP-0012: asks a contact's server when the contact was last online. */
void
glint_link_ask_last_activity (GlintLink  *self,
                              const char *jid)
{
  send_query (self, on_last_activity, "get", jid, "query", GLINT_NS_LAST);
}

/* glint-worker.c: the libstrophe thread, its loop and each connection's lifecycle
 *
 * libstrophe has no locks and blocks in DNS and the TLS handshake, so one
 * thread owns every libstrophe object. Each account is a link with its
 * own context; a fresh xmpp_conn_t is made for every attempt, and stream
 * management state moves from one to the next so the server can resume.
 *
 * The thread sleeps in poll() on every link's socket and an eventfd that
 * the main thread signals with each command, until a socket, a timer of
 * ours or a command needs it; then each context runs without waiting until
 * it has nothing left to do. libstrophe's own loop (xmpp_run_once) cannot
 * be woken by a command and would have to poll.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "glint-worker"

#include "glint-worker-private.h"
#include "glint-jid.h"
#include "glint-reconnect.h"
#include "glint-xml-guard.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

/* While a link connects, authenticates or closes, libstrophe runs timers
 * we cannot see (connect and authentication timeouts, the close); look in
 * on it this often. */
#define BUSY_LINK_US    (G_USEC_PER_SEC / 5)
#define QUIT_WAIT_US    G_USEC_PER_SEC

static void glint_worker_transport_init (GlintTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GlintWorker, glint_worker, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GLINT_TYPE_TRANSPORT, glint_worker_transport_init))

void
glint_link_post (GlintLink  *self,
                 GlintEvent *event)
{
  glint_event_pipe_post (self->worker->pipe, event);
}

void
glint_link_post_connection (GlintLink            *self,
                            GlintConnectionState  state,
                            GlintConnectionError  error)
{
  GlintEvent *event = glint_event_new (GLINT_EVENT_CONNECTION, self->account->jid);

  self->state = state;
  event->state = state;
  event->error = error;
  /* What the session remembers on success, and names on a downgrade. */
  event->mechanism = g_strdup (self->offered);
  event->retry_at_us = state == GLINT_CONNECTION_WAITING ? self->retry_at_us : 0;
  glint_link_post (self, event);
}

/* The strongest mechanism in the stream features libstrophe logged. */
static char *
strongest_offered (const char *features)
{
  char *best = NULL;

  for (const char *p = strstr (features, "<mechanism>"); p; p = strstr (p, "<mechanism>"))
    {
      const char *end = strstr (p += strlen ("<mechanism>"), "</mechanism>");
      g_autofree char *name = NULL;

      if (end == NULL)
        break;
      name = g_strndup (p, end - p);
      if (glint_sasl_rank (name) > glint_sasl_rank (best))
        {
          g_free (best);
          best = g_steal_pointer (&name);
        }
      p = end;
    }
  return best;
}

/* A downgrade: this server offers only weaker mechanisms than it did
 * before. libstrophe 0.12 picks the mechanism itself (PLAIN when that is
 * all there is) right after logging the features, and queues the
 * password for the next write: the socket is shut first, so it is never
 * written. Features that still offer STARTTLS come before encryption, and
 * libstrophe logs in only after it. */
static void
check_mechanisms (GlintLink  *self,
                  const char *features)
{
  if (strstr (features, "<starttls") && self->account->tls_mode != GLINT_TLS_PLAINTEXT)
    return;
  g_free (self->offered);
  self->offered = strongest_offered (features);
  if (glint_sasl_rank (self->offered) >= glint_sasl_rank (self->account->sasl_mechanism))
    return;
  g_debug ("The server offers %s, weaker than %s before: not logging in",
           self->offered ? self->offered : "no known mechanism", self->account->sasl_mechanism);
  self->log_hint = GLINT_ERROR_SASL_DOWNGRADE;
  if (self->socket_fd >= 0)
    shutdown (self->socket_fd, SHUT_RDWR);
  xmpp_disconnect (self->conn);
}

/* libstrophe tells some failures only in its log; remember them so the
 * disconnect can be explained to the user. */
static void
log_handler (void             *userdata,
             xmpp_log_level_t  level,
             const char       *area,
             const char       *msg)
{
  GlintLink *self = userdata;

  /* libstrophe quotes what it could not parse: nothing after the prefix
   * is read as a cause. */
  if (g_str_has_prefix (msg, "parse error"))
    {
      /* libstrophe sends a stream error and keeps reading, while its
       * parser refuses every byte more; the stream is ended here. */
      if (self->log_hint == GLINT_ERROR_NONE)
        self->log_hint = glint_xml_guard_take_refusal () ? GLINT_ERROR_FORBIDDEN_XML : GLINT_ERROR_BAD_XML;
      if (self->socket_fd >= 0)
        shutdown (self->socket_fd, SHUT_RDWR);
      if (self->conn != NULL)
        xmpp_disconnect (self->conn);
    }
  else if (g_str_has_prefix (msg, "RECV: ") || g_str_has_prefix (msg, "SENT: "))
    {
      /* Stream data: what a server or a contact writes is never read as a
       * cause. libstrophe negotiates stream management itself, and this
       * is the only place that says whether the server took it. */
      if (g_str_has_prefix (msg, "RECV: <enabled") && strstr (msg, "urn:xmpp:sm:"))
        self->sm_enabled = TRUE;
      /* The same for the login mechanisms, read before libstrophe uses them. */
      else if ((g_str_has_prefix (msg, "RECV: <features") || g_str_has_prefix (msg, "RECV: <stream:features"))
               && strstr (msg, "<mechanisms")
               && self->conn != NULL && self->account != NULL)
        check_mechanisms (self, msg);
    }
  else if (strstr (msg, "proceedtls called for failure") && self->log_hint == GLINT_ERROR_NONE)
    self->log_hint = GLINT_ERROR_STARTTLS;
  else if (strstr (msg, "TLS is not supported") || strstr (msg, "mandatory"))
    self->log_hint = GLINT_ERROR_TLS_REQUIRED;
  else if (strstr (msg, "auth failed") || strstr (msg, "Cannot authenticate")
           || strstr (msg, "Authentication failed"))
    self->log_hint = GLINT_ERROR_AUTH;
  /* The first cause wins: a refused password ends in a TLS close that is
   * not the reason. */
  else if ((strstr (msg, "Couldn't start TLS") || (g_str_equal (area, "tls") && g_str_has_prefix (msg, "error")))
           && self->log_hint == GLINT_ERROR_NONE)
    self->log_hint = GLINT_ERROR_TLS;
  else if (strstr (msg, "connection failed") && self->log_hint == GLINT_ERROR_NONE)
    self->log_hint = GLINT_ERROR_UNREACHABLE;

  if (level >= XMPP_LEVEL_WARN || self->worker->log_verbose)
    g_debug ("libstrophe %s: %s", area, msg);
}


/* libstrophe's certificate and socket callbacks carry no user data, and
 * in the certificate callback no connection either: they belong to the
 * link whose context is running on this thread. */
static GPrivate current_worker;

static GlintLink *
running_link (void)
{
  GlintWorker *worker = g_private_get (&current_worker);

  return worker ? worker->running : NULL;
}

static int
certfail_handler (const xmpp_tlscert_t *cert,
                  const char *const     errormsg)
{
  GlintLink *self = running_link ();
  const char *fingerprint = xmpp_tlscert_get_string (cert, XMPP_CERT_FINGERPRINT_SHA256);
  GlintEvent *event;

  if (self == NULL)
    {
      g_debug ("A certificate outside any connection");
      return 0;
    }
  if (fingerprint && glint_account_has_pin (self->account, fingerprint))
    {
      g_debug ("Accepting the pinned certificate %s", fingerprint);
      return 1;
    }

  /* Never wait for the user here: refuse, tell, and let the user decide. */
  self->cert_rejected = TRUE;
  event = glint_event_new (GLINT_EVENT_CERTIFICATE, self->account->jid);
  event->cert = g_new0 (GlintCertInfo, 1);
  event->cert->subject = g_strdup (xmpp_tlscert_get_string (cert, XMPP_CERT_SUBJECT));
  event->cert->issuer = g_strdup (xmpp_tlscert_get_string (cert, XMPP_CERT_ISSUER));
  event->cert->not_before = g_strdup (xmpp_tlscert_get_string (cert, XMPP_CERT_NOTBEFORE));
  event->cert->not_after = g_strdup (xmpp_tlscert_get_string (cert, XMPP_CERT_NOTAFTER));
  event->cert->fingerprint_sha256 = glint_fingerprint_normalize (fingerprint);
  event->cert->error = g_strdup (errormsg);
  event->cert->pem = g_strdup (xmpp_tlscert_get_pem (cert));
  glint_link_post (self, event);
  return 0;
}

/* Keeps the socket at hand, to wait on it and to cut a stream at once. */
static int
sockopt_handler (xmpp_conn_t *conn,
                 void        *sock)
{
  GlintLink *self = running_link ();

  if (self)
    self->socket_fd = *(int *) sock;
  return xmpp_sockopt_cb_keepalive (conn, sock);
}

static GlintConnectionError
classify_disconnect (GlintLink            *self,
                     int                   error,
                     xmpp_stream_error_t  *stream_error)
{
  if (self->cert_rejected)
    return GLINT_ERROR_CERTIFICATE;
  if (self->over_limit)
    return GLINT_ERROR_TOO_LARGE;
  if (stream_error != NULL)
    switch (stream_error->type)
      {
      case XMPP_SE_CONFLICT:
        return GLINT_ERROR_CONFLICT;
      case XMPP_SE_NOT_AUTHORIZED:
        return GLINT_ERROR_AUTH;
      case XMPP_SE_HOST_UNKNOWN:
        return GLINT_ERROR_CONFIG;
      default:
        return GLINT_ERROR_STREAM;
      }
  if (self->log_hint != GLINT_ERROR_NONE)
    return self->log_hint;
  return self->authenticated ? GLINT_ERROR_STREAM : GLINT_ERROR_UNREACHABLE;
}

static void
schedule_retry (GlintLink *self)
{
  gint64 delay_us = glint_reconnect_delay_us (self->retries, g_random_double ());

  self->retries++;
  self->retry_at_us = g_get_monotonic_time () + delay_us;
  g_debug ("Reconnecting in %.1f s", delay_us / (double) G_USEC_PER_SEC);
}

/* Stops for good on a cause that retrying cannot fix; otherwise tries again
 * after a while. */
static void
stop_or_retry (GlintLink            *self,
               GlintConnectionError  why,
               gboolean              final)
{
  if (final)
    {
      self->want_online = FALSE;
      glint_link_post_connection (self, GLINT_CONNECTION_FAILED, why);
    }
  else
    {
      schedule_retry (self);
      glint_link_post_connection (self, GLINT_CONNECTION_WAITING, why);
    }
}

/* Ends the stream cleanly for @why, which the user is then told. */
void
glint_link_stop (GlintLink            *self,
                 GlintConnectionError  why)
{
  self->log_hint = why;
  xmpp_disconnect (self->conn);
}

static void
conn_handler (xmpp_conn_t          *conn,
              xmpp_conn_event_t     event,
              int                   error,
              xmpp_stream_error_t  *stream_error,
              void                 *userdata)
{
  GlintLink *self = userdata;
  GlintConnectionError why;

  if (conn != self->conn)
    return;

  if (self->registering && event != XMPP_CONN_DISCONNECT && event != XMPP_CONN_FAIL)
    {
      glint_link_register_connected (self, event);
      return;
    }
  if (event == XMPP_CONN_CONNECT)
    {
      self->authenticated = TRUE;
      if (glint_reconnect_login_resets_backoff (self->last_end))
        self->retries = 0;
      glint_link_on_connected (self);
      return;
    }
  if (event == XMPP_CONN_RAW_CONNECT)
    return;

  self->conn_finished = TRUE;
  g_hash_table_remove_all (self->pending);
  g_hash_table_remove_all (self->archive_queries);
  g_hash_table_remove_all (self->room_queries);
  self->ack_covers = 0;
  why = classify_disconnect (self, error, stream_error);
  self->last_end = why;
  g_debug ("Disconnected (error %d, cause %d)", error, why);
  if (self->registering)
    {
      glint_link_register_ended (self, why);
      return;
    }
  /* The stream error that ends a removed account's stream is no
   * resource conflict to log in again after. */
  if (glint_link_removal_ended (self, stream_error != NULL))
    self->want_online = FALSE;

  if (!self->want_online)
    glint_link_post_connection (self, GLINT_CONNECTION_DISCONNECTED, GLINT_ERROR_NONE);
  else
    stop_or_retry (self, why, glint_reconnect_is_final (why, self->authenticated));
}

static void
release_conn (GlintLink *self)
{
  if (self->conn == NULL)
    return;
  /* No stream is resumed (XEP-0198): after a resumption libstrophe 0.12.2
   * sends again only part of what the server had not acknowledged (two of
   * ten messages went missing in /faults/freeze-then-cut). A new stream
   * loses nothing: the session sends again what the server never
   * acknowledged, and the archive brings what came meanwhile. */
  xmpp_conn_release (self->conn);
  self->conn = NULL;
  self->socket_fd = -1;
  self->conn_finished = FALSE;
  self->closing = FALSE;
  self->authenticated = FALSE;
}

/* getaddrinfo tells a name that does not resolve from a host that does not
 * answer; libstrophe's return code does not. */
static GlintConnectionError
classify_connect_failure (GlintLink *self)
{
  const char *host = self->account->host ? self->account->host : self->domain;
  struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
  struct addrinfo *res = NULL;
  int rc = getaddrinfo (host, NULL, &hints, &res);

  if (res)
    freeaddrinfo (res);
  return rc == 0 ? GLINT_ERROR_UNREACHABLE : GLINT_ERROR_DNS;
}

void
glint_link_start_attempt (GlintLink *self)
{
  g_autofree char *full = NULL;
  long flags = 0;
  int rc;

  release_conn (self);
  self->cert_rejected = FALSE;
  self->over_limit = FALSE;
  self->parsed_bytes = 0;
  glint_xmpp_memory_reset_growth (&self->memory);
  self->sm_enabled = FALSE;
  g_clear_pointer (&self->offered, g_free);
  self->log_hint = GLINT_ERROR_NONE;
  self->retry_at_us = 0;
  self->conn = xmpp_conn_new (self->ctx);

  switch (self->account->tls_mode)
    {
    case GLINT_TLS_STARTTLS:
      /* A new account's stream does its STARTTLS itself. */
      flags = self->registering ? 0 : XMPP_CONN_FLAG_MANDATORY_TLS;
      break;
    case GLINT_TLS_DIRECT:
      flags = XMPP_CONN_FLAG_LEGACY_SSL;
      break;
    case GLINT_TLS_PLAINTEXT:
      flags = XMPP_CONN_FLAG_DISABLE_TLS;
      break;
    }
  xmpp_conn_set_flags (self->conn, flags);
  full = self->registering ? g_strdup (self->domain)
                           : g_strdup_printf ("%s/%s", self->account->jid, self->account->resource);
  xmpp_conn_set_jid (self->conn, full);
  xmpp_conn_set_pass (self->conn, self->password ? self->password : "");
  xmpp_conn_set_certfail_handler (self->conn, certfail_handler);
  self->socket_fd = -1;
  xmpp_conn_set_sockopt_callback (self->conn, sockopt_handler);
  glint_link_add_handlers (self);

  if (!self->registering)
    glint_link_post_connection (self, GLINT_CONNECTION_CONNECTING, GLINT_ERROR_NONE);
  self->worker->running = self;
  if (self->registering)
    rc = xmpp_connect_raw (self->conn, self->account->host, self->account->port, conn_handler, self);
  else
    rc = xmpp_connect_client (self->conn, self->account->host,
                              self->account->port, conn_handler, self);
  self->worker->running = NULL;
  if (rc != XMPP_EOK)
    {
      GlintConnectionError why = classify_connect_failure (self);

      self->conn_finished = TRUE;
      if (self->registering)
        glint_link_register_ended (self, why);
      else
        stop_or_retry (self, why, glint_reconnect_connect_is_final (why, self->retries));
    }
}

void
glint_link_go_offline (GlintLink *self)
{
  self->want_online = FALSE;
  self->retry_at_us = 0;
  if (self->conn && self->authenticated)
    {
      xmpp_stanza_t *bye = xmpp_presence_new (self->ctx);
      xmpp_stanza_set_type (bye, "unavailable");
      xmpp_send (self->conn, bye);
      xmpp_stanza_release (bye);
    }
  if (self->conn && !self->conn_finished)
    {
      self->closing = TRUE;
      xmpp_disconnect (self->conn);
    }
  else
    {
      release_conn (self);
      glint_link_post_connection (self, GLINT_CONNECTION_DISCONNECTED, GLINT_ERROR_NONE);
    }
}

/* Sends @stanza if the stream is up, and lets it go. */
void
glint_link_send_stanza (GlintLink     *self,
                        xmpp_stanza_t *stanza)
{
  if (self->conn && self->authenticated)
    xmpp_send (self->conn, stanza);
  xmpp_stanza_release (stanza);
}


GlintLink *
glint_link_new (GlintWorker *worker,
                const char  *jid)
{
  GlintLink *self = g_new0 (GlintLink, 1);
  xmpp_log_t *log = g_new0 (xmpp_log_t, 1);

  self->worker = worker;
  self->socket_fd = -1;
  self->state = GLINT_CONNECTION_DISCONNECTED;
  self->account = glint_account_new (jid);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, glint_pending_iq_free);
  self->archive_queries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->unacked = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->rooms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, glint_stanza_room_free);
  self->room_queries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->bookmarks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) glint_bookmark_free);
  glint_xmpp_memory_init (&self->memory);
  log->handler = log_handler;
  log->userdata = self;
  self->log = log;
  self->ctx = xmpp_ctx_new (&self->memory.mem, self->log);
  glint_xmpp_memory_learn_node_size (&self->memory, self->ctx);
  return self;
}

void
glint_link_free (gpointer data)
{
  GlintLink *self = data;

  if (self->conn)
    {
      self->want_online = FALSE;
      xmpp_conn_release (self->conn);
    }
  g_hash_table_unref (self->pending);
  g_hash_table_unref (self->archive_queries);
  g_array_unref (self->unacked);
  g_hash_table_unref (self->rooms);
  g_hash_table_unref (self->bookmarks);
  g_hash_table_unref (self->room_queries);
  xmpp_ctx_free (self->ctx);
  g_free (self->log);
  glint_account_free (self->account);
  g_free (self->password);
  g_free (self->new_password);
  g_free (self->domain);
  g_free (self->offered);
  g_free (self->removal_id);
  g_free (self->show);
  g_free (self->status);
  g_free (self);
}

static void
handle_command (GlintWorker  *self,
                GlintCommand *cmd)
{
  GlintLink *link;

  if (cmd->type == GLINT_COMMAND_QUIT)
    {
      GHashTableIter iter;
      gpointer value;

      self->quit = TRUE;
      g_hash_table_iter_init (&iter, self->links);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        glint_link_go_offline (value);
      return;
    }

  link = g_hash_table_lookup (self->links, cmd->account);
  if (link == NULL && cmd->type != GLINT_COMMAND_CONNECT && cmd->type != GLINT_COMMAND_REGISTER)
    return;
  if (link == NULL)
    {
      link = glint_link_new (self, cmd->account);
      g_hash_table_insert (self->links, g_strdup (cmd->account), link);
    }
  glint_link_handle_command (link, cmd);
}

/* A stanza that never ends (endless text, elements nested without end, a
 * flat list of children, a tag that never closes) grows here: cut the
 * stream before it costs the memory, the stack when libstrophe frees it,
 * or the worker's time. At most one read (4 KiB) of growth happens between
 * two checks. @progressed: libstrophe allocated since the last check. */
static void
check_limits (GlintLink *self,
              gboolean   progressed)
{
  const char *what;
  guint64 received;

  if (self->conn == NULL || self->conn_finished || self->over_limit)
    return;
  what = glint_xmpp_memory_over_limit (&self->memory,
                                       glint_link_roster_owed (self) ? GLINT_XMPP_NODE_LIMIT_ROSTER
                                                                     : GLINT_XMPP_NODE_LIMIT);
  if (what == NULL && glint_xmpp_socket_bytes_received (self->socket_fd, &received))
    {
      if (progressed || received < self->parsed_bytes)
        self->parsed_bytes = received;
      else if (received - self->parsed_bytes > GLINT_XMPP_TAG_LIMIT)
        what = "bytes received without a complete tag";
    }
  if (what == NULL)
    return;

  g_debug ("The server sent more than Glint accepts at once (%s); disconnecting", what);
  self->over_limit = TRUE;
  /* Not a polite close: libstrophe would go on reading while it waits
   * for the server to answer one. */
  if (self->socket_fd >= 0)
    shutdown (self->socket_fd, SHUT_RDWR);
  xmpp_disconnect (self->conn);
}

/* Runs the link's context without waiting until it stops doing anything:
 * reads are 4 KiB at a time and TLS may hold more than the socket shows,
 * and what one pass queues is written by the next. */
static void
run_until_quiet (GlintLink *self)
{
  for (guint i = 0; i < 256 && self->conn; i++)
    {
      guint64 before = self->memory.calls;

      self->worker->running = self;
      xmpp_run_once (self->ctx, 0);
      self->worker->running = NULL;
      check_limits (self, self->memory.calls != before);
      if (self->memory.calls == before)
        break;
    }
}

/* Returns FALSE when the link is done with and can be dropped. */
static gboolean
tick (GlintLink *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->conn_finished)
    release_conn (self);
  if (self->conn == NULL && self->want_online && self->retry_at_us && now >= self->retry_at_us)
    glint_link_start_attempt (self);
  if (self->conn && (self->authenticated || self->registering) && !self->closing)
    glint_link_check_timeouts (self, now);
  return !(self->forget && self->conn == NULL);
}

/* When the link next needs the thread, if nothing arrives before. */
static gint64
link_deadline (GlintLink *self,
               gint64     now)
{
  if (self->conn == NULL)
    return self->want_online && self->retry_at_us ? self->retry_at_us : G_MAXINT64;
  if (!self->authenticated || self->closing || self->conn_finished)
    return now + BUSY_LINK_US;
  return glint_link_next_deadline (self);
}

static void
drain_commands (GlintWorker *self)
{
  GlintCommand *cmd;
  eventfd_t count;

  eventfd_read (self->wake_fd, &count);
  while ((cmd = g_async_queue_try_pop (self->commands)))
    {
      handle_command (self, cmd);
      glint_command_free (cmd);
    }
}

static gboolean
all_links_closed (GlintWorker *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->links);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((GlintLink *) value)->conn != NULL)
      return FALSE;
  return TRUE;
}

/* Sleeps until a socket, a deadline or a command needs the thread. */
static void
wait_for_work (GlintWorker *self,
               gint64       quit_deadline)
{
  g_autoptr(GArray) fds = g_array_new (FALSE, TRUE, sizeof (struct pollfd));
  struct pollfd wake = { .fd = self->wake_fd, .events = POLLIN };
  gint64 now = g_get_monotonic_time ();
  gint64 next = quit_deadline ? quit_deadline : G_MAXINT64;
  GHashTableIter iter;
  gpointer value;
  int timeout_ms;

  g_array_append_val (fds, wake);
  g_hash_table_iter_init (&iter, self->links);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GlintLink *link = value;

      next = MIN (next, link_deadline (link, now));
      if (link->conn && link->socket_fd >= 0 && !link->conn_finished)
        {
          struct pollfd pfd = { .fd = link->socket_fd, .events = POLLIN };

          if (xmpp_conn_is_connecting (link->conn) || xmpp_conn_send_queue_len (link->conn) > 0)
            pfd.events |= POLLOUT;
          g_array_append_val (fds, pfd);
        }
    }
  if (next == G_MAXINT64)
    timeout_ms = -1;
  else
    timeout_ms = (int) CLAMP ((next - now + 999) / 1000, 0, G_MAXINT / 2);

  if (poll ((struct pollfd *) fds->data, fds->len, timeout_ms) < 0 && errno != EINTR)
    g_warning ("poll: %s", g_strerror (errno));
  g_atomic_pointer_add (&self->wakeups, 1);
}

static gpointer
worker_main (gpointer data)
{
  GlintWorker *self = data;
  gint64 quit_deadline = 0;
  sigset_t pipe_only;

  /* The streams libstrophe parses here may carry no DTD, comment or
   * processing instruction (RFC 6120 section 11.1). */
  glint_xml_guard_enable ();

  /* A server that hangs up while we write must give EPIPE, not kill the
   * process, whatever the program around the library does with SIGPIPE. */
  sigemptyset (&pipe_only);
  sigaddset (&pipe_only, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &pipe_only, NULL);

  g_private_set (&current_worker, self);
  self->log_verbose = g_getenv ("GLINT_DEBUG_XMPP") != NULL;

  for (;;)
    {
      GHashTableIter iter;
      gpointer value;

      drain_commands (self);
      g_hash_table_iter_init (&iter, self->links);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          run_until_quiet (value);
          if (!tick (value))
            g_hash_table_iter_remove (&iter);
        }
      if (self->quit && quit_deadline == 0)
        quit_deadline = g_get_monotonic_time () + QUIT_WAIT_US;
      if (self->quit && (all_links_closed (self) || g_get_monotonic_time () > quit_deadline))
        break;
      wait_for_work (self, quit_deadline);
    }

  g_hash_table_remove_all (self->links);
  return NULL;
}

/* libstrophe frees a stanza recursively, 32 bytes of stack a level. The
 * node limit bounds how deep a tree can get (a level is a node); this stack
 * holds the deepest such tree with room to spare. It is address space:
 * only the pages used are ever committed. */
#define WORKER_STACK_BYTES ((gsize) GLINT_XMPP_NODE_LIMIT_ROSTER * 32 * 2 + 8 * 1024 * 1024)

static void
start_thread (GlintWorker *self)
{
  pthread_attr_t attr;
  int rc;

  pthread_attr_init (&attr);
  pthread_attr_setstacksize (&attr, WORKER_STACK_BYTES);
  rc = pthread_create (&self->thread, &attr, worker_main, self);
  pthread_attr_destroy (&attr);
  if (rc != 0)
    g_error ("Could not start the XMPP thread: %s", g_strerror (rc));
  pthread_setname_np (self->thread, "glint-xmpp");
}

static void
glint_worker_push (GlintTransport *transport,
                   GlintCommand   *command)
{
  GlintWorker *self = GLINT_WORKER (transport);

  /* Stopped (at quit) while sessions live on: nothing more goes out. */
  if (self->commands == NULL)
    {
      glint_command_free (command);
      return;
    }
  g_async_queue_push (self->commands, command);
  eventfd_write (self->wake_fd, 1);
}

static GlintEventPipe *
glint_worker_get_pipe (GlintTransport *transport)
{
  return GLINT_WORKER (transport)->pipe;
}

static void
glint_worker_transport_init (GlintTransportInterface *iface)
{
  iface->push = glint_worker_push;
  iface->get_pipe = glint_worker_get_pipe;
}

/* Stops the thread: every link says goodbye, within a second. */
static void
glint_worker_dispose (GObject *object)
{
  GlintWorker *self = GLINT_WORKER (object);

  if (self->commands)
    {
      g_async_queue_push (self->commands, glint_command_new (GLINT_COMMAND_QUIT));
      eventfd_write (self->wake_fd, 1);
      pthread_join (self->thread, NULL);
      g_clear_pointer (&self->commands, g_async_queue_unref);
    }
  G_OBJECT_CLASS (glint_worker_parent_class)->dispose (object);
}

static void
glint_worker_finalize (GObject *object)
{
  GlintWorker *self = GLINT_WORKER (object);

  close (self->wake_fd);
  g_hash_table_unref (self->links);
  g_object_unref (self->pipe);
  G_OBJECT_CLASS (glint_worker_parent_class)->finalize (object);
}

static void
glint_worker_class_init (GlintWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = glint_worker_dispose;
  object_class->finalize = glint_worker_finalize;
}

static void
glint_worker_init (GlintWorker *self)
{
  self->links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, glint_link_free);
}

/* Once per process, however many workers (tests make several):
 * libstrophe sets up OpenSSL there. Its xmpp_shutdown does nothing, so it
 * is never called. */
static void
initialize_libstrophe (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      xmpp_initialize ();
      g_once_init_leave (&initialized, 1);
    }
}

/* The worker hands its events to @pipe. */
GlintWorker *
glint_worker_new (GlintEventPipe *pipe)
{
  GlintWorker *self = g_object_new (GLINT_TYPE_WORKER, NULL);

  self->pipe = g_object_ref (pipe);
  self->commands = g_async_queue_new_full ((GDestroyNotify) glint_command_free);
  self->wake_fd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (self->wake_fd < 0)
    g_error ("Could not make an eventfd: %s", g_strerror (errno));
  initialize_libstrophe ();
  start_thread (self);
  return self;
}

/* How often the thread has woken up: for figures. */
guint64
glint_worker_get_wakeups (GlintWorker *self)
{
  return g_atomic_pointer_get (&self->wakeups);
}

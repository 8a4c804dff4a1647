/* glint-worker.c: the libstrophe thread, its loop and the connection lifecycle
 *
 * libstrophe has no locks and blocks in DNS and the TLS handshake, so one
 * thread owns the xmpp_ctx_t and everything made from it. A fresh
 * xmpp_conn_t is made for every attempt; stream management state moves from
 * one to the next so the server can resume the session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "glint-worker"

#include "glint-worker-private.h"
#include "glint-jid.h"

#include <netdb.h>
#include <sys/socket.h>
#include <signal.h>
#include <string.h>

/* How long xmpp_run_once may wait for the socket before the command queue
 * is looked at again: short enough that a typed message leaves at once,
 * long enough that an idle client sleeps. */
#define LOOP_TIMEOUT_MS 20
#define MAX_BACKOFF_S   60

struct _EventSink
{
  GlintEventFunc func;
  gpointer       user_data;
  gboolean       closed;   /* main thread only */
};

typedef struct
{
  EventSink  *sink;
  GlintEvent *event;
} Delivery;

/* libstrophe's certificate callback has no user data; the worker that runs
 * it is the one on this thread. */
static GPrivate current_worker;

static void
delivery_free (gpointer data)
{
  Delivery *d = data;

  glint_event_free (d->event);
  g_atomic_rc_box_release (d->sink);
  g_free (d);
}

static gboolean
deliver (gpointer data)
{
  Delivery *d = data;

  if (!d->sink->closed)
    d->sink->func (g_steal_pointer (&d->event), d->sink->user_data);
  return G_SOURCE_REMOVE;
}

void
glint_worker_post (GlintWorker *self,
                   GlintEvent  *event)
{
  Delivery *d = g_new0 (Delivery, 1);
  GSource *source = g_idle_source_new ();

  d->sink = g_atomic_rc_box_acquire (self->sink);
  d->event = event;
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, deliver, d, delivery_free);
  g_source_attach (source, self->sink_context);
  g_source_unref (source);
}

void
glint_worker_post_connection (GlintWorker          *self,
                              GlintConnectionState  state,
                              GlintConnectionError  error)
{
  GlintEvent *event = glint_event_new (GLINT_EVENT_CONNECTION, self->account ? self->account->jid : NULL);

  self->state = state;
  event->state = state;
  event->error = error;
  glint_worker_post (self, event);
}

/* libstrophe tells some failures only in its log; remember them so the
 * disconnect can be explained to the user. */
static void
log_handler (void             *userdata,
             xmpp_log_level_t  level,
             const char       *area,
             const char       *msg)
{
  GlintWorker *self = userdata;

  if (g_str_has_prefix (msg, "RECV: ") || g_str_has_prefix (msg, "SENT: "))
    {
      /* Stream data: what a server or a contact writes is never read as a
       * cause. libstrophe negotiates stream management itself, and this
       * is the only place that says whether the server took it. */
      if ((g_str_has_prefix (msg, "RECV: <enabled") || g_str_has_prefix (msg, "RECV: <resumed"))
          && strstr (msg, "urn:xmpp:sm:"))
        self->sm_enabled = TRUE;
    }
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

  if (level >= XMPP_LEVEL_WARN || self->log_verbose)
    g_debug ("libstrophe %s: %s", area, msg);
}

static int
certfail_handler (const xmpp_tlscert_t *cert,
                  const char *const     errormsg)
{
  GlintWorker *self = g_private_get (&current_worker);
  const char *fingerprint = xmpp_tlscert_get_string (cert, XMPP_CERT_FINGERPRINT_SHA256);
  GlintEvent *event;

  g_assert (self != NULL);
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
  glint_worker_post (self, event);
  return 0;
}

/* Keeps the socket at hand, so a stream can be cut at once. */
static int
sockopt_handler (xmpp_conn_t *conn,
                 void        *sock)
{
  GlintWorker *self = g_private_get (&current_worker);

  self->socket_fd = *(int *) sock;
  return xmpp_sockopt_cb_keepalive (conn, sock);
}

static GlintConnectionError
classify_disconnect (GlintWorker          *self,
                     int                   error,
                     xmpp_stream_error_t  *stream_error)
{
  if (self->cert_rejected)
    return GLINT_ERROR_CERTIFICATE;
  if (self->over_limit)
    return GLINT_ERROR_STREAM;
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

static gboolean
error_is_final (GlintConnectionError error)
{
  return error == GLINT_ERROR_AUTH || error == GLINT_ERROR_CERTIFICATE
         || error == GLINT_ERROR_TLS_REQUIRED || error == GLINT_ERROR_CONFIG
         || error == GLINT_ERROR_CONFLICT || error == GLINT_ERROR_TLS;
}

static void
schedule_retry (GlintWorker *self)
{
  guint exp = MIN (self->retries, 6);
  gint64 delay_us = MIN ((gint64) 1 << exp, MAX_BACKOFF_S) * G_USEC_PER_SEC;

  /* Spread reconnects so that clients do not all return at once. */
  delay_us = delay_us / 2 + g_random_int_range (0, (gint32) (delay_us / 2) + 1);
  self->retries++;
  self->retry_at_us = g_get_monotonic_time () + delay_us;
  g_debug ("Reconnecting in %.1f s", delay_us / (double) G_USEC_PER_SEC);
}

/* Stops for good on a cause that retrying cannot fix; otherwise tries again
 * after a while. */
static void
stop_or_retry (GlintWorker          *self,
               GlintConnectionError  why,
               gboolean              final)
{
  if (final)
    {
      self->want_online = FALSE;
      glint_worker_post_connection (self, GLINT_CONNECTION_FAILED, why);
    }
  else
    {
      schedule_retry (self);
      glint_worker_post_connection (self, GLINT_CONNECTION_WAITING, why);
    }
}

static void
conn_handler (xmpp_conn_t          *conn,
              xmpp_conn_event_t     event,
              int                   error,
              xmpp_stream_error_t  *stream_error,
              void                 *userdata)
{
  GlintWorker *self = userdata;
  GlintConnectionError why;

  if (conn != self->conn)
    return;

  if (event == XMPP_CONN_CONNECT)
    {
      self->authenticated = TRUE;
      self->retries = 0;
      glint_worker_on_connected (self);
      return;
    }
  if (event == XMPP_CONN_RAW_CONNECT)
    return;

  self->conn_finished = TRUE;
  g_hash_table_remove_all (self->pending);
  why = classify_disconnect (self, error, stream_error);
  g_debug ("Disconnected (error %d, cause %d)", error, why);

  if (!self->want_online)
    glint_worker_post_connection (self, GLINT_CONNECTION_DISCONNECTED, GLINT_ERROR_NONE);
  else
    stop_or_retry (self, why, error_is_final (why) && !(self->authenticated && why == GLINT_ERROR_TLS));
}

static void
release_conn (GlintWorker *self)
{
  if (self->conn == NULL)
    return;
  if (self->authenticated && self->want_online)
    {
      if (self->sm_state)
        xmpp_free_sm_state (self->sm_state);
      self->sm_state = xmpp_conn_get_sm_state (self->conn);
    }
  xmpp_conn_release (self->conn);
  self->conn = NULL;
  self->socket_fd = -1;
  self->conn_finished = FALSE;
  self->authenticated = FALSE;
}

/* getaddrinfo tells a name that does not resolve from a host that does not
 * answer; libstrophe's return code does not. */
static GlintConnectionError
classify_connect_failure (GlintWorker *self)
{
  const char *host = self->account->host ? self->account->host : self->domain;
  struct addrinfo hints = { .ai_socktype = SOCK_STREAM };
  struct addrinfo *res = NULL;
  int rc = getaddrinfo (host, NULL, &hints, &res);

  if (res)
    freeaddrinfo (res);
  return rc == 0 ? GLINT_ERROR_UNREACHABLE : GLINT_ERROR_DNS;
}

static void
start_attempt (GlintWorker *self)
{
  g_autofree char *full = NULL;
  long flags = 0;
  int rc;

  release_conn (self);
  self->cert_rejected = FALSE;
  self->over_limit = FALSE;
  self->sm_enabled = FALSE;
  self->log_hint = GLINT_ERROR_NONE;
  self->retry_at_us = 0;
  self->conn = xmpp_conn_new (self->ctx);

  switch (self->account->tls_mode)
    {
    case GLINT_TLS_STARTTLS:
      flags = XMPP_CONN_FLAG_MANDATORY_TLS;
      break;
    case GLINT_TLS_DIRECT:
      flags = XMPP_CONN_FLAG_LEGACY_SSL;
      break;
    case GLINT_TLS_PLAINTEXT:
      flags = XMPP_CONN_FLAG_DISABLE_TLS;
      break;
    }
  xmpp_conn_set_flags (self->conn, flags);
  full = g_strdup_printf ("%s/%s", self->account->jid, self->account->resource);
  xmpp_conn_set_jid (self->conn, full);
  xmpp_conn_set_pass (self->conn, self->password ? self->password : "");
  xmpp_conn_set_certfail_handler (self->conn, certfail_handler);
  self->socket_fd = -1;
  xmpp_conn_set_sockopt_callback (self->conn, sockopt_handler);
  if (self->sm_state)
    {
      xmpp_conn_set_sm_state (self->conn, self->sm_state);
      self->sm_state = NULL;
    }
  glint_worker_add_handlers (self);

  glint_worker_post_connection (self, GLINT_CONNECTION_CONNECTING, GLINT_ERROR_NONE);
  rc = xmpp_connect_client (self->conn, self->account->host,
                            self->account->port, conn_handler, self);
  if (rc != XMPP_EOK)
    {
      GlintConnectionError why = classify_connect_failure (self);

      self->conn_finished = TRUE;
      /* A name that never resolved is a typo; one that resolved before is
       * a network that went away. */
      stop_or_retry (self, why, why == GLINT_ERROR_DNS && self->retries == 0);
    }
}

static void
go_offline (GlintWorker *self)
{
  self->want_online = FALSE;
  self->retry_at_us = 0;
  if (self->sm_state)
    {
      xmpp_free_sm_state (self->sm_state);
      self->sm_state = NULL;
    }
  if (self->conn && self->authenticated)
    {
      xmpp_stanza_t *bye = xmpp_presence_new (self->ctx);
      xmpp_stanza_set_type (bye, "unavailable");
      xmpp_send (self->conn, bye);
      xmpp_stanza_release (bye);
    }
  if (self->conn && !self->conn_finished)
    xmpp_disconnect (self->conn);
  else
    {
      release_conn (self);
      glint_worker_post_connection (self, GLINT_CONNECTION_DISCONNECTED, GLINT_ERROR_NONE);
    }
}

static void
send_when_online (GlintWorker   *self,
                  xmpp_stanza_t *stanza)
{
  if (self->conn && self->authenticated)
    xmpp_send (self->conn, stanza);
  xmpp_stanza_release (stanza);
}

static void
handle_command (GlintWorker  *self,
                GlintCommand *cmd)
{
  gboolean online = self->conn && self->authenticated;

  switch (cmd->type)
    {
    case GLINT_COMMAND_CONNECT:
      {
        g_autoptr(GlintJid) jid = glint_jid_parse (cmd->account->jid, NULL);

        glint_account_free (self->account);
        self->account = g_steal_pointer (&cmd->account);
        g_free (self->password);
        self->password = g_steal_pointer (&cmd->password);
        g_free (self->domain);
        self->domain = jid ? g_strdup (jid->domain) : NULL;
        if (self->sm_state)
          g_clear_pointer (&self->sm_state, xmpp_free_sm_state);
        if (jid == NULL || jid->local == NULL)
          {
            glint_worker_post_connection (self, GLINT_CONNECTION_FAILED, GLINT_ERROR_CONFIG);
            break;
          }
        self->want_online = TRUE;
        self->retries = 0;
        if (self->conn && !self->conn_finished)
          xmpp_disconnect (self->conn);
        start_attempt (self);
      }
      break;

    case GLINT_COMMAND_DISCONNECT:
      go_offline (self);
      break;

    case GLINT_COMMAND_SEND_MESSAGE:
      if (online)
        {
          GlintEvent *sent = glint_event_new (GLINT_EVENT_MESSAGE_SENT, self->account->jid);

          send_when_online (self, glint_stanza_new_message (self->ctx, cmd->jid, cmd->body, cmd->xmpp_id));
          sent->message_id = cmd->message_id;
          glint_worker_post (self, sent);
        }
      break;

    case GLINT_COMMAND_CHAT_STATE:
      send_when_online (self, glint_stanza_new_chat_state (self->ctx, cmd->jid, cmd->state));
      break;

    case GLINT_COMMAND_SET_PRESENCE:
      g_free (self->show);
      self->show = g_steal_pointer (&cmd->show);
      g_free (self->status);
      self->status = g_steal_pointer (&cmd->status);
      if (online)
        glint_worker_send_presence (self);
      break;

    case GLINT_COMMAND_ROSTER_SET:
    case GLINT_COMMAND_ROSTER_REMOVE:
      if (online)
        {
          g_autofree char *id = g_uuid_string_random ();
          glint_worker_send_iq (self,
                                glint_stanza_new_roster_set (self->ctx, id, cmd->jid, cmd->name, cmd->groups,
                                                             cmd->type == GLINT_COMMAND_ROSTER_REMOVE),
                                IQ_ROSTER_SET, NULL);
        }
      break;

    case GLINT_COMMAND_SUBSCRIPTION:
      send_when_online (self, glint_stanza_new_subscription (self->ctx, cmd->jid, cmd->state));
      break;

    case GLINT_COMMAND_NETWORK_CHANGED:
      if (cmd->available && self->want_online && self->conn == NULL)
        {
          self->retries = 0;
          start_attempt (self);
        }
      else if (cmd->available && online)
        self->ping_at_us = 0; /* check the old stream at once */
      break;

    case GLINT_COMMAND_QUIT:
      self->quit = TRUE;
      go_offline (self);
      break;
    }
}

static void
tick (GlintWorker *self)
{
  gint64 now = g_get_monotonic_time ();

  /* A stanza that never ends (endless text, or elements nested without
   * end) grows here: cut the stream before it costs the memory, or the
   * stack when libstrophe frees it. At most one read (4 KiB) of growth
   * happens between two checks. */
  if (self->conn && !self->conn_finished && !self->over_limit
      && self->memory.in_use > GLINT_XMPP_MEMORY_LIMIT)
    {
      g_debug ("The server sent more than %d bytes in one go; disconnecting", GLINT_XMPP_MEMORY_LIMIT);
      self->over_limit = TRUE;
      /* Not a polite close: libstrophe would go on reading while it waits
       * for the server to answer one. */
      if (self->socket_fd >= 0)
        shutdown (self->socket_fd, SHUT_RDWR);
      xmpp_disconnect (self->conn);
    }

  if (self->conn_finished)
    release_conn (self);
  if (self->conn == NULL && self->want_online && self->retry_at_us && now >= self->retry_at_us)
    start_attempt (self);
  if (self->conn && self->authenticated)
    glint_worker_check_timeouts (self, now);
}

static gpointer
worker_main (gpointer data)
{
  GlintWorker *self = data;
  xmpp_log_t log = { log_handler, self };
  gint64 quit_deadline = 0;

  sigset_t pipe_only;

  /* A server that hangs up while we write must give EPIPE, not kill the
   * process, whatever the program around the library does with SIGPIPE. */
  sigemptyset (&pipe_only);
  sigaddset (&pipe_only, SIGPIPE);
  pthread_sigmask (SIG_BLOCK, &pipe_only, NULL);

  g_private_set (&current_worker, self);
  self->log_verbose = g_getenv ("GLINT_DEBUG_XMPP") != NULL;
  glint_xmpp_memory_init (&self->memory);
  self->ctx = xmpp_ctx_new (&self->memory.mem, &log);

  for (;;)
    {
      GlintCommand *cmd;

      while ((cmd = g_async_queue_try_pop (self->commands)))
        {
          handle_command (self, cmd);
          glint_command_free (cmd);
        }
      if (self->quit && quit_deadline == 0)
        quit_deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
      if (self->quit && (self->conn == NULL || g_get_monotonic_time () > quit_deadline))
        break;

      if (self->conn != NULL)
        xmpp_run_once (self->ctx, LOOP_TIMEOUT_MS);
      else
        {
          /* Nothing to read: sleep on the queue until a command or a retry. */
          gint64 wait = G_USEC_PER_SEC;
          if (self->want_online && self->retry_at_us)
            wait = CLAMP (self->retry_at_us - g_get_monotonic_time (), 0, G_USEC_PER_SEC);
          cmd = g_async_queue_timeout_pop (self->commands, wait);
          if (cmd)
            {
              handle_command (self, cmd);
              glint_command_free (cmd);
            }
        }
      tick (self);
    }

  if (self->conn)
    {
      self->want_online = FALSE;
      xmpp_conn_release (self->conn);
      self->conn = NULL;
    }
  if (self->sm_state)
    xmpp_free_sm_state (self->sm_state);
  xmpp_ctx_free (self->ctx);
  self->ctx = NULL;
  return NULL;
}

/* libstrophe frees a stanza recursively, 32 bytes of stack a level. The
 * memory limit bounds how deep a tree can get (a level costs libstrophe at
 * least 48 bytes); this stack holds the deepest such tree with room to
 * spare. It is address space: only the pages used are ever committed. */
#define WORKER_STACK_BYTES (((gsize) GLINT_XMPP_MEMORY_LIMIT / 48) * 32 * 2 + 8 * 1024 * 1024)

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

GlintWorker *
glint_worker_new (GMainContext   *context,
                  GlintEventFunc  event_func,
                  gpointer        user_data)
{
  GlintWorker *self = g_new0 (GlintWorker, 1);

  self->sink = g_atomic_rc_box_new0 (EventSink);
  self->sink->func = event_func;
  self->sink->user_data = user_data;
  self->sink_context = context ? g_main_context_ref (context) : g_main_context_ref_thread_default ();
  self->commands = g_async_queue_new_full ((GDestroyNotify) glint_command_free);
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, glint_worker_pending_free);
  self->state = GLINT_CONNECTION_DISCONNECTED;
  self->socket_fd = -1;
  xmpp_initialize ();
  start_thread (self);
  return self;
}

/* Thread-safe; takes ownership of @command. */
void
glint_worker_push (GlintWorker  *self,
                   GlintCommand *command)
{
  g_async_queue_push (self->commands, command);
}

/* Call from the thread that owns the sink's main context. */
void
glint_worker_free (GlintWorker *self)
{
  if (self == NULL)
    return;
  self->sink->closed = TRUE;
  g_async_queue_push (self->commands, glint_command_new (GLINT_COMMAND_QUIT));
  pthread_join (self->thread, NULL);
  xmpp_shutdown ();
  g_async_queue_unref (self->commands);
  g_atomic_rc_box_release (self->sink);
  g_main_context_unref (self->sink_context);
  g_hash_table_unref (self->pending);
  glint_account_free (self->account);
  g_free (self->password);
  g_free (self->domain);
  g_free (self->show);
  g_free (self->status);
  g_free (self);
}

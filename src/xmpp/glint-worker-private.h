/* glint-worker-private.h: state shared by the worker's files (worker thread only)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <pthread.h>
#include <strophe.h>

#include "glint-worker.h"
#include "glint-stanza.h"
#include "glint-xmpp-memory.h"

G_BEGIN_DECLS

typedef enum
{
  IQ_ROSTER_GET,
  IQ_ROSTER_SET,
  IQ_DISCO_ACCOUNT,
  IQ_DISCO_SERVER,
  IQ_PING,
  IQ_INVISIBLE,
} IqKind;

typedef struct
{
  IqKind  kind;
  char   *to;          /* who must answer: a JID, never NULL */
  gint64  deadline_us; /* monotonic */
} PendingIq;

typedef struct _EventSink EventSink;

struct _GlintWorker
{
  pthread_t             thread;
  GAsyncQueue          *commands;
  EventSink            *sink;
  GMainContext         *sink_context;

  /* Below: touched by the worker thread only. */
  xmpp_ctx_t           *ctx;
  GlintXmppMemory       memory;          /* what libstrophe holds */
  gboolean              over_limit;
  int                   socket_fd;       /* of the current attempt, or -1 */
  xmpp_conn_t          *conn;
  gboolean              conn_finished;   /* released after xmpp_run_once returns */
  xmpp_sm_state_t      *sm_state;        /* kept for resuming the next stream */
  GlintAccount         *account;
  char                 *password;
  char                 *domain;
  gboolean              want_online;
  gboolean              quit;
  GlintConnectionState  state;
  gboolean              authenticated;
  gboolean              cert_rejected;
  GlintConnectionError  log_hint;
  gboolean              log_verbose;
  gboolean              sm_enabled;      /* XEP-0198 is on for this stream */     /* GLINT_DEBUG_XMPP: log the whole stream */        /* what libstrophe's log said went wrong */
  guint                 retries;
  gint64                retry_at_us;
  gint64                ping_at_us;
  GHashTable           *pending;         /* id -> PendingIq */
  gboolean              stanza_ids_trusted;
  gboolean              invisible_supported;
  gboolean              invisible;
  char                 *show;
  char                 *status;
};

#define GLINT_PING_INTERVAL_US (60 * G_USEC_PER_SEC)
#define GLINT_IQ_TIMEOUT_US    (30 * G_USEC_PER_SEC)

void  glint_worker_post            (GlintWorker   *self,
                                    GlintEvent    *event);
void  glint_worker_post_connection (GlintWorker   *self,
                                    GlintConnectionState state,
                                    GlintConnectionError error);
void  glint_worker_add_handlers    (GlintWorker   *self);
void  glint_worker_on_connected    (GlintWorker   *self);
void  glint_worker_send_iq         (GlintWorker   *self,
                                    xmpp_stanza_t *iq,
                                    IqKind         kind,
                                    const char    *to);
void  glint_worker_send_presence   (GlintWorker   *self);
void  glint_worker_check_timeouts  (GlintWorker   *self,
                                    gint64         now_us);
GlintStanzaContext glint_worker_stanza_context (GlintWorker *self);
void  glint_worker_pending_free    (gpointer       data);

G_END_DECLS

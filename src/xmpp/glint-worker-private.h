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

typedef struct _GlintLink GlintLink;

/* What to do with the answer to an IQ we sent; @reply is NULL when none
 * came before the deadline. */
typedef void (*GlintIqReplyFunc) (GlintLink     *link,
                                  xmpp_stanza_t *reply,
                                  gboolean       ok,
                                  const char    *id);

typedef struct
{
  GlintIqReplyFunc  func;
  char             *id;
  char             *to;          /* who must answer: a JID, never NULL */
  gint64            deadline_us; /* monotonic */
  gboolean          fatal;       /* no answer means the stream is dead (pings) */
} PendingIq;

/* One account's connection. Each has its own libstrophe context: what
 * libstrophe logs and allocates is then known to be this account's (its
 * log callback and allocator carry no connection), so a cause in the log
 * or a stream over the memory limit is never blamed on another account. */
struct _GlintLink
{
  GlintWorker          *worker;
  xmpp_ctx_t           *ctx;
  xmpp_log_t           *log;
  GlintXmppMemory       memory;          /* what libstrophe holds for this account */
  gboolean              over_limit;      /* the stream was cut for its size */
  guint64               parsed_bytes;    /* received when libstrophe last made something of it */
  int                   socket_fd;       /* of the current attempt, or -1 */
  xmpp_conn_t          *conn;
  gboolean              conn_finished;   /* released after xmpp_run_once returns */
  gboolean              closing;         /* we asked libstrophe to close the stream */
  GlintAccount         *account;
  char                 *password;
  char                 *new_password;     /* asked of the server, not yet answered */
  char                 *domain;
  gboolean              want_online;
  gboolean              forget;          /* drop the link once disconnected */
  GlintConnectionState  state;
  gboolean              authenticated;
  gboolean              cert_rejected;
  GlintConnectionError  log_hint;        /* what libstrophe's log said went wrong */
  gboolean              sm_enabled;      /* XEP-0198 is on for this stream */
  char                 *offered;         /* the strongest SASL mechanism this stream offered */
  gint64                active_at_us;    /* when the user last sent something (XEP-0012) */
  gint64                idle_since_ms;   /* the presence says idle since then (XEP-0319); 0: not */
  guint                 retries;
  GlintConnectionError  last_end;        /* why the last stream ended */
  gint64                retry_at_us;
  gint64                ping_at_us;
  GHashTable           *pending;         /* id -> PendingIq */
  gboolean              stanza_ids_trusted;
  gboolean              archive_supported; /* the account's server keeps an archive (XEP-0313) */
  gboolean              account_features_known; /* the account's disco#info was answered this stream */
  GHashTable           *archive_queries;  /* ids of our archive queries not yet finished */
  GArray               *unacked;          /* store ids of messages sent, oldest first, not yet known to be the server's */
  guint                 ack_covers;       /* how many of them the IQ in flight vouches for; 0: none in flight */
  gboolean              registering;     /* a new account's stream (XEP-0077), keyed by the domain */
  gboolean              register_done;   /* its outcome was told */
  char                 *removal_id;      /* the account's removal was asked and not answered */
  gboolean              invisible_supported;
  gboolean              invisible;
  char                 *show;
  char                 *status;
  GHashTable           *rooms;           /* bare JID -> GlintStanzaRoom: this stream's rooms */
  GHashTable           *bookmarks;       /* bare JID -> GlintBookmark, as the server keeps them */
  GHashTable           *room_queries;    /* query id -> the room whose archive it asks */
  gboolean              bookmarks_pep;   /* kept as XEP-0402 items, else XEP-0048 */
  gboolean              bookmarks_known; /* this stream read the list: XEP-0048's may be written whole */
};

struct _GlintWorker
{
  GObject               parent_instance;
  pthread_t             thread;
  GAsyncQueue          *commands;
  int                   wake_fd;         /* eventfd: a command is waiting */
  GlintEventPipe       *pipe;

  /* Below: touched by the worker thread only. */
  GHashTable           *links;           /* bare JID -> GlintLink */
  GlintLink            *running;         /* whose context libstrophe is in now */
  gboolean              quit;
  gboolean              log_verbose;     /* GLINT_DEBUG_XMPP: log the whole stream */
  gsize                 wakeups;         /* read from any thread, for figures */
};

#define GLINT_PING_INTERVAL_US (60 * G_USEC_PER_SEC)
#define GLINT_IQ_TIMEOUT_US    (30 * G_USEC_PER_SEC)
/* A room this long silent is asked whether it still has us (XEP-0410). */
#define GLINT_ROOM_SILENCE_US  (10 * 60 * G_USEC_PER_SEC)

GlintLink *glint_link_new           (GlintWorker      *worker,
                                    const char       *jid);
void  glint_link_free              (gpointer          link);
void  glint_link_handle_command    (GlintLink        *link,
                                    GlintCommand     *cmd);
void  glint_link_start_attempt     (GlintLink        *link);
void  glint_link_go_offline        (GlintLink        *link);
void  glint_link_dispatch          (GlintLink        *link,
                                    xmpp_stanza_t    *stanza);
void  glint_link_post_all          (GlintLink        *link,
                                    GPtrArray        *events);
void  glint_link_post              (GlintLink        *link,
                                    GlintEvent       *event);
void  glint_link_post_connection   (GlintLink        *link,
                                    GlintConnectionState state,
                                    GlintConnectionError error);
void  glint_link_add_handlers      (GlintLink        *link);
void  glint_link_on_connected      (GlintLink        *link);
void  glint_link_send_iq           (GlintLink        *link,
                                    xmpp_stanza_t    *iq,
                                    GlintIqReplyFunc  func,
                                    const char       *to);
void  glint_link_send_presence     (GlintLink        *link);
void  glint_link_stop              (GlintLink        *link,
                                    GlintConnectionError why);
void  glint_link_register_connected (GlintLink        *link,
                                     xmpp_conn_event_t event);
void  glint_link_register_ended    (GlintLink        *link,
                                    GlintConnectionError why);
void  glint_link_register_submit   (GlintLink        *link,
                                    GlintCommand     *cmd);
void  glint_link_remove_account    (GlintLink        *link);
void  glint_link_ask_last_activity (GlintLink        *link,
                                    const char       *jid);
gboolean glint_link_removal_ended (GlintLink        *link,
                                    gboolean          by_server);
gboolean glint_link_roster_owed    (GlintLink        *link);
void  glint_link_send_block        (GlintLink        *link,
                                    const char       *jid);
void  glint_link_send_roster_set   (GlintLink        *link,
                                    GlintCommand     *cmd);
void  glint_link_query_archive     (GlintLink        *link,
                                    GlintCommand     *cmd);
void  glint_link_change_password   (GlintLink        *link,
                                    GlintCommand     *cmd);
void  glint_link_send_message      (GlintLink        *link,
                                    GlintCommand     *cmd);
void  glint_link_check_timeouts    (GlintLink        *link,
                                    gint64            now_us);
gint64 glint_link_next_deadline    (GlintLink        *link);
GlintStanzaContext glint_link_stanza_context (GlintLink *link);
void  glint_link_send_stanza       (GlintLink        *link,
                                    xmpp_stanza_t    *stanza);
void  glint_link_join_room         (GlintLink        *link,
                                    GlintCommand     *cmd);
void  glint_link_leave_room        (GlintLink        *link,
                                    const char       *jid);
void  glint_link_change_nick       (GlintLink        *link,
                                    GlintCommand     *cmd);
void  glint_link_track_rooms       (GlintLink        *link,
                                    GPtrArray        *events);
void  glint_link_check_rooms       (GlintLink        *link,
                                    gint64            now_us,
                                    gboolean          all);
void  glint_link_send_room_presence (GlintLink       *link);
void  glint_link_query_room_archive (GlintLink       *link,
                                     GlintCommand    *cmd);
gboolean glint_link_room_archive_result (GlintLink     *link,
                                         xmpp_stanza_t *stanza,
                                         GPtrArray     *events);
void  glint_link_browse_rooms      (GlintLink        *link,
                                    const char       *service);
void  glint_link_moderate          (GlintLink        *link,
                                    GlintCommand     *cmd);
void  glint_link_destroy_room      (GlintLink        *link,
                                    GlintCommand     *cmd);
void  glint_link_fetch_bookmarks   (GlintLink        *link,
                                    gboolean          pep);
void  glint_link_track_bookmarks   (GlintLink        *link,
                                    GPtrArray        *events);
void  glint_link_save_bookmark     (GlintLink           *link,
                                    const GlintBookmark *bookmark,
                                    gboolean             remove);
void  glint_pending_iq_free        (gpointer          data);

G_END_DECLS

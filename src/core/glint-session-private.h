/* glint-session-private.h: what the client that owns sessions tells them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "glint-command.h"
#include "glint-session.h"

G_BEGIN_DECLS

struct _GlintSession
{
  GObject               parent_instance;
  GlintStore           *store;
  char                 *config_path;
  GlintTransport       *transport;
  GlintAccount         *account;
  char                 *password;
  char                 *new_password;   /* asked of the server, not yet answered */
  GListStore           *roster;
  GHashTable           *contacts;       /* bare jid -> GlintContact */
  GHashTable           *roster_seen;    /* jids in the roster being loaded */
  GPtrArray            *unsaved;        /* messages the store could not take yet */
  GPtrArray            *batch;          /* copies of what this slice stored, until it commits */
  gboolean              in_batch;
  guint                 conflicts;      /* resource conflicts since the last login */
  gboolean              logged_out;     /* the user logged out: a conflict after it is no reason to come back */
  guint                 retry_id;       /* trying again to save what is unsaved */
  GlintConnectionState  state;
  GlintConnectionError  error;
  gboolean              features_known;
  gboolean              removing;        /* the account's removal was asked, not yet answered */
  gint64                retry_at_us;
  char                 *own_show;
  gboolean              presence_sent;  /* this stream has our presence */
  char                 *own_status;
  gboolean              invisible_supported;
  gboolean              stream_management;
  gboolean              roster_loaded;
  gboolean              allow_attention;
  GHashTable           *attention_shown; /* bare jid -> when (monotonic µs) */
  /* The archive (glint-session-archive.c) */
  gboolean              archive_supported;
  gboolean              archive_caught_up; /* this stream's catch-up is done */
  gboolean              archive_syncing;
  guint                 archive_fetched;   /* new messages this catch-up stored */
  struct _ArchiveQuery *archive_query;     /* the one in flight */
  guint                 archive_page_added;
  gint64                archive_page_min_ms;
  gint64                archive_page_max_ms;
  GHashTable           *archive_floors;    /* peer -> time of the last message this catch-up met */
  GQueue               *older_wanted;      /* peers whose older history was asked for */
  GHashTable           *older_cursors;     /* peer -> archive id of the oldest fetched */
  gint64              (*now_us) (void);
  /* Rooms (glint-session-rooms.c) */
  GHashTable           *rooms;             /* bare jid -> GlintRoom */
  GListStore           *room_list;
  GHashTable           *bookmarks;         /* bare jid -> GlintBookmark (glint-session-bookmarks.c) */
  gboolean              bookmarks_loaded;  /* this stream had them from the server */
  /* Rooms' archives (glint-session-room-archive.c) */
  struct _RoomQuery    *room_query;        /* the one in flight */
  GQueue               *room_catch_ups;    /* rooms to read forward */
  GQueue               *room_older;        /* rooms scrolled past their oldest */
  GHashTable           *room_archives;     /* rooms that keep an archive -> archive id older pages go before, or NULL */
};


void glint_session_handle_event (GlintSession *self,
                                 GlintEvent   *event);
void glint_session_begin_batch  (GlintSession *self);
void glint_session_end_batch    (GlintSession *self,
                                 const char   *failure);
void glint_session_set_clock    (GlintSession  *self,
                                 gint64       (*now_us) (void));

/* Shared by the session's files. */
void     glint_session_push             (GlintSession       *self,
                                         GlintCommand       *cmd);
void     glint_session_send_stored      (GlintSession       *self,
                                         const GlintMessage *msg);
gboolean glint_session_apply_correction (GlintSession       *self,
                                         const GlintMessage *msg);
void     glint_session_send_receipt     (GlintSession       *self,
                                         const GlintMessage *msg);
gboolean glint_session_wants_attention  (GlintSession       *self,
                                         const char         *bare);
void     glint_session_notify_archive   (GlintSession       *self);
gboolean glint_session_store_message    (GlintSession       *self,
                                         GlintMessage       *msg,
                                         gboolean           *duplicate);
void     glint_session_receive_message  (GlintSession       *self,
                                         GlintEvent         *event);
void     glint_session_peer_marked      (GlintSession       *self,
                                         const char         *jid,
                                         const char         *xmpp_id,
                                         GlintMessageState   state);
void     glint_session_apply_roster_item (GlintSession      *self,
                                          GlintEvent        *event);
void     glint_session_finish_roster    (GlintSession       *self);
void     glint_session_apply_presence   (GlintSession       *self,
                                         GlintEvent         *event);
void     glint_session_removal_answered (GlintSession      *self,
                                         const char        *condition,
                                         const char        *text);
void     glint_session_password_answered (GlintSession      *self,
                                          const char        *condition);
void     glint_session_rooms_init       (GlintSession       *self);
void     glint_session_rooms_finalize   (GlintSession       *self);
void     glint_session_rooms_connected  (GlintSession       *self);
void     glint_session_rooms_disconnected (GlintSession     *self);
void     glint_session_apply_room_event (GlintSession       *self,
                                         GlintEvent         *event);
GlintRoom *glint_session_joined_room      (GlintSession       *self,
                                          const char         *jid,
                                          GError            **error);
void     glint_session_apply_bookmark   (GlintSession       *self,
                                         GlintEvent         *event);
void     glint_session_room_archive_init     (GlintSession       *self);
void     glint_session_room_archive_finalize (GlintSession       *self);
void     glint_session_room_archive_reset    (GlintSession       *self);
void     glint_session_room_features         (GlintSession       *self,
                                              GlintEvent         *event);
void     glint_session_room_joined           (GlintSession       *self,
                                              const char         *room);
gboolean glint_session_fetch_older_in_room   (GlintSession       *self,
                                              const char         *room);
void     glint_session_room_archive_message  (GlintSession       *self,
                                              const GlintMessage *msg,
                                              gboolean            added);
void     glint_session_room_archive_page     (GlintSession       *self,
                                              GlintEvent         *event);
gboolean glint_session_room_ready       (GlintSession       *self,
                                         const GlintMessage *msg);
void     glint_session_archive_init     (GlintSession       *self);
void     glint_session_archive_finalize (GlintSession       *self);
void     glint_session_archive_features (GlintSession       *self,
                                         gboolean            known,
                                         gboolean            supported);
void     glint_session_archive_reset    (GlintSession       *self);
void     glint_session_archive_place    (GlintSession       *self,
                                         GlintMessage       *msg);
void     glint_session_archive_message  (GlintSession       *self,
                                         const GlintMessage *msg,
                                         gboolean            added);
void     glint_session_archive_page     (GlintSession       *self,
                                         GlintEvent         *event);
gboolean glint_session_keep_archive_page (GlintSession      *self,
                                          const char        *archive,
                                          gboolean           newest,
                                          GlintEvent        *event,
                                          gint64             min_ms,
                                          gint64             max_ms,
                                          GError           **error);

G_END_DECLS

/* glint-session.h: one account's live session: roster, presence, messages
 *
 * The session applies the worker's events to the models and the store, and
 * turns the application's requests into commands. It runs on the main
 * thread and knows nothing of GTK.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "glint-account.h"
#include "glint-contact.h"
#include "glint-room.h"
#include "glint-event.h"
#include "glint-store.h"
#include "glint-transport.h"

G_BEGIN_DECLS

#define GLINT_TYPE_SESSION (glint_session_get_type ())

G_DECLARE_FINAL_TYPE (GlintSession, glint_session, GLINT, SESSION, GObject)

GlintSession         *glint_session_new                 (GlintTransport      *transport,
                                                         GlintStore          *store,
                                                         const GlintAccount  *account,
                                                         const char          *config_path);
GlintStore           *glint_session_get_store           (GlintSession        *self);
void                  glint_session_set_store           (GlintSession        *self,
                                                         GlintStore          *store);
GListModel           *glint_session_get_roster          (GlintSession        *self);
GlintContact         *glint_session_lookup_contact      (GlintSession        *self,
                                                         const char          *jid);
const GlintAccount   *glint_session_get_account         (GlintSession        *self);
const char           *glint_session_get_account_jid     (GlintSession        *self);
GlintConnectionState  glint_session_get_state           (GlintSession        *self);
GlintConnectionError  glint_session_get_error           (GlintSession        *self);
gint64                glint_session_get_retry_at        (GlintSession        *self);
const char           *glint_session_get_own_show        (GlintSession        *self);
gboolean              glint_session_get_presence_sent   (GlintSession        *self);
gboolean              glint_session_get_invisible_supported (GlintSession    *self);
gboolean              glint_session_get_features_known      (GlintSession    *self);
gboolean              glint_session_get_roster_loaded   (GlintSession        *self);
gboolean              glint_session_get_stream_management (GlintSession      *self);
gboolean              glint_session_get_archive_syncing (GlintSession        *self);
guint                 glint_session_get_archive_fetched (GlintSession        *self);
gboolean              glint_session_get_archive_caught_up (GlintSession      *self);
gboolean              glint_session_fetch_older         (GlintSession        *self,
                                                         const char          *peer);
void                  glint_session_ask_last_activity   (GlintSession        *self,
                                                         const char          *jid);
gboolean              glint_session_remove_from_server  (GlintSession        *self,
                                                         GError             **error);
gboolean              glint_session_change_password     (GlintSession        *self,
                                                         const char          *password,
                                                         GError             **error);

void                  glint_session_login               (GlintSession        *self,
                                                         const GlintAccount  *account,
                                                         const char          *password);
void                  glint_session_logout              (GlintSession        *self);
void                  glint_session_trust_certificate   (GlintSession        *self,
                                                         const char          *fingerprint);
void                  glint_session_set_sharing         (GlintSession        *self,
                                                         gboolean             share_version,
                                                         gboolean             share_idle);
void                  glint_session_accept_mechanism    (GlintSession        *self,
                                                         const char          *mechanism);
void                  glint_session_revoke_certificate  (GlintSession        *self,
                                                         const char          *fingerprint);
void                  glint_session_network_changed     (GlintSession        *self,
                                                         gboolean             available);
GlintMessage         *glint_session_send_message        (GlintSession        *self,
                                                         const char          *peer,
                                                         const char          *body,
                                                         GError             **error);
void                  glint_session_send_displayed      (GlintSession        *self,
                                                         const GlintMessage  *msg);
gboolean              glint_session_retry_message       (GlintSession        *self,
                                                         const GlintMessage  *msg,
                                                         GError             **error);
gint64                glint_session_correct_message     (GlintSession        *self,
                                                         const GlintMessage  *original,
                                                         const char          *body,
                                                         GError             **error);
void                  glint_session_send_chat_state     (GlintSession        *self,
                                                         const char          *peer,
                                                         const char          *state);
gboolean              glint_session_set_presence        (GlintSession        *self,
                                                         const char          *show,
                                                         const char          *status,
                                                         GError             **error);
gboolean              glint_session_set_idle_presence   (GlintSession        *self,
                                                         const char          *show,
                                                         const char          *status,
                                                         gint64               idle_since_ms,
                                                         GError             **error);
void                  glint_session_add_contact         (GlintSession        *self,
                                                         const char          *jid,
                                                         const char          *name,
                                                         const char          *group);
void                  glint_session_update_contact      (GlintSession        *self,
                                                         const char          *jid,
                                                         const char          *name,
                                                         const char          *group);
void                  glint_session_remove_contact      (GlintSession        *self,
                                                         const char          *jid);
void                  glint_session_answer_subscription (GlintSession        *self,
                                                         const char          *jid,
                                                         gboolean             accept);
void                  glint_session_block               (GlintSession        *self,
                                                         const char          *jid);
void                  glint_session_set_allow_attention (GlintSession        *self,
                                                         gboolean             allow);

GlintRoom            *glint_session_join_room           (GlintSession        *self,
                                                         const char          *jid,
                                                         const char          *nick,
                                                         const char          *password,
                                                         GError             **error);
GlintRoom            *glint_session_create_room         (GlintSession        *self,
                                                         const char          *jid,
                                                         const char          *nick,
                                                         const char          *name,
                                                         const char          *subject,
                                                         GError             **error);
void                  glint_session_leave_room          (GlintSession        *self,
                                                         const char          *jid);
GlintRoom            *glint_session_lookup_room         (GlintSession        *self,
                                                         const char          *jid);
GListModel           *glint_session_get_rooms           (GlintSession        *self);
GlintConversationKind glint_session_stored_kind         (GlintSession        *self,
                                                         const char          *peer);
GlintConversationKind glint_session_conversation_kind   (GlintSession        *self,
                                                         const char          *peer);
gboolean              glint_session_set_room_subject    (GlintSession        *self,
                                                         const char          *jid,
                                                         const char          *subject,
                                                         GError             **error);
gboolean              glint_session_change_nick         (GlintSession        *self,
                                                         const char          *jid,
                                                         const char          *nick,
                                                         GError             **error);
gboolean              glint_session_invite              (GlintSession        *self,
                                                         const char          *room,
                                                         const char          *contact,
                                                         const char          *reason,
                                                         GError             **error);
gboolean              glint_session_moderate            (GlintSession        *self,
                                                         const char          *room,
                                                         const char          *nick,
                                                         const char          *action,
                                                         const char          *reason,
                                                         GError             **error);
gboolean              glint_session_destroy_room        (GlintSession        *self,
                                                         const char          *room,
                                                         const char          *reason,
                                                         GError             **error);
void                  glint_session_browse_rooms        (GlintSession        *self,
                                                         const char          *service);
char                 *glint_session_default_room_service (GlintSession       *self);
GPtrArray            *glint_session_list_bookmarks      (GlintSession        *self);
const GlintBookmark  *glint_session_lookup_bookmark     (GlintSession        *self,
                                                         const char          *jid);
gboolean              glint_session_save_bookmark       (GlintSession        *self,
                                                         const GlintBookmark *bookmark,
                                                         GError             **error);
gboolean              glint_session_remove_bookmark     (GlintSession        *self,
                                                         const char          *jid,
                                                         GError             **error);
gboolean              glint_session_get_bookmarks_loaded (GlintSession       *self);
char                 *glint_session_default_nick        (GlintSession        *self);

G_END_DECLS

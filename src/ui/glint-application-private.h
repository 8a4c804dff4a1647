/* glint-application-private.h: what the application's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "glint-application.h"
#include "glint-appearance.h"
#include "glint-client.h"
#include "glint-loop-monitor.h"
#include "glint-worker.h"
#include "glint-chat-window.h"
#include "glint-history-window.h"
#include "glint-idle-monitor.h"
#include "glint-login-dialog.h"
#include "glint-notifier.h"
#include "glint-roster-window.h"

G_BEGIN_DECLS

struct _GlintApplication
{
  AdwApplication     parent_instance;
  GSettings         *settings;
  GlintAppearance   *appearance;
  GlintStore        *store;
  GlintEventPipe    *pipe;
  GlintWorker       *worker;
  GlintClient       *client;
  char              *accounts_path;
  GlintRosterWindow *roster_window;
  GlintChatWindow   *chat_window;
  GlintLoginDialog  *login_dialog;
  GtkWindow         *preferences;
  GlintNotifier     *notifier;
  char              *startup_error;  /* shown once a window is up */
  GtkWindow         *upgrade_window;
  guint              upgrade_timeout;
  gint64             upgrade_shown_us;
  GlintLoopMonitor  *loop_monitor;     /* benchmarks only */
  gint64             bench_painted_us; /* benchmarks: a chat first painted with a message */
  gboolean           activate_pending; /* activated before the history was open */
  GQueue             deferred;         /* actions activated before then */
  gulong             network_handler;
  GlintStore        *memory_store;     /* written while history is not saved */
  GCancellable      *history_cancellable;
  guint              prune_timeout;
  GlintHistoryWindow *history_window;
  GlintIdleMonitor  *idle_monitor;
  GHashTable        *away_by_idle;     /* accounts (jids) that went away because the user is idle */
  gint64             idle_since_ms;    /* when the user went idle, as told (XEP-0319) */
  GHashTable        *asked_passwords;  /* account -> the new password its server was asked to take */
};

void  glint_application_install_actions   (GlintApplication *self);
void  glint_application_history_init      (GlintApplication *self);
void  glint_application_history_ready     (GlintApplication *self);
void  glint_application_history_shutdown  (GlintApplication *self);
void  glint_application_away_init         (GlintApplication *self);
void  glint_application_away_shutdown     (GlintApplication *self);
void  glint_application_add_options       (GlintApplication *self);
int   glint_application_handle_local      (GApplication     *app,
                                           GVariantDict     *options);
GlintChatWindow *glint_application_ensure_chat_window (GlintApplication *self);
void  glint_application_show_roster       (GlintApplication *self);
void  glint_application_show_login        (GlintApplication *self,
                                           const char       *error);
void  glint_application_show_preferences  (GlintApplication *self);
void  glint_application_login_saved      (GlintApplication   *self,
                                           const GlintAccount *account);
GlintSession *glint_application_use_account (GlintApplication   *self,
                                             const GlintAccount *account);
guint glint_application_count_accounts    (GlintApplication *self);
void  glint_application_show_login_for    (GlintApplication   *self,
                                           const GlintAccount *account,
                                           const char         *error);
void  glint_application_accounts_changed  (GlintApplication *self);
void  glint_application_run_deferred      (GlintApplication *self);
void  glint_application_password_asked    (GlintApplication *self,
                                           const char       *account,
                                           const char       *password);
void  glint_application_show_error        (GlintApplication *self,
                                           const char       *message);

void     glint_application_notice           (GlintApplication   *self,
                                            const char         *text);

GlintSession *glint_application_session_for_contact (GlintApplication *self,
                                                     const char       *jid);
void     glint_application_open_uri          (GlintApplication   *self,
                                              const char         *account,
                                              const char         *uri);

void     glint_application_add_entries      (GlintApplication   *self,
                                            const GActionEntry *entries,
                                            guint               n_entries);
void     glint_application_add_account_actions (GlintApplication *self);
void     glint_application_add_room_actions (GlintApplication *self);
/* glint-application-bench.c */
void     glint_application_install_bench_hooks (GlintApplication *self);
void     glint_application_on_window_added  (GtkApplication   *app,
                                             GtkWindow        *window);
void     glint_application_on_invitation    (GlintSession       *session,
                                             const char         *room,
                                             const char         *inviter,
                                             const char         *reason,
                                             const char         *password,
                                             GlintApplication   *self);
void     glint_application_show_join_dialog (GlintApplication *self,
                                             const char       *account,
                                             const char       *room);

G_END_DECLS

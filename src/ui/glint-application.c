/* glint-application.c: start-up, the session's signals and the windows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-application"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "glint-accessible.h"
#include "glint-application-private.h"
#include "glint-cert-dialog.h"
#include "glint-loop-monitor.h"
#include "glint-preferences-window.h"
#include "glint-upgrade-window.h"
#include "glint-secrets.h"

G_DEFINE_FINAL_TYPE (GlintApplication, glint_application, ADW_TYPE_APPLICATION)

GlintApplication *
glint_application_new (void)
{
  return g_object_new (GLINT_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/glintim/Glint",
                       NULL);
}

GlintClient *
glint_application_get_client (GlintApplication *self)
{
  return self->client;
}

GlintSession *
glint_application_lookup_session (GlintApplication *self,
                                  const char       *account)
{
  return glint_client_lookup_session (self->client, account);
}

guint
glint_application_count_accounts (GlintApplication *self)
{
  return g_list_model_get_n_items (glint_client_get_sessions (self->client));
}

/* Invisible is one status for every account: offered only where each
 * account's server can hide it (XEP-0186). */
gboolean
glint_application_can_be_invisible (GlintApplication *self)
{
  GListModel *sessions = glint_client_get_sessions (self->client);

  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(GlintSession) session = g_list_model_get_item (sessions, i);
      if (!glint_session_get_invisible_supported (session))
        return FALSE;
    }
  return g_list_model_get_n_items (sessions) > 0;
}

/* For what needs one account and was not told which: the first one
 * online, else the first one. NULL when there is none. */
GlintSession *
glint_application_default_session (GlintApplication *self)
{
  GListModel *sessions = glint_client_get_sessions (self->client);
  GlintSession *first = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(GlintSession) session = g_list_model_get_item (sessions, i);

      if (glint_session_get_state (session) == GLINT_CONNECTION_CONNECTED)
        return session;
      if (first == NULL)
        first = session;
    }
  return first;
}

GSettings *
glint_application_get_settings (GlintApplication *self)
{
  return self->settings;
}

void
glint_application_show_error (GlintApplication *self,
                              const char       *message)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *dialog;

  g_message ("%s", message);
  dialog = gtk_message_dialog_new (parent, GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_ERROR,
                                   GTK_BUTTONS_CLOSE, "%s", message);
  gtk_window_set_title (GTK_WINDOW (dialog), _("Glint Error"));
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  glint_accessible_name_dialog (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_conversation_seen (GlintChatWindow  *window,
                      const char       *account,
                      const char       *peer,
                      GlintApplication *self)
{
  glint_notifier_withdraw (self->notifier, account, peer);
}

/* Whether a conversation window with tabs is open. */
gboolean
glint_application_has_conversations (GlintApplication *self)
{
  return self->chat_window != NULL && gtk_widget_get_visible (GTK_WIDGET (self->chat_window));
}

/* The conversations closed while the contact list was hidden: nothing is
 * left on screen, so Glint quits. */
static void
on_chat_window_destroyed (GlintApplication *self)
{
  if (self->roster_window && !gtk_widget_get_visible (GTK_WIDGET (self->roster_window)))
    g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);
}

GlintChatWindow *
glint_application_ensure_chat_window (GlintApplication *self)
{
  if (self->chat_window == NULL)
    {
      self->chat_window = glint_chat_window_new (self);
      g_object_add_weak_pointer (G_OBJECT (self->chat_window), (gpointer *) &self->chat_window);
      g_signal_connect (self->chat_window, "conversation-seen", G_CALLBACK (on_conversation_seen), self);
      g_signal_connect_swapped (self->chat_window, "destroy", G_CALLBACK (on_chat_window_destroyed), self);
    }
  return self->chat_window;
}

void
glint_application_show_roster (GlintApplication *self)
{
  if (self->roster_window == NULL)
    {
      self->roster_window = glint_roster_window_new (self);
      g_object_add_weak_pointer (G_OBJECT (self->roster_window), (gpointer *) &self->roster_window);
    }
  gtk_window_present (GTK_WINDOW (self->roster_window));
}

void
glint_application_show_login (GlintApplication *self,
                              const char       *error)
{
  GlintSession *failed = NULL;
  GListModel *sessions = glint_client_get_sessions (self->client);

  /* About the account that needs the user, if one does. */
  for (guint i = 0; failed == NULL && i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(GlintSession) session = g_list_model_get_item (sessions, i);
      if (glint_session_get_state (session) == GLINT_CONNECTION_FAILED)
        failed = session;
    }
  if (self->login_dialog == NULL)
    {
      g_autoptr(GPtrArray) accounts = glint_account_load_all (self->accounts_path, NULL);
      const GlintAccount *account = failed ? glint_session_get_account (failed)
                                    : accounts && accounts->len ? accounts->pdata[0] : NULL;

      glint_application_show_login_for (self, account, error);
      return;
    }
  if (error)
    glint_login_dialog_set_error (self->login_dialog, error);
  gtk_window_present (GTK_WINDOW (self->login_dialog));
}

/* The login window for @account, or for a new account when NULL; one at
 * a time. */
void
glint_application_show_login_for (GlintApplication   *self,
                                  const GlintAccount *account,
                                  const char         *error)
{
  if (self->login_dialog)
    gtk_window_destroy (GTK_WINDOW (self->login_dialog));
  self->login_dialog = glint_login_dialog_new (self, account);
  g_object_add_weak_pointer (G_OBJECT (self->login_dialog), (gpointer *) &self->login_dialog);
  if (error)
    glint_login_dialog_set_error (self->login_dialog, error);
  gtk_window_present (GTK_WINDOW (self->login_dialog));
}

GPtrArray *
glint_application_load_accounts (GlintApplication *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *accounts = glint_account_load_all (self->accounts_path, &error);

  if (accounts == NULL)
    g_message ("%s", error->message);
  return accounts;
}

/* Preferences → Accounts shows what changed. */
void
glint_application_accounts_changed (GlintApplication *self)
{
  if (self->preferences)
    glint_preferences_window_refresh_accounts (GLINT_PREFERENCES_WINDOW (self->preferences));
}

static void
password_stored_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GlintApplication) self = data;
  g_autoptr(GError) error = NULL;

  if (!glint_secrets_store_finish (result, &error))
    {
      g_autofree char *text = g_strdup_printf (_("The password could not be saved in the keyring: %s"),
                                               error->message);
      glint_application_show_error (self, text);
    }
}

/* Called by the login dialog. */
void
glint_application_login (GlintApplication *self,
                         GlintAccount     *account,
                         const char       *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlintAccount) saved = glint_account_load (account->jid, self->accounts_path);
  GlintSession *live = glint_application_lookup_session (self, account->jid);
  const GlintAccount *known = live ? glint_session_get_account (live) : saved;

  /* The window edits the connection settings; what the account has
   * earned stays: its resource and the certificates the user trusted. */
  if (known)
    glint_account_keep_earned (account, known);
  account->enabled = TRUE;
  if (!glint_account_save (account, self->accounts_path, &error))
    glint_application_show_error (self, error->message);
  if (account->save_password)
    glint_secrets_store (account->jid, password, NULL, password_stored_cb, g_object_ref (self));
  else
    glint_secrets_forget (account->jid);
  glint_session_login (glint_application_use_account (self, account), account, password);
  glint_application_accounts_changed (self);
}

/* An account made on its server (XEP-0077): saved, its password in the
 * keyring, logged in, and the contact list shows how that goes. */
void
glint_application_account_created (GlintApplication *self,
                                   GlintAccount     *account,
                                   const char       *password)
{
  glint_application_login (self, account, password);
  if (self->login_dialog)
    gtk_window_destroy (GTK_WINDOW (self->login_dialog));
  glint_application_show_roster (self);
}

/* A message in a room notifies as the user chose: all, only those that
 * name the user's nick, or none. Private messages always do. */
static gboolean
room_wants_notice (GlintApplication   *self,
                   GlintSession       *session,
                   const GlintMessage *msg)
{
  g_autoptr(GVariant) overrides = NULL;
  const char *mode = NULL;
  GlintRoom *room;
  int choice;

  if (msg->kind != GLINT_CONVERSATION_GROUPCHAT)
    return TRUE;
  /* The room's own choice, else the preference. */
  overrides = g_settings_get_value (self->settings, "room-notifications");
  g_variant_lookup (overrides, msg->peer, "&s", &mode);
  choice = g_strcmp0 (mode, "all") == 0 ? 0 : g_strcmp0 (mode, "mentions") == 0 ? 1
           : g_strcmp0 (mode, "none") == 0 ? 2 : g_settings_get_enum (self->settings, "group-chat-notifications");
  switch (choice)
    {
    case 0:
      return TRUE;
    case 1:
      room = glint_session_lookup_room (session, msg->peer);
      return room != NULL && glint_room_mentions_us (room, msg->body);
    default:
      return FALSE;
    }
}

static void
on_message_added (GlintSession     *session,
                  GlintMessage     *msg,
                  GlintApplication *self)
{
  GlintChatWindow *window;
  gboolean seen;

  if (msg->archived)
    {
      if (self->chat_window)
        glint_chat_window_add_archived (self->chat_window, msg);
      return;
    }
  window = glint_application_ensure_chat_window (self);
  seen = glint_chat_window_add_message (window, msg);
  if (msg->direction == GLINT_DIRECTION_IN && !seen
      && g_settings_get_boolean (self->settings, "notifications") && room_wants_notice (self, session, msg))
    {
      GlintContact *contact = glint_session_lookup_contact (session, msg->peer);
      const char *name = contact ? glint_contact_get_display_name (contact) : msg->peer;
      g_autofree char *in_room = NULL;

      /* In a room: who said it, and where. */
      if (msg->kind != GLINT_CONVERSATION_CHAT && msg->occupant_nick)
        name = in_room = g_strdup_printf (_("%s in %s"), msg->occupant_nick, msg->peer);
      g_autofree char *title = NULL;

      /* With several accounts, say which one the message came to. */
      if (glint_application_count_accounts (self) > 1)
        title = g_strdup_printf (_("%s (to %s)"), name, msg->account);
      /* Only the sender, if the user would rather the text stayed in Glint. */
      glint_notifier_show (self->notifier, msg->account, msg->peer, title ? title : name,
                           g_settings_get_enum (self->settings, "notification-content") == 1
                           ? _("New message") : glint_message_action_text (msg));
    }
}


static void
on_certificate_response (GlintCertDialog  *dialog,
                         gboolean          trust,
                         GlintApplication *self)
{
  GlintSession *session = glint_application_lookup_session (self, g_object_get_data (G_OBJECT (dialog), "account"));

  if (trust && session)
    glint_session_trust_certificate (session, glint_cert_dialog_get_fingerprint (dialog));
}

static void
on_certificate_rejected (GlintSession     *session,
                         GlintCertInfo    *cert,
                         GlintApplication *self)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GlintCertDialog *dialog = glint_cert_dialog_new (parent, glint_session_get_account_jid (session), cert);

  g_object_set_data_full (G_OBJECT (dialog), "account", g_strdup (glint_session_get_account_jid (session)), g_free);
  g_signal_connect (dialog, "decided", G_CALLBACK (on_certificate_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A contact request waits in the contact list; see GlintRequestRow. */
static void
on_subscription_request (GlintSession     *session,
                         const char       *jid,
                         GlintApplication *self)
{
  if (self->roster_window == NULL)
    return;
  glint_roster_window_add_request (self->roster_window, glint_session_get_account_jid (session), jid,
                                   glint_application_count_accounts (self) > 1);
}

static void
on_store_error (GlintSession     *session,
                const char       *message,
                GlintApplication *self)
{
  g_autofree char *text = g_strdup_printf (_("%s Messages are kept in memory and saved when possible."), message);

  if (self->roster_window)
    glint_roster_window_show_notice (self->roster_window, text);
  else
    g_warning ("%s", text);
}

static void
on_state_changed (GlintSession     *session,
                  GParamSpec       *pspec,
                  GlintApplication *self)
{
  GlintConnectionState state = glint_session_get_state (session);

  /* Only the account the login window is about closes it. */
  if (self->login_dialog == NULL
      || g_strcmp0 (glint_login_dialog_get_jid (self->login_dialog), glint_session_get_account_jid (session)) != 0)
    return;
  if (state == GLINT_CONNECTION_CONNECTED)
    {
      gtk_window_destroy (GTK_WINDOW (self->login_dialog));
      glint_application_show_roster (self);
    }
  else if (state == GLINT_CONNECTION_FAILED || state == GLINT_CONNECTION_WAITING)
    glint_login_dialog_set_error (self->login_dialog,
                                  glint_connection_error_describe (glint_session_get_error (session)));
}

static void
on_network_changed (GNetworkMonitor  *monitor,
                    gboolean          available,
                    GlintApplication *self)
{
  GListModel *sessions;

  if (self->client == NULL)
    return;
  sessions = glint_client_get_sessions (self->client);
  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(GlintSession) session = g_list_model_get_item (sessions, i);
      glint_session_network_changed (session, available);
    }
}

static void
on_attention (GlintSession     *session,
              const char       *peer,
              GlintApplication *self)
{
  const char *account = glint_session_get_account_jid (session);
  GlintContact *contact = glint_session_lookup_contact (session, peer);
  const char *name = contact ? glint_contact_get_display_name (contact) : peer;

  /* Without an urgency hint to set, a notification says it. */
  if (!glint_chat_window_request_attention (glint_application_ensure_chat_window (self), account, peer)
      && g_settings_get_boolean (self->settings, "notifications"))
    glint_notifier_show (self->notifier, account, peer, name, _("wants your attention"));
}

static void
on_downgrade_answer (AdwMessageDialog *dialog,
                     const char       *response,
                     GlintApplication *self)
{
  if (g_str_equal (response, "login"))
    g_action_group_activate_action (G_ACTION_GROUP (self), "accept-login-mechanism",
                                    g_variant_new ("(ss)", (char *) g_object_get_data (G_OBJECT (dialog), "account"),
                                                   (char *) g_object_get_data (G_OBJECT (dialog), "mechanism")));
}

/* The server offered only weaker ways to log in than before: the password
 * was kept back, and the user decides. */
static void
on_login_downgrade (GlintSession     *session,
                    const char       *offered,
                    const char       *known,
                    GlintApplication *self)
{
  const char *account = glint_session_get_account_jid (session);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (offered)
    body = g_strdup_printf (_("The server of %s now offers only %s to log in, where before it offered %s. "
                              "Glint did not send your password. Something between you and the server may be "
                              "trying to read it. Log in anyway only if you know the server was changed."),
                            account, offered, known);
  else
    body = g_strdup_printf (_("The server of %s now offers no way to log in that Glint knows, where before it "
                              "offered %s. Glint did not send your password."), account, known);
  dialog = adw_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                   _("Weaker Login Offered"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  if (offered)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "login", _("_Log In Anyway"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "login",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "account", g_strdup (account), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "mechanism", g_strdup (offered), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_downgrade_answer), self);
  glint_accessible_name_dialog (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* XEP-0333: read on another device; nothing to tell of here. */
static void
on_conversation_read (GlintSession     *session,
                      const char       *peer,
                      GlintApplication *self)
{
  const char *account = glint_session_get_account_jid (session);

  if (self->chat_window)
    glint_chat_window_mark_read (self->chat_window, account, peer);
  glint_notifier_withdraw (self->notifier, account, peer);
}

static void
allow_attention (GlintApplication *self)
{
  GListModel *sessions = glint_client_get_sessions (self->client);
  gboolean allow = g_settings_get_boolean (self->settings, "allow-attention");

  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(GlintSession) session = g_list_model_get_item (sessions, i);

      glint_session_set_allow_attention (session, allow);
    }
}

/* A password is not left in freed memory. */
static void
forget_password (gpointer data)
{
  char *password = data;

  memset (password, 0, strlen (password));
  g_free (password);
}

/* @account's server was asked to take @password; the keyring gets it only
 * once the server said yes. */
void
glint_application_password_asked (GlintApplication *self,
                                  const char       *account,
                                  const char       *password)
{
  g_hash_table_insert (self->asked_passwords, g_strdup (account), g_strdup (password));
}

static void
on_password_changed (GlintSession     *session,
                     const char       *error,
                     GlintApplication *self)
{
  const char *jid = glint_session_get_account_jid (session);
  const char *password = g_hash_table_lookup (self->asked_passwords, jid);
  g_autofree char *done = NULL;

  if (error != NULL)
    {
      glint_application_show_error (self, error);
      g_hash_table_remove (self->asked_passwords, jid);
      return;
    }
  if (password && glint_session_get_account (session)->save_password)
    glint_secrets_store (jid, password, NULL, password_stored_cb, g_object_ref (self));
  g_hash_table_remove (self->asked_passwords, jid);
  done = g_strdup_printf (_("The password of %s was changed."), jid);
  glint_application_notice (self, done);
}

/* Tells the user something that went well, in the contact list. */
void
glint_application_notice (GlintApplication *self,
                          const char       *text)
{
  if (self->roster_window)
    glint_roster_window_show_notice (self->roster_window, text);
  else
    g_message ("%s", text);
}

/* The session of @account, made and watched the first time. */
GlintSession *
glint_application_use_account (GlintApplication   *self,
                               const GlintAccount *account)
{
  GlintSession *session = glint_application_lookup_session (self, account->jid);

  if (session != NULL)
    return session;
  session = glint_client_add_account (self->client, account);
  g_signal_connect (session, "message-added", G_CALLBACK (on_message_added), self);
  g_signal_connect (session, "certificate-rejected", G_CALLBACK (on_certificate_rejected), self);
  g_signal_connect (session, "subscription-request", G_CALLBACK (on_subscription_request), self);
  g_signal_connect (session, "store-error", G_CALLBACK (on_store_error), self);
  g_signal_connect (session, "notify::state", G_CALLBACK (on_state_changed), self);
  g_signal_connect (session, "attention", G_CALLBACK (on_attention), self);
  g_signal_connect (session, "login-downgrade", G_CALLBACK (on_login_downgrade), self);
  g_signal_connect (session, "conversation-read", G_CALLBACK (on_conversation_read), self);
  g_signal_connect (session, "password-changed", G_CALLBACK (on_password_changed), self);
  g_signal_connect (session, "invitation", G_CALLBACK (glint_application_on_invitation), self);
  glint_session_set_allow_attention (session, g_settings_get_boolean (self->settings, "allow-attention"));
  return session;
}

/* Never touch a database we cannot read: keep it for the user, and run
 * on a history kept in memory this time. */
static GlintStore *
store_or_memory (GlintApplication *self,
                 GlintStore       *store,
                 GError           *error,
                 const char       *path)
{
  g_autoptr(GError) aside_error = NULL;
  g_autofree char *aside = NULL;

  if (store != NULL)
    return store;
  /* A damaged file is kept as it is, beside, and a new history starts: what
   * comes from now on is saved. A newer Glint's file stays where it is. */
  if (g_error_matches (error, GLINT_STORE_ERROR, GLINT_STORE_ERROR_CORRUPT)
      && (aside = glint_store_set_aside (path, &aside_error)) != NULL
      && (store = glint_store_new (path, &aside_error)) != NULL)
    {
      self->startup_error = g_strdup_printf (_("%s\nThe damaged file was kept, unchanged, as %s. "
                                               "A new history was started."), error->message, aside);
      return store;
    }
  self->startup_error = g_strdup_printf (_("%s\nThe file was left untouched at %s. "
                                           "This session’s messages are kept in memory only."),
                                         aside_error ? aside_error->message : error->message, path);
  return glint_store_new (":memory:", NULL);
}

/* SQLite met a damaged page (while writing, or reading the file back after
 * start): the file is kept as it is and a new one stores from now on; the
 * messages the damaged one refused are written there at the next retry. */
static void
on_store_damaged (GlintStore       *store,
                  GlintApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *text = NULL;

  if (glint_store_start_afresh (store, &aside, &error))
    text = g_strdup_printf (_("The history file is damaged. It was kept, unchanged, as %s, and a new "
                              "history was started: messages from now on are saved."), aside);
  else
    text = g_strdup_printf (_("The history file is damaged and no new one could be started (%s). "
                              "This session’s messages are kept in memory only."), error->message);
  glint_application_show_error (self, text);
}

#define UPGRADE_MIN_SHOWN_US (800 * 1000)
/* Over this size the migration is sure to take a moment: say so at once. */
#define LARGE_HISTORY_BYTES  (16 * 1024 * 1024)

static void
close_upgrade_window (gpointer data)
{
  g_autoptr(GtkWindow) window = data;
  gtk_window_destroy (window);
}

/* The store is open: what needs it starts, and what waited for it runs. */
static void
store_ready (GlintApplication *self,
             GlintStore       *store)
{
  self->store = store;
  g_signal_connect_object (store, "damaged", G_CALLBACK (on_store_damaged), self, 0);
  glint_store_check_in_background (store);
  self->client = glint_client_new (GLINT_TRANSPORT (self->worker), self->store, self->accounts_path);
  g_signal_connect_object (self->settings, "changed::allow-attention", G_CALLBACK (allow_attention), self,
                           G_CONNECT_SWAPPED);
  glint_application_away_init (self);
  g_clear_handle_id (&self->upgrade_timeout, g_source_remove);
  if (self->upgrade_window)
    {
      /* A window that flashes for a few milliseconds reads as a glitch:
       * once shown, it stays a little. */
      gint64 shown_for = g_get_monotonic_time () - self->upgrade_shown_us;
      guint left_ms = shown_for >= UPGRADE_MIN_SHOWN_US ? 0 : (UPGRADE_MIN_SHOWN_US - shown_for) / 1000;

      g_timeout_add_once (left_ms, close_upgrade_window, g_object_ref (self->upgrade_window));
    }
  glint_application_history_ready (self);
  if (self->activate_pending)
    g_application_activate (G_APPLICATION (self));
  glint_application_run_deferred (self);
}

static void
store_opened_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  GlintApplication *self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = glint_store_default_path ();
  GlintStore *store = glint_store_new_finish (result, &error);

  store_ready (self, store_or_memory (self, store, error, path));
  g_application_release (G_APPLICATION (self));
}

static gboolean
show_upgrade_window (gpointer data)
{
  GlintApplication *self = data;

  self->upgrade_timeout = 0;
  self->upgrade_shown_us = g_get_monotonic_time ();
  self->upgrade_window = GTK_WINDOW (glint_upgrade_window_new (GTK_APPLICATION (self)));
  g_object_add_weak_pointer (G_OBJECT (self->upgrade_window), (gpointer *) &self->upgrade_window);
  gtk_window_present (GTK_WINDOW (self->upgrade_window));
  return G_SOURCE_REMOVE;
}

/* An up-to-date history opens at once. One an older Glint wrote is
 * migrated in a thread, and a window says so if that takes a moment. */
static void
open_store (GlintApplication *self)
{
  g_autofree char *path = glint_store_default_path ();
  g_autoptr(GError) error = NULL;
  GlintStore *store;

  if (glint_store_needs_migration (path))
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);
      gboolean large = info && g_file_info_get_size (info) >= LARGE_HISTORY_BYTES;

      g_application_hold (G_APPLICATION (self));
      if (large)
        show_upgrade_window (self);
      else
        self->upgrade_timeout = g_timeout_add (250, show_upgrade_window, self);
      glint_store_new_async (path, NULL, store_opened_cb, self);
      return;
    }
  store = glint_store_new (path, &error);
  store_ready (self, store_or_memory (self, store, error, path));
}

static void
glint_application_startup (GApplication *app)
{
  GlintApplication *self = GLINT_APPLICATION (app);

  /* AdwApplication loads style.css from the resource base path. */
  G_APPLICATION_CLASS (glint_application_parent_class)->startup (app);
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new (APP_ID);
  self->appearance = glint_appearance_new (self->settings);
  self->accounts_path = glint_account_default_path ();
  self->pipe = glint_event_pipe_new (NULL);
  self->worker = glint_worker_new (self->pipe);
  self->notifier = glint_notifier_new (G_APPLICATION (self));

  self->network_handler = g_signal_connect (g_network_monitor_get_default (), "network-changed",
                                            G_CALLBACK (on_network_changed), self);

  glint_application_install_actions (self);
  glint_application_history_init (self);
  g_signal_connect (self, "window-added", G_CALLBACK (glint_application_on_window_added), NULL);
  glint_application_install_bench_hooks (self);
  open_store (self);
}

typedef struct
{
  GlintApplication *app;
  GlintAccount     *account;
} SavedLogin;

static void
saved_password_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  SavedLogin *login = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = glint_secrets_lookup_finish (result, &error);

  if (password == NULL)
    glint_application_show_login (login->app, error ? error->message : _("No saved password was found."));
  else
    glint_session_login (glint_application_use_account (login->app, login->account), login->account, password);
  g_object_unref (login->app);
  glint_account_free (login->account);
  g_free (login);
}

/* Logs in with the password the keyring holds, asking it without blocking. */
void
glint_application_login_saved (GlintApplication   *self,
                               const GlintAccount *account)
{
  SavedLogin *login = g_new0 (SavedLogin, 1);

  login->app = g_object_ref (self);
  login->account = glint_account_copy (account);
  glint_secrets_lookup (account->jid, NULL, saved_password_cb, login);
}

static void
glint_application_activate (GApplication *app)
{
  GlintApplication *self = GLINT_APPLICATION (app);
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  GlintAccount *account;
  guint autologins = 0;

  /* The history is still being migrated: come back when it is open. */
  if (self->client == NULL)
    {
      self->activate_pending = TRUE;
      return;
    }
  self->activate_pending = FALSE;
  if (self->roster_window)
    {
      gtk_window_present (GTK_WINDOW (self->roster_window));
      return;
    }
  if (self->login_dialog)
    {
      gtk_window_present (GTK_WINDOW (self->login_dialog));
      return;
    }

  /* Every enabled account gets its session; those that log in by
   * themselves do, and the contact list shows them all. */
  accounts = glint_account_load_all (self->accounts_path, &error);
  for (guint i = 0; accounts && i < accounts->len; i++)
    {
      account = accounts->pdata[i];
      if (!account->enabled)
        continue;
      glint_application_use_account (self, account);
      if (account->autologin && account->save_password)
        {
          glint_application_login_saved (self, account);
          autologins++;
        }
    }
  if (autologins > 0)
    glint_application_show_roster (self);
  else
    glint_application_show_login (self, error ? error->message : NULL);

  if (self->startup_error)
    {
      glint_application_show_error (self, self->startup_error);
      g_clear_pointer (&self->startup_error, g_free);
    }
}

/* xmpp:bob@example.org URIs open a chat (RFC 5122). */
static void
glint_application_open (GApplication  *app,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  glint_application_activate (app);
  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);

      if (g_str_has_prefix (uri, "xmpp:"))
        g_action_group_activate_action (G_ACTION_GROUP (app), "open-uri",
                                        g_variant_new ("(ss)", "", uri));
    }
}

static void
glint_application_shutdown (GApplication *app)
{
  GlintApplication *self = GLINT_APPLICATION (app);

  if (self->network_handler)
    g_clear_signal_handler (&self->network_handler, g_network_monitor_get_default ());
  if (self->roster_window)
    glint_roster_window_save_size (self->roster_window);
  g_settings_sync ();
  glint_application_away_shutdown (self);
  g_clear_handle_id (&self->upgrade_timeout, g_source_remove);
  g_clear_object (&self->loop_monitor);
  g_clear_object (&self->notifier);
  g_clear_object (&self->client);
  /* Windows still hold sessions, and sessions the worker: stop it now, so
   * that every stream says goodbye (within a second) before the process
   * ends, and leave the history whole in its file. */
  if (self->worker)
    g_object_run_dispose (G_OBJECT (self->worker));
  g_clear_object (&self->worker);
  g_clear_object (&self->pipe);
  glint_application_history_shutdown (self);
  if (self->store)
    glint_store_close (self->store);
  g_clear_object (&self->store);
  G_APPLICATION_CLASS (glint_application_parent_class)->shutdown (app);
}

static void
glint_application_finalize (GObject *object)
{
  GlintApplication *self = GLINT_APPLICATION (object);

  g_clear_object (&self->appearance);
  g_clear_object (&self->settings);
  g_free (self->accounts_path);
  g_free (self->startup_error);
  g_hash_table_unref (self->asked_passwords);
  G_OBJECT_CLASS (glint_application_parent_class)->finalize (object);
}

static void
glint_application_class_init (GlintApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = glint_application_finalize;
  app_class->startup = glint_application_startup;
  app_class->activate = glint_application_activate;
  app_class->open = glint_application_open;
  app_class->shutdown = glint_application_shutdown;
  app_class->handle_local_options = glint_application_handle_local;
}

static void
glint_application_init (GlintApplication *self)
{
  glint_application_add_options (self);
  self->asked_passwords = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, forget_password);
}

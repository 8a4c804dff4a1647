/* glint-application-actions.c: every user command
 *
 * Menus, shortcuts, the command line and D-Bus (GApplication exports these
 * actions) all reach the same GAction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-accessible.h"
#include "glint-application-private.h"
#include "glint-contact-dialog.h"
#include "glint-jid.h"
#include "glint-preferences-window.h"
#include "glint-secrets.h"

/* A bare JID names no account: take the one whose contact it is, else
 * the default one. */
GlintSession *
glint_application_session_for_contact (GlintApplication *self,
                                       const char       *jid)
{
  GListModel *sessions = glint_client_get_sessions (self->client);

  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(GlintSession) session = g_list_model_get_item (sessions, i);
      if (glint_session_lookup_contact (session, jid))
        return session;
    }
  return glint_application_default_session (self);
}

/* Calls @func on every account's session. */
static void
for_each_session (GlintApplication *self,
                  void            (*func) (GlintSession *session, gpointer data),
                  gpointer          data)
{
  GListModel *sessions = glint_client_get_sessions (self->client);

  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(GlintSession) session = g_list_model_get_item (sessions, i);
      func (session, data);
    }
}

static void
open_chat_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       data)
{
  GlintApplication *self = data;
  const char *jid = g_variant_get_string (param, NULL);
  g_autofree char *bare = glint_jid_normalize_bare (jid);
  GlintChatWindow *window;
  GlintSession *session;

  if (bare == NULL || !glint_jid_is_valid_bare (bare))
    {
      g_autofree char *text = g_strdup_printf (_("“%s” is not a valid address."), jid);
      glint_application_show_error (self, text);
      return;
    }
  session = glint_application_session_for_contact (self, bare);
  if (session == NULL)
    {
      glint_application_show_login (self, _("Add an account first."));
      return;
    }
  window = glint_application_ensure_chat_window (self);
  glint_chat_window_open (window, glint_session_get_account_jid (session), bare, TRUE);
}

/* (account, uri): an xmpp: link; account "" for the contact's own. */
static void
open_uri_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       data)
{
  const char *account, *uri;

  g_variant_get (param, "(&s&s)", &account, &uri);
  glint_application_open_uri (data, *account ? account : NULL, uri);
}

/* (account, peer): a conversation of a given account. */
static void
open_conversation_action (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       data)
{
  GlintApplication *self = data;
  const char *account, *jid;
  g_autofree char *bare = NULL;

  g_variant_get (param, "(&s&s)", &account, &jid);
  bare = glint_jid_normalize_bare (jid);
  if (bare == NULL || !glint_jid_is_valid_bare (bare))
    {
      g_autofree char *text = g_strdup_printf (_("“%s” is not a valid address."), jid);
      glint_application_show_error (self, text);
      return;
    }
  if (glint_application_lookup_session (self, account) == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("There is no account %s."), account);
      glint_application_show_error (self, text);
      return;
    }
  glint_chat_window_open (glint_application_ensure_chat_window (self), account, bare, TRUE);
}

static void
login_if_logged_out (GlintSession *session,
                     gpointer      data)
{
  const GlintAccount *account = glint_session_get_account (session);

  if (glint_session_get_state (session) != GLINT_CONNECTION_DISCONNECTED)
    return;
  if (account->save_password)
    glint_application_login_saved (data, account);
  else
    glint_application_show_login_for (data, account, NULL);
}

static void
logout_on (GlintSession *session,
           gpointer      data)
{
  glint_session_logout (session);
}

typedef struct
{
  const char *show;
  const char *status;
} StatusChange;

static void
set_presence_on (GlintSession *session,
                 gpointer      data)
{
  StatusChange *change = data;
  g_autoptr(GError) error = NULL;

  if (!glint_session_set_presence (session, change->show, change->status, &error))
    g_message ("%s", error->message);
}


#define MAX_RECENT_STATUS_MESSAGES 10

/* The status menu offers the messages used lately (Spark's custom
 * messages): newest first, each once, at most 10. Saves them with @first
 * (NULL: none) at the head and @drop left out. */
static void
save_recent_status_messages (GlintApplication *self,
                             const char       *first,
                             const char       *drop)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-status-messages");
  g_autoptr(GStrvBuilder) kept = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;
  guint n = 0;

  if (first)
    {
      g_strv_builder_add (kept, first);
      n++;
    }
  for (guint i = 0; recent[i] && n < MAX_RECENT_STATUS_MESSAGES; i++)
    if (!g_str_equal (recent[i], drop))
      {
        g_strv_builder_add (kept, recent[i]);
        n++;
      }
  list = g_strv_builder_end (kept);
  g_settings_set_strv (self->settings, "recent-status-messages", (const char * const *) list);
}

static void
remember_status_message (GlintApplication *self,
                         const char       *message)
{
  if (*message != '\0')
    save_recent_status_messages (self, message, message);
}

#define MAX_SAVED_STATUS_MESSAGES 50

static const char * const saved_shows[] = { "online", "away", "xa", "dnd" };

/* Spark's custom messages: each saved with its status, once, the newest
 * last, at most 50. Adds (show, message) when @add, else removes it. */
static void
change_saved_status_messages (GlintApplication *self,
                              GVariant         *param,
                              gboolean          add)
{
  g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "saved-status-messages");
  g_autoptr(GVariantBuilder) kept = g_variant_builder_new (G_VARIANT_TYPE ("a(ss)"));
  g_autofree char *clean = NULL;
  const char *show, *message, *s, *m;
  GVariantIter iter;
  gboolean known = FALSE;
  guint n = 0;

  g_variant_get (param, "(&s&s)", &show, &message);
  if (!g_strv_contains (saved_shows, show))
    return;
  clean = g_strstrip (g_strdup (message));
  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_next (&iter, "(&s&s)", &s, &m))
    {
      if (g_str_equal (s, show) && g_str_equal (m, clean))
        {
          known = TRUE;
          if (!add)
            continue;
        }
      g_variant_builder_add (kept, "(ss)", s, m);
      n++;
    }
  if (add && !known && *clean != '\0' && n < MAX_SAVED_STATUS_MESSAGES)
    g_variant_builder_add (kept, "(ss)", show, clean);
  g_settings_set_value (self->settings, "saved-status-messages", g_variant_builder_end (kept));
}

/* (show, message): keeps a status message for its status. */
static void
save_status_message_action (GSimpleAction *action,
                            GVariant      *param,
                            gpointer       data)
{
  change_saved_status_messages (data, param, TRUE);
}

/* (show, message): forgets a saved status message. */
static void
forget_saved_status_message_action (GSimpleAction *action,
                                    GVariant      *param,
                                    gpointer       data)
{
  change_saved_status_messages (data, param, FALSE);
}

/* (message): forgets one of the recent status messages. */
static void
forget_status_message_action (GSimpleAction *action,
                              GVariant      *param,
                              gpointer       data)
{
  save_recent_status_messages (data, NULL, g_variant_get_string (param, NULL));
}

/* "online", "away", "xa", "dnd", "invisible" or "offline", optionally
 * followed by ":" and a status message. */
static void
set_status_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       data)
{
  GlintApplication *self = data;
  g_auto(GStrv) parts = g_strsplit (g_variant_get_string (param, NULL), ":", 2);
  const char *show = parts[0] ? parts[0] : "online";
  const char *message = parts[0] && parts[1] ? parts[1] : NULL;
  static const char * const known[] = { "online", "away", "xa", "dnd", "invisible", "offline", NULL };

  if (!g_strv_contains (known, show))
    {
      g_autofree char *text = g_strdup_printf (_("Unknown status “%s”."), show);
      glint_application_show_error (self, text);
      return;
    }
  if (message)
    {
      g_settings_set_string (self->settings, "status-message", message);
      remember_status_message (self, message);
    }
  if (glint_application_default_session (self) == NULL)
    {
      glint_application_show_login (self, NULL);
      return;
    }

  /* One status for every account, as the contact list shows one. */
  if (g_str_equal (show, "offline"))
    {
      for_each_session (self, logout_on, NULL);
      return;
    }
  if (g_str_equal (show, "invisible") && !glint_application_can_be_invisible (self))
    {
      glint_application_show_error (self, _("Your server does not support being invisible, so your "
                                            "status was not changed."));
      return;
    }
  {
    g_autofree char *saved = g_settings_get_string (self->settings, "status-message");
    StatusChange change = { g_str_equal (show, "online") ? NULL : show, saved };

    for_each_session (self, set_presence_on, &change);
  }
  /* Coming back from offline: the accounts that were logged out log in
   * again; those waiting to retry or stopped on an error are left be. */
  for_each_session (self, login_if_logged_out, self);
}

static void
reconnect_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       data)
{
  GlintApplication *self = data;
  GListModel *sessions = glint_client_get_sessions (self->client);
  guint n = g_list_model_get_n_items (sessions);

  if (n == 0)
    glint_application_show_login (self, NULL);
  /* Every account that is not online, with the password it saved. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlintSession) session = g_list_model_get_item (sessions, i);
      GlintConnectionState state = glint_session_get_state (session);

      if (state == GLINT_CONNECTION_CONNECTED || state == GLINT_CONNECTION_CONNECTING)
        continue;
      if (glint_session_get_account (session)->save_password)
        glint_application_login_saved (self, glint_session_get_account (session));
      else
        glint_application_show_login (self, NULL);
    }
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       data)
{
  glint_application_show_preferences (data);
}

void
glint_application_show_preferences (GlintApplication *self)
{
  if (self->preferences == NULL)
    {
      self->preferences = GTK_WINDOW (glint_preferences_window_new (self));
      g_object_add_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);
    }
  gtk_window_present (self->preferences);
}

/* Preferences at one page: chats, history, notifications, appearance or
 * accounts. */
static void
preferences_page_action (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       data)
{
  GlintApplication *self = data;
  const char *page = g_variant_get_string (param, NULL);

  glint_application_show_preferences (self);
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (self->preferences), page);
}

static void
login_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       data)
{
  glint_application_show_login (data, NULL);
}

static void
show_contacts_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       data)
{
  glint_application_show_roster (data);
}

static void
add_contact_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       data)
{
  GlintApplication *self = data;
  GlintSession *session = glint_application_default_session (self);

  if (session == NULL)
    return;
  gtk_window_present (GTK_WINDOW (glint_contact_dialog_new (GTK_WINDOW (self->roster_window),
                                                            glint_client_get_sessions (self->client),
                                                            session, NULL)));
}

/* The session of an action's (account, jid, …) target, and the jid. */
static GlintSession *
target_session (GlintApplication  *self,
                GVariant          *param,
                const char       **jid)
{
  const char *account;

  g_variant_get_child (param, 0, "&s", &account);
  g_variant_get_child (param, 1, "&s", jid);
  return glint_application_lookup_session (self, account);
}

/* (account, jid): the Add Contact window for that account, filled in. */
static void
add_contact_address_action (GSimpleAction *action,
                            GVariant      *param,
                            gpointer       data)
{
  GlintApplication *self = data;
  const char *jid;
  GlintSession *session = target_session (self, param, &jid);
  GlintContactDialog *dialog;

  if (session == NULL)
    return;
  dialog = glint_contact_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                     glint_client_get_sessions (self->client), session, NULL);
  glint_contact_dialog_set_address (dialog, jid);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* (account, jid, accept): the answer to a contact request. */
static void
answer_subscription_action (GSimpleAction *action,
                            GVariant      *param,
                            gpointer       data)
{
  GlintApplication *self = data;
  const char *jid;
  GlintSession *session = target_session (self, param, &jid);
  gboolean accept;

  g_variant_get_child (param, 2, "b", &accept);
  if (session == NULL)
    return;
  glint_session_answer_subscription (session, jid, accept);
  if (self->roster_window != NULL)
    glint_roster_window_remove_request (self->roster_window, glint_session_get_account_jid (session), jid);
}

/* (account, jid): the account's server drops what that address sends. */
static void
block_contact_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       data)
{
  const char *jid;
  GlintSession *session = target_session (data, param, &jid);

  if (session != NULL)
    glint_session_block (session, jid);
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       data)
{
  GlintApplication *self = data;

  static const char * const developers[] = { "The Glint developers", NULL };
  GtkWidget *about = adw_about_window_new ();

  g_object_set (about,
                "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                "application-name", "Glint",
                "application-icon", APP_ID,
                "version", PACKAGE_VERSION,
                "comments", _("Fast desktop chat over XMPP"),
                "license-type", GTK_LICENSE_GPL_3_0,
                "website", "https://github.com/glintim/glint",
                "issue-url", "https://github.com/glintim/glint/issues",
                "developers", developers,
                "developer-name", _("The Glint developers"),
                NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       data)
{
  GlintApplication *self = data;

  for_each_session (self, logout_on, NULL);
  g_application_quit (G_APPLICATION (self));
}

static void
on_quit_answer (GtkDialog        *dialog,
                int               response,
                GlintApplication *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
  if (response == GTK_RESPONSE_ACCEPT)
    g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);
}

/* The user's quit (Ctrl+Q, the menu, closing the last window): with
 * messages not yet seen it asks first. "quit" itself, for scripts and
 * D-Bus, never asks. */
static void
request_quit_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       data)
{
  GlintApplication *self = data;
  guint unread = self->chat_window ? glint_chat_window_count_unread (self->chat_window) : 0;
  GtkWidget *dialog;

  if (unread == 0)
    {
      g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);
      return;
    }
  dialog = gtk_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT, GTK_MESSAGE_QUESTION,
                                   GTK_BUTTONS_NONE,
                                   g_dngettext (GETTEXT_PACKAGE, "Quit with %u unread message?",
                                                "Quit with %u unread messages?", unread), unread);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("They are kept in the history; you will not be told of them again."));
  gtk_window_set_title (GTK_WINDOW (dialog), _("Quit Glint"));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Quit"), GTK_RESPONSE_ACCEPT, NULL);
  g_signal_connect (dialog, "response", G_CALLBACK (on_quit_answer), self);
  glint_accessible_name_dialog (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static const GActionEntry app_actions[] = {
  { "request-quit", request_quit_action },
  { "open-chat", open_chat_action, "s" },
  { "open-conversation", open_conversation_action, "(ss)" },
  { "open-uri", open_uri_action, "(ss)" },
  { "set-status", set_status_action, "s" },
  { "forget-status-message", forget_status_message_action, "s" },
  { "save-status-message", save_status_message_action, "(ss)" },
  { "forget-saved-status-message", forget_saved_status_message_action, "(ss)" },
  { "reconnect", reconnect_action },
  { "preferences", preferences_action },
  { "preferences-page", preferences_page_action, "s" },
  { "login", login_action },
  { "show-contacts", show_contacts_action },
  { "add-contact", add_contact_action },
  { "add-contact-address", add_contact_address_action, "(ss)" },
  { "block-contact", block_contact_action, "(ss)" },
  { "answer-subscription", answer_subscription_action, "(ssb)" },
  { "about", about_action },
  { "quit", quit_action },
};

typedef struct
{
  const GActionEntry *entry;
  GSimpleAction      *action;
  GVariant           *param;
} Deferred;

/* Every action needs the history and the accounts; one activated while a
 * migration still runs (from D-Bus, the command line, a link) waits for
 * it, and runs in order once it is done. */
static void
activate_when_ready (GSimpleAction    *action,
                     GVariant         *param,
                     GlintApplication *self)
{
  const GActionEntry *entry = g_object_get_data (G_OBJECT (action), "entry");

  if (self->client == NULL)
    {
      Deferred *d = g_new0 (Deferred, 1);

      d->entry = entry;
      d->action = g_object_ref (action);
      d->param = param ? g_variant_ref (param) : NULL;
      g_queue_push_tail (&self->deferred, d);
      return;
    }
  entry->activate (action, param, self);
}

/* Each of @entries as an action that waits for the history when it has
 * to. */
void
glint_application_add_entries (GlintApplication   *self,
                               const GActionEntry *entries,
                               guint               n_entries)
{
  for (guint i = 0; i < n_entries; i++)
    {
      g_autoptr(GSimpleAction) action = NULL;

      action = g_simple_action_new (entries[i].name, entries[i].parameter_type
                                                     ? G_VARIANT_TYPE (entries[i].parameter_type) : NULL);
      g_object_set_data (G_OBJECT (action), "entry", (gpointer) &entries[i]);
      g_signal_connect (action, "activate", G_CALLBACK (activate_when_ready), self);
      g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
    }
}

void
glint_application_run_deferred (GlintApplication *self)
{
  Deferred *d;

  while ((d = g_queue_pop_head (&self->deferred)))
    {
      d->entry->activate (d->action, d->param, self);
      g_object_unref (d->action);
      g_clear_pointer (&d->param, g_variant_unref);
      g_free (d);
    }
}

/* Every preference is an action too, so D-Bus, scripts and the command
 * line change it the way Preferences does. */
static const char * const setting_actions[] = {
  "tab-layout", "tab-position", "show-times", "time-format", "send-key", "send-chat-states", "send-read-markers",
  "auto-away", "away-minutes", "xa-minutes", "away-message",
  "confirm-close-unread", "allow-attention", "group-messages", "save-history", "show-previous",
  "history-retention", "notifications", "notification-content", "group-chat-notifications", "show-room-notices",
  "color-scheme", "compact",
};

void
glint_application_install_actions (GlintApplication *self)
{
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.request-quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.add-contact", { "<Control>n", NULL } },
    { "app.join-room", { "<Control>j", NULL } },
    { "app.history", { "<Control>h", NULL } },
    { "win.close-tab", { "<Control>w", NULL } },
    { "win.reopen-tab", { "<Control><Shift>t", NULL } },
    { "win.next-tab", { "<Control>Page_Down", NULL } },
    { "win.previous-tab", { "<Control>Page_Up", NULL } },
    { "win.find", { "<Control>f", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (setting_actions); i++)
    {
      g_autoptr(GAction) action = g_settings_create_action (self->settings, setting_actions[i]);

      g_action_map_add_action (G_ACTION_MAP (self), action);
    }
  glint_application_add_entries (self, app_actions, G_N_ELEMENTS (app_actions));
  glint_application_add_account_actions (self);
  glint_application_add_room_actions (self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);
  for (int i = 1; i <= 9; i++)
    {
      g_autofree char *name = g_strdup_printf ("win.select-tab(%d)", i);
      g_autofree char *accel = g_strdup_printf ("<Alt>%d", i);
      const char *list[] = { accel, NULL };
      gtk_application_set_accels_for_action (GTK_APPLICATION (self), name, list);
    }
}

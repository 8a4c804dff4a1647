/* glint-application-accounts.c: the commands on accounts
 *
 * Adding, creating (XEP-0077), editing, deleting from the server and
 * removing an account, its password, its settings and the certificates
 * pinned for it. Like every command, each is a GAction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-accessible.h"
#include "glint-application-private.h"
#include "glint-delete-account-dialog.h"
#include "glint-password-dialog.h"
#include "glint-register-dialog.h"
#include "glint-secrets.h"

/* (account, mechanism): log in although the server offers only
 * @mechanism, weaker than before; the user was told. */
static void
accept_login_mechanism_action (GSimpleAction *action,
                               GVariant      *param,
                               gpointer       data)
{
  GlintApplication *self = data;
  const char *account, *mechanism;
  GlintSession *session;

  g_variant_get (param, "(&s&s)", &account, &mechanism);
  session = glint_application_lookup_session (self, account);
  if (session == NULL || glint_sasl_rank (mechanism) == 0)
    {
      g_autofree char *text = g_strdup_printf (_("There is no account %s, or Glint does not know %s."),
                                               account, mechanism);
      glint_application_show_error (self, text);
      return;
    }
  glint_session_accept_mechanism (session, mechanism);
}

static void
add_account_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       data)
{
  glint_application_show_login_for (data, NULL, NULL);
}

/* A new account on a server (XEP-0077), saved and logged in once made. */
static void
create_account_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       data)
{
  GlintApplication *self = data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GlintRegisterDialog *dialog = glint_register_dialog_new (self);

  gtk_window_set_transient_for (GTK_WINDOW (dialog), parent);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_account_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       data)
{
  GlintApplication *self = data;
  g_autoptr(GlintAccount) account = glint_account_load (g_variant_get_string (param, NULL), self->accounts_path);

  if (account)
    glint_application_show_login_for (self, account, NULL);
}

static void
on_new_password (GlintPasswordDialog *dialog,
                 const char          *password,
                 GlintApplication    *self)
{
  const char *jid = g_object_get_data (G_OBJECT (dialog), "account");
  GlintSession *session = glint_application_lookup_session (self, jid);
  g_autoptr(GError) error = NULL;

  if (session == NULL || !glint_session_change_password (session, password, &error))
    {
      glint_application_show_error (self, error ? error->message : _("This account is not in use."));
      return;
    }
  glint_application_password_asked (self, jid, password);
}

/* The account's password on its server: @param is the account. */
static void
change_password_action (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       data)
{
  GlintApplication *self = data;
  const char *jid = g_variant_get_string (param, NULL);
  GlintSession *session = glint_application_lookup_session (self, jid);
  GlintPasswordDialog *dialog;

  if (session == NULL || glint_session_get_state (session) != GLINT_CONNECTION_CONNECTED)
    {
      glint_application_show_error (self, _("The password can be changed only while connected."));
      return;
    }
  dialog = glint_password_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)), jid);
  g_object_set_data_full (G_OBJECT (dialog), "account", g_strdup (jid), g_free);
  g_signal_connect_object (dialog, "new-password", G_CALLBACK (on_new_password), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Saves a change to one account's settings: @param is (jid, value), and
 * @change makes it. Returns the account as saved, or NULL. */
static GlintAccount *
change_account (GlintApplication *self,
                GVariant         *param,
                void            (*change) (GlintAccount *account, gboolean value),
                const char      **jid,
                gboolean         *value)
{
  g_autoptr(GError) error = NULL;
  GlintAccount *account;

  g_variant_get (param, "(&sb)", jid, value);
  account = glint_account_load (*jid, self->accounts_path);
  if (account == NULL)
    return NULL;
  change (account, *value);
  if (!glint_account_save (account, self->accounts_path, &error))
    glint_application_show_error (self, error->message);
  return account;
}

static void
set_enabled (GlintAccount *account,
             gboolean      value)
{
  account->enabled = value;
}

static void
set_autologin (GlintAccount *account,
               gboolean      value)
{
  account->autologin = value && account->save_password;
}

/* (jid, enabled): a disabled account is logged out and leaves the contact
 * list; its settings, password and history stay. */
static void
account_enabled_action (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       data)
{
  GlintApplication *self = data;
  const char *jid;
  gboolean enabled;
  g_autoptr(GlintAccount) account = change_account (self, param, set_enabled, &jid, &enabled);

  if (account == NULL)
    return;
  if (!enabled)
    glint_client_remove_account (self->client, jid);
  else if (glint_application_lookup_session (self, jid) == NULL)
    {
      glint_application_use_account (self, account);
      if (account->save_password)
        glint_application_login_saved (self, account);
      else
        glint_application_show_login_for (self, account, NULL);
    }
  glint_application_accounts_changed (self);
}

static void
account_autologin_action (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       data)
{
  const char *jid;
  gboolean autologin;
  g_autoptr(GlintAccount) account = change_account (data, param, set_autologin, &jid, &autologin);
}

static void
set_share_version (GlintAccount *account,
                   gboolean      value)
{
  account->share_version = value;
}

static void
set_share_idle (GlintAccount *account,
                gboolean      value)
{
  account->share_idle = value;
}

static void
set_login_invisible (GlintAccount *account,
                     gboolean      value)
{
  account->login_invisible = value;
}

/* (jid, invisible): the account's next logins are hidden (XEP-0186). */
static void
account_login_invisible_action (GSimpleAction *action,
                                GVariant      *param,
                                gpointer       data)
{
  const char *jid;
  gboolean invisible;
  g_autoptr(GlintAccount) account = change_account (data, param, set_login_invisible, &jid, &invisible);
}

/* (jid, share): tell contacts which Glint this is (XEP-0092), or how
 * long the user has been idle (XEP-0012); a live stream says so at once. */
static void
account_sharing_action (GSimpleAction *action,
                        GVariant      *param,
                        gpointer       data)
{
  GlintApplication *self = data;
  const char *jid;
  gboolean value;
  gboolean version = g_str_equal (g_action_get_name (G_ACTION (action)), "account-share-version");
  g_autoptr(GlintAccount) account = change_account (self, param, version ? set_share_version : set_share_idle,
                                                    &jid, &value);
  GlintSession *session = glint_application_lookup_session (self, jid);

  if (account && session)
    glint_session_set_sharing (session, account->share_version, account->share_idle);
}

/* The removal window's third answer: the account goes from its server. */
#define RESPONSE_DELETE_FROM_SERVER 1

/* The account goes from Glint: logged out, its settings and saved
 * password forgotten. Its history stays. */
static void
forget_account_here (GlintApplication *self,
                     const char       *jid)
{
  g_autoptr(GError) error = NULL;

  glint_client_remove_account (self->client, jid);
  glint_secrets_forget (jid);
  if (!glint_account_remove (jid, self->accounts_path, &error))
    glint_application_show_error (self, error->message);
  glint_application_accounts_changed (self);
}

static void
on_remove_account_response (GtkDialog        *dialog,
                            int               response,
                            GlintApplication *self)
{
  const char *jid = g_object_get_data (G_OBJECT (dialog), "jid");

  if (response == RESPONSE_DELETE_FROM_SERVER)
    g_action_group_activate_action (G_ACTION_GROUP (self), "delete-account", g_variant_new_string (jid));
  else if (response == GTK_RESPONSE_ACCEPT)
    forget_account_here (self, jid);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
on_removed_from_server (GlintSession     *session,
                        const char       *error,
                        GlintApplication *self)
{
  g_autofree char *jid = g_strdup (glint_session_get_account_jid (session));
  g_autofree char *said = NULL;

  g_signal_handlers_disconnect_by_func (session, on_removed_from_server, self);
  if (error != NULL)
    {
      glint_application_show_error (self, error);
      return;
    }
  /* Gone from the server: gone from Glint too. */
  forget_account_here (self, jid);
  said = g_strdup_printf (_("The account %s was deleted from its server."), jid);
  glint_application_notice (self, said);
}

static void
on_delete_confirmed (GlintDeleteAccountDialog *dialog,
                     const char               *jid,
                     GlintApplication         *self)
{
  GlintSession *session = glint_application_lookup_session (self, jid);
  g_autoptr(GError) error = NULL;

  if (session == NULL)
    {
      glint_application_show_error (self, _("The account can be removed from its server only while connected."));
      return;
    }
  g_signal_connect_object (session, "removed-from-server", G_CALLBACK (on_removed_from_server), self, 0);
  if (!glint_session_remove_from_server (session, &error))
    {
      g_signal_handlers_disconnect_by_func (session, on_removed_from_server, self);
      glint_application_show_error (self, error->message);
    }
}

/* (jid): deletes the account from its server, once the user typed its
 * address (XEP-0077). */
static void
delete_account_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       data)
{
  GlintApplication *self = data;
  const char *jid = g_variant_get_string (param, NULL);
  GlintDeleteAccountDialog *dialog;

  dialog = glint_delete_account_dialog_new (self->preferences ? self->preferences
                                            : gtk_application_get_active_window (GTK_APPLICATION (self)), jid);
  g_signal_connect_object (dialog, "confirmed", G_CALLBACK (on_delete_confirmed), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Forgets an account on this computer, after asking. Its history stays. */
static void
remove_account_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       data)
{
  GlintApplication *self = data;
  const char *jid = g_variant_get_string (param, NULL);
  GtkWidget *dialog;

  dialog = gtk_message_dialog_new (self->preferences ? self->preferences
                                   : gtk_application_get_active_window (GTK_APPLICATION (self)),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Remove the account %s from Glint?"), jid);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("Glint logs out and forgets its settings and saved password. "
                                              "The account stays on the server, and its history stays on "
                                              "this computer."));
  gtk_window_set_title (GTK_WINDOW (dialog), _("Remove Account"));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Delete from Server…"), RESPONSE_DELETE_FROM_SERVER,
                          _("_Remove"), GTK_RESPONSE_ACCEPT, NULL);
  g_object_set_data_full (G_OBJECT (dialog), "jid", g_strdup (jid), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_remove_account_response), self);
  glint_accessible_name_dialog (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* (account, fingerprint): the certificate is no longer trusted; the next
 * connection that meets it asks again. */
static void
revoke_pin_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       data)
{
  GlintApplication *self = data;
  const char *jid, *fingerprint;
  GlintSession *session;
  g_autoptr(GlintAccount) saved = NULL;
  g_autoptr(GError) error = NULL;

  g_variant_get (param, "(&s&s)", &jid, &fingerprint);
  session = glint_application_lookup_session (self, jid);
  if (session)
    glint_session_revoke_certificate (session, fingerprint);
  else if ((saved = glint_account_load (jid, self->accounts_path))
           && glint_account_remove_pin (saved, fingerprint)
           && !glint_account_save (saved, self->accounts_path, &error))
    glint_application_show_error (self, error->message);
  glint_application_accounts_changed (self);
}

static const GActionEntry account_actions[] = {
  { "add-account", add_account_action },
  { "create-account", create_account_action },
  { "edit-account", edit_account_action, "s" },
  { "change-password", change_password_action, "s" },
  { "remove-account", remove_account_action, "s" },
  { "delete-account", delete_account_action, "s" },
  { "revoke-pin", revoke_pin_action, "(ss)" },
  { "accept-login-mechanism", accept_login_mechanism_action, "(ss)" },
  { "account-enabled", account_enabled_action, "(sb)" },
  { "account-autologin", account_autologin_action, "(sb)" },
  { "account-share-version", account_sharing_action, "(sb)" },
  { "account-share-idle", account_sharing_action, "(sb)" },
  { "account-login-invisible", account_login_invisible_action, "(sb)" },
};

void
glint_application_add_account_actions (GlintApplication *self)
{
  glint_application_add_entries (self, account_actions, G_N_ELEMENTS (account_actions));
}

/* glint-login-dialog.c: Spark's login window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-login"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-application.h"
#include "glint-jid.h"
#include "glint-secrets.h"
#include "glint-login-dialog.h"
#include "glint-accessible.h"

struct _GlintLoginDialog
{
  GtkWindow         parent_instance;
  GlintApplication *app;
  gboolean          plaintext_confirmed;
  char             *jid;         /* the account last submitted or shown */
  GCancellable     *lookup;      /* the saved password, being asked for */

  GtkEntry         *jid_entry;
  GtkPasswordEntry *password_entry;
  GtkCheckButton   *save_password_check;
  GtkCheckButton   *autologin_check;
  GtkCheckButton   *invisible_check;
  GtkExpander      *advanced_expander;
  GtkEntry         *host_entry;
  GtkSpinButton    *port_spin;
  GtkDropDown      *tls_dropdown;
  GtkLabel         *error_label;
  GtkSpinner       *spinner;
  GtkButton        *login_button;
  GtkButton        *cancel_button;
};

G_DEFINE_FINAL_TYPE (GlintLoginDialog, glint_login_dialog, GTK_TYPE_WINDOW)

static void
set_busy (GlintLoginDialog *self,
          gboolean          busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->login_button), !busy);
}

void
glint_login_dialog_set_error (GlintLoginDialog *self,
                              const char       *message)
{
  set_busy (self, FALSE);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message && *message);
  if (message && *message)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_label),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
}

/* No port is "the server's usual one" (from DNS, or 5222): an empty field
 * with that said in grey, not a "0". */
static gboolean
on_port_output (GtkSpinButton *spin)
{
  if (gtk_spin_button_get_value_as_int (spin) != 0)
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (spin), "");
  return TRUE;
}

/* What the user changes makes the last error stale. */
static void
on_field_changed (GlintLoginDialog *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    glint_login_dialog_set_error (self, NULL);
}

static void
do_login (GlintLoginDialog *self)
{
  const char *jid = gtk_editable_get_text (GTK_EDITABLE (self->jid_entry));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_entry));
  const char *host = gtk_editable_get_text (GTK_EDITABLE (self->host_entry));
  g_autofree char *bare = glint_jid_normalize_bare (jid);
  g_autoptr(GlintAccount) account = NULL;

  if (bare == NULL || !glint_jid_is_valid_bare (bare))
    {
      glint_login_dialog_set_error (self, _("Enter your address as user@example.org."));
      gtk_widget_grab_focus (GTK_WIDGET (self->jid_entry));
      return;
    }
  if (*password == '\0')
    {
      glint_login_dialog_set_error (self, _("Enter your password."));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      return;
    }

  account = glint_account_new (bare);
  account->host = *host ? g_strstrip (g_strdup (host)) : NULL;
  account->port = gtk_spin_button_get_value_as_int (self->port_spin);
  account->tls_mode = gtk_drop_down_get_selected (self->tls_dropdown);
  account->save_password = gtk_check_button_get_active (self->save_password_check);
  account->autologin = gtk_check_button_get_active (self->autologin_check) && account->save_password;
  account->login_invisible = gtk_check_button_get_active (self->invisible_check);

  glint_login_dialog_set_error (self, NULL);
  set_busy (self, TRUE);
  g_free (self->jid);
  self->jid = g_strdup (bare);
  glint_application_login (self->app, account, password);
}

static void
on_plaintext_response (GtkDialog        *dialog,
                       int               response,
                       GlintLoginDialog *self)
{
  self->plaintext_confirmed = response == GTK_RESPONSE_ACCEPT;
  if (!self->plaintext_confirmed)
    gtk_drop_down_set_selected (self->tls_dropdown, GLINT_TLS_STARTTLS);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Plaintext sends the password readable by anyone on the path: the user
 * must say so explicitly. */
static void
on_tls_selected (GlintLoginDialog *self)
{
  GtkWidget *dialog;

  if (gtk_drop_down_get_selected (self->tls_dropdown) != GLINT_TLS_PLAINTEXT || self->plaintext_confirmed)
    return;
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_WARNING, GTK_BUTTONS_NONE,
                                   _("Connect without encryption?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("Your password and every message will cross the network "
                                              "unprotected, readable by anyone on the way."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Keep Encryption"), GTK_RESPONSE_CANCEL,
                          _("_Connect Unencrypted"), GTK_RESPONSE_ACCEPT, NULL);
  g_signal_connect (dialog, "response", G_CALLBACK (on_plaintext_response), self);
  glint_accessible_name_dialog (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_cancel (GlintLoginDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
glint_login_dialog_dispose (GObject *object)
{
  GlintLoginDialog *self = GLINT_LOGIN_DIALOG (object);

  if (self->lookup)
    g_cancellable_cancel (self->lookup);
  g_clear_object (&self->lookup);
  G_OBJECT_CLASS (glint_login_dialog_parent_class)->dispose (object);
}

static void
glint_login_dialog_finalize (GObject *object)
{
  g_free (GLINT_LOGIN_DIALOG (object)->jid);
  G_OBJECT_CLASS (glint_login_dialog_parent_class)->finalize (object);
}

static void
glint_login_dialog_class_init (GlintLoginDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* Escape closes it, as it does every dialog. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  G_OBJECT_CLASS (klass)->finalize = glint_login_dialog_finalize;
  G_OBJECT_CLASS (klass)->dispose = glint_login_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-login-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintLoginDialog, jid_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintLoginDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintLoginDialog, save_password_check);
  gtk_widget_class_bind_template_child (widget_class, GlintLoginDialog, autologin_check);
  gtk_widget_class_bind_template_child (widget_class, GlintLoginDialog, invisible_check);
  gtk_widget_class_bind_template_child (widget_class, GlintLoginDialog, advanced_expander);
  gtk_widget_class_bind_template_child (widget_class, GlintLoginDialog, host_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintLoginDialog, port_spin);
  gtk_widget_class_bind_template_child (widget_class, GlintLoginDialog, tls_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlintLoginDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, GlintLoginDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, GlintLoginDialog, login_button);
  gtk_widget_class_bind_template_child (widget_class, GlintLoginDialog, cancel_button);
}

static void
glint_login_dialog_init (GlintLoginDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  glint_accessible_name_buttons_once (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->login_button));
  g_signal_connect_swapped (self->login_button, "clicked", G_CALLBACK (do_login), self);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (on_cancel), self);
  g_signal_connect_swapped (self->tls_dropdown, "notify::selected", G_CALLBACK (on_tls_selected), self);
  g_signal_connect_swapped (self->jid_entry, "changed", G_CALLBACK (on_field_changed), self);
  g_signal_connect (self->port_spin, "output", G_CALLBACK (on_port_output), NULL);
  {
    GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (self->port_spin));

    if (GTK_IS_TEXT (text))
      gtk_text_set_placeholder_text (GTK_TEXT (text), _("Automatic (5222)"));
    gtk_editable_set_text (GTK_EDITABLE (self->port_spin), "");
  }
  g_signal_connect_swapped (self->password_entry, "changed", G_CALLBACK (on_field_changed), self);
  g_signal_connect_swapped (self->host_entry, "changed", G_CALLBACK (on_field_changed), self);
}

static void
saved_password_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *password = glint_secrets_lookup_finish (result, &error);
  GlintLoginDialog *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = data;
  /* Only into an empty field: the user may have typed meanwhile. */
  if (password && *gtk_editable_get_text (GTK_EDITABLE (self->password_entry)) == '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->password_entry), password);
}

GlintLoginDialog *
glint_login_dialog_new (GlintApplication   *app,
                        const GlintAccount *account)
{
  GlintLoginDialog *self = g_object_new (GLINT_TYPE_LOGIN_DIALOG, "application", app, NULL);

  self->app = app;
  if (account)
    {
      self->jid = g_strdup (account->jid);
      self->plaintext_confirmed = account->tls_mode == GLINT_TLS_PLAINTEXT;
      gtk_editable_set_text (GTK_EDITABLE (self->jid_entry), account->jid);
      gtk_editable_set_text (GTK_EDITABLE (self->host_entry), account->host ? account->host : "");
      gtk_spin_button_set_value (self->port_spin, account->port);
      gtk_drop_down_set_selected (self->tls_dropdown, account->tls_mode);
      gtk_check_button_set_active (self->save_password_check, account->save_password);
      gtk_check_button_set_active (self->autologin_check, account->autologin);
      gtk_check_button_set_active (self->invisible_check, account->login_invisible);
      gtk_expander_set_expanded (self->advanced_expander, account->host || account->port);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_entry));
      /* A saved password is offered again, asked of the keyring without
       * waiting for it. */
      if (account->save_password)
        {
          self->lookup = g_cancellable_new ();
          glint_secrets_lookup (account->jid, self->lookup, saved_password_cb, self);
        }
    }
  return self;
}

/* The address of the account this window logs in to: the one it was
 * opened for, or the one last submitted. */
const char *
glint_login_dialog_get_jid (GlintLoginDialog *self)
{
  return self->jid;
}

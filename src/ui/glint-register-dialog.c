/* glint-register-dialog.c
 *
 * Two pages: the server, then the form the server asks. Once the server
 * has made the account it is saved, its password goes to the keyring, and
 * it logs in. After a refusal (a name taken, a CAPTCHA misread) the next
 * try asks the server for a new form, keeping what the user typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-register-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-accessible.h"
#include "glint-client.h"
#include "glint-form-row.h"
#include "glint-jid.h"
#include "glint-register-dialog.h"

struct _GlintRegisterDialog
{
  GtkWindow          parent_instance;
  GlintApplication  *app;
  GlintRegistration *registration;
  GlintForm         *form;        /* the server's, as it came */
  GHashTable        *typed;       /* var -> what the user typed, for the next form */
  gboolean           refused;     /* the last try was refused: the next asks again */

  GtkStack          *stack;
  GtkEntry          *server_entry;
  GtkEntry          *host_entry;
  GtkEntry          *port_entry;
  GtkCheckButton    *direct_tls_check;
  GtkLabel          *title_label;
  GtkLabel          *instructions_label;
  GtkBox            *fields_box;
  GtkLabel          *dropped_label;
  GtkLabel          *error_label;
  GtkSpinner        *spinner;
  GtkButton         *next_button;
};

G_DEFINE_FINAL_TYPE (GlintRegisterDialog, glint_register_dialog, GTK_TYPE_WINDOW)

static void
set_error (GlintRegisterDialog *self,
           const char          *error)
{
  gtk_label_set_text (self->error_label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), error != NULL);
}

static void
set_busy (GlintRegisterDialog *self,
          gboolean             busy)
{
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->next_button), !busy);
  gtk_widget_set_sensitive (gtk_stack_get_visible_child (self->stack), !busy);
}

static void
drop_registration (GlintRegisterDialog *self)
{
  if (self->registration == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->registration, self);
  if (!glint_registration_is_finished (self->registration))
    glint_registration_cancel (self->registration);
  g_clear_object (&self->registration);
}

static void
remember_typed (GlintRegisterDialog *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_box)); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GlintFormRow *row = GLINT_FORM_ROW (child);
      char *value = glint_form_row_get_value (row);

      if (value != NULL && glint_form_row_get_var (row) != NULL)
        g_hash_table_insert (self->typed, g_strdup (glint_form_row_get_var (row)), value);
      else
        g_free (value);
    }
}

static void
show_form (GlintRegisterDialog *self,
           GlintForm           *form)
{
  GtkWidget *child;
  GtkWidget *first = NULL;

  g_clear_pointer (&self->form, glint_form_free);
  self->form = glint_form_copy (form);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_box))))
    gtk_box_remove (self->fields_box, child);
  gtk_label_set_text (self->title_label, form->title ? form->title : "");
  gtk_widget_set_visible (GTK_WIDGET (self->title_label), form->title != NULL);
  gtk_label_set_text (self->instructions_label, form->instructions ? form->instructions : "");
  gtk_widget_set_visible (GTK_WIDGET (self->instructions_label), form->instructions != NULL);
  for (guint i = 0; i < form->fields->len; i++)
    {
      GlintFormField *field = form->fields->pdata[i];
      /* A picture to read is new each time: so is its answer. */
      const char *previous = field->var && !field->image ? g_hash_table_lookup (self->typed, field->var) : NULL;
      GlintFormRow *row = glint_form_row_new (field, previous);

      gtk_box_append (self->fields_box, GTK_WIDGET (row));
      if (first == NULL && glint_form_row_get_input (row) != NULL)
        first = glint_form_row_get_input (row);
    }
  if (form->fields_dropped > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("The server asked %u more field, which Glint does not show.",
                                                         "The server asked %u more fields, which Glint does not show.",
                                                         form->fields_dropped),
                                               form->fields_dropped);
      gtk_label_set_text (self->dropped_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->dropped_label), form->fields_dropped > 0);
  gtk_stack_set_visible_child_name (self->stack, "form");
  gtk_button_set_label (self->next_button, _("C_reate Account"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->next_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Create Account"), -1);
  set_busy (self, FALSE);
  if (first)
    gtk_widget_grab_focus (first);
}

static void
on_form (GlintRegistration   *registration,
         GlintForm           *form,
         GlintRegisterDialog *self)
{
  self->refused = FALSE;
  show_form (self, form);
}

static void
on_finished (GlintRegistration   *registration,
             const char          *error,
             GlintRegisterDialog *self)
{
  g_autoptr(GlintAccount) account = NULL;
  g_autofree char *jid = NULL;
  const GlintAccount *server;

  set_busy (self, FALSE);
  if (error != NULL)
    {
      set_error (self, error);
      self->refused = TRUE;
      if (self->form == NULL)
        gtk_stack_set_visible_child_name (self->stack, "server");
      return;
    }
  /* Made: saved like an account the user logs in to, and logged in. */
  jid = glint_registration_get_jid (registration);
  server = glint_registration_get_server (registration);
  account = glint_account_new (jid);
  account->host = g_strdup (server->host);
  account->port = server->port;
  account->tls_mode = server->tls_mode;
  account->save_password = TRUE;
  account->autologin = TRUE;
  glint_application_account_created (self->app, account, glint_registration_get_password (registration));
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Asks the server named on the first page for its form. */
static void
ask_server (GlintRegisterDialog *self)
{
  g_autofree char *domain = g_utf8_strdown (g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_entry)))), -1);
  g_autofree char *probe = g_strdup_printf ("new@%s", domain);
  g_autoptr(GlintAccount) server = NULL;
  const char *host = gtk_editable_get_text (GTK_EDITABLE (self->host_entry));
  const char *port = gtk_editable_get_text (GTK_EDITABLE (self->port_entry));
  GlintClient *client = glint_application_get_client (self->app);
  guint64 port_number = 0;

  if (*domain == '\0' || !glint_jid_is_valid_bare (probe))
    {
      set_error (self, _("Enter the server’s name, such as example.org."));
      gtk_widget_grab_focus (GTK_WIDGET (self->server_entry));
      return;
    }
  if (*port != '\0' && (!g_ascii_string_to_unsigned (port, 10, 1, 65535, &port_number, NULL)))
    {
      set_error (self, _("The port is a number from 1 to 65535."));
      gtk_widget_grab_focus (GTK_WIDGET (self->port_entry));
      return;
    }
  if (client == NULL)
    {
      set_error (self, _("Glint is still starting. Try again in a moment."));
      return;
    }
  server = glint_account_new (domain);
  server->host = *host ? g_strstrip (g_strdup (host)) : NULL;
  server->port = port_number;
  server->tls_mode = gtk_check_button_get_active (self->direct_tls_check) ? GLINT_TLS_DIRECT : GLINT_TLS_STARTTLS;
  drop_registration (self);
  set_error (self, NULL);
  set_busy (self, TRUE);
  self->registration = g_object_ref (glint_client_start_registration (client, server));
  g_signal_connect (self->registration, "form", G_CALLBACK (on_form), self);
  g_signal_connect (self->registration, "finished", G_CALLBACK (on_finished), self);
}

static void
submit (GlintRegisterDialog *self)
{
  g_autoptr(GlintForm) filled = glint_form_copy (self->form);
  g_autoptr(GError) error = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_box)); child;
       child = gtk_widget_get_next_sibling (child))
    {
      g_autofree char *value = glint_form_row_get_value (GLINT_FORM_ROW (child));

      if (value != NULL)
        glint_form_set_value (filled, glint_form_row_get_var (GLINT_FORM_ROW (child)), value);
    }
  if (!glint_registration_submit (self->registration, filled, &error))
    {
      set_error (self, error->message);
      return;
    }
  set_error (self, NULL);
  set_busy (self, TRUE);
}

static void
on_next (GlintRegisterDialog *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "server") == 0)
    {
      ask_server (self);
      return;
    }
  if (self->refused)
    {
      /* The server ended that try: a new one, with what was typed. */
      remember_typed (self);
      ask_server (self);
      gtk_stack_set_visible_child_name (self->stack, "form");
      return;
    }
  submit (self);
}

static void
on_field_changed (GlintRegisterDialog *self)
{
  set_error (self, NULL);
}

static void
glint_register_dialog_dispose (GObject *object)
{
  GlintRegisterDialog *self = GLINT_REGISTER_DIALOG (object);

  drop_registration (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLINT_TYPE_REGISTER_DIALOG);
  G_OBJECT_CLASS (glint_register_dialog_parent_class)->dispose (object);
}

static void
glint_register_dialog_finalize (GObject *object)
{
  GlintRegisterDialog *self = GLINT_REGISTER_DIALOG (object);

  glint_form_free (self->form);
  g_hash_table_unref (self->typed);
  G_OBJECT_CLASS (glint_register_dialog_parent_class)->finalize (object);
}

static void
glint_register_dialog_class_init (GlintRegisterDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glint_register_dialog_dispose;
  object_class->finalize = glint_register_dialog_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-register-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintRegisterDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, GlintRegisterDialog, server_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintRegisterDialog, host_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintRegisterDialog, port_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintRegisterDialog, direct_tls_check);
  gtk_widget_class_bind_template_child (widget_class, GlintRegisterDialog, title_label);
  gtk_widget_class_bind_template_child (widget_class, GlintRegisterDialog, instructions_label);
  gtk_widget_class_bind_template_child (widget_class, GlintRegisterDialog, fields_box);
  gtk_widget_class_bind_template_child (widget_class, GlintRegisterDialog, dropped_label);
  gtk_widget_class_bind_template_child (widget_class, GlintRegisterDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, GlintRegisterDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, GlintRegisterDialog, next_button);
  gtk_widget_class_bind_template_callback (widget_class, on_next);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
glint_register_dialog_init (GlintRegisterDialog *self)
{
  self->typed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  glint_accessible_name_buttons_once (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->next_button));
}

GlintRegisterDialog *
glint_register_dialog_new (GlintApplication *app)
{
  GlintRegisterDialog *self = g_object_new (GLINT_TYPE_REGISTER_DIALOG, "application", app, NULL);

  self->app = app;
  return self;
}

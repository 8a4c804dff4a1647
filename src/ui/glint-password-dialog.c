/* glint-password-dialog.c
 *
 * The new password twice; Change is offered once both say the same. The
 * application asks the server and saves it in the keyring only when the
 * server took it ("new-password").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-password-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "glint-accessible.h"
#include "glint-password-dialog.h"

struct _GlintPasswordDialog
{
  AdwMessageDialog  parent_instance;
  GtkEditable      *new_entry;
  GtkEditable      *repeat_entry;
};

G_DEFINE_FINAL_TYPE (GlintPasswordDialog, glint_password_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  NEW_PASSWORD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_entry_changed (GlintPasswordDialog *self)
{
  const char *typed = gtk_editable_get_text (self->new_entry);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "change",
                                           *typed != '\0'
                                           && g_strcmp0 (typed, gtk_editable_get_text (self->repeat_entry)) == 0);
}

static void
on_response (GlintPasswordDialog *self,
             const char          *response)
{
  if (g_strcmp0 (response, "change") == 0)
    g_signal_emit (self, signals[NEW_PASSWORD], 0, gtk_editable_get_text (self->new_entry));
}

static void
glint_password_dialog_class_init (GlintPasswordDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* (password): the user asked for it. */
  signals[NEW_PASSWORD] = g_signal_new ("new-password", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-password-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintPasswordDialog, new_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintPasswordDialog, repeat_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_response);
}

static void
glint_password_dialog_init (GlintPasswordDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Its answers are buttons with mnemonics: each read once, as shown. */
  glint_accessible_name_dialog (GTK_WIDGET (self));
}

GlintPasswordDialog *
glint_password_dialog_new (GtkWindow  *parent,
                           const char *account)
{
  GlintPasswordDialog *self = g_object_new (GLINT_TYPE_PASSWORD_DIALOG, "transient-for", parent, NULL);
  g_autofree char *body = g_strdup_printf (_("The server of %s will ask for the new password from now on, "
                                             "on every device."), account);

  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  return self;
}

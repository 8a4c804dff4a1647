/* glint-delete-account-dialog.c
 *
 * Deleting cannot be undone, so Delete is offered only once the user has
 * typed the account's address; "confirmed" then tells the application,
 * which asks the server (XEP-0077).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-delete-account-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "glint-accessible.h"
#include "glint-delete-account-dialog.h"

struct _GlintDeleteAccountDialog
{
  AdwMessageDialog  parent_instance;
  char             *account;
  GtkEditable      *address_entry;
};

G_DEFINE_FINAL_TYPE (GlintDeleteAccountDialog, glint_delete_account_dialog, ADW_TYPE_MESSAGE_DIALOG)

enum {
  CONFIRMED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_entry_changed (GlintDeleteAccountDialog *self)
{
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (self->address_entry)));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "delete",
                                           g_ascii_strcasecmp (typed, self->account) == 0);
}

static void
on_response (GlintDeleteAccountDialog *self,
             const char               *response)
{
  if (g_strcmp0 (response, "delete") == 0)
    g_signal_emit (self, signals[CONFIRMED], 0, self->account);
}

static void
glint_delete_account_dialog_finalize (GObject *object)
{
  g_free (GLINT_DELETE_ACCOUNT_DIALOG (object)->account);
  G_OBJECT_CLASS (glint_delete_account_dialog_parent_class)->finalize (object);
}

static void
glint_delete_account_dialog_class_init (GlintDeleteAccountDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = glint_delete_account_dialog_finalize;
  /* (account): the user typed its address and chose Delete. */
  signals[CONFIRMED] = g_signal_new ("confirmed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glintim/Glint/glint-delete-account-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintDeleteAccountDialog, address_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_response);
}

static void
glint_delete_account_dialog_init (GlintDeleteAccountDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Its answers are buttons with mnemonics: each read once, as shown. */
  glint_accessible_name_dialog (GTK_WIDGET (self));
}

GlintDeleteAccountDialog *
glint_delete_account_dialog_new (GtkWindow  *parent,
                                 const char *account)
{
  GlintDeleteAccountDialog *self = g_object_new (GLINT_TYPE_DELETE_ACCOUNT_DIALOG, "transient-for", parent, NULL);
  g_autofree char *body = g_strdup_printf (_("The server deletes %s for good: its contacts and what the server "
                                             "keeps for it are gone, and no one can log in to it again. "
                                             "Type the address to confirm."), account);

  self->account = g_strdup (account);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->address_entry), account);
  return self;
}

/* glint-join-dialog.c
 *
 * The dialog joins nothing itself: Join activates the application's
 * enter-room action with what was typed, so links, the menu, the command
 * line and D-Bus all join the same way. With one account there is no
 * account to choose. Made to create a room, it asks for the new room's
 * name and subject instead of a password, and Create activates
 * make-room.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-join-dialog"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "glint-accessible.h"
#include "glint-join-dialog.h"

#include <string.h>

struct _GlintJoinDialog
{
  AdwMessageDialog  parent_instance;
  GtkStringList    *accounts;
  GtkDropDown      *account_dropdown;
  GtkEditable      *room_entry;
  GtkEditable      *nick_entry;
  GtkEditable      *password_entry;
  GtkEditable      *name_entry;
  GtkEditable      *subject_entry;
  gboolean          create;
};

G_DEFINE_FINAL_TYPE (GlintJoinDialog, glint_join_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
on_entry_changed (GlintJoinDialog *self)
{
  const char *room = gtk_editable_get_text (self->room_entry);
  g_autofree char *nick = g_strstrip (g_strdup (gtk_editable_get_text (self->nick_entry)));

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "join",
                                           strchr (room, '@') != NULL && *nick != '\0');
}

static void
on_response (GlintJoinDialog *self,
             const char      *response)
{
  GtkStringObject *account = gtk_drop_down_get_selected_item (self->account_dropdown);
  g_autofree char *room = NULL;

  if (g_strcmp0 (response, "join") != 0 || account == NULL)
    return;
  room = g_strstrip (g_strdup (gtk_editable_get_text (self->room_entry)));
  if (self->create)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "app.make-room", "(sssss)",
                                  gtk_string_object_get_string (account), room,
                                  gtk_editable_get_text (self->nick_entry),
                                  gtk_editable_get_text (self->name_entry),
                                  gtk_editable_get_text (self->subject_entry));
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "app.enter-room", "(ssss)",
                              gtk_string_object_get_string (account), room,
                              gtk_editable_get_text (self->nick_entry),
                              gtk_editable_get_text (self->password_entry));
}

static void
glint_join_dialog_dispose (GObject *object)
{
  g_clear_object (&GLINT_JOIN_DIALOG (object)->accounts);
  G_OBJECT_CLASS (glint_join_dialog_parent_class)->dispose (object);
}

static void
glint_join_dialog_class_init (GlintJoinDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = glint_join_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-join-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintJoinDialog, account_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlintJoinDialog, room_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintJoinDialog, nick_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintJoinDialog, password_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintJoinDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintJoinDialog, subject_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_response);
}

static void
glint_join_dialog_init (GlintJoinDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  glint_accessible_name_dialog (GTK_WIDGET (self));
}

/* @accounts: the accounts to join with; @account: the one chosen first.
 * @room and @nick fill the fields (a link's room, the user's name).
 * @create: to make a new room. */
GlintJoinDialog *
glint_join_dialog_new (GtkWindow          *parent,
                       const char * const *accounts,
                       const char         *account,
                       const char         *room,
                       const char         *nick,
                       gboolean            create)
{
  GlintJoinDialog *self = g_object_new (GLINT_TYPE_JOIN_DIALOG, "transient-for", parent, NULL);
  guint chosen = 0;

  self->create = create;
  if (create)
    {
      gtk_window_set_title (GTK_WINDOW (self), _("Create a Room"));
      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Create a Room"));
      adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self),
                                   _("Give the new room an address on a group chat service, like "
                                     "team@conference.example.org, and a name and subject others see."));
      adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), "join", _("_Create"));
      gtk_widget_set_visible (GTK_WIDGET (self->name_entry), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->subject_entry), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->password_entry), FALSE);
    }

  self->accounts = gtk_string_list_new (accounts);
  for (guint i = 0; accounts[i]; i++)
    if (g_strcmp0 (accounts[i], account) == 0)
      chosen = i;
  gtk_drop_down_set_model (self->account_dropdown, G_LIST_MODEL (self->accounts));
  gtk_drop_down_set_selected (self->account_dropdown, chosen);
  gtk_widget_set_visible (GTK_WIDGET (self->account_dropdown), g_strv_length ((char **) accounts) > 1);
  gtk_editable_set_text (self->room_entry, room ? room : "");
  gtk_editable_set_text (self->nick_entry, nick ? nick : "");
  on_entry_changed (self);
  /* What is missing has the focus. */
  gtk_widget_grab_focus (GTK_WIDGET (room && *room ? self->nick_entry : self->room_entry));
  if (room && *room && nick && *nick)
    gtk_widget_grab_focus (GTK_WIDGET (create ? self->name_entry : self->password_entry));
  return self;
}

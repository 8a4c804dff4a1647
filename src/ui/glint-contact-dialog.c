/* glint-contact-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-contact-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-contact-dialog.h"
#include "glint-accessible.h"
#include "glint-jid.h"

struct _GlintContactDialog
{
  GtkWindow     parent_instance;
  GlintSession *session;
  GListModel   *sessions;      /* every account's, to choose from */
  gboolean      editing;

  GtkEntry     *jid_entry;
  GtkEntry     *name_entry;
  GtkEntry     *group_entry;
  GtkLabel     *account_label;
  GtkDropDown  *account_dropdown;
  GtkLabel     *error_label;
  GtkButton    *ok_button;
  GtkButton    *cancel_button;
};

G_DEFINE_FINAL_TYPE (GlintContactDialog, glint_contact_dialog, GTK_TYPE_WINDOW)

static void
on_ok (GlintContactDialog *self)
{
  const char *jid = gtk_editable_get_text (GTK_EDITABLE (self->jid_entry));
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
  const char *group = gtk_editable_get_text (GTK_EDITABLE (self->group_entry));
  g_autofree char *bare = glint_jid_normalize_bare (jid);
  guint chosen = gtk_drop_down_get_selected (self->account_dropdown);

  if (!self->editing && self->sessions && chosen < g_list_model_get_n_items (self->sessions))
    {
      g_clear_object (&self->session);
      self->session = g_list_model_get_item (self->sessions, chosen);
    }
  if (bare == NULL || !glint_jid_is_valid_bare (bare))
    {
      gtk_label_set_text (self->error_label, _("Enter an address like friend@example.org."));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->jid_entry));
      return;
    }
  if (glint_session_get_state (self->session) != GLINT_CONNECTION_CONNECTED)
    {
      gtk_label_set_text (self->error_label, _("Contacts can be changed only while you are online."));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  if (self->editing)
    glint_session_update_contact (self->session, bare, name, group);
  else
    glint_session_add_contact (self->session, bare, name, group);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_cancel (GlintContactDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
glint_contact_dialog_dispose (GObject *object)
{
  g_clear_object (&GLINT_CONTACT_DIALOG (object)->session);
  g_clear_object (&GLINT_CONTACT_DIALOG (object)->sessions);
  G_OBJECT_CLASS (glint_contact_dialog_parent_class)->dispose (object);
}

static void
glint_contact_dialog_class_init (GlintContactDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* Escape closes it, as it does every dialog. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  G_OBJECT_CLASS (klass)->dispose = glint_contact_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-contact-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintContactDialog, jid_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintContactDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintContactDialog, group_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintContactDialog, account_label);
  gtk_widget_class_bind_template_child (widget_class, GlintContactDialog, account_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlintContactDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, GlintContactDialog, ok_button);
  gtk_widget_class_bind_template_child (widget_class, GlintContactDialog, cancel_button);
}

static void
glint_contact_dialog_init (GlintContactDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  glint_accessible_name_buttons_once (GTK_WIDGET (self));
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->ok_button));
  g_signal_connect_swapped (self->ok_button, "clicked", G_CALLBACK (on_ok), self);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (on_cancel), self);
}

/* With more than one account, the contact is added to the one chosen. */
static void
offer_accounts (GlintContactDialog *self)
{
  guint n = g_list_model_get_n_items (self->sessions);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint current = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlintSession) session = g_list_model_get_item (self->sessions, i);

      gtk_string_list_append (names, glint_session_get_account_jid (session));
      if (session == self->session)
        current = i;
    }
  gtk_drop_down_set_model (self->account_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->account_dropdown, current);
  gtk_widget_set_visible (GTK_WIDGET (self->account_label), n > 1);
  gtk_widget_set_visible (GTK_WIDGET (self->account_dropdown), n > 1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->account_dropdown), !self->editing);
}

/* @sessions: every account's session; @session: the account of @contact,
 * or the one proposed for a new contact; @contact: the contact to edit,
 * or NULL to add one. */
GlintContactDialog *
glint_contact_dialog_new (GtkWindow    *parent,
                          GListModel   *sessions,
                          GlintSession *session,
                          GlintContact *contact)
{
  GlintContactDialog *self = g_object_new (GLINT_TYPE_CONTACT_DIALOG, "transient-for", parent, NULL);

  self->session = g_object_ref (session);
  self->sessions = g_object_ref (sessions);
  self->editing = contact != NULL;
  gtk_window_set_title (GTK_WINDOW (self), contact ? _("Edit Contact") : _("Add Contact"));
  gtk_button_set_label (self->ok_button, contact ? _("_Save") : _("_Add"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->ok_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  contact ? _("Save") : _("Add"), -1);
  if (contact)
    {
      const char * const *groups = glint_contact_get_groups (contact);

      gtk_editable_set_text (GTK_EDITABLE (self->jid_entry), glint_contact_get_jid (contact));
      gtk_editable_set_editable (GTK_EDITABLE (self->jid_entry), FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->name_entry),
                             glint_contact_get_name (contact) ? glint_contact_get_name (contact) : "");
      gtk_editable_set_text (GTK_EDITABLE (self->group_entry), groups && groups[0] ? groups[0] : "");
      gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
    }
  offer_accounts (self);
  glint_accessible_name_buttons_once (GTK_WIDGET (self->ok_button));
  return self;
}

/* For a stranger's chat: the address is theirs; the name is asked. */
void
glint_contact_dialog_set_address (GlintContactDialog *self,
                                  const char         *jid)
{
  gtk_editable_set_text (GTK_EDITABLE (self->jid_entry), jid);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
}

/* What a link suggests (xmpp:…?roster;name=…;group=…): the user sees it
 * and decides. */
void
glint_contact_dialog_suggest (GlintContactDialog *self,
                              const char         *name,
                              const char         *group)
{
  if (name)
    gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name);
  if (group)
    gtk_editable_set_text (GTK_EDITABLE (self->group_entry), group);
}

/* glint-saved-status-group.c
 *
 * Shows saved-status-messages as it is, whoever changed it (this group,
 * the command line, D-Bus); saving and forgetting go through the
 * application's actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-saved-status-group"

#include "config.h"

#include "glint-saved-status-group.h"
#include "glint-saved-status-row.h"

struct _GlintSavedStatusGroup
{
  AdwPreferencesGroup  parent_instance;
  GSettings           *settings;

  GtkListBox          *saved_list;
  GtkDropDown         *show_dropdown;
  GtkEntry            *message_entry;
  GtkButton           *save_button;
};

G_DEFINE_FINAL_TYPE (GlintSavedStatusGroup, glint_saved_status_group, ADW_TYPE_PREFERENCES_GROUP)

/* In the drop-down's order. */
static const char * const shows[] = { "online", "away", "xa", "dnd" };

static void
fill (GlintSavedStatusGroup *self)
{
  g_autoptr(GVariant) saved = g_settings_get_value (self->settings, "saved-status-messages");
  GtkWidget *child;
  GVariantIter iter;
  const char *show, *message;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->saved_list))))
    gtk_list_box_remove (self->saved_list, child);
  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_next (&iter, "(&s&s)", &show, &message))
    gtk_list_box_append (self->saved_list, GTK_WIDGET (glint_saved_status_row_new (show, message)));
  gtk_widget_set_visible (GTK_WIDGET (self->saved_list), g_variant_n_children (saved) > 0);
}

static void
on_changed (GlintSavedStatusGroup *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->message_entry))));

  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), *text != '\0');
}

static void
on_save (GlintSavedStatusGroup *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->message_entry))));
  guint i = gtk_drop_down_get_selected (self->show_dropdown);

  if (*text == '\0' || i >= G_N_ELEMENTS (shows))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "app.save-status-message", "(ss)", shows[i], text);
  gtk_editable_set_text (GTK_EDITABLE (self->message_entry), "");
}

static void
glint_saved_status_group_dispose (GObject *object)
{
  GlintSavedStatusGroup *self = GLINT_SAVED_STATUS_GROUP (object);

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLINT_TYPE_SAVED_STATUS_GROUP);
  G_OBJECT_CLASS (glint_saved_status_group_parent_class)->dispose (object);
}

static void
glint_saved_status_group_class_init (GlintSavedStatusGroupClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = glint_saved_status_group_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glintim/Glint/glint-saved-status-group.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintSavedStatusGroup, saved_list);
  gtk_widget_class_bind_template_child (widget_class, GlintSavedStatusGroup, show_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlintSavedStatusGroup, message_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintSavedStatusGroup, save_button);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_save);
}

static void
glint_saved_status_group_init (GlintSavedStatusGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::saved-status-messages", G_CALLBACK (fill), self,
                           G_CONNECT_SWAPPED);
  fill (self);
}

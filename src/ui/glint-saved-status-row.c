/* glint-saved-status-row.c
 *
 * The row forgets nothing itself: its button is the application's
 * forget-saved-status-message action, with the status and the message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-saved-status-row"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-saved-status-row.h"

struct _GlintSavedStatusRow
{
  AdwActionRow  parent_instance;
  GtkButton    *remove_button;
};

G_DEFINE_FINAL_TYPE (GlintSavedStatusRow, glint_saved_status_row, ADW_TYPE_ACTION_ROW)

static void
glint_saved_status_row_class_init (GlintSavedStatusRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-saved-status-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintSavedStatusRow, remove_button);
}

static void
glint_saved_status_row_init (GlintSavedStatusRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* The status a saved message goes with, in words. */
const char *
glint_status_show_describe (const char *show)
{
  if (g_strcmp0 (show, "away") == 0)
    return _("Away");
  if (g_strcmp0 (show, "xa") == 0)
    return _("Extended away");
  if (g_strcmp0 (show, "dnd") == 0)
    return _("Do not disturb");
  return _("Available");
}

GlintSavedStatusRow *
glint_saved_status_row_new (const char *show,
                            const char *message)
{
  GlintSavedStatusRow *self = g_object_new (GLINT_TYPE_SAVED_STATUS_ROW, NULL);
  g_autofree char *remove_name = g_strdup_printf (_("Forget “%s”"), message);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), message);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), glint_status_show_describe (show));
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->remove_button),
                                          g_variant_new ("(ss)", show, message));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->remove_button), remove_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_name, -1);
  return self;
}

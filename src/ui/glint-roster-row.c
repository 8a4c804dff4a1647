/* glint-roster-row.c
 *
 * What the contact list shows of a contact (presence, name, status) or of
 * a group (its title). Every word is set as text, never markup: names and
 * statuses are the contacts'.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-roster-row"

#include "config.h"

#include "glint-roster-row.h"

struct _GlintRosterRow
{
  GtkBox    parent_instance;

  GtkImage *presence_icon;
  GtkLabel *name_label;
  GtkLabel *status_label;
};

G_DEFINE_FINAL_TYPE (GlintRosterRow, glint_roster_row, GTK_TYPE_BOX)

static void
glint_roster_row_class_init (GlintRosterRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-roster-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintRosterRow, presence_icon);
  gtk_widget_class_bind_template_child (widget_class, GlintRosterRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, GlintRosterRow, status_label);
}

static void
glint_roster_row_init (GlintRosterRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GlintRosterRow *
glint_roster_row_new (void)
{
  return g_object_new (GLINT_TYPE_ROSTER_ROW, NULL);
}

/* @line: the status, or the presence in words; an @offline contact's
 * name is dimmed. */
void
glint_roster_row_show_contact (GlintRosterRow *self,
                               const char     *name,
                               const char     *line,
                               const char     *icon_name,
                               gboolean        offline)
{
  gtk_label_set_text (self->name_label, name);
  gtk_label_set_text (self->status_label, line);
  gtk_image_set_from_icon_name (self->presence_icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->presence_icon), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
  gtk_widget_set_opacity (GTK_WIDGET (self->name_label), offline ? 0.6 : 1.0);
}

void
glint_roster_row_show_group (GlintRosterRow *self,
                             const char     *title)
{
  gtk_label_set_text (self->name_label, title);
  gtk_widget_set_visible (GTK_WIDGET (self->presence_icon), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  gtk_widget_set_opacity (GTK_WIDGET (self->name_label), 1.0);
}

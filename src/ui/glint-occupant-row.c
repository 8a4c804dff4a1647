/* glint-occupant-row.c
 *
 * Nicks are set as text, never markup: anyone picks their nick.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-occupant-row"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-occupant-row.h"

struct _GlintOccupantRow
{
  GtkBox         parent_instance;
  GlintOccupant *occupant;
  gulong         handler;

  GtkImage      *presence_icon;
  GtkLabel      *nick_label;
  GtkLabel      *role_label;
};

G_DEFINE_FINAL_TYPE (GlintOccupantRow, glint_occupant_row, GTK_TYPE_BOX)

/* What the list says after a nick: the owner and the moderators; the
 * rest are the crowd. */
static const char *
standing (GlintOccupant *occupant)
{
  const char *affiliation = glint_occupant_get_affiliation (occupant);

  if (g_strcmp0 (affiliation, "owner") == 0)
    return _("owner");
  if (g_strcmp0 (affiliation, "admin") == 0)
    return _("admin");
  if (glint_occupant_get_role (occupant) == GLINT_ROLE_MODERATOR)
    return _("moderator");
  if (glint_occupant_get_role (occupant) == GLINT_ROLE_VISITOR)
    return _("visitor");
  return "";
}

static void
update (GlintOccupantRow *self)
{
  GlintOccupant *occupant = self->occupant;
  GlintPresence presence = glint_occupant_get_presence (occupant);
  const char *status = glint_occupant_get_status (occupant);
  g_autofree char *tooltip = NULL;

  /* Text, never markup. */
  gtk_label_set_text (self->nick_label, glint_occupant_get_display_nick (occupant));
  if (glint_occupant_is_self (occupant))
    gtk_widget_add_css_class (GTK_WIDGET (self->nick_label), "heading");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->nick_label), "heading");
  gtk_label_set_text (self->role_label, standing (occupant));
  gtk_image_set_from_icon_name (self->presence_icon, glint_presence_icon_name (presence));
  tooltip = g_strdup_printf ("%s%s%s%s%s", glint_presence_describe (presence),
                             status ? " — " : "", status ? status : "",
                             glint_occupant_get_real_jid (occupant) ? "\n" : "",
                             glint_occupant_get_real_jid (occupant) ? glint_occupant_get_real_jid (occupant) : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->presence_icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  glint_presence_describe (presence), -1);
}

void
glint_occupant_row_set_occupant (GlintOccupantRow *self,
                                 GlintOccupant    *occupant)
{
  if (self->occupant)
    g_clear_signal_handler (&self->handler, self->occupant);
  g_set_object (&self->occupant, occupant);
  if (occupant == NULL)
    return;
  self->handler = g_signal_connect_swapped (occupant, "notify", G_CALLBACK (update), self);
  update (self);
}

static void
glint_occupant_row_dispose (GObject *object)
{
  glint_occupant_row_set_occupant (GLINT_OCCUPANT_ROW (object), NULL);
  G_OBJECT_CLASS (glint_occupant_row_parent_class)->dispose (object);
}

static void
glint_occupant_row_class_init (GlintOccupantRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = glint_occupant_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-occupant-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintOccupantRow, presence_icon);
  gtk_widget_class_bind_template_child (widget_class, GlintOccupantRow, nick_label);
  gtk_widget_class_bind_template_child (widget_class, GlintOccupantRow, role_label);
}

static void
glint_occupant_row_init (GlintOccupantRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GlintOccupantRow *
glint_occupant_row_new (void)
{
  return g_object_new (GLINT_TYPE_OCCUPANT_ROW, NULL);
}

/* glint-occupant-row.c
 *
 * Nicks are set as text, never markup: anyone picks their nick.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-occupant-row"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-menu.h"
#include "glint-occupant-row.h"

struct _GlintOccupantRow
{
  GtkBox         parent_instance;
  GlintRoom     *room;
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
                                 GlintRoom        *room,
                                 GlintOccupant    *occupant)
{
  if (self->occupant)
    g_clear_signal_handler (&self->handler, self->occupant);
  g_set_object (&self->room, room);
  g_set_object (&self->occupant, occupant);
  if (occupant == NULL)
    return;
  self->handler = g_signal_connect_swapped (occupant, "notify", G_CALLBACK (update), self);
  update (self);
}

/* What can be done to this person, each the application's action; the
 * room refuses what the user has no right to. */
static void
on_menu_pressed (GtkGestureClick  *gesture,
                 int               n_press,
                 double            x,
                 double            y,
                 GlintOccupantRow *self)
{
  const char *account, *room, *nick;
  g_autoptr(GMenu) menu = NULL;
  g_autoptr(GMenu) talk = NULL;
  g_autoptr(GMenu) moderate = NULL;
  g_autofree char *peer = NULL;
  GtkWidget *popover;

  if (self->occupant == NULL || self->room == NULL || glint_occupant_is_self (self->occupant))
    return;
  account = glint_room_get_account (self->room);
  room = glint_room_get_jid (self->room);
  nick = glint_occupant_get_nick (self->occupant);
  peer = g_strconcat (room, "/", nick, NULL);
  menu = g_menu_new ();
  talk = g_menu_new ();
  moderate = g_menu_new ();
  glint_menu_append (talk, _("_Private Message"), "app.open-private", g_variant_new ("(ss)", account, peer));
  glint_menu_append (moderate, _("_Remove from the Room…"), "app.ask-moderate", g_variant_new ("(ssss)", account, room, nick, "kick"));
  glint_menu_append (moderate, _("_Ban…"), "app.ask-moderate", g_variant_new ("(ssss)", account, room, nick, "ban"));
  if (glint_occupant_get_role (self->occupant) == GLINT_ROLE_VISITOR)
    glint_menu_append (moderate, _("Grant _Voice…"), "app.ask-moderate", g_variant_new ("(ssss)", account, room, nick, "voice"));
  else
    glint_menu_append (moderate, _("Revoke _Voice…"), "app.ask-moderate", g_variant_new ("(ssss)", account, room, nick, "mute"));
  glint_menu_append (moderate, _("Make a _Member…"), "app.ask-moderate", g_variant_new ("(ssss)", account, room, nick, "member"));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (talk));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (moderate));
  popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_widget_set_parent (popover, GTK_WIDGET (self));
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { x, y, 1, 1 });
  g_signal_connect (popover, "closed", G_CALLBACK (gtk_widget_unparent), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static void
glint_occupant_row_dispose (GObject *object)
{
  glint_occupant_row_set_occupant (GLINT_OCCUPANT_ROW (object), NULL, NULL);
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
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_menu_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GlintOccupantRow *
glint_occupant_row_new (void)
{
  return g_object_new (GLINT_TYPE_OCCUPANT_ROW, NULL);
}

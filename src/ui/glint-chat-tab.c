/* glint-chat-tab.c: one conversation's tab: presence, name, typing, unread
 * count and close; middle-click closes, right-click offers a menu, and it
 * can be dragged onto another tab to move there
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-chat-tab"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-chat-tab.h"

struct _GlintChatTab
{
  GtkWidget   parent_instance;

  GtkImage   *icon;
  GtkLabel   *name_label;
  GtkImage   *typing_icon;
  GtkLabel   *unread_label;
  GtkWidget  *close_button;
  GtkWidget  *menu;

  char       *presence;
  guint       unread;
  gboolean    typing;
};

G_DEFINE_FINAL_TYPE (GlintChatTab, glint_chat_tab, GTK_TYPE_WIDGET)

enum { SELECT, CLOSE, CLOSE_OTHERS, CLOSE_RIGHT, MOVE, N_SIGNALS };
static guint signals[N_SIGNALS];

/* What a screen reader says of the tab: who, how they are, what waits. */
static void
update_accessible (GlintChatTab *self)
{
  const char *name = gtk_label_get_text (self->name_label);
  g_autoptr(GString) text = g_string_new (name);

  if (self->presence)
    g_string_append_printf (text, ", %s", self->presence);
  if (self->typing)
    g_string_append_printf (text, ", %s", _("typing"));
  if (self->unread)
    g_string_append_printf (text, g_dngettext (NULL, ", %u unread message", ", %u unread messages",
                                               self->unread), self->unread);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text->str, -1);
}

void
glint_chat_tab_set_title (GlintChatTab *self,
                          const char   *name,
                          const char   *tooltip,
                          const char   *icon_name,
                          const char   *presence)
{
  gtk_label_set_text (self->name_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip ? tooltip : name);
  gtk_image_set_from_icon_name (self->icon, icon_name);
  g_free (self->presence);
  self->presence = g_strdup (presence);
  update_accessible (self);
}

const char *
glint_chat_tab_get_name (GlintChatTab *self)
{
  return gtk_label_get_text (self->name_label);
}

void
glint_chat_tab_set_unread (GlintChatTab *self,
                           guint         unread)
{
  g_autofree char *text = g_strdup_printf ("%u", unread);

  self->unread = unread;
  gtk_label_set_text (self->unread_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->unread_label), unread > 0);
  /* The strip marks its arrows when such a tab is out of view. */
  if (unread > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "unread");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "unread");
  update_accessible (self);
}

void
glint_chat_tab_set_typing (GlintChatTab *self,
                           gboolean      typing)
{
  self->typing = typing;
  gtk_widget_set_visible (GTK_WIDGET (self->typing_icon), typing);
  update_accessible (self);
}

void
glint_chat_tab_set_selected (GlintChatTab *self,
                             gboolean      selected)
{
  if (selected)
    gtk_widget_add_css_class (GTK_WIDGET (self), "selected");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "selected");
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_SELECTED, selected, -1);
}

static void
on_pressed (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            GlintChatTab    *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));

  switch (button)
    {
    case GDK_BUTTON_PRIMARY:
      g_signal_emit (self, signals[SELECT], 0);
      break;
    case GDK_BUTTON_MIDDLE:
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      g_signal_emit (self, signals[CLOSE], 0);
      break;
    case GDK_BUTTON_SECONDARY:
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
      gtk_popover_popup (GTK_POPOVER (self->menu));
      break;
    default:
      break;
    }
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 GlintChatTab  *self)
{
  return gdk_content_provider_new_typed (GLINT_TYPE_CHAT_TAB, self);
}

static void
on_drag_begin (GtkDragSource *source,
               GdkDrag       *drag,
               GlintChatTab  *self)
{
  g_autoptr(GdkPaintable) icon = gtk_widget_paintable_new (GTK_WIDGET (self));

  gtk_drag_source_set_icon (source, icon, 0, 0);
}

/* Dropped on the left half, the dragged tab goes before this one. */
static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GlintChatTab  *self)
{
  GlintChatTab *dragged = g_value_get_object (value);

  if (dragged == NULL || dragged == self)
    return FALSE;
  g_signal_emit (self, signals[MOVE], 0, dragged, x >= gtk_widget_get_width (GTK_WIDGET (self)) / 2.0);
  return TRUE;
}

static void
tab_action (GtkWidget  *widget,
            const char *name,
            GVariant   *param)
{
  GlintChatTab *self = GLINT_CHAT_TAB (widget);

  if (g_str_equal (name, "tab.close"))
    g_signal_emit (self, signals[CLOSE], 0);
  else if (g_str_equal (name, "tab.close-others"))
    g_signal_emit (self, signals[CLOSE_OTHERS], 0);
  else
    g_signal_emit (self, signals[CLOSE_RIGHT], 0);
}

static void
glint_chat_tab_dispose (GObject *object)
{
  GlintChatTab *self = GLINT_CHAT_TAB (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLINT_TYPE_CHAT_TAB);
  g_clear_pointer (&self->presence, g_free);
  G_OBJECT_CLASS (glint_chat_tab_parent_class)->dispose (object);
}

static void
glint_chat_tab_class_init (GlintChatTabClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = glint_chat_tab_dispose;

  signals[SELECT] = g_signal_new ("select", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CLOSE] = g_signal_new ("close", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CLOSE_OTHERS] = g_signal_new ("close-others", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CLOSE_RIGHT] = g_signal_new ("close-right", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* (dragged tab, after this one) */
  signals[MOVE] = g_signal_new ("move", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 2, GLINT_TYPE_CHAT_TAB, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-chat-tab.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintChatTab, icon);
  gtk_widget_class_bind_template_child (widget_class, GlintChatTab, name_label);
  gtk_widget_class_bind_template_child (widget_class, GlintChatTab, typing_icon);
  gtk_widget_class_bind_template_child (widget_class, GlintChatTab, unread_label);
  gtk_widget_class_bind_template_child (widget_class, GlintChatTab, close_button);
  gtk_widget_class_bind_template_child (widget_class, GlintChatTab, menu);
  gtk_widget_class_bind_template_callback (widget_class, on_pressed);
  gtk_widget_class_install_action (widget_class, "tab.close", NULL, tab_action);
  gtk_widget_class_install_action (widget_class, "tab.close-others", NULL, tab_action);
  gtk_widget_class_install_action (widget_class, "tab.close-right", NULL, tab_action);
  gtk_widget_class_set_css_name (widget_class, "glinttab");
}

static void
glint_chat_tab_init (GlintChatTab *self)
{
  GtkDragSource *source = gtk_drag_source_new ();
  GtkDropTarget *target = gtk_drop_target_new (GLINT_TYPE_CHAT_TAB, GDK_ACTION_MOVE);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (on_drag_prepare), self);
  g_signal_connect (source, "drag-begin", G_CALLBACK (on_drag_begin), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (source));
  g_signal_connect (target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

GlintChatTab *
glint_chat_tab_new (void)
{
  return g_object_new (GLINT_TYPE_CHAT_TAB, NULL);
}

/* glint-occupant-list.c
 *
 * Sorting and filtering are incremental: a room of hundreds that joins
 * at once is sorted a slice at a time between frames.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-occupant-list"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-occupant-list.h"
#include "glint-occupant-row.h"

#include <string.h>

struct _GlintOccupantList
{
  GtkBox              parent_instance;
  GlintRoom          *room;
  GtkFilterListModel *filtered;
  GtkSortListModel   *sorted;
  GtkCustomFilter    *filter;
  char               *folded;    /* what the filter looks for, case folded */

  GtkLabel           *count_label;
  GtkSearchEntry     *filter_entry;
  GtkListView        *list_view;
};

G_DEFINE_FINAL_TYPE (GlintOccupantList, glint_occupant_list, GTK_TYPE_BOX)

static gboolean
matches (gpointer item,
         gpointer data)
{
  GlintOccupantList *self = data;
  g_autofree char *nick = NULL;

  if (self->folded == NULL || *self->folded == '\0')
    return TRUE;
  nick = g_utf8_casefold (glint_occupant_get_display_nick (item), -1);
  return strstr (nick, self->folded) != NULL;
}

static void
on_filter_changed (GlintOccupantList *self)
{
  g_free (self->folded);
  self->folded = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)), -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
update_count (GlintOccupantList *self)
{
  guint n = self->room ? g_list_model_get_n_items (glint_room_get_occupants (self->room)) : 0;
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u person", "%u people", n), n);

  gtk_label_set_text (self->count_label, text);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  data)
{
  gtk_list_item_set_child (item, GTK_WIDGET (glint_occupant_row_new ()));
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          GlintOccupantList        *self)
{
  glint_occupant_row_set_occupant (GLINT_OCCUPANT_ROW (gtk_list_item_get_child (item)), self->room,
                                   gtk_list_item_get_item (item));
}

/* Enter or a double click: a private conversation with them. */
static void
on_activate (GtkListView       *view,
             guint              position,
             GlintOccupantList *self)
{
  g_autoptr(GlintOccupant) occupant = g_list_model_get_item (G_LIST_MODEL (self->sorted), position);
  g_autofree char *peer = NULL;

  if (occupant == NULL || self->room == NULL || glint_occupant_is_self (occupant))
    return;
  peer = g_strconcat (glint_room_get_jid (self->room), "/", glint_occupant_get_nick (occupant), NULL);
  gtk_widget_activate_action (GTK_WIDGET (self), "app.open-private", "(ss)", glint_room_get_account (self->room),
                              peer);
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  data)
{
  glint_occupant_row_set_occupant (GLINT_OCCUPANT_ROW (gtk_list_item_get_child (item)), NULL, NULL);
}

void
glint_occupant_list_set_room (GlintOccupantList *self,
                              GlintRoom         *room)
{
  if (self->room)
    g_signal_handlers_disconnect_by_data (glint_room_get_occupants (self->room), self);
  g_set_object (&self->room, room);
  gtk_filter_list_model_set_model (self->filtered, room ? glint_room_get_occupants (room) : NULL);
  if (room)
    g_signal_connect_swapped (glint_room_get_occupants (room), "items-changed", G_CALLBACK (update_count), self);
  update_count (self);
}

static void
glint_occupant_list_dispose (GObject *object)
{
  GlintOccupantList *self = GLINT_OCCUPANT_LIST (object);

  glint_occupant_list_set_room (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLINT_TYPE_OCCUPANT_LIST);
  G_OBJECT_CLASS (glint_occupant_list_parent_class)->dispose (object);
}

static void
glint_occupant_list_finalize (GObject *object)
{
  g_free (GLINT_OCCUPANT_LIST (object)->folded);
  g_object_unref (GLINT_OCCUPANT_LIST (object)->filter);
  G_OBJECT_CLASS (glint_occupant_list_parent_class)->finalize (object);
}

static void
glint_occupant_list_class_init (GlintOccupantListClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = glint_occupant_list_dispose;
  G_OBJECT_CLASS (klass)->finalize = glint_occupant_list_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-occupant-list.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintOccupantList, count_label);
  gtk_widget_class_bind_template_child (widget_class, GlintOccupantList, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintOccupantList, list_view);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
}

static void
glint_occupant_list_init (GlintOccupantList *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkCustomSorter *sorter = gtk_custom_sorter_new (glint_occupant_compare, NULL, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->filter = gtk_custom_filter_new (matches, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (g_object_ref (self->filter)));
  gtk_filter_list_model_set_incremental (self->filtered, TRUE);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (self->filtered), GTK_SORTER (sorter));
  gtk_sort_list_model_set_incremental (self->sorted, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_signal_connect (self->list_view, "activate", G_CALLBACK (on_activate), self);
  gtk_list_view_set_model (self->list_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (self->sorted))));
  update_count (self);
}

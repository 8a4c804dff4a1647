/* glint-room-browser.c
 *
 * Asks the service for its rooms (disco#items) and lists them, filtered
 * by name or address as the user types. A room activated opens Join a
 * Room with it written in. Names are set as text: anyone names a room.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-room-browser"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-jid.h"
#include "glint-room-browser.h"
#include "glint-room-item.h"

#include <string.h>

struct _GlintRoomBrowser
{
  GtkWindow           parent_instance;
  GlintSession       *session;
  GListStore         *rooms;      /* GlintRoomItem */
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  char               *folded;
  char               *asked;      /* the service asked, whose answer is awaited */

  GtkEditable        *service_entry;
  GtkSearchEntry     *filter_entry;
  GtkLabel           *status_label;
  GtkListView        *list_view;
};

G_DEFINE_FINAL_TYPE (GlintRoomBrowser, glint_room_browser, GTK_TYPE_WINDOW)

static gboolean
matches (gpointer item,
         gpointer data)
{
  GlintRoomBrowser *self = data;
  g_autofree char *jid = NULL;
  g_autofree char *name = NULL;

  if (self->folded == NULL || *self->folded == '\0')
    return TRUE;
  jid = g_utf8_casefold (glint_room_item_get_jid (item), -1);
  name = g_utf8_casefold (glint_room_item_get_name (item), -1);
  return strstr (jid, self->folded) != NULL || strstr (name, self->folded) != NULL;
}

static void
on_filter_changed (GlintRoomBrowser *self)
{
  g_free (self->folded);
  self->folded = g_utf8_casefold (gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)), -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
on_activate (GlintRoomBrowser *self,
             guint             position)
{
  g_autoptr(GlintRoomItem) item = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (item != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.join-room-address", "(ss)",
                                glint_session_get_account_jid (self->session), glint_room_item_get_jid (item));
}

static void
on_rooms_listed (GlintSession       *session,
                 const char         *service,
                 const char * const *jids,
                 const char * const *names,
                 const char         *condition,
                 GlintRoomBrowser   *self)
{
  g_autofree char *status = NULL;
  guint n;

  if (g_strcmp0 (service, self->asked) != 0)
    return;
  g_clear_pointer (&self->asked, g_free);
  if (condition != NULL)
    {
      status = g_strdup_printf (_("%s did not list its rooms (%s)."), service, condition);
      gtk_label_set_text (self->status_label, status);
      return;
    }
  {
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

    for (n = 0; jids && jids[n]; n++)
      g_ptr_array_add (items, glint_room_item_new (jids[n], names[n]));
    g_list_store_splice (self->rooms, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rooms)), items->pdata,
                         items->len);
  }
  status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u public room", "%u public rooms", n), n);
  gtk_label_set_text (self->status_label, status);
}

void
glint_room_browser_refresh (GlintRoomBrowser *self)
{
  g_autofree char *service = g_strstrip (g_strdup (gtk_editable_get_text (self->service_entry)));

  g_free (self->asked);
  /* The answer names the service as an address is written. */
  self->asked = glint_jid_normalize_bare (service);
  if (self->asked == NULL)
    self->asked = g_strdup (service);
  gtk_label_set_text (self->status_label, _("Asking…"));
  glint_session_browse_rooms (self->session, service);
}

static void
glint_room_browser_dispose (GObject *object)
{
  GlintRoomBrowser *self = GLINT_ROOM_BROWSER (object);

  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (glint_room_browser_parent_class)->dispose (object);
}

static void
glint_room_browser_finalize (GObject *object)
{
  GlintRoomBrowser *self = GLINT_ROOM_BROWSER (object);

  g_object_unref (self->filter);
  g_free (self->folded);
  g_free (self->asked);
  G_OBJECT_CLASS (glint_room_browser_parent_class)->finalize (object);
}

static void
glint_room_browser_class_init (GlintRoomBrowserClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = glint_room_browser_dispose;
  G_OBJECT_CLASS (klass)->finalize = glint_room_browser_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-room-browser.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintRoomBrowser, service_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintRoomBrowser, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintRoomBrowser, status_label);
  gtk_widget_class_bind_template_child (widget_class, GlintRoomBrowser, list_view);
  gtk_widget_class_bind_template_callback (widget_class, glint_room_browser_refresh);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_activate);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
glint_room_browser_init (GlintRoomBrowser *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;

  g_type_ensure (GLINT_TYPE_ROOM_ITEM);
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Each row a template; names are labels' text, never markup. */
  factory = gtk_builder_list_item_factory_new_from_resource (NULL, "/io/github/glintim/Glint/glint-room-item-row.ui");
  self->rooms = g_list_store_new (GLINT_TYPE_ROOM_ITEM);
  self->filter = gtk_custom_filter_new (matches, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (self->rooms), GTK_FILTER (g_object_ref (self->filter)));
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view,
                           GTK_SELECTION_MODEL (gtk_single_selection_new (G_LIST_MODEL (self->filtered))));
}

GlintRoomBrowser *
glint_room_browser_new (GtkApplication *app,
                        GlintSession   *session)
{
  GlintRoomBrowser *self = g_object_new (GLINT_TYPE_ROOM_BROWSER, "application", app, NULL);
  g_autofree char *service = glint_session_default_room_service (session);

  self->session = g_object_ref (session);
  g_signal_connect (session, "rooms-listed", G_CALLBACK (on_rooms_listed), self);
  gtk_editable_set_text (self->service_entry, service);
  glint_room_browser_refresh (self);
  return self;
}

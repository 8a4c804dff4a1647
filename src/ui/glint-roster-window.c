/* glint-roster-window.c
 *
 * Each account's roster is one flat model in its session; this window
 * flattens them into one and shows it as a tree of groups, each a
 * filtered, sorted view of that model, so a presence change touches one
 * row and not the whole list. With more than one account, each contact
 * says whose it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-roster-window"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-accessible.h"
#include "glint-application.h"
#include "glint-contact-dialog.h"
#include "glint-contact.h"
#include "glint-roster-window-private.h"
#include "glint-menu.h"
#include "glint-request-row.h"
#include "glint-roster-row.h"

G_DEFINE_FINAL_TYPE (GlintRosterWindow, glint_roster_window, GTK_TYPE_APPLICATION_WINDOW)

/* Groups: one per group name in use, sorted; rebuilt lazily after changes. */

static int
find_group (GlintRosterWindow *self,
            const char        *name,
            guint             *insert_at)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->groups));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlintRosterGroup) group = g_list_model_get_item (G_LIST_MODEL (self->groups), i);
      int cmp = g_utf8_collate (glint_roster_group_get_name (group), name);

      if (cmp == 0)
        return i;
      if (cmp > 0)
        {
          *insert_at = i;
          return -1;
        }
    }
  *insert_at = n;
  return -1;
}

static gboolean
refresh_groups (gpointer data)
{
  GlintRosterWindow *self = data;
  GListModel *roster = self->contacts;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (roster);

  self->refresh_id = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlintContact) contact = g_list_model_get_item (roster, i);
      const char *name = glint_contact_get_group (contact);
      guint at = 0;

      /* A group with nobody to show is not shown either. */
      if (!glint_roster_filter_matches (&self->filter, contact))
        continue;
      g_hash_table_add (names, (gpointer) name);
      if (find_group (self, name, &at) < 0)
        {
          g_autoptr(GlintRosterGroup) group = glint_roster_group_new (name, roster, &self->filter);
          g_list_store_insert (self->groups, at, group);
        }
    }

  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (self->groups)); i > 0; i--)
    {
      g_autoptr(GlintRosterGroup) group = g_list_model_get_item (G_LIST_MODEL (self->groups), i - 1);

      if (!g_hash_table_contains (names, glint_roster_group_get_name (group)))
        g_list_store_remove (self->groups, i - 1);
      else
        glint_roster_group_refilter (group);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->no_match_label),
                          self->filter.search != NULL && g_hash_table_size (names) == 0);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (GlintRosterWindow *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refresh_groups, self, NULL);
}

static void
on_roster_changed (GListModel        *roster,
                   guint              position,
                   guint              removed,
                   guint              added,
                   GlintRosterWindow *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GlintContact) contact = g_list_model_get_item (roster, i);
      g_signal_connect_object (contact, "notify", G_CALLBACK (queue_refresh), self, G_CONNECT_SWAPPED);
    }
  queue_refresh (self);
}

static gpointer
roster_of_session (gpointer item,
                   gpointer data)
{
  g_autoptr(GlintSession) session = item;
  return g_object_ref (glint_session_get_roster (session));
}


/* The menu lists every account's bookmarks, each joined as it says. */
static void
fill_rooms (GlintRosterWindow *self)
{
  g_menu_remove_all (self->rooms_section);
  for (guint i = 0; i < g_list_model_get_n_items (self->sessions); i++)
    {
      g_autoptr(GlintSession) session = g_list_model_get_item (self->sessions, i);
      g_autoptr(GPtrArray) bookmarks = glint_session_list_bookmarks (session);

      for (guint j = 0; j < bookmarks->len; j++)
        {
          const GlintBookmark *bookmark = bookmarks->pdata[j];
          g_auto(GStrv) parts = g_strsplit (bookmark->name ? bookmark->name : bookmark->jid, "_", -1);
          /* A name is shown as written: an underscore is no mnemonic. */
          g_autofree char *label = g_strjoinv ("__", parts);

          glint_menu_append (self->rooms_section, label, "app.enter-bookmark",
                             g_variant_new ("(ss)", glint_session_get_account_jid (session), bookmark->jid));
        }
    }
}

/* Every account's state and status reach the banner and the chooser. */
static void
on_sessions_changed (GListModel        *sessions,
                     guint              position,
                     guint              removed,
                     guint              added,
                     GlintRosterWindow *self)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GlintSession) session = g_list_model_get_item (sessions, i);

      g_signal_connect_object (session, "notify::state", G_CALLBACK (glint_roster_window_update_banner), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::own-show", G_CALLBACK (glint_roster_window_sync_status), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "notify::archive-fetched", G_CALLBACK (glint_roster_window_update_archive_progress), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (session, "bookmarks-changed", G_CALLBACK (fill_rooms), self,
                               G_CONNECT_SWAPPED);
    }
  if (self->rooms_section)
    fill_rooms (self);
  if (self->banner_label)
    glint_roster_window_update_banner (self);
  queue_refresh (self);
}

static GListModel *
create_child_model (gpointer item,
                    gpointer data)
{
  if (GLINT_IS_ROSTER_GROUP (item))
    return g_object_ref (glint_roster_group_get_model (item));
  return NULL;
}

/* Rows */

typedef struct
{
  GtkTreeExpander *expander;
  GlintRosterRow  *row;
} RowWidgets;

static gboolean on_row_query_tooltip (GtkWidget   *widget,
                                      int          x,
                                      int          y,
                                      gboolean     keyboard,
                                      GtkTooltip  *tooltip,
                                      GtkListItem *item);

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           GlintRosterWindow        *self)
{
  /* GtkTreeExpander is final: the row is its child. */
  GtkWidget *expander = gtk_tree_expander_new ();
  RowWidgets *w = g_new0 (RowWidgets, 1);

  w->expander = GTK_TREE_EXPANDER (expander);
  w->row = glint_roster_row_new ();
  gtk_tree_expander_set_child (w->expander, GTK_WIDGET (w->row));
  gtk_list_item_set_child (item, expander);
  gtk_widget_set_has_tooltip (expander, TRUE);
  g_signal_connect (expander, "query-tooltip", G_CALLBACK (on_row_query_tooltip), item);
  g_object_set_data_full (G_OBJECT (item), "widgets", w, g_free);
  g_object_set_data (G_OBJECT (item), "window", self);
}

static GlintRosterWindow *
self_of (GtkListItem *item)
{
  return g_object_get_data (G_OBJECT (item), "window");
}

/* A contact's name, address and state; when it is offline, when it was
 * last online, which its server is asked (XEP-0012) as the tooltip opens.
 * Plain text: every word is the contact's or its server's. */
static gboolean
on_row_query_tooltip (GtkWidget   *widget,
                      int          x,
                      int          y,
                      gboolean     keyboard,
                      GtkTooltip  *tooltip,
                      GtkListItem *item)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  g_autoptr(GObject) obj = row ? gtk_tree_list_row_get_item (row) : NULL;
  GlintContact *contact;
  GlintSession *session;
  g_autofree char *seen = NULL;
  g_autofree char *text = NULL;
  const char *status;

  if (!GLINT_IS_CONTACT (obj))
    return FALSE;
  contact = GLINT_CONTACT (obj);
  status = glint_contact_get_status (contact);
  if (glint_contact_get_presence (contact) == GLINT_PRESENCE_OFFLINE)
    {
      session = glint_application_lookup_session (self_of (item)->app, glint_contact_get_account (contact));
      if (session)
        glint_session_ask_last_activity (session, glint_contact_get_jid (contact));
      seen = glint_contact_describe_last_seen (contact, g_get_real_time () / 1000);
    }
  text = g_strdup_printf ("%s\n%s\n%s", glint_contact_get_display_name (contact), glint_contact_get_jid (contact),
                          seen ? seen : status && *status ? status
                                                          : glint_presence_describe (glint_contact_get_presence (contact)));
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
update_contact_row (GtkListItem *item)
{
  RowWidgets *w = g_object_get_data (G_OBJECT (item), "widgets");
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  GlintContact *contact = row ? gtk_tree_list_row_get_item (row) : NULL;
  GlintPresence presence;
  const char *status, *state;
  g_autofree char *line = NULL;
  g_autofree char *accessible = NULL;

  if (!GLINT_IS_CONTACT (contact))
    {
      g_clear_object (&contact);
      return;
    }
  presence = glint_contact_get_presence (contact);
  status = glint_contact_get_status (contact);
  state = status && *status ? status : glint_presence_describe (presence);
  /* With several accounts, each contact says which it is on. */
  line = g_list_model_get_n_items (self_of (item)->sessions) > 1
         ? g_strdup_printf (_("%s · %s"), state, glint_contact_get_account (contact)) : g_strdup (state);
  glint_roster_row_show_contact (w->row, glint_contact_get_display_name (contact), line,
                                 glint_presence_icon_name (presence), presence == GLINT_PRESENCE_OFFLINE);
  accessible = g_strdup_printf ("%s, %s%s%s", glint_contact_get_display_name (contact),
                                glint_presence_describe (presence), status && *status ? ": " : "",
                                status && *status ? status : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_list_item_get_child (item)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  /* An answer about when it was last online shows in an open tooltip. */
  gtk_widget_trigger_tooltip_query (gtk_list_item_get_child (item));
  g_object_unref (contact);
}

static void
update_group_row (GtkListItem *item)
{
  RowWidgets *w = g_object_get_data (G_OBJECT (item), "widgets");
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  g_autoptr(GObject) obj = row ? gtk_tree_list_row_get_item (row) : NULL;
  g_autofree char *title = NULL;

  if (!GLINT_IS_ROSTER_GROUP (obj))
    return;
  title = glint_roster_group_get_title (GLINT_ROSTER_GROUP (obj));
  glint_roster_row_show_group (w->row, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_list_item_get_child (item)),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          GlintRosterWindow        *self)
{
  RowWidgets *w = g_object_get_data (G_OBJECT (item), "widgets");
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  g_autoptr(GObject) obj = gtk_tree_list_row_get_item (row);
  gulong id;

  gtk_tree_expander_set_list_row (w->expander, row);
  if (GLINT_IS_CONTACT (obj))
    {
      id = g_signal_connect_object (obj, "notify", G_CALLBACK (update_contact_row), item, G_CONNECT_SWAPPED);
      update_contact_row (item);
    }
  else
    {
      id = g_signal_connect_object (obj, "notify::title", G_CALLBACK (update_group_row), item, G_CONNECT_SWAPPED);
      update_group_row (item);
    }
  g_object_set_data (G_OBJECT (item), "handler", GSIZE_TO_POINTER (id));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            GlintRosterWindow        *self)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  g_autoptr(GObject) obj = row ? gtk_tree_list_row_get_item (row) : NULL;
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (item), "handler"));

  if (obj && id)
    g_signal_handler_disconnect (obj, id);
  g_object_set_data (G_OBJECT (item), "handler", NULL);
  /* A recycled row must not go on speaking for the contact it showed. */
  gtk_accessible_reset_property (GTK_ACCESSIBLE (gtk_list_item_get_child (item)), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static GlintContact *
selected_contact (GlintRosterWindow *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->selection);
  GObject *obj = row ? gtk_tree_list_row_get_item (row) : NULL;

  if (GLINT_IS_CONTACT (obj))
    {
      g_object_unref (obj); /* still held by the roster */
      return GLINT_CONTACT (obj);
    }
  g_clear_object (&obj);
  return NULL;
}

static void
open_conversation (GlintRosterWindow *self,
                   GlintContact      *contact)
{
  g_action_group_activate_action (G_ACTION_GROUP (self->app), "open-conversation",
                                  g_variant_new ("(ss)", glint_contact_get_account (contact),
                                                 glint_contact_get_jid (contact)));
}

static GlintSession *
session_of (GlintRosterWindow *self,
            GlintContact      *contact)
{
  return glint_application_lookup_session (self->app, glint_contact_get_account (contact));
}

static void
on_activate (GtkListView       *view,
             guint              position,
             GlintRosterWindow *self)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  g_autoptr(GObject) obj = row ? gtk_tree_list_row_get_item (row) : NULL;

  if (GLINT_IS_CONTACT (obj))
    open_conversation (self, GLINT_CONTACT (obj));
  else if (row)
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}

static void
on_right_click (GtkGestureClick   *gesture,
                int                n_press,
                double             x,
                double             y,
                GlintRosterWindow *self)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->list_view), x, y, GTK_PICK_DEFAULT);
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  /* Select the row under the pointer, then offer what can be done to it. */
  for (; picked && picked != GTK_WIDGET (self->list_view); picked = gtk_widget_get_parent (picked))
    if (GTK_IS_TREE_EXPANDER (picked))
      {
        GtkTreeListRow *row = gtk_tree_expander_get_list_row (GTK_TREE_EXPANDER (picked));
        if (row)
          gtk_single_selection_set_selected (self->selection, gtk_tree_list_row_get_position (row));
        break;
      }
  if (selected_contact (self) == NULL)
    return;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->contact_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->contact_popover));
}

/* Actions */

static void
chat_selected_action (GtkWidget  *widget,
                      const char *name,
                      GVariant   *param)
{
  GlintRosterWindow *self = GLINT_ROSTER_WINDOW (widget);
  GlintContact *contact = selected_contact (self);

  if (contact)
    open_conversation (self, contact);
}

static void
history_selected_action (GtkWidget  *widget,
                         const char *name,
                         GVariant   *param)
{
  GlintRosterWindow *self = GLINT_ROSTER_WINDOW (widget);
  GlintContact *contact = selected_contact (self);

  if (contact)
    gtk_widget_activate_action (widget, "app.history-of", "(ss)", glint_contact_get_account (contact),
                                glint_contact_get_jid (contact));
}

static void
edit_contact_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  GlintRosterWindow *self = GLINT_ROSTER_WINDOW (widget);
  GlintContact *contact = selected_contact (self);

  if (contact && session_of (self, contact))
    gtk_window_present (GTK_WINDOW (glint_contact_dialog_new (GTK_WINDOW (self), self->sessions,
                                                              session_of (self, contact), contact)));
}

static void
on_remove_response (GtkDialog         *dialog,
                    int                response,
                    GlintRosterWindow *self)
{
  const char *jid = g_object_get_data (G_OBJECT (dialog), "jid");
  GlintSession *session = glint_application_lookup_session (self->app,
                                                            g_object_get_data (G_OBJECT (dialog), "account"));

  if (response == GTK_RESPONSE_ACCEPT && session)
    glint_session_remove_contact (session, jid);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
remove_contact_action (GtkWidget  *widget,
                       const char *name,
                       GVariant   *param)
{
  GlintRosterWindow *self = GLINT_ROSTER_WINDOW (widget);
  GlintContact *contact = selected_contact (self);
  GtkWidget *dialog;

  if (contact == NULL)
    return;
  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Remove %s from your contacts?"), glint_contact_get_display_name (contact));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("You will no longer see each other’s status. The history is kept."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL,
                          _("_Remove"), GTK_RESPONSE_ACCEPT, NULL);
  g_object_set_data_full (G_OBJECT (dialog), "jid", g_strdup (glint_contact_get_jid (contact)), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "account", g_strdup (glint_contact_get_account (contact)), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_remove_response), self);
  glint_accessible_name_dialog (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_search_changed (GlintRosterWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_free (self->filter.search);
  self->filter.search = *text ? g_utf8_casefold (text, -1) : NULL;
  queue_refresh (self);
}

/* The first contact the filter shows, and its row in the tree; NULL if
 * none. The tree shows expanded groups, each followed by its contacts. */
static GlintContact *
first_contact (GlintRosterWindow *self,
               guint             *position)
{
  GListModel *rows = G_LIST_MODEL (self->tree);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr(GObject) item = gtk_tree_list_row_get_item (row);

      if (GLINT_IS_CONTACT (item))
        {
          *position = i;
          return GLINT_CONTACT (item); /* still held by the roster */
        }
    }
  return NULL;
}

/* Enter in the filter opens the first contact it shows. */
static void
on_search_activate (GlintRosterWindow *self)
{
  guint position;
  GlintContact *contact = first_contact (self, &position);

  if (contact)
    open_conversation (self, contact);
}

/* Down from the filter goes to the first contact, not to a group. */
static gboolean
on_search_key (GtkEventControllerKey *keys,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               GlintRosterWindow     *self)
{
  guint position;

  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) || first_contact (self, &position) == NULL)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
  return TRUE;
}

static void
on_show_offline_changed (GlintRosterWindow *self)
{
  GSettings *settings = glint_application_get_settings (self->app);

  self->filter.show_offline = g_settings_get_boolean (settings, "show-offline");
  queue_refresh (self);
}

static void
glint_roster_window_dispose (GObject *object)
{
  GlintRosterWindow *self = GLINT_ROSTER_WINDOW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_clear_pointer (&self->contact_popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLINT_TYPE_ROSTER_WINDOW);
  G_OBJECT_CLASS (glint_roster_window_parent_class)->dispose (object);
}

static void
glint_roster_window_finalize (GObject *object)
{
  GlintRosterWindow *self = GLINT_ROSTER_WINDOW (object);

  g_clear_object (&self->selection);
  g_clear_object (&self->groups);
  g_clear_object (&self->contacts);
  g_free (self->filter.search);
  g_free (self->notice);
  G_OBJECT_CLASS (glint_roster_window_parent_class)->finalize (object);
}

/* The next start opens the contact list as the user left it: saved when
 * it is closed and when Glint quits. */
void
glint_roster_window_save_size (GlintRosterWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (width > 0 && height > 0)
    g_settings_set (glint_application_get_settings (self->app), "roster-window-size", "(ii)", width, height);
}

/* While conversations are open, closing the contact list only hides it
 * (show-contacts brings it back); without them, it quits, as in Spark. */
static gboolean
on_close_request (GtkWindow *window)
{
  GlintRosterWindow *self = GLINT_ROSTER_WINDOW (window);

  glint_roster_window_save_size (self);
  if (glint_application_has_conversations (self->app))
    gtk_widget_set_visible (GTK_WIDGET (window), FALSE);
  else
    g_action_group_activate_action (G_ACTION_GROUP (self->app), "request-quit", NULL);
  return TRUE;
}

static void
glint_roster_window_class_init (GlintRosterWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glint_roster_window_dispose;
  object_class->finalize = glint_roster_window_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = on_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-roster-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintRosterWindow, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlintRosterWindow, status_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintRosterWindow, recent_button);
  gtk_widget_class_bind_template_child (widget_class, GlintRosterWindow, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, GlintRosterWindow, requests_box);
  gtk_widget_class_bind_template_child (widget_class, GlintRosterWindow, requests_label);
  gtk_widget_class_bind_template_child (widget_class, GlintRosterWindow, requests_list);
  gtk_widget_class_bind_template_child (widget_class, GlintRosterWindow, banner_label);
  gtk_widget_class_bind_template_child (widget_class, GlintRosterWindow, banner_button);
  gtk_widget_class_bind_template_child (widget_class, GlintRosterWindow, sync_revealer);
  gtk_widget_class_bind_template_child (widget_class, GlintRosterWindow, sync_spinner);
  gtk_widget_class_bind_template_child (widget_class, GlintRosterWindow, sync_label);
  gtk_widget_class_bind_template_child (widget_class, GlintRosterWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintRosterWindow, list_view);
  gtk_widget_class_bind_template_child (widget_class, GlintRosterWindow, no_match_label);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_search_key);
  gtk_widget_class_bind_template_child (widget_class, GlintRosterWindow, contact_menu);
  gtk_widget_class_bind_template_child (widget_class, GlintRosterWindow, rooms_section);

  gtk_widget_class_install_action (widget_class, "win.chat-selected", NULL, chat_selected_action);
  gtk_widget_class_install_action (widget_class, "win.history-selected", NULL, history_selected_action);
  gtk_widget_class_install_action (widget_class, "win.use-status-message", "s", glint_roster_window_use_status_message);
  gtk_widget_class_install_action (widget_class, "win.edit-contact", NULL, edit_contact_action);
  gtk_widget_class_install_action (widget_class, "win.remove-contact", NULL, remove_contact_action);
}

static void
glint_roster_window_init (GlintRosterWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Contact requests wait in the contact list, however many come: none opens
 * a window or takes the keyboard focus. */
static void
update_requests (GlintRosterWindow *self)
{
  guint n = 0;
  g_autofree char *text = NULL;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->requests_list)); row;
       row = gtk_widget_get_next_sibling (row))
    n++;
  text = g_strdup_printf (g_dngettext (NULL, "%u contact request", "%u contact requests", n), n);
  gtk_label_set_text (self->requests_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->requests_box), n > 0);
}

static GlintRequestRow *
find_request (GlintRosterWindow *self,
              const char        *account,
              const char        *jid)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->requests_list)); row;
       row = gtk_widget_get_next_sibling (row))
    if (GLINT_IS_REQUEST_ROW (row) && glint_request_row_is_for (GLINT_REQUEST_ROW (row), account, jid))
      return GLINT_REQUEST_ROW (row);
  return NULL;
}

void
glint_roster_window_add_request (GlintRosterWindow *self,
                                 const char        *account,
                                 const char        *jid,
                                 gboolean           show_account)
{
  if (find_request (self, account, jid) != NULL)
    return;
  gtk_list_box_append (self->requests_list, GTK_WIDGET (glint_request_row_new (account, jid, show_account)));
  update_requests (self);
}

void
glint_roster_window_remove_request (GlintRosterWindow *self,
                                    const char        *account,
                                    const char        *jid)
{
  GlintRequestRow *row = find_request (self, account, jid);

  if (row != NULL)
    gtk_list_box_remove (self->requests_list, GTK_WIDGET (row));
  update_requests (self);
}

GlintRosterWindow *
glint_roster_window_new (GlintApplication *app)
{
  GlintRosterWindow *self = g_object_new (GLINT_TYPE_ROSTER_WINDOW, "application", app, NULL);
  GSettings *settings = glint_application_get_settings (app);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  g_autoptr(GAction) show_offline = g_settings_create_action (settings, "show-offline");
  int width, height;

  self->app = app;
  self->sessions = glint_client_get_sessions (glint_application_get_client (app));
  self->contacts = G_LIST_MODEL (gtk_flatten_list_model_new (
    G_LIST_MODEL (gtk_map_list_model_new (g_object_ref (self->sessions), roster_of_session, NULL, NULL))));

  g_settings_get (settings, "roster-window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  g_action_map_add_action (G_ACTION_MAP (self), show_offline);
  self->filter.show_offline = g_settings_get_boolean (settings, "show-offline");
  g_signal_connect_object (settings, "changed::show-offline", G_CALLBACK (on_show_offline_changed),
                           self, G_CONNECT_SWAPPED);

  self->groups = g_list_store_new (GLINT_TYPE_ROSTER_GROUP);
  self->tree = gtk_tree_list_model_new (g_object_ref (G_LIST_MODEL (self->groups)), FALSE, TRUE,
                                        create_child_model, NULL, NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->tree));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (g_object_ref (self->selection)));
  g_signal_connect (self->list_view, "activate", G_CALLBACK (on_activate), self);

  self->contact_popover = gtk_popover_menu_new_from_model (self->contact_menu);
  gtk_widget_set_parent (self->contact_popover, GTK_WIDGET (self->list_view));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_right_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), GTK_EVENT_CONTROLLER (click));

  on_roster_changed (self->contacts, 0, 0, g_list_model_get_n_items (self->contacts), self);
  g_signal_connect_object (self->contacts, "items-changed", G_CALLBACK (on_roster_changed), self, 0);
  on_sessions_changed (self->sessions, 0, 0, g_list_model_get_n_items (self->sessions), self);
  g_signal_connect_object (self->sessions, "items-changed", G_CALLBACK (on_sessions_changed), self, 0);
  g_signal_connect_swapped (self->status_dropdown, "notify::selected", G_CALLBACK (glint_roster_window_on_status_selected), self);
  g_signal_connect_swapped (self->status_entry, "activate", G_CALLBACK (glint_roster_window_on_status_selected), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);

  /* A status message set from the command line or D-Bus shows here too,
   * and the next change from the menu sends it. */
  g_settings_bind (settings, "status-message", self->status_entry, "text", G_SETTINGS_BIND_GET);
  glint_roster_window_fill_recent_messages (self);
  g_signal_connect_object (settings, "changed::saved-status-messages", G_CALLBACK (glint_roster_window_fill_recent_messages), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::recent-status-messages", G_CALLBACK (glint_roster_window_fill_recent_messages), self,
                           G_CONNECT_SWAPPED);
  glint_roster_window_update_banner (self);
  return self;
}

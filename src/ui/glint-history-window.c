/* glint-history-window.c
 *
 * Searches the whole history, or one account's, one contact's, between
 * two dates, off the main thread a page at a time (the next page is read
 * when the list is scrolled to its end). A hit opens its conversation at
 * that message (app.open-message); a contact's conversation can be
 * exported (app.export-history), to a file the user picks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-history-window"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-history-window.h"
#include "glint-search-hit-row.h"

#define PAGE_SIZE 50

struct _GlintHistoryWindow
{
  AdwWindow       parent_instance;
  GlintStore     *store;
  GStrv           accounts;
  GPtrArray      *peers;        /* (account, peer) of each contact row but the first */
  char           *query;
  gint64          from_ms;      /* 0: any date */
  gint64          to_ms;
  gint64          last_id;
  guint           shown;
  gboolean        more;
  GCancellable   *cancellable;
  GtkFileChooserNative *chooser;

  GtkSearchEntry *entry;
  GtkDropDown    *account_drop;
  GtkDropDown    *peer_drop;
  GtkMenuButton  *from_button;
  GtkMenuButton  *to_button;
  GtkCalendar    *from_calendar;
  GtkCalendar    *to_calendar;
  GtkLabel       *status_label;
  GtkStack       *stack;
  AdwStatusPage  *empty_page;
  GtkListBox     *results;
};

G_DEFINE_FINAL_TYPE (GlintHistoryWindow, glint_history_window, ADW_TYPE_WINDOW)

/* The account chosen, or NULL for every account. */
static const char *
chosen_account (GlintHistoryWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->account_drop);

  return i == 0 || i == GTK_INVALID_LIST_POSITION ? NULL : self->accounts[i - 1];
}

/* The (account, peer) chosen, or NULL for every contact. */
static const char * const *
chosen_peer (GlintHistoryWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->peer_drop);

  return i == 0 || i == GTK_INVALID_LIST_POSITION ? NULL : self->peers->pdata[i - 1];
}

static void
say (GlintHistoryWindow *self,
     const char         *text)
{
  gtk_label_set_text (self->status_label, text ? text : "");
}

static void
say_count (GlintHistoryWindow *self)
{
  g_autofree char *text = NULL;

  if (self->shown == 0)
    {
      adw_status_page_set_title (self->empty_page, _("No Messages Found"));
      adw_status_page_set_description (self->empty_page, _("Try other words, or look in every contact and at any date."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
      say (self, NULL);
      return;
    }
  gtk_stack_set_visible_child_name (self->stack, "results");
  text = glint_search_hit_row_describe_count (self->shown, self->more);
  say (self, text);
}

static void
show_intro (GlintHistoryWindow *self)
{
  g_autofree char *description =
    g_strdup_printf (_("Type up to %d words. Narrow the search to an account, a contact or dates."),
                     GLINT_SEARCH_MAX_WORDS);

  adw_status_page_set_title (self->empty_page, _("Search Your History"));
  adw_status_page_set_description (self->empty_page, description);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
clear_results (GlintHistoryWindow *self)
{
  GtkWidget *child;

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);
  self->shown = 0;
  self->more = FALSE;
  self->last_id = G_MAXINT64;
}

static void
on_hits (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = glint_store_search_finish (GLINT_STORE (source), result, &error);
  GlintHistoryWindow *self = data;

  /* Cancelled: the window is gone, or a newer search replaced this one. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (hits == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("The History Could Not Be Searched"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      say (self, NULL);
      return;
    }
  for (guint i = 0; i < hits->len; i++)
    {
      const GlintSearchHit *hit = hits->pdata[i];

      gtk_list_box_append (self->results, GTK_WIDGET (glint_search_hit_row_new (hit, chosen_peer (self) == NULL)));
      self->last_id = hit->message->id;
    }
  self->shown += hits->len;
  self->more = hits->len == PAGE_SIZE;
  say_count (self);
}

static void
search_page (GlintHistoryWindow *self)
{
  const char * const *peer = chosen_peer (self);
  GlintSearchFilter filter = {
    peer ? peer[0] : chosen_account (self), peer ? peer[1] : NULL, self->from_ms, self->to_ms
  };

  self->cancellable = g_cancellable_new ();
  glint_store_search_filtered_async (self->store, &filter, self->query, self->last_id, PAGE_SIZE,
                                     self->cancellable, on_hits, self);
}

static void
on_filter_changed (GlintHistoryWindow *self)
{
  g_free (self->query);
  self->query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  clear_results (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.export", chosen_peer (self) != NULL);
  if (*self->query == '\0')
    {
      say (self, NULL);
      show_intro (self);
      return;
    }
  say (self, _("Searching…"));
  search_page (self);
}

static void
on_edge_reached (GlintHistoryWindow *self,
                 GtkPositionType     pos)
{
  if (pos == GTK_POS_BOTTOM && self->more && self->cancellable == NULL)
    search_page (self);
}

static void
fill_peers (GlintHistoryWindow *self)
{
  const char *account = chosen_account (self);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  gboolean many_accounts = account == NULL && g_strv_length (self->accounts) > 1;

  g_ptr_array_set_size (self->peers, 0);
  gtk_string_list_append (labels, _("All contacts"));
  for (guint a = 0; self->accounts[a]; a++)
    {
      g_auto(GStrv) peers = NULL;

      if (account && g_strcmp0 (account, self->accounts[a]) != 0)
        continue;
      peers = glint_store_list_peers (self->store, self->accounts[a]);
      for (guint p = 0; peers[p]; p++)
        {
          const char *pair[] = { self->accounts[a], peers[p], NULL };
          g_autofree char *label = many_accounts ? g_strdup_printf ("%s (%s)", peers[p], self->accounts[a])
                                                 : g_strdup (peers[p]);

          g_ptr_array_add (self->peers, g_strdupv ((char **) pair));
          gtk_string_list_append (labels, label);
        }
    }
  gtk_drop_down_set_model (self->peer_drop, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->peer_drop, 0);
}

static void
on_account_changed (GlintHistoryWindow *self)
{
  fill_peers (self);
  on_filter_changed (self);
}

static gint64
day_start_ms (GtkCalendar *calendar,
              int          days_after)
{
  g_autoptr(GDateTime) picked = gtk_calendar_get_date (calendar);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (picked),
                                                         g_date_time_get_month (picked),
                                                         g_date_time_get_day_of_month (picked), 0, 0, 0);
  g_autoptr(GDateTime) day = g_date_time_add_days (midnight, days_after);

  return g_date_time_to_unix (day) * 1000;
}

static void
label_date (GtkMenuButton *button,
            const char    *format_any,
            const char    *format_day,
            GtkCalendar   *calendar,
            gboolean       set)
{
  g_autofree char *label = NULL;

  if (set)
    {
      g_autoptr(GDateTime) picked = gtk_calendar_get_date (calendar);
      /* TRANSLATORS: a date in the history window's date filter; see g_date_time_format() */
      g_autofree char *date = g_date_time_format (picked, _("%x"));

      label = g_strdup_printf (format_day, date);
    }
  gtk_menu_button_set_label (button, set ? label : format_any);
}

static void
update_dates (GlintHistoryWindow *self)
{
  label_date (self->from_button, _("From any date"), _("From %s"), self->from_calendar, self->from_ms != 0);
  label_date (self->to_button, _("To any date"), _("To %s"), self->to_calendar, self->to_ms != 0);
  on_filter_changed (self);
}

static void
on_from_selected (GlintHistoryWindow *self)
{
  self->from_ms = day_start_ms (self->from_calendar, 0);
  gtk_menu_button_popdown (self->from_button);
  update_dates (self);
}

static void
on_to_selected (GlintHistoryWindow *self)
{
  /* The last day counts whole. */
  self->to_ms = day_start_ms (self->to_calendar, 1);
  gtk_menu_button_popdown (self->to_button);
  update_dates (self);
}

static void
on_from_cleared (GlintHistoryWindow *self)
{
  self->from_ms = 0;
  gtk_menu_button_popdown (self->from_button);
  update_dates (self);
}

static void
on_to_cleared (GlintHistoryWindow *self)
{
  self->to_ms = 0;
  gtk_menu_button_popdown (self->to_button);
  update_dates (self);
}

static void
open_row (GlintHistoryWindow *self,
          GtkListBoxRow      *row)
{
  GlintSearchHitRow *hit = GLINT_SEARCH_HIT_ROW (row);

  gtk_widget_activate_action (GTK_WIDGET (self), "app.open-message", "(ssxx)",
                              glint_search_hit_row_get_account (hit), glint_search_hit_row_get_peer (hit),
                              glint_search_hit_row_get_time (hit), glint_search_hit_row_get_id (hit));
}

static void
on_row_activated (GlintHistoryWindow *self,
                  GtkListBoxRow      *row)
{
  open_row (self, row);
}

/* Enter in the field opens the newest hit. */
static void
on_entry_activate (GlintHistoryWindow *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results, 0);

  if (first != NULL)
    open_row (self, first);
}

static void
on_export_response (GlintHistoryWindow *self,
                    int                 response,
                    GtkNativeDialog    *chooser)
{
  const char * const *peer = chosen_peer (self);
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  const char *format = g_object_get_data (G_OBJECT (chooser), "format");

  if (response == GTK_RESPONSE_ACCEPT && file != NULL && peer != NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      gtk_widget_activate_action (GTK_WIDGET (self), "app.export-history", "(ssss)", peer[0], peer[1], format, uri);
    }
  g_clear_object (&self->chooser);
}

static void
export_action (GtkWidget  *widget,
               const char *name,
               GVariant   *param)
{
  GlintHistoryWindow *self = GLINT_HISTORY_WINDOW (widget);
  const char * const *peer = chosen_peer (self);
  const char *format = g_variant_get_string (param, NULL);
  g_autofree char *suggested = NULL;

  if (peer == NULL || self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Export Conversation"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  suggested = g_strdup_printf ("%s.%s", peer[1], g_str_equal (format, "html") ? "html" : "txt");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), suggested);
  g_object_set_data_full (G_OBJECT (self->chooser), "format", g_strdup (format), g_free);
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
glint_history_window_dispose (GObject *object)
{
  GlintHistoryWindow *self = GLINT_HISTORY_WINDOW (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLINT_TYPE_HISTORY_WINDOW);
  G_OBJECT_CLASS (glint_history_window_parent_class)->dispose (object);
}

static void
glint_history_window_finalize (GObject *object)
{
  GlintHistoryWindow *self = GLINT_HISTORY_WINDOW (object);

  g_clear_object (&self->store);
  g_strfreev (self->accounts);
  g_ptr_array_unref (self->peers);
  g_free (self->query);
  G_OBJECT_CLASS (glint_history_window_parent_class)->finalize (object);
}

static void
glint_history_window_class_init (GlintHistoryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glint_history_window_dispose;
  object_class->finalize = glint_history_window_finalize;

  gtk_widget_class_install_action (widget_class, "history.export", "s", export_action);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-history-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintHistoryWindow, entry);
  gtk_widget_class_bind_template_child (widget_class, GlintHistoryWindow, account_drop);
  gtk_widget_class_bind_template_child (widget_class, GlintHistoryWindow, peer_drop);
  gtk_widget_class_bind_template_child (widget_class, GlintHistoryWindow, from_button);
  gtk_widget_class_bind_template_child (widget_class, GlintHistoryWindow, to_button);
  gtk_widget_class_bind_template_child (widget_class, GlintHistoryWindow, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, GlintHistoryWindow, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, GlintHistoryWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, GlintHistoryWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, GlintHistoryWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, GlintHistoryWindow, results);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_account_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_edge_reached);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_from_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_to_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_from_cleared);
  gtk_widget_class_bind_template_callback (widget_class, on_to_cleared);
}

static void
glint_history_window_init (GlintHistoryWindow *self)
{
  g_autofree char *placeholder = NULL;

  self->peers = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->query = g_strdup ("");
  self->last_id = G_MAXINT64;
  gtk_widget_init_template (GTK_WIDGET (self));
  /* TRANSLATORS: the placeholder of the history window's search field */
  placeholder = g_strdup_printf (_("Search all messages (up to %d words)"), GLINT_SEARCH_MAX_WORDS);
  g_object_set (self->entry, "placeholder-text", placeholder, NULL);
  /* The window opens ready to type into, and typing anywhere in it
   * searches. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->entry));
  gtk_search_entry_set_key_capture_widget (self->entry, GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "history.export", FALSE);
}

/* @accounts: the accounts whose history can be searched. */
GlintHistoryWindow *
glint_history_window_new (GtkApplication     *app,
                          GlintStore         *store,
                          const char * const *accounts)
{
  GlintHistoryWindow *self = g_object_new (GLINT_TYPE_HISTORY_WINDOW, "application", app, NULL);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  self->store = g_object_ref (store);
  self->accounts = g_strdupv ((char **) accounts);
  gtk_string_list_append (labels, _("All accounts"));
  for (guint i = 0; accounts[i]; i++)
    gtk_string_list_append (labels, accounts[i]);
  g_signal_handlers_block_by_func (self->account_drop, on_account_changed, self);
  gtk_drop_down_set_model (self->account_drop, G_LIST_MODEL (labels));
  g_signal_handlers_unblock_by_func (self->account_drop, on_account_changed, self);
  /* One account needs no choosing. */
  gtk_widget_set_visible (GTK_WIDGET (self->account_drop), g_strv_length (self->accounts) > 1);
  fill_peers (self);
  update_dates (self);
  return self;
}

/* Narrows the search to @peer of @account (a contact's "View History"). */
void
glint_history_window_choose_peer (GlintHistoryWindow *self,
                                  const char         *account,
                                  const char         *peer)
{
  for (guint i = 0; i < self->peers->len; i++)
    {
      const char * const *pair = self->peers->pdata[i];

      if (g_str_equal (pair[0], account) && g_str_equal (pair[1], peer))
        {
          gtk_drop_down_set_selected (self->peer_drop, i + 1);
          break;
        }
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

/* What became of an export, or of anything else the window asked. */
void
glint_history_window_say (GlintHistoryWindow *self,
                          const char         *text)
{
  say (self, text);
}

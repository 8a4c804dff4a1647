/* glint-chat-search.c
 *
 * Searches one conversation's history as the user types, off the main
 * thread (glint_store_search_async), a page of hits at a time; the next
 * page is read when the list of hits is scrolled to its end. A search that
 * asks too much (GLINT_SEARCH_MAX_WORDS, GLINT_SEARCH_MAX_BYTES) is refused
 * by the store and the bar says why; the placeholder says the limit first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-chat-search"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-chat-search.h"
#include "glint-search-hit-row.h"

#define PAGE_SIZE 30

struct _GlintChatSearch
{
  GtkWidget          parent_instance;
  GlintStore        *store;
  char              *account;
  char              *peer;
  char              *query;          /* what the hits shown are for */
  gint64             last_id;        /* the oldest hit shown, for the next page */
  guint              shown;
  gboolean           more;           /* a full page came: there may be more */
  GCancellable      *cancellable;

  GtkSearchBar      *search_bar;
  GtkSearchEntry    *entry;
  GtkLabel          *status_label;
  GtkScrolledWindow *results_scroller;
  GtkListBox        *results;
};

G_DEFINE_FINAL_TYPE (GlintChatSearch, glint_chat_search, GTK_TYPE_WIDGET)

enum { HIT_ACTIVATED, CLOSED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
set_status (GlintChatSearch *self,
            const char      *text)
{
  gtk_label_set_text (self->status_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL && *text != '\0');
}

static void
clear_hits (GlintChatSearch *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);
  self->shown = 0;
  self->more = FALSE;
  self->last_id = G_MAXINT64;
  gtk_widget_set_visible (GTK_WIDGET (self->results_scroller), FALSE);
}

static void
say_count (GlintChatSearch *self)
{
  g_autofree char *text = NULL;

  text = self->shown == 0 ? g_strdup (_("No messages found"))
                          : glint_search_hit_row_describe_count (self->shown, self->more);
  set_status (self, text);
}

static void
on_hits (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = glint_store_search_finish (GLINT_STORE (source), result, &error);
  GlintChatSearch *self = data;

  /* Cancelled: the bar is gone, or a newer search replaced this one. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  if (hits == NULL)
    {
      clear_hits (self);
      set_status (self, error->message);
      return;
    }
  for (guint i = 0; i < hits->len; i++)
    {
      const GlintSearchHit *hit = hits->pdata[i];

      gtk_list_box_append (self->results, GTK_WIDGET (glint_search_hit_row_new (hit, FALSE)));
      self->last_id = hit->message->id;
    }
  self->shown += hits->len;
  self->more = hits->len == PAGE_SIZE;
  gtk_widget_set_visible (GTK_WIDGET (self->results_scroller), self->shown > 0);
  say_count (self);
}

static void
search_page (GlintChatSearch *self)
{
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  glint_store_search_async (self->store, self->account, self->peer, self->query, self->last_id, PAGE_SIZE,
                            self->cancellable, on_hits, self);
}

static void
on_search_changed (GlintChatSearch *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  g_free (self->query);
  self->query = g_strstrip (g_strdup (text));
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  clear_hits (self);
  if (self->store == NULL || *self->query == '\0')
    {
      set_status (self, NULL);
      return;
    }
  search_page (self);
}

static void
on_results_edge (GlintChatSearch *self,
                 GtkPositionType  pos)
{
  if (pos == GTK_POS_BOTTOM && self->more && self->cancellable == NULL)
    search_page (self);
}

static void
on_row_activated (GlintChatSearch *self,
                  GtkListBoxRow   *row)
{
  GlintSearchHitRow *hit = GLINT_SEARCH_HIT_ROW (row);

  g_signal_emit (self, signals[HIT_ACTIVATED], 0,
                 glint_search_hit_row_get_time (hit), glint_search_hit_row_get_id (hit));
}

/* Enter in the field opens the newest hit. */
static void
on_entry_activate (GlintChatSearch *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->results, 0);

  if (first != NULL)
    on_row_activated (self, first);
}

/* Closed, the bar is hidden as a whole: a screen reader does not find a
 * search field that is not there. */
static void
on_search_mode (GlintChatSearch *self)
{
  gboolean open = gtk_search_bar_get_search_mode (self->search_bar);

  gtk_widget_set_visible (GTK_WIDGET (self), open);
  if (open)
    return;
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  clear_hits (self);
  set_status (self, NULL);
  g_signal_emit (self, signals[CLOSED], 0);
}

static void
on_stop_search (GlintChatSearch *self)
{
  glint_chat_search_close (self);
}

static void
glint_chat_search_dispose (GObject *object)
{
  GlintChatSearch *self = GLINT_CHAT_SEARCH (object);

  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLINT_TYPE_CHAT_SEARCH);
  G_OBJECT_CLASS (glint_chat_search_parent_class)->dispose (object);
}

static void
glint_chat_search_finalize (GObject *object)
{
  GlintChatSearch *self = GLINT_CHAT_SEARCH (object);

  g_clear_object (&self->store);
  g_free (self->account);
  g_free (self->peer);
  g_free (self->query);
  G_OBJECT_CLASS (glint_chat_search_parent_class)->finalize (object);
}

static void
glint_chat_search_class_init (GlintChatSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glint_chat_search_dispose;
  object_class->finalize = glint_chat_search_finalize;

  /* (time_ms, id) of the message to show */
  signals[HIT_ACTIVATED] = g_signal_new ("hit-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
  signals[CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-chat-search.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintChatSearch, search_bar);
  gtk_widget_class_bind_template_child (widget_class, GlintChatSearch, entry);
  gtk_widget_class_bind_template_child (widget_class, GlintChatSearch, status_label);
  gtk_widget_class_bind_template_child (widget_class, GlintChatSearch, results_scroller);
  gtk_widget_class_bind_template_child (widget_class, GlintChatSearch, results);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_results_edge);
  gtk_widget_class_bind_template_callback (widget_class, on_search_mode);
}

static void
glint_chat_search_init (GlintChatSearch *self)
{
  g_autofree char *placeholder = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->last_id = G_MAXINT64;
  /* TRANSLATORS: the placeholder of a chat's search field */
  placeholder = g_strdup_printf (_("Search this chat (up to %d words)"), GLINT_SEARCH_MAX_WORDS);
  g_object_set (self->entry, "placeholder-text", placeholder, NULL);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->entry));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

void
glint_chat_search_set_conversation (GlintChatSearch *self,
                                    GlintStore      *store,
                                    const char      *account,
                                    const char      *peer)
{
  g_set_object (&self->store, store);
  g_free (self->account);
  self->account = g_strdup (account);
  g_free (self->peer);
  self->peer = g_strdup (peer);
}

void
glint_chat_search_open (GlintChatSearch *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

void
glint_chat_search_close (GlintChatSearch *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

gboolean
glint_chat_search_is_open (GlintChatSearch *self)
{
  return gtk_search_bar_get_search_mode (self->search_bar);
}

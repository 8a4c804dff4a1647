/* glint-history-model.c
 *
 * A GListModel over one conversation that holds a window of its history,
 * read from the store a page at a time by (time, id). Scrolling up reads
 * older pages, scrolling down newer ones; pages beyond the window are let
 * go, so memory is bounded by the window, not by the history's length or
 * how far the user scrolls. Live messages join the window when it shows
 * the newest end. Rows are found by message id through a hash, so a state
 * change or a correction updates one row in place.
 *
 * The trims are separate calls because a view wants to drop rows only
 * when they are out of sight, after the new ones are laid out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-history-model"

#include "glint-history-model.h"

struct _GlintHistoryModel
{
  GObject     parent_instance;
  GlintStore *store;
  char       *account;
  char       *peer;
  guint       page_size;
  guint       max_pages;
  GPtrArray  *items;       /* GlintMessageItem, oldest first */
  GHashTable *by_id;       /* &item's message id -> item (both borrowed from items) */
  gboolean    has_older;   /* the store holds messages before the window */
  gboolean    has_newer;   /* ...and after it */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GlintHistoryModel, glint_history_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
get_item_type (GListModel *model)
{
  return GLINT_TYPE_MESSAGE_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return GLINT_HISTORY_MODEL (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  GlintHistoryModel *self = GLINT_HISTORY_MODEL (model);

  return position < self->items->len ? g_object_ref (self->items->pdata[position]) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
glint_history_model_finalize (GObject *object)
{
  GlintHistoryModel *self = GLINT_HISTORY_MODEL (object);

  g_clear_object (&self->store);
  g_free (self->account);
  g_free (self->peer);
  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->items);
  G_OBJECT_CLASS (glint_history_model_parent_class)->finalize (object);
}

static void
glint_history_model_class_init (GlintHistoryModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = glint_history_model_finalize;
}

static void
glint_history_model_init (GlintHistoryModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
}

/* An empty window at the newest end: glint_history_model_load_older reads
 * the newest page. At most @max_pages pages of @page_size are kept once
 * trimmed. */
GlintHistoryModel *
glint_history_model_new (GlintStore *store,
                         const char *account,
                         const char *peer,
                         guint       page_size,
                         guint       max_pages)
{
  GlintHistoryModel *self = g_object_new (GLINT_TYPE_HISTORY_MODEL, NULL);

  g_return_val_if_fail (page_size > 0 && max_pages >= 2, self);
  self->store = g_object_ref (store);
  self->account = g_strdup (account);
  self->peer = g_strdup (peer);
  self->page_size = page_size;
  self->max_pages = max_pages;
  self->has_older = TRUE;
  return self;
}

static const GlintMessage *
message_at (GlintHistoryModel *self,
            guint              i)
{
  return glint_message_item_get_message (self->items->pdata[i]);
}

static gint64 *
id_key (GlintMessageItem *item)
{
  /* The id lives as long as the item, which the hash never outlives. */
  return (gint64 *) &glint_message_item_get_message (item)->id;
}

/* Puts @page (oldest first) at @position, skipping rows already shown. */
static guint
insert_page (GlintHistoryModel *self,
             guint              position,
             GPtrArray         *page)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new ();

  for (guint i = 0; i < page->len; i++)
    {
      GlintMessage *msg = page->pdata[i];
      GlintMessageItem *item;

      if (g_hash_table_contains (self->by_id, &msg->id))
        continue;
      item = glint_message_item_new (msg);
      g_hash_table_insert (self->by_id, id_key (item), item);
      g_ptr_array_add (fresh, item);
    }
  if (fresh->len == 0)
    return 0;
  for (guint i = 0; i < fresh->len; i++)
    g_ptr_array_insert (self->items, position + i, fresh->pdata[i]);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, fresh->len);
  return fresh->len;
}

static void
remove_range (GlintHistoryModel *self,
              guint              position,
              guint              n)
{
  for (guint i = position; i < position + n; i++)
    g_hash_table_remove (self->by_id, id_key (self->items->pdata[i]));
  g_ptr_array_remove_range (self->items, position, n);
  g_list_model_items_changed (G_LIST_MODEL (self), position, n, 0);
}

/* Lets go of the lines about a room (GlintMessage.notice), which are
 * never stored, when the user no longer wants them shown. Returns how
 * many went. */
guint
glint_history_model_remove_notices (GlintHistoryModel *self)
{
  guint removed = 0;

  /* From the end, a run of lines at a time: one change for each run. */
  for (guint end = self->items->len; end > 0; end--)
    {
      guint start = end;

      while (start > 0 && message_at (self, start - 1)->notice)
        start--;
      if (start < end)
        {
          remove_range (self, start, end - start);
          removed += end - start;
          end = start + 1;
        }
    }
  return removed;
}

/* Reads the page before the window. Returns FALSE with @error set if the
 * store failed; TRUE otherwise, also when there is nothing older. */
gboolean
glint_history_model_load_older (GlintHistoryModel  *self,
                                GError            **error)
{
  gint64 before_time = G_MAXINT64, before_id = G_MAXINT64;
  g_autoptr(GPtrArray) page = NULL;

  if (!self->has_older)
    return TRUE;
  if (self->items->len > 0)
    {
      before_time = message_at (self, 0)->time_ms;
      before_id = message_at (self, 0)->id;
    }
  page = glint_store_page_before (self->store, self->account, self->peer, before_time, before_id,
                                  self->page_size, error);
  if (page == NULL)
    return FALSE;
  self->has_older = page->len == self->page_size;
  insert_page (self, 0, page);
  return TRUE;
}

/* Reads the page after the window. */
gboolean
glint_history_model_load_newer (GlintHistoryModel  *self,
                                GError            **error)
{
  g_autoptr(GPtrArray) page = NULL;
  const GlintMessage *last;

  if (!self->has_newer || self->items->len == 0)
    return TRUE;
  last = message_at (self, self->items->len - 1);
  page = glint_store_page_after (self->store, self->account, self->peer, last->time_ms, last->id,
                                 self->page_size, error);
  if (page == NULL)
    return FALSE;
  self->has_newer = page->len == self->page_size;
  insert_page (self, self->items->len, page);
  return TRUE;
}

/* Drops the window and shows the newest page: the "jump to the newest
 * message" of a view scrolled far up. */
gboolean
glint_history_model_show_newest (GlintHistoryModel  *self,
                                 GError            **error)
{
  if (!self->has_newer)
    return TRUE;
  if (self->items->len > 0)
    remove_range (self, 0, self->items->len);
  self->has_newer = FALSE;
  self->has_older = TRUE;
  return glint_history_model_load_older (self, error);
}

/* Starts the window over: the newest @count messages (at most a page),
 * or none, with everything older still reachable by scrolling up. */
gboolean
glint_history_model_show_latest (GlintHistoryModel  *self,
                                 guint               count,
                                 GError            **error)
{
  g_autoptr(GPtrArray) page = NULL;

  if (self->items->len > 0)
    remove_range (self, 0, self->items->len);
  self->has_newer = FALSE;
  self->has_older = TRUE;
  if (count == 0)
    return TRUE;
  count = MIN (count, self->page_size);
  page = glint_store_page_before (self->store, self->account, self->peer, G_MAXINT64, G_MAXINT64,
                                  count, error);
  if (page == NULL)
    return FALSE;
  self->has_older = page->len == count;
  insert_page (self, 0, page);
  return TRUE;
}

/* Shows the window around the message @id sent at @time_ms (a search hit):
 * half a page before it, and a page from it on. Nothing changes when it is
 * already shown. */
gboolean
glint_history_model_show_around (GlintHistoryModel  *self,
                                 gint64              time_ms,
                                 gint64              id,
                                 GError            **error)
{
  g_autoptr(GPtrArray) older = NULL;
  g_autoptr(GPtrArray) newer = NULL;
  guint half = MAX (self->page_size / 2, 1);

  if (g_hash_table_contains (self->by_id, &id))
    return TRUE;
  older = glint_store_page_before (self->store, self->account, self->peer, time_ms, id, half, error);
  if (older == NULL)
    return FALSE;
  /* From the message itself: nothing sorts between (time, id - 1) and it. */
  newer = glint_store_page_after (self->store, self->account, self->peer, time_ms, id - 1,
                                  self->page_size, error);
  if (newer == NULL)
    return FALSE;
  if (self->items->len > 0)
    remove_range (self, 0, self->items->len);
  self->has_older = older->len == half;
  self->has_newer = newer->len == self->page_size;
  insert_page (self, 0, older);
  insert_page (self, self->items->len, newer);
  return TRUE;
}

/* Lets go of the newest rows beyond the window; returns how many. */
guint
glint_history_model_trim_newer (GlintHistoryModel *self)
{
  guint keep = self->page_size * self->max_pages;
  guint n;

  if (self->items->len <= keep)
    return 0;
  n = self->items->len - keep;
  remove_range (self, keep, n);
  self->has_newer = TRUE;
  return n;
}

/* Lets go of the oldest rows beyond the window; returns how many. */
guint
glint_history_model_trim_older (GlintHistoryModel *self)
{
  guint keep = self->page_size * self->max_pages;
  guint n;

  if (self->items->len <= keep)
    return 0;
  n = self->items->len - keep;
  remove_range (self, 0, n);
  self->has_older = TRUE;
  return n;
}

gboolean
glint_history_model_has_older (GlintHistoryModel *self)
{
  return self->has_older;
}

gboolean
glint_history_model_has_newer (GlintHistoryModel *self)
{
  return self->has_newer;
}

static int
compare_position (const GlintMessage *a,
                  const GlintMessage *b)
{
  if (a->time_ms != b->time_ms)
    return a->time_ms < b->time_ms ? -1 : 1;
  return a->id < b->id ? -1 : a->id > b->id;
}

/* A message just stored (live, or from an archive). It joins the window
 * if it falls inside it or at its newest end; a message newer than a
 * window scrolled up only marks that there is more below. Returns whether
 * a row was added. */
gboolean
glint_history_model_add (GlintHistoryModel  *self,
                         const GlintMessage *msg)
{
  GlintMessageItem *item;
  guint lo = 0, hi = self->items->len;

  g_return_val_if_fail (g_strcmp0 (msg->account, self->account) == 0
                        && g_strcmp0 (msg->peer, self->peer) == 0, FALSE);
  if (msg->id > 0 && g_hash_table_contains (self->by_id, &msg->id))
    return FALSE;
  if (self->items->len > 0 && compare_position (msg, message_at (self, self->items->len - 1)) > 0
      && self->has_newer)
    return FALSE;
  if (self->items->len > 0 && compare_position (msg, message_at (self, 0)) < 0 && self->has_older)
    return FALSE;

  /* Where it goes: live messages land at the end, so look there first. */
  if (hi > 0 && compare_position (msg, message_at (self, hi - 1)) > 0)
    lo = hi;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      if (compare_position (message_at (self, mid), msg) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  item = glint_message_item_new (msg);
  if (msg->id > 0)
    g_hash_table_insert (self->by_id, id_key (item), item);
  g_ptr_array_insert (self->items, lo, item);
  g_list_model_items_changed (G_LIST_MODEL (self), lo, 0, 1);
  return TRUE;
}

/* Messages just stored, oldest first, as one change of the model when
 * they all follow the window's end (a burst), else one at a time. Returns
 * how many rows were added. */
guint
glint_history_model_add_many (GlintHistoryModel *self,
                              GPtrArray         *messages)
{
  const GlintMessage *last = self->items->len ? message_at (self, self->items->len - 1) : NULL;
  gboolean in_order = !self->has_newer;
  guint added = 0;

  for (guint i = 0; in_order && i < messages->len; i++)
    {
      const GlintMessage *msg = messages->pdata[i];

      in_order = msg->id > 0 && (last == NULL || compare_position (msg, last) > 0);
      last = msg;
    }
  if (!in_order)
    {
      for (guint i = 0; i < messages->len; i++)
        added += glint_history_model_add (self, messages->pdata[i]);
      return added;
    }
  return insert_page (self, self->items->len, messages);
}

GlintMessageItem *
glint_history_model_lookup (GlintHistoryModel *self,
                            gint64             id)
{
  return g_hash_table_lookup (self->by_id, &id);
}

/* In place: the row keeps its position, its widget is told through the
 * item's notify. Returns FALSE when the message is not in the window. */
gboolean
glint_history_model_set_state (GlintHistoryModel *self,
                               gint64             id,
                               GlintMessageState  state)
{
  GlintMessageItem *item = glint_history_model_lookup (self, id);

  if (item == NULL)
    return FALSE;
  glint_message_item_set_state (item, state);
  return TRUE;
}

gboolean
glint_history_model_replace (GlintHistoryModel  *self,
                             gint64              id,
                             const GlintMessage *msg)
{
  GlintMessageItem *item = glint_history_model_lookup (self, id);

  if (item == NULL)
    return FALSE;
  /* The key is the item's own id field, which the replacement frees. */
  g_hash_table_remove (self->by_id, &id);
  glint_message_item_replace (item, msg);
  g_hash_table_insert (self->by_id, id_key (item), item);
  return TRUE;
}

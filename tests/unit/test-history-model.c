/* Unit tests: the history model's window over the store */
#include "glint-history-model.h"

#define ACCOUNT "alice@example.org"
#define PEER    "bob@example.org"

static GlintMessage *
make (guint i)
{
  GlintMessage *msg = glint_message_new ();

  msg->account = g_strdup (ACCOUNT);
  msg->peer = g_strdup (PEER);
  msg->sender = g_strdup (PEER);
  msg->direction = GLINT_DIRECTION_IN;
  /* Pairs share a millisecond: the window must neither skip nor repeat. */
  msg->time_ms = 1700000000000 + (i / 2) * 1000;
  msg->body = g_strdup_printf ("message %u", i);
  msg->state = GLINT_MESSAGE_INCOMING;
  return msg;
}

static GlintStore *
filled_store (guint n)
{
  GlintStore *store = glint_store_new (":memory:", NULL);

  glint_store_begin (store, NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlintMessage) msg = make (i);
      g_assert_true (glint_store_insert_message (store, msg, NULL, NULL));
    }
  glint_store_commit (store, NULL);
  return store;
}

static const GlintMessage *
at (GlintHistoryModel *model, guint i)
{
  g_autoptr(GlintMessageItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);
  return glint_message_item_get_message (item);
}

/* The window holds consecutive messages: message k, k+1, ... */
static void
assert_contiguous (GlintHistoryModel *model)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));

  for (guint i = 1; i < n; i++)
    g_assert_cmpint (at (model, i)->id, ==, at (model, i - 1)->id + 1);
}

static void
test_scroll_whole_history (void)
{
  g_autoptr(GlintStore) store = filled_store (1000);
  g_autoptr(GlintHistoryModel) model = glint_history_model_new (store, ACCOUNT, PEER, 50, 4);
  GListModel *list = G_LIST_MODEL (model);
  guint most = 0;

  g_assert_true (glint_history_model_load_older (model, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 50);
  g_assert_cmpstr (at (model, 49)->body, ==, "message 999");
  g_assert_false (glint_history_model_has_newer (model));

  /* Up to the very start: never more than the window and a page. */
  while (glint_history_model_has_older (model))
    {
      g_assert_true (glint_history_model_load_older (model, NULL));
      most = MAX (most, g_list_model_get_n_items (list));
      glint_history_model_trim_newer (model);
      g_assert_cmpuint (g_list_model_get_n_items (list), <=, 200);
      assert_contiguous (model);
    }
  g_assert_cmpuint (most, <=, 250);
  g_assert_cmpstr (at (model, 0)->body, ==, "message 0");
  g_assert_true (glint_history_model_has_newer (model));

  /* And back down to the newest. */
  while (glint_history_model_has_newer (model))
    {
      g_assert_true (glint_history_model_load_newer (model, NULL));
      glint_history_model_trim_older (model);
      g_assert_cmpuint (g_list_model_get_n_items (list), <=, 200);
      assert_contiguous (model);
    }
  g_assert_cmpstr (at (model, g_list_model_get_n_items (list) - 1)->body, ==, "message 999");
  g_assert_true (glint_history_model_has_older (model));
}

typedef struct
{
  guint changes;
  guint added;
  guint removed;
} Changes;

static void
on_items_changed (GListModel *list, guint position, guint removed, guint added, Changes *c)
{
  c->changes++;
  c->added += added;
  c->removed += removed;
}

static void
count_notify (GObject *item, GParamSpec *pspec, guint *n)
{
  (*n)++;
}

static void
test_live_and_in_place (void)
{
  g_autoptr(GlintStore) store = filled_store (120);
  g_autoptr(GlintHistoryModel) model = glint_history_model_new (store, ACCOUNT, PEER, 50, 2);
  g_autoptr(GlintMessage) live = make (120);
  g_autoptr(GlintMessage) corrected = NULL;
  GlintMessageItem *item;
  Changes c = { 0 };
  guint notified = 0;
  gint64 id;

  g_assert_true (glint_history_model_load_older (model, NULL));
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &c);

  /* A live message at the newest end joins the window, once. */
  g_assert_true (glint_store_insert_message (store, live, NULL, NULL));
  g_assert_true (glint_history_model_add (model, live));
  g_assert_false (glint_history_model_add (model, live));
  g_assert_cmpuint (c.added, ==, 1);
  g_assert_cmpstr (at (model, 50)->body, ==, "message 120");

  /* State and correction: the same row, changed in place. */
  id = at (model, 10)->id;
  item = glint_history_model_lookup (model, id);
  g_assert_nonnull (item);
  g_signal_connect (item, "notify::state", G_CALLBACK (count_notify), &notified);
  g_signal_connect (item, "notify::body", G_CALLBACK (count_notify), &notified);
  g_assert_true (glint_history_model_set_state (model, id, GLINT_MESSAGE_DELIVERED));
  g_assert_cmpint (at (model, 10)->state, ==, GLINT_MESSAGE_DELIVERED);
  corrected = glint_message_copy (at (model, 10));
  g_free (corrected->body);
  corrected->body = g_strdup ("message 80, corrected");
  g_assert_true (glint_history_model_replace (model, id, corrected));
  g_assert_cmpstr (at (model, 10)->body, ==, "message 80, corrected");
  g_assert_cmpint (at (model, 10)->id, ==, id);
  g_assert_true (glint_history_model_lookup (model, id) == item);
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpuint (c.changes, ==, 1);
  /* A message outside the window is not found, and nothing changes. */
  g_assert_false (glint_history_model_set_state (model, 999999, GLINT_MESSAGE_SENT));

  /* Scrolled up past the window, a live message does not join it... */
  g_assert_true (glint_history_model_load_older (model, NULL));
  g_assert_true (glint_history_model_load_older (model, NULL));
  glint_history_model_trim_newer (model);
  g_assert_true (glint_history_model_has_newer (model));
  {
    g_autoptr(GlintMessage) later = make (121);
    guint before = g_list_model_get_n_items (G_LIST_MODEL (model));

    g_assert_true (glint_store_insert_message (store, later, NULL, NULL));
    g_assert_false (glint_history_model_add (model, later));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, before);
    /* ...and jumping to the newest shows it. */
    g_assert_true (glint_history_model_show_newest (model, NULL));
    g_assert_false (glint_history_model_has_newer (model));
    g_assert_cmpstr (at (model, g_list_model_get_n_items (G_LIST_MODEL (model)) - 1)->body, ==,
                     "message 121");
  }
}

/* Lines about a room join the window unstored, between the messages, and
 * go when the user hides them; the messages stay (the control). A stored
 * message after a line comes after it. */
static void
test_notices (void)
{
  g_autoptr(GlintStore) store = filled_store (10);
  g_autoptr(GlintHistoryModel) model = glint_history_model_new (store, ACCOUNT, PEER, 50, 2);
  g_autoptr(GlintMessage) line = make (10);
  g_autoptr(GlintMessage) second = make (11);
  g_autoptr(GlintMessage) later = make (12);

  g_assert_true (glint_history_model_load_older (model, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 10);
  line->notice = TRUE;
  second->notice = TRUE;
  g_assert_true (glint_history_model_add (model, line));
  g_assert_true (glint_history_model_add (model, second));
  g_assert_true (glint_store_insert_message (store, later, NULL, NULL));
  g_assert_true (glint_history_model_add (model, later));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 13);
  g_assert_true (at (model, 10)->notice);
  g_assert_true (at (model, 11)->notice);
  g_assert_cmpstr (at (model, 12)->body, ==, "message 12");

  g_assert_cmpuint (glint_history_model_remove_notices (model), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 11);
  for (guint i = 0; i < 11; i++)
    g_assert_false (at (model, i)->notice);
  g_assert_cmpstr (at (model, 10)->body, ==, "message 12");
  g_assert_cmpuint (glint_history_model_remove_notices (model), ==, 0);
}

/* A search hit far back in the history: the window moves to it, with what
 * came before and after it, and scrolling on from there still works. */
static void
test_show_around (void)
{
  g_autoptr(GlintStore) store = filled_store (1000);
  g_autoptr(GlintHistoryModel) model = glint_history_model_new (store, ACCOUNT, PEER, 50, 4);
  GListModel *list = G_LIST_MODEL (model);
  g_autoptr(GlintMessage) target = make (301);
  gint64 target_id = 302; /* ids start at 1 */
  gboolean seen = FALSE;

  g_assert_true (glint_history_model_load_older (model, NULL));
  g_assert_true (glint_history_model_show_around (model, target->time_ms, target_id, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 75);
  g_assert_cmpstr (at (model, 0)->body, ==, "message 276");
  g_assert_cmpstr (at (model, 25)->body, ==, "message 301");
  g_assert_cmpint (at (model, 25)->id, ==, target_id);
  g_assert_true (glint_history_model_has_older (model));
  g_assert_true (glint_history_model_has_newer (model));
  assert_contiguous (model);
  g_assert_nonnull (glint_history_model_lookup (model, target_id));

  /* Already shown: nothing moves. */
  g_assert_true (glint_history_model_show_around (model, target->time_ms, target_id, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 75);

  /* On to the newest from there. */
  while (glint_history_model_has_newer (model))
    {
      g_assert_true (glint_history_model_load_newer (model, NULL));
      glint_history_model_trim_older (model);
      assert_contiguous (model);
    }
  seen = g_strcmp0 (at (model, g_list_model_get_n_items (list) - 1)->body, "message 999") == 0;
  g_assert_true (seen);
}

/* A chat opens with the previous conversation, as many messages as the
 * user asked, or with none: older ones are reached by scrolling up. */
static void
test_show_latest (void)
{
  g_autoptr(GlintStore) store = filled_store (100);
  g_autoptr(GlintHistoryModel) model = glint_history_model_new (store, ACCOUNT, PEER, 50, 4);

  g_assert_true (glint_history_model_show_latest (model, 20, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 20);
  g_assert_cmpstr (at (model, 0)->body, ==, "message 80");
  g_assert_cmpstr (at (model, 19)->body, ==, "message 99");
  g_assert_true (glint_history_model_has_older (model));
  g_assert_true (glint_history_model_load_older (model, NULL));
  g_assert_cmpstr (at (model, 0)->body, ==, "message 30");
  assert_contiguous (model);

  g_assert_true (glint_history_model_show_latest (model, 0, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_true (glint_history_model_has_older (model));
  g_assert_false (glint_history_model_has_newer (model));

  /* More than a page is a page. */
  g_assert_true (glint_history_model_show_latest (model, 400, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 50);
  g_assert_cmpstr (at (model, 49)->body, ==, "message 99");
}

/* Older messages from the archive join the top of a window that has
 * shown everything older the store had. */
static void
test_archived_older_join (void)
{
  g_autoptr(GlintStore) store = glint_store_new (":memory:", NULL);
  g_autoptr(GlintHistoryModel) model = glint_history_model_new (store, ACCOUNT, PEER, 50, 6);
  g_autoptr(GPtrArray) older = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_message_free);

  for (guint i = 150; i < 200; i++)
    {
      g_autoptr(GlintMessage) msg = make (i * 2);
      g_assert_true (glint_store_insert_message (store, msg, NULL, NULL));
    }
  g_assert_true (glint_history_model_show_latest (model, 50, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 50);
  g_assert_true (glint_history_model_has_older (model));
  g_assert_true (glint_history_model_load_older (model, NULL));
  g_assert_false (glint_history_model_has_older (model));

  for (guint i = 100; i < 150; i++)
    {
      GlintMessage *msg = make (i * 2);

      msg->archived = TRUE;
      g_assert_true (glint_store_insert_message (store, msg, NULL, NULL));
      g_ptr_array_add (older, msg);
    }
  g_assert_cmpuint (glint_history_model_add_many (model, older), ==, 50);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 100);
  g_assert_cmpstr (at (model, 0)->body, ==, "message 200");
  g_assert_cmpstr (at (model, 99)->body, ==, "message 398");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/history-model/scroll-whole-history", test_scroll_whole_history);
  g_test_add_func ("/history-model/archived-older-join", test_archived_older_join);
  g_test_add_func ("/history-model/live-and-in-place", test_live_and_in_place);
  g_test_add_func ("/history-model/show-around", test_show_around);
  g_test_add_func ("/history-model/show-latest", test_show_latest);
  g_test_add_func ("/history-model/notices", test_notices);
  return g_test_run ();
}

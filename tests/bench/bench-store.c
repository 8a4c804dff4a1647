/* bench-store.c: figures for the history store on this machine.
 *
 * Prints the ingest rate (messages per second, in batches as a catch-up
 * would write them and one by one as live messages arrive), the time to
 * open a conversation (the newest page), to page back through it, and to
 * search it. Usage: bench-store [N_MESSAGES] */
#include <glib/gstdio.h>

#include "glint-store.h"
#include "../glint-test-files.h"

static GlintMessage *
make (guint i)
{
  GlintMessage *msg = glint_message_new ();
  static const char * const words[] = { "lunch", "release", "walrus", "meeting", "coffee", "build" };

  msg->account = g_strdup ("alice@example.org");
  msg->peer = g_strdup (i % 10 ? "bob@example.org" : "carol@example.org");
  msg->sender = g_strdup ("bob@example.org/phone");
  msg->direction = i % 2;
  msg->time_ms = 1700000000000 + i * 1000;
  msg->body = g_strdup_printf ("message %u about the %s, and some more words to make it ordinary", i,
                               words[i % G_N_ELEMENTS (words)]);
  msg->origin_id = g_strdup_printf ("origin-%u", i);
  msg->state = GLINT_MESSAGE_INCOMING;
  return msg;
}

static void
search_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  *(GPtrArray **) data = glint_store_search_finish (GLINT_STORE (source), result, NULL);
}

int
main (int argc, char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  g_autofree char *dir = g_dir_make_tmp ("glint-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "history.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlintStore) store = glint_store_new (path, &error);
  gint64 t0, t1;
  guint live = MIN (n / 10, 2000);
  guint pages = 0;
  gint64 before_time = G_MAXINT64, before_id = G_MAXINT64;

  if (store == NULL)
    g_error ("%s", error->message);

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < live; i++)
    {
      g_autoptr(GlintMessage) msg = make (i);
      glint_store_insert_message (store, msg, NULL, NULL);
    }
  t1 = g_get_monotonic_time ();
  g_print ("store_insert_one_by_one_per_s %.0f (%u messages, each its own transaction)\n",
           live / ((t1 - t0) / 1e6), live);

  /* In batches of 500, as the event pipe and an archive catch-up write. */
  t0 = g_get_monotonic_time ();
  for (guint i = live; i < n; i++)
    {
      g_autoptr(GlintMessage) msg = make (i);

      if ((i - live) % 500 == 0)
        glint_store_begin (store, NULL);
      glint_store_insert_message (store, msg, NULL, NULL);
      if ((i - live) % 500 == 499 || i == n - 1)
        glint_store_commit (store, NULL);
    }
  t1 = g_get_monotonic_time ();
  g_print ("store_insert_batched_per_s %.0f (%u messages in transactions of 500)\n",
           (n - live) / ((t1 - t0) / 1e6), n - live);

  /* The full-text index follows in its own thread. */
  glint_store_wait_indexed (store, 600 * G_USEC_PER_SEC);
  g_print ("store_index_caught_up_ms %.0f (after the last batch; indexing runs beside the writes)\n",
           (g_get_monotonic_time () - t1) / 1e3);

  t0 = g_get_monotonic_time ();
  {
    g_autoptr(GPtrArray) page = glint_store_page_before (store, "alice@example.org", "bob@example.org",
                                                         G_MAXINT64, G_MAXINT64, 50, NULL);
    t1 = g_get_monotonic_time ();
    g_print ("store_open_conversation_ms %.3f (newest 50 of %" G_GINT64_FORMAT ")\n", (t1 - t0) / 1e3,
             glint_store_count_messages (store, "alice@example.org", "bob@example.org"));
  }

  t0 = g_get_monotonic_time ();
  for (;;)
    {
      g_autoptr(GPtrArray) page = glint_store_page_before (store, "alice@example.org", "bob@example.org",
                                                           before_time, before_id, 50, NULL);
      GlintMessage *oldest;

      if (page->len == 0)
        break;
      oldest = page->pdata[0];
      before_time = oldest->time_ms;
      before_id = oldest->id;
      pages++;
    }
  t1 = g_get_monotonic_time ();
  g_print ("store_page_back_ms_per_page %.3f (%u pages of 50)\n", (t1 - t0) / 1e3 / MAX (pages, 1), pages);

  t0 = g_get_monotonic_time ();
  {
    g_autoptr(GPtrArray) hits = glint_store_search (store, "alice@example.org", NULL, "walrus", G_MAXINT64, 100, NULL);
    t1 = g_get_monotonic_time ();
    g_print ("store_search_ms %.3f (first %u hits of a word in 1/6 of %u messages)\n",
             (t1 - t0) / 1e3, hits->len, n);
  }

  /* The widest query allowed, and one far over the limits (refused). */
  {
    const char *widest = "walrus w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15";
    g_autoptr(GString) pasted = g_string_new (NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) hits = NULL;
    GPtrArray *refused;

    t0 = g_get_monotonic_time ();
    hits = glint_store_search (store, "alice@example.org", NULL, widest, G_MAXINT64, 100, NULL);
    t1 = g_get_monotonic_time ();
    g_print ("store_search_16_words_ms %.3f (%u hits)\n", (t1 - t0) / 1e3, hits ? hits->len : 0);
    for (guint i = 0; i < 20000; i++)
      g_string_append (pasted, "walrus ");
    t0 = g_get_monotonic_time ();
    refused = glint_store_search (store, "alice@example.org", NULL, pasted->str, G_MAXINT64, 100, &error);
    t1 = g_get_monotonic_time ();
    g_assert_null (refused);
    g_print ("store_search_20000_words_ms %.3f (refused: %s)\n", (t1 - t0) / 1e3, error->message);
  }

  /* The same through the second connection, as the UI asks. */
  {
    GPtrArray *hits = NULL;

    t0 = g_get_monotonic_time ();
    glint_store_search_async (store, "alice@example.org", NULL, "walrus", G_MAXINT64, 100, NULL, search_done, &hits);
    while (hits == NULL)
      g_main_context_iteration (NULL, TRUE);
    t1 = g_get_monotonic_time ();
    g_print ("store_search_async_ms %.3f (first %u hits, reader opened on first use)\n", (t1 - t0) / 1e3,
             hits->len);
    g_ptr_array_unref (hits);
  }
  g_clear_object (&store);
  glint_test_remove_history (path);
  return 0;
}

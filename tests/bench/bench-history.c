/* bench-history.c: figures for a conversation of a million messages.
 *
 * Prints the time to show the first page of a conversation of N messages
 * (the model reading its newest page, as the chat view does on opening),
 * and how much more memory the process holds after scrolling that
 * conversation to its very start than after reading a conversation of 100
 * messages whole. Usage: bench-history [N_MESSAGES] */
#include <glib/gstdio.h>

#include "glint-history-model.h"
#include "../glint-test-files.h"

#define PAGE   50
#define WINDOW 6

static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  return line ? strtol (line + 6, NULL, 10) : -1;
}

static void
fill (GlintStore *store,
      const char *peer,
      guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlintMessage) msg = glint_message_new ();

      if (i % 1000 == 0)
        glint_store_begin (store, NULL);
      msg->account = g_strdup ("alice@example.org");
      msg->peer = g_strdup (peer);
      msg->sender = g_strdup (peer);
      msg->direction = i % 2;
      msg->time_ms = 1600000000000 + (gint64) i * 1000;
      msg->body = g_strdup_printf ("message %u of a long conversation, with a few ordinary words", i);
      msg->state = GLINT_MESSAGE_INCOMING;
      glint_store_insert_message (store, msg, NULL, NULL);
      if (i % 1000 == 999 || i == n - 1)
        glint_store_commit (store, NULL);
    }
}

int
main (int argc, char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autofree char *dir = g_dir_make_tmp ("glint-bench-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "history.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlintStore) store = glint_store_new (path, &error);
  gint64 t0, t1;
  long base, scrolled;
  guint pages = 0, most = 0;

  if (store == NULL)
    g_error ("%s", error->message);
  t0 = g_get_monotonic_time ();
  fill (store, "small@example.org", 100);
  fill (store, "big@example.org", n);
  t1 = g_get_monotonic_time ();
  g_print ("# filled %u messages in %.1f s\n", n + 100, (t1 - t0) / 1e6);

  /* A small conversation, read whole: the baseline. */
  {
    g_autoptr(GlintHistoryModel) small = glint_history_model_new (store, "alice@example.org",
                                                                  "small@example.org", PAGE, WINDOW);
    while (glint_history_model_has_older (small))
      glint_history_model_load_older (small, NULL);
    base = rss_kib ();
  }

  {
    g_autoptr(GlintHistoryModel) big = glint_history_model_new (store, "alice@example.org",
                                                                "big@example.org", PAGE, WINDOW);

    t0 = g_get_monotonic_time ();
    glint_history_model_load_older (big, NULL);
    t1 = g_get_monotonic_time ();
    g_print ("history_first_page_ms %.3f (newest %d of %u)\n", (t1 - t0) / 1e3, PAGE, n);

    t0 = g_get_monotonic_time ();
    while (glint_history_model_has_older (big))
      {
        glint_history_model_load_older (big, NULL);
        glint_history_model_trim_newer (big);
        most = MAX (most, g_list_model_get_n_items (G_LIST_MODEL (big)));
        pages++;
      }
    t1 = g_get_monotonic_time ();
    scrolled = rss_kib ();
    g_print ("history_scroll_to_start_ms_per_page %.3f (%u pages; window at most %u rows)\n",
             (t1 - t0) / 1e3 / MAX (pages, 1), pages, most);
    g_print ("history_rss_growth_kib %ld (scrolled to the start of %u, minus a 100-message conversation)\n",
             scrolled - base, n);
  }
  g_clear_object (&store);
  glint_test_remove_history (path);
  return 0;
}

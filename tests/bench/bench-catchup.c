/* bench-catchup.c: catching up with the server's archive after login.
 * Run inside tests/harness/xmpp-env.py. bob writes N messages (10,000 by
 * default) to alice's phone while Glint is away; Glint then logs in and
 * reads them from the archive. Prints the time to complete, the longest
 * the main loop was held meanwhile, and rows written per second; then the
 * same catch-up cut off halfway and resumed, with the gaps and duplicates
 * it left (both must be 0). Usage: bench-catchup [N] */
#include <stdlib.h>
#include <sys/resource.h>

#include <glib/gstdio.h>

#include "glint-loop-monitor.h"
#include "glint-test-session.h"

static gboolean
caught_up (gpointer data)
{
  return glint_session_get_state (data) == GLINT_CONNECTION_CONNECTED
         && glint_session_get_archive_caught_up (data);
}

typedef struct
{
  GlintSession *session;
  guint         at_least;
} FetchedWait;

static gboolean
fetched_at_least (gpointer data)
{
  FetchedWait *w = data;

  return glint_session_get_archive_fetched (w->session) >= w->at_least;
}

static gboolean
logged_out (gpointer data)
{
  return glint_session_get_state (data) == GLINT_CONNECTION_DISCONNECTED;
}

/* A client over the real worker on the store at @db, logged in as alice. */
static GlintSession *
log_in (const char   *db,
        GlintStore  **store,
        GlintClient **client)
{
  g_autoptr(GlintAccount) account = glint_test_account ("alice", "GLINT_TEST_DOMAIN");
  GlintSession *session;

  *store = glint_store_new (db, NULL);
  g_assert_nonnull (*store);
  *client = glint_test_client_new (*store, NULL);
  session = glint_client_add_account (*client, account);
  glint_session_login (session, account, "alice-pw");
  return session;
}

static void
log_out (GlintSession *session,
         GlintStore  **store,
         GlintClient **client)
{
  glint_session_logout (session);
  glint_test_wait (logged_out, session, 10);
  g_clear_object (client);
  g_clear_object (store);
}

/* How many of "catch-up 0" … "catch-up n-1" are missing, and how many
 * rows more than n there are. */
static void
count_gaps (const char *db,
            guint       n,
            guint      *missing,
            guint      *extra)
{
  g_autoptr(GlintStore) store = glint_store_new (db, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *alice = jid_of ("alice");
  g_autofree char *bob = jid_of ("bob");
  gint64 before_time = G_MAXINT64, before_id = G_MAXINT64;
  guint rows = 0;

  for (;;)
    {
      g_autoptr(GPtrArray) page = glint_store_page_before (store, alice, bob, before_time, before_id, 1000, NULL);

      if (page == NULL || page->len == 0)
        break;
      for (guint i = 0; i < page->len; i++)
        {
          const char *body = ((GlintMessage *) page->pdata[i])->body;

          if (g_str_has_prefix (body, "catch-up "))
            {
              rows++;
              g_hash_table_add (seen, g_strdup (body));
            }
        }
      before_time = ((GlintMessage *) page->pdata[0])->time_ms;
      before_id = ((GlintMessage *) page->pdata[0])->id;
    }
  *missing = n - MIN (n, g_hash_table_size (seen));
  *extra = rows - g_hash_table_size (seen);
}

/* CPU time of this process (every thread: the main one, the worker, the
 * indexer), in seconds. */
static double
cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
         + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static gboolean
copy_file (const char *from,
           const char *to)
{
  g_autoptr(GFile) src = g_file_new_for_path (from);
  g_autoptr(GFile) dst = g_file_new_for_path (to);

  return g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, NULL);
}

int
main (int argc, char *argv[])
{
  guint n = argc > 1 ? (guint) atoi (argv[1]) : 10000;
  g_autofree char *dir = glint_test_make_dir ("glint-bench-catchup");
  g_autofree char *db = g_build_filename (dir, "history.db", NULL);
  g_autofree char *start_db = g_build_filename (dir, "start.db", NULL);
  g_autofree char *alice = jid_of ("alice");
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *last = g_strdup_printf ("catch-up %u", n - 1);
  g_autofree char *cmd = g_strdup_printf ("{\"cmd\":\"burst\",\"to\":\"%s\",\"count\":%u,\"prefix\":\"catch-up\"}",
                                          alice, n);
  g_autoptr(GlintStore) store = NULL;
  g_autoptr(GlintClient) client = NULL;
  g_autoptr(GlintLoopMonitor) monitor = NULL;
  GlintTestPeer *phone, *peer;
  GlintSession *session;
  FetchedWait half;
  gint64 start_us, took_us, stall_us;
  double cpu_before, cpu;
  guint missing, extra;

  /* Glint has been here once: the archive's (empty) start is known. */
  session = log_in (db, &store, &client);
  if (!glint_test_wait (caught_up, session, 60))
    g_error ("Could not log in");
  log_out (session, &store, &client);
  g_assert_true (copy_file (db, start_db));

  /* Away: the phone receives bob's messages; the archive keeps them. */
  phone = glint_test_peer_start (alice, "alice-pw", NULL);
  peer = glint_test_peer_start (bob, "bob-pw", NULL);
  glint_test_peer_command (peer, cmd);
  json_object_unref (glint_test_peer_wait_for (phone, "message", "body", last, 600));
  glint_test_peer_stop (peer);
  glint_test_peer_stop (phone);

  /* The whole catch-up. */
  session = log_in (db, &store, &client);
  monitor = glint_loop_monitor_new ();
  cpu_before = cpu_s ();
  start_us = g_get_monotonic_time ();
  if (!glint_test_wait (caught_up, session, 600))
    g_error ("The catch-up did not finish");
  took_us = g_get_monotonic_time () - start_us;
  cpu = cpu_s () - cpu_before;
  stall_us = glint_loop_monitor_get_max_gap_us (monitor);
  g_clear_object (&monitor);
  log_out (session, &store, &client);
  count_gaps (db, n, &missing, &extra);
  g_print ("catch-up of %u archived messages after login: %.2f s to complete (Glint's CPU %.2f s), "
           "longest main-loop stall %.1f ms, %.0f rows written per second; %u missing, %u duplicated\n",
           n, took_us / 1e6, cpu, stall_us / 1e3, n / (took_us / 1e6), missing, extra);

  /* The same, cut off halfway and resumed at the next login. */
  g_assert_true (copy_file (start_db, db));
  session = log_in (db, &store, &client);
  half = (FetchedWait) { session, n / 2 };
  if (!glint_test_wait (fetched_at_least, &half, 600))
    g_error ("The catch-up did not get halfway");
  log_out (session, &store, &client);
  count_gaps (db, n, &missing, &extra);
  g_print ("cut off halfway: %u of %u stored\n", n - missing, n);
  session = log_in (db, &store, &client);
  if (!glint_test_wait (caught_up, session, 600))
    g_error ("The resumed catch-up did not finish");
  log_out (session, &store, &client);
  count_gaps (db, n, &missing, &extra);
  g_print ("resumed at the next login: %u missing, %u duplicated\n", missing, extra);

  glint_test_remove_tree (dir);
  return missing == 0 && extra == 0 ? 0 : 1;
}

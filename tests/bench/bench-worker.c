/* bench-worker.c: how often the protocol thread wakes while connected and
 * idle. Run inside tests/harness/xmpp-env.py; logs in as alice and counts
 * the worker's wake-ups over a quiet period. Usage: bench-worker [SECONDS] */
#include <stdlib.h>

#include "glint-client.h"
#include "glint-worker.h"

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
run_for (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_loop, loop);
  g_main_loop_run (loop);
}

int
main (int argc, char *argv[])
{
  guint seconds = argc > 1 ? (guint) atoi (argv[1]) : 30;
  g_autoptr(GlintStore) store = glint_store_new (":memory:", NULL);
  g_autoptr(GlintEventPipe) pipe = glint_event_pipe_new (NULL);
  g_autoptr(GlintWorker) worker = glint_worker_new (pipe);
  g_autoptr(GlintClient) client = glint_client_new (GLINT_TRANSPORT (worker), store, NULL);
  g_autofree char *jid = g_strdup_printf ("alice@%s", g_getenv ("GLINT_TEST_DOMAIN"));
  g_autoptr(GlintAccount) account = glint_account_new (jid);
  GlintSession *session;
  guint64 before, after;
  guint waited = 0;

  account->host = g_strdup (g_getenv ("GLINT_TEST_HOST"));
  account->port = atoi (g_getenv ("GLINT_TEST_PORT"));
  session = glint_client_add_account (client, account);
  glint_session_login (session, account, "alice-pw");
  while (!glint_session_get_roster_loaded (session) && waited++ < 200)
    run_for (100);
  if (!glint_session_get_roster_loaded (session))
    g_error ("Could not log in");
  /* Let the log-in's own traffic settle. */
  run_for (2000);

  before = glint_worker_get_wakeups (worker);
  run_for (seconds * 1000);
  after = glint_worker_get_wakeups (worker);
  g_print ("worker_wakeups_per_s_idle %.2f (%" G_GUINT64_FORMAT " in %u s, connected to Prosody)\n",
           (double) (after - before) / seconds, after - before, seconds);
  glint_session_logout (session);
  run_for (500);
  return 0;
}

/* Integration tests of faults while messages flow both ways: a network
 * that hangs for a minute and then drops, a server killed and started
 * again (so the stream cannot be resumed), Glint killed in the middle of
 * a flood. After each, every message is in the store once, in order;
 * every message Glint wrote reached bob (a second copy only of one the
 * server never acknowledged, with the same id); nothing shown as sent was
 * lost. Against a real Prosody, through tests/harness/fault-proxy.py. */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <sqlite3.h>
#include <string.h>

#include "glint-session.h"
#include "glint-test-session.h"

typedef struct
{
  Fixture       *f;
  const char    *peer;
  const char    *prefix;
  guint          n;
  GlintMessageState state;
} PrefixWait;

/* The bodies of the conversation with @peer, oldest first. */
static GPtrArray *
stored_bodies (GlintStore *store,
               const char *account,
               const char *peer)
{
  GPtrArray *bodies = g_ptr_array_new_with_free_func (g_free);
  gint64 before_time = G_MAXINT64, before_id = G_MAXINT64;

  for (;;)
    {
      g_autoptr(GPtrArray) page = glint_store_page_before (store, account, peer, before_time, before_id, 500, NULL);

      g_assert_nonnull (page);
      if (page->len == 0)
        break;
      for (guint i = page->len; i > 0; i--)
        g_ptr_array_insert (bodies, 0, g_strdup (((GlintMessage *) page->pdata[i - 1])->body));
      before_time = ((GlintMessage *) page->pdata[0])->time_ms;
      before_id = ((GlintMessage *) page->pdata[0])->id;
    }
  return bodies;
}

/* How many rows of @prefix are stored in state @state (-1: any). */
static guint
count_prefix (Fixture    *f,
              const char *peer,
              const char *prefix,
              int         state)
{
  g_autoptr(GPtrArray) page = NULL;
  gint64 before_time = G_MAXINT64, before_id = G_MAXINT64;
  guint n = 0;

  for (;;)
    {
      g_clear_pointer (&page, g_ptr_array_unref);
      page = glint_store_page_before (f->store, glint_session_get_account_jid (f->session), peer,
                                      before_time, before_id, 500, NULL);
      if (page == NULL || page->len == 0)
        break;
      for (guint i = 0; i < page->len; i++)
        {
          GlintMessage *msg = page->pdata[i];

          if (g_str_has_prefix (msg->body, prefix) && (state < 0 || (int) msg->state == state))
            n++;
        }
      before_time = ((GlintMessage *) page->pdata[0])->time_ms;
      before_id = ((GlintMessage *) page->pdata[0])->id;
    }
  return n;
}

static gboolean
all_in_state (gpointer data)
{
  PrefixWait *w = data;

  return count_prefix (w->f, w->peer, w->prefix, w->state) == w->n;
}

static gboolean
any_in_state (gpointer data)
{
  PrefixWait *w = data;

  return count_prefix (w->f, w->peer, w->prefix, w->state) > 0;
}

/* The stored conversation holds "@prefix 0" … "@prefix n-1", each once,
 * in that order among the rest. */
static void
assert_once_in_order (GlintStore *store,
                      const char *account,
                      const char *peer,
                      const char *prefix,
                      guint       n)
{
  g_autoptr(GPtrArray) bodies = stored_bodies (store, account, peer);
  g_autofree char *spaced = g_strconcat (prefix, " ", NULL);
  guint next = 0;

  for (guint i = 0; i < bodies->len; i++)
    {
      g_autofree char *want = g_strdup_printf ("%s %u", prefix, next);

      if (!g_str_has_prefix (bodies->pdata[i], spaced))
        continue;
      g_assert_cmpstr (bodies->pdata[i], ==, want);
      next++;
    }
  g_assert_cmpuint (next, ==, n);
}

/* Reads bob's messages until "@prefix 0" … "@prefix n-1" have all come,
 * counting each (by body) in @seen. */
static void
receive_all (GlintTestPeer *peer,
             const char    *prefix,
             guint          n,
             GHashTable    *seen,
             guint          timeout_s)
{
  gint64 end = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;
  guint distinct = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("%s %u", prefix, i);
      distinct += g_hash_table_contains (seen, body);
    }
  while (distinct < n)
    {
      gint64 left = (end - g_get_monotonic_time ()) / G_USEC_PER_SEC;
      g_autoptr(JsonObject) msg = left > 0 ? glint_test_peer_wait_for (peer, "message", NULL, NULL, left) : NULL;
      const char *body;
      guint count;

      g_assert_nonnull (msg);
      body = json_object_get_string_member_with_default (msg, "body", "");
      if (!g_str_has_prefix (body, prefix))
        continue;
      count = GPOINTER_TO_UINT (g_hash_table_lookup (seen, body));
      if (count == 0)
        distinct++;
      g_hash_table_insert (seen, g_strdup (body), GUINT_TO_POINTER (count + 1));
    }
}

/* Whatever bob has been sent by now is read: a ping through the server
 * answers after it. */
static void
receive_rest (GlintTestPeer *peer,
              const char    *prefix,
              GHashTable    *seen)
{
  glint_test_peer_command (peer, "{\"cmd\":\"ping\"}");
  for (;;)
    {
      g_autoptr(JsonObject) event = glint_test_peer_wait_for (peer, NULL, NULL, NULL, 20);
      const char *name;
      const char *body;

      g_assert_nonnull (event);
      name = json_object_get_string_member (event, "event");
      if (g_strcmp0 (name, "ok") == 0
          && g_strcmp0 (json_object_get_string_member_with_default (event, "cmd", ""), "ping") == 0)
        return;
      if (g_strcmp0 (name, "message") != 0)
        continue;
      body = json_object_get_string_member_with_default (event, "body", "");
      if (g_str_has_prefix (body, prefix))
        g_hash_table_insert (seen, g_strdup (body),
                             GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (seen, body)) + 1));
    }
}

/* Each of "@prefix 0" … "@prefix n-1" reached bob once; only those in
 * @may_repeat (sent but never acknowledged when the fault came) may have
 * come twice, never more. */
static void
assert_received (GHashTable *seen,
                 const char *prefix,
                 guint       n,
                 gboolean    may_repeat)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("%s %u", prefix, i);
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (seen, body));

      g_assert_cmpuint (count, >=, 1);
      g_assert_cmpuint (count, <=, may_repeat ? 2 : 1);
    }
}

static GlintTestPeer *
start_proxy (guint *port)
{
  GlintTestPeer *proxy = glint_test_peer_start_on ("GLINT_TEST_FAULT_PROXY", glint_test_env ("GLINT_TEST_HOST"),
                                                   glint_test_env ("GLINT_TEST_PORT"), NULL);

  *port = json_object_get_int_member (glint_test_peer_get_ready (proxy), "port");
  return proxy;
}

static void
proxy_do (GlintTestPeer *proxy,
          const char    *cmd)
{
  g_autofree char *line = g_strdup_printf ("{\"cmd\":\"%s\"}", cmd);
  g_autoptr(JsonObject) ok = NULL;

  glint_test_peer_command (proxy, line);
  ok = glint_test_peer_expect (proxy, "ok", "cmd", cmd);
}

/* alice logs in through the proxy. */
static void
login_through (Fixture *f,
               guint    port)
{
  g_autoptr(GlintAccount) account = glint_test_account ("alice", "GLINT_TEST_DOMAIN");

  account->port = port;
  session_login (f, account, "alice-pw");
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_CONNECTED, 20));
  g_assert_true (glint_test_wait (archive_caught_up, f->session, 30));
}

static void
glint_sends (Fixture    *f,
             const char *to,
             const char *prefix,
             guint       n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("%s %u", prefix, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GlintMessage) msg = glint_session_send_message (f->session, to, body, &error);

      g_assert_no_error (error);
    }
}

static void
bob_sends (GlintTestPeer *bob,
           const char    *to,
           const char    *prefix,
           guint          n)
{
  g_autofree char *cmd = g_strdup_printf ("{\"cmd\":\"burst\",\"to\":\"%s\",\"count\":%u,\"prefix\":\"%s\"}",
                                          to, n, prefix);

  glint_test_peer_command (bob, cmd);
}

/* Messages both ways while all is well: @n from Glint to bob, sent and
 * received; @n from bob, stored. */
static void
exchange (Fixture       *f,
          GlintTestPeer *peer,
          const char    *out_prefix,
          const char    *in_prefix,
          guint          n,
          GHashTable    *seen)
{
  g_autofree char *alice = jid_of ("alice");
  g_autofree char *bob = jid_of ("bob");
  PrefixWait out_sent = { f, bob, out_prefix, n, GLINT_MESSAGE_SENT };
  PrefixWait in_stored = { f, bob, in_prefix, n, GLINT_MESSAGE_INCOMING };

  glint_sends (f, bob, out_prefix, n);
  bob_sends (peer, alice, in_prefix, n);
  g_assert_true (glint_test_wait (all_in_state, &out_sent, 20));
  g_assert_true (glint_test_wait (all_in_state, &in_stored, 20));
  receive_all (peer, out_prefix, n, seen, 20);
}

static gboolean
not_connected (gpointer data)
{
  return glint_session_get_state (data) != GLINT_CONNECTION_CONNECTED;
}

static gboolean
connected (gpointer data)
{
  return glint_session_get_state (data) == GLINT_CONNECTION_CONNECTED
         && glint_session_get_archive_caught_up (data);
}

/* The network hangs for a minute, then drops every connection with RST.
 * What Glint wrote meanwhile never shows as sent while it hangs, and
 * reaches bob once the network is back; what bob wrote reaches Glint. */
static void
test_freeze_then_cut (Fixture *f, gconstpointer data)
{
  g_autofree char *alice = jid_of ("alice");
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *tag = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  g_autofree char *out_before = g_strdup_printf ("glint before %s", tag);
  g_autofree char *out_during = g_strdup_printf ("glint while frozen %s", tag);
  g_autofree char *in_before = g_strdup_printf ("bob before %s", tag);
  g_autofree char *in_during = g_strdup_printf ("bob while frozen %s", tag);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  guint port = 0;
  GlintTestPeer *proxy = start_proxy (&port);
  PrefixWait out_sent = { f, bob, out_during, 10, GLINT_MESSAGE_SENT };
  PrefixWait in_stored = { f, bob, in_during, 10, GLINT_MESSAGE_INCOMING };
  gint64 frozen_at;

  login_through (f, port);
  exchange (f, peer, out_before, in_before, 20, seen);

  proxy_do (proxy, "freeze");
  glint_sends (f, bob, out_during, 10);
  bob_sends (peer, alice, in_during, 10);
  /* A minute of a hanging network: Glint notices (its requests go
   * unanswered) and says it is no longer connected; nothing written
   * meanwhile counts as sent (the control: the messages before did, and
   * these do after). */
  frozen_at = g_get_monotonic_time ();
  g_assert_true (glint_test_wait (not_connected, f->session, 50));
  g_assert_false (glint_test_wait (any_in_state, &out_sent,
                                   60 - (g_get_monotonic_time () - frozen_at) / G_USEC_PER_SEC));
  g_assert_cmpuint (count_prefix (f, bob, out_during, GLINT_MESSAGE_PENDING), ==, 10);

  proxy_do (proxy, "cut");
  proxy_do (proxy, "thaw");
  g_assert_true (glint_test_wait (connected, f->session, 120));
  g_assert_true (glint_test_wait (all_in_state, &out_sent, 60));
  g_assert_true (glint_test_wait (all_in_state, &in_stored, 60));

  receive_all (peer, out_during, 10, seen, 30);
  receive_rest (peer, "glint ", seen);
  assert_received (seen, out_before, 20, FALSE);
  assert_received (seen, out_during, 10, TRUE);
  assert_once_in_order (f->store, alice, bob, in_before, 20);
  assert_once_in_order (f->store, alice, bob, in_during, 10);
  assert_once_in_order (f->store, alice, bob, out_before, 20);
  assert_once_in_order (f->store, alice, bob, out_during, 10);

  glint_test_peer_stop (proxy);
  glint_test_peer_stop (peer);
}

/* The server is killed and started again: the stream cannot be resumed.
 * What the server had not acknowledged is sent again, once, with its
 * first id; what was stored stays, once; messages flow again after. */
static void
test_server_killed (Fixture *f, gconstpointer data)
{
  g_autofree char *alice = jid_of ("alice");
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *tag = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  g_autofree char *out_before = g_strdup_printf ("glint before the crash %s", tag);
  g_autofree char *out_unacked = g_strdup_printf ("glint unacknowledged %s", tag);
  g_autofree char *in_before = g_strdup_printf ("bob before the crash %s", tag);
  g_autofree char *in_after = g_strdup_printf ("bob after the crash %s", tag);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  guint port = 0;
  GlintTestPeer *proxy = start_proxy (&port);
  PrefixWait out_sent = { f, bob, out_unacked, 5, GLINT_MESSAGE_SENT };
  PrefixWait in_stored = { f, bob, in_after, 10, GLINT_MESSAGE_INCOMING };

  login_through (f, port);
  exchange (f, peer, out_before, in_before, 10, seen);

  /* Written into a hanging network, then the server dies. */
  proxy_do (proxy, "freeze");
  glint_sends (f, bob, out_unacked, 5);
  glint_test_run_ctl ("kill-server");
  glint_test_peer_stop (peer);
  proxy_do (proxy, "cut");
  glint_test_run_ctl ("start-server");
  peer = glint_test_peer_start (bob, "bob-pw", NULL);
  proxy_do (proxy, "thaw");
  glint_session_network_changed (f->session, TRUE);

  g_assert_true (glint_test_wait (connected, f->session, 120));
  g_assert_true (glint_test_wait (all_in_state, &out_sent, 60));
  receive_all (peer, out_unacked, 5, seen, 30);
  bob_sends (peer, alice, in_after, 10);
  g_assert_true (glint_test_wait (all_in_state, &in_stored, 30));
  receive_rest (peer, "glint ", seen);

  /* The server never had them: exactly once each, none lost. */
  assert_received (seen, out_unacked, 5, FALSE);
  assert_once_in_order (f->store, alice, bob, in_before, 10);
  assert_once_in_order (f->store, alice, bob, in_after, 10);
  assert_once_in_order (f->store, alice, bob, out_before, 10);
  assert_once_in_order (f->store, alice, bob, out_unacked, 5);

  glint_test_peer_stop (proxy);
  glint_test_peer_stop (peer);
}

typedef struct
{
  GlintSession *session;
  char         *to;
  const char   *prefix;
  guint         sent;
} ChildWriter;

static gboolean
write_one (gpointer data)
{
  ChildWriter *w = data;
  g_autofree char *body = g_strdup_printf ("%s %u", w->prefix, w->sent++);
  g_autoptr(GlintMessage) msg = glint_session_send_message (w->session, w->to, body, NULL);

  return w->sent < 200 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

/* The Glint killed mid-flood: a client of its own, in a child process,
 * that writes to bob every 20 ms while the flood comes in, until killed. */
static int
run_child (const char *db)
{
  g_autoptr(GlintStore) store = glint_store_new (db, NULL);
  g_autoptr(GlintClient) client = glint_test_client_new (store, NULL);
  g_autoptr(GlintAccount) account = glint_test_account ("alice", "GLINT_TEST_DOMAIN");
  GlintSession *session = glint_client_add_account (client, account);
  ChildWriter writer = { session, jid_of ("bob"), g_getenv ("GLINT_TEST_CHILD_PREFIX"), 0 };

  glint_session_login (session, account, "alice-pw");
  if (!glint_test_wait (connected, session, 30))
    return 1;
  fputs ("ready\n", stdout);
  fflush (stdout);
  g_timeout_add (20, write_one, &writer);
  for (;;)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

typedef struct
{
  const char *db;
  const char *like;
  gint64      at_least;
} RowsWait;

/* Read beside the writer, as a second process would. */
static gboolean
rows_at_least (gpointer data)
{
  RowsWait *w = data;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n = 0;

  if (sqlite3_open_v2 (w->db, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
      && sqlite3_prepare_v2 (db, "SELECT count(*) FROM message WHERE body LIKE ?1", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, w->like, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n >= w->at_least;
}

/* Glint is killed (SIGKILL) while bob floods it with 5,000 messages and
 * it writes to bob; started again, it has every message once, in order,
 * and what it wrote reached bob. */
static void
test_killed_mid_flood (Fixture *f, gconstpointer data)
{
  const guint n = 5000;
  g_autofree char *alice = jid_of ("alice");
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *tag = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / 1000);
  g_autofree char *flood = g_strdup_printf ("flood %s", tag);
  g_autofree char *out = g_strdup_printf ("glint in the flood %s", tag);
  g_autofree char *like = g_strdup_printf ("flood %s %%", tag);
  g_autofree char *db = g_build_filename (f->dir, "history.db", NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) child_out = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GError) error = NULL;
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  RowsWait rows = { db, like, n / 5 };
  PrefixWait flood_stored = { f, bob, flood, n, GLINT_MESSAGE_INCOMING };
  PrefixWait out_stored = { f, bob, out, 0, -1 };
  PrefixWait out_sent = { f, bob, out, 0, GLINT_MESSAGE_SENT };
  const char *self_path = g_getenv ("GLINT_TEST_SELF");

  /* The fixture's store is the child's: closed here until it is killed. */
  g_clear_object (&f->client);
  g_clear_object (&f->store);
  g_subprocess_launcher_setenv (launcher, "GLINT_TEST_CHILD_DB", db, TRUE);
  g_subprocess_launcher_setenv (launcher, "GLINT_TEST_CHILD_PREFIX", out, TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error, self_path, NULL);
  g_assert_no_error (error);
  child_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));
  line = g_data_input_stream_read_line (child_out, NULL, NULL, &error);
  g_assert_cmpstr (line, ==, "ready");

  bob_sends (peer, alice, flood, n);
  g_assert_true (glint_test_wait (rows_at_least, &rows, 60));
  g_subprocess_send_signal (child, SIGKILL);
  g_assert_true (g_subprocess_wait (child, NULL, NULL));

  /* Started again on the same files. */
  f->store = glint_store_new (db, &error);
  g_assert_no_error (error);
  f->client = glint_test_client_new (f->store, NULL);
  f->session = NULL;
  login (f, "alice");
  g_assert_true (glint_test_wait (all_in_state, &flood_stored, 120));
  assert_once_in_order (f->store, alice, bob, flood, n);

  /* What it wrote: all sent now, and bob has each (twice at most, the
   * second with the same id, for one written just before the kill). */
  out_stored.n = count_prefix (f, bob, out, -1);
  g_assert_cmpuint (out_stored.n, >, 0);
  out_sent.n = out_stored.n;
  g_assert_true (glint_test_wait (all_in_state, &out_sent, 60));
  receive_all (peer, out, out_stored.n, seen, 60);
  receive_rest (peer, "glint ", seen);
  assert_received (seen, out, out_stored.n, TRUE);
  assert_once_in_order (f->store, alice, bob, out, out_stored.n);
  glint_test_peer_stop (peer);
}

int
main (int argc, char *argv[])
{
  if (g_getenv ("GLINT_TEST_CHILD_DB"))
    return run_child (g_getenv ("GLINT_TEST_CHILD_DB"));
  g_setenv ("GLINT_TEST_SELF", argv[0], TRUE);
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/faults/freeze-then-cut", test_freeze_then_cut);
  ADD ("/faults/server-killed", test_server_killed);
  ADD ("/faults/killed-mid-flood", test_killed_mid_flood);
#undef ADD
  return g_test_run ();
}

/* Integration tests: the core session against a real Prosody, with a
 * slixmpp peer as the other person. Run through tests/harness/xmpp-env.py. */
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "glint-jid.h"
#include "glint-client.h"
#include "glint-session.h"
#include "glint-test-full-disk.h"
#include "glint-test-peer.h"

#include "glint-test-session.h"
#include "test-session-account.h"

static void
test_login (Fixture *f, gconstpointer data)
{
  login (f, "alice");
  g_assert_true (glint_test_wait (roster_loaded, f->session, 10));
  g_assert_cmpint (glint_session_get_error (f->session), ==, GLINT_ERROR_NONE);
  /* Prosody offers XEP-0198, so the stream runs with it. */
  g_assert_true (glint_test_wait (stream_managed, f->session, 10));
}

static void
test_login_direct_tls (Fixture *f, gconstpointer data)
{
  g_autoptr(GlintAccount) account = glint_test_account ("alice", "GLINT_TEST_DOMAIN");

  account->port = atoi (glint_test_env ("GLINT_TEST_TLS_PORT"));
  account->tls_mode = GLINT_TLS_DIRECT;
  session_login (f, account, "alice-pw");
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_CONNECTED, 20));
}

static void
test_wrong_password (Fixture *f, gconstpointer data)
{
  g_autoptr(GlintAccount) account = glint_test_account ("alice", "GLINT_TEST_DOMAIN");
  expect_failure (f, account, "not-the-password", GLINT_ERROR_AUTH);
}

static void
test_dns_failure (Fixture *f, gconstpointer data)
{
  g_autoptr(GlintAccount) account = glint_test_account ("alice", "GLINT_TEST_DOMAIN");

  g_free (account->host);
  account->host = g_strdup ("no-such-host.invalid");
  expect_failure (f, account, "alice-pw", GLINT_ERROR_DNS);
}

/* Direct TLS against a port that speaks plain XMPP first: the handshake
 * fails, and that is said as such, not as a wrong password. */
static void
test_tls_failure (Fixture *f, gconstpointer data)
{
  g_autoptr(GlintAccount) account = glint_test_account ("alice", "GLINT_TEST_DOMAIN");

  account->tls_mode = GLINT_TLS_DIRECT;
  expect_failure (f, account, "alice-pw", GLINT_ERROR_TLS);
}

static gboolean
is_waiting (gpointer data)
{
  return glint_session_get_state (data) == GLINT_CONNECTION_WAITING;
}

static void
test_unreachable (Fixture *f, gconstpointer data)
{
  g_autoptr(GlintAccount) account = glint_test_account ("alice", "GLINT_TEST_DOMAIN");
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  guint16 port;

  /* A port that was free a moment ago and is closed now refuses connections. */
  port = g_socket_listener_add_any_inet_port (listener, NULL, NULL);
  g_socket_listener_close (listener);
  account->port = port;
  session_login (f, account, "alice-pw");
  g_assert_true (glint_test_wait (is_waiting, f->session, 20));
  g_assert_cmpint (glint_session_get_error (f->session), ==, GLINT_ERROR_UNREACHABLE);
}

static void
test_send_and_receive (Fixture *f, gconstpointer data)
{
  g_autofree char *alice = jid_of ("alice");
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *cmd = NULL;
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  const char *text = "<b>bold</b> & <i>x</i>\nsecond line ✓";
  g_autoptr(GlintMessage) sent = NULL;
  g_autoptr(JsonObject) got = NULL;
  g_autoptr(GError) error = NULL;
  PendingWait pw;
  BodyWait bw = { f, "Hello from slixmpp <script>alert(1)</script>" };
  g_autoptr(JsonObject) ack = NULL;

  login (f, "alice");
  sent = glint_session_send_message (f->session, bob, text, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sent->id, >, 0);

  /* The peer gets exactly what was typed, with our origin-id. */
  got = glint_test_peer_expect (peer, "message", "body", text);
  g_assert_cmpstr (json_object_get_string_member (got, "origin_id"), ==, sent->origin_id);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (got, "from"), alice));

  pw = (PendingWait) { f->store, alice, bob };
  g_assert_true (glint_test_wait (outbox_empty, &pw, 10));
  g_assert_cmpint (count_in_store (f, bob, text), ==, 1);

  /* What the peer sends lands in the store exactly once. */
  cmd = g_strdup_printf ("{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"%s\"}", alice, bw.body);
  glint_test_peer_command (peer, cmd);
  ack = glint_test_peer_expect (peer, "ok", "cmd", "send");
  g_assert_true (glint_test_wait (has_incoming, &bw, 10));
  g_assert_cmpint (count_in_store (f, bob, bw.body), ==, 1);

  glint_test_peer_stop (peer);
}

static gboolean
has_chat_state (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];
  const char *want = ((gpointer *) data)[1];

  for (guint i = 0; i < f->chat_states->len; i++)
    if (g_strcmp0 (f->chat_states->pdata[i], want) == 0)
      return TRUE;
  return FALSE;
}

static void
test_chat_states (Fixture *f, gconstpointer data)
{
  g_autofree char *alice = jid_of ("alice");
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *cmd = NULL;
  g_autofree char *want = NULL;
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  gpointer wait[2];
  g_autoptr(JsonObject) state = NULL;

  login (f, "alice");
  glint_session_send_chat_state (f->session, bob, "composing");
  state = glint_test_peer_expect (peer, "chat_state", "state", "composing");

  /* A chat state goes only to a resource the server knows is available:
   * wait until Glint has sent its presence, and until the server has
   * routed one to it (asking again until then). */
  g_assert_true (glint_test_wait (roster_loaded, f->session, 10));
  g_assert_true (glint_test_wait (own_presence_sent, f->session, 10));
  cmd = g_strdup_printf ("{\"cmd\":\"chat_state\",\"to\":\"%s\",\"state\":\"composing\"}", alice);
  want = g_strdup_printf ("%s composing", bob);
  wait[0] = f;
  wait[1] = want;
  for (guint i = 0; i < 10 && !has_chat_state (wait); i++)
    {
      glint_test_peer_command (peer, cmd);
      glint_test_wait (has_chat_state, wait, 2);
    }
  g_assert_true (has_chat_state (wait));
  glint_test_peer_stop (peer);
}

typedef struct
{
  GlintSession *session;
  const char   *jid;
  const char   *name;
  const char   *group;
  gboolean      gone;
} ContactWait;

static gboolean
contact_matches (gpointer data)
{
  ContactWait *w = data;
  GlintContact *contact = glint_session_lookup_contact (w->session, w->jid);

  if (w->gone)
    return contact == NULL;
  return contact != NULL
         && (w->name == NULL || g_strcmp0 (glint_contact_get_name (contact), w->name) == 0)
         && (w->group == NULL || g_strcmp0 (glint_contact_get_group (contact), w->group) == 0);
}

static void
test_roster_edit (Fixture *f, gconstpointer data)
{
  g_autofree char *carol = jid_of ("carol");
  ContactWait w = { NULL, carol, "Carol C", "Work", FALSE };

  login (f, "alice");
  w.session = f->session;
  g_assert_true (glint_test_wait (roster_loaded, f->session, 10));
  glint_session_add_contact (f->session, carol, "Carol C", "Work");
  g_assert_true (glint_test_wait (contact_matches, &w, 10));

  w.name = "Carol the Engineer";
  glint_session_update_contact (f->session, carol, w.name, "Work");
  g_assert_true (glint_test_wait (contact_matches, &w, 10));

  w.group = "Friends";
  glint_session_update_contact (f->session, carol, w.name, "Friends");
  g_assert_true (glint_test_wait (contact_matches, &w, 10));

  glint_session_remove_contact (f->session, carol);
  w.gone = TRUE;
  g_assert_true (glint_test_wait (contact_matches, &w, 10));
}

/* Entity capabilities (XEP-0115) in Glint's presence match its disco#info
 * answer; its software version (XEP-0092) is answered only when the
 * account allows it (refused first, the control after). */
static void
check_caps_and_version (Fixture      *f,
                        GlintTestPeer *peer,
                        JsonObject   *presence,
                        gboolean      shared)
{
  const char *from = json_object_get_string_member (presence, "from");
  const char *ver = json_object_get_string_member (presence, "caps_ver");
  g_autofree char *node = g_strdup_printf ("%s#%s", json_object_get_string_member (presence, "caps_node"), ver);
  g_autoptr(JsonObject) disco = NULL;
  g_autoptr(JsonObject) version = NULL;
  g_autoptr(JsonObject) last = NULL;
  g_autofree char *recomputed = NULL;

  g_assert_cmpstr (json_object_get_string_member (presence, "caps_hash"), ==, "sha-1");
  g_assert_nonnull (ver);
  disco = glint_test_peer_query (peer, from, "http://jabber.org/protocol/disco#info", node);
  g_assert_cmpstr (json_object_get_string_member (disco, "type"), ==, "result");
  recomputed = glint_test_caps_ver_of (json_object_get_string_member (disco, "xml"), node);
  g_assert_cmpstr (recomputed, ==, ver);
  g_assert_true (shared == (strstr (json_object_get_string_member (disco, "xml"), "jabber:iq:version") != NULL));

  g_assert_true (shared == (strstr (json_object_get_string_member (disco, "xml"), "jabber:iq:last") != NULL));

  version = glint_test_peer_query (peer, from, "jabber:iq:version", NULL);
  last = glint_test_peer_query (peer, from, "jabber:iq:last", NULL);
  if (shared)
    {
      g_assert_cmpstr (json_object_get_string_member (version, "type"), ==, "result");
      g_assert_nonnull (strstr (json_object_get_string_member (version, "xml"), "<name>Glint</name>"));
      g_assert_nonnull (strstr (json_object_get_string_member (version, "xml"), PACKAGE_VERSION));
      /* Idle since the last thing the user sent: seconds, a number. */
      g_assert_cmpstr (json_object_get_string_member (last, "type"), ==, "result");
      g_assert_nonnull (strstr (json_object_get_string_member (last, "xml"), "seconds="));
    }
  else
    {
      g_assert_cmpstr (json_object_get_string_member (version, "type"), ==, "error");
      g_assert_cmpstr (json_object_get_string_member (version, "condition"), ==, "service-unavailable");
      g_assert_cmpstr (json_object_get_string_member (last, "type"), ==, "error");
      g_assert_cmpstr (json_object_get_string_member (last, "condition"), ==, "service-unavailable");
    }
}

/* Alice asks Bob; Bob (auto-accepting) asks back; Alice accepts: both
 * then see each other's presence. */
static void
test_subscription_and_presence (Fixture *f, gconstpointer data)
{
  g_autofree char *alice = jid_of ("alice");
  g_autofree char *bob = jid_of ("bob");
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", "--accept-subscriptions");
  gpointer req[2] = { f, bob };
  PresenceWait pw = { NULL, bob, GLINT_PRESENCE_AWAY, "in a meeting <b>x</b>" };
  g_autoptr(JsonObject) seen = NULL;

  login (f, "alice");
  pw.session = f->session;
  glint_session_add_contact (f->session, bob, "Bob", "Friends");
  g_assert_true (glint_test_wait (has_request, req, 15));
  glint_session_answer_subscription (f->session, bob, TRUE);

  glint_test_peer_command (peer, "{\"cmd\":\"presence\",\"show\":\"away\",\"status\":\"in a meeting <b>x</b>\"}");
  g_assert_true (glint_test_wait (presence_matches, &pw, 15));

  g_assert_true (glint_session_set_presence (f->session, "dnd", "busy writing", NULL));
  seen = glint_test_peer_expect (peer, "presence", "show", "dnd");
  g_assert_cmpstr (json_object_get_string_member (seen, "status"), ==, "busy writing");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (seen, "from"), alice));
  check_caps_and_version (f, peer, seen, FALSE);

  /* The control: an account that shares its version answers it. */
  {
    g_autoptr(GlintAccount) sharing = glint_test_account ("alice", "GLINT_TEST_DOMAIN");
    g_autoptr(JsonObject) again = NULL;

    glint_session_logout (f->session);
    g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_DISCONNECTED, 10));
    sharing->share_version = TRUE;
    sharing->share_idle = TRUE;
    session_login (f, sharing, "alice-pw");
    g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_CONNECTED, 20));
    /* The new session's presence (a new resource), not one queued before. */
    again = glint_test_peer_expect (peer, "presence", "type", "available");
    while (!g_str_has_prefix (json_object_get_string_member (again, "from"), alice)
           || g_strcmp0 (json_object_get_string_member (again, "from"),
                         json_object_get_string_member (seen, "from")) == 0)
      {
        json_object_unref (again);
        again = glint_test_peer_expect (peer, "presence", "type", "available");
      }
    check_caps_and_version (f, peer, again, TRUE);

    /* Turned off while online: a new presence with the new capabilities,
     * and the queries are refused from then on. */
    {
      g_autoptr(JsonObject) off = NULL;
      const char *shared_ver = json_object_get_string_member (again, "caps_ver");

      glint_session_set_sharing (f->session, FALSE, FALSE);
      off = glint_test_peer_expect (peer, "presence", "type", "available");
      while (g_strcmp0 (json_object_get_string_member (off, "caps_ver"), shared_ver) == 0)
        {
          json_object_unref (off);
          off = glint_test_peer_expect (peer, "presence", "type", "available");
        }
      g_assert_cmpstr (json_object_get_string_member (off, "from"), ==,
                       json_object_get_string_member (again, "from"));
      check_caps_and_version (f, peer, off, FALSE);
    }
  }

  glint_test_peer_command (peer, "{\"cmd\":\"presence\",\"type\":\"unavailable\"}");
  pw.presence = GLINT_PRESENCE_OFFLINE;
  pw.status = NULL;
  g_assert_true (glint_test_wait (presence_matches, &pw, 15));
  glint_test_peer_stop (peer);
}

/* Logging in invisible where the server cannot hide anyone (neither test
 * server offers XEP-0186): the user is told, the session ends, and bob,
 * who sees alice's presence, never sees her available. The control: a
 * login that is not invisible, from another resource, is the first
 * presence bob sees. */
static void
test_login_invisible_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *alice = jid_of ("alice");
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *control_from = NULL;
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", "--accept-subscriptions");
  gpointer req[2] = { f, bob };
  g_autoptr(GlintAccount) hidden = glint_test_account ("alice", "GLINT_TEST_DOMAIN");
  g_autoptr(GlintAccount) shown = glint_test_account ("alice", "GLINT_TEST_DOMAIN");
  g_autoptr(JsonObject) first = NULL;

  /* bob and alice see each other's presence. */
  login (f, "alice");
  glint_session_add_contact (f->session, bob, "Bob", NULL);
  if (glint_test_wait (has_request, req, 5))
    glint_session_answer_subscription (f->session, bob, TRUE);
  g_assert_true (glint_test_wait (own_presence_sent, f->session, 10));
  g_autoptr(JsonObject) seen = glint_test_peer_expect (peer, "presence", "type", "available");
  glint_session_logout (f->session);
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_DISCONNECTED, 10));
  g_clear_pointer (&seen, json_object_unref);
  seen = glint_test_peer_expect (peer, "presence", "type", "unavailable");
  /* What bob saw of that session came before its end. */
  glint_test_peer_forget_reported (peer);

  hidden->login_invisible = TRUE;
  expect_failure (f, hidden, "alice-pw", GLINT_ERROR_CANNOT_HIDE);
  g_assert_nonnull (strstr (glint_connection_error_describe (GLINT_ERROR_CANNOT_HIDE), "cannot make you invisible"));

  g_free (shown->resource);
  shown->resource = g_strdup ("control");
  control_from = g_strdup_printf ("%s/control", alice);
  session_login (f, shown, "alice-pw");
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_CONNECTED, 20));
  first = glint_test_peer_expect (peer, "presence", "type", "available");
  g_assert_cmpstr (json_object_get_string_member (first, "from"), ==, control_from);
  glint_test_peer_stop (peer);
}

static void
test_subscription_deny (Fixture *f, gconstpointer data)
{
  g_autofree char *alice = jid_of ("alice");
  g_autofree char *carol = jid_of ("carol");
  g_autofree char *cmd = g_strdup_printf ("{\"cmd\":\"subscribe\",\"to\":\"%s\"}", alice);
  GlintTestPeer *peer = glint_test_peer_start (carol, "carol-pw", NULL);
  gpointer req[2] = { f, carol };
  g_autoptr(JsonObject) answer = NULL;

  login (f, "alice");
  glint_test_peer_command (peer, cmd);
  g_assert_true (glint_test_wait (has_request, req, 15));
  glint_session_answer_subscription (f->session, carol, FALSE);
  answer = glint_test_peer_expect (peer, "unsubscribed", NULL, NULL);
  glint_test_peer_stop (peer);
}

static void
test_certificate_pinning (Fixture *f, gconstpointer data)
{
  g_autoptr(GlintAccount) account = glint_test_account ("dave", "GLINT_TEST_UNTRUSTED_DOMAIN");
  g_autofree char *config = g_build_filename (f->dir, "accounts.ini", NULL);
  g_autoptr(GPtrArray) saved = NULL;
  g_autofree char *fingerprint = NULL;

  expect_failure (f, account, "dave-pw", GLINT_ERROR_CERTIFICATE);
  g_assert_nonnull (f->cert);
  g_assert_cmpuint (strlen (f->cert->fingerprint_sha256), ==, 64);
  g_assert_nonnull (strstr (f->cert->subject, "untrusted.test"));
  g_assert_nonnull (f->cert->issuer);
  g_assert_nonnull (f->cert->not_after);

  fingerprint = g_strdup (f->cert->fingerprint_sha256);
  glint_session_trust_certificate (f->session, fingerprint);
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_CONNECTED, 20));

  /* The pin was saved for this account. */
  saved = glint_account_load_all (config, NULL);
  g_assert_cmpuint (saved->len, ==, 1);
  g_assert_true (glint_account_has_pin (saved->pdata[0], fingerprint));
}

static void
test_reconnect_after_restart (Fixture *f, gconstpointer data)
{
  login (f, "alice");
  glint_test_run_ctl ("stop-server");
  g_assert_true (glint_test_wait (is_waiting, f->session, 30));
  glint_test_run_ctl ("start-server");
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_CONNECTED, 90));
}

static void
count_waiting (GlintSession *session, GParamSpec *pspec, guint *n)
{
  if (glint_session_get_state (session) == GLINT_CONNECTION_WAITING)
    (*n)++;
}

static gboolean
waited_three_times (gpointer data)
{
  return *(guint *) data >= 3;
}

typedef struct
{
  guint *count;
  guint  want;
} WaitCount;

static gboolean
waited_n_times (gpointer data)
{
  WaitCount *w = data;
  return *w->count >= w->want;
}

/* After three failed attempts the next is 2 to 4 seconds away; the
 * network coming back must not wait for it. */
static void
test_reconnect_when_network_returns (Fixture *f, gconstpointer data)
{
  guint waits = 0;
  guint after_news;
  gint64 due;

  login (f, "alice");
  g_signal_connect (f->session, "notify::state", G_CALLBACK (count_waiting), &waits);
  glint_test_run_ctl ("stop-server");
  g_assert_true (glint_test_wait (waited_three_times, &waits, 30));
  /* The next attempt is scheduled, seconds away. */
  due = glint_session_get_retry_at (f->session);
  g_assert_cmpint (due, >, g_get_monotonic_time ());

  /* The news of the network is tried at once (the server is still down,
   * so it fails in a moment), before the timer's turn, and the backoff
   * starts again from its first step. */
  after_news = waits + 1;
  glint_session_network_changed (f->session, TRUE);
  g_assert_true (glint_test_wait (waited_n_times, &(WaitCount) { &waits, after_news }, 30));
  g_assert_cmpint (g_get_monotonic_time (), <, due);
  g_assert_cmpint (glint_session_get_retry_at (f->session), <, due);

  glint_test_run_ctl ("start-server");
  glint_session_network_changed (f->session, TRUE);
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_CONNECTED, 20));
  g_signal_handlers_disconnect_by_func (f->session, count_waiting, &waits);
}

/* A roster of 10,000 contacts (three stanza nodes each) is more than any
 * other stanza may hold, and is read in full while the server owes it; the
 * stream stays up. */
static void
test_big_roster (Fixture *f, gconstpointer data)
{
  GListModel *roster;
  g_autofree char *last = jid_of ("contact9999");
  gboolean found = FALSE;

  login (f, "erin");
  g_assert_true (glint_test_wait (roster_loaded, f->session, 60));
  roster = glint_session_get_roster (f->session);
  g_assert_cmpuint (g_list_model_get_n_items (roster), ==, 10000);
  for (guint i = 0; i < g_list_model_get_n_items (roster) && !found; i++)
    {
      g_autoptr(GlintContact) contact = g_list_model_get_item (roster, i);
      found = g_strcmp0 (glint_contact_get_jid (contact), last) == 0;
    }
  g_assert_true (found);
  g_assert_cmpint (glint_session_get_state (f->session), ==, GLINT_CONNECTION_CONNECTED);
  g_assert_cmpint (glint_session_get_error (f->session), ==, GLINT_ERROR_NONE);
}

static void
on_store_error (GlintSession *session, const char *message, guint *errors)
{
  (*errors)++;
}

static gboolean
counter_positive (gpointer data)
{
  return *(guint *) data > 0;
}

static gboolean
added_at_least (gpointer data)
{
  gpointer *w = data;
  Fixture *f = w[0];
  return f->added->len >= GPOINTER_TO_UINT (w[1]);
}

/* A peer sends 10,000 messages in one go: every one is stored exactly
 * once, in the order sent, and shown once. */
static void
test_ten_thousand_messages (Fixture *f, gconstpointer data)
{
  const guint n = 10000;
  g_autofree char *alice = jid_of ("alice");
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *cmd = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  gpointer w[2] = { f, GUINT_TO_POINTER (n) };
  gint64 before_time = G_MAXINT64, before_id = G_MAXINT64;
  guint expected = n, live = 0;
  gint64 had;

  login (f, "alice");
  /* The archive's newest page came with the login. */
  had = glint_store_count_messages (f->store, alice, bob);
  g_ptr_array_set_size (f->added, 0);
  cmd = g_strdup_printf ("{\"cmd\":\"burst\",\"to\":\"%s\",\"count\":%u,\"prefix\":\"burst\"}", alice, n);
  glint_test_peer_command (peer, cmd);
  g_assert_true (glint_test_wait (added_at_least, w, 120));

  /* Read back newest first, a page at a time: n rows, n-1 down to 0. */
  while (expected > 0)
    {
      g_autoptr(GPtrArray) page = glint_store_page_before (f->store, alice, bob, before_time, before_id, 500, NULL);

      g_assert_nonnull (page);
      if (page->len == 0)
        break;
      for (guint i = page->len; i > 0 && expected > 0; i--)
        {
          GlintMessage *msg = page->pdata[i - 1];
          g_autofree char *want = g_strdup_printf ("burst %u", --expected);

          g_assert_cmpstr (msg->body, ==, want);
        }
      before_time = ((GlintMessage *) page->pdata[0])->time_ms;
      before_id = ((GlintMessage *) page->pdata[0])->id;
    }
  g_assert_cmpuint (expected, ==, 0);
  g_assert_cmpint (glint_store_count_messages (f->store, alice, bob), ==, had + n);
  /* Shown once each: nothing was added twice. */
  for (guint i = 0; i < f->added->len; i++)
    {
      g_assert_true (g_hash_table_add (seen, ((GlintMessage *) f->added->pdata[i])->body));
      live += !((GlintMessage *) f->added->pdata[i])->archived;
    }
  g_assert_cmpuint (live, ==, n);
  glint_test_peer_stop (peer);
}

static gboolean
stored_once (gpointer data)
{
  BodyWait *w = data;
  g_autofree char *bob = jid_of ("bob");

  return count_in_store (w->f, bob, w->body) == 1;
}

/* The disk fills up while a message arrives: it is still shown, the user is
 * told, and it is written once there is room again. The disk is SQLite's
 * file layer answering SQLITE_FULL (glint-test-full-disk.c), so no root
 * is needed. The control: a message before the disk filled is written at
 * once, with no error. */
static void
test_disk_full (Fixture *f, gconstpointer data)
{
  g_autofree char *db = g_build_filename (f->dir, "small-disk.db", NULL);
  g_autofree char *alice = jid_of ("alice");
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *cmd = NULL;
  g_autoptr(GlintStore) store = NULL;
  g_autoptr(GlintClient) client = NULL;
  GlintSession *session = NULL;
  g_autoptr(GlintAccount) account = glint_test_account ("alice", "GLINT_TEST_DOMAIN");
  GlintTestPeer *peer;
  guint errors = 0;
  Fixture local = *f;
  BodyWait before = { &local, "written before the disk filled" };
  BodyWait first = { &local, "written while the disk is full" };
  BodyWait second = { &local, "written after space came back" };

  glint_test_full_disk_install ();
  store = glint_store_new (db, NULL);
  g_assert_nonnull (store);
  client = glint_test_client_new (store, NULL);
  session = glint_client_add_account (client, account);
  local.session = session;
  local.store = store;
  local.added = f->added;
  g_signal_connect (session, "message-added", G_CALLBACK (on_message_added), &local);
  g_signal_connect (session, "store-error", G_CALLBACK (on_store_error), &errors);
  glint_session_login (session, account, "alice-pw");
  g_assert_true (glint_test_wait_state (session, GLINT_CONNECTION_CONNECTED, 20));
  peer = glint_test_peer_start (bob, "bob-pw", NULL);

  cmd = g_strdup_printf ("{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"%s\"}", alice, before.body);
  glint_test_peer_command (peer, cmd);
  g_assert_true (glint_test_wait (stored_once, &before, 15));
  g_assert_cmpuint (errors, ==, 0);

  glint_test_full_disk_set_full (TRUE);
  g_free (cmd);
  cmd = g_strdup_printf ("{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"%s\"}", alice, first.body);
  glint_test_peer_command (peer, cmd);
  g_assert_true (glint_test_wait (has_incoming, &first, 15));
  g_assert_true (glint_test_wait (counter_positive, &errors, 5));
  g_assert_cmpint (count_in_store (&local, bob, first.body), ==, 0);

  glint_test_full_disk_set_full (FALSE);
  /* Written once there is room, without waiting for another message. */
  g_assert_true (glint_test_wait (stored_once, &first, 15));
  g_free (cmd);
  cmd = g_strdup_printf ("{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"%s\"}", alice, second.body);
  glint_test_peer_command (peer, cmd);
  g_assert_true (glint_test_wait (has_incoming, &second, 15));
  g_assert_cmpint (count_in_store (&local, bob, first.body), ==, 1);
  g_assert_cmpint (count_in_store (&local, bob, second.body), ==, 1);

  glint_test_peer_stop (peer);
  glint_session_logout (session);
  glint_test_wait_state (session, GLINT_CONNECTION_DISCONNECTED, 3);
  g_clear_object (&client);
  g_clear_object (&store);
  glint_test_full_disk_uninstall ();
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  /* What the server takes part in: run against every server the harness has. */
  ADD ("/session/login", test_login);
  ADD ("/session/login-direct-tls", test_login_direct_tls);
  ADD ("/session/wrong-password", test_wrong_password);
  ADD ("/session/send-and-receive", test_send_and_receive);
  ADD ("/session/chat-states", test_chat_states);
  ADD ("/session/roster-edit", test_roster_edit);
  ADD ("/session/subscription-and-presence", test_subscription_and_presence);
  ADD ("/session/subscription-deny", test_subscription_deny);
  ADD ("/session/login-invisible-refused", test_login_invisible_refused);
  ADD ("/session/certificate-pinning", test_certificate_pinning);
  ADD ("/session/reconnect-after-restart", test_reconnect_after_restart);
  add_account_tests ();

  /* The client alone (no server, a hostile one, the disk): once is enough. */
  if (g_getenv ("GLINT_TEST_SERVER") == NULL)
    {
      ADD ("/session/dns-failure", test_dns_failure);
      ADD ("/session/unreachable", test_unreachable);
      ADD ("/session/tls-failure", test_tls_failure);
      ADD ("/session/disk-full", test_disk_full);
      ADD ("/session/ten-thousand-messages", test_ten_thousand_messages);
      ADD ("/session/big-roster", test_big_roster);
      ADD ("/session/reconnect-when-network-returns", test_reconnect_when_network_returns);
    }
#undef ADD
  return g_test_run ();
}

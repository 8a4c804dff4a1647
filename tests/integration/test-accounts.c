/* Integration tests: two accounts on two real servers at once, Prosody
 * and ejabberd, in one Glint core (one worker, one store). Run inside two
 * tests/harness/xmpp-env.py, the inner one with --prefix GLINT_TEST2. */
#include <string.h>

#include "glint-test-peer.h"
#include "../glint-test-files.h"

typedef struct
{
  GlintSession *session;
  const char   *body;
  guint         seen;
} Arrival;

static void
on_message_added (GlintSession *session, GlintMessage *msg, Arrival *a)
{
  if (g_strcmp0 (msg->body, a->body) == 0)
    {
      g_assert_true (session == a->session);
      a->seen++;
    }
}

static gboolean
arrived (gpointer data)
{
  return ((Arrival *) data)->seen > 0;
}

static gboolean
roster_loaded (gpointer data)
{
  return glint_session_get_roster_loaded (data);
}

typedef struct
{
  GlintSession *session;
  const char   *jid;
} ContactWait;

static gboolean
has_contact (gpointer data)
{
  ContactWait *w = data;
  return glint_session_lookup_contact (w->session, w->jid) != NULL;
}

static gboolean
outbox_empty (gpointer data)
{
  GlintSession *session = data;
  g_autoptr(GPtrArray) pending = glint_store_pending (glint_session_get_store (session),
                                                      glint_session_get_account_jid (session), NULL);
  return pending && pending->len == 0;
}

static GlintAccount *
account_on (const char *user,
            const char *prefix)
{
  g_autofree char *domain = g_strdup_printf ("%s_DOMAIN", prefix);
  g_autofree char *port = g_strdup_printf ("%s_PORT", prefix);
  g_autofree char *jid = g_strdup_printf ("%s@%s", user, glint_test_env (domain));
  GlintAccount *account = glint_account_new (jid);

  account->host = g_strdup (glint_test_env ("GLINT_TEST_HOST"));
  account->port = atoi (glint_test_env (port));
  return account;
}

static void
expect_body (GlintTestPeer *peer,
             const char    *body)
{
  for (;;)
    {
      g_autoptr(JsonObject) got = glint_test_peer_wait_for (peer, "message", NULL, NULL, 15);

      g_assert_nonnull (got);
      if (g_strcmp0 (json_object_get_string_member (got, "body"), body) == 0)
        return;
    }
}

static void
test_two_servers (void)
{
  g_autofree char *dir = g_dir_make_tmp ("glint-accounts-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "history.db", NULL);
  g_autoptr(GlintStore) store = glint_store_new (db, NULL);
  g_autoptr(GlintClient) client = glint_test_client_new (store, NULL);
  /* alice on Prosody talks with bob there; bob on ejabberd with carol. */
  g_autoptr(GlintAccount) on_prosody = account_on ("alice", "GLINT_TEST");
  g_autoptr(GlintAccount) on_ejabberd = account_on ("bob", "GLINT_TEST2");
  g_autofree char *prosody_peer_jid = g_strdup_printf ("bob@%s", glint_test_env ("GLINT_TEST_DOMAIN"));
  g_autofree char *ejabberd_peer_jid = g_strdup_printf ("carol@%s", glint_test_env ("GLINT_TEST2_DOMAIN"));
  g_autofree char *stranger = g_strdup_printf ("dave@%s", glint_test_env ("GLINT_TEST_DOMAIN"));
  GlintSession *a = glint_client_add_account (client, on_prosody);
  GlintSession *b = glint_client_add_account (client, on_ejabberd);
  GlintTestPeer *prosody_peer = glint_test_peer_start (prosody_peer_jid, "bob-pw", NULL);
  GlintTestPeer *ejabberd_peer = glint_test_peer_start_on ("GLINT_TEST2_PEER", ejabberd_peer_jid, "carol-pw", NULL);
  Arrival to_a = { a, "to the account on Prosody", 0 };
  Arrival to_b = { b, "to the account on ejabberd", 0 };
  ContactWait on_a = { a, stranger };
  g_autofree char *cmd = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlintMessage) from_a = NULL;
  g_autoptr(GlintMessage) from_b = NULL;

  g_assert_nonnull (store);
  g_signal_connect (a, "message-added", G_CALLBACK (on_message_added), &to_a);
  g_signal_connect (b, "message-added", G_CALLBACK (on_message_added), &to_b);
  glint_session_login (a, on_prosody, "alice-pw");
  glint_session_login (b, on_ejabberd, "bob-pw");
  g_assert_true (glint_test_wait_state (a, GLINT_CONNECTION_CONNECTED, 20));
  g_assert_true (glint_test_wait_state (b, GLINT_CONNECTION_CONNECTED, 20));
  g_assert_true (glint_test_wait (roster_loaded, a, 10));
  g_assert_true (glint_test_wait (roster_loaded, b, 10));

  /* Each peer writes to its own server's account; each message reaches
   * that account's session (on_message_added checks) and its history. */
  cmd = g_strdup_printf ("{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"%s\"}", on_prosody->jid, to_a.body);
  glint_test_peer_command (prosody_peer, cmd);
  g_free (cmd);
  cmd = g_strdup_printf ("{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"%s\"}", on_ejabberd->jid, to_b.body);
  glint_test_peer_command (ejabberd_peer, cmd);
  g_assert_true (glint_test_wait (arrived, &to_a, 15));
  g_assert_true (glint_test_wait (arrived, &to_b, 15));
  g_assert_cmpint (glint_store_count_messages (store, on_prosody->jid, prosody_peer_jid), ==, 1);
  g_assert_cmpint (glint_store_count_messages (store, on_ejabberd->jid, ejabberd_peer_jid), ==, 1);
  g_assert_cmpint (glint_store_count_messages (store, on_prosody->jid, ejabberd_peer_jid), ==, 0);
  g_assert_cmpint (glint_store_count_messages (store, on_ejabberd->jid, prosody_peer_jid), ==, 0);

  /* Each account answers through its own server. */
  from_a = glint_session_send_message (a, prosody_peer_jid, "from Prosody's account", &error);
  g_assert_no_error (error);
  from_b = glint_session_send_message (b, ejabberd_peer_jid, "from ejabberd's account", &error);
  g_assert_no_error (error);
  expect_body (prosody_peer, "from Prosody's account");
  expect_body (ejabberd_peer, "from ejabberd's account");
  g_assert_true (glint_test_wait (outbox_empty, a, 10));
  g_assert_true (glint_test_wait (outbox_empty, b, 10));

  /* A roster push for one account never touches the other: the contact
   * added on Prosody appears there (the positive control) and not on
   * ejabberd's account. */
  glint_session_add_contact (a, stranger, "Dave", "Friends");
  g_assert_true (glint_test_wait (has_contact, &on_a, 10));
  g_assert_null (glint_session_lookup_contact (b, stranger));
  g_assert_cmpuint (g_list_model_get_n_items (glint_session_get_roster (b)), ==, 0);

  glint_test_peer_stop (prosody_peer);
  glint_test_peer_stop (ejabberd_peer);
  glint_session_logout (a);
  glint_session_logout (b);
  g_assert_true (glint_test_wait_state (a, GLINT_CONNECTION_DISCONNECTED, 5));
  g_assert_true (glint_test_wait_state (b, GLINT_CONNECTION_DISCONNECTED, 5));
  g_clear_object (&client);
  g_clear_object (&store);
  glint_test_remove_history (db);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/accounts/two-servers", test_two_servers);
  return g_test_run ();
}

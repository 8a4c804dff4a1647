/* Integration tests: an account on its server. Its password changes, it
 * is made in-band (XEP-0077) and removed, and it asks when a contact was
 * last online (XEP-0012). Part of test-it-session; run through
 * tests/harness/xmpp-env.py. */
#include "config.h"

#include <string.h>

#include "glint-client.h"
#include "glint-registration.h"
#include "glint-session.h"
#include "glint-test-peer.h"

#include "glint-test-session.h"
#include "test-session-account.h"

typedef struct
{
  gboolean  answered;
  char     *error;
} PasswordWait;

static void
on_password_changed (GlintSession *session, const char *error, PasswordWait *w)
{
  w->answered = TRUE;
  g_free (w->error);
  w->error = g_strdup (error);
}

static gboolean
password_answered (gpointer data)
{
  return ((PasswordWait *) data)->answered;
}

static void
change_password (Fixture *f, const char *password)
{
  PasswordWait w = { FALSE, NULL };
  gulong handler = g_signal_connect (f->session, "password-changed", G_CALLBACK (on_password_changed), &w);
  g_autoptr(GError) error = NULL;

  g_assert_true (glint_session_change_password (f->session, password, &error));
  g_assert_no_error (error);
  g_assert_true (glint_test_wait (password_answered, &w, 20));
  g_assert_null (w.error);
  g_signal_handler_disconnect (f->session, handler);
}

static void
login_as (Fixture *f, const char *user, const char *password)
{
  g_autoptr(GlintAccount) account = glint_test_account (user, "GLINT_TEST_DOMAIN");

  session_login (f, account, password);
}

static void
log_out (Fixture *f)
{
  glint_session_logout (f->session);
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_DISCONNECTED, 10));
}

static gboolean
auth_failed (gpointer data)
{
  return glint_session_get_state (data) == GLINT_CONNECTION_FAILED
         && glint_session_get_error (data) == GLINT_ERROR_AUTH;
}

/* The password changed on the server (XEP-0077): the new one logs in, the
 * old one no longer does; changed back, the old one does again. */
static void
test_change_password (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  login (f, "ivan");
  change_password (f, "ivan-new-pw");
  log_out (f);

  login_as (f, "ivan", "ivan-pw");
  g_assert_true (glint_test_wait (auth_failed, f->session, 20));
  log_out (f);
  login_as (f, "ivan", "ivan-new-pw");
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_CONNECTED, 20));

  change_password (f, "ivan-pw");
  log_out (f);
  /* Offline, nothing is asked: the reason is given. */
  g_assert_false (glint_session_change_password (f->session, "never", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED);
  login (f, "ivan");
}

static gboolean
last_seen_known (gpointer data)
{
  return glint_contact_get_last_seen (data) != 0;
}

/* A contact that went offline saying "gone fishing": its server says when
 * (XEP-0012), and the contact knows since when and what it said. The
 * control: an online contact is never asked, and one just asked is not
 * asked again (at most every ten minutes). */
static void
test_last_activity (Fixture *f, gconstpointer data)
{
  g_autofree char *bob = jid_of ("bob");
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", "--accept-subscriptions");
  gpointer req[2] = { f, bob };
  PresenceWait online = { NULL, bob, GLINT_PRESENCE_ONLINE, NULL };
  PresenceWait offline = { NULL, bob, GLINT_PRESENCE_OFFLINE, NULL };
  GlintContact *contact;
  gint64 before_ms, seen;
  g_autofree char *said = NULL;

  login (f, "alice");
  online.session = offline.session = f->session;
  glint_session_add_contact (f->session, bob, "Bob", NULL);
  if (glint_test_wait (has_request, req, 5))
    glint_session_answer_subscription (f->session, bob, TRUE);
  glint_test_peer_command (peer, "{\"cmd\":\"presence\"}");
  g_assert_true (glint_test_wait (presence_matches, &online, 15));
  contact = glint_session_lookup_contact (f->session, bob);
  /* Online: never asked. */
  glint_session_ask_last_activity (f->session, bob);
  g_assert_false (glint_contact_take_last_activity_turn (contact, g_get_monotonic_time (), 0));

  before_ms = g_get_real_time () / 1000;
  /* bob leaves for good (a server answers for a connected session that
   * it is there now). */
  glint_test_peer_command (peer, "{\"cmd\":\"presence\",\"type\":\"unavailable\",\"status\":\"gone fishing\"}");
  g_assert_true (glint_test_wait (presence_matches, &offline, 15));
  glint_test_peer_stop (peer);
  peer = NULL;
  glint_session_ask_last_activity (f->session, bob);
  g_assert_true (glint_test_wait (last_seen_known, contact, 15));
  seen = glint_contact_get_last_seen (contact);
  /* Whole seconds on the server's side. */
  g_assert_cmpint (seen, >=, before_ms - 2000);
  g_assert_cmpint (seen, <=, g_get_real_time () / 1000 + 1000);
  g_assert_cmpstr (glint_contact_get_last_status (contact), ==, "gone fishing");
  said = glint_contact_describe_last_seen (contact, g_get_real_time () / 1000);
  g_assert_cmpstr (said, ==, "Last seen just now: “gone fishing”");
  /* Just asked: not again. */
  g_assert_false (glint_contact_take_last_activity_turn (contact, g_get_monotonic_time (), 10 * 60 * G_USEC_PER_SEC));
}

typedef struct
{
  GlintForm *form;
  gboolean   finished;
  char      *error;
} RegistrationWait;

static void
on_registration_form (GlintRegistration *registration, GlintForm *form, RegistrationWait *w)
{
  glint_form_free (w->form);
  w->form = glint_form_copy (form);
}

static void
on_registration_finished (GlintRegistration *registration, const char *error, RegistrationWait *w)
{
  w->finished = TRUE;
  w->error = g_strdup (error);
}

static gboolean
registration_asks (gpointer data)
{
  RegistrationWait *w = data;
  return w->form != NULL || w->finished;
}

static gboolean
registration_finished (gpointer data)
{
  return ((RegistrationWait *) data)->finished;
}

/* Asks the test server for its form and answers it with @username and
 * @password; returns the server's verdict in words (NULL: made). */
static char *
register_account (Fixture    *f,
                  const char *username,
                  const char *password)
{
  g_autoptr(GlintAccount) server = glint_account_new (glint_test_env ("GLINT_TEST_DOMAIN"));
  g_autoptr(GlintRegistration) registration = NULL;
  g_autoptr(GError) error = NULL;
  RegistrationWait w = { NULL, FALSE, NULL };
  char *said;

  server->host = g_strdup (glint_test_env ("GLINT_TEST_HOST"));
  server->port = atoi (glint_test_env ("GLINT_TEST_PORT"));
  registration = glint_client_start_registration (f->client, server);
  g_signal_connect (registration, "form", G_CALLBACK (on_registration_form), &w);
  g_signal_connect (registration, "finished", G_CALLBACK (on_registration_finished), &w);
  g_assert_true (glint_test_wait (registration_asks, &w, 20));
  g_assert_false (w.finished);
  /* Both servers ask for XEP-0077's username and password; Prosody's form
   * has two more fields (tests/harness/xmpp-env.py), the email required. */
  g_assert_nonnull (glint_form_lookup (w.form, "username"));
  g_assert_cmpint (glint_form_lookup (w.form, "password")->type, ==, GLINT_FIELD_PRIVATE);
  if (g_getenv ("GLINT_TEST_SERVER") == NULL || g_str_equal (g_getenv ("GLINT_TEST_SERVER"), "prosody"))
    {
      g_assert_true (glint_form_lookup (w.form, "email")->required);
      g_assert_false (glint_form_lookup (w.form, "name")->required);
    }
  /* A form with a required field left empty is refused here, in words. */
  g_assert_false (glint_registration_submit (registration, w.form, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  glint_form_set_value (w.form, "username", username);
  glint_form_set_value (w.form, "password", password);
  if (glint_form_lookup (w.form, "email"))
    {
      /* The extra required field, left empty, is refused here too. */
      g_assert_false (glint_registration_submit (registration, w.form, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      glint_form_set_value (w.form, "email", "someone@example.org");
    }
  g_assert_true (glint_registration_submit (registration, w.form, &error));
  g_assert_no_error (error);
  g_assert_true (glint_test_wait (registration_finished, &w, 20));
  glint_form_free (w.form);
  said = w.error;
  if (said == NULL)
    {
      g_autofree char *jid = glint_registration_get_jid (registration);
      g_autofree char *want = g_strdup_printf ("%s@%s", username, glint_test_env ("GLINT_TEST_DOMAIN"));

      g_assert_cmpstr (jid, ==, want);
      g_assert_cmpstr (glint_registration_get_password (registration), ==, password);
    }
  return said;
}

static void
on_removed (GlintSession *session, const char *error, PasswordWait *w)
{
  w->answered = TRUE;
  g_free (w->error);
  w->error = g_strdup (error);
}

/* An account made in-band (XEP-0077) logs in; its password changes on
 * the server (the new one logs in, the old one no longer); it is removed
 * from the server, after which it no longer logs in. A name that is taken
 * is refused in words. */
static void
test_register (Fixture *f, gconstpointer data)
{
  g_autofree char *name = g_strdup_printf ("newbie%08x", g_random_int ());
  g_autofree char *jid = g_strdup_printf ("%s@%s", name, glint_test_env ("GLINT_TEST_DOMAIN"));
  g_autofree char *taken = register_account (f, "alice", "whatever-pw");
  g_autofree char *made = NULL;
  g_autoptr(GlintAccount) account = glint_test_account (name, "GLINT_TEST_DOMAIN");
  g_autoptr(GError) error = NULL;
  g_autofree char *resource = NULL;
  PasswordWait w = { FALSE, NULL };

  g_assert_nonnull (taken);
  g_assert_nonnull (strstr (taken, "That username is taken"));
  /* Before it is made, the new name does not log in. */
  expect_failure (f, account, "first-pw", GLINT_ERROR_AUTH);
  glint_session_logout (f->session);
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_DISCONNECTED, 10));

  made = register_account (f, name, "first-pw");
  g_assert_null (made);
  session_login (f, account, "first-pw");
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_CONNECTED, 20));
  g_assert_cmpstr (glint_session_get_account_jid (f->session), ==, jid);

  change_password (f, "second-pw");
  glint_session_logout (f->session);
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_DISCONNECTED, 10));
  expect_failure (f, account, "first-pw", GLINT_ERROR_AUTH);
  session_login (f, account, "second-pw");
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_CONNECTED, 20));

  resource = g_strdup (glint_session_get_account (f->session)->resource);
  g_signal_connect (f->session, "removed-from-server", G_CALLBACK (on_removed), &w);
  g_assert_true (glint_session_remove_from_server (f->session, &error));
  g_assert_no_error (error);
  g_assert_true (glint_test_wait (password_answered, &w, 20));
  g_assert_null (w.error);
  g_signal_handlers_disconnect_by_func (f->session, on_removed, &w);
  /* Gone, the session is offline by itself; the stream error that ends
   * a removed account's stream (ejabberd's <conflict/>) is no resource
   * conflict to come back from under another resource. */
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_DISCONNECTED, 10));
  g_assert_cmpstr (glint_session_get_account (f->session)->resource, ==, resource);
  expect_failure (f, account, "second-pw", GLINT_ERROR_AUTH);
}

void
add_account_tests (void)
{
#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/session/change-password", test_change_password);
  ADD ("/session/register", test_register);
  ADD ("/session/last-activity", test_last_activity);
#undef ADD
}

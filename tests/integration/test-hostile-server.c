/* Integration tests: Glint against servers that misbehave on purpose
 * (tests/harness/hostile-server.py): STARTTLS stripped or refused, a login
 * mechanism downgraded, DOCTYPEs, bad UTF-8, garbage, and streams past
 * every limit. The client alone is tested, so once is enough. */
#include "config.h"

#include <string.h>

#include "glint-client.h"
#include "glint-session.h"
#include "glint-test-session.h"

static GSubprocess *
start_hostile_server (Fixture    *f,
                      const char *mode,
                      char      **report,
                      guint16    *port)
{
  g_autofree char *command = NULL;
  g_auto(GStrv) argv = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  GSubprocess *server;

  *report = g_build_filename (f->dir, "hostile.json", NULL);
  command = g_strdup_printf ("%s --report %s --mode %s", glint_test_env ("GLINT_TEST_HOSTILE"), *report, mode);
  g_assert_true (g_shell_parse_argv (command, NULL, &argv, NULL));
  server = g_subprocess_newv ((const char * const *) argv,
                              G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDIN_PIPE, NULL);
  g_assert_nonnull (server);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, NULL);
  g_assert_nonnull (line);
  *port = atoi (line);
  return server;
}

static void
stop_hostile_server (GSubprocess *server)
{
  g_output_stream_close (g_subprocess_get_stdin_pipe (server), NULL, NULL);
  g_subprocess_wait (server, NULL, NULL);
  g_object_unref (server);
}

/* Logs in to a hostile server in @mode, expects @want, and returns what
 * the server saw; the password never reaches it. */
static char *
fail_against_account (Fixture              *f,
                      GlintAccount         *account,
                      const char           *mode,
                      GlintConnectionError  want)
{
  g_autofree char *report = NULL;
  char *contents = NULL;
  guint16 port = 0;
  GSubprocess *server = start_hostile_server (f, mode, &report, &port);

  account->port = port;
  expect_failure (f, account, "alice-pw", want);
  stop_hostile_server (server);
  g_assert_true (g_file_get_contents (report, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "alice-pw"));
  return contents;
}

static char *
fail_against (Fixture              *f,
              const char           *mode,
              GlintConnectionError  want)
{
  g_autoptr(GlintAccount) account = glint_test_account ("alice", "GLINT_TEST_DOMAIN");

  return fail_against_account (f, account, mode, want);
}

static void
test_starttls_stripped (Fixture *f, gconstpointer data)
{
  g_autofree char *seen = fail_against (f, "strip-starttls", GLINT_ERROR_TLS_REQUIRED);

  g_assert_nonnull (strstr (seen, "\"auth_attempted\": false"));
}

/* A server that offers STARTTLS and then answers it with <failure/>: the
 * attempt stops at once, says that encryption could not start, and is not
 * tried again. */
static void
test_starttls_failure (Fixture *f, gconstpointer data)
{
  g_autofree char *seen = fail_against (f, "starttls-failure", GLINT_ERROR_STARTTLS);

  g_assert_nonnull (strstr (glint_connection_error_describe (glint_session_get_error (f->session)),
                            "could not start encryption"));
  g_assert_nonnull (strstr (seen, "\"starttls_attempted\": true"));
  g_assert_nonnull (strstr (seen, "\"connections\": 1,"));
}

static gboolean
refused_password (gpointer data)
{
  return glint_session_get_state (data) == GLINT_CONNECTION_FAILED
         && glint_session_get_error (data) == GLINT_ERROR_AUTH;
}

static void
on_login_downgrade (GlintSession *session, const char *offered, const char *known, char **said)
{
  g_free (*said);
  *said = g_strdup_printf ("%s<%s", offered, known);
}

/* A login downgrade: after a real server offered SCRAM, one that offers
 * only PLAIN (the user chose no TLS, so nothing else protects the stream)
 * gets no password, and the user is asked, naming both. The control: a
 * new account, which never saw SCRAM, does send its login to that server;
 * and once the user accepts PLAIN, so does this one. */
static void
test_sasl_downgrade (Fixture *f, gconstpointer data)
{
  g_autoptr(GlintAccount) fresh = glint_test_account ("alice", "GLINT_TEST_DOMAIN");
  g_autoptr(GlintAccount) account = NULL;
  g_autofree char *report = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *said = NULL;
  guint16 port = 0;
  GSubprocess *server;

  login (f, "alice");
  account = glint_account_copy (glint_session_get_account (f->session));
  g_assert_cmpint (glint_sasl_rank (account->sasl_mechanism), >=, glint_sasl_rank ("SCRAM-SHA-1"));
  glint_session_logout (f->session);
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_DISCONNECTED, 10));
  g_signal_connect (f->session, "login-downgrade", G_CALLBACK (on_login_downgrade), &said);

  server = start_hostile_server (f, "plain-only", &report, &port);
  g_free (account->host);
  account->host = g_strdup ("127.0.0.1");
  account->port = port;
  account->tls_mode = GLINT_TLS_PLAINTEXT;
  expect_failure (f, account, "alice-pw", GLINT_ERROR_SASL_DOWNGRADE);
  g_assert_nonnull (said);
  g_assert_true (g_str_has_prefix (said, "PLAIN<SCRAM-SHA-"));

  /* The user accepts: the next attempt logs in with PLAIN (which the
   * server refuses). */
  glint_session_accept_mechanism (f->session, "PLAIN");
  g_assert_true (glint_test_wait (refused_password, f->session, 30));
  g_assert_cmpstr (glint_session_get_account (f->session)->sasl_mechanism, ==, "PLAIN");
  stop_hostile_server (server);
  g_assert_true (g_file_get_contents (report, &seen, NULL, NULL));
  /* Two connections: the first sent nothing of the login, the second did. */
  g_assert_nonnull (strstr (seen, "\"connections\": 2,"));
  g_assert_nonnull (strstr (seen, "\"auth_attempted\": true"));
  g_clear_pointer (&seen, g_free);
  g_clear_pointer (&report, g_free);

  /* The control: an account that never saw SCRAM logs in with PLAIN. */
  glint_session_logout (f->session);
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_DISCONNECTED, 10));
  server = start_hostile_server (f, "plain-only", &report, &port);
  g_free (fresh->host);
  fresh->host = g_strdup ("127.0.0.1");
  fresh->port = port;
  fresh->tls_mode = GLINT_TLS_PLAINTEXT;
  g_clear_pointer (&fresh->sasl_mechanism, g_free);
  expect_failure (f, fresh, "alice-pw", GLINT_ERROR_AUTH);
  stop_hostile_server (server);
  g_assert_true (g_file_get_contents (report, &seen, NULL, NULL));
  g_assert_nonnull (strstr (seen, "\"auth_attempted\": true"));
}

/* Only the first connection of the downgrade: nothing of the login. */
static void
test_sasl_downgrade_sends_nothing (Fixture *f, gconstpointer data)
{
  g_autoptr(GlintAccount) account = glint_test_account ("alice", "GLINT_TEST_DOMAIN");
  g_autofree char *seen = NULL;

  g_free (account->sasl_mechanism);
  account->sasl_mechanism = g_strdup ("SCRAM-SHA-1");
  account->tls_mode = GLINT_TLS_PLAINTEXT;
  g_free (account->host);
  account->host = g_strdup ("127.0.0.1");
  seen = fail_against_account (f, account, "plain-only", GLINT_ERROR_SASL_DOWNGRADE);
  g_assert_nonnull (strstr (seen, "\"auth_attempted\": false"));
  g_assert_nonnull (strstr (seen, "\"connections\": 1,"));
}

static gboolean
connection_ended (gpointer data)
{
  GlintConnectionState state = glint_session_get_state (data);
  return state == GLINT_CONNECTION_FAILED || state == GLINT_CONNECTION_WAITING;
}

/* XML that RFC 6120 forbids in a stream: a DOCTYPE whose entity names the
 * mechanism, or a comment or processing instruction inside its name. Read
 * as expat reads it, each offers PLAIN, which a new account would use to
 * log in over a plain stream. Glint stops at the forbidden construct,
 * says so, and sends nothing of the login. The control: the same offer in
 * plain XML does get the login. */
static void
test_forbidden_xml (Fixture *f, gconstpointer data)
{
  const char *mode = data;
  g_autoptr(GlintAccount) account = glint_test_account ("alice", "GLINT_TEST_DOMAIN");
  g_autofree char *report = NULL;
  g_autofree char *seen = NULL;
  g_autofree char *control = NULL;
  guint16 port = 0;
  GSubprocess *server;

  g_free (account->host);
  account->host = g_strdup ("127.0.0.1");
  account->tls_mode = GLINT_TLS_PLAINTEXT;
  g_clear_pointer (&account->sasl_mechanism, g_free);

  server = start_hostile_server (f, "plain-only", &report, &port);
  account->port = port;
  expect_failure (f, account, "alice-pw", GLINT_ERROR_AUTH);
  stop_hostile_server (server);
  g_assert_true (g_file_get_contents (report, &control, NULL, NULL));
  g_assert_nonnull (strstr (control, "\"auth_attempted\": true"));
  glint_session_logout (f->session);
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_DISCONNECTED, 10));
  g_clear_pointer (&report, g_free);

  server = start_hostile_server (f, mode, &report, &port);
  account->port = port;
  session_login (f, account, "alice-pw");
  g_assert_true (glint_test_wait (connection_ended, f->session, 30));
  g_assert_cmpint (glint_session_get_error (f->session), ==, GLINT_ERROR_FORBIDDEN_XML);
  glint_session_logout (f->session);
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_DISCONNECTED, 10));
  stop_hostile_server (server);
  g_assert_true (g_file_get_contents (report, &seen, NULL, NULL));
  g_assert_nonnull (strstr (seen, "\"auth_attempted\": false"));
  g_assert_null (strstr (seen, "alice-pw"));
  g_assert_nonnull (strstr (glint_connection_error_describe (GLINT_ERROR_FORBIDDEN_XML), "does not allow"));
}


/* A server that answers with an entity bomb, invalid UTF-8 or no XML at
 * all: the attempt ends with the error that says so, the process lives on,
 * and a good server afterwards still works. */
static void
test_hostile_server (Fixture *f, gconstpointer data)
{
  const char *mode = data;
  GlintConnectionError want = g_str_equal (mode, "doctype") ? GLINT_ERROR_FORBIDDEN_XML : GLINT_ERROR_BAD_XML;
  g_autoptr(GlintAccount) account = glint_test_account ("alice", "GLINT_TEST_DOMAIN");
  g_autoptr(GlintAccount) good = glint_test_account ("alice", "GLINT_TEST_DOMAIN");
  g_autofree char *report = NULL;
  guint16 port = 0;
  GSubprocess *server = start_hostile_server (f, mode, &report, &port);

  account->port = port;
  session_login (f, account, "alice-pw");
  g_assert_true (glint_test_wait (connection_ended, f->session, 60));
  g_assert_cmpint (glint_session_get_error (f->session), ==, want);
  glint_session_logout (f->session);
  stop_hostile_server (server);

  session_login (f, good, "alice-pw");
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_CONNECTED, 20));
}

/* Logs in to a hostile server in @mode and waits for the attempt to end;
 * returns the error it ended with. */
static GlintConnectionError
attempt_against (Fixture    *f,
                 const char *mode)
{
  g_autoptr(GlintAccount) account = glint_test_account ("alice", "GLINT_TEST_DOMAIN");
  g_autofree char *report = NULL;
  guint16 port = 0;
  GSubprocess *server = start_hostile_server (f, mode, &report, &port);
  GlintConnectionError error;

  account->port = port;
  session_login (f, account, "alice-pw");
  g_assert_true (glint_test_wait (connection_ended, f->session, 60));
  error = glint_session_get_error (f->session);
  glint_session_logout (f->session);
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_DISCONNECTED, 10));
  stop_hostile_server (server);
  return error;
}

/* A stream that costs more than Glint allows at once (text without end,
 * nesting, a flat list of 100,000 children, a tag that never closes, a tag
 * with 100,000 attributes) is cut, and the user is told so in words. The
 * control: 6,000 children, within the limits, are read through (the
 * features that follow them are understood: no STARTTLS, so no login). */
static void
test_stream_limits (Fixture *f, gconstpointer data)
{
  const char *mode = data;

  g_assert_cmpint (attempt_against (f, "wide-within"), ==, GLINT_ERROR_TLS_REQUIRED);
  g_assert_cmpint (attempt_against (f, mode), ==, GLINT_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (glint_connection_error_describe (GLINT_ERROR_TOO_LARGE), "more at once"));
}


typedef struct
{
  GlintForm *form;
  char      *error;
  gboolean   finished;
} Asked;

static void
on_form (GlintRegistration *registration, GlintForm *form, Asked *asked)
{
  asked->form = glint_form_copy (form);
}

static void
on_finished (GlintRegistration *registration, const char *error, Asked *asked)
{
  asked->finished = TRUE;
  asked->error = g_strdup (error);
}

static gboolean
answered (gpointer data)
{
  Asked *asked = data;
  return asked->form != NULL || asked->finished;
}

/* Asks the hostile server in @mode for its registration form over @tls;
 * returns what the server saw. */
static char *
register_against (Fixture      *f,
                  const char   *mode,
                  GlintTlsMode  tls,
                  Asked        *asked)
{
  g_autoptr(GlintAccount) server = glint_account_new (glint_test_env ("GLINT_TEST_DOMAIN"));
  g_autoptr(GlintRegistration) registration = NULL;
  g_autofree char *report = NULL;
  char *seen = NULL;
  guint16 port = 0;
  GSubprocess *hostile = start_hostile_server (f, mode, &report, &port);

  server->host = g_strdup ("127.0.0.1");
  server->port = port;
  server->tls_mode = tls;
  registration = glint_client_start_registration (f->client, server);
  g_signal_connect (registration, "form", G_CALLBACK (on_form), asked);
  g_signal_connect (registration, "finished", G_CALLBACK (on_finished), asked);
  g_assert_true (glint_test_wait (answered, asked, 30));
  glint_registration_cancel (registration);
  stop_hostile_server (hostile);
  g_assert_true (g_file_get_contents (report, &seen, NULL, NULL));
  return seen;
}

/* A hostile registration form: its markup and bidi override stay plain,
 * neutral text; 2,000 fields are cut to what Glint shows, and counted; a
 * CAPTCHA picture of 300 KiB is not shown. The control: the first fields
 * and their words arrive. */
static void
test_register_hostile_form (Fixture *f, gconstpointer data)
{
  Asked asked = { NULL, NULL, FALSE };
  g_autofree char *seen = register_against (f, "register-hostile", GLINT_TLS_PLAINTEXT, &asked);
  GlintFormField *ocr;

  g_assert_nonnull (asked.form);
  g_assert_cmpstr (asked.form->title, ==, "<b>Join</b>");
  g_assert_nonnull (strstr (asked.form->instructions, "<b>Bold</b>"));
  g_assert_null (strstr (asked.form->instructions, "\xe2\x80\xae"));
  g_assert_cmpuint (asked.form->fields->len, ==, GLINT_FORM_MAX_FIELDS);
  g_assert_cmpuint (asked.form->fields_dropped, ==, 2001 - GLINT_FORM_MAX_FIELDS);
  g_assert_cmpstr (glint_form_lookup (asked.form, "f0")->label, ==, "<i>field 0</i>");
  ocr = glint_form_lookup (asked.form, "ocr");
  g_assert_true (ocr->image_too_large);
  g_assert_null (ocr->image);
  g_assert_nonnull (strstr (seen, "jabber:iq:register"));
  glint_form_free (asked.form);
}

/* 10,000 fields are more than one stanza may hold: the stream is cut and
 * the user told so in words. */
static void
test_register_flood (Fixture *f, gconstpointer data)
{
  Asked asked = { NULL, NULL, FALSE };
  g_autofree char *seen = register_against (f, "register-flood", GLINT_TLS_PLAINTEXT, &asked);

  g_assert_null (asked.form);
  g_assert_nonnull (asked.error);
  g_assert_nonnull (strstr (asked.error, "more at once than Glint accepts"));
  g_free (asked.error);
}

/* Unless the user chose no encryption for that server, no form is asked
 * over a plain stream. The control: with no encryption chosen it is
 * (test_register_hostile_form). */
static void
test_register_needs_tls (Fixture *f, gconstpointer data)
{
  Asked asked = { NULL, NULL, FALSE };
  g_autofree char *seen = register_against (f, "register-hostile", GLINT_TLS_STARTTLS, &asked);

  g_assert_null (asked.form);
  g_assert_nonnull (asked.error);
  g_assert_nonnull (strstr (asked.error, "did not offer an encrypted connection"));
  g_assert_null (strstr (seen, "jabber:iq:register"));
  g_free (asked.error);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/hostile-server/starttls-stripped", test_starttls_stripped);
  ADD ("/hostile-server/starttls-failure", test_starttls_failure);
  ADD ("/hostile-server/sasl-downgrade", test_sasl_downgrade);
  ADD ("/hostile-server/sasl-downgrade-sends-nothing", test_sasl_downgrade_sends_nothing);
  g_test_add ("/hostile-server/forbidden-xml/entity", Fixture, "plain-entity", setup, test_forbidden_xml, teardown);
  g_test_add ("/hostile-server/forbidden-xml/comment", Fixture, "plain-comment", setup, test_forbidden_xml, teardown);
  g_test_add ("/hostile-server/forbidden-xml/instruction", Fixture, "plain-instruction", setup,
              test_forbidden_xml, teardown);
  g_test_add ("/hostile-server/doctype", Fixture, "doctype", setup, test_hostile_server, teardown);
  ADD ("/hostile-server/register-hostile-form", test_register_hostile_form);
  ADD ("/hostile-server/register-flood", test_register_flood);
  ADD ("/hostile-server/register-needs-tls", test_register_needs_tls);
  g_test_add ("/hostile-server/bad-utf8", Fixture, "bad-utf8", setup, test_hostile_server, teardown);
  g_test_add ("/hostile-server/stream-limits/deep", Fixture, "deep", setup, test_stream_limits, teardown);
  g_test_add ("/hostile-server/stream-limits/huge", Fixture, "huge", setup, test_stream_limits, teardown);
  g_test_add ("/hostile-server/stream-limits/wide", Fixture, "wide", setup, test_stream_limits, teardown);
  g_test_add ("/hostile-server/stream-limits/endless-tag", Fixture, "endless-tag", setup, test_stream_limits, teardown);
  g_test_add ("/hostile-server/stream-limits/many-attributes", Fixture, "many-attributes", setup,
              test_stream_limits, teardown);
  g_test_add ("/hostile-server/garbage", Fixture, "garbage", setup, test_hostile_server, teardown);
#undef ADD
  return g_test_run ();
}

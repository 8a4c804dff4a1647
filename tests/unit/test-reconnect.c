/* Unit tests: reconnect decisions and whose IQ reply to trust */
#include "glint-reconnect.h"

static void
test_final_causes (void)
{
  /* What retrying cannot fix stops and waits for the user... */
  g_assert_true (glint_reconnect_is_final (GLINT_ERROR_AUTH, FALSE));
  g_assert_true (glint_reconnect_is_final (GLINT_ERROR_CERTIFICATE, FALSE));
  g_assert_true (glint_reconnect_is_final (GLINT_ERROR_TLS_REQUIRED, FALSE));
  g_assert_true (glint_reconnect_is_final (GLINT_ERROR_CONFIG, FALSE));
  g_assert_true (glint_reconnect_is_final (GLINT_ERROR_CONFLICT, TRUE));
  g_assert_true (glint_reconnect_is_final (GLINT_ERROR_TLS, FALSE));
  g_assert_true (glint_reconnect_is_final (GLINT_ERROR_STARTTLS, FALSE));
  /* ...the network's troubles are tried again. */
  g_assert_false (glint_reconnect_is_final (GLINT_ERROR_TLS, TRUE));
  g_assert_false (glint_reconnect_is_final (GLINT_ERROR_STREAM, TRUE));
  g_assert_false (glint_reconnect_is_final (GLINT_ERROR_UNREACHABLE, FALSE));
  g_assert_false (glint_reconnect_is_final (GLINT_ERROR_DNS, TRUE));

  /* A name that never resolved is a typo; later, the network went away. */
  g_assert_true (glint_reconnect_connect_is_final (GLINT_ERROR_DNS, 0));
  g_assert_false (glint_reconnect_connect_is_final (GLINT_ERROR_DNS, 3));
  g_assert_false (glint_reconnect_connect_is_final (GLINT_ERROR_UNREACHABLE, 0));
}

/* A server that cuts every stream with an oversized stanza after login
 * meets a growing backoff; any other end starts it afresh at the next login. */
static void
test_size_cut_keeps_backoff (void)
{
  g_assert_false (glint_reconnect_login_resets_backoff (GLINT_ERROR_TOO_LARGE));
  g_assert_true (glint_reconnect_login_resets_backoff (GLINT_ERROR_STREAM));
  g_assert_true (glint_reconnect_login_resets_backoff (GLINT_ERROR_UNREACHABLE));
  g_assert_true (glint_reconnect_login_resets_backoff (GLINT_ERROR_NONE));
}

static void
test_backoff (void)
{
  gint64 previous = 0;

  /* Doubling from 1 s, never past a minute, with the jitter in the second
   * half of each step. */
  for (guint retries = 0; retries < 12; retries++)
    {
      gint64 low = glint_reconnect_delay_us (retries, 0.0);
      gint64 high = glint_reconnect_delay_us (retries, 1.0);

      g_assert_cmpint (low, >=, previous);
      g_assert_cmpint (high, ==, 2 * low);
      g_assert_cmpint (high, <=, GLINT_RECONNECT_MAX_DELAY_S * G_USEC_PER_SEC);
      g_assert_cmpint (glint_reconnect_delay_us (retries, 0.5), >, low);
      previous = low;
    }
  g_assert_cmpint (glint_reconnect_delay_us (0, 1.0), ==, G_USEC_PER_SEC);
  g_assert_cmpint (glint_reconnect_delay_us (20, 1.0), ==, 60 * G_USEC_PER_SEC);
}

static void
test_reply_is_from (void)
{
  const char *account = "alice@example.org", *domain = "example.org";

  /* The server answers what we asked it or our account with no from. */
  g_assert_true (glint_iq_reply_is_from (NULL, account, account, domain));
  g_assert_true (glint_iq_reply_is_from (NULL, domain, account, domain));
  g_assert_true (glint_iq_reply_is_from (account, account, account, domain));
  g_assert_true (glint_iq_reply_is_from ("conference.example.org", "conference.example.org", account, domain));
  /* No from is not an answer from someone else... */
  g_assert_false (glint_iq_reply_is_from (NULL, "bob@example.org", account, domain));
  /* ...another resource of our account does not speak for it... */
  g_assert_false (glint_iq_reply_is_from ("alice@example.org/evil", account, account, domain));
  /* ...and nobody answers for someone else. */
  g_assert_false (glint_iq_reply_is_from ("mallory@evil.example", account, account, domain));
  g_assert_false (glint_iq_reply_is_from ("mallory@evil.example", domain, account, domain));
  g_assert_false (glint_iq_reply_is_from ("bob@example.org/phone", "bob@example.org", account, domain));
  /* Asked of a full JID (our nick in a room), only that JID answers. */
  g_assert_true (glint_iq_reply_is_from ("Lounge@conference.example.org/alice", "lounge@conference.example.org/alice",
                                         account, domain));
  g_assert_false (glint_iq_reply_is_from ("lounge@conference.example.org/bob", "lounge@conference.example.org/alice",
                                          account, domain));
  g_assert_false (glint_iq_reply_is_from ("lounge@conference.example.org", "lounge@conference.example.org/alice",
                                          account, domain));
  g_assert_false (glint_iq_reply_is_from (NULL, "lounge@conference.example.org/alice", account, domain));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reconnect/final-causes", test_final_causes);
  g_test_add_func ("/reconnect/size-cut-keeps-backoff", test_size_cut_keeps_backoff);
  g_test_add_func ("/reconnect/backoff", test_backoff);
  g_test_add_func ("/reconnect/reply-is-from", test_reply_is_from);
  return g_test_run ();
}

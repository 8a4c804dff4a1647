/* Unit tests: xmpp: links (RFC 5122, XEP-0147) */
#include <gio/gio.h>

#include "glint-xmpp-uri.h"

static GlintXmppUri *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  GlintXmppUri *uri = glint_xmpp_uri_parse (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (uri);
  return uri;
}

static void
test_chat (void)
{
  g_autoptr(GlintXmppUri) plain = parse_ok ("xmpp:bob@example.org");
  g_autoptr(GlintXmppUri) resource = parse_ok ("xmpp:Bob@Example.org/phone#top");
  g_autoptr(GlintXmppUri) unknown = parse_ok ("xmpp:bob@example.org?command;node=config");
  g_autoptr(GlintXmppUri) encoded = parse_ok ("xmpp:b%C3%B6b@example.org");

  g_assert_cmpstr (plain->jid, ==, "bob@example.org");
  g_assert_cmpint (plain->action, ==, GLINT_URI_CHAT);
  g_assert_cmpstr (resource->jid, ==, "bob@example.org");
  g_assert_cmpint (unknown->action, ==, GLINT_URI_CHAT);
  g_assert_cmpstr (encoded->jid, ==, "b\xc3\xb6" "b@example.org");
}

static void
test_message (void)
{
  g_autoptr(GlintXmppUri) uri = parse_ok ("xmpp://alice@example.org/bob@example.org?message;subject=Hi;"
                                          "body=Hello%20there%0Aline%202;body=second");
  g_autoptr(GlintXmppUri) markup = parse_ok ("xmpp:bob@example.org?message;body=%3Cb%3Ehi%3C%2Fb%3E%E2%80%AEx");

  g_assert_cmpstr (uri->jid, ==, "bob@example.org");
  g_assert_cmpint (uri->action, ==, GLINT_URI_MESSAGE);
  /* The first body only, newlines kept. */
  g_assert_cmpstr (uri->body, ==, "Hello there\nline 2");
  /* Plain text, the bidi override gone. */
  g_assert_cmpstr (markup->body, ==, "<b>hi</b>x");
}

static void
test_roster_and_join (void)
{
  g_autoptr(GlintXmppUri) roster = parse_ok ("xmpp:bob@example.org?roster;name=Bob%20B;group=Friends");
  g_autoptr(GlintXmppUri) subscribe = parse_ok ("xmpp:bob@example.org?subscribe");
  g_autoptr(GlintXmppUri) join = parse_ok ("xmpp:room@conference.example.org?join;password=x");

  g_assert_cmpint (roster->action, ==, GLINT_URI_ROSTER);
  g_assert_cmpstr (roster->name, ==, "Bob B");
  g_assert_cmpstr (roster->group, ==, "Friends");
  g_assert_cmpint (subscribe->action, ==, GLINT_URI_ROSTER);
  g_assert_null (subscribe->name);
  g_assert_cmpint (join->action, ==, GLINT_URI_JOIN);
  g_assert_cmpstr (join->jid, ==, "room@conference.example.org");
}

/* What is no link, or names no address, is refused in words. The control
 * is every test above. */
static void
test_refused (void)
{
  const char *bad[] = { "http://example.org", "xmpp:", "xmpp:?message;body=x", "xmpp:bad address@example.org",
                        "xmpp:%FF%FE@example.org", "xmpp://alice@example.org/" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (glint_xmpp_uri_parse (bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/xmpp-uri/chat", test_chat);
  g_test_add_func ("/xmpp-uri/message", test_message);
  g_test_add_func ("/xmpp-uri/roster-and-join", test_roster_and_join);
  g_test_add_func ("/xmpp-uri/refused", test_refused);
  return g_test_run ();
}

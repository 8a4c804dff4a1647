/* Unit tests: JID parsing and validation */
#include "glint-jid.h"

static void
test_parse_full (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlintJid) jid = glint_jid_parse ("Alice@Example.ORG/Desk top", &error);
  g_autofree char *bare = NULL;
  g_autofree char *full = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (jid->local, ==, "alice");
  g_assert_cmpstr (jid->domain, ==, "example.org");
  g_assert_cmpstr (jid->resource, ==, "Desk top");
  bare = glint_jid_to_bare_string (jid);
  full = glint_jid_to_string (jid);
  g_assert_cmpstr (bare, ==, "alice@example.org");
  g_assert_cmpstr (full, ==, "alice@example.org/Desk top");
}

static void
test_resource_with_slash_and_at (void)
{
  g_autoptr(GlintJid) jid = glint_jid_parse ("a@b.c/x@y/z", NULL);

  g_assert_nonnull (jid);
  g_assert_cmpstr (jid->domain, ==, "b.c");
  g_assert_cmpstr (jid->resource, ==, "x@y/z");
}

static void
test_domain_only (void)
{
  g_autoptr(GlintJid) jid = glint_jid_parse ("example.org", NULL);

  g_assert_nonnull (jid);
  g_assert_null (jid->local);
  g_assert_false (glint_jid_is_valid_bare ("example.org"));
  g_assert_true (glint_jid_is_valid_bare ("bob@example.org"));
  g_assert_false (glint_jid_is_valid_bare ("bob@example.org/res"));
}

static void
test_invalid (void)
{
  const char *bad[] = {
    "", "@example.org", "alice@", "al ice@example.org", "a<b@example.org",
    "alice@exa mple.org", "alice@example..org", "alice@.example.org", "alice@example.org/",
    "al\x01ice@example.org", "alice@example.org/\x07", "\xff\xfe@example.org",
    "a\"b@example.org", "a:b@example.org", "alice@b@example.org",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GlintJid) jid = glint_jid_parse (bad[i], &error);

      if (jid != NULL)
        g_error ("“%s” was accepted", bad[i]);
      GlintJidError want = i == 0 ? GLINT_JID_ERROR_EMPTY : GLINT_JID_ERROR_INVALID;
      g_assert_error (error, GLINT_JID_ERROR, (gint) want);
    }
}

static void
test_too_long (void)
{
  g_autofree char *local = g_strnfill (1024, 'a');
  g_autofree char *jid = g_strconcat (local, "@example.org", NULL);
  g_autofree char *huge = g_strnfill (5000, 'b');

  g_assert_null (glint_jid_parse (jid, NULL));
  g_assert_null (glint_jid_parse (huge, NULL));
}

static void
test_bare_equal (void)
{
  g_assert_true (glint_jid_bare_equal ("Bob@Example.org/phone", "bob@example.org"));
  g_assert_false (glint_jid_bare_equal ("bob@example.org", "bob@example.com"));
  g_assert_false (glint_jid_bare_equal (NULL, "bob@example.org"));
  g_assert_false (glint_jid_bare_equal ("not valid@x", "not valid@x"));
}

static void
test_ipv6_domain (void)
{
  g_autoptr(GlintJid) jid = glint_jid_parse ("alice@[::1]/r", NULL);

  g_assert_nonnull (jid);
  g_assert_cmpstr (jid->domain, ==, "[::1]");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/jid/parse-full", test_parse_full);
  g_test_add_func ("/jid/resource-with-slash-and-at", test_resource_with_slash_and_at);
  g_test_add_func ("/jid/domain-only", test_domain_only);
  g_test_add_func ("/jid/invalid", test_invalid);
  g_test_add_func ("/jid/too-long", test_too_long);
  g_test_add_func ("/jid/bare-equal", test_bare_equal);
  g_test_add_func ("/jid/ipv6-domain", test_ipv6_domain);
  return g_test_run ();
}

/* Unit tests: JID parsing and validation */
#include <string.h>

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

/* Found by fuzzing: format characters (bidi overrides, the BOM, zero-width
 * characters, interlinear annotations) and a full-width at sign passed into
 * every part, so a contact could make its address read backwards. */
static void
test_invisible_characters_refused (void)
{
  const char *bad[] = {
    "\u202Egro.elpmaxe\uFF20bob@evil.example",
    "bob\uFF20evil.example@example.org",
    "b\u202Aob@example.org", "b\u202Bob@example.org", "b\u202Cob@example.org",
    "b\u202Dob@example.org", "b\u202Eob@example.org", "\uFEFFbob@example.org",
    "bob\uFFF9x\uFFFB@example.org", "b\u200Bob@example.org", "b\u2066ob@example.org",
    "b\u00ADob@example.org", "b\uFE0Fob@example.org",
    "bob@exa\u202Emple.org", "bob@\uFEFFexample.org", "bob@example.org\u200D",
    "bob@example.org/desk\u202Etop", "bob@example.org/\uFEFF", "bob@example.org/a\u2028b",
    "bob@example.org/\uE000", "b\u1100ob@example.org", "bob\uFDD0@example.org",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    if (glint_jid_parse (bad[i], NULL) != NULL)
      g_error ("“%s” was accepted", bad[i]);

  /* Controls: letters of any script, and a resource with spaces, pass. */
  {
    g_autoptr(GlintJid) jid = glint_jid_parse ("Jos\u00E9.\u03A3\u043E\u0444\u0438\u044F@B\u00FCcher.example/My \u00C9 desk", NULL);

    g_assert_nonnull (jid);
    g_assert_cmpstr (jid->local, ==, "jos\u00E9.\u03C3\u043E\u0444\u0438\u044F");
    g_assert_cmpstr (jid->domain, ==, "b\u00FCcher.example");
    g_assert_cmpstr (jid->resource, ==, "My \u00C9 desk");
  }
}

/* Full-width letters are their plain selves (PRECIS width mapping), so the
 * same address cannot be spelled twice; a non-ASCII space in a resource is
 * a space. */
static void
test_width_and_space_mapping (void)
{
  g_autofree char *bare = glint_jid_normalize_bare ("\uFF21lice@example\u3002org");
  g_autoptr(GlintJid) jid = glint_jid_parse ("alice@example.org/a\u00A0b", NULL);

  g_assert_cmpstr (bare, ==, "alice@example.org");
  g_assert_cmpstr (jid->resource, ==, "a b");
  g_assert_true (glint_jid_bare_equal ("\uFF41lice@example.org", "alice@example.org"));
}

/* Found by fuzzing: anything in brackets passed as an IP literal. */
static void
test_ip_literal_must_be_ipv6 (void)
{
  const char *bad[] = {
    "a@[<b> x]", "a@[]", "a@[x]", "a@[1.2.3.4]", "a@[::1", "a@[::1]]", "a@[::1%eth0]",
    "a@[:::1]", "a@[1::2::3]",
  };
  g_autoptr(GlintJid) long_form = glint_jid_parse ("a@[0:0:0:0:0:0:0:1]", NULL);
  g_autoptr(GlintJid) mapped = glint_jid_parse ("a@[::FFFF:192.0.2.1]/r", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    if (glint_jid_parse (bad[i], NULL) != NULL)
      g_error ("“%s” was accepted", bad[i]);
  /* Real addresses pass, in one canonical spelling. */
  g_assert_cmpstr (long_form->domain, ==, "[::1]");
  g_assert_cmpstr (mapped->domain, ==, "[::ffff:192.0.2.1]");
}

static void
assert_stable (const char *input)
{
  g_autoptr(GlintJid) once = glint_jid_parse (input, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GlintJid) twice = NULL;
  g_autofree char *again = NULL;

  if (once == NULL)
    return;
  text = glint_jid_to_string (once);
  twice = glint_jid_parse (text, NULL);
  if (twice == NULL)
    g_error ("“%s” prepared to “%s”, which does not parse", input, text);
  again = glint_jid_to_string (twice);
  g_assert_cmpstr (again, ==, text);
  g_assert_cmpuint (strlen (once->local ? once->local : ""), <=, GLINT_JID_MAX_PART);
  g_assert_cmpuint (strlen (once->domain), <=, GLINT_JID_MAX_PART);
}

/* Found by fuzzing: NFC before lower case gave a form that normalised again
 * to another (one contact, two conversations), and limits were checked
 * before the part grew. Preparing twice gives the same address, and the
 * limits hold for what is kept. */
static void
test_preparation_is_stable (void)
{
  GString *capital_i = g_string_new (NULL);
  GString *growing = g_string_new (NULL);
  g_autoptr(GlintJid) turkish = glint_jid_parse ("\u0130\u05B0@x", NULL);
  g_autoptr(GlintJid) many = NULL;
  g_autoptr(GlintJid) too_many = NULL;
  const char *inputs[] = {
    "\u0130\u05B0@x", "A\u030A\u0323@x", "\u1E9B\u0323@x", "\u03A3\u0342\u0345@x",
    "x@\u0130\u05B0.example", "x@example.org/\u0130\u05B0", "\u00C5@x", "A\u030A@x",
    "\u2126@x", "\u212B@x", "\uFB01@x", "\u01C4@x", "x@example.org.", "X@EXAMPLE.ORG./R",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    assert_stable (inputs[i]);
  g_assert_nonnull (turkish);

  /* 400 x U+0130 was 800 bytes and grew to 1,200: prepared, it stays in
   * bounds or is refused; 600 x U+023A (2 bytes, lower case 3 bytes) grows
   * past the limit and is refused. */
  for (guint i = 0; i < 400; i++)
    g_string_append (capital_i, "\u0130");
  g_string_append (capital_i, "@x");
  many = glint_jid_parse (capital_i->str, NULL);
  g_assert_nonnull (many);
  g_assert_cmpuint (strlen (many->local), <=, GLINT_JID_MAX_PART);
  assert_stable (capital_i->str);
  for (guint i = 0; i < 400; i++)
    g_string_append (growing, "\u023A");
  g_string_append (growing, "@x");
  too_many = glint_jid_parse (growing->str, NULL);
  g_assert_null (too_many);
  g_string_free (capital_i, TRUE);
  g_string_free (growing, TRUE);
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
  g_test_add_func ("/jid/invisible-characters-refused", test_invisible_characters_refused);
  g_test_add_func ("/jid/width-and-space-mapping", test_width_and_space_mapping);
  g_test_add_func ("/jid/ip-literal-must-be-ipv6", test_ip_literal_must_be_ipv6);
  g_test_add_func ("/jid/preparation-is-stable", test_preparation_is_stable);
  return g_test_run ();
}

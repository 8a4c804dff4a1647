/* Unit tests: untrusted text made safe to show */
#include <string.h>

#include "glint-text.h"

static void
test_markup_escaped (void)
{
  g_autofree char *m = glint_text_to_link_markup ("<b>bold</b> & <i>x</i>");
  g_assert_cmpstr (m, ==, "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;x&lt;/i&gt;");
}

static void
test_links (void)
{
  g_autofree char *m = glint_text_to_link_markup ("see https://example.org/a?b=1&c=<2>, ok");
  g_assert_cmpstr (m, ==, "see <a href=\"https://example.org/a?b=1&amp;c=\">https://example.org/a?b=1&amp;c=</a>&lt;2&gt;, ok");
}

static void
test_link_with_quote_cannot_break_out (void)
{
  g_autofree char *m = glint_text_to_link_markup ("http://x.org/\"onclick=evil");
  g_assert_null (strstr (m, "\"onclick"));
}

static void
test_sanitize (void)
{
  g_autofree char *a = glint_text_sanitize ("a\x01" "b\u202Ec\nd\te", 100, TRUE);
  g_autofree char *b = glint_text_sanitize ("a\nb\tc", 100, FALSE);
  g_autofree char *c = glint_text_sanitize ("ééééé", 5, TRUE);
  g_autofree char *d = glint_text_sanitize ("ok\xff\xfe", 100, TRUE);

  g_assert_cmpstr (a, ==, "abc\nd\te");
  g_assert_cmpstr (b, ==, "a b c");
  g_assert_cmpstr (c, ==, "éé…");
  g_assert_true (g_utf8_validate (d, -1, NULL));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text/markup-escaped", test_markup_escaped);
  g_test_add_func ("/text/links", test_links);
  g_test_add_func ("/text/link-with-quote", test_link_with_quote_cannot_break_out);
  g_test_add_func ("/text/sanitize", test_sanitize);
  return g_test_run ();
}

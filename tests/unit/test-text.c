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
  g_assert_cmpstr (c, ==, "é…");
  g_assert_true (g_utf8_validate (d, -1, NULL));
}

/* Found by fuzzing: newlines and tabs, turned into spaces, skipped the
 * length check, so a 21 KB status passed a 1 KiB limit. */
static void
test_limit_holds_for_newlines (void)
{
  g_autofree char *status = g_strnfill (21 * 1024, '\n');
  g_autofree char *tabs = g_strnfill (5000, '\t');
  g_autofree char *flat = glint_text_sanitize (status, GLINT_MAX_STATUS_BYTES, FALSE);
  g_autofree char *flat_tabs = glint_text_sanitize (tabs, 100, FALSE);
  g_autofree char *kept = glint_text_sanitize (status, 100, TRUE);
  g_autofree char *short_one = glint_text_sanitize ("a\nb", 100, FALSE);

  g_assert_cmpuint (strlen (flat), <=, GLINT_MAX_STATUS_BYTES);
  g_assert_true (g_str_has_suffix (flat, "…"));
  g_assert_cmpuint (strlen (flat_tabs), <=, 100);
  g_assert_cmpuint (strlen (kept), <=, 100);
  /* Control: a short text is turned into spaces and kept whole. */
  g_assert_cmpstr (short_one, ==, "a b");
}

/* The ellipsis of a cut text counts against the limit (it was 3 bytes over),
 * whatever the limit. */
static void
test_cut_fits_the_limit (void)
{
  const char *text = "ab€cdéfgh\nijk";

  for (gsize limit = 0; limit < 24; limit++)
    {
      g_autofree char *cut = glint_text_sanitize (text, limit, TRUE);

      g_assert_cmpuint (strlen (cut), <=, limit);
      g_assert_true (g_utf8_validate (cut, -1, NULL));
      if (limit >= strlen (text))
        g_assert_cmpstr (cut, ==, text);
      else if (limit >= 3)
        g_assert_true (g_str_has_suffix (cut, "…"));
    }
}

/* Found by fuzzing: a body of DEL characters, or a lone U+202E, became an
 * empty message. What is empty after cleaning is no text. */
static void
test_nothing_left_is_none (void)
{
  g_autofree char *del = glint_text_sanitize_nonempty ("\x7f\x7f\x7f", 100, TRUE);
  g_autofree char *rlo = glint_text_sanitize_nonempty ("\u202E", 100, TRUE);
  g_autofree char *spaces = glint_text_sanitize_nonempty (" \n\t\u200E", 100, TRUE);
  g_autofree char *word = glint_text_sanitize_nonempty ("\x7f hi \u202E", 100, TRUE);

  g_assert_null (del);
  g_assert_null (rlo);
  g_assert_null (glint_text_sanitize_nonempty (NULL, 100, TRUE));
  g_assert_null (glint_text_sanitize_nonempty ("\n \n", 100, TRUE));
  /* White space and invisible marks alone are nothing either; a real word
   * is kept with its spaces. */
  g_assert_null (spaces);
  g_assert_cmpstr (word, ==, " hi ");
}

/* A search snippet: matches in bold, everything else escaped; stray or
 * unbalanced marks cannot open a tag that is never closed. */
static void
test_snippet_markup (void)
{
  g_autofree char *a = glint_text_snippet_to_markup ("see the \x02walrus\x03 <b>now</b> & \x02Then\x03");
  g_autofree char *b = glint_text_snippet_to_markup ("\x03odd\x02 open");
  g_autofree char *c = glint_text_snippet_to_markup ("new\nline");

  g_assert_cmpstr (a, ==, "see the <b>walrus</b> &lt;b&gt;now&lt;/b&gt; &amp; <b>Then</b>");
  g_assert_cmpstr (b, ==, "odd<b> open</b>");
  g_assert_cmpstr (c, ==, "new line");
}

/* Found by hostile contacts: one letter with 100,000 combining accents, or
 * one 200 KB word, froze the window while Pango laid it out. What is laid
 * out at first is bounded; the stored text is not touched. */
static void
test_display_excerpt (void)
{
  GString *zalgo = g_string_new ("a");
  g_autofree char *word = g_strnfill (200 * 1024, 'x');
  g_autofree char *marks = NULL;
  g_autofree char *first = NULL;
  g_autofree char *short_one = NULL;
  g_autofree char *vietnamese = NULL;
  gboolean cut = FALSE;

  for (guint i = 0; i < 100000; i++)
    g_string_append (zalgo, "\u0301");
  marks = glint_text_display_excerpt (zalgo->str, G_MAXSIZE, &cut);
  g_assert_cmpuint (g_utf8_strlen (marks, -1), ==, 1 + GLINT_DISPLAY_MAX_MARKS);
  g_assert_false (cut);

  first = glint_text_display_excerpt (word, GLINT_DISPLAY_FIRST_BYTES, &cut);
  g_assert_true (cut);
  g_assert_cmpuint (strlen (first), ==, GLINT_DISPLAY_FIRST_BYTES);
  g_assert_true (glint_text_has_long_word (word, GLINT_DISPLAY_LONG_WORD));

  /* Controls: ordinary text, with the marks a script needs, is whole. */
  short_one = glint_text_display_excerpt ("hello, world", GLINT_DISPLAY_FIRST_BYTES, &cut);
  g_assert_cmpstr (short_one, ==, "hello, world");
  g_assert_false (cut);
  vietnamese = glint_text_display_excerpt ("Vi\u1EC7t Nam, ti\u00EA\u0301ng", 100, &cut);
  g_assert_cmpstr (vietnamese, ==, "Vi\u1EC7t Nam, ti\u00EA\u0301ng");
  g_assert_false (glint_text_has_long_word ("hello world, a normal message", GLINT_DISPLAY_LONG_WORD));
  g_string_free (zalgo, TRUE);
}

/* Each time format, today and another day; 12-hour hours are not padded. */
static void
test_format_time (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) when = g_date_time_new (utc, 2026, 3, 4, 7, 5, 9);
  g_autoptr(GDateTime) now = g_date_time_new (utc, 2026, 3, 4, 23, 0, 0);
  g_autoptr(GDateTime) later = g_date_time_new (utc, 2026, 3, 5, 8, 0, 0);
  gint64 ms = g_date_time_to_unix (when) * 1000;
  g_autofree char *h24 = NULL, *h24s = NULL, *h12 = NULL, *h12s = NULL, *dated = NULL;

  h24 = glint_text_format_time (ms, 0, now);
  h24s = glint_text_format_time (ms, 1, now);
  h12 = glint_text_format_time (ms, 2, now);
  h12s = glint_text_format_time (ms, 3, now);
  dated = glint_text_format_time (ms, 0, later);
  g_assert_cmpstr (h24, ==, "07:05");
  g_assert_cmpstr (h24s, ==, "07:05:09");
  g_assert_true (g_str_has_prefix (h12, "7:05 "));
  g_assert_true (g_str_has_prefix (h12s, "7:05:09 "));
  g_assert_true (g_str_has_suffix (dated, " 07:05") && strlen (dated) > strlen ("07:05 "));
}

int
main (int argc, char *argv[])
{
  /* Local times are compared with UTC ones. */
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text/markup-escaped", test_markup_escaped);
  g_test_add_func ("/text/links", test_links);
  g_test_add_func ("/text/link-with-quote", test_link_with_quote_cannot_break_out);
  g_test_add_func ("/text/sanitize", test_sanitize);
  g_test_add_func ("/text/limit-holds-for-newlines", test_limit_holds_for_newlines);
  g_test_add_func ("/text/cut-fits-the-limit", test_cut_fits_the_limit);
  g_test_add_func ("/text/nothing-left-is-none", test_nothing_left_is_none);
  g_test_add_func ("/text/snippet-markup", test_snippet_markup);
  g_test_add_func ("/text/display-excerpt", test_display_excerpt);
  g_test_add_func ("/text/format-time", test_format_time);
  return g_test_run ();
}

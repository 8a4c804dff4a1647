/* glint-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-text"

#include "glint-text.h"

#include <string.h>

static gboolean
is_unwanted (gunichar c,
             gboolean keep_newlines)
{
  if (c == '\n' || c == '\t')
    return !keep_newlines;
  if (g_unichar_iscntrl (c))
    return TRUE;
  /* Bidi embeddings and overrides could make the text around them lie;
   * isolates (2066..2069) are harmless and kept. */
  if ((c >= 0x202A && c <= 0x202E) || c == 0x2028 || c == 0x2029)
    return TRUE;
  return c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB);
}

/* Cuts @out back to a character boundary where "…" still fits in
 * @max_bytes, and appends it (or nothing, when even that does not fit). */
static void
append_ellipsis (GString *out,
                 gsize    max_bytes)
{
  const gsize ellipsis = strlen ("…");

  if (max_bytes < ellipsis)
    {
      g_string_truncate (out, 0);
      return;
    }
  while (out->len + ellipsis > max_bytes)
    {
      const char *last = g_utf8_find_prev_char (out->str, out->str + out->len);
      g_string_truncate (out, last ? (gsize) (last - out->str) : 0);
    }
  g_string_append (out, "…");
}

/* Returns valid UTF-8 without control characters or bidi overrides, cut at a
 * character boundary to at most @max_bytes, an ellipsis included when cut. */
char *
glint_text_sanitize (const char *text,
                     gsize       max_bytes,
                     gboolean    keep_newlines)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return NULL;
  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (MIN (strlen (valid), max_bytes) + 1);

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *bytes = p;
      gsize len = g_utf8_next_char (p) - p;

      if (is_unwanted (c, keep_newlines))
        {
          if (keep_newlines || (c != '\n' && c != '\t'))
            continue;
          bytes = " ";
          len = 1;
        }
      if (out->len + len > max_bytes)
        {
          append_ellipsis (out, max_bytes);
          break;
        }
      g_string_append_len (out, bytes, len);
    }
  return g_string_free (out, FALSE);
}

/* Sanitised @text, or NULL when nothing visible is left of it: a name,
 * group or body made only of characters Glint strips, white space or
 * invisible marks is no text. */
char *
glint_text_sanitize_nonempty (const char *text,
                              gsize       max_bytes,
                              gboolean    keep_newlines)
{
  g_autofree char *clean = glint_text_sanitize (text, max_bytes, keep_newlines);

  for (const char *p = clean; p && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && g_unichar_type (c) != G_UNICODE_FORMAT)
        return g_steal_pointer (&clean);
    }
  return NULL;
}

/* Pango markup for a message: the text escaped in full, with web links made
 * clickable. Nothing a contact writes is ever read as markup. */
char *
glint_text_to_link_markup (const char *text)
{
  static GRegex *link_re;
  g_autoptr(GMatchInfo) match = NULL;
  GString *out = g_string_new (NULL);
  int last = 0;

  if (g_once_init_enter (&link_re))
    g_once_init_leave (&link_re, g_regex_new ("\\b(?:https?://|xmpp:|mailto:)[^\\s<>\"]+[^\\s<>\".,;:!?)\\]']",
                                              G_REGEX_OPTIMIZE | G_REGEX_CASELESS, 0, NULL));

  g_regex_match (link_re, text, 0, &match);
  while (g_match_info_matches (match))
    {
      int start, end;
      g_autofree char *before = NULL;
      g_autofree char *url = NULL;
      g_autofree char *escaped_url = NULL;

      g_match_info_fetch_pos (match, 0, &start, &end);
      before = g_markup_escape_text (text + last, start - last);
      url = g_strndup (text + start, end - start);
      escaped_url = g_markup_escape_text (url, -1);
      g_string_append (out, before);
      g_string_append_printf (out, "<a href=\"%s\">%s</a>", escaped_url, escaped_url);
      last = end;
      g_match_info_next (match, NULL);
    }
  {
    g_autofree char *rest = g_markup_escape_text (text + last, -1);
    g_string_append (out, rest);
  }
  return g_string_free (out, FALSE);
}

/* Pango markup for a search snippet, whose matches the store marks with
 * \x02 and \x03: the text escaped in full, the matches in bold. */
char *
glint_text_snippet_to_markup (const char *snippet)
{
  GString *out = g_string_new (NULL);
  gboolean in_match = FALSE;
  const char *start = snippet;

  for (const char *p = snippet; ; p++)
    {
      if (*p != '\0' && *p != '\x02' && *p != '\x03')
        continue;
      {
        g_autofree char *clean = g_strndup (start, p - start);
        g_autofree char *text = glint_text_sanitize (clean, GLINT_MAX_BODY_BYTES, FALSE);
        g_autofree char *escaped = g_markup_escape_text (text, -1);

        g_string_append (out, escaped);
      }
      if (*p == '\0')
        break;
      if ((*p == '\x02') != in_match)
        {
          g_string_append (out, in_match ? "</b>" : "<b>");
          in_match = !in_match;
        }
      start = p + 1;
    }
  if (in_match)
    g_string_append (out, "</b>");
  return g_string_free (out, FALSE);
}

static gboolean
is_mark (gunichar c)
{
  GUnicodeType type = g_unichar_type (c);

  return type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK
         || type == G_UNICODE_ENCLOSING_MARK;
}

/* What of a message is laid out at first: Pango's layout time grows faster
 * than linearly with the length of one cluster of combining marks, so each
 * cluster keeps at most GLINT_DISPLAY_MAX_MARKS of them (no script needs
 * more); and at most @max_bytes are shown (cut at a character boundary,
 * *cut set), the rest on demand. The stored message is untouched. */
char *
glint_text_display_excerpt (const char *text,
                            gsize       max_bytes,
                            gboolean   *cut)
{
  GString *out = g_string_sized_new (MIN (strlen (text), max_bytes) + 1);
  guint marks = 0;

  *cut = FALSE;
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gsize len = g_utf8_next_char (p) - p;

      if (is_mark (c))
        {
          if (++marks > GLINT_DISPLAY_MAX_MARKS)
            continue;
        }
      else
        marks = 0;
      if (out->len + len > max_bytes)
        {
          *cut = TRUE;
          break;
        }
      g_string_append_len (out, p, len);
    }
  return g_string_free (out, FALSE);
}

/* Whether @text has a run of more than @max_chars characters without a
 * space: laid out word by word, such a run costs Pango the square of its
 * length, so it is wrapped at any character instead. */
gboolean
glint_text_has_long_word (const char *text,
                          guint       max_chars)
{
  guint run = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      if (g_unichar_isspace (g_utf8_get_char (p)))
        run = 0;
      else if (++run > max_chars)
        return TRUE;
    }
  return FALSE;
}

/* When a message was sent, as the user wants times written: @format is
 * the time-format preference (24 h, 24 h with seconds, 12 h, 12 h with
 * seconds; the 12-hour hour unpadded). The date goes before it unless it was on @now's day. */
char *
glint_text_format_time (gint64     time_ms,
                        guint      format,
                        GDateTime *now)
{
  static const char * const formats[] = { "%H:%M", "%H:%M:%S", "%-l:%M %p", "%-l:%M:%S %p" };
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (time_ms / 1000);
  g_autofree char *time = NULL;

  if (dt == NULL)
    return g_strdup ("");
  time = g_date_time_format (dt, formats[MIN (format, G_N_ELEMENTS (formats) - 1)]);
  if (now && g_date_time_get_year (dt) == g_date_time_get_year (now)
      && g_date_time_get_day_of_year (dt) == g_date_time_get_day_of_year (now))
    return g_steal_pointer (&time);
  {
    g_autofree char *date = g_date_time_format (dt, "%x");

    return g_strdup_printf ("%s %s", date, time);
  }
}

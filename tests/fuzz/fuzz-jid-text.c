/* fuzz-jid-text: addresses parsed, prepared and compared; text cleaned to
 * an arbitrary limit and turned into link markup.
 *
 * Input: two bytes of limit (little-endian), one byte of flags (bit 0:
 * keep newlines), then the text, which is also tried as an address.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "glint-fuzz-checks.h"
#include "glint-jid.h"
#include "glint-text.h"

#include <string.h>

static void
check_address (const char *text)
{
  g_autoptr(GlintJid) jid = glint_jid_parse (text, NULL);
  g_autofree char *full = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *bare_again = NULL;

  if (jid == NULL)
    {
      /* Refused as a whole means refused in every form. */
      GLINT_FUZZ_CHECK (glint_jid_normalize_bare (text) == NULL, "a refused address has no bare form");
      GLINT_FUZZ_CHECK (!glint_jid_bare_equal (text, text), "a refused address equals nothing");
      return;
    }
  full = glint_jid_to_string (jid);
  bare = glint_jid_to_bare_string (jid);
  glint_fuzz_check_jid (full, FALSE);
  glint_fuzz_check_jid (bare, TRUE);
  GLINT_FUZZ_CHECK (glint_jid_bare_equal (text, full), "an address equals its prepared form");
  GLINT_FUZZ_CHECK (glint_jid_bare_equal (text, bare), "an address equals its bare form");
  bare_again = glint_jid_normalize_bare (full);
  GLINT_FUZZ_CHECK (g_strcmp0 (bare_again, bare) == 0, "the bare form is stable");
  GLINT_FUZZ_CHECK (glint_jid_is_valid_bare (bare) == (jid->local != NULL),
                    "a bare address with a local part is a valid contact");
}

static void
on_start (GMarkupParseContext  *context,
          const char           *element,
          const char          **names,
          const char          **values,
          gpointer              user_data,
          GError              **error)
{
  GLINT_FUZZ_CHECK (strcmp (element, "markup") == 0 || strcmp (element, "a") == 0,
                    "link markup holds links only");
}

static const GMarkupParser markup_parser = { .start_element = on_start };

/* The markup for a message is well-formed, and its text is the message. */
static void
check_link_markup (const char *text)
{
  g_autofree char *markup = glint_text_to_link_markup (text);
  g_autofree char *wrapped = g_strconcat ("<markup>", markup, "</markup>", NULL);
  g_autoptr(GMarkupParseContext) parse = g_markup_parse_context_new (&markup_parser, 0, NULL, NULL);
  g_autoptr(GError) error = NULL;

  GLINT_FUZZ_CHECK (g_markup_parse_context_parse (parse, wrapped, -1, &error)
                    && g_markup_parse_context_end_parse (parse, &error),
                    "link markup parses");
}

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = NULL;
  g_autofree char *clean = NULL;
  g_autofree char *visible = NULL;
  gsize limit;
  gboolean newlines;

  if (size < 3)
    return 0;
  limit = data[0] | (data[1] << 8);
  newlines = data[2] & 1;
  text = glint_fuzz_string (data + 3, size - 3);
  if (text == NULL)
    return 0;

  clean = glint_text_sanitize (text, limit, newlines);
  glint_fuzz_check_text (clean, limit, newlines);
  visible = glint_text_sanitize_nonempty (text, limit, newlines);
  GLINT_FUZZ_CHECK (visible == NULL || strcmp (visible, clean) == 0,
                    "what has something visible is the cleaned text");
  {
    g_autofree char *again = glint_text_sanitize (clean, limit, newlines);
    GLINT_FUZZ_CHECK (strcmp (again, clean) == 0, "cleaning twice changes nothing");
  }
  check_link_markup (clean);
  check_address (text);
  return 0;
}

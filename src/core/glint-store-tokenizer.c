/* glint-store-tokenizer.c: the words FTS5 indexes and searches, in any language
 *
 * SQLite's own tokenizers fall short for a chat history: unicode61 keeps a
 * run of Chinese, Japanese or Thai (written without spaces) as one token,
 * so a word inside it is never found, and folds diacritics of Latin only;
 * trigram folds no case or accent before SQLite 3.45 and needs three
 * characters. No packaged library offers an FTS5 tokenizer, so Glint has
 * its own:
 *
 *  - a word is a run of letters, digits and their marks;
 *  - in scripts written without spaces (and in Korean, whose particles
 *    cling to the word before them) each character (with its marks) is
 *    a token, and a search for several is a phrase, so it matches where
 *    they stand together;
 *  - tokens are NFKC, case folded, and Latin, Greek, Arabic and Hebrew
 *    letters lose their accents and vowel points (é → e, ά → α); a few
 *    letters with a stroke are folded too.
 *
 * It is part of the store, which registers it on each of its connections
 * (fts5_api_of() is the one way SQLite hands out FTS5's API).
 *
 * Queries pass through the same code (each word is quoted into an FTS5
 * string), so "Cafe" finds "café" and "東京" finds "…東京に…".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-store"

#include "config.h"

#include <string.h>

#include "glint-store-tokenizer.h"

/* Tokens past this are cut: an index entry for a pasted key or blob has no
 * use beyond its start. */
#define MAX_TOKEN_BYTES 256

static gboolean
is_mark (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_NON_SPACING_MARK:
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
is_unspaced (gunichar c)
{
  switch (g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_THAI:
    case G_UNICODE_SCRIPT_LAO:
    case G_UNICODE_SCRIPT_KHMER:
    case G_UNICODE_SCRIPT_MYANMAR:
    case G_UNICODE_SCRIPT_TIBETAN:
    case G_UNICODE_SCRIPT_BOPOMOFO:
    case G_UNICODE_SCRIPT_YI:
    /* Korean has spaces, but particles cling to the word before them. */
    case G_UNICODE_SCRIPT_HANGUL:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Letters with a stroke or bar that no decomposition takes apart. */
static gunichar
fold_letter (gunichar c)
{
  switch (c)
    {
    case 0x0141: case 0x0142: return 'l'; /* Ł ł */
    case 0x00D8: case 0x00F8: return 'o'; /* Ø ø */
    case 0x0110: case 0x0111: return 'd'; /* Đ đ */
    case 0x0126: case 0x0127: return 'h'; /* Ħ ħ */
    case 0x0131: return 'i';              /* dotless ı */
    default: return c;
    }
}

static gboolean
folds_accents (GUnicodeScript script)
{
  /* Accents in these scripts are optional to writers (Arabic and Hebrew
   * vowel points included); elsewhere a mark is a letter's vowel (Indic,
   * Thai) or makes another letter (Cyrillic й), and stays. */
  switch (script)
    {
    case G_UNICODE_SCRIPT_LATIN:
    case G_UNICODE_SCRIPT_GREEK:
    case G_UNICODE_SCRIPT_ARABIC:
    case G_UNICODE_SCRIPT_HEBREW:
      return TRUE;
    default:
      return FALSE;
    }
}

char *
glint_tokenizer_fold (const char *text,
                      gssize      len)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  GString *kept;
  GUnicodeScript base = G_UNICODE_SCRIPT_COMMON;
  gunichar last = 0;
  gboolean ascii = TRUE;

  if (len < 0)
    len = strlen (text);
  for (gssize i = 0; i < len && ascii; i++)
    ascii = (guchar) text[i] < 0x80;
  if (ascii)
    return g_ascii_strdown (text, len);

  /* Taking accents off is taking marks off after decomposing. */
  decomposed = g_utf8_normalize (text, len, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_strdup ("");
  kept = g_string_sized_new (len);
  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_mark (c))
        {
          /* Russian writes ё as е as often as not. */
          gboolean yo = c == 0x0308 && (last == 0x0415 || last == 0x0435);

          if (!folds_accents (base) && !yo)
            g_string_append_unichar (kept, c);
          continue;
        }
      base = g_unichar_get_script (c);
      last = c;
      g_string_append_unichar (kept, fold_letter (c));
    }
  folded = g_utf8_casefold (kept->str, kept->len);
  g_string_free (kept, TRUE);
  return g_utf8_normalize (folded, -1, G_NORMALIZE_NFKC);
}

typedef enum
{
  RUN_NONE,
  RUN_WORD,
  RUN_CLUSTER,
} RunKind;

typedef struct
{
  void *ctx;
  int (*emit) (void *, int, const char *, int, int, int);
  const char *text;
} Emitter;

static int
emit_run (Emitter *e,
          int      start,
          int      end)
{
  g_autofree char *token = glint_tokenizer_fold (e->text + start, end - start);
  gsize n = strlen (token);

  if (n == 0)
    return SQLITE_OK;
  if (n > MAX_TOKEN_BYTES)
    n = g_utf8_find_prev_char (token, token + MAX_TOKEN_BYTES + 1) - token;
  return e->emit (e->ctx, 0, token, n, start, end);
}

static int
tokenize (Fts5Tokenizer *tokenizer,
          void          *ctx,
          int            flags,
          const char    *text,
          int            n_text,
          int          (*emit) (void *, int, const char *, int, int, int))
{
  Emitter e = { ctx, emit, text };
  RunKind kind = RUN_NONE;
  int start = 0;
  int i = 0;
  int rc = SQLITE_OK;

  while (i < n_text && rc == SQLITE_OK)
    {
      gunichar c = g_utf8_get_char_validated (text + i, n_text - i);
      int width;
      RunKind next;
      gboolean boundary;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8: a separator, one byte wide. */
          c = ' ';
          width = 1;
        }
      else
        width = g_utf8_next_char (text + i) - (text + i);

      if (is_mark (c))
        next = kind;
      else if (is_unspaced (c) && g_unichar_isalpha (c))
        next = RUN_CLUSTER;
      else if (g_unichar_isalnum (c))
        next = RUN_WORD;
      else
        next = RUN_NONE;

      /* A cluster is one character and its marks; a word goes on while
       * letters do. */
      boundary = next != kind || (next == RUN_CLUSTER && !is_mark (c));
      if (boundary && kind != RUN_NONE)
        rc = emit_run (&e, start, i);
      if (boundary)
        start = i;
      kind = next;
      i += width;
    }
  if (rc == SQLITE_OK && kind != RUN_NONE)
    rc = emit_run (&e, start, i);
  return rc;
}

static int
tokenizer_create (void           *data,
                  const char    **args,
                  int             n_args,
                  Fts5Tokenizer **out)
{
  /* Stateless: any non-NULL handle will do. */
  *out = (Fts5Tokenizer *) data;
  return SQLITE_OK;
}

static void
tokenizer_delete (Fts5Tokenizer *tokenizer)
{
}

static fts5_api *
fts5_api_of (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) == SQLITE_OK)
    {
      sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
      sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  return api;
}

/* Makes the tokenizer "glint" known to @db; every connection that reads or
 * writes the index needs it. */
gboolean
glint_tokenizer_register (sqlite3 *db)
{
  static fts5_tokenizer tokenizer = { tokenizer_create, tokenizer_delete, tokenize };
  fts5_api *api = fts5_api_of (db);

  if (api == NULL || api->iVersion < 2)
    return FALSE;
  /* The tokenizer's own table is its (never used) handle. */
  return api->xCreateTokenizer (api, "glint", &tokenizer, &tokenizer, NULL) == SQLITE_OK;
}

/* glint-jid.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-jid"

#include "glint-jid.h"

#include <arpa/inet.h>
#include <string.h>

G_DEFINE_QUARK (glint-jid-error-quark, glint_jid_error)

void
glint_jid_free (GlintJid *jid)
{
  if (jid == NULL)
    return;
  g_free (jid->local);
  g_free (jid->domain);
  g_free (jid->resource);
  g_free (jid);
}

/* RFC 7622 prepares each part with a PRECIS profile (RFC 8264/8265/8266).
 * No library on the platform implements PRECIS (libidn2 does IDNA only), so
 * the rules Glint relies on are applied here: width and case mapping, NFC,
 * and the characters the IdentifierClass and FreeformClass disallow. One
 * leniency: symbols and punctuation outside ASCII are accepted in local
 * parts, since servers that prepare with stringprep create such accounts. */

typedef enum
{
  PART_LOCAL,
  PART_DOMAIN,
  PART_RESOURCE,
} PartKind;

/* Default-ignorable code points that are not format characters. */
static gboolean
is_ignorable (gunichar c)
{
  return c == 0x034F || c == 0x115F || c == 0x1160 || c == 0x17B4 || c == 0x17B5
         || (c >= 0x180B && c <= 0x180F) || c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F)
         || c == 0xFFA0 || (c >= 0xE0000 && c <= 0xE0FFF);
}

/* Conjoining jamo left over after NFC are old Hangul (PRECIS OldHangulJamo). */
static gboolean
is_old_hangul_jamo (gunichar c)
{
  return (c >= 0x1100 && c <= 0x11FF) || (c >= 0xA960 && c <= 0xA97F) || (c >= 0xD7B0 && c <= 0xD7FF);
}

/* Disallowed in every part: controls, format characters (bidi embeddings,
 * overrides and isolates, zero-width joiners, the BOM, interlinear
 * annotations), line and paragraph separators, surrogates, private use,
 * unassigned code points and noncharacters. At least everything
 * glint_text_sanitize() removes is here. */
static gboolean
is_disallowed (gunichar c)
{
  switch (g_unichar_type (c))
    {
    case G_UNICODE_CONTROL:
    case G_UNICODE_FORMAT:
    case G_UNICODE_UNASSIGNED:
    case G_UNICODE_PRIVATE_USE:
    case G_UNICODE_SURROGATE:
    case G_UNICODE_LINE_SEPARATOR:
    case G_UNICODE_PARAGRAPH_SEPARATOR:
      return TRUE;
    default:
      break;
    }
  return (c & 0xFFFE) == 0xFFFE || (c >= 0xFDD0 && c <= 0xFDEF)
         || is_ignorable (c) || is_old_hangul_jamo (c);
}

/* Whether @c has a compatibility decomposition (PRECIS HasCompat). */
static gboolean
has_compat (gunichar c)
{
  gunichar canonical[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gunichar compat[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
  gsize n_canonical = g_unichar_fully_decompose (c, FALSE, canonical, G_N_ELEMENTS (canonical));
  gsize n_compat = g_unichar_fully_decompose (c, TRUE, compat, G_N_ELEMENTS (compat));

  return n_canonical != n_compat
         || memcmp (canonical, compat, n_compat * sizeof (gunichar)) != 0;
}

/* Full-width and half-width forms to their plain equivalents (the PRECIS
 * width-mapping rule), so "ａｌｉｃｅ＠" cannot pose as "alice@". */
static gunichar
map_width (gunichar c)
{
  gunichar out[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];

  if (c < 0xFF01 || c > 0xFFEE)
    return c;
  return g_unichar_fully_decompose (c, TRUE, out, G_N_ELEMENTS (out)) == 1 ? out[0] : c;
}

/* One pass of the mapping rules, or NULL when the result is not valid. The
 * case mapping is per character (locale-independent), and comes before
 * NFC, which may reorder what it produced. */
static char *
map_part (const char *part,
          PartKind    kind)
{
  g_autoptr(GString) mapped = g_string_new (NULL);

  for (const char *p = part; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (kind)
        {
        case PART_DOMAIN:
          /* Ideographic and full-width full stops separate labels (IDNA). */
          if (c == 0x3002 || c == 0xFF0E || c == 0xFF61)
            c = '.';
          G_GNUC_FALLTHROUGH;
        case PART_LOCAL:
          c = g_unichar_tolower (map_width (c));
          break;
        case PART_RESOURCE:
          /* Other spaces become the ASCII space (OpaqueString profile). */
          if (c != ' ' && g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR)
            c = ' ';
          break;
        }
      g_string_append_unichar (mapped, c);
    }
  return g_utf8_normalize (mapped->str, mapped->len, G_NORMALIZE_NFC);
}

static gboolean
chars_are_valid (const char *part,
                 PartKind    kind)
{
  for (const char *p = part; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_disallowed (c))
        return FALSE;
      if (kind == PART_RESOURCE)
        continue;
      if (g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_SPACE_SEPARATOR || has_compat (c))
        return FALSE;
      /* RFC 7622 3.3.1 for local parts; the same and the separators for domains. */
      if (c < 0x80 && strchr ("\"&'/:<>@", (int) c) != NULL)
        return FALSE;
      if (kind == PART_DOMAIN && (c == '[' || c == ']' || c == '\\'))
        return FALSE;
    }
  return TRUE;
}

/* An IP literal: a real IPv6 address in brackets, in its canonical form. */
static char *
prepare_ip_literal (const char *domain)
{
  gsize len = strlen (domain);
  g_autofree char *inner = NULL;
  struct in6_addr addr;
  char text[INET6_ADDRSTRLEN];

  if (len < 3 || domain[len - 1] != ']')
    return NULL;
  inner = g_strndup (domain + 1, len - 2);
  if (inet_pton (AF_INET6, inner, &addr) != 1
      || inet_ntop (AF_INET6, &addr, text, sizeof text) == NULL)
    return NULL;
  return g_strconcat ("[", text, "]", NULL);
}

/* The prepared form of one part, or NULL when the part is not valid. The
 * limits apply to the prepared form, and preparing it again changes
 * nothing (or the part is refused): one address, one spelling. */
static char *
prepare_part (const char *part,
              PartKind    kind)
{
  g_autofree char *once = NULL;
  g_autofree char *twice = NULL;
  gsize len;

  if (kind == PART_DOMAIN && part[0] == '[')
    return prepare_ip_literal (part);

  once = map_part (part, kind);
  if (once == NULL)
    return NULL;
  len = strlen (once);
  /* A domain may end in a dot, which is not part of it (RFC 7622 3.2). */
  if (kind == PART_DOMAIN && len > 1 && once[len - 1] == '.')
    once[--len] = '\0';
  if (len == 0 || len > GLINT_JID_MAX_PART || !chars_are_valid (once, kind))
    return NULL;
  if (kind == PART_DOMAIN
      && (once[0] == '.' || once[len - 1] == '.' || strstr (once, "..") != NULL))
    return NULL;

  twice = map_part (once, kind);
  if (g_strcmp0 (once, twice) != 0)
    return NULL;
  return g_steal_pointer (&once);
}

GlintJid *
glint_jid_parse (const char  *str,
                 GError     **error)
{
  g_autoptr(GlintJid) jid = NULL;
  g_autofree char *copy = NULL;
  char *slash, *at, *domain;

  if (str == NULL || *str == '\0')
    {
      g_set_error_literal (error, GLINT_JID_ERROR, GLINT_JID_ERROR_EMPTY,
                           "The address is empty");
      return NULL;
    }
  if (!g_utf8_validate (str, -1, NULL))
    {
      g_set_error_literal (error, GLINT_JID_ERROR, GLINT_JID_ERROR_INVALID,
                           "The address is not valid UTF-8");
      return NULL;
    }
  if (strlen (str) > 3 * GLINT_JID_MAX_PART + 2)
    {
      g_set_error_literal (error, GLINT_JID_ERROR, GLINT_JID_ERROR_TOO_LONG,
                           "The address is too long");
      return NULL;
    }

  copy = g_strdup (str);
  jid = g_new0 (GlintJid, 1);

  /* The resource starts at the first slash and may itself contain '@' and '/'. */
  slash = strchr (copy, '/');
  if (slash != NULL)
    {
      *slash = '\0';
      jid->resource = prepare_part (slash + 1, PART_RESOURCE);
      if (jid->resource == NULL)
        goto invalid;
    }

  at = strchr (copy, '@');
  domain = copy;
  if (at != NULL)
    {
      *at = '\0';
      jid->local = prepare_part (copy, PART_LOCAL);
      if (jid->local == NULL)
        goto invalid;
      domain = at + 1;
    }

  jid->domain = prepare_part (domain, PART_DOMAIN);
  if (jid->domain == NULL)
    goto invalid;

  return g_steal_pointer (&jid);

invalid:
  g_set_error (error, GLINT_JID_ERROR, GLINT_JID_ERROR_INVALID,
               "“%s” is not a valid address", str);
  return NULL;
}

char *
glint_jid_to_bare_string (const GlintJid *jid)
{
  if (jid->local != NULL)
    return g_strconcat (jid->local, "@", jid->domain, NULL);
  return g_strdup (jid->domain);
}

char *
glint_jid_to_string (const GlintJid *jid)
{
  g_autofree char *bare = glint_jid_to_bare_string (jid);

  if (jid->resource != NULL)
    return g_strconcat (bare, "/", jid->resource, NULL);
  return g_steal_pointer (&bare);
}

/* Returns the normalised bare form of @str, or NULL when @str is no JID. */
char *
glint_jid_normalize_bare (const char *str)
{
  g_autoptr(GlintJid) jid = glint_jid_parse (str, NULL);

  return jid ? glint_jid_to_bare_string (jid) : NULL;
}

/* A user-entered contact or account address: local@domain, no resource. */
gboolean
glint_jid_is_valid_bare (const char *str)
{
  g_autoptr(GlintJid) jid = glint_jid_parse (str, NULL);

  return jid != NULL && jid->local != NULL && jid->resource == NULL;
}

gboolean
glint_jid_bare_equal (const char *a,
                      const char *b)
{
  g_autofree char *na = NULL;
  g_autofree char *nb = NULL;

  if (a == NULL || b == NULL)
    return FALSE;
  na = glint_jid_normalize_bare (a);
  nb = glint_jid_normalize_bare (b);
  return na != NULL && nb != NULL && strcmp (na, nb) == 0;
}

/* Whether @str names exactly the bare address @bare, no resource: what
 * speaks for an account (roster pushes, carbons, its archive) is the bare
 * JID, never one of its sessions. */
gboolean
glint_jid_is_exactly_bare (const char *str,
                           const char *bare)
{
  g_autoptr(GlintJid) jid = glint_jid_parse (str, NULL);
  g_autofree char *prepared = NULL;
  g_autofree char *want = NULL;

  if (jid == NULL || jid->resource != NULL || bare == NULL)
    return FALSE;
  prepared = glint_jid_to_bare_string (jid);
  want = glint_jid_normalize_bare (bare);
  return g_strcmp0 (prepared, want) == 0;
}

/* glint-jid.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-jid"

#include "glint-jid.h"

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

static gboolean
has_control_chars (const char *s)
{
  for (const char *p = s; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        return TRUE;
    }
  return FALSE;
}

/* Characters RFC 7622 forbids in a localpart. */
static gboolean
local_is_valid (const char *local)
{
  if (*local == '\0' || has_control_chars (local))
    return FALSE;
  for (const char *p = local; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (strchr ("\"&'/:<>@", (int) c) != NULL && c < 0x80)
        return FALSE;
      if (g_unichar_isspace (c))
        return FALSE;
    }
  return TRUE;
}

static gboolean
domain_is_valid (const char *domain)
{
  gsize len = strlen (domain);

  if (len == 0 || has_control_chars (domain))
    return FALSE;
  if (domain[0] == '[')
    return domain[len - 1] == ']' && len > 2;
  if (domain[0] == '.' || domain[len - 1] == '.' || strstr (domain, "..") != NULL)
    return FALSE;
  for (const char *p = domain; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c) || c == '@' || c == '/' || c == '<' || c == '>'
          || c == '"' || c == '\'' || c == '&' || c == ':')
        return FALSE;
    }
  return TRUE;
}

static char *
normalize_part (const char *part)
{
  g_autofree char *nfc = g_utf8_normalize (part, -1, G_NORMALIZE_NFC);
  return nfc ? g_utf8_strdown (nfc, -1) : NULL;
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
      if (slash[1] == '\0' || has_control_chars (slash + 1)
          || strlen (slash + 1) > GLINT_JID_MAX_PART)
        goto invalid;
      jid->resource = g_strdup (slash + 1);
    }

  at = strchr (copy, '@');
  domain = copy;
  if (at != NULL)
    {
      *at = '\0';
      if (!local_is_valid (copy) || strlen (copy) > GLINT_JID_MAX_PART)
        goto invalid;
      jid->local = normalize_part (copy);
      domain = at + 1;
    }

  if (!domain_is_valid (domain) || strlen (domain) > GLINT_JID_MAX_PART)
    goto invalid;
  jid->domain = normalize_part (domain);
  if (jid->domain == NULL || (at != NULL && jid->local == NULL))
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

/* glint-xmpp-uri.c
 *
 * RFC 5122: xmpp:[//account/]node@domain[/resource][?action[;key=value]...]
 * [#fragment], percent-encoded. The account part names who should act, and
 * the resource is a session of the contact's: a chat is with the contact.
 * GLib's GUri reads the form but not XMPP's query (";"-separated, an
 * action before the pairs), so the query is read here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-xmpp-uri"

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "glint-jid.h"
#include "glint-text.h"
#include "glint-xmpp-uri.h"

void
glint_xmpp_uri_free (GlintXmppUri *uri)
{
  if (uri == NULL)
    return;
  g_free (uri->jid);
  g_free (uri->body);
  g_free (uri->name);
  g_free (uri->group);
  g_free (uri);
}

/* A value from the link, as text a person would read: never markup, at
 * most a message's length. */
static char *
value_of (const char *encoded,
          gsize       max_bytes,
          gboolean    keep_newlines)
{
  g_autofree char *decoded = g_uri_unescape_string (encoded, NULL);

  if (decoded == NULL || !g_utf8_validate (decoded, -1, NULL))
    return NULL;
  return glint_text_sanitize_nonempty (decoded, max_bytes, keep_newlines);
}

static void
read_query (GlintXmppUri *self,
            const char   *query)
{
  g_auto(GStrv) parts = g_strsplit (query, ";", 32);

  if (g_str_equal (parts[0], "message"))
    self->action = GLINT_URI_MESSAGE;
  else if (g_str_equal (parts[0], "roster") || g_str_equal (parts[0], "subscribe"))
    self->action = GLINT_URI_ROSTER;
  else if (g_str_equal (parts[0], "join"))
    self->action = GLINT_URI_JOIN;
  for (guint i = 1; parts[i]; i++)
    {
      const char *eq = strchr (parts[i], '=');
      g_autofree char *key = eq ? g_strndup (parts[i], eq - parts[i]) : NULL;
      char **slot = NULL;
      gsize max = GLINT_MAX_NAME_BYTES;

      if (key == NULL)
        continue;
      if (self->action == GLINT_URI_MESSAGE && g_str_equal (key, "body"))
        slot = &self->body, max = GLINT_MAX_BODY_BYTES;
      else if (self->action == GLINT_URI_ROSTER && g_str_equal (key, "name"))
        slot = &self->name;
      else if (self->action == GLINT_URI_ROSTER && g_str_equal (key, "group"))
        slot = &self->group;
      if (slot != NULL && *slot == NULL)
        *slot = value_of (eq + 1, max, slot == &self->body);
    }
}

GlintXmppUri *
glint_xmpp_uri_parse (const char  *uri,
                      GError     **error)
{
  g_autoptr(GlintXmppUri) self = g_new0 (GlintXmppUri, 1);
  g_autofree char *rest = NULL;
  g_autofree char *address = NULL;
  const char *where;
  char *query, *fragment, *slash;

  if (uri == NULL || g_ascii_strncasecmp (uri, "xmpp:", 5) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("“%s” is not an xmpp: link."),
                   uri ? uri : "");
      return NULL;
    }
  rest = g_strdup (uri + 5);
  if ((fragment = strchr (rest, '#')))
    *fragment = '\0';
  if ((query = strchr (rest, '?')))
    *query++ = '\0';
  where = rest;
  /* The account that should act: Glint uses the contact's own. */
  if (g_str_has_prefix (where, "//"))
    {
      const char *next = strchr (where + 2, '/');
      where = next ? next + 1 : where + strlen (where);
    }
  address = g_uri_unescape_string (where, NULL);
  if (address != NULL && (slash = strchr (address, '/')))
    *slash = '\0';
  self->jid = address ? glint_jid_normalize_bare (address) : NULL;
  if (self->jid == NULL || !glint_jid_is_valid_bare (self->jid))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The link “%s” names no valid address."), uri);
      return NULL;
    }
  self->action = GLINT_URI_CHAT;
  if (query)
    read_query (self, query);
  return g_steal_pointer (&self);
}

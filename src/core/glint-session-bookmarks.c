/* glint-session-bookmarks.c: the user's rooms kept on the server
 * (XEP-0402 or XEP-0048), and joining those marked to join at login
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "glint-jid.h"
#include "glint-session-private.h"
#include "glint-text.h"

#include <string.h>

/* The nick a room knows the user by, unless they chose one: their
 * account's name. */
char *
glint_session_default_nick (GlintSession *self)
{
  g_autoptr(GlintJid) jid = glint_jid_parse (self->account->jid, NULL);

  return g_strdup (jid && jid->local ? jid->local : self->account->jid);
}

static void
autojoin (GlintSession        *self,
          const GlintBookmark *bookmark)
{
  g_autofree char *nick = bookmark->nick ? g_strdup (bookmark->nick) : glint_session_default_nick (self);
  g_autoptr(GError) error = NULL;

  if (!bookmark->autojoin || glint_session_lookup_room (self, bookmark->jid) != NULL)
    return;
  if (glint_session_join_room (self, bookmark->jid, nick, bookmark->password, &error) == NULL)
    g_message ("Not joining %s: %s", bookmark->jid, error->message);
}

void
glint_session_apply_bookmark (GlintSession *self,
                              GlintEvent   *event)
{
  if (event->type == GLINT_EVENT_BOOKMARKS_LOADED)
    {
      GHashTableIter iter;
      gpointer value;

      self->bookmarks_loaded = TRUE;
      g_hash_table_iter_init (&iter, self->bookmarks);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        autojoin (self, value);
      g_signal_emit_by_name (self, "bookmarks-changed");
      return;
    }
  if (event->removed)
    g_hash_table_remove (self->bookmarks, event->bookmark->jid);
  else
    {
      g_hash_table_replace (self->bookmarks, g_strdup (event->bookmark->jid), glint_bookmark_copy (event->bookmark));
      /* Marked to join on another device: joined here too. */
      if (self->bookmarks_loaded)
        autojoin (self, event->bookmark);
    }
  /* A list being read is told once, when it is all in. */
  if (self->bookmarks_loaded)
    g_signal_emit_by_name (self, "bookmarks-changed");
}

static int
by_name (gconstpointer a,
         gconstpointer b)
{
  const GlintBookmark *x = *(const GlintBookmark **) a;
  const GlintBookmark *y = *(const GlintBookmark **) b;

  return g_utf8_collate (x->name ? x->name : x->jid, y->name ? y->name : y->jid);
}

/* The bookmarks, by name; the array holds the session's own. */
GPtrArray *
glint_session_list_bookmarks (GlintSession *self)
{
  GPtrArray *list = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->bookmarks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (list, value);
  g_ptr_array_sort (list, by_name);
  return list;
}

const GlintBookmark *
glint_session_lookup_bookmark (GlintSession *self,
                               const char   *jid)
{
  g_autofree char *bare = jid ? glint_jid_normalize_bare (jid) : NULL;

  return bare ? g_hash_table_lookup (self->bookmarks, bare) : NULL;
}

gboolean
glint_session_get_bookmarks_loaded (GlintSession *self)
{
  return self->bookmarks_loaded;
}

static gboolean
check_online (GlintSession  *self,
              GError       **error)
{
  if (self->state != GLINT_CONNECTION_CONNECTED || !self->bookmarks_loaded)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("Bookmarks can be changed only while you are online."));
      return FALSE;
    }
  return TRUE;
}

gboolean
glint_session_save_bookmark (GlintSession         *self,
                             const GlintBookmark  *bookmark,
                             GError              **error)
{
  g_autofree char *bare = glint_jid_normalize_bare (bookmark->jid);
  GlintCommand *cmd;

  if (bare == NULL || !glint_jid_is_valid_bare (bare) || strchr (bare, '@') == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("“%s” is not a room address."),
                   bookmark->jid);
      return FALSE;
    }
  if (!check_online (self, error))
    return FALSE;
  cmd = glint_command_new (GLINT_COMMAND_BOOKMARK_SET);
  cmd->bookmark = glint_bookmark_copy (bookmark);
  g_free (cmd->bookmark->jid);
  cmd->bookmark->jid = g_steal_pointer (&bare);
  g_free (cmd->bookmark->name);
  cmd->bookmark->name = glint_text_sanitize_nonempty (bookmark->name, GLINT_MAX_NAME_BYTES, FALSE);
  glint_session_push (self, cmd);
  return TRUE;
}

gboolean
glint_session_remove_bookmark (GlintSession  *self,
                               const char    *jid,
                               GError       **error)
{
  GlintCommand *cmd;

  if (!check_online (self, error))
    return FALSE;
  cmd = glint_command_new (GLINT_COMMAND_BOOKMARK_REMOVE);
  cmd->jid = glint_jid_normalize_bare (jid);
  glint_session_push (self, cmd);
  return TRUE;
}

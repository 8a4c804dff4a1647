/* glint-session-moderation.c: asking others into a room, and what
 * moderators and owners do there (XEP-0249, XEP-0045 8-10)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "glint-jid.h"
#include "glint-session-private.h"
#include "glint-text.h"

/* XEP-0249: asks @contact into @room, with the room's password if it
 * has one. */
gboolean
glint_session_invite (GlintSession  *self,
                      const char    *room_jid,
                      const char    *contact,
                      const char    *reason,
                      GError       **error)
{
  GlintRoom *room = glint_session_joined_room (self, room_jid, error);
  g_autofree char *bare = contact ? glint_jid_normalize_bare (contact) : NULL;
  GlintCommand *cmd;

  if (room == NULL)
    return FALSE;
  if (bare == NULL || !glint_jid_is_valid_bare (bare))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("“%s” is not a valid address."),
                   contact ? contact : "");
      return FALSE;
    }
  cmd = glint_command_new (GLINT_COMMAND_INVITE);
  cmd->jid = g_strdup (glint_room_get_jid (room));
  cmd->name = g_steal_pointer (&bare);
  cmd->body = glint_text_sanitize_nonempty (reason, GLINT_MAX_STATUS_BYTES, FALSE);
  cmd->password = g_strdup (glint_room_get_password (room));
  glint_session_push (self, cmd);
  return TRUE;
}

/* What a moderator or an admin does to an occupant, by @action:
 * "kick", "ban", "voice", "mute", "member", "moderator". A ban and a
 * membership go by the occupant's real address, which the room may
 * keep from us. */
gboolean
glint_session_moderate (GlintSession  *self,
                        const char    *room_jid,
                        const char    *nick,
                        const char    *action,
                        const char    *reason,
                        GError       **error)
{
  static const struct { const char *action; const char *change; gboolean by_jid; } changes[] = {
    { "kick", "role:none", FALSE },
    { "voice", "role:participant", FALSE },
    { "mute", "role:visitor", FALSE },
    { "moderator", "role:moderator", FALSE },
    { "ban", "affiliation:outcast", TRUE },
    { "member", "affiliation:member", TRUE },
  };
  GlintRoom *room = glint_session_joined_room (self, room_jid, error);
  GlintOccupant *occupant = room ? glint_room_lookup_occupant (room, nick) : NULL;
  GlintCommand *cmd;

  if (room == NULL)
    return FALSE;
  if (occupant == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("That person is no longer in the room."));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (changes); i++)
    {
      if (g_strcmp0 (changes[i].action, action) != 0)
        continue;
      if (changes[i].by_jid && glint_occupant_get_real_jid (occupant) == NULL)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                               _("The room does not tell you who this is, so it cannot be done to them."));
          return FALSE;
        }
      cmd = glint_command_new (GLINT_COMMAND_MODERATE);
      cmd->jid = g_strdup (glint_room_get_jid (room));
      cmd->name = g_strdup (changes[i].by_jid ? glint_occupant_get_real_jid (occupant) : nick);
      cmd->state = g_strdup (changes[i].change);
      cmd->body = glint_text_sanitize_nonempty (reason, GLINT_MAX_STATUS_BYTES, FALSE);
      glint_session_push (self, cmd);
      return TRUE;
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Unknown moderation “%s”", action);
  return FALSE;
}

/* XEP-0045 10.9: closes the room for everyone (owners only). */
gboolean
glint_session_destroy_room (GlintSession  *self,
                            const char    *room_jid,
                            const char    *reason,
                            GError       **error)
{
  GlintRoom *room = glint_session_joined_room (self, room_jid, error);
  GlintCommand *cmd;

  if (room == NULL)
    return FALSE;
  cmd = glint_command_new (GLINT_COMMAND_DESTROY_ROOM);
  cmd->jid = g_strdup (glint_room_get_jid (room));
  cmd->body = glint_text_sanitize_nonempty (reason, GLINT_MAX_STATUS_BYTES, FALSE);
  glint_session_push (self, cmd);
  return TRUE;
}

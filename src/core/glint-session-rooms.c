/* glint-session-rooms.c: the rooms a session is in (XEP-0045)
 *
 * The session keeps the rooms the user joined, joins them again after
 * every new login (asking for what was said since the newest message
 * stored), applies what rooms say of their occupants and subjects, and
 * sends what the user writes to a room once the room has let us in.
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

void
glint_session_rooms_init (GlintSession *self)
{
  self->rooms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->room_list = g_list_store_new (GLINT_TYPE_ROOM);
  self->bookmarks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) glint_bookmark_free);
  glint_session_room_archive_init (self);
}

void
glint_session_rooms_finalize (GlintSession *self)
{
  g_hash_table_unref (self->rooms);
  g_object_unref (self->room_list);
  g_hash_table_unref (self->bookmarks);
  glint_session_room_archive_finalize (self);
}

GlintRoom *
glint_session_lookup_room (GlintSession *self,
                           const char   *jid)
{
  g_autofree char *bare = jid ? glint_jid_normalize_bare (jid) : NULL;

  return bare ? g_hash_table_lookup (self->rooms, bare) : NULL;
}

GListModel *
glint_session_get_rooms (GlintSession *self)
{
  return G_LIST_MODEL (self->room_list);
}

/* A room, one of its occupants, or a contact. */
GlintConversationKind
glint_session_conversation_kind (GlintSession *self,
                                 const char   *peer)
{
  if (peer == NULL || glint_session_lookup_room (self, peer) == NULL)
    return GLINT_CONVERSATION_CHAT;
  return strchr (peer, '/') ? GLINT_CONVERSATION_PRIVATE : GLINT_CONVERSATION_GROUPCHAT;
}

/* The newest message stored with @peer, or NULL: one indexed row. */
static GPtrArray *
newest_stored (GlintSession *self,
               const char   *peer)
{
  return glint_store_page_before (self->store, self->account->jid, peer, G_MAXINT64, G_MAXINT64, 1, NULL);
}

/* What the history with @peer was, whether or not we are in its room
 * now: a room left and opened again is still a room. */
GlintConversationKind
glint_session_stored_kind (GlintSession *self,
                           const char   *peer)
{
  g_autoptr(GPtrArray) newest = newest_stored (self, peer);

  return newest != NULL && newest->len > 0 ? ((GlintMessage *) newest->pdata[0])->kind : GLINT_CONVERSATION_CHAT;
}

static void
push_join (GlintSession *self,
           GlintRoom    *room)
{
  GlintCommand *cmd = glint_command_new (GLINT_COMMAND_JOIN_ROOM);
  g_autoptr(GPtrArray) newest = newest_stored (self, glint_room_get_jid (room));

  cmd->jid = g_strdup (glint_room_get_jid (room));
  cmd->name = g_strdup (glint_room_get_nick (room));
  cmd->password = g_strdup (glint_room_get_password (room));
  glint_room_take_made (room, &cmd->room_name, &cmd->room_subject);
  /* The room's history since the newest message stored: what was said
   * while we were away, and not again what we have. */
  if (newest != NULL && newest->len > 0)
    cmd->after_ms = ((GlintMessage *) newest->pdata[0])->time_ms;
  glint_room_set_state (room, GLINT_ROOM_JOINING);
  glint_session_push (self, cmd);
}

static GlintRoom *enter_room (GlintSession  *self,
                              const char    *jid,
                              const char    *nick,
                              const char    *password,
                              const char    *name,
                              const char    *subject,
                              GError       **error);

/* Joins @jid as @nick (with @password when the room has one); online, at
 * once, else at the next login. Joining a room again with another nick
 * or password tries again with those. */
GlintRoom *
glint_session_join_room (GlintSession  *self,
                         const char    *jid,
                         const char    *nick,
                         const char    *password,
                         GError       **error)
{
  return enter_room (self, jid, nick, password, NULL, NULL, error);
}

/* Makes the room @jid, named @name and about @subject (either NULL: as
 * the service has it), and joins it as @nick. A room that was already
 * there is joined as it is, and the room's page says so. */
GlintRoom *
glint_session_create_room (GlintSession  *self,
                           const char    *jid,
                           const char    *nick,
                           const char    *name,
                           const char    *subject,
                           GError       **error)
{
  g_autofree char *clean_name = name ? glint_text_sanitize_nonempty (name, GLINT_MAX_NAME_BYTES, FALSE) : NULL;
  g_autofree char *clean_subject = subject ? glint_text_sanitize_nonempty (subject, GLINT_MAX_STATUS_BYTES, TRUE)
                                           : NULL;

  return enter_room (self, jid, nick, NULL, clean_name, clean_subject, error);
}

static GlintRoom *
enter_room (GlintSession  *self,
            const char    *jid,
            const char    *nick,
            const char    *password,
            const char    *name,
            const char    *subject,
            GError       **error)
{
  g_autofree char *bare = glint_jid_normalize_bare (jid);
  g_autofree char *clean_nick = glint_text_sanitize_nonempty (nick, GLINT_MAX_NAME_BYTES, FALSE);
  g_autoptr(GlintJid) parsed = bare ? glint_jid_parse (bare, NULL) : NULL;
  GlintRoom *room;

  if (parsed == NULL || parsed->local == NULL || parsed->resource != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a room address. A room’s address looks like room@conference.example.org."),
                   jid ? jid : "");
      return NULL;
    }
  if (clean_nick == NULL || strchr (clean_nick, '/') != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Choose a nickname to be known by in the room."));
      return NULL;
    }
  if (g_strcmp0 (bare, self->account->jid) == 0 || g_hash_table_contains (self->contacts, bare))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s is a contact, not a room."), bare);
      return NULL;
    }
  room = g_hash_table_lookup (self->rooms, bare);
  if (room == NULL)
    {
      room = glint_room_new (self->account->jid, bare, clean_nick);
      g_hash_table_insert (self->rooms, g_strdup (bare), room);
      g_list_store_append (self->room_list, room);
    }
  else if (glint_room_get_state (room) == GLINT_ROOM_JOINED
           && g_strcmp0 (glint_room_get_nick (room), clean_nick) == 0)
    return room;
  glint_room_set_nick (room, clean_nick);
  glint_room_set_password (room, password);
  glint_room_set_made (room, name, subject);
  if (self->state == GLINT_CONNECTION_CONNECTED)
    push_join (self, room);
  return room;
}

void
glint_session_leave_room (GlintSession *self,
                          const char   *jid)
{
  GlintRoom *room = glint_session_lookup_room (self, jid);
  GlintCommand *cmd;
  guint position;

  if (room == NULL)
    return;
  cmd = glint_command_new (GLINT_COMMAND_LEAVE_ROOM);
  cmd->jid = g_strdup (glint_room_get_jid (room));
  glint_session_push (self, cmd);
  glint_room_set_state (room, GLINT_ROOM_LEFT);
  if (g_list_store_find (self->room_list, room, &position))
    g_list_store_remove (self->room_list, position);
  g_hash_table_remove (self->rooms, glint_room_get_jid (room));
}

/* @room, when the user is in it now; else NULL, and why not in @error. */
GlintRoom *
glint_session_joined_room (GlintSession  *self,
                           const char    *jid,
                           GError       **error)
{
  GlintRoom *room = glint_session_lookup_room (self, jid);

  if (room == NULL || glint_room_get_state (room) != GLINT_ROOM_JOINED
      || self->state != GLINT_CONNECTION_CONNECTED)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("You are not in this room right now."));
      return NULL;
    }
  return room;
}

gboolean
glint_session_set_room_subject (GlintSession  *self,
                                const char    *jid,
                                const char    *subject,
                                GError       **error)
{
  GlintRoom *room = glint_session_joined_room (self, jid, error);
  GlintCommand *cmd;

  if (room == NULL)
    return FALSE;
  cmd = glint_command_new (GLINT_COMMAND_ROOM_SUBJECT);
  cmd->jid = g_strdup (glint_room_get_jid (room));
  cmd->body = glint_text_sanitize (subject ? subject : "", GLINT_MAX_STATUS_BYTES, TRUE);
  glint_session_push (self, cmd);
  return TRUE;
}

gboolean
glint_session_change_nick (GlintSession  *self,
                           const char    *jid,
                           const char    *nick,
                           GError       **error)
{
  GlintRoom *room = glint_session_joined_room (self, jid, error);
  g_autofree char *clean = glint_text_sanitize_nonempty (nick, GLINT_MAX_NAME_BYTES, FALSE);
  GlintCommand *cmd;

  if (room == NULL)
    return FALSE;
  if (clean == NULL || strchr (clean, '/') != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Choose a nickname to be known by in the room."));
      return FALSE;
    }
  cmd = glint_command_new (GLINT_COMMAND_CHANGE_NICK);
  cmd->jid = g_strdup (glint_room_get_jid (room));
  cmd->name = g_steal_pointer (&clean);
  glint_session_push (self, cmd);
  return TRUE;
}

/* Whether what the user wrote to @msg's room (or one of its occupants)
 * can leave now: only once the room has let us in. */
gboolean
glint_session_room_ready (GlintSession       *self,
                          const GlintMessage *msg)
{
  GlintRoom *room;

  if (msg->kind == GLINT_CONVERSATION_CHAT)
    return TRUE;
  room = glint_session_lookup_room (self, msg->peer);
  return room != NULL && glint_room_get_state (room) == GLINT_ROOM_JOINED;
}

/* What waited for @room to let us in leaves now. */
static void
flush_room_outbox (GlintSession *self,
                   GlintRoom    *room)
{
  g_autoptr(GPtrArray) pending = glint_store_pending (self->store, self->account->jid, NULL);
  g_autofree char *prefix = g_strconcat (glint_room_get_jid (room), "/", NULL);

  for (guint i = 0; pending && i < pending->len; i++)
    {
      GlintMessage *msg = pending->pdata[i];

      if (msg->kind != GLINT_CONVERSATION_CHAT
          && (g_strcmp0 (msg->peer, glint_room_get_jid (room)) == 0 || g_str_has_prefix (msg->peer, prefix)))
        glint_session_send_stored (self, msg);
    }
}

void
glint_session_rooms_connected (GlintSession *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->rooms);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (glint_room_get_state (value) != GLINT_ROOM_REFUSED)
      push_join (self, value);
}

void
glint_session_rooms_disconnected (GlintSession *self)
{
  GHashTableIter iter;
  gpointer value;

  self->bookmarks_loaded = FALSE;
  glint_session_room_archive_reset (self);
  g_hash_table_iter_init (&iter, self->rooms);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (glint_room_get_state (value) != GLINT_ROOM_REFUSED)
      glint_room_set_state (value, GLINT_ROOM_LEFT);
}

/* What a room said: an occupant, its subject, or that it would not have
 * us. Events about a room the user has left are old news. */
void
glint_session_apply_room_event (GlintSession *self,
                                GlintEvent   *event)
{
  GlintRoom *room = event->jid ? g_hash_table_lookup (self->rooms, event->jid) : NULL;
  gboolean was_joined;

  if (event->type == GLINT_EVENT_ROOM_LIST)
    {
      g_signal_emit_by_name (self, "rooms-listed", event->jid, event->groups, event->names, event->condition);
      return;
    }
  /* An invitation, from a contact only (a stranger's would be spam), to a
   * room the user is not in. */
  if (event->type == GLINT_EVENT_INVITATION)
    {
      if (!g_hash_table_contains (self->contacts, event->inviter))
        g_debug ("Ignoring an invitation from %s, not a contact", event->inviter);
      else if (room == NULL || glint_room_get_state (room) != GLINT_ROOM_JOINED)
        g_signal_emit_by_name (self, "invitation", event->jid, event->inviter, event->text, event->password);
      return;
    }
  if (room == NULL)
    return;
  was_joined = glint_room_get_state (room) == GLINT_ROOM_JOINED;
  switch (event->type)
    {
    case GLINT_EVENT_OCCUPANT:
      glint_room_apply_occupant (room, event->occupant);
      break;
    case GLINT_EVENT_ROOM_SUBJECT:
      glint_room_apply_subject (room, event->text, event->name);
      break;
    case GLINT_EVENT_ROOM_LOST:
      /* Back in, and what was said meanwhile comes from the archive or
       * the room's history. */
      if (was_joined && self->state == GLINT_CONNECTION_CONNECTED)
        {
          glint_room_lost (room);
          push_join (self, room);
        }
      break;
    case GLINT_EVENT_ROOM_ERROR:
      if (event->ours)
        glint_room_request_failed (room, event->condition);
      else if (!was_joined)
        glint_room_refused (room, event->condition, event->text);
      break;
    default:
      break;
    }
  if (!was_joined && glint_room_get_state (room) == GLINT_ROOM_JOINED)
    {
      flush_room_outbox (self, room);
      glint_session_room_joined (self, glint_room_get_jid (room));
    }
}

/* A group chat service's public rooms; "rooms-listed" tells them. */
void
glint_session_browse_rooms (GlintSession *self,
                            const char   *service)
{
  g_autofree char *jid = glint_jid_normalize_bare (service);
  GlintCommand *cmd;

  /* Not an address: answered here, and nothing is asked. */
  if (jid == NULL)
    {
      g_signal_emit_by_name (self, "rooms-listed", service, NULL, NULL, "jid-malformed");
      return;
    }
  cmd = glint_command_new (GLINT_COMMAND_BROWSE_ROOMS);
  cmd->jid = g_steal_pointer (&jid);
  glint_session_push (self, cmd);
}

/* The service a user of this account most likely has: conference.<domain>. */
char *
glint_session_default_room_service (GlintSession *self)
{
  g_autoptr(GlintJid) jid = glint_jid_parse (self->account->jid, NULL);

  return g_strconcat ("conference.", jid ? jid->domain : "", NULL);
}

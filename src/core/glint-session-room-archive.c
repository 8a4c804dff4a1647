/* glint-session-room-archive.c: what rooms said while the user was away,
 * from each room's own archive (XEP-0313)
 *
 * A room's history on joining holds only its last few messages; a room
 * with an archive is read forward from the newest message stored from it
 * (the first time, its newest page), a page at a time, into a range kept
 * per room, so nothing said between two visits is missed. Scrolling a
 * room up past its oldest stored message asks for the page before it.
 * One query to any room is in flight at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-session"

#include "config.h"

#include "glint-session-private.h"

#define ROOM_CATCH_UP_PAGE 100
#define ROOM_NEWEST_PAGE   50
#define ROOM_OLDER_PAGE    50

typedef struct _RoomQuery
{
  char     *room;
  char     *query_id;
  gboolean  newest;     /* the catch-up asked for the newest page */
  gboolean  older;      /* the user scrolled up */
  guint     added;
  gint64    min_ms;
  gint64    max_ms;
} RoomQuery;

static void
room_query_free (RoomQuery *query)
{
  g_free (query->room);
  g_free (query->query_id);
  g_free (query);
}

void
glint_session_room_archive_init (GlintSession *self)
{
  self->room_catch_ups = g_queue_new ();
  self->room_older = g_queue_new ();
  self->room_archives = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

void
glint_session_room_archive_finalize (GlintSession *self)
{
  g_clear_pointer (&self->room_query, room_query_free);
  g_queue_free_full (self->room_catch_ups, g_free);
  g_queue_free_full (self->room_older, g_free);
  g_hash_table_unref (self->room_archives);
}

static void
send_query (GlintSession *self,
            RoomQuery    *query,
            const char   *after,
            const char   *before,
            guint         max)
{
  GlintCommand *cmd = glint_command_new (GLINT_COMMAND_ARCHIVE_QUERY);

  query->query_id = g_uuid_string_random ();
  query->min_ms = G_MAXINT64;
  cmd->xmpp_id = g_strdup (query->query_id);
  cmd->name = g_strdup (query->room);
  cmd->after = g_strdup (after);
  cmd->before = g_strdup (before);
  cmd->max = max;
  self->room_query = query;
  glint_session_push (self, cmd);
}

static gboolean
room_in (GlintSession *self,
         const char   *jid)
{
  GlintRoom *room = glint_session_lookup_room (self, jid);

  return room != NULL && glint_room_get_state (room) == GLINT_ROOM_JOINED
         && g_hash_table_contains (self->room_archives, jid);
}

static void
catch_up (GlintSession *self,
          char         *room)
{
  g_autoptr(GError) error = NULL;
  GlintArchiveRange range = { 0 };
  RoomQuery *query = g_new0 (RoomQuery, 1);

  query->room = room;
  if (!glint_store_get_archive_range (self->store, self->account->jid, room, &range, &error))
    {
      g_message ("%s", error->message);
      room_query_free (query);
      return;
    }
  if (range.row == 0)
    {
      query->newest = TRUE;
      send_query (self, query, NULL, "", ROOM_NEWEST_PAGE);
    }
  else
    send_query (self, query, range.last_id, NULL, ROOM_CATCH_UP_PAGE);
  glint_archive_range_clear (&range);
}

static void
older (GlintSession *self,
       char         *room)
{
  g_autofree char *oldest_id = NULL;
  gint64 oldest_ms = 0;
  gboolean complete = FALSE;
  const char *cursor = g_hash_table_lookup (self->room_archives, room);
  RoomQuery *query;

  glint_store_get_archive_edge (self->store, self->account->jid, room, &oldest_id, &oldest_ms, &complete);
  if (complete)
    {
      g_signal_emit_by_name (self, "older-fetched", room, 0, TRUE);
      g_free (room);
      return;
    }
  query = g_new0 (RoomQuery, 1);
  query->room = room;
  query->older = TRUE;
  /* Before the last older page, even when it held nothing to keep (only
   * corrections, say): else the same page would be asked again. */
  send_query (self, query, NULL, cursor ? cursor : oldest_id ? oldest_id : "", ROOM_OLDER_PAGE);
}

/* The next query: rooms to catch up first, then older pages. */
static void
pump (GlintSession *self)
{
  char *room;

  while (self->room_query == NULL && self->state == GLINT_CONNECTION_CONNECTED)
    {
      if ((room = g_queue_pop_head (self->room_catch_ups)) != NULL)
        {
          if (room_in (self, room))
            catch_up (self, room);
          else
            g_free (room);
        }
      else if ((room = g_queue_pop_head (self->room_older)) != NULL)
        {
          if (room_in (self, room))
            older (self, room);
          else
            {
              g_signal_emit_by_name (self, "older-fetched", room, 0, FALSE);
              g_free (room);
            }
        }
      else
        return;
    }
}

static void
enqueue (GQueue     *queue,
         const char *room)
{
  if (g_queue_find_custom (queue, room, (GCompareFunc) g_strcmp0) == NULL)
    g_queue_push_tail (queue, g_strdup (room));
}

/* What the room's disco#info said: with an archive, it is read. */
void
glint_session_room_features (GlintSession *self,
                             GlintEvent   *event)
{
  GlintRoom *room = glint_session_lookup_room (self, event->jid);

  if (room != NULL)
    glint_room_set_name (room, event->name);
  if (!event->archive_supported)
    {
      g_hash_table_remove (self->room_archives, event->jid);
      return;
    }
  if (!g_hash_table_contains (self->room_archives, event->jid))
    g_hash_table_insert (self->room_archives, g_strdup (event->jid), NULL);
  enqueue (self->room_catch_ups, event->jid);
  pump (self);
}

/* In the room (again): catch up. */
void
glint_session_room_joined (GlintSession *self,
                           const char   *room)
{
  if (!g_hash_table_contains (self->room_archives, room))
    return;
  enqueue (self->room_catch_ups, room);
  pump (self);
}

gboolean
glint_session_fetch_older_in_room (GlintSession *self,
                                   const char   *room)
{
  if (!room_in (self, room) || self->state != GLINT_CONNECTION_CONNECTED)
    return FALSE;
  if (self->room_query && self->room_query->older && g_strcmp0 (self->room_query->room, room) == 0)
    return TRUE;
  enqueue (self->room_older, room);
  pump (self);
  return TRUE;
}

/* A stream ended: what was asked of it is void; rooms are joined (and
 * read) again on the next. */
void
glint_session_room_archive_reset (GlintSession *self)
{
  char *room;

  if (self->room_query && self->room_query->older)
    g_signal_emit_by_name (self, "older-fetched", self->room_query->room, 0, FALSE);
  g_clear_pointer (&self->room_query, room_query_free);
  while ((room = g_queue_pop_head (self->room_older)))
    {
      g_signal_emit_by_name (self, "older-fetched", room, 0, FALSE);
      g_free (room);
    }
  g_queue_clear_full (self->room_catch_ups, g_free);
  g_hash_table_remove_all (self->room_archives);
}

/* A message of the query in flight was stored (@added: it was new). */
void
glint_session_room_archive_message (GlintSession       *self,
                                    const GlintMessage *msg,
                                    gboolean            added)
{
  RoomQuery *query = self->room_query;

  if (query == NULL || g_strcmp0 (query->room, msg->peer) != 0)
    return;
  query->min_ms = MIN (query->min_ms, msg->time_ms);
  query->max_ms = MAX (query->max_ms, msg->time_ms);
  if (added)
    query->added++;
}

static void
catch_up_page (GlintSession *self,
               RoomQuery    *query,
               GlintEvent   *event)
{
  g_autoptr(GError) error = NULL;

  if (event->text != NULL)
    {
      /* The id we had is gone from the room's archive: its newest page. */
      if (!query->newest && g_strcmp0 (event->text, "item-not-found") == 0)
        {
          RoomQuery *again = g_new0 (RoomQuery, 1);

          again->room = g_strdup (query->room);
          again->newest = TRUE;
          send_query (self, again, NULL, "", ROOM_NEWEST_PAGE);
          return;
        }
      g_message ("The archive of %s did not answer (%s)", query->room, event->text);
      return;
    }
  /* What the store could not take yet is not behind us. */
  if (self->unsaved->len > 0)
    return;
  if (!glint_session_keep_archive_page (self, query->room, query->newest, event, query->min_ms, query->max_ms,
                                        &error))
    g_message ("%s", error->message);
  else if (!query->newest && !event->archive_complete)
    enqueue (self->room_catch_ups, query->room);
}

/* The end of a page of a room's archive. */
void
glint_session_room_archive_page (GlintSession *self,
                                 GlintEvent   *event)
{
  RoomQuery *query = self->room_query;

  if (query == NULL || g_strcmp0 (query->query_id, event->xmpp_id) != 0)
    return;
  self->room_query = NULL;
  if (query->older)
    {
      gboolean complete = event->text == NULL && event->archive_complete;
      g_autoptr(GError) error = NULL;

      if (complete && self->unsaved->len == 0
          && !glint_store_set_archive_complete (self->store, self->account->jid, query->room, &error))
        g_message ("%s", error->message);
      if (event->archive_first != NULL && g_hash_table_contains (self->room_archives, query->room))
        g_hash_table_replace (self->room_archives, g_strdup (query->room), g_strdup (event->archive_first));
      g_signal_emit_by_name (self, "older-fetched", query->room, query->added, complete);
    }
  else
    catch_up_page (self, query, event);
  room_query_free (query);
  pump (self);
}

/* glint-session-archive.c: catching up with the server's archive (XEP-0313)
 *
 * On every login the session reads the account's archive forward from the
 * newest message it has, a page at a time, until the archive says there
 * is no more; a first login takes the newest page only. Older messages of
 * one conversation come when the user scrolls past the oldest stored.
 * One query is in flight at a time: each page is stored before the next
 * is asked for, so a long catch-up never floods the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-session"

#include "config.h"

#include "glint-session-private.h"

#define CATCH_UP_PAGE 250
#define OLDER_PAGE    50

typedef struct _ArchiveQuery
{
  char     *peer;        /* NULL: the catch-up */
  char     *query_id;
  gboolean  newest;      /* the catch-up asked for the newest page */
  gint64    before_ms;   /* older history: what it brings goes before this */
} ArchiveQuery;

static void
archive_query_free (ArchiveQuery *query)
{
  g_free (query->peer);
  g_free (query->query_id);
  g_free (query);
}

void
glint_session_archive_init (GlintSession *self)
{
  self->older_wanted = g_queue_new ();
  self->older_cursors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->archive_floors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

void
glint_session_archive_finalize (GlintSession *self)
{
  g_clear_pointer (&self->archive_query, archive_query_free);
  g_queue_free_full (self->older_wanted, g_free);
  g_hash_table_unref (self->older_cursors);
  g_hash_table_unref (self->archive_floors);
}

static void finish_catch_up (GlintSession *self);

static void
set_syncing (GlintSession *self,
             gboolean      syncing)
{
  if (self->archive_syncing == syncing)
    return;
  self->archive_syncing = syncing;
  if (syncing)
    self->archive_fetched = 0;
  glint_session_notify_archive (self);
}

static void
send_query (GlintSession *self,
            ArchiveQuery *query,
            const char   *after,
            const char   *before,
            guint         max)
{
  GlintCommand *cmd = glint_command_new (GLINT_COMMAND_ARCHIVE_QUERY);

  query->query_id = g_uuid_string_random ();
  cmd->xmpp_id = g_strdup (query->query_id);
  cmd->jid = g_strdup (query->peer);
  cmd->after = g_strdup (after);
  cmd->before = g_strdup (before);
  cmd->max = max;
  self->archive_query = query;
  self->archive_page_added = 0;
  self->archive_page_min_ms = G_MAXINT64;
  self->archive_page_max_ms = 0;
  glint_session_push (self, cmd);
}

static gboolean
can_query (GlintSession *self)
{
  return self->archive_supported && self->state == GLINT_CONNECTION_CONNECTED && self->archive_query == NULL;
}

/* The next page of the catch-up: forward from the newest message of the
 * stored range, or the newest page when nothing is stored yet. */
static void
catch_up (GlintSession *self)
{
  g_autoptr(GError) error = NULL;
  GlintArchiveRange range = { 0 };
  ArchiveQuery *query;

  if (!can_query (self))
    return;
  if (!glint_store_get_archive_range (self->store, self->account->jid, self->account->jid, &range, &error))
    {
      g_message ("%s", error->message);
      finish_catch_up (self);
      return;
    }
  query = g_new0 (ArchiveQuery, 1);
  set_syncing (self, TRUE);
  if (range.row == 0)
    {
      query->newest = TRUE;
      send_query (self, query, NULL, "", CATCH_UP_PAGE);
    }
  else
    /* Forward from the newest stored; from the start if the archive was
     * empty then (all it has now came since). */
    send_query (self, query, range.last_id, NULL, CATCH_UP_PAGE);
  glint_archive_range_clear (&range);
}

static void
next_older (GlintSession *self)
{
  while (can_query (self) && self->archive_caught_up && !g_queue_is_empty (self->older_wanted))
    {
      g_autofree char *peer = g_queue_pop_head (self->older_wanted);
      g_autofree char *oldest_id = NULL;
      const char *cursor = g_hash_table_lookup (self->older_cursors, peer);
      ArchiveQuery *query;
      gint64 oldest_ms = 0;
      gboolean complete = FALSE;

      glint_store_get_archive_edge (self->store, self->account->jid, peer, &oldest_id, &oldest_ms, &complete);
      if (complete)
        {
          g_signal_emit_by_name (self, "older-fetched", peer, 0, TRUE);
          continue;
        }
      /* Before the oldest message the archive gave an id to (ids, not
       * times: servers count time in whole seconds or in microseconds),
       * then before each page's first; without one, the newest page. */
      query = g_new0 (ArchiveQuery, 1);
      query->peer = g_steal_pointer (&peer);
      query->before_ms = oldest_ms > 0 ? oldest_ms : G_MAXINT64;
      send_query (self, query, NULL, cursor ? cursor : oldest_id ? oldest_id : "", OLDER_PAGE);
    }
}

void
glint_session_archive_features (GlintSession *self,
                                gboolean      known,
                                gboolean      supported)
{
  if (!known || self->archive_caught_up || self->archive_query != NULL)
    return;
  self->archive_supported = supported;
  if (supported)
    catch_up (self);
  else
    finish_catch_up (self);
}

/* A new stream: whatever was asked of the last one is void. */
void
glint_session_archive_reset (GlintSession *self)
{
  g_autofree char *asked = self->archive_query ? g_strdup (self->archive_query->peer) : NULL;
  char *peer;

  g_clear_pointer (&self->archive_query, archive_query_free);
  /* Whoever waits for older messages hears that none came. */
  if (asked)
    g_signal_emit_by_name (self, "older-fetched", asked, 0, FALSE);
  while ((peer = g_queue_pop_head (self->older_wanted)))
    {
      g_signal_emit_by_name (self, "older-fetched", peer, 0, FALSE);
      g_free (peer);
    }
  self->archive_supported = FALSE;
  self->archive_caught_up = FALSE;
  g_hash_table_remove_all (self->archive_floors);
  set_syncing (self, FALSE);
}

/* Where an archived message of the catch-up stands. A message that came
 * live was stamped when Glint read it, later than the archive's own stamp
 * by however long the server's sending took (seconds, in a flood); the
 * archive's order is the true one. So a new message never goes before
 * one the catch-up met earlier in the archive. */
void
glint_session_archive_place (GlintSession *self,
                             GlintMessage *msg)
{
  gint64 *floor;

  if (self->archive_query == NULL)
    return;
  /* Older history goes before what is stored, even where the server's
   * stamps (whole seconds, for some) are the same: rows of one time are
   * in the order they were stored. */
  if (self->archive_query->peer != NULL)
    {
      if (g_strcmp0 (msg->peer, self->archive_query->peer) == 0 && msg->time_ms >= self->archive_query->before_ms)
        msg->time_ms = self->archive_query->before_ms - 1;
      return;
    }
  floor = g_hash_table_lookup (self->archive_floors, msg->peer);
  if (floor && *floor > msg->time_ms)
    msg->time_ms = *floor;
}

/* An archived message was stored (@added: it was new). */
void
glint_session_archive_message (GlintSession       *self,
                               const GlintMessage *msg,
                               gboolean            added)
{
  if (self->archive_query == NULL)
    return;
  if (self->archive_query->peer == NULL)
    {
      gint64 *floor = g_hash_table_lookup (self->archive_floors, msg->peer);

      if (floor == NULL)
        {
          floor = g_new (gint64, 1);
          *floor = msg->time_ms;
          g_hash_table_insert (self->archive_floors, g_strdup (msg->peer), floor);
        }
      *floor = MAX (*floor, msg->time_ms);
    }
  self->archive_page_min_ms = MIN (self->archive_page_min_ms, msg->time_ms);
  self->archive_page_max_ms = MAX (self->archive_page_max_ms, msg->time_ms);
  if (!added)
    return;
  self->archive_page_added++;
  if (self->archive_query->peer == NULL)
    {
      self->archive_fetched++;
      /* A progress to show, not a count to redraw 10,000 times. */
      if (self->archive_fetched == 1 || self->archive_fetched % 100 == 0)
        glint_session_notify_archive (self);
    }
}

static void
finish_catch_up (GlintSession *self)
{
  g_hash_table_remove_all (self->archive_floors);
  self->archive_caught_up = TRUE;
  set_syncing (self, FALSE);
  next_older (self);
}

static void
catch_up_page (GlintSession *self,
               ArchiveQuery *query,
               GlintEvent   *event)
{
  g_autoptr(GError) error = NULL;

  if (event->text != NULL)
    {
      /* The id we had is gone from the archive (it keeps only so much):
       * start again from its newest page; what lies between is lost to
       * the server too. */
      if (!query->newest && g_strcmp0 (event->text, "item-not-found") == 0)
        {
          ArchiveQuery *again = g_new0 (ArchiveQuery, 1);

          g_debug ("The archive no longer has our newest message; starting from its newest page");
          again->newest = TRUE;
          send_query (self, again, NULL, "", CATCH_UP_PAGE);
          return;
        }
      g_message ("The server's archive did not answer (%s); catching up at the next login", event->text);
      finish_catch_up (self);
      return;
    }
  /* A message the store could not take yet is not behind us: leave the
   * range where it was, and fetch the page again next time. */
  if (self->unsaved->len > 0)
    {
      finish_catch_up (self);
      return;
    }
  if (!glint_session_keep_archive_page (self, self->account->jid, query->newest, event, self->archive_page_min_ms,
                                        self->archive_page_max_ms, &error))
    {
      g_message ("%s", error->message);
      finish_catch_up (self);
    }
  else if (query->newest || event->archive_complete)
    finish_catch_up (self);
  else
    catch_up (self);
}

/* A page of @archive's catch-up is stored: the range stored takes its
 * ends. The newest page (@newest) starts a new range (the old one, if the
 * archive lost its end, stays); an empty archive gets one too, with no
 * ids, so the next catch-up reads it from the start. @min_ms and @max_ms:
 * the times of the page's oldest and newest messages. */
gboolean
glint_session_keep_archive_page (GlintSession  *self,
                                 const char    *archive,
                                 gboolean       newest,
                                 GlintEvent    *event,
                                 gint64         min_ms,
                                 gint64         max_ms,
                                 GError       **error)
{
  GlintArchiveRange range = { 0 };
  gboolean ok = TRUE;

  if (!glint_store_get_archive_range (self->store, self->account->jid, archive, &range, error))
    return FALSE;
  if (newest)
    {
      glint_archive_range_clear (&range);
      range.first_id = g_strdup (event->archive_first);
      range.first_time = event->archive_last ? min_ms : 0;
      range.last_id = g_strdup (event->archive_last);
      range.last_time = event->archive_last ? max_ms : 0;
      range.reaches_start = event->archive_complete;
    }
  else if (event->archive_last != NULL)
    {
      g_free (range.last_id);
      range.last_id = g_strdup (event->archive_last);
      range.last_time = MAX (range.last_time, max_ms);
    }
  if (newest || event->archive_last != NULL)
    ok = glint_store_save_archive_range (self->store, self->account->jid, archive, &range, error);
  glint_archive_range_clear (&range);
  return ok;
}

static void
older_page (GlintSession *self,
            ArchiveQuery *query,
            GlintEvent   *event)
{
  gboolean complete = event->text == NULL && event->archive_complete;

  if (event->text == NULL && event->archive_first != NULL)
    g_hash_table_insert (self->older_cursors, g_strdup (query->peer), g_strdup (event->archive_first));
  if (complete)
    {
      g_autoptr(GError) error = NULL;

      g_hash_table_remove (self->older_cursors, query->peer);
      if (self->unsaved->len == 0
          && !glint_store_set_archive_complete (self->store, self->account->jid, query->peer, &error))
        g_message ("%s", error->message);
    }
  g_signal_emit_by_name (self, "older-fetched", query->peer, self->archive_page_added, complete);
}

void
glint_session_archive_page (GlintSession *self,
                            GlintEvent   *event)
{
  ArchiveQuery *query = self->archive_query;

  /* Only the answer to the query in flight; a late one is void. */
  if (query == NULL || g_strcmp0 (query->query_id, event->xmpp_id) != 0)
    return;
  self->archive_query = NULL;
  if (query->peer == NULL)
    catch_up_page (self, query, event);
  else
    older_page (self, query, event);
  archive_query_free (query);
  next_older (self);
}

/* Asks the server for @peer's messages older than the oldest stored;
 * "older-fetched" tells when they are in. Returns FALSE when there is no
 * archive to ask now. */
gboolean
glint_session_fetch_older (GlintSession *self,
                           const char   *peer)
{
  g_return_val_if_fail (GLINT_IS_SESSION (self), FALSE);

  if (glint_session_conversation_kind (self, peer) == GLINT_CONVERSATION_GROUPCHAT)
    return glint_session_fetch_older_in_room (self, peer);
  if (!self->archive_supported || self->state != GLINT_CONNECTION_CONNECTED)
    return FALSE;
  if (self->archive_query && g_strcmp0 (self->archive_query->peer, peer) == 0)
    return TRUE;
  if (g_queue_find_custom (self->older_wanted, peer, (GCompareFunc) g_strcmp0) == NULL)
    g_queue_push_tail (self->older_wanted, g_strdup (peer));
  next_older (self);
  return TRUE;
}

gboolean
glint_session_get_archive_syncing (GlintSession *self)
{
  g_return_val_if_fail (GLINT_IS_SESSION (self), FALSE);
  return self->archive_syncing;
}

/* This stream's catch-up is over: the archive was read up to now, or
 * there is none, or it failed (and is tried again at the next login). */
gboolean
glint_session_get_archive_caught_up (GlintSession *self)
{
  g_return_val_if_fail (GLINT_IS_SESSION (self), FALSE);
  return self->archive_caught_up;
}

guint
glint_session_get_archive_fetched (GlintSession *self)
{
  g_return_val_if_fail (GLINT_IS_SESSION (self), 0);
  return self->archive_fetched;
}

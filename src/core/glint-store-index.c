/* glint-store-index.c: the full-text index, kept up to date off the writer
 *
 * Tokenizing a message for FTS5 costs more than writing it, so the insert
 * leaves it out: messages past the watermark are indexed in small
 * transactions by a thread with a connection of its own (WAL lets it work
 * beside the main connection). A database in memory has no second
 * connection and is indexed as it is written. A search waits, briefly,
 * until what was written before it was asked is indexed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "glint-store-private.h"

/* Rows per transaction: short enough that the main connection, waiting
 * for the write lock, waits a few milliseconds at most. */
#define CHUNK 200
#define BUSY_RETRY_US (50 * 1000)

static gboolean
exec_on (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      glint_store_set_sqlite_error (db, rc, _("the search index"), error);
      return FALSE;
    }
  return TRUE;
}

static gint64
query_int64 (sqlite3    *db,
             const char *sql,
             gint64      a,
             gint64      b)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  sqlite3_bind_int64 (stmt, 1, a);
  sqlite3_bind_int64 (stmt, 2, b);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static gboolean
run_range (sqlite3    *db,
           const char *sql,
           gint64      from,
           gint64      to)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, from);
      sqlite3_bind_int64 (stmt, 2, to);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE;
}

/* Indexes up to @max messages past the watermark on @db, in one
 * transaction. Returns the watermark after, or -1 with @error set. */
gint64
glint_store_index_on (sqlite3  *db,
                      guint     max,
                      GError  **error)
{
  gint64 from, to;

  if (!exec_on (db, "BEGIN IMMEDIATE", error))
    return -1;
  from = query_int64 (db, "SELECT id FROM fts_watermark", 0, 0);
  to = from < 0 ? -1 : query_int64 (db, "SELECT max (id) FROM (SELECT id FROM message WHERE id > ?1"
                                        " ORDER BY id LIMIT ?2)", from, max);
  if (to >= 0 && to <= from)
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return from;
    }
  if (to < 0
      || !run_range (db, "INSERT INTO message_fts (rowid, body) SELECT id, body FROM message"
                         " WHERE id > ?1 AND id <= ?2", from, to)
      || !run_range (db, "UPDATE fts_watermark SET id = ?2 WHERE id = ?1", from, to))
    {
      glint_store_set_sqlite_error (db, sqlite3_extended_errcode (db), _("the search index"), error);
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return -1;
    }
  if (!exec_on (db, "COMMIT", error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return -1;
    }
  return to;
}

static gpointer
indexer_main (gpointer data)
{
  GlintStore *self = data;

  g_mutex_lock (&self->index_lock);
  for (;;)
    {
      gint64 wanted;
      gint64 reached;
      g_autoptr(GError) error = NULL;

      while (!self->index_quit && self->indexed >= self->index_wanted)
        g_cond_wait (&self->index_cond, &self->index_lock);
      if (self->index_quit)
        break;
      wanted = self->index_wanted;
      g_mutex_unlock (&self->index_lock);

      reached = glint_store_index_on (self->indexer, CHUNK, &error);

      g_mutex_lock (&self->index_lock);
      if (reached < 0 && g_error_matches (error, GLINT_STORE_ERROR, GLINT_STORE_ERROR_BUSY))
        {
          /* The main connection writes without a pause (a long batch):
           * try again in a moment. */
          g_cond_wait_until (&self->index_cond, &self->index_lock,
                             g_get_monotonic_time () + BUSY_RETRY_US);
          continue;
        }
      if (reached < 0)
        {
          /* A full disk, say: tried again with the next write. */
          g_message ("%s", error->message);
          self->indexed = wanted;
        }
      else
        /* Rows rolled back never come: what was wanted is done. */
        self->indexed = reached >= wanted || reached == self->indexed ? MAX (reached, wanted) : reached;
      g_cond_broadcast (&self->index_cond);
    }
  g_mutex_unlock (&self->index_lock);
  return NULL;
}

/* Starts indexing the database at @path beside the main connection, from
 * wherever its watermark is. Returns FALSE if the second connection could
 * not be opened: the store then indexes on its own connection. */
gboolean
glint_store_start_indexer (GlintStore *self)
{
  int rc = glint_store_open_connection (self->path, SQLITE_OPEN_READWRITE, &self->indexer);

  if (rc != SQLITE_OK)
    {
      g_clear_pointer (&self->indexer, sqlite3_close_v2);
      return FALSE;
    }
  sqlite3_busy_timeout (self->indexer, 100);
  self->indexed = query_int64 (self->db, "SELECT id FROM fts_watermark", 0, 0);
  self->index_wanted = query_int64 (self->db, "SELECT coalesce (max (id), 0) FROM message", 0, 0);
  self->index_running = TRUE;
  self->index_thread = g_thread_new ("glint-index", indexer_main, self);
  return TRUE;
}

void
glint_store_stop_indexer (GlintStore *self)
{
  if (self->index_thread == NULL)
    return;
  g_mutex_lock (&self->index_lock);
  self->index_quit = TRUE;
  g_cond_broadcast (&self->index_cond);
  g_mutex_unlock (&self->index_lock);
  g_thread_join (g_steal_pointer (&self->index_thread));
  g_mutex_lock (&self->index_lock);
  self->index_running = FALSE;
  self->index_quit = FALSE;
  g_mutex_unlock (&self->index_lock);
  glint_store_keep_file_on_close (self, self->indexer);
  g_clear_pointer (&self->indexer, sqlite3_close_v2);
}

/* Main thread: messages up to @id are committed; index them. */
void
glint_store_index_written (GlintStore *self,
                           gint64      id)
{
  g_autoptr(GError) error = NULL;

  if (self->index_thread == NULL)
    {
      /* In memory: now, on the one connection there is. */
      if (glint_store_index_on (self->db, G_MAXINT, &error) < 0)
        g_message ("%s", error->message);
      return;
    }
  g_mutex_lock (&self->index_lock);
  if (id > self->index_wanted)
    {
      self->index_wanted = id;
      g_cond_signal (&self->index_cond);
    }
  g_mutex_unlock (&self->index_lock);
}

/* Any thread: waits until what was written before is indexed, at most
 * @timeout_us. Returns whether it is. */
gboolean
glint_store_wait_indexed (GlintStore *self,
                          gint64      timeout_us)
{
  gint64 end = g_get_monotonic_time () + timeout_us;
  gboolean done;

  /* Under the lock: the indexer may be stopping on the main thread. */
  g_mutex_lock (&self->index_lock);
  while (!self->index_quit && self->index_running && self->indexed < self->index_wanted)
    if (!g_cond_wait_until (&self->index_cond, &self->index_lock, end))
      break;
  done = self->index_quit || !self->index_running || self->indexed >= self->index_wanted;
  g_mutex_unlock (&self->index_lock);
  return done;
}

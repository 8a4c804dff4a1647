/* glint-store-delete.c: deleting history (one conversation, everything, or
 * what is older than the user keeps) without holding anyone up
 *
 * A year of history is many thousands of rows, each taken out of the
 * full-text index too. The work runs in a thread on a connection of its
 * own: it finds the next rows while holding no lock (WAL readers never
 * block) and deletes them in small write transactions, so the main
 * connection, writing a message meanwhile, waits a few milliseconds at
 * most. Messages still waiting to be sent are never deleted: they are the
 * outbox, not history.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "glint-store-private.h"

#define CHUNK 200

#define DELETABLE \
  " FROM message m JOIN conversation c ON c.id = m.conversation_id" \
  " JOIN account a ON a.id = c.account_id" \
  " WHERE (?1 IS NULL OR a.jid = ?1) AND (?2 IS NULL OR c.peer = ?2) AND m.time < ?3" \
  " AND m.state <> 0"

typedef struct
{
  char   *account;
  char   *peer;
  gint64  before_ms;
} DeleteArgs;

static void
delete_args_free (DeleteArgs *args)
{
  g_free (args->account);
  g_free (args->peer);
  g_free (args);
}

static void
bind_args (sqlite3_stmt     *stmt,
           const DeleteArgs *args)
{
  sqlite3_bind_text (stmt, 1, args->account, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, args->peer, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, args->before_ms);
}

/* Deletes what @args names on @db. Returns how many messages went, or -1
 * with @error set; what was deleted before an error stays deleted. */
static gint64
delete_on (sqlite3       *db,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  const DeleteArgs *args = data;
  sqlite3_stmt *find = NULL, *remove = NULL;
  gint64 after = 0, deleted = 0;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT min (id), max (id), count (*) FROM (SELECT m.id" DELETABLE
                               " AND m.id > ?4 ORDER BY m.id LIMIT ?5)", -1, &find, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "DELETE FROM message WHERE id BETWEEN ?4 AND ?5 AND id IN (SELECT m.id"
                                 DELETABLE " AND m.id BETWEEN ?4 AND ?5)", -1, &remove, NULL);
  while (rc == SQLITE_OK && !g_cancellable_is_cancelled (cancellable))
    {
      gint64 low, high;

      sqlite3_reset (find);
      bind_args (find, args);
      sqlite3_bind_int64 (find, 4, after);
      sqlite3_bind_int (find, 5, CHUNK);
      rc = sqlite3_step (find);
      if (rc != SQLITE_ROW)
        break;
      if (sqlite3_column_int64 (find, 2) == 0)
        {
          rc = SQLITE_DONE;
          break;
        }
      low = sqlite3_column_int64 (find, 0);
      high = sqlite3_column_int64 (find, 1);
      sqlite3_reset (find);

      rc = sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        break;
      sqlite3_reset (remove);
      bind_args (remove, args);
      sqlite3_bind_int64 (remove, 4, low);
      sqlite3_bind_int64 (remove, 5, high);
      rc = sqlite3_step (remove);
      if (rc != SQLITE_DONE)
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          break;
        }
      deleted += sqlite3_changes (db);
      rc = sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          break;
        }
      after = high;
    }
  sqlite3_finalize (find);
  sqlite3_finalize (remove);
  find = NULL;
  /* History the user cleared is not fetched back from the server's archive
   * when the chat is scrolled up; what is older than the user keeps is. */
  if ((rc == SQLITE_DONE || rc == SQLITE_OK) && args->before_ms == G_MAXINT64)
    {
      rc = sqlite3_prepare_v2 (db, "UPDATE conversation SET archive_complete = 1"
                                   " WHERE (?1 IS NULL OR account_id = (SELECT id FROM account WHERE jid = ?1))"
                                   " AND (?2 IS NULL OR peer = ?2)", -1, &find, NULL);
      if (rc == SQLITE_OK)
        {
          bind_args (find, args);
          rc = sqlite3_step (find);
        }
      sqlite3_finalize (find);
    }
  if (rc != SQLITE_DONE && rc != SQLITE_OK)
    glint_store_set_sqlite_error (db, sqlite3_extended_errcode (db), _("the history"), error);
  return rc == SQLITE_DONE || rc == SQLITE_OK ? deleted : -1;
}

/* Deletes the messages of @account (NULL: every account) with @peer
 * (NULL: everyone) sent before @before_ms (G_MAXINT64: all of them). */
void
glint_store_delete_async (GlintStore          *self,
                          const char          *account,
                          const char          *peer,
                          gint64               before_ms,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  DeleteArgs *args = g_new0 (DeleteArgs, 1);

  g_task_set_source_tag (task, glint_store_delete_async);
  args->account = g_strdup (account);
  args->peer = g_strdup (peer);
  args->before_ms = before_ms;
  glint_store_run_job (self, task, SQLITE_OPEN_READWRITE, delete_on, args, (GDestroyNotify) delete_args_free);
}

/* How many messages went, or -1 with @error set. */
gint64
glint_store_delete_finish (GlintStore    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return g_task_propagate_int (G_TASK (result), error);
}

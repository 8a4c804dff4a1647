/* glint-store.c
 *
 * The store owns the SQLite database and is used from the main thread only.
 * Every statement is prepared once with bound parameters; times are integer
 * milliseconds and pages are keyed by (time, id) so ties never skip a row.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <sqlite3.h>

#include "glint-account.h"
#include "glint-store-private.h"
#include "glint-store-tokenizer.h"

/* Each migration runs in its own transaction, in order; index i takes the
 * schema from version i to version i + 1. Never edit a released migration:
 * add a new one. */
static const char * const migrations[] = {
  /* 0 -> 1: accounts, conversations, messages and their dedupe keys */
  "CREATE TABLE account ("
  "  id INTEGER PRIMARY KEY,"
  "  jid TEXT NOT NULL UNIQUE);"
  "CREATE TABLE conversation ("
  "  id INTEGER PRIMARY KEY,"
  "  account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,"
  "  peer TEXT NOT NULL,"
  "  UNIQUE (account_id, peer));"
  "CREATE TABLE message ("
  "  id INTEGER PRIMARY KEY,"
  "  conversation_id INTEGER NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,"
  "  direction INTEGER NOT NULL,"
  "  sender TEXT NOT NULL,"
  "  time INTEGER NOT NULL,"
  "  body TEXT NOT NULL,"
  "  xmpp_id TEXT,"
  "  origin_id TEXT,"
  "  stanza_id TEXT,"
  "  stanza_id_by TEXT,"
  "  state INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX message_by_time ON message (conversation_id, time, id);"
  "CREATE UNIQUE INDEX message_stanza_id ON message (stanza_id_by, stanza_id)"
  "  WHERE stanza_id IS NOT NULL;"
  "CREATE UNIQUE INDEX message_origin_id ON message (conversation_id, direction, origin_id)"
  "  WHERE origin_id IS NOT NULL;",

  /* 1 -> 2: full-text search over bodies, kept in step by triggers */
  "CREATE VIRTUAL TABLE message_fts USING fts5 (body, content='message', content_rowid='id');"
  "CREATE TRIGGER message_fts_insert AFTER INSERT ON message BEGIN"
  "  INSERT INTO message_fts (rowid, body) VALUES (new.id, new.body);"
  "END;"
  "CREATE TRIGGER message_fts_delete AFTER DELETE ON message BEGIN"
  "  INSERT INTO message_fts (message_fts, rowid, body) VALUES ('delete', old.id, old.body);"
  "END;"
  "CREATE TRIGGER message_fts_update AFTER UPDATE OF body ON message BEGIN"
  "  INSERT INTO message_fts (message_fts, rowid, body) VALUES ('delete', old.id, old.body);"
  "  INSERT INTO message_fts (rowid, body) VALUES (new.id, new.body);"
  "END;"
  "INSERT INTO message_fts (message_fts) VALUES ('rebuild');"
  "CREATE INDEX message_pending ON message (state) WHERE state = 0;",

  /* 2 -> 3: group chats and corrections; stanza-ids scoped by conversation;
   * lookups by XMPP id; which ranges of each archive are synced */
  "ALTER TABLE conversation ADD COLUMN kind INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE message ADD COLUMN occupant_nick TEXT;"
  "ALTER TABLE message ADD COLUMN occupant_id TEXT;"
  "ALTER TABLE message ADD COLUMN replaces_id TEXT;"
  "DROP INDEX message_stanza_id;"
  "CREATE UNIQUE INDEX message_stanza_id ON message (conversation_id, stanza_id_by, stanza_id)"
  "  WHERE stanza_id IS NOT NULL;"
  "CREATE INDEX message_xmpp_id ON message (conversation_id, xmpp_id) WHERE xmpp_id IS NOT NULL;"
  "CREATE TABLE archive_range ("
  "  id INTEGER PRIMARY KEY,"
  "  account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,"
  "  archive TEXT NOT NULL,"
  "  first_id TEXT,"
  "  first_time INTEGER,"
  "  last_id TEXT,"
  "  last_time INTEGER,"
  "  reaches_start INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX archive_range_by_archive ON archive_range (account_id, archive, last_time);"
  /* Full-text indexing leaves the insert: rows up to the watermark are
   * indexed, the rest are indexed by the store's indexer (a thread of its
   * own for a file), and only indexed rows are taken out of the index. */
  "CREATE TABLE fts_watermark (id INTEGER NOT NULL);"
  "INSERT INTO fts_watermark SELECT coalesce (max (id), 0) FROM message;"
  "DROP TRIGGER message_fts_insert;"
  "DROP TRIGGER message_fts_delete;"
  "DROP TRIGGER message_fts_update;"
  "CREATE TRIGGER message_fts_delete AFTER DELETE ON message"
  "  WHEN old.id <= (SELECT id FROM fts_watermark) BEGIN"
  "  INSERT INTO message_fts (message_fts, rowid, body) VALUES ('delete', old.id, old.body);"
  "END;"
  "CREATE TRIGGER message_fts_update AFTER UPDATE OF body ON message"
  "  WHEN old.id <= (SELECT id FROM fts_watermark) BEGIN"
  "  INSERT INTO message_fts (message_fts, rowid, body) VALUES ('delete', old.id, old.body);"
  "  INSERT INTO message_fts (rowid, body) VALUES (new.id, new.body);"
  "END;",

  /* 3 -> 4: the index takes Glint's tokenizer (any script, accents
   * folded); the indexer builds it again from the first message, in the
   * background, as it does for new ones. Messages by time alone, for
   * searches between dates. */
  "DROP TABLE message_fts;"
  "CREATE VIRTUAL TABLE message_fts USING fts5 (body, content='message', content_rowid='id',"
  "  tokenize='glint');"
  "UPDATE fts_watermark SET id = 0;"
  /* A search between two dates reads the ids of those days here first. */
  "CREATE INDEX message_by_time_only ON message (time, id);"
  /* A corrected message (XEP-0308) keeps what it first said. */
  "ALTER TABLE message ADD COLUMN original_body TEXT;",

  /* 4 -> 5: a conversation whose archive (XEP-0313) was read back to its
   * start has nothing older on the server. */
  "ALTER TABLE conversation ADD COLUMN archive_complete INTEGER NOT NULL DEFAULT 0;",
};

#define CONVERSATION_OF(account, peer) \
  "(SELECT c.id FROM conversation c JOIN account a ON a.id = c.account_id" \
  " WHERE a.jid = " account " AND c.peer = " peer ")"


static const char * const statements[N_STMTS] = {
  [STMT_ACCOUNT_INSERT] =
    "INSERT INTO account (jid) VALUES (?1)"
    " ON CONFLICT (jid) DO UPDATE SET jid = excluded.jid RETURNING id",
  [STMT_CONVERSATION_INSERT] =
    "INSERT INTO conversation (account_id, peer, kind) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (account_id, peer) DO UPDATE SET peer = excluded.peer RETURNING id",
  [STMT_MESSAGE_INSERT] =
    "INSERT INTO message (conversation_id, direction, sender, time, body, xmpp_id,"
    " origin_id, stanza_id, stanza_id_by, state, occupant_nick, occupant_id, replaces_id)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    " ON CONFLICT DO NOTHING RETURNING id",
  [STMT_SET_STATE] =
    "UPDATE message SET state = ?2 WHERE id = ?1",
  [STMT_SET_STATE_BY_XMPP_ID] =
    "UPDATE message SET state = ?4 WHERE conversation_id = " CONVERSATION_OF ("?1", "?2")
    " AND xmpp_id = ?3 AND direction = 1 RETURNING id",
  [STMT_PAGE_BEFORE] =
    "SELECT " MESSAGE_COLUMNS " FROM message m"
    " JOIN conversation c ON c.id = m.conversation_id JOIN account a ON a.id = c.account_id"
    " WHERE a.jid = ?1 AND c.peer = ?2 AND (m.time < ?3 OR (m.time = ?3 AND m.id < ?4))"
    " ORDER BY m.time DESC, m.id DESC LIMIT ?5",
  [STMT_PAGE_AFTER] =
    "SELECT " MESSAGE_COLUMNS " FROM message m"
    " JOIN conversation c ON c.id = m.conversation_id JOIN account a ON a.id = c.account_id"
    " WHERE a.jid = ?1 AND c.peer = ?2 AND (m.time > ?3 OR (m.time = ?3 AND m.id > ?4))"
    " ORDER BY m.time, m.id LIMIT ?5",
  [STMT_PENDING] =
    "SELECT " MESSAGE_COLUMNS " FROM message m"
    " JOIN conversation c ON c.id = m.conversation_id JOIN account a ON a.id = c.account_id"
    " WHERE m.state = 0 AND m.direction = 1 AND a.jid = ?1 ORDER BY m.time, m.id",
  [STMT_SEARCH] = SEARCH_SQL,
  [STMT_SEARCH_PEER] = SEARCH_PEER_SQL,
  [STMT_SNIPPET] = SNIPPET_SQL,
  [STMT_ID_RANGE] = ID_RANGE_SQL,
  [STMT_COUNT] =
    "SELECT count(*) FROM message m JOIN conversation c ON c.id = m.conversation_id"
    " JOIN account a ON a.id = c.account_id WHERE a.jid = ?1 AND c.peer = ?2",
  [STMT_CORRECT] =
    "UPDATE message SET original_body = coalesce (original_body, body), body = ?5"
    " WHERE id = (SELECT id FROM message WHERE conversation_id = " CONVERSATION_OF ("?1", "?2")
    " AND xmpp_id = ?3 AND direction = ?4 AND (?6 IS NULL OR sender = ?6)"
    " ORDER BY time DESC, id DESC LIMIT 1) RETURNING id",
  [STMT_MARK_SENT] =
    "UPDATE message SET state = 1 WHERE id = ?1 AND state = 0 RETURNING id",
  [STMT_FALLBACK_MATCH] =
    "UPDATE message SET stanza_id = ?5, stanza_id_by = ?6 WHERE id = (SELECT id FROM message"
    " WHERE conversation_id = ?1 AND direction = ?2 AND body = ?3 AND stanza_id IS NULL"
    " AND origin_id IS NULL AND time BETWEEN ?4 - " G_STRINGIFY (GLINT_STORE_FALLBACK_MS)
    " AND ?4 + " G_STRINGIFY (GLINT_STORE_FALLBACK_MS) " ORDER BY abs (time - ?4) LIMIT 1) RETURNING id",
  [STMT_COPY_TIME] =
    "SELECT time FROM message WHERE conversation_id = ?1 AND stanza_id_by = ?2 AND stanza_id = ?3"
    " UNION ALL SELECT time FROM message WHERE conversation_id = ?1 AND direction = ?4 AND origin_id = ?5"
    " LIMIT 1",
  [STMT_ARCHIVE_GET] = ARCHIVE_GET_SQL,
  [STMT_ARCHIVE_INSERT] = ARCHIVE_INSERT_SQL,
  [STMT_ARCHIVE_UPDATE] = ARCHIVE_UPDATE_SQL,
  [STMT_ARCHIVE_EDGE] = ARCHIVE_EDGE_SQL,
  [STMT_ARCHIVE_COMPLETE] = ARCHIVE_COMPLETE_SQL,
  [STMT_PEERS] =
    "SELECT DISTINCT c.peer FROM conversation c JOIN account a ON a.id = c.account_id"
    " WHERE (?1 IS NULL OR a.jid = ?1) AND EXISTS (SELECT 1 FROM message m WHERE m.conversation_id = c.id)"
    " ORDER BY c.peer",
};


G_DEFINE_TYPE (GlintStore, glint_store, G_TYPE_OBJECT)

enum {
  DAMAGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];
G_DEFINE_QUARK (glint-store-error-quark, glint_store_error)

void
glint_store_set_sqlite_error (sqlite3     *db,
                              int          rc,
                              const char  *what,
                              GError     **error)
{
  int code;

  switch (rc & 0xff)
    {
    case SQLITE_FULL:
      code = GLINT_STORE_ERROR_FULL;
      g_set_error (error, GLINT_STORE_ERROR, code,
                   _("The disk is full: %s could not be saved."), what);
      return;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = GLINT_STORE_ERROR_CORRUPT;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = GLINT_STORE_ERROR_BUSY;
      break;
    default:
      code = GLINT_STORE_ERROR_FAILED;
    }
  g_set_error (error, GLINT_STORE_ERROR, code, _("The history database failed (%s): %s"),
               what, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
}

static gboolean
emit_damaged (gpointer data)
{
  g_signal_emit (data, signals[DAMAGED], 0);
  return G_SOURCE_REMOVE;
}

/* Any thread: the file is damaged. The main loop hears it once, outside
 * whatever transaction found it. */
void
glint_store_note_damage (GlintStore *self)
{
  if (g_atomic_int_compare_and_exchange (&self->damaged, FALSE, TRUE))
    g_idle_add_full (G_PRIORITY_DEFAULT, emit_damaged, g_object_ref (self), g_object_unref);
}

gboolean
glint_store_is_damage (int rc)
{
  return (rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB;
}

/* A failure of the store's own connection: one that says the file is
 * damaged is also reported as "damaged". */
void
glint_store_fail (GlintStore  *self,
                  int          rc,
                  const char  *what,
                  GError     **error)
{
  if (glint_store_is_damage (rc))
    glint_store_note_damage (self);
  glint_store_set_sqlite_error (self->db, rc, what, error);
}


/* Closes every connection to the file; the store is then empty. */
void
glint_store_close_database (GlintStore *self)
{
  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  glint_store_stop_indexer (self);
  glint_store_keep_file_on_close (self, self->db);
  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_mutex_lock (&self->reader_lock);
  for (guint i = 0; i < N_SEARCH_STMTS; i++)
    g_clear_pointer (&self->reader_search[i], sqlite3_finalize);
  g_clear_pointer (&self->reader, sqlite3_close_v2);
  g_mutex_unlock (&self->reader_lock);
  g_hash_table_remove_all (self->conversation_ids);
  g_hash_table_remove_all (self->uncommitted_ids);
  self->uncommitted_max = 0;
}

static void
glint_store_finalize (GObject *object)
{
  GlintStore *self = GLINT_STORE (object);

  glint_store_close_database (self);
  g_mutex_clear (&self->reader_lock);
  g_mutex_clear (&self->index_lock);
  g_cond_clear (&self->index_cond);
  g_free (self->path);
  g_hash_table_unref (self->conversation_ids);
  g_hash_table_unref (self->uncommitted_ids);
  G_OBJECT_CLASS (glint_store_parent_class)->finalize (object);
}

static void
glint_store_class_init (GlintStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = glint_store_finalize;

  /* SQLite found the file damaged: glint_store_start_afresh() sets it
   * aside and starts a new one. Emitted once, from the main loop. */
  signals[DAMAGED] = g_signal_new ("damaged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
glint_store_init (GlintStore *self)
{
  self->conversation_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->uncommitted_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_mutex_init (&self->reader_lock);
  g_mutex_init (&self->index_lock);
  g_cond_init (&self->index_cond);
}

int
glint_store_get_latest_version (void)
{
  return G_N_ELEMENTS (migrations);
}

int
glint_store_get_schema_version (GlintStore *self)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
exec (GlintStore  *self,
      const char  *sql,
      const char  *what,
      GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      glint_store_fail (self, rc, what, error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
migrate (GlintStore  *self,
         int          target,
         GError     **error)
{
  int version = glint_store_get_schema_version (self);

  if (version < 0)
    {
      g_set_error (error, GLINT_STORE_ERROR, GLINT_STORE_ERROR_CORRUPT,
                   _("The history database cannot be read: %s"), sqlite3_errmsg (self->db));
      return FALSE;
    }
  if (version > glint_store_get_latest_version ())
    {
      g_set_error (error, GLINT_STORE_ERROR, GLINT_STORE_ERROR_TOO_NEW,
                   _("The history database was written by a newer Glint (schema %d; this one knows %d)."),
                   version, glint_store_get_latest_version ());
      return FALSE;
    }

  for (; version < target; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      g_debug ("Migrating history from schema %d to %d", version, version + 1);
      if (!exec (self, "BEGIN IMMEDIATE", "migration", error))
        return FALSE;
      if (!exec (self, migrations[version], "migration", error)
          || !exec (self, bump, "migration", error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      if (!exec (self, "COMMIT", "migration", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
prepare_all (GlintStore  *self,
             GError     **error)
{
  for (guint i = 0; i < N_STMTS; i++)
    {
      int rc = sqlite3_prepare_v3 (self->db, statements[i], -1, SQLITE_PREPARE_PERSISTENT,
                                   &self->stmts[i], NULL);
      if (rc != SQLITE_OK)
        {
          glint_store_fail (self, rc, "prepare", error);
          return FALSE;
        }
    }
  return TRUE;
}

/* Under this size the file is read back whole as it opens, in a few
 * milliseconds; a larger one is read back in the background once open,
 * so that start-up never waits for it. */
#define CHECK_AT_OPEN_BYTES (32 * 1024 * 1024)

gboolean
glint_store_open_database (GlintStore  *self,
               int          version,
               GError     **error)
{
  const char *path = self->path;
  GStatBuf st;
  int rc;

  /* The history is the user's alone: its folder 0700, the file 0600
   * before SQLite first opens it (its log files take the file's mode). */
  if (g_strcmp0 (path, ":memory:") != 0)
    {
      g_autofree char *dir = g_path_get_dirname (path);
      int fd;

      glint_make_private_dir (dir, NULL);
      fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      if (fd >= 0)
        close (fd);
      g_chmod (path, 0600);
    }

  rc = glint_store_open_connection (path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &self->db);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GLINT_STORE_ERROR, GLINT_STORE_ERROR_OPEN,
                   _("The history database %s could not be opened: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 2000);

  self->checked = g_strcmp0 (path, ":memory:") == 0
                  || (g_stat (path, &st) == 0 && st.st_size <= CHECK_AT_OPEN_BYTES);
  /* Checked first: switching a file to WAL writes to it. */
  if ((self->checked && !glint_store_check_whole (self->db, error))
      || !exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                      " PRAGMA foreign_keys = ON;", "open", error)
      || !migrate (self, version, error))
    {
      /* Closing it then leaves it as it was found. */
      if (error != NULL && g_error_matches (*error, GLINT_STORE_ERROR, GLINT_STORE_ERROR_CORRUPT))
        g_atomic_int_set (&self->damaged, TRUE);
      return FALSE;
    }

  if (version == glint_store_get_latest_version () && !prepare_all (self, error))
    return FALSE;
  if (version == glint_store_get_latest_version ()
      && (g_strcmp0 (path, ":memory:") == 0 || !glint_store_start_indexer (self)))
    glint_store_index_written (self, 0);
  return TRUE;
}

/* Opens @path (":memory:" works) and migrates it to @version; tests use
 * this to build databases of every old schema. */
GlintStore *
glint_store_new_at_version (const char  *path,
                            int          version,
                            GError     **error)
{
  g_autoptr(GlintStore) self = g_object_new (GLINT_TYPE_STORE, NULL);

  g_return_val_if_fail (version <= glint_store_get_latest_version (), NULL);
  self->path = g_strdup (path);
  if (!glint_store_open_database (self, version, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Opens a connection to @path for one thread, with Glint's tokenizer. */
int
glint_store_open_connection (const char  *path,
                             int          flags,
                             sqlite3    **db)
{
  int rc = sqlite3_open_v2 (path, db, flags | SQLITE_OPEN_NOMUTEX, NULL);

  if (rc == SQLITE_OK && !glint_tokenizer_register (*db))
    rc = SQLITE_ERROR;
  return rc;
}

typedef struct
{
  GlintStoreJob  job;
  int            flags;
  gpointer       data;
  GDestroyNotify data_free;
} JobData;

static void
job_data_free (JobData *job)
{
  if (job->data_free)
    job->data_free (job->data);
  g_free (job);
}

static void
return_job (GTask   *task,
            gint64   done,
            GError  *error)
{
  if (done < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, done);
}

static void
job_thread (GTask        *task,
            gpointer      source,
            gpointer      data,
            GCancellable *cancellable)
{
  GlintStore *self = source;
  JobData *job = data;
  GError *error = NULL;
  sqlite3 *db = NULL;
  gint64 done = -1;
  int rc = glint_store_open_connection (self->path, job->flags, &db);

  if (rc != SQLITE_OK)
    glint_store_set_sqlite_error (db, rc, _("the history"), &error);
  else
    {
      sqlite3_busy_timeout (db, 2000);
      sqlite3_exec (db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
      done = job->job (db, job->data, cancellable, &error);
    }
  sqlite3_close_v2 (db);
  return_job (task, done, error);
}

/* Runs @job in a thread on a connection of its own (WAL lets it work
 * beside the main one), or, for a database in memory, which has no
 * second connection and is small, right here. The task returns the job's
 * count. */
void
glint_store_run_job (GlintStore     *self,
                     GTask          *task,
                     int             open_flags,
                     GlintStoreJob   job,
                     gpointer        data,
                     GDestroyNotify  data_free)
{
  JobData *job_data = g_new0 (JobData, 1);

  job_data->job = job;
  job_data->flags = open_flags;
  job_data->data = data;
  job_data->data_free = data_free;
  g_task_set_task_data (task, job_data, (GDestroyNotify) job_data_free);
  if (g_strcmp0 (self->path, ":memory:") == 0)
    {
      GError *error = NULL;

      return_job (task, job (self->db, data, g_task_get_cancellable (task), &error), error);
      return;
    }
  g_task_run_in_thread (task, job_thread);
}

GlintStore *
glint_store_new (const char  *path,
                 GError     **error)
{
  return glint_store_new_at_version (path, glint_store_get_latest_version (), error);
}

/* Whether opening @path would change its schema first: an older Glint's
 * database. Reads only the version; a missing file needs no migration. */
gboolean
glint_store_needs_migration (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return FALSE;
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK
      && sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK
      && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return version >= 0 && version < glint_store_get_latest_version ();
}

static void
open_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  GlintStore *store = glint_store_new (data, &error);

  if (store)
    g_task_return_pointer (task, store, g_object_unref);
  else
    g_task_return_error (task, error);
}

/* Opens (and migrates) @path in a thread, for a migration that may take a
 * while. The store is then used from the thread that finishes it. */
void
glint_store_new_async (const char          *path,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, glint_store_new_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, open_thread);
}

GlintStore *
glint_store_new_finish (GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Moves a history that cannot be read out of the way, byte for byte, as
 * @path.corrupt-TIME (with its log files, which belong to it), so that a
 * new one can start at @path. Returns the new name of the old file. */

char *
glint_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "glint", "history.db", NULL);
}

sqlite3_stmt *
glint_store_stmt (GlintStore *self,
                  int         which)
{
  sqlite3_stmt *stmt = self->stmts[which];

  g_assert (stmt != NULL);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

gint64
glint_store_returning_id (GlintStore    *self,
                          sqlite3_stmt  *stmt,
                          const char    *what,
                          GError       **error)
{
  int rc = sqlite3_step (stmt);
  gint64 id = 0;

  if (rc == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      glint_store_fail (self, rc, what, error);
      id = -1;
    }
  sqlite3_reset (stmt);
  return id;
}

gint64
glint_store_account_id (GlintStore  *self,
                        const char  *account,
                        GError     **error)
{
  sqlite3_stmt *stmt = glint_store_stmt (self, STMT_ACCOUNT_INSERT);

  sqlite3_bind_text (stmt, 1, account, -1, SQLITE_TRANSIENT);
  return glint_store_returning_id (self, stmt, _("the account"), error);
}

static gint64
conversation_id (GlintStore             *self,
                 const char             *account,
                 const char             *peer,
                 GlintConversationKind   kind,
                 GError                **error)
{
  g_autofree char *key = glint_conversation_key (account, peer);
  gpointer cached;
  sqlite3_stmt *stmt;
  gint64 account_id, id;

  if (g_hash_table_lookup_extended (self->conversation_ids, key, NULL, &cached)
      || g_hash_table_lookup_extended (self->uncommitted_ids, key, NULL, &cached))
    return GPOINTER_TO_SIZE (cached);

  account_id = glint_store_account_id (self, account, error);
  if (account_id <= 0)
    return -1;

  stmt = glint_store_stmt (self, STMT_CONVERSATION_INSERT);
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_text (stmt, 2, peer, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, kind);
  id = glint_store_returning_id (self, stmt, _("the conversation"), error);
  if (id <= 0)
    return -1;

  /* Inside a transaction, kept apart until it commits: it may roll back. */
  g_hash_table_insert (sqlite3_get_autocommit (self->db) ? self->conversation_ids : self->uncommitted_ids,
                       g_steal_pointer (&key), GSIZE_TO_POINTER (id));
  return id;
}

void
glint_store_bind_text_or_null (sqlite3_stmt *stmt,
                               int           index,
                               const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

/* An archived message already stored: its time becomes the stored
 * copy's, which is where it stands in the conversation. */
static void
archived_copy_time (GlintStore   *self,
                    gint64        conv,
                    GlintMessage *msg)
{
  sqlite3_stmt *stmt = glint_store_stmt (self, STMT_COPY_TIME);

  sqlite3_bind_int64 (stmt, 1, conv);
  glint_store_bind_text_or_null (stmt, 2, msg->stanza_id_by);
  glint_store_bind_text_or_null (stmt, 3, msg->stanza_id);
  sqlite3_bind_int (stmt, 4, msg->direction);
  glint_store_bind_text_or_null (stmt, 5, msg->origin_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    msg->time_ms = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
}

/* Stores @msg and sets its id. A message already stored under the same
 * trusted stanza-id or the same origin-id is a duplicate: nothing is
 * written, *duplicate is set and TRUE returned (and an archived one takes
 * the stored copy's time). */
gboolean
glint_store_insert_message (GlintStore    *self,
                            GlintMessage  *msg,
                            gboolean      *duplicate,
                            GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 conv, id;

  g_return_val_if_fail (GLINT_IS_STORE (self), FALSE);
  g_return_val_if_fail (msg->account && msg->peer && msg->sender && msg->body, FALSE);

  if (duplicate)
    *duplicate = FALSE;
  conv = conversation_id (self, msg->account, msg->peer, msg->kind, error);
  if (conv <= 0)
    return FALSE;

  /* From an archive, and with no origin-id to tell it by: the live copy
   * may have come without a stanza-id (a server that stamps none), so a
   * message with the same words, side and conversation, stored close to
   * that time without a stanza-id, is taken as this one and given it. */
  if (msg->archived && msg->stanza_id && msg->origin_id == NULL)
    {
      stmt = glint_store_stmt (self, STMT_FALLBACK_MATCH);
      sqlite3_bind_int64 (stmt, 1, conv);
      sqlite3_bind_int (stmt, 2, msg->direction);
      sqlite3_bind_text (stmt, 3, msg->body, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, msg->time_ms);
      sqlite3_bind_text (stmt, 5, msg->stanza_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 6, msg->stanza_id_by, -1, SQLITE_TRANSIENT);
      id = glint_store_returning_id (self, stmt, _("the message"), error);
      if (id < 0)
        return FALSE;
      if (id > 0)
        {
          if (duplicate)
            *duplicate = TRUE;
          return TRUE;
        }
    }

  stmt = glint_store_stmt (self, STMT_MESSAGE_INSERT);
  sqlite3_bind_int64 (stmt, 1, conv);
  sqlite3_bind_int (stmt, 2, msg->direction);
  sqlite3_bind_text (stmt, 3, msg->sender, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, msg->time_ms);
  sqlite3_bind_text (stmt, 5, msg->body, -1, SQLITE_TRANSIENT);
  glint_store_bind_text_or_null (stmt, 6, msg->xmpp_id);
  glint_store_bind_text_or_null (stmt, 7, msg->origin_id);
  glint_store_bind_text_or_null (stmt, 8, msg->stanza_id ? msg->stanza_id : NULL);
  glint_store_bind_text_or_null (stmt, 9, msg->stanza_id ? msg->stanza_id_by : NULL);
  sqlite3_bind_int (stmt, 10, msg->state);
  glint_store_bind_text_or_null (stmt, 11, msg->occupant_nick);
  glint_store_bind_text_or_null (stmt, 12, msg->occupant_id);
  glint_store_bind_text_or_null (stmt, 13, msg->replaces_id);

  id = glint_store_returning_id (self, stmt, _("the message"), error);
  if (id < 0)
    return FALSE;
  if (id > 0)
    {
      if (sqlite3_get_autocommit (self->db))
        glint_store_index_written (self, id);
      else
        self->uncommitted_max = MAX (self->uncommitted_max, id);
    }
  if (id == 0)
    {
      if (duplicate)
        *duplicate = TRUE;
      if (msg->archived)
        archived_copy_time (self, conv, msg);
      return TRUE;
    }
  msg->id = id;
  return TRUE;
}

static gboolean
step_update (GlintStore    *self,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      glint_store_fail (self, rc, _("the message state"), error);
      return FALSE;
    }
  return TRUE;
}

gboolean
glint_store_set_state (GlintStore         *self,
                       gint64              id,
                       GlintMessageState   state,
                       GError            **error)
{
  sqlite3_stmt *stmt = glint_store_stmt (self, STMT_SET_STATE);

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, state);
  return step_update (self, stmt, error);
}

/* The server has our message @id: it is sent, if it was still pending (a
 * bounce or a receipt may have come first, and says more). Returns
 * whether it changed. */
gboolean
glint_store_mark_sent (GlintStore  *self,
                       gint64       id,
                       GError     **error)
{
  sqlite3_stmt *stmt = glint_store_stmt (self, STMT_MARK_SENT);

  sqlite3_bind_int64 (stmt, 1, id);
  return glint_store_returning_id (self, stmt, _("the message"), error) > 0;
}

/* Sets the state of our own message @xmpp_id in (@account, @peer) and
 * returns its row id: 0 when there is none, -1 on error. */
gint64
glint_store_set_state_by_xmpp_id (GlintStore         *self,
                                  const char         *account,
                                  const char         *peer,
                                  const char         *xmpp_id,
                                  GlintMessageState   state,
                                  GError            **error)
{
  sqlite3_stmt *stmt = glint_store_stmt (self, STMT_SET_STATE_BY_XMPP_ID);

  sqlite3_bind_text (stmt, 1, account, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, peer, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, xmpp_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, state);
  return glint_store_returning_id (self, stmt, _("the message state"), error);
}

/* XEP-0308: @msg corrects the message its replaces_id names, which is
 * looked for only in the same conversation and written by the same side,
 * so no one can rewrite what someone else wrote. Returns the corrected
 * row's id (its body now @msg's, its first text kept), 0 when there is no
 * such message, -1 on error. */
gint64
glint_store_apply_correction (GlintStore          *self,
                              const GlintMessage  *msg,
                              GError             **error)
{
  sqlite3_stmt *stmt = glint_store_stmt (self, STMT_CORRECT);

  sqlite3_bind_text (stmt, 1, msg->account, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, msg->peer, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, msg->replaces_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, msg->direction);
  sqlite3_bind_text (stmt, 5, msg->body, -1, SQLITE_TRANSIENT);
  /* In a room everyone else is on the same side: an occupant corrects
   * only what the same occupant wrote. */
  glint_store_bind_text_or_null (stmt, 6, msg->kind == GLINT_CONVERSATION_GROUPCHAT
                                          && msg->direction == GLINT_DIRECTION_IN ? msg->sender : NULL);
  return glint_store_returning_id (self, stmt, _("the correction"), error);
}

/* At quit: the index thread finishes what it was doing and stops, and the
 * write-ahead log is folded into the database, so the file on disk is the
 * whole history. The store still reads and writes afterwards, indexing on
 * its own connection. */
void
glint_store_close (GlintStore *self)
{
  glint_store_stop_indexer (self);
  if (sqlite3_exec (self->db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL) != SQLITE_OK)
    g_message ("Could not fold the history's log into it: %s", sqlite3_errmsg (self->db));
}

/* Batches (a page of archive, say) go in one transaction: one fsync, not
 * one per message. */
gboolean
glint_store_begin (GlintStore  *self,
                   GError     **error)
{
  return exec (self, "BEGIN IMMEDIATE", "begin", error);
}

gboolean
glint_store_commit (GlintStore  *self,
                    GError     **error)
{
  gint64 written = self->uncommitted_max;

  self->uncommitted_max = 0;
  if (exec (self, "COMMIT", "commit", error))
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, self->uncommitted_ids);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          g_hash_table_insert (self->conversation_ids, key, value);
          g_hash_table_iter_steal (&iter);
        }
      if (written > 0)
        glint_store_index_written (self, written);
      return TRUE;
    }
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_hash_table_remove_all (self->uncommitted_ids);
  return FALSE;
}

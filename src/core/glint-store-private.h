/* glint-store-private.h: what the store's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "glint-store.h"

G_BEGIN_DECLS

/* A search's statements, in this order in stmts[] and reader_search[]. */
#define N_SEARCH_STMTS 4

enum {
  STMT_ACCOUNT_INSERT,
  STMT_CONVERSATION_INSERT,
  STMT_MESSAGE_INSERT,
  STMT_SET_STATE,
  STMT_SET_STATE_BY_XMPP_ID,
  STMT_PAGE_BEFORE,
  STMT_PAGE_AFTER,
  STMT_PENDING,
  STMT_SEARCH,
  STMT_SEARCH_PEER,
  STMT_SNIPPET,
  STMT_ID_RANGE,
  STMT_COUNT,
  STMT_PEERS,
  STMT_CORRECT,
  STMT_MARK_SENT,
  STMT_FALLBACK_MATCH,
  STMT_COPY_TIME,
  STMT_ARCHIVE_GET,
  STMT_ARCHIVE_INSERT,
  STMT_ARCHIVE_UPDATE,
  STMT_ARCHIVE_EDGE,
  STMT_ARCHIVE_COMPLETE,
  N_STMTS
};

struct _GlintStore
{
  GObject       parent_instance;
  sqlite3      *db;
  sqlite3_stmt *stmts[N_STMTS];
  GHashTable   *conversation_ids; /* conversation key -> id */
  GHashTable   *uncommitted_ids;  /* the same, made in the open transaction */
  char         *path;
  GMutex        reader_lock;      /* the reader is used by one search at a time */
  sqlite3      *reader;           /* read-only, for searches off the main thread */
  sqlite3_stmt *reader_search[N_SEARCH_STMTS];
  gint64        uncommitted_max;  /* highest id written in the open transaction */
  /* The indexer: its connection is its thread's; the rest is under the lock. */
  GThread      *index_thread;
  sqlite3      *indexer;
  GMutex        index_lock;
  GCond         index_cond;
  gint64        index_wanted;
  gint64        indexed;
  gboolean      index_quit;
  gboolean      index_running;    /* a thread indexes: else, the writer does */
  gint          damaged;          /* atomic: SQLite found the file damaged */
  gboolean      checked;          /* the whole file was read back at open */
};

#define MESSAGE_COLUMNS \
  "m.id, a.jid, c.peer, m.sender, m.direction, m.time, m.body, m.xmpp_id," \
  " m.origin_id, m.stanza_id, m.stanza_id_by, m.state, c.kind, m.occupant_nick," \
  " m.occupant_id, m.replaces_id, m.original_body"
#define N_MESSAGE_COLUMNS 17

/* Newest stored first, by rowid, which FTS5 walks in order without sorting
 * every match; ?3 is the keyset (the last id of the previous page). */
/* ?8 and ?9 bound the ids to those of the messages between the dates
 * (ID_RANGE_SQL), so FTS5 skips the rest of a word's matches at once;
 * the times themselves are then checked. */
#define SEARCH_TIME_FILTER \
  " AND (?6 = 0 OR m.time >= ?6) AND (?7 = 0 OR m.time < ?7) AND m.id BETWEEN ?8 AND ?9"

#define SEARCH_SQL \
  "SELECT " MESSAGE_COLUMNS ", snippet(message_fts, 0, '\x02', '\x03', '\u2026', 12)" \
  " FROM message_fts f JOIN message m ON m.id = f.rowid" \
  " JOIN conversation c ON c.id = m.conversation_id JOIN account a ON a.id = c.account_id" \
  " WHERE message_fts MATCH ?2 AND f.rowid < ?3 AND f.rowid BETWEEN ?8 AND ?9 AND (?1 IS NULL OR a.jid = ?1)" \
  " AND (?5 IS NULL OR c.peer = ?5)" SEARCH_TIME_FILTER \
  " ORDER BY f.rowid DESC LIMIT ?4"

/* One contact: walking every match newest first and joining each to its
 * conversation costs a lookup per match of the whole history (30 ms for a
 * word in 2% of a million messages). The matching ids alone are read
 * first, cheaply, and the contact's messages (the joins in this order,
 * the "+" keeping SQLite from looking them up by id instead) are checked
 * against them; the few snippets wanted are then made one by one
 * (STMT_SNIPPET). */
#define SEARCH_PEER_SQL \
  "WITH hits (id) AS MATERIALIZED" \
  " (SELECT rowid FROM message_fts WHERE message_fts MATCH ?2 AND rowid < ?3 AND rowid BETWEEN ?8 AND ?9)" \
  " SELECT " MESSAGE_COLUMNS ", NULL" \
  " FROM conversation c CROSS JOIN account a CROSS JOIN message m" \
  " WHERE a.id = c.account_id AND m.conversation_id = c.id AND c.peer = ?5 AND (?1 IS NULL OR a.jid = ?1)" \
  " AND +m.id IN hits" SEARCH_TIME_FILTER \
  " ORDER BY m.id DESC LIMIT ?4"

#define ID_RANGE_SQL \
  "SELECT coalesce (min (id), 1), coalesce (max (id), 0) FROM message WHERE time >= ?1 AND time < ?2"

#define SNIPPET_SQL \
  "SELECT snippet(message_fts, 0, '\x02', '\x03', '\u2026', 12) FROM message_fts" \
  " WHERE message_fts MATCH ?1 AND rowid = ?2"

/* How far apart in time an archived message and a live copy stored
 * without ids may be and still be taken as one. */
#define GLINT_STORE_FALLBACK_MS 300000

/* The synced range of an archive that reaches furthest. */
#define ARCHIVE_GET_SQL \
  "SELECT r.id, r.first_id, r.first_time, r.last_id, r.last_time, r.reaches_start" \
  " FROM archive_range r JOIN account a ON a.id = r.account_id" \
  " WHERE a.jid = ?1 AND r.archive = ?2 ORDER BY r.last_time DESC, r.id DESC LIMIT 1"
#define ARCHIVE_INSERT_SQL \
  "INSERT INTO archive_range (account_id, archive, first_id, first_time, last_id, last_time, reaches_start)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id"
#define ARCHIVE_UPDATE_SQL \
  "UPDATE archive_range SET first_id = ?2, first_time = ?3, last_id = ?4, last_time = ?5, reaches_start = ?6" \
  " WHERE id = ?1"
/* Whether the archive has older messages with a peer, the archive id
 * (stanza-id) of the oldest stored message that has one, and the time of
 * the oldest stored message. */
#define ARCHIVE_EDGE_SQL \
  "SELECT c.archive_complete, (SELECT m.stanza_id FROM message m WHERE m.conversation_id = c.id" \
  " AND m.stanza_id IS NOT NULL AND m.stanza_id_by = (CASE c.kind WHEN 1 THEN c.peer ELSE ?1 END)" \
  " ORDER BY m.time, m.id LIMIT 1)," \
  " (SELECT min (m.time) FROM message m WHERE m.conversation_id = c.id)" \
  " FROM conversation c JOIN account a ON a.id = c.account_id WHERE a.jid = ?1 AND c.peer = ?2"
#define ARCHIVE_COMPLETE_SQL \
  "UPDATE conversation SET archive_complete = 1 WHERE peer = ?2" \
  " AND account_id = (SELECT id FROM account WHERE jid = ?1)"

/* Work on a connection: returns how many rows it did, or -1 with @error
 * set. */
typedef gint64 (*GlintStoreJob) (sqlite3       *db,
                                 gpointer       data,
                                 GCancellable  *cancellable,
                                 GError       **error);

void          glint_store_run_job          (GlintStore    *self,
                                            GTask         *task,
                                            int            open_flags,
                                            GlintStoreJob  job,
                                            gpointer       data,
                                            GDestroyNotify data_free);
gint64        glint_store_returning_id     (GlintStore    *self,
                                            sqlite3_stmt  *stmt,
                                            const char    *what,
                                            GError       **error);
gint64        glint_store_account_id       (GlintStore    *self,
                                            const char    *account,
                                            GError       **error);
void          glint_store_bind_text_or_null (sqlite3_stmt *stmt,
                                             int           index,
                                             const char   *text);
sqlite3_stmt *glint_store_stmt             (GlintStore    *self,
                                            int            which);
int           glint_store_open_connection  (const char    *path,
                                            int            flags,
                                            sqlite3      **db);
GlintMessage *glint_store_message_from_row (sqlite3_stmt  *stmt);
char         *glint_store_column_dup       (sqlite3_stmt  *stmt,
                                            int            col);
void          glint_store_set_sqlite_error (sqlite3       *db,
                                            int            rc,
                                            const char    *what,
                                            GError       **error);
GPtrArray    *glint_store_search_on        (sqlite3       *db,
                                            sqlite3_stmt **stmts,
                                            const GlintSearchFilter *filter,
                                            const char    *query,
                                            gint64         before_id,
                                            guint          limit,
                                            GError       **error);
gint64        glint_store_index_on         (sqlite3       *db,
                                            guint          max,
                                            GError       **error);
void          glint_store_fail             (GlintStore    *self,
                                            int            rc,
                                            const char    *what,
                                            GError       **error);
void          glint_store_note_damage      (GlintStore    *self);
gboolean      glint_store_is_damage        (int            rc);
gboolean      glint_store_check_whole      (sqlite3       *db,
                                            GError       **error);
void          glint_store_close_database   (GlintStore    *self);
gboolean      glint_store_open_database    (GlintStore    *self,
                                            int            version,
                                            GError       **error);
void          glint_store_keep_file_on_close (GlintStore  *self,
                                              sqlite3     *db);
gboolean      glint_store_start_indexer    (GlintStore    *self);
void          glint_store_stop_indexer     (GlintStore    *self);
void          glint_store_index_written    (GlintStore    *self,
                                            gint64         id);

G_END_DECLS

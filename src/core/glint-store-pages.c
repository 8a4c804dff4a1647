/* glint-store-pages.c: reading the history back, a page at a time
 *
 * Pages are keyed by (time, id), so messages of the same millisecond are
 * neither skipped nor repeated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "glint-store-private.h"

char *
glint_store_column_dup (sqlite3_stmt *stmt,
                        int           col)
{
  const unsigned char *text = sqlite3_column_text (stmt, col);
  return text ? g_strdup ((const char *) text) : NULL;
}

/* Reads the MESSAGE_COLUMNS of the current row. */
GlintMessage *
glint_store_message_from_row (sqlite3_stmt *stmt)
{
  GlintMessage *msg = glint_message_new ();

  msg->id = sqlite3_column_int64 (stmt, 0);
  msg->account = glint_store_column_dup (stmt, 1);
  msg->peer = glint_store_column_dup (stmt, 2);
  msg->sender = glint_store_column_dup (stmt, 3);
  msg->direction = sqlite3_column_int (stmt, 4);
  msg->time_ms = sqlite3_column_int64 (stmt, 5);
  msg->body = glint_store_column_dup (stmt, 6);
  msg->xmpp_id = glint_store_column_dup (stmt, 7);
  msg->origin_id = glint_store_column_dup (stmt, 8);
  msg->stanza_id = glint_store_column_dup (stmt, 9);
  msg->stanza_id_by = glint_store_column_dup (stmt, 10);
  msg->state = sqlite3_column_int (stmt, 11);
  msg->kind = sqlite3_column_int (stmt, 12);
  msg->occupant_nick = glint_store_column_dup (stmt, 13);
  msg->occupant_id = glint_store_column_dup (stmt, 14);
  msg->replaces_id = glint_store_column_dup (stmt, 15);
  msg->original_body = glint_store_column_dup (stmt, 16);
  return msg;
}

static GPtrArray *
collect_messages (GlintStore    *self,
                  sqlite3_stmt  *stmt,
                  gboolean       reverse,
                  GError       **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_message_free);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, glint_store_message_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      glint_store_fail (self, rc, _("the history"), error);
      return NULL;
    }
  if (reverse)
    for (guint i = 0; i < out->len / 2; i++)
      {
        gpointer tmp = out->pdata[i];
        out->pdata[i] = out->pdata[out->len - 1 - i];
        out->pdata[out->len - 1 - i] = tmp;
      }
  return g_steal_pointer (&out);
}

/* A page of (@account, @peer) next to the key (@time, @id), by @which:
 * STMT_PAGE_BEFORE or STMT_PAGE_AFTER. */
static GPtrArray *
page_next_to (GlintStore  *self,
              int          which,
              const char  *account,
              const char  *peer,
              gint64       time,
              gint64       id,
              guint        limit,
              GError     **error)
{
  sqlite3_stmt *stmt = glint_store_stmt (self, which);

  sqlite3_bind_text (stmt, 1, account, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, peer, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, time);
  sqlite3_bind_int64 (stmt, 4, id);
  sqlite3_bind_int (stmt, 5, limit);
  /* "Before" is read newest first, to take the nearest rows. */
  return collect_messages (self, stmt, which == STMT_PAGE_BEFORE, error);
}

/* The @limit messages just before (@before_time, @before_id), oldest first.
 * Pass G_MAXINT64 for both to get the newest page. */
GPtrArray *
glint_store_page_before (GlintStore  *self,
                         const char  *account,
                         const char  *peer,
                         gint64       before_time,
                         gint64       before_id,
                         guint        limit,
                         GError     **error)
{
  return page_next_to (self, STMT_PAGE_BEFORE, account, peer, before_time, before_id, limit, error);
}

/* The @limit messages just after (@after_time, @after_id), oldest first. */
GPtrArray *
glint_store_page_after (GlintStore  *self,
                        const char  *account,
                        const char  *peer,
                        gint64       after_time,
                        gint64       after_id,
                        guint        limit,
                        GError     **error)
{
  return page_next_to (self, STMT_PAGE_AFTER, account, peer, after_time, after_id, limit, error);
}

/* Outgoing messages written but not yet handed to the server (the outbox). */
GPtrArray *
glint_store_pending (GlintStore  *self,
                     const char  *account,
                     GError     **error)
{
  sqlite3_stmt *stmt = glint_store_stmt (self, STMT_PENDING);

  sqlite3_bind_text (stmt, 1, account, -1, SQLITE_TRANSIENT);
  return collect_messages (self, stmt, FALSE, error);
}

/* Full-text search on the store's own connection, for tests and tools: it
 * waits for the indexer. The application uses glint_store_search_async;
 * glint-store-search.c has the rules. */
gint64
glint_store_count_messages (GlintStore *self,
                            const char *account,
                            const char *peer)
{
  sqlite3_stmt *stmt = glint_store_stmt (self, STMT_COUNT);
  gint64 n = -1;

  sqlite3_bind_text (stmt, 1, account, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, peer, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* glint-store-archive.c: which parts of the server's archive are stored
 *
 * Catching up with an archive (XEP-0313) goes page by page; each page's
 * messages are stored before the range grows over them, so an
 * interrupted catch-up starts again from the last page it finished and
 * leaves no gap (what it fetches twice is a duplicate, and dropped).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "glint-store-private.h"

void
glint_archive_range_clear (GlintArchiveRange *range)
{
  g_clear_pointer (&range->first_id, g_free);
  g_clear_pointer (&range->last_id, g_free);
  *range = (GlintArchiveRange) { 0 };
}

/* The range of @archive (a bare JID) that reaches newest; one with @row 0
 * if none is stored. */
gboolean
glint_store_get_archive_range (GlintStore         *self,
                               const char         *account,
                               const char         *archive,
                               GlintArchiveRange  *range,
                               GError            **error)
{
  sqlite3_stmt *stmt = glint_store_stmt (self, STMT_ARCHIVE_GET);
  int rc;

  glint_archive_range_clear (range);
  sqlite3_bind_text (stmt, 1, account, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, archive, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      range->row = sqlite3_column_int64 (stmt, 0);
      range->first_id = glint_store_column_dup (stmt, 1);
      range->first_time = sqlite3_column_int64 (stmt, 2);
      range->last_id = glint_store_column_dup (stmt, 3);
      range->last_time = sqlite3_column_int64 (stmt, 4);
      range->reaches_start = sqlite3_column_int (stmt, 5) != 0;
      rc = SQLITE_DONE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      glint_store_fail (self, rc, _("the archive’s progress"), error);
      return FALSE;
    }
  return TRUE;
}

/* Writes @range back, or adds it (setting @row) when it is new. */
gboolean
glint_store_save_archive_range (GlintStore         *self,
                                const char         *account,
                                const char         *archive,
                                GlintArchiveRange  *range,
                                GError            **error)
{
  sqlite3_stmt *stmt;
  gint64 row;

  if (range->row > 0)
    {
      stmt = glint_store_stmt (self, STMT_ARCHIVE_UPDATE);
      sqlite3_bind_int64 (stmt, 1, range->row);
      glint_store_bind_text_or_null (stmt, 2, range->first_id);
      sqlite3_bind_int64 (stmt, 3, range->first_time);
      glint_store_bind_text_or_null (stmt, 4, range->last_id);
      sqlite3_bind_int64 (stmt, 5, range->last_time);
      sqlite3_bind_int (stmt, 6, range->reaches_start);
      return glint_store_returning_id (self, stmt, _("the archive’s progress"), error) >= 0;
    }

  row = glint_store_account_id (self, account, error);
  if (row <= 0)
    return FALSE;
  stmt = glint_store_stmt (self, STMT_ARCHIVE_INSERT);
  sqlite3_bind_int64 (stmt, 1, row);
  sqlite3_bind_text (stmt, 2, archive, -1, SQLITE_TRANSIENT);
  glint_store_bind_text_or_null (stmt, 3, range->first_id);
  sqlite3_bind_int64 (stmt, 4, range->first_time);
  glint_store_bind_text_or_null (stmt, 5, range->last_id);
  sqlite3_bind_int64 (stmt, 6, range->last_time);
  sqlite3_bind_int (stmt, 7, range->reaches_start);
  row = glint_store_returning_id (self, stmt, _("the archive’s progress"), error);
  if (row <= 0)
    return FALSE;
  range->row = row;
  return TRUE;
}

/* The archive id of the oldest stored message with @peer that has one
 * (NULL if none), the time of the oldest stored message (0 if none), and
 * whether the archive was read back to its start for that conversation. */
gboolean
glint_store_get_archive_edge (GlintStore  *self,
                              const char  *account,
                              const char  *peer,
                              char       **oldest_id,
                              gint64      *oldest_ms,
                              gboolean    *complete)
{
  sqlite3_stmt *stmt = glint_store_stmt (self, STMT_ARCHIVE_EDGE);
  gboolean found = FALSE;

  *oldest_id = NULL;
  *oldest_ms = 0;
  *complete = FALSE;
  sqlite3_bind_text (stmt, 1, account, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, peer, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      *complete = sqlite3_column_int (stmt, 0) != 0;
      *oldest_id = glint_store_column_dup (stmt, 1);
      *oldest_ms = sqlite3_column_int64 (stmt, 2);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  return found;
}

gboolean
glint_store_set_archive_complete (GlintStore  *self,
                                  const char  *account,
                                  const char  *peer,
                                  GError     **error)
{
  sqlite3_stmt *stmt = glint_store_stmt (self, STMT_ARCHIVE_COMPLETE);

  sqlite3_bind_text (stmt, 1, account, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, peer, -1, SQLITE_TRANSIENT);
  return glint_store_returning_id (self, stmt, _("the archive’s progress"), error) >= 0;
}

/* glint-store-damage.c: a history file with a damaged page
 *
 * Found three ways: a small file is read back whole as it opens, a large
 * one in a thread once open, and any statement of the main connection that
 * meets SQLITE_CORRUPT marks the store ("damaged", glint-store.c). The
 * file is then kept as it was found and a new one started in its place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-store"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "glint-store-private.h"

/* A damaged file is kept as it was found: closing the last connection
 * would otherwise copy the log into it. */
void
glint_store_keep_file_on_close (GlintStore *self,
                                sqlite3    *db)
{
  if (db != NULL && g_atomic_int_get (&self->damaged))
    sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
}

/* Reads the whole file back (PRAGMA quick_check): a damaged page would
 * otherwise be met only when a write touches it. */
gboolean
glint_store_check_whole (sqlite3  *db,
             GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check (1)", -1, &stmt, NULL);
  g_autofree char *said = NULL;

  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    said = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  if (said != NULL && g_str_equal (said, "ok"))
    return TRUE;
  if (said != NULL || glint_store_is_damage (rc))
    g_set_error (error, GLINT_STORE_ERROR, GLINT_STORE_ERROR_CORRUPT,
                 _("The history database is damaged: %s"), said ? said : sqlite3_errstr (rc));
  else
    glint_store_set_sqlite_error (db, rc, _("the check of the history"), error);
  return FALSE;
}

static gint64
check_job (sqlite3       *db,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  if (glint_store_check_whole (db, error))
    return 1;
  g_message ("%s", (*error)->message);
  if (g_error_matches (*error, GLINT_STORE_ERROR, GLINT_STORE_ERROR_CORRUPT))
    glint_store_note_damage (data);
  return -1;
}

/* Reads the whole file back in a thread; a damaged one is also reported
 * as "damaged". */
void
glint_store_check_async (GlintStore          *self,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, glint_store_check_async);
  glint_store_run_job (self, task, SQLITE_OPEN_READONLY, check_job, self, NULL);
}

gboolean
glint_store_check_finish (GlintStore    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error) > 0;
}

/* A file too large to read back at open is read back now. */
void
glint_store_check_in_background (GlintStore *self)
{
  if (self->checked)
    return;
  self->checked = TRUE;
  glint_store_check_async (self, NULL, NULL);
}

char *
glint_store_set_aside (const char  *path,
                       GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.corrupt-%s", path, stamp);
  static const char * const logs[] = { "-wal", "-shm" };

  if (g_rename (path, aside) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("The history file could not be moved aside: %s"), g_strerror (saved));
      return NULL;
    }
  for (guint i = 0; i < G_N_ELEMENTS (logs); i++)
    {
      g_autofree char *from = g_strconcat (path, logs[i], NULL);
      g_autofree char *to = g_strconcat (aside, logs[i], NULL);

      if (g_file_test (from, G_FILE_TEST_EXISTS))
        g_rename (from, to);
    }
  return g_steal_pointer (&aside);
}

/* Main thread, outside any transaction: sets the damaged file aside, as it
 * is, and starts a new one at its place, which stores from then on. If it
 * cannot be moved, the rest of the session is kept in memory. Returns
 * whether a new file was started, and in @aside where the old one is. */
gboolean
glint_store_start_afresh (GlintStore  *self,
                          char       **aside,
                          GError     **error)
{
  g_autoptr(GError) moved_error = NULL;

  glint_store_close_database (self);
  *aside = glint_store_set_aside (self->path, &moved_error);
  if (*aside == NULL)
    {
      g_free (self->path);
      self->path = g_strdup (":memory:");
    }
  if (!glint_store_open_database (self, glint_store_get_latest_version (), error))
    {
      g_clear_pointer (aside, g_free);
      g_free (self->path);
      self->path = g_strdup (":memory:");
      glint_store_open_database (self, glint_store_get_latest_version (), NULL);
      return FALSE;
    }
  g_atomic_int_set (&self->damaged, FALSE);
  if (moved_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&moved_error));
      return FALSE;
    }
  return TRUE;
}

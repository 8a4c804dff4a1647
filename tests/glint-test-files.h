/* glint-test-files.h: tests and benchmarks leave no history behind */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

/* Removes the history at @db (with its log files) and the folder made for
 * it. The store must be closed first. */
static inline void
glint_test_remove_history (const char *db)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  g_autofree char *dir = g_path_get_dirname (db);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (db, suffixes[i], NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

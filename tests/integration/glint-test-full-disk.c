/* glint-test-full-disk.c
 *
 * Mounting a small file system needs root. Instead, SQLite's own file
 * layer is wrapped as the default VFS: while the disk is "full", every
 * write answers SQLITE_FULL, which is what the unix layer answers when
 * write() fails with ENOSPC. Everything else (reads, locks, the WAL's
 * shared memory) is the unix layer's, untouched.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "glint-test-full-disk.h"

#include <sqlite3.h>

/* The unix layer has a set of methods per kind of file (with or without
 * locks): each is copied once, with its writes going through full_write. */
#define MAX_KINDS 4

static sqlite3_vfs vfs;
static sqlite3_vfs *unix_vfs;
static const sqlite3_io_methods *unix_methods[MAX_KINDS];
static sqlite3_io_methods methods[MAX_KINDS];
static GMutex lock;
static gint full;

static int
full_write (sqlite3_file *file,
            const void   *data,
            int           amount,
            sqlite3_int64 offset)
{
  guint kind = (const sqlite3_io_methods *) file->pMethods - methods;

  g_assert_cmpuint (kind, <, MAX_KINDS);
  if (g_atomic_int_get (&full))
    return SQLITE_FULL;
  return unix_methods[kind]->xWrite (file, data, amount, offset);
}

/* Opens with the unix layer, then puts the same methods back with writes
 * going through full_write. */
static int
full_open (sqlite3_vfs  *self,
           const char   *name,
           sqlite3_file *file,
           int           flags,
           int          *out_flags)
{
  int rc = unix_vfs->xOpen (unix_vfs, name, file, flags, out_flags);
  guint kind;

  if (rc != SQLITE_OK || file->pMethods == NULL)
    return rc;
  g_mutex_lock (&lock);
  for (kind = 0; kind < MAX_KINDS && unix_methods[kind] != NULL; kind++)
    if (unix_methods[kind] == file->pMethods)
      break;
  g_assert_cmpuint (kind, <, MAX_KINDS);
  if (unix_methods[kind] == NULL)
    {
      unix_methods[kind] = file->pMethods;
      methods[kind] = *file->pMethods;
      methods[kind].xWrite = full_write;
    }
  g_mutex_unlock (&lock);
  file->pMethods = &methods[kind];
  return rc;
}

void
glint_test_full_disk_install (void)
{
  unix_vfs = sqlite3_vfs_find ("unix");
  g_assert_nonnull (unix_vfs);
  vfs = *unix_vfs;
  vfs.zName = "glint-test-full-disk";
  vfs.xOpen = full_open;
  vfs.pNext = NULL;
  g_assert_cmpint (sqlite3_vfs_register (&vfs, 1), ==, SQLITE_OK);
}

void
glint_test_full_disk_set_full (gboolean is_full)
{
  g_atomic_int_set (&full, is_full);
}

/* Every database opened through it must be closed first. */
void
glint_test_full_disk_uninstall (void)
{
  glint_test_full_disk_set_full (FALSE);
  sqlite3_vfs_unregister (&vfs);
  sqlite3_vfs_register (unix_vfs, 1);
}

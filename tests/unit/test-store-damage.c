/* Unit tests: a history file with a damaged page, found as it opens, while
 * writing, or by the check in the background; the file is kept as it is
 * and a new one stores from then on. */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "glint-store-private.h"
#include "../glint-test-files.h"

static GlintMessage *
make_message (const char *body)
{
  GlintMessage *msg = glint_message_new ();

  msg->account = g_strdup ("alice@example.org");
  msg->peer = g_strdup ("bob@example.org");
  msg->sender = g_strdup ("bob@example.org/phone");
  msg->direction = GLINT_DIRECTION_IN;
  msg->time_ms = g_get_real_time () / 1000;
  msg->body = g_strdup (body);
  msg->state = GLINT_MESSAGE_INCOMING;
  return msg;
}

static gboolean
insert (GlintStore  *store,
        const char  *body,
        GError     **error)
{
  g_autoptr(GlintMessage) msg = make_message (body);

  return glint_store_insert_message (store, msg, NULL, error);
}

/* A history of 300 messages, closed (so its log is in the file). */
static char *
make_history (void)
{
  g_autofree char *dir = g_dir_make_tmp ("glint-damage-XXXXXX", NULL);
  char *path = g_build_filename (dir, "history.db", NULL);
  g_autoptr(GlintStore) store = glint_store_new (path, NULL);

  g_assert_nonnull (store);
  glint_store_begin (store, NULL);
  for (int i = 0; i < 300; i++)
    {
      g_autofree char *body = g_strdup_printf ("message %d, long enough to fill a few pages of the table", i);
      g_assert_true (insert (store, body, NULL));
    }
  g_assert_true (glint_store_commit (store, NULL));
  return path;
}

/* Overwrites the page of the message table's root with junk, as a disk
 * or a stray write would; returns the file's contents afterwards. */
static GBytes *
garble_message_table (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int root = 0, page_size = 0;
  char junk[512];
  FILE *file;
  char *contents = NULL;
  gsize length = 0;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rootpage FROM sqlite_schema WHERE name = 'message'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  root = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA page_size", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  page_size = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpint (root, >, 1);

  memset (junk, 0x5a, sizeof junk);
  file = g_fopen (path, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, (long) (root - 1) * page_size, SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (junk, 1, sizeof junk, file), ==, sizeof junk);
  fclose (file);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (contents, length);
}

static void
remove_aside (const char *aside)
{
  g_autofree char *wal = g_strconcat (aside, "-wal", NULL);
  g_autofree char *shm = g_strconcat (aside, "-shm", NULL);

  g_unlink (aside);
  g_unlink (wal);
  g_unlink (shm);
}

static void
assert_kept (const char *aside,
             GBytes     *garbled)
{
  g_autofree char *kept = NULL;
  gsize length = 0;

  g_assert_nonnull (aside);
  g_assert_true (g_file_get_contents (aside, &kept, &length, NULL));
  g_assert_cmpmem (kept, length, g_bytes_get_data (garbled, NULL), g_bytes_get_size (garbled));
}

/* Read back as it opens: the garbled page is found before anything is
 * written. The control: the same file opened before it was garbled. */
static void
test_found_at_open (void)
{
  g_autofree char *path = make_history ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GlintStore) store = glint_store_new (path, &error);
  g_autoptr(GBytes) garbled = NULL;

  g_assert_no_error (error);
  g_clear_object (&store);
  garbled = garble_message_table (path);
  store = glint_store_new (path, &error);
  g_assert_null (store);
  g_assert_error (error, GLINT_STORE_ERROR, GLINT_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "damaged"));
  glint_test_remove_history (path);
}

static void
count_damaged (GlintStore *store,
               guint      *count)
{
  (*count)++;
}

static void
wait_damaged (guint *count)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*count == 0 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (*count, ==, 1);
}

/* Set aside, a new history stores, and the message refused before is
 * written there. */
static void
assert_starts_afresh (GlintStore *store,
                      const char *path,
                      GBytes     *garbled)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;
  g_autoptr(GPtrArray) page = NULL;

  g_assert_true (glint_store_start_afresh (store, &aside, &error));
  g_assert_no_error (error);
  assert_kept (aside, garbled);
  g_assert_true (insert (store, "refused before", &error));
  g_assert_no_error (error);
  page = glint_store_page_before (store, "alice@example.org", "bob@example.org", G_MAXINT64, G_MAXINT64, 10, NULL);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_cmpstr (((GlintMessage *) page->pdata[0])->body, ==, "refused before");
  g_assert_cmpstr (store->path, ==, path);
  remove_aside (aside);
}

/* Found only when a write reaches the page: "damaged" is said once, from
 * the main loop, and the store starts afresh. The control: a write before
 * the page was garbled. */
static void
test_found_at_write (void)
{
  g_autofree char *path = make_history ();
  g_autoptr(GlintStore) store = glint_store_new (path, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) garbled = NULL;
  guint damaged = 0;

  g_signal_connect (store, "damaged", G_CALLBACK (count_damaged), &damaged);
  g_assert_true (insert (store, "before", &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_wal_checkpoint_v2 (store->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL),
                   ==, SQLITE_OK);
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (damaged, ==, 0);

  garbled = garble_message_table (path);
  /* What SQLite holds of the page in memory would hide it. */
  sqlite3_db_release_memory (store->db);
  g_assert_false (insert (store, "refused before", &error));
  g_assert_error (error, GLINT_STORE_ERROR, GLINT_STORE_ERROR_CORRUPT);
  wait_damaged (&damaged);
  assert_starts_afresh (store, path, garbled);
  g_clear_object (&store);
  glint_test_remove_history (path);
}

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  int *answer = data;

  *answer = glint_store_check_finish (GLINT_STORE (source), result, NULL) ? 1 : 2;
}

/* Checks in the background; returns whether the file read back whole. */
static gboolean
check (GlintStore *store)
{
  int answer = 0;

  glint_store_check_async (store, checked_cb, &answer);
  while (answer == 0)
    g_main_context_iteration (NULL, TRUE);
  return answer == 1;
}

/* A file too large to read back at open is read back in the background;
 * a damaged one is then said once. The control: the check of the same
 * file before it was garbled says nothing. */
static void
test_found_in_background (void)
{
  g_autofree char *path = make_history ();
  g_autoptr(GlintStore) store = glint_store_new (path, NULL);
  g_autoptr(GBytes) garbled = NULL;
  guint damaged = 0;

  g_signal_connect (store, "damaged", G_CALLBACK (count_damaged), &damaged);
  g_assert_true (check (store));
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (damaged, ==, 0);

  garbled = garble_message_table (path);
  g_assert_false (check (store));
  wait_damaged (&damaged);
  assert_starts_afresh (store, path, garbled);
  g_clear_object (&store);
  glint_test_remove_history (path);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store-damage/found-at-open", test_found_at_open);
  g_test_add_func ("/store-damage/found-at-write", test_found_at_write);
  g_test_add_func ("/store-damage/found-in-background", test_found_in_background);
  return g_test_run ();
}

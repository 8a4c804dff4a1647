/* Unit tests: the store, its dedupe rules, paging and every migration */
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "glint-store.h"

static GlintMessage *
make_message (const char *body,
              gint64      time_ms)
{
  GlintMessage *msg = glint_message_new ();

  msg->account = g_strdup ("alice@example.org");
  msg->peer = g_strdup ("bob@example.org");
  msg->sender = g_strdup ("bob@example.org/phone");
  msg->direction = GLINT_DIRECTION_IN;
  msg->time_ms = time_ms;
  msg->body = g_strdup (body);
  msg->state = GLINT_MESSAGE_RECEIVED;
  return msg;
}

static GlintStore *
memory_store (void)
{
  g_autoptr(GError) error = NULL;
  GlintStore *store = glint_store_new (":memory:", &error);

  g_assert_no_error (error);
  g_assert_cmpint (glint_store_get_schema_version (store), ==, glint_store_get_latest_version ());
  return store;
}

static void
test_insert_and_page (void)
{
  g_autoptr(GlintStore) store = memory_store ();
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) older = NULL;
  GlintMessage *last;

  /* Five messages share one millisecond: paging must neither skip nor repeat. */
  for (int i = 0; i < 12; i++)
    {
      g_autofree char *body = g_strdup_printf ("message %d", i);
      g_autoptr(GlintMessage) msg = make_message (body, 1000 + (i < 5 ? 0 : i));
      gboolean dup = TRUE;

      g_assert_true (glint_store_insert_message (store, msg, &dup, NULL));
      g_assert_false (dup);
      g_assert_cmpint (msg->id, >, 0);
    }
  g_assert_cmpint (glint_store_count_messages (store, "alice@example.org", "bob@example.org"), ==, 12);

  page = glint_store_page_before (store, "alice@example.org", "bob@example.org", G_MAXINT64, G_MAXINT64, 8, NULL);
  g_assert_cmpuint (page->len, ==, 8);
  g_assert_cmpstr (((GlintMessage *) page->pdata[0])->body, ==, "message 4");
  last = page->pdata[page->len - 1];
  g_assert_cmpstr (last->body, ==, "message 11");

  older = glint_store_page_before (store, "alice@example.org", "bob@example.org",
                                   ((GlintMessage *) page->pdata[0])->time_ms,
                                   ((GlintMessage *) page->pdata[0])->id, 8, NULL);
  g_assert_cmpuint (older->len, ==, 4);
  for (guint i = 0; i < older->len; i++)
    {
      g_autofree char *want = g_strdup_printf ("message %u", i);
      g_assert_cmpstr (((GlintMessage *) older->pdata[i])->body, ==, want);
    }
}

static void
test_dedupe_stanza_id (void)
{
  g_autoptr(GlintStore) store = memory_store ();
  g_autoptr(GlintMessage) live = make_message ("hello", 1000);
  g_autoptr(GlintMessage) archived = make_message ("hello", 1000);
  g_autoptr(GlintMessage) other_archive = make_message ("hello", 1000);
  gboolean dup = FALSE;

  live->stanza_id = g_strdup ("sid-1");
  live->stanza_id_by = g_strdup ("alice@example.org");
  archived->stanza_id = g_strdup ("sid-1");
  archived->stanza_id_by = g_strdup ("alice@example.org");
  other_archive->stanza_id = g_strdup ("sid-1");
  other_archive->stanza_id_by = g_strdup ("room@muc.example.org");

  g_assert_true (glint_store_insert_message (store, live, &dup, NULL));
  g_assert_false (dup);
  g_assert_true (glint_store_insert_message (store, archived, &dup, NULL));
  g_assert_true (dup);
  g_assert_cmpint (archived->id, ==, 0);
  /* The same id from another archive is another message. */
  g_assert_true (glint_store_insert_message (store, other_archive, &dup, NULL));
  g_assert_false (dup);
  g_assert_cmpint (glint_store_count_messages (store, "alice@example.org", "bob@example.org"), ==, 2);
}

static void
test_dedupe_origin_id (void)
{
  g_autoptr(GlintStore) store = memory_store ();
  g_autoptr(GlintMessage) a = make_message ("one", 1000);
  g_autoptr(GlintMessage) b = make_message ("one again", 2000);
  g_autoptr(GlintMessage) c = make_message ("other conversation", 2000);
  gboolean dup = FALSE;

  a->origin_id = g_strdup ("origin-x");
  b->origin_id = g_strdup ("origin-x");
  c->origin_id = g_strdup ("origin-x");
  g_free (c->peer);
  c->peer = g_strdup ("carol@example.org");

  g_assert_true (glint_store_insert_message (store, a, &dup, NULL));
  g_assert_false (dup);
  g_assert_true (glint_store_insert_message (store, b, &dup, NULL));
  g_assert_true (dup);
  g_assert_true (glint_store_insert_message (store, c, &dup, NULL));
  g_assert_false (dup);
}

static void
test_outbox_states (void)
{
  g_autoptr(GlintStore) store = memory_store ();
  g_autoptr(GlintMessage) out = make_message ("queued", 5000);
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) page = NULL;

  out->direction = GLINT_DIRECTION_OUT;
  out->state = GLINT_MESSAGE_PENDING;
  out->origin_id = g_strdup ("o-1");
  out->xmpp_id = g_strdup ("o-1");
  g_assert_true (glint_store_insert_message (store, out, NULL, NULL));

  pending = glint_store_pending (store, "alice@example.org", NULL);
  g_assert_cmpuint (pending->len, ==, 1);
  g_assert_cmpstr (((GlintMessage *) pending->pdata[0])->body, ==, "queued");

  g_assert_true (glint_store_set_state (store, out->id, GLINT_MESSAGE_SENT, NULL));
  after = glint_store_pending (store, "alice@example.org", NULL);
  g_assert_cmpuint (after->len, ==, 0);

  g_assert_true (glint_store_set_state_by_xmpp_id (store, "alice@example.org", "bob@example.org", "o-1",
                                                   GLINT_MESSAGE_FAILED, NULL));
  page = glint_store_page_before (store, "alice@example.org", "bob@example.org", G_MAXINT64, G_MAXINT64, 10, NULL);
  g_assert_cmpint (((GlintMessage *) page->pdata[0])->state, ==, GLINT_MESSAGE_FAILED);
}

static void
test_search_is_not_syntax (void)
{
  g_autoptr(GlintStore) store = memory_store ();
  g_autoptr(GlintMessage) a = make_message ("Meet me at the Walrus pub", 1000);
  g_autoptr(GlintMessage) b = make_message ("nothing to see \"here\" OR there", 2000);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) quoted = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (glint_store_insert_message (store, a, NULL, NULL));
  g_assert_true (glint_store_insert_message (store, b, NULL, NULL));
  hits = glint_store_search (store, "alice@example.org", "walrus", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((GlintMessage *) hits->pdata[0])->body, ==, "Meet me at the Walrus pub");
  /* FTS5 operators in the query are plain words. */
  quoted = glint_store_search (store, "alice@example.org", "\"here\" OR NEAR(", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (quoted->len, ==, 0);
}

static char *
temp_db_path (void)
{
  g_autofree char *dir = g_dir_make_tmp ("glint-store-XXXXXX", NULL);
  return g_build_filename (dir, "history.db", NULL);
}

static void
load_fixture (const char *path,
              const char *fixture)
{
  g_autofree char *sql = NULL;
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "..", "fixtures", fixture, NULL);
  sqlite3 *db = NULL;

  g_assert_true (g_file_get_contents (file, &sql, NULL, NULL));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_migrate_from_v1 (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GlintStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GlintMessage) dup = make_message ("again", 3000);
  gboolean is_dup = FALSE;

  load_fixture (path, "history-v1.sql");
  store = glint_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (glint_store_get_schema_version (store), ==, 2);

  /* Old rows are searchable after the FTS table is built... */
  hits = glint_store_search (store, "alice@example.org", "walrus", 10, NULL);
  g_assert_cmpuint (hits->len, ==, 1);
  /* ...the outbox still holds what never left... */
  pending = glint_store_pending (store, "alice@example.org", NULL);
  g_assert_cmpuint (pending->len, ==, 1);
  g_assert_cmpstr (((GlintMessage *) pending->pdata[0])->body, ==, "an answer that never left");
  /* ...and the old dedupe keys still hold. */
  dup->stanza_id = g_strdup ("s1");
  dup->stanza_id_by = g_strdup ("alice@example.org");
  g_assert_true (glint_store_insert_message (store, dup, &is_dup, NULL));
  g_assert_true (is_dup);
}

static void
test_migrate_each_step (void)
{
  g_autofree char *path = temp_db_path ();

  for (int v = 0; v <= glint_store_get_latest_version (); v++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GlintStore) store = glint_store_new_at_version (path, v, &error);

      g_assert_no_error (error);
      g_assert_cmpint (glint_store_get_schema_version (store), ==, v);
    }
}

static void
test_too_new_refused (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GlintStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL);
  sqlite3_close (db);
  store = glint_store_new (path, &error);
  g_assert_null (store);
  g_assert_error (error, GLINT_STORE_ERROR, GLINT_STORE_ERROR_TOO_NEW);
}

static void
test_corrupt_kept (void)
{
  g_autofree char *path = temp_db_path ();
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlintStore) store = NULL;
  const char junk[] = "this is not a database, but it is someone's file";

  g_assert_true (g_file_set_contents (path, junk, -1, NULL));
  store = glint_store_new (path, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
  g_assert_true (error->domain == GLINT_STORE_ERROR);
  /* The file is left as it was, for the user to rescue. */
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, junk);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/insert-and-page", test_insert_and_page);
  g_test_add_func ("/store/dedupe-stanza-id", test_dedupe_stanza_id);
  g_test_add_func ("/store/dedupe-origin-id", test_dedupe_origin_id);
  g_test_add_func ("/store/outbox-states", test_outbox_states);
  g_test_add_func ("/store/search-is-not-syntax", test_search_is_not_syntax);
  g_test_add_func ("/store/migrate-from-v1", test_migrate_from_v1);
  g_test_add_func ("/store/migrate-each-step", test_migrate_each_step);
  g_test_add_func ("/store/too-new-refused", test_too_new_refused);
  g_test_add_func ("/store/corrupt-kept", test_corrupt_kept);
  return g_test_run ();
}

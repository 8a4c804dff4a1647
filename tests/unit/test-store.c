/* Unit tests: the store, its dedupe rules, paging and every migration */
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <sqlite3.h>
#include <string.h>

#include "glint-account.h"
#include "glint-store.h"
#include "glint-store-tokenizer.h"
#include "../glint-test-files.h"

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
  msg->state = GLINT_MESSAGE_INCOMING;
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

  g_assert_cmpint (glint_store_set_state_by_xmpp_id (store, "alice@example.org", "bob@example.org", "o-1",
                                                    GLINT_MESSAGE_FAILED, NULL), ==, out->id);
  /* An id nobody sent changes nothing, and says so. */
  g_assert_cmpint (glint_store_set_state_by_xmpp_id (store, "alice@example.org", "bob@example.org", "o-2",
                                                    GLINT_MESSAGE_FAILED, NULL), ==, 0);
  page = glint_store_page_before (store, "alice@example.org", "bob@example.org", G_MAXINT64, G_MAXINT64, 10, NULL);
  g_assert_cmpint (((GlintMessage *) page->pdata[0])->state, ==, GLINT_MESSAGE_FAILED);
}

static GlintMessage *
hit_message (GPtrArray *hits,
             guint      i)
{
  return ((GlintSearchHit *) hits->pdata[i])->message;
}

static void
test_search_is_not_syntax (void)
{
  g_autoptr(GlintStore) store = memory_store ();
  g_autoptr(GlintMessage) a = make_message ("Meet me at the Walrus pub", 1000);
  g_autoptr(GlintMessage) b = make_message ("nothing to see \"here\" OR NEAR( there", 2000);
  g_autoptr(GlintMessage) c = make_message ("here is a decoy without the other words", 3000);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) quoted = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (glint_store_insert_message (store, a, NULL, NULL));
  g_assert_true (glint_store_insert_message (store, b, NULL, NULL));
  g_assert_true (glint_store_insert_message (store, c, NULL, NULL));
  hits = glint_store_search (store, "alice@example.org", NULL, "walrus", G_MAXINT64, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (hit_message (hits, 0)->body, ==, "Meet me at the Walrus pub");
  /* The matching word is marked in the snippet, outside the text itself. */
  g_assert_nonnull (strstr (((GlintSearchHit *) hits->pdata[0])->snippet, "\x02Walrus\x03"));

  /* FTS5 operators in the query are plain words: the message that holds
   * them literally is found, and only it (the decoy has "here" alone). */
  quoted = glint_store_search (store, "alice@example.org", NULL, "\"here\" OR NEAR(", G_MAXINT64, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (quoted->len, ==, 1);
  g_assert_cmpint (hit_message (quoted, 0)->id, ==, b->id);

  /* Another account's history is not searched. */
  none = glint_store_search (store, "carol@example.org", NULL, "walrus", G_MAXINT64, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->len, ==, 0);
}

/* A chat's search bar searches that conversation only. */
static void
test_search_one_conversation (void)
{
  g_autoptr(GlintStore) store = memory_store ();
  g_autoptr(GlintMessage) bob = make_message ("the walrus said", 1000);
  g_autoptr(GlintMessage) carol = make_message ("a walrus too", 2000);
  g_autoptr(GPtrArray) only_bob = NULL;
  g_autoptr(GPtrArray) everyone = NULL;

  g_free (carol->peer);
  carol->peer = g_strdup ("carol@example.org");
  g_assert_true (glint_store_insert_message (store, bob, NULL, NULL));
  g_assert_true (glint_store_insert_message (store, carol, NULL, NULL));
  only_bob = glint_store_search (store, "alice@example.org", "bob@example.org", "walrus", G_MAXINT64, 10, NULL);
  everyone = glint_store_search (store, "alice@example.org", NULL, "walrus", G_MAXINT64, 10, NULL);
  g_assert_cmpuint (only_bob->len, ==, 1);
  g_assert_cmpint (hit_message (only_bob, 0)->id, ==, bob->id);
  g_assert_cmpuint (everyone->len, ==, 2);
}

/* Found by fuzzing: a 20,000-word query took half a second and ~350 MB.
 * Too many words, or too long a query, is refused in words; the limits
 * themselves are searchable. */
static void
test_search_is_bounded (void)
{
  g_autoptr(GlintStore) store = memory_store ();
  g_autoptr(GlintMessage) a = make_message ("w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16", 1000);
  g_autoptr(GString) many = g_string_new (NULL);
  g_autoptr(GString) at_limit = g_string_new (NULL);
  g_autofree char *long_word = g_strnfill (GLINT_SEARCH_MAX_BYTES + 1, 'x');
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  GPtrArray *refused;

  g_assert_true (glint_store_insert_message (store, a, NULL, NULL));
  for (guint i = 0; i < 20000; i++)
    g_string_append (many, "w1 ");
  refused = glint_store_search (store, NULL, NULL, many->str, G_MAXINT64, 10, &error);
  g_assert_null (refused);
  g_assert_error (error, GLINT_STORE_ERROR, GLINT_STORE_ERROR_QUERY);
  g_clear_error (&error);

  for (guint i = 0; i <= GLINT_SEARCH_MAX_WORDS; i++)
    g_string_append_printf (at_limit, "w%u ", i);
  refused = glint_store_search (store, NULL, NULL, at_limit->str, G_MAXINT64, 10, &error);
  g_assert_null (refused);
  g_assert_error (error, GLINT_STORE_ERROR, GLINT_STORE_ERROR_QUERY);
  g_assert_nonnull (strstr (error->message, "16"));
  g_clear_error (&error);

  refused = glint_store_search (store, NULL, NULL, long_word, G_MAXINT64, 10, &error);
  g_assert_null (refused);
  g_assert_error (error, GLINT_STORE_ERROR, GLINT_STORE_ERROR_QUERY);
  g_clear_error (&error);

  /* Control: as many words as allowed find the message. */
  g_string_truncate (at_limit, strlen ("w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15"));
  hits = glint_store_search (store, NULL, NULL, at_limit->str, G_MAXINT64, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
}

static void
test_search_pages (void)
{
  g_autoptr(GlintStore) store = memory_store ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gint64 before = G_MAXINT64;
  guint pages = 0;

  for (int i = 0; i < 25; i++)
    {
      g_autofree char *body = g_strdup_printf ("walrus number %d", i);
      g_autoptr(GlintMessage) msg = make_message (body, 1000 + i);
      g_autoptr(GlintMessage) other = make_message ("unrelated", 5000 + i);

      g_assert_true (glint_store_insert_message (store, msg, NULL, NULL));
      g_assert_true (glint_store_insert_message (store, other, NULL, NULL));
    }
  /* Newest first, ten at a time, every hit exactly once. */
  for (;;)
    {
      g_autoptr(GPtrArray) hits = glint_store_search (store, NULL, NULL, "walrus", before, 10, NULL);

      g_assert_nonnull (hits);
      if (hits->len == 0)
        break;
      pages++;
      for (guint i = 0; i < hits->len; i++)
        {
          GlintMessage *msg = hit_message (hits, i);

          g_assert_cmpint (msg->id, <, before);
          g_assert_true (g_hash_table_add (seen, g_memdup2 (&msg->id, sizeof msg->id)));
          before = msg->id;
        }
    }
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 25);
}

static void
search_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  GPtrArray **out = data;
  g_autoptr(GError) error = NULL;

  *out = glint_store_search_finish (GLINT_STORE (source), result, &error);
  g_assert_no_error (error);
}

static char *temp_db_path (void);

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_true (glint_tokenizer_register (db));
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* A file store indexes in a thread: a batch is found once indexed, edits
 * and deletions of indexed rows keep the index true, and FTS5's own check
 * agrees. */
static void
test_index_in_thread (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GlintStore) store = glint_store_new (path, NULL);
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) edited = NULL;
  g_autoptr(GPtrArray) gone = NULL;

  glint_store_begin (store, NULL);
  for (int i = 0; i < 1000; i++)
    {
      g_autofree char *body = g_strdup_printf ("%s number %d", i % 2 ? "walrus" : "pelican", i);
      g_autoptr(GlintMessage) msg = make_message (body, 1000 + i);
      g_assert_true (glint_store_insert_message (store, msg, NULL, NULL));
    }
  g_assert_true (glint_store_commit (store, NULL));
  g_assert_true (glint_store_wait_indexed (store, 10 * G_USEC_PER_SEC));
  hits = glint_store_search (store, NULL, NULL, "walrus", G_MAXINT64, 1000, NULL);
  g_assert_cmpuint (hits->len, ==, 500);

  exec_sql (path, "UPDATE message SET body = 'a heron now' WHERE id = 2;"
                  "DELETE FROM message WHERE id = 4;"
                  "INSERT INTO message_fts (message_fts) VALUES ('integrity-check');");
  edited = glint_store_search (store, NULL, NULL, "heron", G_MAXINT64, 10, NULL);
  g_assert_cmpuint (edited->len, ==, 1);
  gone = glint_store_search (store, NULL, NULL, "walrus", G_MAXINT64, 1000, NULL);
  g_assert_cmpuint (gone->len, ==, 498);
}

/* The asynchronous search reads a file database through its own
 * connection, and sees what the main connection committed. */
static void
test_search_async (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GlintStore) store = glint_store_new (path, NULL);
  g_autoptr(GlintMessage) a = make_message ("an asynchronous walrus", 1000);
  GPtrArray *hits = NULL;

  g_assert_nonnull (store);
  g_assert_true (glint_store_insert_message (store, a, NULL, NULL));
  glint_store_search_async (store, "alice@example.org", NULL, "walrus", G_MAXINT64, 10, NULL, search_done, &hits);
  while (hits == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (hit_message (hits, 0)->id, ==, a->id);
  g_ptr_array_unref (hits);
}

static void
delete_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  gint64 *deleted = data;
  g_autoptr(GError) error = NULL;

  *deleted = glint_store_delete_finish (GLINT_STORE (source), result, &error);
  g_assert_no_error (error);
}

static gint64
delete_and_wait (GlintStore *store,
                 const char *account,
                 const char *peer,
                 gint64      before_ms)
{
  gint64 deleted = -2;

  glint_store_delete_async (store, account, peer, before_ms, NULL, delete_done, &deleted);
  while (deleted == -2)
    g_main_context_iteration (NULL, TRUE);
  return deleted;
}

static guint
count_hits (GlintStore *store,
            const char *query)
{
  g_autoptr(GPtrArray) hits = NULL;

  g_assert_true (glint_store_wait_indexed (store, 5 * G_USEC_PER_SEC));
  hits = glint_store_search (store, NULL, NULL, query, G_MAXINT64, 5000, NULL);
  g_assert_nonnull (hits);
  return hits->len;
}

/* Retention and clearing, on a file (a thread of their own) and in
 * memory: older messages go, newer ones stay, the outbox is never touched,
 * and the search index forgets what went. Over a thousand rows, so the
 * work takes several of its small transactions. */
static void
check_delete (GlintStore *store)
{
  g_autoptr(GlintMessage) pending = make_message ("an ancient unsent walrus", 10);
  g_autoptr(GlintMessage) other = make_message ("an ancient walrus from carol", 20);

  for (int i = 0; i < 1200; i++)
    {
      g_autoptr(GlintMessage) msg = make_message (i < 1000 ? "an ancient walrus" : "a recent walrus",
                                                  i < 1000 ? 1000 + i : 100000 + i);
      g_assert_true (glint_store_insert_message (store, msg, NULL, NULL));
    }
  pending->direction = GLINT_DIRECTION_OUT;
  pending->state = GLINT_MESSAGE_PENDING;
  g_assert_true (glint_store_insert_message (store, pending, NULL, NULL));
  g_free (other->peer);
  other->peer = g_strdup ("carol@example.org");
  g_assert_true (glint_store_insert_message (store, other, NULL, NULL));
  g_assert_cmpuint (count_hits (store, "ancient"), ==, 1002);

  /* Retention: everything before 50 s, of every conversation. */
  g_assert_cmpint (delete_and_wait (store, NULL, NULL, 50000), ==, 1001);
  g_assert_cmpint (glint_store_count_messages (store, "alice@example.org", "bob@example.org"), ==, 201);
  g_assert_cmpint (glint_store_count_messages (store, "alice@example.org", "carol@example.org"), ==, 0);
  g_assert_cmpuint (count_hits (store, "ancient"), ==, 1);   /* the unsent one */
  g_assert_cmpuint (count_hits (store, "recent"), ==, 200);

  /* Clearing one contact leaves the others. */
  g_free (other->peer);
  other->peer = g_strdup ("carol@example.org");
  other->id = 0;
  other->time_ms = 200000;
  g_assert_true (glint_store_insert_message (store, other, NULL, NULL));
  g_assert_cmpint (delete_and_wait (store, "alice@example.org", "bob@example.org", G_MAXINT64), ==, 200);
  g_assert_cmpint (glint_store_count_messages (store, "alice@example.org", "bob@example.org"), ==, 1);
  g_assert_cmpint (glint_store_count_messages (store, "alice@example.org", "carol@example.org"), ==, 1);
  g_assert_cmpuint (count_hits (store, "recent"), ==, 0);
}

static void
test_delete_file (void)
{
  g_autofree char *path = temp_db_path ();
  g_autoptr(GlintStore) store = glint_store_new (path, NULL);

  g_assert_nonnull (store);
  check_delete (store);
}

static void
test_delete_memory (void)
{
  g_autoptr(GlintStore) store = memory_store ();

  check_delete (store);
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

/* Every row of @sql, one line each, columns joined by '|'. */
static char *
dump (const char *path,
      const char *sql)
{
  GString *out = g_string_new (NULL);
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, i);
          g_string_append_printf (out, "%s%s", i ? "|" : "", text ? text : "NULL");
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

/* Spaces aside: the fixtures were written by hand. */
#define SCHEMA_SQL "SELECT type, name, tbl_name, replace (sql, ' ', '') FROM sqlite_master ORDER BY type, name"
#define OLD_COLUMNS "SELECT id, conversation_id, direction, sender, time, body, xmpp_id, origin_id," \
                    " stanza_id, stanza_id_by, state FROM message ORDER BY id"

/* Upgrades a database an older Glint wrote: the schema ends exactly as a new
 * database's, every row survives unchanged, and the triggers and indexes
 * work on old and new rows alike. */
static void
check_migration (const char *fixture,
                 guint       n_rows)
{
  g_autofree char *path = temp_db_path ();
  g_autofree char *fresh_path = temp_db_path ();
  g_autofree char *rows_before = NULL;
  g_autofree char *rows_after = NULL;
  g_autofree char *schema = NULL;
  g_autofree char *fresh_schema = NULL;
  g_autofree char *kinds = NULL;
  g_autoptr(GlintStore) store = NULL;
  g_autoptr(GlintStore) fresh = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GlintMessage) dup = make_message ("again", 3000);
  g_autoptr(GlintMessage) elsewhere = make_message ("same stanza-id, other conversation", 3000);
  g_autoptr(GlintMessage) added = make_message ("a new walrus after the upgrade", 4000);
  gboolean is_dup = FALSE;

  load_fixture (path, fixture);
  rows_before = dump (path, OLD_COLUMNS);
  g_assert_cmpuint (g_strv_length ((char **) g_strsplit (rows_before, "\n", -1)) - 1, ==, n_rows);

  store = glint_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (glint_store_get_schema_version (store), ==, glint_store_get_latest_version ());
  fresh = glint_store_new (fresh_path, &error);
  g_assert_no_error (error);

  /* Tables, indexes and triggers: the same as a database made new. */
  schema = dump (path, SCHEMA_SQL);
  fresh_schema = dump (fresh_path, SCHEMA_SQL);
  g_assert_cmpstr (schema, ==, fresh_schema);
  g_assert_nonnull (strstr (schema, "table|archive_range|"));
  g_assert_nonnull (strstr (schema, "index|message_xmpp_id|"));
  g_assert_nonnull (strstr (schema, "trigger|message_fts_update|"));

  /* Every row is still there, unchanged; old conversations are chats. */
  rows_after = dump (path, OLD_COLUMNS);
  g_assert_cmpstr (rows_after, ==, rows_before);
  kinds = dump (path, "SELECT DISTINCT kind FROM conversation");
  g_assert_cmpstr (kinds, ==, "0\n");

  /* Old rows are searchable, and so are new ones (the triggers work)... */
  hits = glint_store_search (store, "alice@example.org", NULL, "walrus", G_MAXINT64, 10, NULL);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_true (glint_store_insert_message (store, added, NULL, NULL));
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = glint_store_search (store, "alice@example.org", NULL, "walrus", G_MAXINT64, 10, NULL);
  g_assert_cmpuint (hits->len, ==, 2);
  /* ...the outbox still holds what never left... */
  pending = glint_store_pending (store, "alice@example.org", NULL);
  g_assert_cmpuint (pending->len, ==, 1);
  g_assert_cmpstr (((GlintMessage *) pending->pdata[0])->body, ==, "an answer that never left");
  /* ...the old stanza-id still dedupes in its conversation... */
  dup->stanza_id = g_strdup ("s1");
  dup->stanza_id_by = g_strdup ("alice@example.org");
  g_assert_true (glint_store_insert_message (store, dup, &is_dup, NULL));
  g_assert_true (is_dup);
  /* ...and only there: stanza-ids are scoped by conversation now. */
  g_free (elsewhere->peer);
  elsewhere->peer = g_strdup ("dave@example.org");
  elsewhere->stanza_id = g_strdup ("s1");
  elsewhere->stanza_id_by = g_strdup ("alice@example.org");
  g_assert_true (glint_store_insert_message (store, elsewhere, &is_dup, NULL));
  g_assert_false (is_dup);
}

static void
test_migrate_from_v1 (void)
{
  check_migration ("history-v1.sql", 2);
}

static void
test_migrate_from_v2 (void)
{
  check_migration ("history-v2.sql", 5);
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

static guint
mode_of (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* History, settings and their folders are the user's alone, whatever the
 * umask, and a folder an older Glint left open is closed. */
static void
test_private_files (void)
{
  g_autofree char *top = g_dir_make_tmp (NULL, NULL);
  g_autofree char *data = g_build_filename (top, "data", "glint", NULL);
  g_autofree char *db = g_build_filename (data, "history.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *config = g_build_filename (top, "config", "glint", NULL);
  g_autofree char *ini = g_build_filename (config, "accounts.ini", NULL);
  g_autoptr(GlintAccount) account = glint_account_new ("alice@example.org");
  g_autoptr(GlintMessage) msg = make_message ("private", 1000);
  g_autoptr(GlintStore) store = NULL;
  mode_t old = umask (022);

  g_assert_cmpint (g_mkdir_with_parents (config, 0755), ==, 0);
  g_assert_cmpuint (mode_of (config), ==, 0755);
  store = glint_store_new (db, NULL);
  g_assert_nonnull (store);
  g_assert_true (glint_store_insert_message (store, msg, NULL, NULL));
  g_assert_true (glint_account_save (account, ini, NULL));
  umask (old);

  g_assert_cmpuint (mode_of (data), ==, 0700);
  g_assert_cmpuint (mode_of (db), ==, 0600);
  g_assert_cmpuint (mode_of (wal), ==, 0600);
  g_assert_cmpuint (mode_of (config), ==, 0700);
  g_assert_cmpuint (mode_of (ini), ==, 0600);

  g_clear_object (&store);
  glint_test_remove_history (db);
  g_unlink (ini);
  g_rmdir (config);
  {
    g_autofree char *data_top = g_path_get_dirname (data);
    g_autofree char *config_top = g_path_get_dirname (config);

    g_rmdir (data_top);
    g_rmdir (config_top);
    g_rmdir (top);
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

/* A damaged history moves aside byte for byte, its log with it, and a new
 * one opens where it was. */
static void
test_set_aside (void)
{
  g_autofree char *path = temp_db_path ();
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *aside = NULL;
  g_autofree char *aside_wal = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlintStore) fresh = NULL;
  const char junk[] = "not a database at all";

  g_assert_true (g_file_set_contents (path, junk, -1, NULL));
  g_assert_null (glint_store_new (path, &error));
  g_assert_error (error, GLINT_STORE_ERROR, GLINT_STORE_ERROR_CORRUPT);
  /* A log left beside it belongs to it. */
  g_assert_true (g_file_set_contents (wal, "log", -1, NULL));

  aside = glint_store_set_aside (path, NULL);
  g_assert_nonnull (aside);
  g_assert_true (g_str_has_prefix (aside, path));
  g_assert_true (g_file_get_contents (aside, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, junk);
  aside_wal = g_strconcat (aside, "-wal", NULL);
  g_assert_true (g_file_test (aside_wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  fresh = glint_store_new (path, NULL);
  g_assert_nonnull (fresh);
  g_assert_cmpint (glint_store_get_schema_version (fresh), ==, glint_store_get_latest_version ());
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
  g_test_add_func ("/store/search-is-bounded", test_search_is_bounded);
  g_test_add_func ("/store/search-one-conversation", test_search_one_conversation);
  g_test_add_func ("/store/search-pages", test_search_pages);
  g_test_add_func ("/store/search-async", test_search_async);
  g_test_add_func ("/store/index-in-thread", test_index_in_thread);
  g_test_add_func ("/store/delete-file", test_delete_file);
  g_test_add_func ("/store/delete-memory", test_delete_memory);
  g_test_add_func ("/store/migrate-from-v1", test_migrate_from_v1);
  g_test_add_func ("/store/migrate-from-v2", test_migrate_from_v2);
  g_test_add_func ("/store/migrate-each-step", test_migrate_each_step);
  g_test_add_func ("/store/too-new-refused", test_too_new_refused);
  g_test_add_func ("/store/private-files", test_private_files);
  g_test_add_func ("/store/set-aside", test_set_aside);
  g_test_add_func ("/store/corrupt-kept", test_corrupt_kept);
  return g_test_run ();
}

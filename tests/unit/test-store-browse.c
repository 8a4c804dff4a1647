/* What the history window asks of the store: searches narrowed by
 * account, contact and dates, the contacts with history, and exports. */
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <string.h>

#include "glint-store.h"
#include "../glint-test-files.h"

#define DAY_MS (24 * 60 * 60 * 1000LL)

static void
add (GlintStore *store,
     const char *account,
     const char *peer,
     gint64      time_ms,
     gboolean    outgoing,
     const char *body)
{
  g_autoptr(GlintMessage) msg = glint_message_new ();
  g_autoptr(GError) error = NULL;

  msg->account = g_strdup (account);
  msg->peer = g_strdup (peer);
  msg->sender = g_strdup (outgoing ? account : peer);
  msg->direction = outgoing ? GLINT_DIRECTION_OUT : GLINT_DIRECTION_IN;
  msg->time_ms = time_ms;
  msg->body = g_strdup (body);
  msg->state = outgoing ? GLINT_MESSAGE_SENT : GLINT_MESSAGE_INCOMING;
  g_assert_true (glint_store_insert_message (store, msg, NULL, &error));
  g_assert_no_error (error);
}

static guint
count (GlintStore              *store,
       const GlintSearchFilter *filter,
       const char              *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = glint_store_search_filtered (store, filter, query, G_MAXINT64, 1000, &error);

  g_assert_no_error (error);
  return hits->len;
}

/* Twelve walruses: three days, two contacts, two accounts. */
static GlintStore *
filled_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  GlintStore *store = glint_store_new (path, &error);

  g_assert_no_error (error);
  for (int day = 0; day < 3; day++)
    for (int who = 0; who < 2; who++)
      for (int account = 0; account < 2; account++)
        add (store, account ? "carol@example.org" : "alice@example.org",
             who ? "dave@example.org" : "bob@example.org",
             (10 + day) * DAY_MS + who * 1000 + account, who == 1 && day == 0, "a walrus, again");
  return store;
}

static void
test_search_filtered (void)
{
  g_autoptr(GlintStore) store = filled_store (":memory:");
  GlintSearchFilter all = { NULL, NULL, 0, 0 };
  GlintSearchFilter alice = { "alice@example.org", NULL, 0, 0 };
  GlintSearchFilter bob = { NULL, "bob@example.org", 0, 0 };
  GlintSearchFilter alice_bob = { "alice@example.org", "bob@example.org", 0, 0 };
  GlintSearchFilter day_11 = { NULL, NULL, 11 * DAY_MS, 12 * DAY_MS };
  GlintSearchFilter from_11 = { NULL, NULL, 11 * DAY_MS, 0 };
  GlintSearchFilter until_11 = { NULL, NULL, 0, 11 * DAY_MS };
  GlintSearchFilter nobody = { "nobody@example.org", NULL, 0, 0 };
  GlintSearchFilter empty_days = { NULL, NULL, 100 * DAY_MS, 200 * DAY_MS };
  GlintSearchFilter bob_day_12 = { "alice@example.org", "bob@example.org", 12 * DAY_MS, 13 * DAY_MS };

  g_assert_cmpuint (count (store, &all, "walrus"), ==, 12);
  g_assert_cmpuint (count (store, &alice, "walrus"), ==, 6);
  g_assert_cmpuint (count (store, &bob, "walrus"), ==, 6);
  g_assert_cmpuint (count (store, &alice_bob, "walrus"), ==, 3);
  g_assert_cmpuint (count (store, &day_11, "walrus"), ==, 4);
  g_assert_cmpuint (count (store, &from_11, "walrus"), ==, 8);
  g_assert_cmpuint (count (store, &until_11, "walrus"), ==, 4);
  g_assert_cmpuint (count (store, &nobody, "walrus"), ==, 0);
  g_assert_cmpuint (count (store, &empty_days, "walrus"), ==, 0);
  g_assert_cmpuint (count (store, &bob_day_12, "walrus"), ==, 1);
  g_assert_cmpuint (count (store, &all, "heron"), ==, 0);
}

static void
test_list_peers (void)
{
  g_autoptr(GlintStore) store = filled_store (":memory:");
  g_auto(GStrv) everyone = glint_store_list_peers (store, NULL);
  g_auto(GStrv) alices = NULL;
  g_auto(GStrv) nobodys = glint_store_list_peers (store, "nobody@example.org");

  g_assert_cmpuint (g_strv_length (everyone), ==, 2);
  g_assert_cmpstr (everyone[0], ==, "bob@example.org");
  g_assert_cmpstr (everyone[1], ==, "dave@example.org");
  add (store, "alice@example.org", "erin@example.org", 1, FALSE, "hello");
  alices = glint_store_list_peers (store, "alice@example.org");
  g_assert_cmpuint (g_strv_length (alices), ==, 3);
  g_assert_cmpstr (alices[2], ==, "erin@example.org");
  g_assert_cmpuint (g_strv_length (nobodys), ==, 0);
}

typedef struct
{
  gint64  written;
  GError *error;
} Exported;

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Exported *out = data;

  out->written = glint_store_export_finish (GLINT_STORE (source), result, &out->error);
}

static gint64
export (GlintStore         *store,
        const char         *peer,
        GlintExportFormat   format,
        const char         *path,
        GError            **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Exported out = { -2, NULL };

  glint_store_export_async (store, "alice@example.org", peer, format, file, NULL, export_done, &out);
  while (out.written == -2)
    g_main_context_iteration (NULL, TRUE);
  if (out.error)
    g_propagate_error (error, out.error);
  return out.written;
}

static void
test_export (void)
{
  g_autofree char *dir = g_dir_make_tmp ("glint-export-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "history.db", NULL);
  g_autofree char *text_path = g_build_filename (dir, "bob.txt", NULL);
  g_autofree char *html_path = g_build_filename (dir, "bob.html", NULL);
  g_autofree char *missing_path = g_build_filename (dir, "no-such-folder", "bob.txt", NULL);
  GlintStore *store = filled_store (db);
  g_autofree char *text = NULL;
  g_autofree char *html = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  const char *hostile = "<script>alert(1)</script> & <b>bold</b>\nsecond line";

  add (store, "alice@example.org", "bob@example.org", 20 * DAY_MS, TRUE, hostile);
  g_assert_cmpint (export (store, "bob@example.org", GLINT_EXPORT_TEXT, text_path, &error), ==, 4);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (text_path, &text, NULL, NULL));
  /* The control: every message is there, in order, the last one as typed. */
  g_assert_nonnull (strstr (text, "bob@example.org: a walrus, again\n"));
  g_assert_nonnull (strstr (text, "alice@example.org: <script>alert(1)</script> & <b>bold</b>\n    second line\n"));
  g_assert_true (strstr (text, "walrus") < strstr (text, "<script>"));
  g_assert_cmpint (g_stat (text_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  g_assert_cmpint (export (store, "bob@example.org", GLINT_EXPORT_HTML, html_path, &error), ==, 4);
  g_assert_true (g_file_get_contents (html_path, &html, NULL, NULL));
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>"));
  g_assert_nonnull (strstr (html, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;\nsecond line"));
  g_assert_null (strstr (html, "<script>"));
  g_assert_null (strstr (html, "<b>bold"));
  g_assert_nonnull (strstr (html, "default-src 'none'"));
  g_assert_true (g_str_has_suffix (html, "</html>\n"));

  /* A folder that is not there: an error, and nothing written. */
  g_assert_cmpint (export (store, "bob@example.org", GLINT_EXPORT_TEXT, missing_path, &error), ==, -1);
  g_assert_nonnull (error);
  g_assert_false (g_file_test (missing_path, G_FILE_TEST_EXISTS));

  glint_store_close (store);
  g_object_unref (store);
  g_unlink (text_path);
  g_unlink (html_path);
  glint_test_remove_history (db);
}

static GlintMessage *
with_id (const char *peer, GlintDirection direction, const char *xmpp_id, const char *body, const char *replaces)
{
  GlintMessage *msg = glint_message_new ();

  msg->account = g_strdup ("alice@example.org");
  msg->peer = g_strdup (peer);
  msg->sender = g_strdup (direction == GLINT_DIRECTION_OUT ? "alice@example.org" : peer);
  msg->direction = direction;
  msg->time_ms = 1000;
  msg->body = g_strdup (body);
  msg->xmpp_id = g_strdup (xmpp_id);
  msg->replaces_id = g_strdup (replaces);
  msg->state = direction == GLINT_DIRECTION_OUT ? GLINT_MESSAGE_SENT : GLINT_MESSAGE_INCOMING;
  return msg;
}

/* XEP-0308: a correction rewrites the message it names, keeping the first
 * text, only in the same conversation and from the same side; the index
 * finds the new words. */
static void
test_correction (void)
{
  g_autoptr(GlintStore) store = glint_store_new (":memory:", NULL);
  g_autoptr(GlintMessage) original = with_id ("bob@example.org", GLINT_DIRECTION_IN, "m1", "see you at the walrs", NULL);
  g_autoptr(GlintMessage) fixed = with_id ("bob@example.org", GLINT_DIRECTION_IN, "m2", "see you at the walrus", "m1");
  g_autoptr(GlintMessage) again = with_id ("bob@example.org", GLINT_DIRECTION_IN, "m3", "see you at the heron", "m1");
  g_autoptr(GlintMessage) by_carol = with_id ("carol@example.org", GLINT_DIRECTION_IN, "c1", "owned", "m1");
  g_autoptr(GlintMessage) by_us = with_id ("bob@example.org", GLINT_DIRECTION_OUT, "o1", "ours", "m1");
  g_autoptr(GPtrArray) page = NULL;
  GlintMessage *row;

  g_assert_true (glint_store_insert_message (store, original, NULL, NULL));
  /* Someone else, or our own side, cannot rewrite bob's words. */
  g_assert_cmpint (glint_store_apply_correction (store, by_carol, NULL), ==, 0);
  g_assert_cmpint (glint_store_apply_correction (store, by_us, NULL), ==, 0);
  /* bob can, twice; the first text is the one kept. */
  g_assert_cmpint (glint_store_apply_correction (store, fixed, NULL), ==, original->id);
  g_assert_cmpint (glint_store_apply_correction (store, again, NULL), ==, original->id);
  page = glint_store_page_before (store, "alice@example.org", "bob@example.org", G_MAXINT64, G_MAXINT64, 10, NULL);
  g_assert_cmpuint (page->len, ==, 1);
  row = page->pdata[0];
  g_assert_cmpstr (row->body, ==, "see you at the heron");
  g_assert_cmpstr (row->original_body, ==, "see you at the walrs");
  g_assert_cmpuint (count (store, &(GlintSearchFilter) { NULL, NULL, 0, 0 }, "heron"), ==, 1);
  g_assert_cmpuint (count (store, &(GlintSearchFilter) { NULL, NULL, 0, 0 }, "walrs"), ==, 0);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store/search-filtered", test_search_filtered);
  g_test_add_func ("/store/list-peers", test_list_peers);
  g_test_add_func ("/store/export", test_export);
  g_test_add_func ("/store/correction", test_correction);
  return g_test_run ();
}

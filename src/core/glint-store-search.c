/* glint-store-search.c: full-text search over the history
 *
 * What the user types is taken as words, never as FTS5 syntax. Hits come
 * newest stored first, a page at a time, keyed by the last id seen. The
 * asynchronous variant runs in a GTask thread on a second, read-only
 * connection, so a search over millions of messages never holds the main
 * thread; WAL lets it read while the main connection writes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "glint-store-private.h"

void
glint_search_hit_free (GlintSearchHit *hit)
{
  if (hit == NULL)
    return;
  glint_message_free (hit->message);
  g_free (hit->snippet);
  g_free (hit);
}

static gboolean
has_alnum (const char *word)
{
  for (const char *p = word; *p; p = g_utf8_next_char (p))
    if (g_unichar_isalnum (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/* Splits at every kind of space (the ideographic one included). */
static GStrv
split_at_spaces (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *start = text;

  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      if (*p == '\0' || g_unichar_isspace (g_utf8_get_char (p)))
        {
          if (p > start)
            {
              g_autofree char *word = g_strndup (start, p - start);

              g_strv_builder_add (builder, word);
            }
          if (*p == '\0')
            break;
          start = g_utf8_next_char (p);
        }
    }
  return g_strv_builder_end (builder);
}

/* Each word (what stands between spaces) becomes a quoted FTS5 string,
 * so AND, NEAR, quotes, colons and asterisks are only ever words; the
 * tokenizer then splits and folds it as it did the messages. NULL, with
 * @error set, when the query is over the limits. */
static char *
match_expression (const char  *query,
                  GError     **error)
{
  g_auto(GStrv) chunks = NULL;
  GString *match;
  guint n_words = 0;

  if (strlen (query) > GLINT_SEARCH_MAX_BYTES)
    {
      g_set_error (error, GLINT_STORE_ERROR, GLINT_STORE_ERROR_QUERY,
                   _("The search is too long: search for at most %d characters."),
                   GLINT_SEARCH_MAX_BYTES);
      return NULL;
    }
  if (!g_utf8_validate (query, -1, NULL))
    {
      g_set_error_literal (error, GLINT_STORE_ERROR, GLINT_STORE_ERROR_QUERY,
                           _("The search is not valid text."));
      return NULL;
    }
  chunks = split_at_spaces (query);
  match = g_string_new (NULL);
  for (guint i = 0; chunks[i]; i++)
    {
      g_auto(GStrv) parts = NULL;
      g_autofree char *escaped = NULL;

      if (!has_alnum (chunks[i]))
        continue;
      if (++n_words > GLINT_SEARCH_MAX_WORDS)
        {
          g_string_free (match, TRUE);
          g_set_error (error, GLINT_STORE_ERROR, GLINT_STORE_ERROR_QUERY,
                       _("The search has too many words: search for at most %d."),
                       GLINT_SEARCH_MAX_WORDS);
          return NULL;
        }
      parts = g_strsplit (chunks[i], "\"", -1);
      escaped = g_strjoinv ("\"\"", parts);
      g_string_append_printf (match, "%s\"%s\"", match->len ? " " : "", escaped);
    }
  return g_string_free (match, FALSE);
}

/* Each hit of the one-contact plan gets its snippet here. */
static int
add_snippets (sqlite3_stmt *stmt,
              const char   *match,
              GPtrArray    *hits)
{
  int rc = SQLITE_DONE;

  for (guint i = 0; i < hits->len && rc == SQLITE_DONE; i++)
    {
      GlintSearchHit *hit = hits->pdata[i];

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, hit->message->id);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          hit->snippet = glint_store_column_dup (stmt, 0);
          rc = SQLITE_DONE;
        }
    }
  sqlite3_reset (stmt);
  return rc;
}

/* The ids of the messages between the filter's dates: every id when it
 * has none; an empty range (low > high) when no message is there. */
static int
id_range (sqlite3_stmt            *stmt,
          const GlintSearchFilter *filter,
          gint64                  *low,
          gint64                  *high)
{
  int rc;

  *low = G_MININT64;
  *high = G_MAXINT64;
  if (filter->from_ms == 0 && filter->to_ms == 0)
    return SQLITE_DONE;
  sqlite3_reset (stmt);
  sqlite3_bind_int64 (stmt, 1, filter->from_ms ? filter->from_ms : G_MININT64);
  sqlite3_bind_int64 (stmt, 2, filter->to_ms ? filter->to_ms : G_MAXINT64);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *low = sqlite3_column_int64 (stmt, 0);
      *high = sqlite3_column_int64 (stmt, 1);
      rc = SQLITE_DONE;
    }
  sqlite3_reset (stmt);
  return rc;
}

/* @stmts: the statements of a search (SEARCH_SQL, SEARCH_PEER_SQL,
 * SNIPPET_SQL, ID_RANGE_SQL) prepared on @db. */
GPtrArray *
glint_store_search_on (sqlite3                  *db,
                       sqlite3_stmt            **stmts,
                       const GlintSearchFilter  *filter,
                       const char               *query,
                       gint64                    before_id,
                       guint                     limit,
                       GError                  **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_search_hit_free);
  g_autofree char *match = match_expression (query, error);
  sqlite3_stmt *stmt = stmts[filter->peer ? 1 : 0];
  gint64 low, high;
  int rc;

  if (match == NULL)
    return NULL;
  if (*match == '\0')
    return g_steal_pointer (&hits);
  rc = id_range (stmts[3], filter, &low, &high);
  if (rc != SQLITE_DONE)
    {
      glint_store_set_sqlite_error (db, rc, _("the search"), error);
      return NULL;
    }

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (filter->account)
    sqlite3_bind_text (stmt, 1, filter->account, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, match, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, before_id);
  sqlite3_bind_int (stmt, 4, limit);
  if (filter->peer)
    sqlite3_bind_text (stmt, 5, filter->peer, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, filter->from_ms);
  sqlite3_bind_int64 (stmt, 7, filter->to_ms);
  sqlite3_bind_int64 (stmt, 8, low);
  sqlite3_bind_int64 (stmt, 9, high);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GlintSearchHit *hit = g_new0 (GlintSearchHit, 1);

      hit->message = glint_store_message_from_row (stmt);
      hit->snippet = glint_store_column_dup (stmt, N_MESSAGE_COLUMNS);
      g_ptr_array_add (hits, hit);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE && filter->peer)
    rc = add_snippets (stmts[2], match, hits);
  if (rc != SQLITE_DONE)
    {
      glint_store_set_sqlite_error (db, rc, _("the search"), error);
      return NULL;
    }
  return g_steal_pointer (&hits);
}

typedef struct
{
  char   *account;
  char   *peer;
  gint64  from_ms;
  gint64  to_ms;
  char   *query;
  gint64  before_id;
  guint   limit;
} SearchArgs;

static GlintSearchFilter
args_filter (const SearchArgs *args)
{
  GlintSearchFilter filter = { args->account, args->peer, args->from_ms, args->to_ms };

  return filter;
}

static void
search_args_free (SearchArgs *args)
{
  g_free (args->account);
  g_free (args->peer);
  g_free (args->query);
  g_free (args);
}

static gboolean
open_reader (GlintStore  *self,
             GError     **error)
{
  int rc;

  static const char * const sql[N_SEARCH_STMTS] = { SEARCH_SQL, SEARCH_PEER_SQL, SNIPPET_SQL, ID_RANGE_SQL };

  if (self->reader_search[0])
    return TRUE;
  rc = glint_store_open_connection (self->path, SQLITE_OPEN_READONLY, &self->reader);
  if (rc == SQLITE_OK)
    sqlite3_busy_timeout (self->reader, 2000);
  for (guint i = 0; i < N_SEARCH_STMTS && rc == SQLITE_OK; i++)
    rc = sqlite3_prepare_v3 (self->reader, sql[i], -1, SQLITE_PREPARE_PERSISTENT, &self->reader_search[i], NULL);
  if (rc != SQLITE_OK)
    {
      glint_store_set_sqlite_error (self->reader, rc, _("the search"), error);
      for (guint i = 0; i < N_SEARCH_STMTS; i++)
        g_clear_pointer (&self->reader_search[i], sqlite3_finalize);
      g_clear_pointer (&self->reader, sqlite3_close_v2);
      return FALSE;
    }
  return TRUE;
}

static void
search_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  GlintStore *self = source;
  SearchArgs *args = data;
  g_autoptr(GError) error = NULL;
  GPtrArray *hits = NULL;

  /* What was written before the search was asked is found. */
  glint_store_wait_indexed (self, G_USEC_PER_SEC / 2);
  g_mutex_lock (&self->reader_lock);
  if (!g_task_return_error_if_cancelled (task))
    {
      GlintSearchFilter filter = args_filter (args);

      if (open_reader (self, &error))
        hits = glint_store_search_on (self->reader, self->reader_search, &filter, args->query,
                                      args->before_id, args->limit, &error);
      if (hits)
        g_task_return_pointer (task, hits, (GDestroyNotify) g_ptr_array_unref);
      else
        g_task_return_error (task, g_steal_pointer (&error));
    }
  g_mutex_unlock (&self->reader_lock);
}

/* Searches off the main thread. @account NULL searches every account,
 * @peer NULL every conversation; @before_id G_MAXINT64 gives the first
 * page, the last hit's id the next. */
void
glint_store_search_async (GlintStore          *self,
                          const char          *account,
                          const char          *peer,
                          const char          *query,
                          gint64               before_id,
                          guint                limit,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GlintSearchFilter filter = { account, peer, 0, 0 };

  glint_store_search_filtered_async (self, &filter, query, before_id, limit, cancellable, callback, user_data);
}

void
glint_store_search_filtered_async (GlintStore              *self,
                                   const GlintSearchFilter *filter,
                                   const char              *query,
                                   gint64                   before_id,
                                   guint                    limit,
                                   GCancellable            *cancellable,
                                   GAsyncReadyCallback      callback,
                                   gpointer                 user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  SearchArgs *args = g_new0 (SearchArgs, 1);

  g_task_set_source_tag (task, glint_store_search_async);
  args->account = g_strdup (filter->account);
  args->peer = g_strdup (filter->peer);
  args->from_ms = filter->from_ms;
  args->to_ms = filter->to_ms;
  args->query = g_strdup (query);
  args->before_id = before_id;
  args->limit = limit;
  g_task_set_task_data (task, args, (GDestroyNotify) search_args_free);

  /* A database in memory has no second connection; it is small enough to
   * search where it lives. */
  if (g_strcmp0 (self->path, ":memory:") == 0)
    {
      g_autoptr(GError) error = NULL;
      GPtrArray *hits = glint_store_search_filtered (self, filter, query, before_id, limit, &error);

      if (hits)
        g_task_return_pointer (task, hits, (GDestroyNotify) g_ptr_array_unref);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_run_in_thread (task, search_thread);
}

GPtrArray *
glint_store_search_finish (GlintStore    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
glint_store_search (GlintStore  *self,
                    const char  *account,
                    const char  *peer,
                    const char  *query,
                    gint64       before_id,
                    guint        limit,
                    GError     **error)
{
  GlintSearchFilter filter = { account, peer, 0, 0 };

  return glint_store_search_filtered (self, &filter, query, before_id, limit, error);
}

GPtrArray *
glint_store_search_filtered (GlintStore               *self,
                             const GlintSearchFilter  *filter,
                             const char               *query,
                             gint64                    before_id,
                             guint                     limit,
                             GError                  **error)
{
  glint_store_wait_indexed (self, 5 * G_USEC_PER_SEC);
  return glint_store_search_on (self->db, self->stmts + STMT_SEARCH, filter, query, before_id, limit, error);
}

/* The contacts (or rooms) whose history holds a message: a short,
 * indexed query, fit for the main thread. */
GStrv
glint_store_list_peers (GlintStore *self,
                        const char *account)
{
  sqlite3_stmt *stmt = glint_store_stmt (self, STMT_PEERS);
  g_autoptr(GStrvBuilder) peers = g_strv_builder_new ();

  if (account)
    sqlite3_bind_text (stmt, 1, account, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_strv_builder_add (peers, (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return g_strv_builder_end (peers);
}

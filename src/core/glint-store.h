/* glint-store.h: the message history in SQLite
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "glint-message.h"

G_BEGIN_DECLS

#define GLINT_STORE_ERROR (glint_store_error_quark ())

typedef enum
{
  GLINT_STORE_ERROR_OPEN,
  GLINT_STORE_ERROR_CORRUPT,
  GLINT_STORE_ERROR_TOO_NEW,
  GLINT_STORE_ERROR_FULL,
  GLINT_STORE_ERROR_BUSY,     /* another connection holds the lock */
  GLINT_STORE_ERROR_FAILED,
  GLINT_STORE_ERROR_QUERY,    /* a search asked too much; the message says what */
} GlintStoreError;

/* A search hit: the message, and a snippet of its body with each matching
 * word between \x02 and \x03 (bodies never hold control characters). */
typedef struct
{
  GlintMessage *message;
  char         *snippet;
} GlintSearchHit;

/* Where a search looks: NULL account or peer means every one; times are
 * milliseconds, @to_ms exclusive, 0 for no bound. */
typedef struct
{
  const char *account;
  const char *peer;
  gint64      from_ms;
  gint64      to_ms;
} GlintSearchFilter;

typedef enum
{
  GLINT_EXPORT_TEXT,
  GLINT_EXPORT_HTML,
} GlintExportFormat;

/* The part of an archive (XEP-0313) that is in the store, by the ids and
 * times of its oldest and newest messages; @row is 0 until saved. */
typedef struct
{
  gint64    row;
  char     *first_id;
  gint64    first_time;
  char     *last_id;
  gint64    last_time;
  gboolean  reaches_start;
} GlintArchiveRange;

void glint_archive_range_clear (GlintArchiveRange *range);

void glint_search_hit_free (GlintSearchHit *hit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlintSearchHit, glint_search_hit_free)

#define GLINT_TYPE_STORE (glint_store_get_type ())

G_DECLARE_FINAL_TYPE (GlintStore, glint_store, GLINT, STORE, GObject)

GQuark      glint_store_error_quark          (void);
GlintStore *glint_store_new                  (const char          *path,
                                              GError             **error);
GlintStore *glint_store_new_at_version       (const char          *path,
                                              int                  version,
                                              GError             **error);
void        glint_store_new_async            (const char          *path,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GlintStore *glint_store_new_finish           (GAsyncResult        *result,
                                              GError             **error);
gboolean    glint_store_needs_migration      (const char          *path);
int         glint_store_get_schema_version   (GlintStore          *self);
int         glint_store_get_latest_version   (void);
char       *glint_store_default_path         (void);
char       *glint_store_set_aside            (const char          *path,
                                              GError             **error);
void        glint_store_check_async          (GlintStore          *self,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean    glint_store_check_finish         (GlintStore          *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void        glint_store_check_in_background  (GlintStore          *self);
gboolean    glint_store_start_afresh         (GlintStore          *self,
                                              char               **aside,
                                              GError             **error);
gboolean    glint_store_insert_message       (GlintStore          *self,
                                              GlintMessage        *msg,
                                              gboolean            *duplicate,
                                              GError             **error);
gboolean    glint_store_set_state            (GlintStore          *self,
                                              gint64               id,
                                              GlintMessageState    state,
                                              GError             **error);
gboolean    glint_store_mark_sent            (GlintStore          *self,
                                              gint64               id,
                                              GError             **error);
gint64      glint_store_set_state_by_xmpp_id (GlintStore          *self,
                                              const char          *account,
                                              const char          *peer,
                                              const char          *xmpp_id,
                                              GlintMessageState    state,
                                              GError             **error);
gint64      glint_store_apply_correction     (GlintStore          *self,
                                              const GlintMessage  *msg,
                                              GError             **error);
GPtrArray  *glint_store_page_before          (GlintStore          *self,
                                              const char          *account,
                                              const char          *peer,
                                              gint64               before_time,
                                              gint64               before_id,
                                              guint                limit,
                                              GError             **error);
GPtrArray  *glint_store_page_after           (GlintStore          *self,
                                              const char          *account,
                                              const char          *peer,
                                              gint64               after_time,
                                              gint64               after_id,
                                              guint                limit,
                                              GError             **error);
GPtrArray  *glint_store_pending              (GlintStore          *self,
                                              const char          *account,
                                              GError             **error);
/* What one search may ask: each word costs FTS5 a scan of its postings, so
 * a pasted page of words would hold the search thread and its memory. The
 * search field says so. */
#define GLINT_SEARCH_MAX_WORDS 16
#define GLINT_SEARCH_MAX_BYTES 512

GPtrArray  *glint_store_search               (GlintStore          *self,
                                              const char          *account,
                                              const char          *peer,
                                              const char          *query,
                                              gint64               before_id,
                                              guint                limit,
                                              GError             **error);
void        glint_store_search_async         (GlintStore          *self,
                                              const char          *account,
                                              const char          *peer,
                                              const char          *query,
                                              gint64               before_id,
                                              guint                limit,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GPtrArray  *glint_store_search_filtered      (GlintStore          *self,
                                              const GlintSearchFilter *filter,
                                              const char          *query,
                                              gint64               before_id,
                                              guint                limit,
                                              GError             **error);
void        glint_store_search_filtered_async (GlintStore         *self,
                                              const GlintSearchFilter *filter,
                                              const char          *query,
                                              gint64               before_id,
                                              guint                limit,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GStrv       glint_store_list_peers           (GlintStore          *self,
                                              const char          *account);
GPtrArray  *glint_store_search_finish        (GlintStore          *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void        glint_store_delete_async         (GlintStore          *self,
                                              const char          *account,
                                              const char          *peer,
                                              gint64               before_ms,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gint64      glint_store_delete_finish        (GlintStore          *self,
                                              GAsyncResult        *result,
                                              GError             **error);
void        glint_store_export_async         (GlintStore          *self,
                                              const char          *account,
                                              const char          *peer,
                                              GlintExportFormat    format,
                                              GFile               *file,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gint64      glint_store_export_finish        (GlintStore          *self,
                                              GAsyncResult        *result,
                                              GError             **error);
gboolean    glint_store_begin                (GlintStore          *self,
                                              GError             **error);
gboolean    glint_store_commit               (GlintStore          *self,
                                              GError             **error);
void        glint_store_close                (GlintStore          *self);
gboolean    glint_store_wait_indexed         (GlintStore          *self,
                                              gint64               timeout_us);
gint64      glint_store_count_messages       (GlintStore          *self,
                                              const char          *account,
                                              const char          *peer);
gboolean    glint_store_get_archive_range    (GlintStore          *self,
                                              const char          *account,
                                              const char          *archive,
                                              GlintArchiveRange   *range,
                                              GError             **error);
gboolean    glint_store_save_archive_range   (GlintStore          *self,
                                              const char          *account,
                                              const char          *archive,
                                              GlintArchiveRange   *range,
                                              GError             **error);
gboolean    glint_store_get_archive_edge     (GlintStore          *self,
                                              const char          *account,
                                              const char          *peer,
                                              char               **oldest_id,
                                              gint64              *oldest_ms,
                                              gboolean            *complete);
gboolean    glint_store_set_archive_complete (GlintStore          *self,
                                              const char          *account,
                                              const char          *peer,
                                              GError             **error);

G_END_DECLS

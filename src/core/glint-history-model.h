/* glint-history-model.h: one conversation's history as a list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "glint-message-item.h"
#include "glint-store.h"

G_BEGIN_DECLS

#define GLINT_TYPE_HISTORY_MODEL (glint_history_model_get_type ())

G_DECLARE_FINAL_TYPE (GlintHistoryModel, glint_history_model, GLINT, HISTORY_MODEL, GObject)

GlintHistoryModel *glint_history_model_new          (GlintStore         *store,
                                                     const char         *account,
                                                     const char         *peer,
                                                     guint               page_size,
                                                     guint               max_pages);
gboolean           glint_history_model_load_older   (GlintHistoryModel  *self,
                                                     GError            **error);
gboolean           glint_history_model_load_newer   (GlintHistoryModel  *self,
                                                     GError            **error);
gboolean           glint_history_model_show_newest  (GlintHistoryModel  *self,
                                                     GError            **error);
gboolean           glint_history_model_show_latest  (GlintHistoryModel  *self,
                                                     guint               count,
                                                     GError            **error);
gboolean           glint_history_model_show_around  (GlintHistoryModel  *self,
                                                     gint64              time_ms,
                                                     gint64              id,
                                                     GError            **error);
guint              glint_history_model_trim_newer   (GlintHistoryModel  *self);
guint              glint_history_model_trim_older   (GlintHistoryModel  *self);
gboolean           glint_history_model_has_older    (GlintHistoryModel  *self);
gboolean           glint_history_model_has_newer    (GlintHistoryModel  *self);
gboolean           glint_history_model_add          (GlintHistoryModel  *self,
                                                     const GlintMessage *msg);
guint              glint_history_model_add_many     (GlintHistoryModel  *self,
                                                     GPtrArray          *messages);
gboolean           glint_history_model_set_state    (GlintHistoryModel  *self,
                                                     gint64              id,
                                                     GlintMessageState   state);
gboolean           glint_history_model_replace      (GlintHistoryModel  *self,
                                                     gint64              id,
                                                     const GlintMessage *msg);
guint              glint_history_model_remove_notices (GlintHistoryModel *self);
GlintMessageItem  *glint_history_model_lookup       (GlintHistoryModel  *self,
                                                     gint64              id);

G_END_DECLS

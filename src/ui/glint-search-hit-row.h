/* glint-search-hit-row.h: one search hit, in a chat's search bar or the history window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "glint-store.h"

G_BEGIN_DECLS

#define GLINT_TYPE_SEARCH_HIT_ROW (glint_search_hit_row_get_type ())

G_DECLARE_FINAL_TYPE (GlintSearchHitRow, glint_search_hit_row, GLINT, SEARCH_HIT_ROW, GtkListBoxRow)

GlintSearchHitRow *glint_search_hit_row_new      (const GlintSearchHit *hit,
                                                  gboolean              with_peer);
const char        *glint_search_hit_row_get_account (GlintSearchHitRow *self);
const char        *glint_search_hit_row_get_peer    (GlintSearchHitRow *self);
char              *glint_search_hit_row_describe_count (guint          shown,
                                                        gboolean       more);
gint64             glint_search_hit_row_get_id   (GlintSearchHitRow    *self);
gint64             glint_search_hit_row_get_time (GlintSearchHitRow    *self);

G_END_DECLS

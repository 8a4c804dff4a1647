/* glint-saved-status-row.h: one saved status message in Preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GLINT_TYPE_SAVED_STATUS_ROW (glint_saved_status_row_get_type ())

G_DECLARE_FINAL_TYPE (GlintSavedStatusRow, glint_saved_status_row, GLINT, SAVED_STATUS_ROW, AdwActionRow)

GlintSavedStatusRow *glint_saved_status_row_new (const char *show,
                                                 const char *message);
const char          *glint_status_show_describe (const char *show);

G_END_DECLS

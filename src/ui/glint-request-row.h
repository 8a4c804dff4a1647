/* glint-request-row.h: one contact request in the contact list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GLINT_TYPE_REQUEST_ROW (glint_request_row_get_type ())

G_DECLARE_FINAL_TYPE (GlintRequestRow, glint_request_row, GLINT, REQUEST_ROW, GtkListBoxRow)

GlintRequestRow *glint_request_row_new         (const char      *account,
                                                const char      *jid,
                                                gboolean         show_account);
gboolean         glint_request_row_is_for      (GlintRequestRow *self,
                                                const char      *account,
                                                const char      *jid);

G_END_DECLS

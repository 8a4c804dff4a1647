/* glint-message-row.h: one row of a conversation's history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GLINT_TYPE_MESSAGE_ROW (glint_message_row_get_type ())

G_DECLARE_FINAL_TYPE (GlintMessageRow, glint_message_row, GLINT, MESSAGE_ROW, GtkBox)

GlintMessageRow *glint_message_row_new         (void);
void             glint_message_row_set_meta    (GlintMessageRow *self,
                                                const char      *text);
void             glint_message_row_set_body    (GlintMessageRow *self,
                                                const char      *markup,
                                                gboolean         wrap_anywhere,
                                                gboolean         centred,
                                                const char      *tooltip);
void             glint_message_row_set_actions (GlintMessageRow *self,
                                                gboolean         more,
                                                gboolean         retry);

G_END_DECLS

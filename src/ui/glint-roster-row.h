/* glint-roster-row.h: a contact or a group in the contact list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GLINT_TYPE_ROSTER_ROW (glint_roster_row_get_type ())

G_DECLARE_FINAL_TYPE (GlintRosterRow, glint_roster_row, GLINT, ROSTER_ROW, GtkBox)

GlintRosterRow *glint_roster_row_new          (void);
void            glint_roster_row_show_contact (GlintRosterRow *self,
                                               const char     *name,
                                               const char     *line,
                                               const char     *icon_name,
                                               gboolean        offline);
void            glint_roster_row_show_group   (GlintRosterRow *self,
                                               const char     *title);

G_END_DECLS

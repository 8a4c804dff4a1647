/* glint-occupant-row.h: one person in a room's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "glint-room.h"

G_BEGIN_DECLS

#define GLINT_TYPE_OCCUPANT_ROW (glint_occupant_row_get_type ())

G_DECLARE_FINAL_TYPE (GlintOccupantRow, glint_occupant_row, GLINT, OCCUPANT_ROW, GtkBox)

GlintOccupantRow *glint_occupant_row_new          (void);
void              glint_occupant_row_set_occupant (GlintOccupantRow *self,
                                                   GlintRoom        *room,
                                                   GlintOccupant    *occupant);

G_END_DECLS

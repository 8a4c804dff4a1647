/* glint-occupant-list.h: who is in a room, sorted and filterable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "glint-room.h"

G_BEGIN_DECLS

#define GLINT_TYPE_OCCUPANT_LIST (glint_occupant_list_get_type ())

G_DECLARE_FINAL_TYPE (GlintOccupantList, glint_occupant_list, GLINT, OCCUPANT_LIST, GtkBox)

void glint_occupant_list_set_room (GlintOccupantList *self,
                                   GlintRoom         *room);

G_END_DECLS

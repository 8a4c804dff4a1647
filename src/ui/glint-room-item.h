/* glint-room-item.h: one room a service lists, for list models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GLINT_TYPE_ROOM_ITEM (glint_room_item_get_type ())

G_DECLARE_FINAL_TYPE (GlintRoomItem, glint_room_item, GLINT, ROOM_ITEM, GObject)

GlintRoomItem *glint_room_item_new      (const char    *jid,
                                         const char    *name);
const char    *glint_room_item_get_jid  (GlintRoomItem *self);
const char    *glint_room_item_get_name (GlintRoomItem *self);

G_END_DECLS

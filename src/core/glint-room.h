/* glint-room.h: a room the account is in, or wants to be (XEP-0045)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "glint-occupant.h"

G_BEGIN_DECLS

typedef enum
{
  GLINT_ROOM_LEFT,     /* not in it (offline, or not joined yet) */
  GLINT_ROOM_JOINING,
  GLINT_ROOM_JOINED,
  GLINT_ROOM_REFUSED,  /* the room refused us or sent us out; see the room's problem */
} GlintRoomState;

#define GLINT_TYPE_ROOM (glint_room_get_type ())

G_DECLARE_FINAL_TYPE (GlintRoom, glint_room, GLINT, ROOM, GObject)

GlintRoom      *glint_room_new             (const char              *account,
                                            const char              *jid,
                                            const char              *nick);
const char     *glint_room_get_account     (GlintRoom               *self);
const char     *glint_room_get_jid         (GlintRoom               *self);
const char     *glint_room_get_nick        (GlintRoom               *self);
void            glint_room_set_nick        (GlintRoom               *self,
                                            const char              *nick);
const char     *glint_room_get_password    (GlintRoom               *self);
void            glint_room_set_password    (GlintRoom               *self,
                                            const char              *password);
void            glint_room_set_made        (GlintRoom               *self,
                                            const char              *name,
                                            const char              *subject);
void            glint_room_take_made       (GlintRoom               *self,
                                            char                   **name,
                                            char                   **subject);
const char     *glint_room_get_subject     (GlintRoom               *self);
const char     *glint_room_get_name        (GlintRoom               *self);
void            glint_room_set_name        (GlintRoom               *self,
                                            const char              *name);
GlintRoomState  glint_room_get_state       (GlintRoom               *self);
void            glint_room_set_state       (GlintRoom               *self,
                                            GlintRoomState           state);
const char     *glint_room_get_problem     (GlintRoom               *self);
GListModel     *glint_room_get_occupants   (GlintRoom               *self);
GlintOccupant  *glint_room_lookup_occupant (GlintRoom               *self,
                                            const char              *nick);
GlintOccupant  *glint_room_get_self        (GlintRoom               *self);
gboolean        glint_room_mentions_us     (GlintRoom               *self,
                                            const char              *body);
void            glint_room_apply_occupant  (GlintRoom               *self,
                                            const GlintOccupantInfo *info);
void            glint_room_apply_subject   (GlintRoom               *self,
                                            const char              *subject,
                                            const char              *by);
void            glint_room_refused         (GlintRoom               *self,
                                            const char              *condition,
                                            const char              *text);
void            glint_room_request_failed  (GlintRoom               *self,
                                            const char              *condition);
void            glint_room_lost            (GlintRoom               *self);
void            glint_room_clear_occupants (GlintRoom               *self);

G_END_DECLS

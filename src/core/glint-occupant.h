/* glint-occupant.h: someone in a room, as the room tells it (XEP-0045)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "glint-contact.h"
#include "glint-event.h"

G_BEGIN_DECLS

/* Ordered as a room's list shows them: moderators first. */
typedef enum
{
  GLINT_ROLE_MODERATOR,
  GLINT_ROLE_PARTICIPANT,
  GLINT_ROLE_VISITOR,
  GLINT_ROLE_NONE,
} GlintRole;

#define GLINT_TYPE_OCCUPANT (glint_occupant_get_type ())

G_DECLARE_FINAL_TYPE (GlintOccupant, glint_occupant, GLINT, OCCUPANT, GObject)

GlintOccupant *glint_occupant_new             (const GlintOccupantInfo *info);
void           glint_occupant_update          (GlintOccupant           *self,
                                               const GlintOccupantInfo *info);
const char    *glint_occupant_get_nick        (GlintOccupant           *self);
const char    *glint_occupant_get_display_nick (GlintOccupant          *self);
GlintRole      glint_occupant_get_role        (GlintOccupant           *self);
const char    *glint_occupant_get_affiliation (GlintOccupant           *self);
const char    *glint_occupant_get_real_jid    (GlintOccupant           *self);
GlintPresence  glint_occupant_get_presence    (GlintOccupant           *self);
const char    *glint_occupant_get_status      (GlintOccupant           *self);
gboolean       glint_occupant_is_self         (GlintOccupant           *self);
GlintRole      glint_role_from_string         (const char              *role);
const char    *glint_role_describe            (GlintRole                role);
int            glint_occupant_compare         (gconstpointer            a,
                                               gconstpointer            b,
                                               gpointer                 data);

G_END_DECLS

/* glint-contact.h: one roster entry and its presence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Ordered from least to most present, so presences compare as numbers. */
typedef enum
{
  GLINT_PRESENCE_OFFLINE,
  GLINT_PRESENCE_DND,
  GLINT_PRESENCE_XA,
  GLINT_PRESENCE_AWAY,
  GLINT_PRESENCE_ONLINE,
  GLINT_PRESENCE_CHAT,
} GlintPresence;

#define GLINT_TYPE_CONTACT (glint_contact_get_type ())

G_DECLARE_FINAL_TYPE (GlintContact, glint_contact, GLINT, CONTACT, GObject)

GlintContact  *glint_contact_new               (const char    *account,
                                                const char    *jid);
const char    *glint_contact_get_account       (GlintContact  *self);
const char    *glint_contact_get_jid           (GlintContact  *self);
const char    *glint_contact_get_name          (GlintContact  *self);
const char    *glint_contact_get_display_name  (GlintContact  *self);
const char    *glint_contact_get_group         (GlintContact  *self);
const char * const *glint_contact_get_groups   (GlintContact  *self);
const char    *glint_contact_get_subscription  (GlintContact  *self);
GlintPresence  glint_contact_get_presence      (GlintContact  *self);
const char    *glint_contact_get_status        (GlintContact  *self);
void           glint_contact_update_item       (GlintContact  *self,
                                                const char    *name,
                                                char         **groups,
                                                const char    *subscription,
                                                gboolean       ask);
void           glint_contact_update_presence   (GlintContact  *self,
                                                const char    *resource,
                                                gboolean       available,
                                                const char    *show,
                                                const char    *status,
                                                int            priority);
void           glint_contact_clear_presence    (GlintContact  *self);
gint64         glint_contact_get_last_seen     (GlintContact  *self);
const char    *glint_contact_get_last_status   (GlintContact  *self);
void           glint_contact_set_last_activity (GlintContact  *self,
                                                gint64         seconds,
                                                const char    *status,
                                                gint64         now_ms);
gboolean       glint_contact_take_last_activity_turn (GlintContact *self,
                                                      gint64        now_us,
                                                      gint64        interval_us);
char          *glint_contact_describe_last_seen (GlintContact *self,
                                                 gint64        now_ms);
GlintPresence  glint_presence_from_show        (const char    *show);
const char    *glint_presence_describe         (GlintPresence  presence);
const char    *glint_presence_icon_name        (GlintPresence  presence);

G_END_DECLS

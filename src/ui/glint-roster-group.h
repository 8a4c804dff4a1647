/* glint-roster-group.h: one group of the contact list, as a filtered model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "glint-contact.h"

G_BEGIN_DECLS

#define GLINT_TYPE_ROSTER_GROUP (glint_roster_group_get_type ())

G_DECLARE_FINAL_TYPE (GlintRosterGroup, glint_roster_group, GLINT, ROSTER_GROUP, GObject)

typedef struct
{
  gboolean  show_offline;
  char     *search;       /* case-folded, or NULL */
} GlintRosterFilter;

GlintRosterGroup *glint_roster_group_new          (const char              *name,
                                                   GListModel              *contacts,
                                                   const GlintRosterFilter *filter);
const char       *glint_roster_group_get_name     (GlintRosterGroup        *self);
GListModel       *glint_roster_group_get_model    (GlintRosterGroup        *self);
char             *glint_roster_group_get_title    (GlintRosterGroup        *self);
void              glint_roster_group_refilter     (GlintRosterGroup        *self);
gboolean          glint_roster_filter_matches     (const GlintRosterFilter *filter,
                                                   GlintContact            *contact);

G_END_DECLS

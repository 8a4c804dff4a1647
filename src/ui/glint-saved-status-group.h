/* glint-saved-status-group.h: the saved status messages, in Preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GLINT_TYPE_SAVED_STATUS_GROUP (glint_saved_status_group_get_type ())

G_DECLARE_FINAL_TYPE (GlintSavedStatusGroup, glint_saved_status_group, GLINT, SAVED_STATUS_GROUP, AdwPreferencesGroup)

G_END_DECLS

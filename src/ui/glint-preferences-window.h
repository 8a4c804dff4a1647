/* glint-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef struct _GlintApplication GlintApplication;

#define GLINT_TYPE_PREFERENCES_WINDOW (glint_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (GlintPreferencesWindow, glint_preferences_window, GLINT, PREFERENCES_WINDOW, AdwPreferencesWindow)

GlintPreferencesWindow *glint_preferences_window_new (GlintApplication *app);

void glint_preferences_window_refresh_accounts (GlintPreferencesWindow *self);

G_END_DECLS

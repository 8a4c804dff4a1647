/* glint-upgrade-window.h: shown while the history is migrated at start
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GLINT_TYPE_UPGRADE_WINDOW (glint_upgrade_window_get_type ())

G_DECLARE_FINAL_TYPE (GlintUpgradeWindow, glint_upgrade_window, GLINT, UPGRADE_WINDOW, GtkWindow)

GlintUpgradeWindow *glint_upgrade_window_new (GtkApplication *app);

G_END_DECLS

/* glint-history-window.h: searching and exporting the whole history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "glint-store.h"

G_BEGIN_DECLS

#define GLINT_TYPE_HISTORY_WINDOW (glint_history_window_get_type ())

G_DECLARE_FINAL_TYPE (GlintHistoryWindow, glint_history_window, GLINT, HISTORY_WINDOW, AdwWindow)

GlintHistoryWindow *glint_history_window_new         (GtkApplication     *app,
                                                      GlintStore         *store,
                                                      const char * const *accounts);
void                glint_history_window_choose_peer (GlintHistoryWindow *self,
                                                      const char         *account,
                                                      const char         *peer);
void                glint_history_window_say         (GlintHistoryWindow *self,
                                                      const char         *text);

G_END_DECLS

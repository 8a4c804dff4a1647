/* glint-room-browser.h: a group chat service's public rooms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "glint-session.h"

G_BEGIN_DECLS

#define GLINT_TYPE_ROOM_BROWSER (glint_room_browser_get_type ())

G_DECLARE_FINAL_TYPE (GlintRoomBrowser, glint_room_browser, GLINT, ROOM_BROWSER, GtkWindow)

GlintRoomBrowser *glint_room_browser_new     (GtkApplication   *app,
                                              GlintSession     *session);
void              glint_room_browser_refresh (GlintRoomBrowser *self);

G_END_DECLS

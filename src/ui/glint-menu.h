/* glint-menu.h: menus whose entries carry their targets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void glint_menu_append (GMenu      *menu,
                        const char *label,
                        const char *action,
                        GVariant   *target);

G_END_DECLS

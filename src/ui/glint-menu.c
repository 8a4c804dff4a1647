/* glint-menu.c
 *
 * Menus built in code are those whose entries name what they act on (a
 * room, a person in it): the same application actions with a target.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-menu"

#include "glint-menu.h"

/* @target may be NULL, and is sunk. */
void
glint_menu_append (GMenu      *menu,
                   const char *label,
                   const char *action,
                   GVariant   *target)
{
  g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

  g_menu_item_set_action_and_target_value (item, action, target);
  g_menu_append_item (menu, item);
}

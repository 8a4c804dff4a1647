/* glint-accessible.h: names that screen readers read once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void glint_accessible_name_buttons_once (GtkWidget  *root);
void glint_accessible_name_dialog       (GtkWidget  *root);
void glint_accessible_name_search       (GtkWidget  *root,
                                         const char *name);

G_END_DECLS

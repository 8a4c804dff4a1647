/* glint-accessible.c
 *
 * GTK 4.8 names a button with a mnemonic label twice: by its accessible
 * label (which Glint's templates set, without the underscore) and again by
 * the label inside it, which it relates to the button as "labelled by"; a
 * screen reader then reads "Send Send". Dropping that relation leaves the
 * one name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-accessible"

#include "glint-accessible.h"

/* For every button under @root whose label has a mnemonic (the templates
 * give each such button an accessible label of its own). */
void
glint_accessible_name_buttons_once (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    glint_accessible_name_buttons_once (child);
  if (GTK_IS_BUTTON (root) && gtk_button_get_use_underline (GTK_BUTTON (root)))
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

/* glint-accessible.c
 *
 * GTK 4.8 names a button with a mnemonic label twice: by its accessible
 * label (which Glint's templates set, without the underscore) and again by
 * the label inside it, which it relates to the button as "labelled by"; a
 * screen reader then reads "Send Send". Dropping that relation leaves the
 * one name. A check button with a mnemonic is named by its label as
 * written, underscore and all, and a switch or spin button at the end of
 * a preferences row by its type ("GtkSwitch"): each gets the words it
 * shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-accessible"

#include <adwaita.h>

#include "glint-accessible.h"

/* @label without its mnemonic marks ("_Save" is "Save", "a__b" is "a_b"). */
static char *
without_mnemonic (const char *label)
{
  GString *plain = g_string_new (NULL);

  for (const char *p = label; p && *p; p++)
    {
      if (*p == '_')
        {
          if (p[1] != '_')
            continue;
          p++;
        }
      g_string_append_c (plain, *p);
    }
  return g_string_free (plain, FALSE);
}

static void
name_by (GtkWidget  *widget,
         const char *label)
{
  g_autofree char *plain = without_mnemonic (label);

  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
}

/* For every button under @root whose label has a mnemonic (the templates
 * give each such button an accessible label of its own), every check
 * button with one, and every switch or spin button in a preferences row. */
void
glint_accessible_name_buttons_once (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    glint_accessible_name_buttons_once (child);
  if (GTK_IS_BUTTON (root) && gtk_button_get_use_underline (GTK_BUTTON (root)))
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  else if (GTK_IS_CHECK_BUTTON (root) && gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (root))
           && gtk_check_button_get_label (GTK_CHECK_BUTTON (root)))
    name_by (root, gtk_check_button_get_label (GTK_CHECK_BUTTON (root)));
  else if (GTK_IS_IMAGE (root) && gtk_widget_get_ancestor (root, ADW_TYPE_ENTRY_ROW))
    /* The entry row's pencil is decoration: nothing to read. */
    gtk_accessible_update_state (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  else if (GTK_IS_SWITCH (root) || GTK_IS_SPIN_BUTTON (root))
    {
      GtkWidget *row = gtk_widget_get_ancestor (root, ADW_TYPE_ACTION_ROW);

      if (row)
        name_by (root, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
    }
}

/* Names the search entries under @root (libadwaita's preferences window
 * builds one and names it by its type). */
void
glint_accessible_name_search (GtkWidget  *root,
                              const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    glint_accessible_name_search (child, name);
  if (GTK_IS_SEARCH_ENTRY (root))
    gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

/* A dialog made in code (a message dialog) has no template to name its
 * buttons: each is named by its label, without the mnemonic mark and
 * without the second reading of it. Call once its buttons are added. */
void
glint_accessible_name_dialog (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    glint_accessible_name_dialog (child);
  if (GTK_IS_BUTTON (root) && gtk_button_get_use_underline (GTK_BUTTON (root))
      && gtk_button_get_label (GTK_BUTTON (root)))
    {
      name_by (root, gtk_button_get_label (GTK_BUTTON (root)));
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
    }
}

/* glint-contact-dialog.h: add a contact, or rename it and move it to a group
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "glint-session.h"

G_BEGIN_DECLS

#define GLINT_TYPE_CONTACT_DIALOG (glint_contact_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GlintContactDialog, glint_contact_dialog, GLINT, CONTACT_DIALOG, GtkWindow)

GlintContactDialog *glint_contact_dialog_new (GtkWindow    *parent,
                                              GListModel   *sessions,
                                              GlintSession *session,
                                              GlintContact *contact);
void                glint_contact_dialog_set_address (GlintContactDialog *self,
                                                      const char         *jid);
void                glint_contact_dialog_suggest     (GlintContactDialog *self,
                                                      const char         *name,
                                                      const char         *group);

G_END_DECLS

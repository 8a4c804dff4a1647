/* glint-join-dialog.h: the room, nickname and password to join a room
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GLINT_TYPE_JOIN_DIALOG (glint_join_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GlintJoinDialog, glint_join_dialog, GLINT, JOIN_DIALOG, AdwMessageDialog)

GlintJoinDialog *glint_join_dialog_new (GtkWindow          *parent,
                                        const char * const *accounts,
                                        const char         *account,
                                        const char         *room,
                                        const char         *nick,
                                        gboolean            create);

G_END_DECLS

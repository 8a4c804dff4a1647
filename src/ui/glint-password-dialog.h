/* glint-password-dialog.h: asks for an account's new password
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GLINT_TYPE_PASSWORD_DIALOG (glint_password_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GlintPasswordDialog, glint_password_dialog, GLINT, PASSWORD_DIALOG, AdwMessageDialog)

GlintPasswordDialog *glint_password_dialog_new (GtkWindow  *parent,
                                                const char *account);

G_END_DECLS

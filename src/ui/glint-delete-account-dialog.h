/* glint-delete-account-dialog.h: deleting an account from its server,
 * confirmed by typing its address
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GLINT_TYPE_DELETE_ACCOUNT_DIALOG (glint_delete_account_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GlintDeleteAccountDialog, glint_delete_account_dialog, GLINT, DELETE_ACCOUNT_DIALOG,
                      AdwMessageDialog)

GlintDeleteAccountDialog *glint_delete_account_dialog_new (GtkWindow  *parent,
                                                           const char *account);

G_END_DECLS

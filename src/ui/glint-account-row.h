/* glint-account-row.h: one account in Preferences → Accounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "glint-account.h"
#include "glint-session.h"

G_BEGIN_DECLS

#define GLINT_TYPE_ACCOUNT_ROW (glint_account_row_get_type ())

G_DECLARE_FINAL_TYPE (GlintAccountRow, glint_account_row, GLINT, ACCOUNT_ROW, GtkListBoxRow)

GlintAccountRow *glint_account_row_new (const GlintAccount *account,
                                        GlintSession       *session);

G_END_DECLS

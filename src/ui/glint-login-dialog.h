/* glint-login-dialog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "glint-account.h"

G_BEGIN_DECLS

typedef struct _GlintApplication GlintApplication;

#define GLINT_TYPE_LOGIN_DIALOG (glint_login_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GlintLoginDialog, glint_login_dialog, GLINT, LOGIN_DIALOG, GtkWindow)

GlintLoginDialog *glint_login_dialog_new       (GlintApplication   *app,
                                                const GlintAccount *account);
void              glint_login_dialog_set_error (GlintLoginDialog   *self,
                                                const char         *message);
const char       *glint_login_dialog_get_jid   (GlintLoginDialog   *self);

G_END_DECLS

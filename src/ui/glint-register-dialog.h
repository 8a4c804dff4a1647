/* glint-register-dialog.h: creating an account on a server (XEP-0077)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "glint-application.h"

G_BEGIN_DECLS

#define GLINT_TYPE_REGISTER_DIALOG (glint_register_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GlintRegisterDialog, glint_register_dialog, GLINT, REGISTER_DIALOG, GtkWindow)

GlintRegisterDialog *glint_register_dialog_new (GlintApplication *app);

G_END_DECLS

/* glint-cert-dialog.h: asks whether to trust a certificate that failed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "glint-event.h"

G_BEGIN_DECLS

#define GLINT_TYPE_CERT_DIALOG (glint_cert_dialog_get_type ())

G_DECLARE_FINAL_TYPE (GlintCertDialog, glint_cert_dialog, GLINT, CERT_DIALOG, GtkWindow)

GlintCertDialog *glint_cert_dialog_new             (GtkWindow           *parent,
                                                    const char          *account,
                                                    const GlintCertInfo *cert);
const char      *glint_cert_dialog_get_fingerprint (GlintCertDialog     *self);

G_END_DECLS

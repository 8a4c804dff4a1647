/* glint-form-row.h: one field of a server's form, to fill in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "glint-form.h"

G_BEGIN_DECLS

#define GLINT_TYPE_FORM_ROW (glint_form_row_get_type ())

G_DECLARE_FINAL_TYPE (GlintFormRow, glint_form_row, GLINT, FORM_ROW, GtkBox)

GlintFormRow *glint_form_row_new        (const GlintFormField *field,
                                         const char           *previous);
const char   *glint_form_row_get_var    (GlintFormRow         *self);
char         *glint_form_row_get_value  (GlintFormRow         *self);
GtkWidget    *glint_form_row_get_input  (GlintFormRow         *self);

G_END_DECLS

/* glint-form.h: a form a server asks the user to fill in (XEP-0077's
 * fields, or a XEP-0004 data form with a XEP-0158 CAPTCHA)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GLINT_FIELD_TEXT,      /* one line */
  GLINT_FIELD_PRIVATE,   /* a password */
  GLINT_FIELD_BOOLEAN,
  GLINT_FIELD_LIST,      /* one of the options */
  GLINT_FIELD_FIXED,     /* words to read, nothing to fill */
  GLINT_FIELD_HIDDEN,    /* sent back as it came */
} GlintFieldType;

/* What a server may make Glint show: fields beyond these are counted,
 * not shown; a longer text is cut; a larger image is not shown. */
#define GLINT_FORM_MAX_FIELDS      50
#define GLINT_FORM_MAX_OPTIONS     100
#define GLINT_FORM_MAX_TEXT_BYTES  2048
#define GLINT_FORM_MAX_IMAGE_BYTES (256 * 1024)

typedef struct
{
  char           *var;
  GlintFieldType  type;
  char           *label;         /* plain text, never markup */
  char           *desc;
  gboolean        required;
  char           *value;         /* as the server filled it, then as the user did */
  char          **option_labels;
  char          **option_values;
  GBytes         *image;         /* a CAPTCHA to read (XEP-0158), when it came with the form */
  gboolean        image_too_large;
} GlintFormField;

typedef struct
{
  gboolean   data_form;          /* jabber:x:data; else XEP-0077's own fields */
  char      *title;
  char      *instructions;
  GPtrArray *fields;             /* of GlintFormField */
  guint      fields_dropped;     /* past GLINT_FORM_MAX_FIELDS */
} GlintForm;

GlintForm      *glint_form_new            (void);
GlintForm      *glint_form_copy           (const GlintForm *form);
void            glint_form_free           (GlintForm       *form);
GlintFormField *glint_form_field_new      (const char      *var,
                                           GlintFieldType   type);
void            glint_form_field_free     (GlintFormField  *field);
gboolean        glint_form_add_field      (GlintForm       *form,
                                           GlintFormField  *field);
GlintFormField *glint_form_lookup         (const GlintForm *form,
                                           const char      *var);
gboolean        glint_form_set_value      (GlintForm       *form,
                                           const char      *var,
                                           const char      *value);
const char     *glint_form_get_value      (const GlintForm *form,
                                           const char      *var);
char           *glint_form_missing        (const GlintForm *form);
GlintFieldType  glint_form_field_type_from_string (const char *type);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlintForm, glint_form_free)

G_END_DECLS

/* glint-form.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-form"

#include "config.h"


#include "glint-form.h"

GlintForm *
glint_form_new (void)
{
  GlintForm *form = g_new0 (GlintForm, 1);

  form->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_form_field_free);
  return form;
}

GlintFormField *
glint_form_field_new (const char     *var,
                      GlintFieldType  type)
{
  GlintFormField *field = g_new0 (GlintFormField, 1);

  field->var = g_strdup (var);
  field->type = type;
  return field;
}

void
glint_form_field_free (GlintFormField *field)
{
  if (field == NULL)
    return;
  g_free (field->var);
  g_free (field->label);
  g_free (field->desc);
  g_free (field->value);
  g_strfreev (field->option_labels);
  g_strfreev (field->option_values);
  g_clear_pointer (&field->image, g_bytes_unref);
  g_free (field);
}

static GlintFormField *
field_copy (const GlintFormField *field)
{
  GlintFormField *copy = glint_form_field_new (field->var, field->type);

  copy->label = g_strdup (field->label);
  copy->desc = g_strdup (field->desc);
  copy->required = field->required;
  copy->value = g_strdup (field->value);
  copy->option_labels = g_strdupv (field->option_labels);
  copy->option_values = g_strdupv (field->option_values);
  copy->image = field->image ? g_bytes_ref (field->image) : NULL;
  copy->image_too_large = field->image_too_large;
  return copy;
}

GlintForm *
glint_form_copy (const GlintForm *form)
{
  GlintForm *copy = glint_form_new ();

  copy->data_form = form->data_form;
  copy->title = g_strdup (form->title);
  copy->instructions = g_strdup (form->instructions);
  copy->fields_dropped = form->fields_dropped;
  for (guint i = 0; i < form->fields->len; i++)
    g_ptr_array_add (copy->fields, field_copy (form->fields->pdata[i]));
  return copy;
}

void
glint_form_free (GlintForm *form)
{
  if (form == NULL)
    return;
  g_free (form->title);
  g_free (form->instructions);
  g_ptr_array_unref (form->fields);
  g_free (form);
}

/* Takes @field; past the limit it is only counted. Returns whether it was
 * kept. A second field with a name already there is dropped: the answer
 * could say only one of them. */
gboolean
glint_form_add_field (GlintForm      *form,
                      GlintFormField *field)
{
  if (form->fields->len >= GLINT_FORM_MAX_FIELDS
      || (field->var != NULL && glint_form_lookup (form, field->var) != NULL))
    {
      form->fields_dropped++;
      glint_form_field_free (field);
      return FALSE;
    }
  g_ptr_array_add (form->fields, field);
  return TRUE;
}

GlintFormField *
glint_form_lookup (const GlintForm *form,
                   const char      *var)
{
  for (guint i = 0; i < form->fields->len; i++)
    {
      GlintFormField *field = form->fields->pdata[i];

      if (g_strcmp0 (field->var, var) == 0)
        return field;
    }
  return NULL;
}

gboolean
glint_form_set_value (GlintForm  *form,
                      const char *var,
                      const char *value)
{
  GlintFormField *field = glint_form_lookup (form, var);

  if (field == NULL || field->type == GLINT_FIELD_FIXED || field->type == GLINT_FIELD_HIDDEN)
    return FALSE;
  g_free (field->value);
  field->value = g_strdup (value);
  return TRUE;
}

const char *
glint_form_get_value (const GlintForm *form,
                      const char      *var)
{
  GlintFormField *field = glint_form_lookup (form, var);

  return field ? field->value : NULL;
}

/* The label of the first required field left empty, or NULL. */
char *
glint_form_missing (const GlintForm *form)
{
  for (guint i = 0; i < form->fields->len; i++)
    {
      GlintFormField *field = form->fields->pdata[i];

      if (field->required && field->type != GLINT_FIELD_FIXED && field->type != GLINT_FIELD_HIDDEN
          && (field->value == NULL || *field->value == '\0'))
        return g_strdup (field->label ? field->label : field->var);
    }
  return NULL;
}

/* XEP-0004's field types; the multi-line and JID ones are taken as text. */
GlintFieldType
glint_form_field_type_from_string (const char *type)
{
  if (g_strcmp0 (type, "text-private") == 0)
    return GLINT_FIELD_PRIVATE;
  if (g_strcmp0 (type, "boolean") == 0)
    return GLINT_FIELD_BOOLEAN;
  if (g_strcmp0 (type, "list-single") == 0)
    return GLINT_FIELD_LIST;
  if (g_strcmp0 (type, "fixed") == 0)
    return GLINT_FIELD_FIXED;
  if (g_strcmp0 (type, "hidden") == 0)
    return GLINT_FIELD_HIDDEN;
  return GLINT_FIELD_TEXT;
}

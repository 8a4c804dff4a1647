/* glint-form-row.c
 *
 * The server chose the words and the picture: the words are set as text
 * (never markup) and the picture is shown only when it is a PNG of a
 * sensible size, read from its header before it is decoded, so that a
 * small file cannot unpack into a huge image.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-form-row"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "glint-form-row.h"

/* A CAPTCHA is a line of letters: nothing larger is shown. */
#define MAX_IMAGE_SIDE 1024

struct _GlintFormRow
{
  GtkBox          parent_instance;
  char           *var;
  GlintFieldType  type;
  char          **option_values;
  gboolean        required;

  GtkLabel       *name_label;
  GtkPicture     *picture;
  GtkLabel       *note_label;
  GtkEntry       *entry;
  GtkPasswordEntry *password_entry;
  GtkCheckButton *check;
  GtkDropDown    *dropdown;
  GtkStringList  *options;
  GtkLabel       *desc_label;
};

G_DEFINE_FINAL_TYPE (GlintFormRow, glint_form_row, GTK_TYPE_BOX)

static void
glint_form_row_finalize (GObject *object)
{
  GlintFormRow *self = GLINT_FORM_ROW (object);

  g_free (self->var);
  g_strfreev (self->option_values);
  G_OBJECT_CLASS (glint_form_row_parent_class)->finalize (object);
}

static void
glint_form_row_class_init (GlintFormRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = glint_form_row_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-form-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintFormRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, GlintFormRow, picture);
  gtk_widget_class_bind_template_child (widget_class, GlintFormRow, note_label);
  gtk_widget_class_bind_template_child (widget_class, GlintFormRow, entry);
  gtk_widget_class_bind_template_child (widget_class, GlintFormRow, password_entry);
  gtk_widget_class_bind_template_child (widget_class, GlintFormRow, check);
  gtk_widget_class_bind_template_child (widget_class, GlintFormRow, dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlintFormRow, options);
  gtk_widget_class_bind_template_child (widget_class, GlintFormRow, desc_label);
}

static void
glint_form_row_init (GlintFormRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* A PNG's size, from its header (RFC 2083: the IHDR chunk comes first). */
static gboolean
png_size (GBytes *bytes,
          guint  *width,
          guint  *height)
{
  gsize length = 0;
  const guchar *data = g_bytes_get_data (bytes, &length);

  if (length < 24 || memcmp (data, "\x89PNG\r\n\x1a\n", 8) != 0 || memcmp (data + 12, "IHDR", 4) != 0)
    return FALSE;
  *width = (guint) data[16] << 24 | (guint) data[17] << 16 | (guint) data[18] << 8 | data[19];
  *height = (guint) data[20] << 24 | (guint) data[21] << 16 | (guint) data[22] << 8 | data[23];
  return TRUE;
}

static void
show_image (GlintFormRow         *self,
            const GlintFormField *field)
{
  g_autoptr(GdkTexture) texture = NULL;
  guint width = 0, height = 0;
  const char *note = NULL;

  if (field->image_too_large)
    note = _("The server sent a picture too large to show.");
  else if (!png_size (field->image, &width, &height))
    note = _("The server sent a picture in a form Glint does not show.");
  else if (width == 0 || height == 0 || width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE)
    note = _("The server sent a picture too large to show.");
  else if ((texture = gdk_texture_new_from_bytes (field->image, NULL)) == NULL)
    note = _("The server sent a picture that could not be read.");
  if (note != NULL)
    {
      gtk_label_set_text (self->note_label, note);
      gtk_widget_set_visible (GTK_WIDGET (self->note_label), TRUE);
      return;
    }
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  gtk_widget_set_size_request (GTK_WIDGET (self->picture), -1, MIN ((int) height, 200));
  gtk_widget_set_visible (GTK_WIDGET (self->picture), TRUE);
}

static void
label_input (GlintFormRow *self,
             GtkWidget    *input,
             const char   *label)
{
  gtk_widget_set_visible (input, TRUE);
  /* Named by the label above it, which screen readers then read once. */
  gtk_label_set_mnemonic_widget (self->name_label, input);
  if (self->required)
    gtk_accessible_update_property (GTK_ACCESSIBLE (input), GTK_ACCESSIBLE_PROPERTY_REQUIRED, TRUE, -1);
}

/* @previous: what the user typed into this field of an earlier form. */
GlintFormRow *
glint_form_row_new (const GlintFormField *field,
                    const char           *previous)
{
  GlintFormRow *self = g_object_new (GLINT_TYPE_FORM_ROW, NULL);
  const char *label = field->label ? field->label : field->var;
  const char *value = previous ? previous : field->value;
  g_autofree char *shown = NULL;

  self->var = g_strdup (field->var);
  self->type = field->type;
  self->required = field->required;
  self->option_values = g_strdupv (field->option_values);
  shown = field->required && label ? g_strdup_printf (_("%s (required)"), label) : g_strdup (label);
  gtk_label_set_text (self->name_label, shown ? shown : "");
  gtk_widget_set_visible (GTK_WIDGET (self->name_label), shown != NULL && field->type != GLINT_FIELD_BOOLEAN);
  if (field->desc)
    {
      gtk_label_set_text (self->desc_label, field->desc);
      gtk_widget_set_visible (GTK_WIDGET (self->desc_label), TRUE);
    }
  if (field->image || field->image_too_large)
    show_image (self, field);

  switch (field->type)
    {
    case GLINT_FIELD_FIXED:
      gtk_label_set_text (self->name_label, field->value ? field->value : "");
      gtk_widget_set_visible (GTK_WIDGET (self->name_label), field->value != NULL);
      break;
    case GLINT_FIELD_HIDDEN:
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      break;
    case GLINT_FIELD_PRIVATE:
      if (value)
        gtk_editable_set_text (GTK_EDITABLE (self->password_entry), value);
      label_input (self, GTK_WIDGET (self->password_entry), shown);
      break;
    case GLINT_FIELD_BOOLEAN:
      gtk_check_button_set_label (self->check, shown);
      gtk_check_button_set_active (self->check, g_strcmp0 (value, "1") == 0 || g_strcmp0 (value, "true") == 0);
      gtk_widget_set_visible (GTK_WIDGET (self->check), TRUE);
      break;
    case GLINT_FIELD_LIST:
      for (guint i = 0; field->option_labels && field->option_labels[i]; i++)
        {
          gtk_string_list_append (self->options, field->option_labels[i]);
          if (g_strcmp0 (field->option_values[i], value) == 0)
            gtk_drop_down_set_selected (self->dropdown, i);
        }
      label_input (self, GTK_WIDGET (self->dropdown), shown);
      break;
    case GLINT_FIELD_TEXT:
    default:
      if (value)
        gtk_editable_set_text (GTK_EDITABLE (self->entry), value);
      label_input (self, GTK_WIDGET (self->entry), shown);
      break;
    }
  return self;
}

const char *
glint_form_row_get_var (GlintFormRow *self)
{
  return self->var;
}

/* What the user filled in; NULL for a field with nothing to fill. */
char *
glint_form_row_get_value (GlintFormRow *self)
{
  guint selected;

  switch (self->type)
    {
    case GLINT_FIELD_TEXT:
      return g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));
    case GLINT_FIELD_PRIVATE:
      return g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password_entry)));
    case GLINT_FIELD_BOOLEAN:
      return g_strdup (gtk_check_button_get_active (self->check) ? "1" : "0");
    case GLINT_FIELD_LIST:
      selected = gtk_drop_down_get_selected (self->dropdown);
      if (self->option_values == NULL || selected >= g_strv_length (self->option_values))
        return NULL;
      return g_strdup (self->option_values[selected]);
    case GLINT_FIELD_FIXED:
    case GLINT_FIELD_HIDDEN:
    default:
      return NULL;
    }
}

/* The widget that takes the user's answer, for the focus; NULL if none. */
GtkWidget *
glint_form_row_get_input (GlintFormRow *self)
{
  switch (self->type)
    {
    case GLINT_FIELD_TEXT:
      return GTK_WIDGET (self->entry);
    case GLINT_FIELD_PRIVATE:
      return GTK_WIDGET (self->password_entry);
    case GLINT_FIELD_BOOLEAN:
      return GTK_WIDGET (self->check);
    case GLINT_FIELD_LIST:
      return GTK_WIDGET (self->dropdown);
    default:
      return NULL;
    }
}

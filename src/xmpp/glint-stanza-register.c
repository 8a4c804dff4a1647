/* glint-stanza-register.c: creating and removing an account on its server
 * (XEP-0077), with the server's form (XEP-0004) and CAPTCHA (XEP-0158,
 * its image carried by XEP-0231)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-stanza"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "glint-stanza-private.h"
#include "glint-text.h"

#define NS_DATA  "jabber:x:data"
#define NS_MEDIA "urn:xmpp:media-element"
#define NS_BOB   "urn:xmpp:bob"

static char *
clean_text (const char *text,
            gboolean    keep_newlines)
{
  return text ? glint_text_sanitize_nonempty (text, GLINT_FORM_MAX_TEXT_BYTES, keep_newlines) : NULL;
}

static char *
clean_child_text (xmpp_stanza_t *parent,
                  const char    *name,
                  gboolean       keep_newlines)
{
  xmpp_stanza_t *child = xmpp_stanza_get_child_by_name (parent, name);
  g_autofree char *text = child ? glint_stanza_text (child) : NULL;

  return clean_text (text, keep_newlines);
}

/* XEP-0077's own fields, in words. */
static char *
legacy_label (const char *name)
{
  static const struct { const char *name; const char *label; } labels[] = {
    { "username", N_("Username") }, { "password", N_("Password") }, { "email", N_("Email") },
    { "name", N_("Full name") }, { "first", N_("First name") }, { "last", N_("Last name") },
    { "nick", N_("Nickname") }, { "phone", N_("Phone") }, { "address", N_("Address") },
    { "city", N_("City") }, { "zip", N_("Postal code") }, { "url", N_("Web site") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (name, labels[i].name))
      return g_strdup (_(labels[i].label));
  return clean_text (name, FALSE);
}

/* The image a CAPTCHA field points at (cid: URI), from the data the
 * stanza carries; NULL when there is none, or when it is too large (then
 * @too_large is set). */
static GBytes *
find_image (xmpp_stanza_t *iq,
            xmpp_stanza_t *field,
            gboolean      *too_large)
{
  xmpp_stanza_t *media = xmpp_stanza_get_child_by_name_and_ns (field, "media", NS_MEDIA);
  g_autofree char *uri = NULL;

  if (media == NULL)
    return NULL;
  for (xmpp_stanza_t *u = xmpp_stanza_get_children (media); u && uri == NULL; u = xmpp_stanza_get_next (u))
    if (g_strcmp0 (xmpp_stanza_get_name (u), "uri") == 0)
      {
        g_autofree char *text = glint_stanza_text (u);

        if (text && g_str_has_prefix (g_strstrip (text), "cid:"))
          uri = g_strdup (text + strlen ("cid:"));
      }
  if (uri == NULL)
    return NULL;
  /* The data may sit beside the query or inside it. */
  for (xmpp_stanza_t *parent = iq; parent; parent = parent == iq ? xmpp_stanza_get_child_by_name (iq, "query") : NULL)
    for (xmpp_stanza_t *d = xmpp_stanza_get_children (parent); d; d = xmpp_stanza_get_next (d))
      if (g_strcmp0 (xmpp_stanza_get_name (d), "data") == 0 && g_strcmp0 (xmpp_stanza_get_ns (d), NS_BOB) == 0
          && g_strcmp0 (xmpp_stanza_get_attribute (d, "cid"), uri) == 0)
        {
          g_autofree char *b64 = glint_stanza_text (d);
          gsize length = 0;
          guchar *bytes;

          if (b64 == NULL)
            return NULL;
          /* Measured before decoding: a huge image is never held twice. */
          if (strlen (b64) / 4 * 3 > GLINT_FORM_MAX_IMAGE_BYTES)
            {
              *too_large = TRUE;
              return NULL;
            }
          bytes = g_base64_decode (b64, &length);
          return g_bytes_new_take (bytes, length);
        }
  return NULL;
}

static GlintFormField *
parse_data_field (xmpp_stanza_t *iq,
                  xmpp_stanza_t *x)
{
  const char *var = xmpp_stanza_get_attribute (x, "var");
  GlintFieldType type = glint_form_field_type_from_string (xmpp_stanza_get_attribute (x, "type"));
  GlintFormField *field;
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  guint options = 0;

  if ((var == NULL || *var == '\0') && type != GLINT_FIELD_FIXED)
    return NULL;
  field = glint_form_field_new (var, type);
  field->label = clean_text (xmpp_stanza_get_attribute (x, "label"), FALSE);
  field->desc = clean_child_text (x, "desc", TRUE);
  field->required = xmpp_stanza_get_child_by_name (x, "required") != NULL;
  /* A hidden value goes back byte for byte; what is shown is made safe. */
  if (type == GLINT_FIELD_HIDDEN)
    {
      xmpp_stanza_t *v = xmpp_stanza_get_child_by_name (x, "value");
      field->value = v ? glint_stanza_text (v) : NULL;
    }
  else
    field->value = clean_child_text (x, "value", type == GLINT_FIELD_FIXED);
  for (xmpp_stanza_t *o = xmpp_stanza_get_children (x); o; o = xmpp_stanza_get_next (o))
    if (g_strcmp0 (xmpp_stanza_get_name (o), "option") == 0 && options < GLINT_FORM_MAX_OPTIONS)
      {
        g_autofree char *value = clean_child_text (o, "value", FALSE);
        g_autofree char *label = clean_text (xmpp_stanza_get_attribute (o, "label"), FALSE);

        if (value == NULL)
          continue;
        g_strv_builder_add (values, value);
        g_strv_builder_add (labels, label ? label : value);
        options++;
      }
  field->option_labels = g_strv_builder_end (labels);
  field->option_values = g_strv_builder_end (values);
  field->image = find_image (iq, x, &field->image_too_large);
  return field;
}

/* The server's answer to "how do I register?" (XEP-0077 section 3.1):
 * its data form when it sends one, else its own fields. Everything shown
 * is plain text, cut to size, and at most GLINT_FORM_MAX_FIELDS fields
 * are kept. Sets @registered when the stream is registered already. */
GlintForm *
glint_stanza_parse_register_form (xmpp_stanza_t *iq,
                                  gboolean      *registered)
{
  xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns (iq, "query", GLINT_NS_REGISTER);
  xmpp_stanza_t *x = query ? xmpp_stanza_get_child_by_name_and_ns (query, "x", NS_DATA) : NULL;
  g_autoptr(GlintForm) form = NULL;

  *registered = FALSE;
  if (query == NULL)
    return NULL;
  form = glint_form_new ();
  *registered = xmpp_stanza_get_child_by_name (query, "registered") != NULL;
  form->instructions = clean_child_text (query, "instructions", TRUE);
  if (x != NULL)
    {
      form->data_form = TRUE;
      form->title = clean_child_text (x, "title", FALSE);
      if (xmpp_stanza_get_child_by_name (x, "instructions"))
        {
          g_free (form->instructions);
          form->instructions = clean_child_text (x, "instructions", TRUE);
        }
      for (xmpp_stanza_t *f = xmpp_stanza_get_children (x); f; f = xmpp_stanza_get_next (f))
        if (g_strcmp0 (xmpp_stanza_get_name (f), "field") == 0)
          {
            GlintFormField *field;

            /* Past the limit, only counted: not even parsed. */
            if (form->fields->len >= GLINT_FORM_MAX_FIELDS)
              {
                form->fields_dropped++;
                continue;
              }
            field = parse_data_field (iq, f);
            if (field)
              glint_form_add_field (form, field);
          }
      return g_steal_pointer (&form);
    }
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (query); c; c = xmpp_stanza_get_next (c))
    {
      const char *name = xmpp_stanza_get_name (c);
      GlintFormField *field;

      if (!xmpp_stanza_is_tag (c) || name == NULL || g_str_equal (name, "instructions")
          || g_str_equal (name, "registered") || g_str_equal (name, "remove") || g_str_equal (name, "x"))
        continue;
      if (form->fields->len >= GLINT_FORM_MAX_FIELDS)
        {
          form->fields_dropped++;
          continue;
        }
      field = glint_form_field_new (name, g_str_equal (name, "password") ? GLINT_FIELD_PRIVATE : GLINT_FIELD_TEXT);
      field->label = legacy_label (name);
      field->required = TRUE;
      field->value = clean_child_text (query, name, FALSE);
      glint_form_add_field (form, field);
    }
  return g_steal_pointer (&form);
}

xmpp_stanza_t *
glint_stanza_new_register_get (xmpp_ctx_t *ctx,
                               const char *id,
                               const char *domain)
{
  xmpp_stanza_t *iq = xmpp_iq_new (ctx, "get", id);

  xmpp_stanza_set_to (iq, domain);
  xmpp_stanza_add_child_ex (iq, glint_stanza_new_element (ctx, "query", GLINT_NS_REGISTER), 0);
  return iq;
}

/* The form as the user filled it: a data form is submitted with every
 * field that has a value (hidden ones as they came); XEP-0077's own
 * fields as elements. */
xmpp_stanza_t *
glint_stanza_new_register_submit (xmpp_ctx_t      *ctx,
                                  const char      *id,
                                  const char      *domain,
                                  const GlintForm *form)
{
  xmpp_stanza_t *iq = xmpp_iq_new (ctx, "set", id);
  xmpp_stanza_t *query = glint_stanza_new_element (ctx, "query", GLINT_NS_REGISTER);
  xmpp_stanza_t *x = NULL;

  xmpp_stanza_set_to (iq, domain);
  if (form->data_form)
    {
      x = glint_stanza_new_element (ctx, "x", NS_DATA);
      xmpp_stanza_set_attribute (x, "type", "submit");
    }
  for (guint i = 0; i < form->fields->len; i++)
    {
      GlintFormField *field = form->fields->pdata[i];

      if (field->var == NULL || field->value == NULL || field->type == GLINT_FIELD_FIXED)
        continue;
      if (x != NULL)
        {
          xmpp_stanza_t *f = glint_stanza_new_element (ctx, "field", NULL);

          xmpp_stanza_set_attribute (f, "var", field->var);
          glint_stanza_add_text_child (f, "value", field->value);
          xmpp_stanza_add_child_ex (x, f, 0);
        }
      else
        glint_stanza_add_text_child (query, field->var, field->value);
    }
  if (x != NULL)
    xmpp_stanza_add_child_ex (query, x, 0);
  xmpp_stanza_add_child_ex (iq, query, 0);
  return iq;
}

/* XEP-0077 section 3.2: the account goes from the server. */
xmpp_stanza_t *
glint_stanza_new_register_remove (xmpp_ctx_t *ctx,
                                  const char *id,
                                  const char *domain)
{
  xmpp_stanza_t *iq = xmpp_iq_new (ctx, "set", id);
  xmpp_stanza_t *query = glint_stanza_new_element (ctx, "query", GLINT_NS_REGISTER);

  xmpp_stanza_set_to (iq, domain);
  xmpp_stanza_add_child_ex (query, glint_stanza_new_element (ctx, "remove", NULL), 0);
  xmpp_stanza_add_child_ex (iq, query, 0);
  return iq;
}

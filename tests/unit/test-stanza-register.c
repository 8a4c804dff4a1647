/* Unit tests: a server's registration form (XEP-0077, XEP-0004, XEP-0158)
 * read into a GlintForm, hostile ones included, and the answer built */
#include <string.h>

#include "glint-stanza.h"

static xmpp_ctx_t *ctx;

static GlintForm *
parse (const char *xml,
       gboolean   *registered)
{
  xmpp_stanza_t *iq = xmpp_stanza_new_from_string (ctx, xml);
  GlintForm *form;

  g_assert_nonnull (iq);
  form = glint_stanza_parse_register_form (iq, registered);
  xmpp_stanza_release (iq);
  return form;
}

static char *
to_xml (xmpp_stanza_t *stanza)
{
  char *buf = NULL;
  size_t len = 0;
  char *copy;

  g_assert_cmpint (xmpp_stanza_to_text (stanza, &buf, &len), ==, XMPP_EOK);
  copy = g_strndup (buf, len);
  xmpp_free (ctx, buf);
  xmpp_stanza_release (stanza);
  return copy;
}

/* XEP-0077's own fields: each is required, the password is private, the
 * labels are words. */
static void
test_legacy (void)
{
  gboolean registered = TRUE;
  g_autoptr(GlintForm) form = parse ("<iq type='result' id='r1'><query xmlns='jabber:iq:register'>"
                                     "<instructions>Choose a name.</instructions>"
                                     "<username/><password/><email/></query></iq>", &registered);
  g_autofree char *xml = NULL;

  g_assert_nonnull (form);
  g_assert_false (registered);
  g_assert_false (form->data_form);
  g_assert_cmpstr (form->instructions, ==, "Choose a name.");
  g_assert_cmpuint (form->fields->len, ==, 3);
  g_assert_cmpint (glint_form_lookup (form, "password")->type, ==, GLINT_FIELD_PRIVATE);
  g_assert_cmpstr (glint_form_lookup (form, "username")->label, ==, "Username");
  g_assert_true (glint_form_lookup (form, "email")->required);

  glint_form_set_value (form, "username", "newbie");
  glint_form_set_value (form, "password", "s3cret");
  glint_form_set_value (form, "email", "a@b.example");
  xml = to_xml (glint_stanza_new_register_submit (ctx, "r2", "example.org", form));
  g_assert_nonnull (strstr (xml, "<username>newbie</username>"));
  g_assert_nonnull (strstr (xml, "<password>s3cret</password>"));
  g_assert_null (strstr (xml, "jabber:x:data"));
}

#define PNG_B64 "iVBORw0KGgo="   /* the PNG signature, enough for a test */

/* A data form with a CAPTCHA (XEP-0158): the image comes from the data the
 * stanza carries; hidden fields go back byte for byte; fixed ones never. */
static void
test_data_form_captcha (void)
{
  gboolean registered = TRUE;
  g_autoptr(GlintForm) form = parse (
    "<iq type='result' id='r1'><query xmlns='jabber:iq:register'>"
    "<x xmlns='jabber:x:data' type='form'><title>New account</title>"
    "<instructions>Fill in the form.</instructions>"
    "<field var='FORM_TYPE' type='hidden'><value>jabber:iq:register</value></field>"
    "<field type='fixed'><value>Read the letters.</value></field>"
    "<field var='username' type='text-single' label='User'><required/></field>"
    "<field var='password' type='text-private' label='Password'><required/></field>"
    "<field var='challenge' type='hidden'><value> a&amp;b </value></field>"
    "<field var='ocr' label='Enter the text you see'><required/>"
    "<media xmlns='urn:xmpp:media-element'><uri type='image/png'>cid:sha1+abc@bob.xmpp.org</uri></media>"
    "</field></x></query>"
    "<data xmlns='urn:xmpp:bob' cid='sha1+abc@bob.xmpp.org' type='image/png'>" PNG_B64 "</data></iq>",
    &registered);
  GlintFormField *ocr;
  g_autofree char *xml = NULL;
  gsize length = 0;

  g_assert_nonnull (form);
  g_assert_true (form->data_form);
  g_assert_cmpstr (form->title, ==, "New account");
  g_assert_cmpuint (form->fields->len, ==, 6);
  ocr = glint_form_lookup (form, "ocr");
  g_assert_nonnull (ocr->image);
  g_assert_cmpmem (g_bytes_get_data (ocr->image, &length), length, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpstr (glint_form_get_value (form, "challenge"), ==, " a&b ");
  /* What the user may not change stays as the server sent it. */
  g_assert_false (glint_form_set_value (form, "challenge", "forged"));

  glint_form_set_value (form, "username", "newbie");
  glint_form_set_value (form, "password", "pw");
  glint_form_set_value (form, "ocr", "x7k2");
  xml = to_xml (glint_stanza_new_register_submit (ctx, "r2", "example.org", form));
  g_assert_nonnull (strstr (xml, "type=\"submit\""));
  g_assert_nonnull (strstr (xml, "<field var=\"challenge\"><value> a&amp;b </value></field>"));
  g_assert_nonnull (strstr (xml, "<field var=\"FORM_TYPE\"><value>jabber:iq:register</value></field>"));
  g_assert_nonnull (strstr (xml, "<field var=\"ocr\"><value>x7k2</value></field>"));
  g_assert_null (strstr (xml, "Read the letters"));
}

/* A hostile form: markup and bidi overrides in its words stay plain,
 * neutral text; 10,000 fields are cut to what Glint shows, and counted;
 * an image of a megabyte is not decoded. The controls: the first fields
 * and an ordinary label come through. */
static void
test_hostile (void)
{
  g_autoptr(GString) xml = g_string_new ("<iq type='result' id='r1'><query xmlns='jabber:iq:register'>"
                                         "<x xmlns='jabber:x:data' type='form'>"
                                         "<instructions>&lt;b&gt;Bold&lt;/b&gt; \xe2\x80\xae" "evil</instructions>"
                                         "<field var='big' label='Big'><media xmlns='urn:xmpp:media-element'>"
                                         "<uri type='image/png'>cid:big@bob.xmpp.org</uri></media></field>");
  g_autoptr(GlintForm) form = NULL;
  gboolean registered;
  GlintFormField *big;

  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (xml, "<field var='f%u' label='&lt;i&gt;field %u&lt;/i&gt;'/>", i, i);
  g_string_append (xml, "</x></query><data xmlns='urn:xmpp:bob' cid='big@bob.xmpp.org' type='image/png'>");
  for (guint i = 0; i < (1 << 20) / 3; i++)
    g_string_append (xml, "AAAA");
  g_string_append (xml, "</data></iq>");
  form = parse (xml->str, &registered);

  g_assert_nonnull (form);
  g_assert_cmpuint (form->fields->len, ==, GLINT_FORM_MAX_FIELDS);
  g_assert_cmpuint (form->fields_dropped, ==, 10001 - GLINT_FORM_MAX_FIELDS);
  g_assert_nonnull (strstr (form->instructions, "<b>Bold</b>"));
  g_assert_null (strstr (form->instructions, "\xe2\x80\xae"));
  g_assert_cmpstr (glint_form_lookup (form, "f0")->label, ==, "<i>field 0</i>");
  big = glint_form_lookup (form, "big");
  g_assert_cmpstr (big->label, ==, "Big");
  g_assert_null (big->image);
  g_assert_true (big->image_too_large);
}

/* The stream is registered already; and a removal. */
static void
test_registered_and_remove (void)
{
  gboolean registered = FALSE;
  g_autoptr(GlintForm) form = parse ("<iq type='result' id='r1'><query xmlns='jabber:iq:register'>"
                                     "<registered/><username>alice</username><password/></query></iq>",
                                     &registered);
  g_autofree char *xml = to_xml (glint_stanza_new_register_remove (ctx, "r3", "example.org"));

  g_assert_true (registered);
  g_assert_cmpstr (glint_form_get_value (form, "username"), ==, "alice");
  g_assert_nonnull (strstr (xml, "<query xmlns=\"jabber:iq:register\"><remove/></query>"));
  g_assert_nonnull (strstr (xml, "type=\"set\""));
}

int
main (int argc, char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  xmpp_initialize ();
  ctx = xmpp_ctx_new (NULL, NULL);
  g_test_add_func ("/stanza-register/legacy", test_legacy);
  g_test_add_func ("/stanza-register/data-form-captcha", test_data_form_captcha);
  g_test_add_func ("/stanza-register/hostile", test_hostile);
  g_test_add_func ("/stanza-register/registered-and-remove", test_registered_and_remove);
  status = g_test_run ();
  xmpp_ctx_free (ctx);
  xmpp_shutdown ();
  return status;
}

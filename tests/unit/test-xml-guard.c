/* Unit test: the guard on XML_Parse (src/xmpp/glint-xml-guard.c) refuses a
 * DTD, a comment or a processing instruction on a guarded thread, before
 * an entity is expanded; on any other thread XML_Parse is expat's own. */
#include <expat.h>
#include <string.h>

#include "glint-xml-guard.h"

typedef struct
{
  GString *text;
} Seen;

static void XMLCALL
on_text (void *data, const XML_Char *s, int len)
{
  g_string_append_len (((Seen *) data)->text, s, len);
}

/* Parses @xml in one go; returns whether expat took it, and in @text what
 * reached the element's text. */
static gboolean
parse (const char  *xml,
       char       **text)
{
  XML_Parser parser = XML_ParserCreate (NULL);
  Seen seen = { g_string_new (NULL) };
  gboolean ok;

  XML_SetUserData (parser, &seen);
  XML_SetCharacterDataHandler (parser, on_text);
  ok = XML_Parse (parser, xml, strlen (xml), 1) == XML_STATUS_OK;
  XML_ParserFree (parser);
  *text = g_string_free (seen.text, FALSE);
  return ok;
}

static gpointer
guarded (gpointer data)
{
  const char *xml = data;
  g_autofree char *text = NULL;
  gboolean ok;

  glint_xml_guard_enable ();
  ok = parse (xml, &text);
  g_assert_true (glint_xml_guard_take_refusal () == !ok);
  return GINT_TO_POINTER (ok && strstr (text, "expanded") == NULL ? 1 : ok ? 2 : 0);
}

static void
test_guard (void)
{
  const char *forbidden[] = {
    "<!DOCTYPE x [<!ENTITY e 'expanded'>]><x>&e;</x>",
    "<x>a<!-- a comment -->b</x>",
    "<x>a<?pi data?>b</x>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (forbidden); i++)
    {
      g_autofree char *text = NULL;
      GThread *thread;

      /* The control: this thread is not guarded, and expat reads it all. */
      g_assert_true (parse (forbidden[i], &text));
      g_assert_true (i != 0 || g_str_equal (text, "expanded"));
      /* Guarded: refused, nothing expanded. */
      thread = g_thread_new ("guarded", guarded, (gpointer) forbidden[i]);
      g_assert_cmpint (GPOINTER_TO_INT (g_thread_join (thread)), ==, 0);
    }
  /* Plain XML goes through a guarded thread. */
  g_assert_cmpint (GPOINTER_TO_INT (g_thread_join (g_thread_new ("guarded", guarded, "<x>plain &amp; fine</x>"))),
                   ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/xml-guard/refuses-on-guarded-threads", test_guard);
  return g_test_run ();
}

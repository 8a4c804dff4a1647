/* glint-xml-guard.c
 *
 * RFC 6120 §11.1 forbids document type declarations, comments and
 * processing instructions in a stream. libstrophe 0.12.2 creates its own
 * expat parser and sets only element and text handlers, so expat reads a
 * server's DOCTYPE and expands its internal entities into the stanzas
 * libstrophe hands us: `<body>&x;</body>` would arrive as the entity's
 * text. libstrophe has no hook on its parser, so Glint defines XML_Parse
 * itself: the dynamic linker resolves libstrophe's call to this one, which
 * sets handlers for the forbidden constructs on the parser and then calls
 * expat's own. A forbidden construct stops the parser at once, before
 * anything after it is read; libstrophe takes that as a parse error and
 * closes the stream.
 *
 * Only the worker's thread, where libstrophe parses streams, is guarded
 * (glint_xml_guard_enable): another library's XML_Parse on another thread
 * goes straight to expat.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-xml-guard"
#define _GNU_SOURCE

#include "glint-xml-guard.h"

#include <dlfcn.h>
#include <expat.h>

typedef enum XML_Status (*ParseFunc) (XML_Parser parser, const char *s, int len, int is_final);

/* The parser being fed on this thread, for handlers that get only
 * libstrophe's user data; and whether a parse was refused. */
static GPrivate current_parser;
static GPrivate refused;
static GPrivate enabled;

static void
refuse (void)
{
  XML_Parser parser = g_private_get (&current_parser);

  g_private_set (&refused, GINT_TO_POINTER (TRUE));
  if (parser != NULL)
    XML_StopParser (parser, XML_FALSE);
}

static void XMLCALL
on_doctype (void           *data,
            const XML_Char *name,
            const XML_Char *sysid,
            const XML_Char *pubid,
            int             has_internal_subset)
{
  refuse ();
}

static void XMLCALL
on_comment (void           *data,
            const XML_Char *text)
{
  refuse ();
}

static void XMLCALL
on_instruction (void           *data,
                const XML_Char *target,
                const XML_Char *text)
{
  refuse ();
}

static ParseFunc
expat_parse (void)
{
  static gsize parse;

  if (g_once_init_enter (&parse))
    {
      gpointer next = dlsym (RTLD_NEXT, "XML_Parse");

      g_assert (next != NULL);
      g_once_init_leave (&parse, (gsize) next);
    }
  return (ParseFunc) parse;
}

enum XML_Status
XML_Parse (XML_Parser  parser,
           const char *s,
           int         len,
           int         is_final)
{
  enum XML_Status status;

  if (!GPOINTER_TO_INT (g_private_get (&enabled)))
    return expat_parse () (parser, s, len, is_final);
  /* Set on every call: libstrophe's XML_ParserReset clears them. */
  XML_SetStartDoctypeDeclHandler (parser, on_doctype);
  XML_SetCommentHandler (parser, on_comment);
  XML_SetProcessingInstructionHandler (parser, on_instruction);
  g_private_set (&current_parser, parser);
  status = expat_parse () (parser, s, len, is_final);
  g_private_set (&current_parser, NULL);
  return status;
}

/* Guards the calling thread's XML_Parse from now on. */
void
glint_xml_guard_enable (void)
{
  g_private_set (&enabled, GINT_TO_POINTER (TRUE));
}

/* Whether the last parse on this thread was stopped for a forbidden
 * construct; clears it. */
gboolean
glint_xml_guard_take_refusal (void)
{
  gboolean was = GPOINTER_TO_INT (g_private_get (&refused));

  g_private_set (&refused, GINT_TO_POINTER (FALSE));
  return was;
}

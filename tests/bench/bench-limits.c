/* bench-limits: what the worst stanza within Glint's stream limits costs
 * libstrophe to parse, next to a real roster of the same size.
 *
 * Usage: bench-limits */
#include "glint-xmpp-memory.h"

static double
parse_ms (const char  *xml,
          gsize        node_limit,
          const char **over)
{
  GlintXmppMemory memory;
  xmpp_ctx_t *ctx;
  xmpp_stanza_t *stanza;
  gint64 t0, t1;

  glint_xmpp_memory_init (&memory);
  ctx = xmpp_ctx_new (&memory.mem, NULL);
  glint_xmpp_memory_learn_node_size (&memory, ctx);
  t0 = g_get_monotonic_time ();
  stanza = xmpp_stanza_new_from_string (ctx, xml);
  t1 = g_get_monotonic_time ();
  *over = glint_xmpp_memory_over_limit (&memory, node_limit);
  xmpp_stanza_release (stanza);
  xmpp_ctx_free (ctx);
  return (t1 - t0) / 1e3;
}

static void
report (const char *name,
        gsize       node_limit,
        GString    *xml)
{
  const char *over = NULL;
  double best = G_MAXDOUBLE;

  for (guint i = 0; i < 3; i++)
    best = MIN (best, parse_ms (xml->str, node_limit, &over));
  g_print ("%s_ms %.1f (%zu bytes, %s)\n", name, best, xml->len, over ? over : "within the limits");
  g_string_free (xml, TRUE);
}

int
main (void)
{
  GString *xml;

  xmpp_initialize ();

  /* The widest element allowed: one child short of the node limit. */
  xml = g_string_new ("<message>");
  for (guint i = 0; i < GLINT_XMPP_NODE_LIMIT - 2; i++)
    g_string_append (xml, "<a/>");
  g_string_append (xml, "</message>");
  report ("parse_widest_allowed", GLINT_XMPP_NODE_LIMIT, xml);

  /* The widest while the server owes the roster. */
  xml = g_string_new ("<iq>");
  for (guint i = 0; i < GLINT_XMPP_NODE_LIMIT_ROSTER - 2; i++)
    g_string_append (xml, "<a/>");
  g_string_append (xml, "</iq>");
  report ("parse_widest_allowed_while_roster_owed", GLINT_XMPP_NODE_LIMIT_ROSTER, xml);

  /* Eight times as many children as allowed: what the byte limit alone let
   * through (and far less than it would have). */
  xml = g_string_new ("<message>");
  for (guint i = 0; i < 8 * GLINT_XMPP_NODE_LIMIT; i++)
    g_string_append (xml, "<a/>");
  g_string_append (xml, "</message>");
  report ("parse_8x_wider", GLINT_XMPP_NODE_LIMIT, xml);

  /* The most attributes one tag can carry within the tag limit. */
  xml = g_string_new ("<message ");
  for (guint i = 0; xml->len < GLINT_XMPP_TAG_LIMIT - 16; i++)
    g_string_append_printf (xml, "a%u='' ", i);
  g_string_append (xml, "/>");
  report ("parse_most_attributes_allowed", GLINT_XMPP_NODE_LIMIT, xml);

  /* A text in 200,000 pieces (each entity is one): cut at the growth limit. */
  xml = g_string_new ("<message><body>");
  for (guint i = 0; i < 200000; i++)
    g_string_append (xml, "&amp;");
  g_string_append (xml, "</body></message>");
  report ("parse_text_in_200000_pieces", GLINT_XMPP_NODE_LIMIT, xml);

  /* A roster of 10,000 contacts with a group each. */
  xml = g_string_new ("<iq type='result' id='r'><query xmlns='jabber:iq:roster'>");
  for (guint i = 0; i < 10000; i++)
    g_string_append_printf (xml, "<item jid='contact%u@example.org' name='Contact %u' subscription='both'>"
                                 "<group>Team %u</group></item>", i, i, i % 40);
  g_string_append (xml, "</query></iq>");
  report ("parse_roster_10000", GLINT_XMPP_NODE_LIMIT_ROSTER, xml);
  return 0;
}

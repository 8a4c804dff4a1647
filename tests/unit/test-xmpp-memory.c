/* Unit tests: what one stream may make libstrophe hold */
#include <string.h>

#include "glint-xmpp-memory.h"

/* What parsing @xml leaves libstrophe holding, with @memory as its
 * allocator: NULL within the limits, else the limit passed. */
static const char *
limit_passed_by (const char *xml,
                 gsize       node_limit)
{
  GlintXmppMemory memory;
  xmpp_ctx_t *ctx;
  xmpp_stanza_t *stanza;
  const char *over;
  gsize idle;

  glint_xmpp_memory_init (&memory);
  ctx = xmpp_ctx_new (&memory.mem, NULL);
  glint_xmpp_memory_learn_node_size (&memory, ctx);
  idle = memory.blocks;
  stanza = xmpp_stanza_new_from_string (ctx, xml);
  g_assert_nonnull (stanza);
  over = glint_xmpp_memory_over_limit (&memory, node_limit);
  xmpp_stanza_release (stanza);
  /* Everything the stanza held is given back. */
  g_assert_cmpuint (memory.blocks, ==, idle);
  g_assert_cmpuint (memory.nodes, ==, 0);
  xmpp_ctx_free (ctx);
  g_assert_cmpuint (memory.in_use, ==, 0);
  return over;
}

static char *
roster (guint contacts)
{
  GString *xml = g_string_new ("<iq type='result' id='r'><query xmlns='jabber:iq:roster'>");

  for (guint i = 0; i < contacts; i++)
    g_string_append_printf (xml, "<item jid='contact%u@example.org' name='Contact %u' subscription='both'>"
                                 "<group>Team %u</group></item>", i, i, i % 40);
  g_string_append (xml, "</query></iq>");
  return g_string_free (xml, FALSE);
}

/* Found by fuzzing: 16,000 children of one element cost libstrophe most of
 * a second (it walks the siblings for each), and the byte limit would have
 * allowed minutes. Elements and texts held are limited; a roster of 10,000
 * contacts with a group each is within the limit that holds while the
 * server owes the roster, and one of 11,000 is not. */
static void
test_node_limit (void)
{
  g_autofree char *roster_2k = roster (2000);
  g_autofree char *roster_3k = roster (3000);
  g_autofree char *roster_10k = roster (10000);
  g_autofree char *roster_11k = roster (11000);
  GString *flat = g_string_new ("<message>");
  GString *within = NULL;

  for (guint i = 0; i <= GLINT_XMPP_NODE_LIMIT; i++)
    g_string_append (flat, "<a/>");
  g_string_append (flat, "</message>");
  within = g_string_new_len (flat->str, flat->len - strlen ("<a/><a/><a/></message>"));
  g_string_append (within, "</message>");

  g_assert_cmpstr (limit_passed_by (flat->str, GLINT_XMPP_NODE_LIMIT), ==, "elements and texts held");
  g_assert_null (limit_passed_by (within->str, GLINT_XMPP_NODE_LIMIT));
  g_assert_null (limit_passed_by (roster_2k, GLINT_XMPP_NODE_LIMIT));
  g_assert_cmpstr (limit_passed_by (roster_3k, GLINT_XMPP_NODE_LIMIT), ==, "elements and texts held");
  g_assert_null (limit_passed_by (roster_10k, GLINT_XMPP_NODE_LIMIT_ROSTER));
  g_assert_cmpstr (limit_passed_by (roster_11k, GLINT_XMPP_NODE_LIMIT_ROSTER), ==, "elements and texts held");
  g_string_free (flat, TRUE);
  g_string_free (within, TRUE);
}

/* Small elements with many attributes each stay under the node limit but
 * cost an allocation per name, value and hash entry. */
static void
test_block_limit (void)
{
  GString *xml = g_string_new ("<message>");
  GString *fewer = g_string_new ("<message>");

  for (guint i = 0; i < 8000; i++)
    {
      g_string_append (xml, "<a b='' c='' d='' e='' f='' g='' h='' i='' j='' k='' l='' m='' n='' o='' p='' q='' r='' s='' t='' u='' v='' w='' x='' y=''/>");
      if (i < 4000)
        g_string_append (fewer, "<a b='' c='' d='' e='' f='' g='' h='' i='' j='' k='' l='' m='' n='' o='' p='' q='' r='' s='' t='' u='' v='' w='' x='' y=''/>");
    }
  g_string_append (xml, "</message>");
  g_string_append (fewer, "</message>");
  g_assert_cmpstr (limit_passed_by (xml->str, G_MAXSIZE), ==, "allocations held");
  g_assert_null (limit_passed_by (fewer->str, GLINT_XMPP_NODE_LIMIT));
  g_string_free (xml, TRUE);
  g_string_free (fewer, TRUE);
}

static void
test_byte_limit (void)
{
  g_autofree char *text = g_strnfill (GLINT_XMPP_MEMORY_LIMIT + 1, 'x');
  g_autofree char *xml = g_strconcat ("<message><body>", text, "</body></message>", NULL);

  g_assert_cmpstr (limit_passed_by (xml, GLINT_XMPP_NODE_LIMIT), ==, "bytes held");
  text[GLINT_XMPP_MEMORY_LIMIT / 4] = '\0';
  g_free (xml);
  xml = g_strconcat ("<message><body>", text, "</body></message>", NULL);
  g_assert_null (limit_passed_by (xml, GLINT_XMPP_NODE_LIMIT));
}

/* Found by hostile servers: a text in many small pieces (entities, a
 * DOCTYPE's expansion) costs libstrophe the square of its length, as it
 * appends each piece by scanning the text so far. Past the growth limit the
 * text is refused (and the stream cut), so the cost stays bounded. */
static void
test_growth_limit (void)
{
  GString *pieces = g_string_new ("<message><body>");
  GString *fewer = g_string_new ("<message><body>");
  g_autofree char *plain = g_strnfill (4 * 1024 * 1024, 'x');
  g_autofree char *whole = g_strconcat ("<message><body>", plain, "</body></message>", NULL);

  for (guint i = 0; i < 200000; i++)
    {
      g_string_append (pieces, "&amp;");
      if (i < 20000)
        g_string_append (fewer, "&amp;");
    }
  g_string_append (pieces, "</body></message>");
  g_string_append (fewer, "</body></message>");
  g_assert_cmpstr (limit_passed_by (pieces->str, GLINT_XMPP_NODE_LIMIT), ==, "growth of one text");
  /* Controls: 20,000 entities (more than a server relays from a contact),
   * and 4 MiB of text in one piece, are within it. */
  g_assert_null (limit_passed_by (fewer->str, GLINT_XMPP_NODE_LIMIT));
  g_assert_null (limit_passed_by (whole, GLINT_XMPP_NODE_LIMIT));
  g_string_free (pieces, TRUE);
  g_string_free (fewer, TRUE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  xmpp_initialize ();
  g_test_add_func ("/xmpp-memory/node-limit", test_node_limit);
  g_test_add_func ("/xmpp-memory/block-limit", test_block_limit);
  g_test_add_func ("/xmpp-memory/byte-limit", test_byte_limit);
  g_test_add_func ("/xmpp-memory/growth-limit", test_growth_limit);
  return g_test_run ();
}

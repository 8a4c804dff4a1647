/* Unit tests: stanza parsing from XML fixtures, and stanza building */
#include <string.h>

#include "glint-stanza.h"

typedef struct
{
  xmpp_ctx_t *ctx;
  GPtrArray  *events;
  gboolean    handled;
} Fixture;

static const GlintStanzaContext stanza_ctx = {
  .account = "alice@example.org",
  .stanza_ids_trusted = TRUE,
  .now_ms = 1800000000000,
};

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->ctx = xmpp_ctx_new (NULL, NULL);
  f->events = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_event_free);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_ptr_array_unref (f->events);
  xmpp_ctx_free (f->ctx);
}

static void
parse_fixture (Fixture    *f,
               const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "fixtures", "stanzas", name, NULL);
  g_autofree char *xml = NULL;
  xmpp_stanza_t *stanza;

  g_assert_true (g_file_get_contents (path, &xml, NULL, NULL));
  g_strchomp (xml);
  stanza = xmpp_stanza_new_from_string (f->ctx, xml);
  g_assert_nonnull (stanza);
  f->handled = glint_stanza_parse (&stanza_ctx, stanza, f->events);
  xmpp_stanza_release (stanza);
}

static GlintEvent *
event_at (Fixture *f,
          guint    i)
{
  g_assert_cmpuint (i, <, f->events->len);
  return f->events->pdata[i];
}

static void
test_message_chat (Fixture *f, gconstpointer data)
{
  GlintMessage *msg;

  parse_fixture (f, "message-chat.xml");
  g_assert_true (f->handled);
  g_assert_cmpuint (f->events->len, ==, 2);
  g_assert_cmpint (event_at (f, 0)->type, ==, GLINT_EVENT_CHAT_STATE);
  g_assert_cmpstr (event_at (f, 0)->show, ==, "active");
  g_assert_cmpint (event_at (f, 1)->type, ==, GLINT_EVENT_MESSAGE);
  msg = event_at (f, 1)->message;
  g_assert_cmpstr (msg->peer, ==, "bob@example.org");
  g_assert_cmpstr (msg->sender, ==, "bob@example.org/phone");
  g_assert_cmpstr (msg->body, ==, "Hi Alice, lunch?");
  g_assert_cmpstr (msg->origin_id, ==, "origin-1");
  /* Only the stanza-id our own archive stamped is trusted. */
  g_assert_cmpstr (msg->stanza_id, ==, "archive-1");
  g_assert_cmpstr (msg->stanza_id_by, ==, "alice@example.org");
  g_assert_cmpint (msg->time_ms, ==, G_GINT64_CONSTANT (1700000000250));
  g_assert_cmpint (msg->direction, ==, GLINT_DIRECTION_IN);
}

static void
test_untrusted_stanza_id (Fixture *f, gconstpointer data)
{
  GlintStanzaContext untrusted = stanza_ctx;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "fixtures", "stanzas", "message-chat.xml", NULL);
  g_autofree char *xml = NULL;
  xmpp_stanza_t *stanza;

  untrusted.stanza_ids_trusted = FALSE;
  g_assert_true (g_file_get_contents (path, &xml, NULL, NULL));
  stanza = xmpp_stanza_new_from_string (f->ctx, g_strchomp (xml));
  g_assert_true (glint_stanza_parse (&untrusted, stanza, f->events));
  xmpp_stanza_release (stanza);
  g_assert_null (event_at (f, 1)->message->stanza_id);
}

/* A contact's forged stanza-id beside the server's: two for our archive,
 * so neither is trusted (the message itself is kept). */
static void
test_forged_stanza_id (Fixture *f, gconstpointer data)
{
  parse_fixture (f, "message-forged-stanza-id.xml");
  g_assert_true (f->handled);
  g_assert_cmpstr (event_at (f, 0)->message->body, ==, "trust me");
  g_assert_null (event_at (f, 0)->message->stanza_id);
  /* Control: one stanza-id from our archive is trusted. */
  parse_fixture (f, "message-chat.xml");
  g_assert_cmpstr (event_at (f, 2)->message->stanza_id, ==, "archive-1");
}

static void
test_markup_is_text (Fixture *f, gconstpointer data)
{
  parse_fixture (f, "message-markup.xml");
  g_assert_cmpuint (f->events->len, ==, 1);
  g_assert_cmpstr (event_at (f, 0)->message->body, ==, "<b>bold</b> & <i>x</i>");
}

static void
test_bidi_override_removed (Fixture *f, gconstpointer data)
{
  parse_fixture (f, "message-bidi.xml");
  g_assert_cmpstr (event_at (f, 0)->message->body, ==, "abcdef\nline two");
}

static void
test_composing (Fixture *f, gconstpointer data)
{
  parse_fixture (f, "message-composing.xml");
  g_assert_cmpuint (f->events->len, ==, 1);
  g_assert_cmpint (event_at (f, 0)->type, ==, GLINT_EVENT_CHAT_STATE);
  g_assert_cmpstr (event_at (f, 0)->show, ==, "composing");
}

/* XEP-0224: a headline asking for attention is an attention event (the
 * full address kept); with a body it is both; one that waited offline, or
 * a headline without it, is none (the body-with-attention case is the
 * control that the parser reads the element at all). */
static void
test_attention (Fixture *f, gconstpointer data)
{
  parse_fixture (f, "attention-headline.xml");
  g_assert_true (f->handled);
  g_assert_cmpuint (f->events->len, ==, 1);
  g_assert_cmpint (event_at (f, 0)->type, ==, GLINT_EVENT_ATTENTION);
  g_assert_cmpstr (event_at (f, 0)->jid, ==, "bob@example.org/phone");
  g_ptr_array_set_size (f->events, 0);

  parse_fixture (f, "attention-with-body.xml");
  g_assert_cmpuint (f->events->len, ==, 2);
  g_assert_cmpint (event_at (f, 0)->type, ==, GLINT_EVENT_ATTENTION);
  g_assert_cmpint (event_at (f, 1)->type, ==, GLINT_EVENT_MESSAGE);
  g_assert_cmpstr (event_at (f, 1)->message->body, ==, "Are you there?");
  g_ptr_array_set_size (f->events, 0);

  parse_fixture (f, "attention-delayed.xml");
  g_assert_false (f->handled);
  g_assert_cmpuint (f->events->len, ==, 0);

  parse_fixture (f, "headline-plain.xml");
  g_assert_false (f->handled);
  g_assert_cmpuint (f->events->len, ==, 0);
}

/* XEP-0184: a receipt names the message it confirms and who sent it; a
 * request is flagged on the message; a receipt inside a copy of what
 * another of our devices received is not the peer's word to us and is
 * dropped (the plain receipt is the control). */
static void
test_receipts (Fixture *f, gconstpointer data)
{
  parse_fixture (f, "message-receipt.xml");
  g_assert_cmpuint (f->events->len, ==, 1);
  g_assert_cmpint (event_at (f, 0)->type, ==, GLINT_EVENT_RECEIPT);
  g_assert_cmpstr (event_at (f, 0)->jid, ==, "bob@example.org/phone");
  g_assert_cmpstr (event_at (f, 0)->xmpp_id, ==, "origin-7");
  g_ptr_array_set_size (f->events, 0);

  parse_fixture (f, "message-receipt-request.xml");
  g_assert_cmpuint (f->events->len, ==, 1);
  g_assert_true (event_at (f, 0)->receipt_requested);
  g_assert_cmpstr (event_at (f, 0)->message->xmpp_id, ==, "m-5");
  g_ptr_array_set_size (f->events, 0);

  parse_fixture (f, "message-chat.xml");
  for (guint i = 0; i < f->events->len; i++)
    g_assert_false (event_at (f, i)->receipt_requested);
  g_ptr_array_set_size (f->events, 0);

  parse_fixture (f, "carbon-receipt.xml");
  g_assert_cmpuint (f->events->len, ==, 0);
}

/* XEP-0333: the peer's marker names our message and its sender; a copy
 * of one our phone sent says the user read bob's chat; a markable message
 * says so (a plain one does not). */
static void
test_markers (Fixture *f, gconstpointer data)
{
  parse_fixture (f, "message-displayed.xml");
  g_assert_cmpuint (f->events->len, ==, 1);
  g_assert_cmpint (event_at (f, 0)->type, ==, GLINT_EVENT_DISPLAYED);
  g_assert_false (event_at (f, 0)->ours);
  g_assert_cmpstr (event_at (f, 0)->jid, ==, "bob@example.org/phone");
  g_assert_cmpstr (event_at (f, 0)->xmpp_id, ==, "origin-7");
  g_ptr_array_set_size (f->events, 0);

  parse_fixture (f, "carbon-sent-displayed.xml");
  g_assert_cmpuint (f->events->len, ==, 1);
  g_assert_true (event_at (f, 0)->ours);
  g_assert_cmpstr (event_at (f, 0)->jid, ==, "bob@example.org");
  g_ptr_array_set_size (f->events, 0);

  parse_fixture (f, "message-markable.xml");
  g_assert_true (event_at (f, 0)->message->markable);
  g_ptr_array_set_size (f->events, 0);
  parse_fixture (f, "message-correction.xml");
  g_assert_false (event_at (f, 0)->message->markable);
}

/* XEP-0319: a presence says since when the user has been idle, in UTC. */
static void
test_idle (Fixture *f, gconstpointer data)
{
  xmpp_stanza_t *presence = glint_stanza_new_presence (f->ctx, "away", NULL, 0);
  char *xml = NULL;
  size_t len = 0;

  glint_stanza_add_idle (presence, 1000 * 1000);
  g_assert_cmpint (xmpp_stanza_to_text (presence, &xml, &len), ==, XMPP_EOK);
  g_assert_nonnull (strstr (xml, "<idle xmlns=\"urn:xmpp:idle:1\" since=\"1970-01-01T00:16:40Z\"/>"));
  xmpp_free (f->ctx, xml);
  xmpp_stanza_release (presence);
}

/* XEP-0308: a correction names the message it replaces (the control: a
 * plain message names none). */
static void
test_correction (Fixture *f, gconstpointer data)
{
  parse_fixture (f, "message-correction.xml");
  g_assert_cmpuint (f->events->len, ==, 1);
  g_assert_cmpstr (event_at (f, 0)->message->replaces_id, ==, "m-5");
  g_assert_cmpstr (event_at (f, 0)->message->body, ==, "hello, corrected");
  g_ptr_array_set_size (f->events, 0);
  parse_fixture (f, "message-chat.xml");
  for (guint i = 0; i < f->events->len; i++)
    if (event_at (f, i)->type == GLINT_EVENT_MESSAGE)
      g_assert_null (event_at (f, i)->message->replaces_id);
}

static void
test_message_error (Fixture *f, gconstpointer data)
{
  parse_fixture (f, "message-error.xml");
  g_assert_cmpint (event_at (f, 0)->type, ==, GLINT_EVENT_MESSAGE_ERROR);
  g_assert_cmpstr (event_at (f, 0)->xmpp_id, ==, "origin-9");
  g_assert_cmpstr (event_at (f, 0)->text, ==, "item-not-found");
}

static void
test_carbon_spoofed (Fixture *f, gconstpointer data)
{
  parse_fixture (f, "carbon-spoofed.xml");
  g_assert_false (f->handled);
  g_assert_cmpuint (f->events->len, ==, 0);
}

static void
test_carbon_own (Fixture *f, gconstpointer data)
{
  GlintMessage *msg;

  parse_fixture (f, "carbon-own.xml");
  g_assert_true (f->handled);
  msg = event_at (f, 0)->message;
  g_assert_cmpint (msg->direction, ==, GLINT_DIRECTION_OUT);
  g_assert_cmpstr (msg->peer, ==, "bob@example.org");
  g_assert_cmpstr (msg->origin_id, ==, "origin-c");
}

static void
test_roster_push (Fixture *f, gconstpointer data)
{
  GlintEvent *bob, *carol, *dave;

  parse_fixture (f, "roster-push.xml");
  g_assert_true (f->handled);
  /* The item with an invalid JID is dropped. */
  g_assert_cmpuint (f->events->len, ==, 3);
  bob = event_at (f, 0);
  g_assert_cmpstr (bob->jid, ==, "bob@example.org");
  g_assert_cmpstr (bob->name, ==, "Bob <b>B</b>");
  g_assert_cmpstr (bob->subscription, ==, "both");
  g_assert_cmpuint (g_strv_length (bob->groups), ==, 2);
  g_assert_cmpstr (bob->groups[1], ==, "Work");
  carol = event_at (f, 1);
  g_assert_true (carol->removed);
  dave = event_at (f, 2);
  g_assert_cmpstr (dave->subscription, ==, "none");
  g_assert_true (dave->ask);
}

static void
test_roster_push_spoofed (Fixture *f, gconstpointer data)
{
  parse_fixture (f, "roster-push-spoofed.xml");
  g_assert_false (f->handled);
  g_assert_cmpuint (f->events->len, ==, 0);
}

/* Found by fuzzing: another session of the same account (a full JID of
 * ours) could push roster items and forge carbons. Only no from, or the
 * bare JID, speaks for the account. */
static void
test_own_resource_is_not_the_account (Fixture *f, gconstpointer data)
{
  parse_fixture (f, "roster-push-own-resource.xml");
  g_assert_false (f->handled);
  parse_fixture (f, "carbon-own-resource.xml");
  g_assert_false (f->handled);
  g_assert_cmpuint (f->events->len, ==, 0);

  /* Controls: the bare JID (in any case) and no from at all get through. */
  parse_fixture (f, "roster-push-own-bare.xml");
  g_assert_true (f->handled);
  g_assert_cmpstr (event_at (f, 0)->jid, ==, "erin@example.org");
  parse_fixture (f, "carbon-own.xml");
  g_assert_true (f->handled);
  parse_fixture (f, "roster-push.xml");
  g_assert_true (f->handled);
}

/* Found by fuzzing: a body of DEL characters or a lone U+202E was stored
 * and shown as an empty message. */
static void
test_stripped_body_is_no_message (Fixture *f, gconstpointer data)
{
  parse_fixture (f, "message-stripped-body.xml");
  g_assert_false (f->handled);
  parse_fixture (f, "message-bidi-only-body.xml");
  g_assert_false (f->handled);
  g_assert_cmpuint (f->events->len, ==, 0);
  /* Control: a body with text around the same characters is a message. */
  parse_fixture (f, "message-bidi.xml");
  g_assert_true (f->handled);
  g_assert_cmpstr (event_at (f, 0)->message->body, ==, "abcdef\nline two");
}

/* An address that reads backwards, or a domain that is no address, is no
 * contact: its presence is dropped. */
static void
test_hostile_addresses_dropped (Fixture *f, gconstpointer data)
{
  parse_fixture (f, "presence-bidi-jid.xml");
  g_assert_false (f->handled);
  parse_fixture (f, "presence-bracket-domain.xml");
  g_assert_false (f->handled);
  g_assert_cmpuint (f->events->len, ==, 0);
  parse_fixture (f, "presence-away.xml");
  g_assert_true (f->handled);
}

static void
test_presence (Fixture *f, gconstpointer data)
{
  parse_fixture (f, "presence-away.xml");
  g_assert_cmpint (event_at (f, 0)->type, ==, GLINT_EVENT_PRESENCE);
  g_assert_true (event_at (f, 0)->available);
  g_assert_cmpstr (event_at (f, 0)->show, ==, "away");
  g_assert_cmpstr (event_at (f, 0)->text, ==, "at lunch");
  g_assert_cmpint (event_at (f, 0)->priority, ==, 5);

  parse_fixture (f, "presence-unavailable.xml");
  g_assert_false (event_at (f, 1)->available);
  g_assert_cmpstr (event_at (f, 1)->text, ==, "gone home");

  parse_fixture (f, "presence-subscribe.xml");
  g_assert_cmpint (event_at (f, 2)->type, ==, GLINT_EVENT_SUBSCRIPTION);
  g_assert_cmpstr (event_at (f, 2)->subscription, ==, "subscribe");
  g_assert_cmpstr (event_at (f, 2)->jid, ==, "carol@example.org");
}

static void
test_build_message (Fixture *f, gconstpointer data)
{
  xmpp_stanza_t *msg = glint_stanza_new_message (f->ctx, "bob@example.org", "<b>hi</b> & bye", "oid-1");
  char *xml = NULL;
  size_t len = 0;
  xmpp_stanza_t *reparsed;
  char *body;

  g_assert_cmpint (xmpp_stanza_to_text (msg, &xml, &len), ==, XMPP_EOK);
  g_assert_nonnull (strstr (xml, "&lt;b&gt;hi&lt;/b&gt; &amp; bye"));
  reparsed = xmpp_stanza_new_from_string (f->ctx, xml);
  body = xmpp_message_get_body (reparsed);
  g_assert_cmpstr (body, ==, "<b>hi</b> & bye");
  g_assert_cmpstr (xmpp_stanza_get_attribute (xmpp_stanza_get_child_by_name_and_ns (reparsed, "origin-id", GLINT_NS_SID), "id"), ==, "oid-1");
  xmpp_free (f->ctx, body);
  xmpp_free (f->ctx, xml);
  xmpp_stanza_release (reparsed);
  xmpp_stanza_release (msg);
}

/* Entity capabilities (XEP-0115): the verification strings below were
 * computed apart (Python's hashlib over the same identity and features);
 * the version feature is there only when the account shares its version. */
static void
test_caps (Fixture *f, gconstpointer data)
{
  g_autofree char *ver = glint_stanza_caps_ver (0);
  g_autofree char *shared = glint_stanza_caps_ver (GLINT_SHARE_VERSION);
  g_autofree char *all = glint_stanza_caps_ver (GLINT_SHARE_VERSION | GLINT_SHARE_IDLE);
  xmpp_stanza_t *presence = glint_stanza_new_presence (f->ctx, "away", "out", 0);
  xmpp_stanza_t *caps = xmpp_stanza_get_child_by_name_and_ns (presence, "c", GLINT_NS_CAPS);
  xmpp_stanza_t *request = xmpp_stanza_new_from_string (f->ctx,
    "<iq type='get' id='d1' from='bob@example.org/x'><query xmlns='http://jabber.org/protocol/disco#info' "
    "node='" GLINT_CAPS_NODE "#2yOYBIDgWQF2/d01wcpEp5smrcc='/></iq>");
  xmpp_stanza_t *reply = glint_stanza_new_disco_reply (f->ctx, request, 0);
  xmpp_stanza_t *query = xmpp_stanza_get_child_by_name (reply, "query");
  char *xml = NULL;
  size_t len = 0;

  g_assert_cmpstr (ver, ==, "2yOYBIDgWQF2/d01wcpEp5smrcc=");
  g_assert_cmpstr (shared, ==, "bViadGL2p/O/uCtkVAjK7Mq4s0U=");
  /* Sharing the idle time too adds jabber:iq:last. */
  g_assert_cmpstr (all, ==, "kj8SO90yXkwK3hAlR0Y95mYUszQ=");
  g_assert_cmpstr (xmpp_stanza_get_attribute (caps, "ver"), ==, ver);
  g_assert_cmpstr (xmpp_stanza_get_attribute (caps, "hash"), ==, "sha-1");
  g_assert_cmpstr (xmpp_stanza_get_attribute (query, "node"), ==, GLINT_CAPS_NODE "#2yOYBIDgWQF2/d01wcpEp5smrcc=");
  g_assert_cmpint (xmpp_stanza_to_text (reply, &xml, &len), ==, XMPP_EOK);
  g_assert_null (strstr (xml, GLINT_NS_VERSION));
  g_assert_null (strstr (xml, GLINT_NS_LAST));
  g_assert_nonnull (strstr (xml, GLINT_NS_PING));
  xmpp_free (f->ctx, xml);
  xmpp_stanza_release (reply);
  xmpp_stanza_release (request);
  xmpp_stanza_release (presence);
}

static void
test_hostile_fragments (Fixture *f, gconstpointer data)
{
  /* Malformed input must not parse into anything, nor crash. */
  const char *bad[] = {
    "<message><body>unclosed",
    "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><message><body>&a;</body></message>",
    "<message from='bob@example.org/x' type='chat'><body>\xff\xfe</body></message>",
    "",
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      xmpp_stanza_t *stanza = xmpp_stanza_new_from_string (f->ctx, bad[i]);
      if (stanza)
        {
          glint_stanza_parse (&stanza_ctx, stanza, f->events);
          xmpp_stanza_release (stanza);
        }
    }
  for (guint i = 0; i < f->events->len; i++)
    if (event_at (f, i)->message)
      g_assert_true (g_utf8_validate (event_at (f, i)->message->body, -1, NULL));
}

/* An archive result (XEP-0313) as the server would send it, from @from,
 * for @query_id, forwarding a message from @inner_from to @inner_to. */
static gboolean
parse_archive (Fixture    *f,
               GHashTable *queries,
               const char *from,
               const char *query_id,
               const char *inner_from,
               const char *inner_to,
               const char *payload)
{
  g_autofree char *from_attr = from ? g_strdup_printf (" from='%s'", from) : g_strdup ("");
  g_autofree char *xml = g_strdup_printf (
    "<message%s to='alice@example.org/glint'>"
    "<result xmlns='urn:xmpp:mam:2' queryid='%s' id='arch-7'>"
    "<forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' stamp='2026-01-02T03:04:05.678Z'/>"
    "<message from='%s' to='%s' type='chat' id='m-7'>%s</message>"
    "</forwarded></result></message>", from_attr, query_id, inner_from, inner_to, payload);
  xmpp_stanza_t *stanza = xmpp_stanza_new_from_string (f->ctx, xml);
  gboolean handled;

  g_assert_nonnull (stanza);
  handled = glint_stanza_parse_archive_result (&stanza_ctx, stanza, queries, f->events);
  xmpp_stanza_release (stanza);
  return handled;
}

/* Results of our own archive for our query get through, as archived
 * messages with the archive's id and time; a result from anyone else, for
 * a query we never sent, or of a message not ours, does not. */
static void
test_archive_result (Fixture *f, gconstpointer data)
{
  g_autoptr(GHashTable) queries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GlintMessage *msg;

  g_hash_table_add (queries, g_strdup ("q1"));

  /* The genuine ones: from our bare JID, or with no from at all. */
  g_assert_true (parse_archive (f, queries, "alice@example.org", "q1", "bob@example.org/desk",
                                "alice@example.org", "<body>hello</body>"));
  msg = event_at (f, 0)->message;
  g_assert_true (msg->archived);
  g_assert_cmpint (msg->direction, ==, GLINT_DIRECTION_IN);
  g_assert_cmpint (msg->state, ==, GLINT_MESSAGE_INCOMING);
  g_assert_cmpstr (msg->peer, ==, "bob@example.org");
  g_assert_cmpstr (msg->stanza_id, ==, "arch-7");
  g_assert_cmpstr (msg->stanza_id_by, ==, "alice@example.org");
  g_assert_cmpint (msg->time_ms, ==, G_GINT64_CONSTANT (1767323045678));
  g_assert_false (event_at (f, 0)->receipt_requested);
  g_assert_true (parse_archive (f, queries, NULL, "q1", "alice@example.org/phone",
                                "bob@example.org", "<body>from my phone</body>"));
  msg = event_at (f, 1)->message;
  g_assert_cmpint (msg->direction, ==, GLINT_DIRECTION_OUT);
  g_assert_cmpint (msg->state, ==, GLINT_MESSAGE_SENT);
  g_assert_cmpstr (msg->peer, ==, "bob@example.org");
  g_assert_cmpuint (f->events->len, ==, 2);

  /* Forged: from a contact, from another resource of ours, for a query
   * nobody sent, a message between others. */
  g_assert_false (parse_archive (f, queries, "bob@example.org", "q1", "bob@example.org/desk",
                                 "alice@example.org", "<body>forged</body>"));
  g_assert_false (parse_archive (f, queries, "alice@example.org/phone", "q1", "bob@example.org/desk",
                                 "alice@example.org", "<body>forged</body>"));
  g_assert_false (parse_archive (f, queries, "alice@example.org", "q2", "bob@example.org/desk",
                                 "alice@example.org", "<body>forged</body>"));
  g_assert_false (parse_archive (f, queries, "alice@example.org", "q1", "bob@example.org/desk",
                                 "carol@example.org", "<body>not ours</body>"));
  /* Old news: a chat state or an attention request alone gives nothing. */
  g_assert_false (parse_archive (f, queries, "alice@example.org", "q1", "bob@example.org/desk",
                                 "alice@example.org",
                                 "<composing xmlns='http://jabber.org/protocol/chatstates'/>"
                                 "<attention xmlns='urn:xmpp:attention:0'/>"));
  g_assert_cmpuint (f->events->len, ==, 2);
}

static GlintEvent *
parse_fin (Fixture    *f,
           const char *xml)
{
  xmpp_stanza_t *reply = xml ? xmpp_stanza_new_from_string (f->ctx, xml) : NULL;
  GlintEvent *event = glint_stanza_parse_archive_fin (&stanza_ctx, "q1", reply, reply != NULL
                                                      && g_strcmp0 (xmpp_stanza_get_type (reply), "result") == 0);

  if (reply)
    xmpp_stanza_release (reply);
  g_ptr_array_add (f->events, event);
  return event;
}

/* The end of a page: its bounds, whether it is the last, or why not. */
static void
test_archive_fin (Fixture *f, gconstpointer data)
{
  GlintEvent *event;

  event = parse_fin (f, "<iq type='result' id='q1'><fin xmlns='urn:xmpp:mam:2'>"
                        "<set xmlns='http://jabber.org/protocol/rsm'><first>a1</first><last>a9</last></set>"
                        "</fin></iq>");
  g_assert_cmpint (event->type, ==, GLINT_EVENT_ARCHIVE_PAGE);
  g_assert_cmpstr (event->xmpp_id, ==, "q1");
  g_assert_cmpstr (event->archive_first, ==, "a1");
  g_assert_cmpstr (event->archive_last, ==, "a9");
  g_assert_false (event->archive_complete);
  g_assert_null (event->text);

  event = parse_fin (f, "<iq type='result' id='q1'><fin xmlns='urn:xmpp:mam:2' complete='true'>"
                        "<set xmlns='http://jabber.org/protocol/rsm'><first>b1</first><last>b2</last></set>"
                        "</fin></iq>");
  g_assert_true (event->archive_complete);

  /* An empty page has nowhere further to go. */
  event = parse_fin (f, "<iq type='result' id='q1'><fin xmlns='urn:xmpp:mam:2'>"
                        "<set xmlns='http://jabber.org/protocol/rsm'/></fin></iq>");
  g_assert_true (event->archive_complete);
  g_assert_null (event->archive_last);

  event = parse_fin (f, "<iq type='error' id='q1'><error type='cancel'>"
                        "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
  g_assert_cmpstr (event->text, ==, "item-not-found");
  event = parse_fin (f, NULL);
  g_assert_cmpstr (event->text, ==, "no-answer");
}

/* A query asks our archive for one page, after or before an id. */
static void
test_archive_query (Fixture *f, gconstpointer data)
{
  xmpp_stanza_t *iq = glint_stanza_new_archive_query (f->ctx, "q1", "bob@example.org", "a9", NULL, 250);
  xmpp_stanza_t *newest = glint_stanza_new_archive_query (f->ctx, "q2", NULL, NULL, "", 50);
  char *xml = NULL;
  size_t len;

  g_assert_cmpint (xmpp_stanza_to_text (iq, &xml, &len), ==, XMPP_EOK);
  g_assert_nonnull (strstr (xml, "queryid=\"q1\""));
  g_assert_nonnull (strstr (xml, "<value>urn:xmpp:mam:2</value>"));
  g_assert_nonnull (strstr (xml, "<field var=\"with\"><value>bob@example.org</value></field>"));
  g_assert_nonnull (strstr (xml, "<max>250</max><after>a9</after>"));
  g_assert_null (strstr (xml, "<before"));
  xmpp_free (f->ctx, xml);
  g_assert_cmpint (xmpp_stanza_to_text (newest, &xml, &len), ==, XMPP_EOK);
  g_assert_nonnull (strstr (xml, "<max>50</max><before/>"));
  g_assert_null (strstr (xml, "\"with\""));
  xmpp_free (f->ctx, xml);
  xmpp_stanza_release (iq);
  xmpp_stanza_release (newest);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  xmpp_initialize ();
#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/stanza/attention", test_attention);
  ADD ("/stanza/receipts", test_receipts);
  ADD ("/stanza/correction", test_correction);
  ADD ("/stanza/markers", test_markers);
  ADD ("/stanza/idle", test_idle);
  ADD ("/stanza/message-chat", test_message_chat);
  ADD ("/stanza/untrusted-stanza-id", test_untrusted_stanza_id);
  ADD ("/stanza/markup-is-text", test_markup_is_text);
  ADD ("/stanza/forged-stanza-id", test_forged_stanza_id);
  ADD ("/stanza/bidi-override-removed", test_bidi_override_removed);
  ADD ("/stanza/composing", test_composing);
  ADD ("/stanza/message-error", test_message_error);
  ADD ("/stanza/carbon-spoofed", test_carbon_spoofed);
  ADD ("/stanza/carbon-own", test_carbon_own);
  ADD ("/stanza/roster-push", test_roster_push);
  ADD ("/stanza/roster-push-spoofed", test_roster_push_spoofed);
  ADD ("/stanza/presence", test_presence);
  ADD ("/stanza/own-resource-is-not-the-account", test_own_resource_is_not_the_account);
  ADD ("/stanza/stripped-body-is-no-message", test_stripped_body_is_no_message);
  ADD ("/stanza/hostile-addresses-dropped", test_hostile_addresses_dropped);
  ADD ("/stanza/build-message", test_build_message);
  ADD ("/stanza/hostile-fragments", test_hostile_fragments);
  ADD ("/stanza/caps", test_caps);
  ADD ("/stanza/archive-result", test_archive_result);
  ADD ("/stanza/archive-fin", test_archive_fin);
  ADD ("/stanza/archive-query", test_archive_query);
#undef ADD
  return g_test_run ();
}

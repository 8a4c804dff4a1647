/* Integration tests: a hostile contact sends spoofed, oversized and
 * malformed stanzas through a real Prosody. Glint must ignore what is not
 * for it, stay connected, and keep showing the truth. */
#include <string.h>

#include "glint-session.h"
#include "glint-test-peer.h"
#include "glint-text.h"

typedef struct
{
  GPtrArray *bodies;
} Seen;

static void
on_message_added (GlintSession *session, GlintMessage *msg, Seen *seen)
{
  g_ptr_array_add (seen->bodies, g_strdup (msg->body));
}

typedef struct
{
  Seen       *seen;
  const char *body;
} BodyWait;

static gboolean
has_body (gpointer data)
{
  BodyWait *w = data;
  for (guint i = 0; i < w->seen->bodies->len; i++)
    if (g_strcmp0 (w->seen->bodies->pdata[i], w->body) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
roster_loaded (gpointer data)
{
  return glint_session_get_roster_loaded (data);
}

static void
send_raw (GlintTestPeer *peer, const char *xml)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;
  g_autoptr(JsonObject) ack = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cmd");
  json_builder_add_string_value (b, "raw");
  json_builder_set_member_name (b, "xml");
  json_builder_add_string_value (b, xml);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  line = json_generator_to_data (gen, NULL);
  glint_test_peer_command (peer, line);
  ack = glint_test_peer_expect (peer, "ok", "cmd", "raw");
}

static void
test_hostile_contact (void)
{
  g_autofree char *dir = g_dir_make_tmp ("glint-hostile-XXXXXX", NULL);
  g_autofree char *db = g_build_filename (dir, "history.db", NULL);
  const char *domain = glint_test_env ("GLINT_TEST_DOMAIN");
  g_autofree char *alice = g_strdup_printf ("alice@%s", domain);
  g_autofree char *alice_full = NULL;
  g_autofree char *bob = g_strdup_printf ("bob@%s", domain);
  g_autoptr(GlintStore) store = glint_store_new (db, NULL);
  g_autoptr(GlintClient) client = glint_test_client_new (store, NULL);
  g_autoptr(GlintAccount) account = glint_test_account ("alice", "GLINT_TEST_DOMAIN");
  GlintSession *session = glint_client_add_account (client, account);
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  Seen seen = { g_ptr_array_new_with_free_func (g_free) };
  g_autofree char *xml = NULL;
  g_autofree char *big = NULL;
  g_autofree char *nested = NULL;
  GString *deep;
  guint roster_size;
  BodyWait w = { &seen, NULL };
  g_autoptr(GPtrArray) page = NULL;

  alice_full = g_strdup_printf ("%s/%s", alice, account->resource);
  g_signal_connect (session, "message-added", G_CALLBACK (on_message_added), &seen);
  glint_session_login (session, account, "alice-pw");
  g_assert_true (glint_test_wait_state (session, GLINT_CONNECTION_CONNECTED, 20));
  g_assert_true (glint_test_wait (roster_loaded, session, 10));
  roster_size = g_list_model_get_n_items (glint_session_get_roster (session));

  /* A roster push from a contact, not from our account. */
  xml = g_strdup_printf ("<iq type='set' id='evil-push' to='%s'><query xmlns='jabber:iq:roster'>"
                         "<item jid='mallory@evil.example' name='Your Bank' subscription='both'/></query></iq>",
                         alice_full);
  send_raw (peer, xml);
  g_free (xml);

  /* A carbon copy "from Carol" forged by Bob. */
  xml = g_strdup_printf ("<message to='%s'><received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
                         "<message xmlns='jabber:client' from='carol@%s/x' to='%s' type='chat'>"
                         "<body>forged carbon</body></message></forwarded></received></message>",
                         alice_full, domain, alice);
  send_raw (peer, xml);
  g_free (xml);

  /* An IQ reply to a request Glint never made. */
  xml = g_strdup_printf ("<iq type='result' id='never-asked' to='%s'><query xmlns='jabber:iq:roster'>"
                         "<item jid='mallory@evil.example' subscription='both'/></query></iq>", alice_full);
  send_raw (peer, xml);
  g_free (xml);

  /* A body far over Glint's limit, and a deeply nested payload. */
  big = g_strnfill (GLINT_MAX_BODY_BYTES * 2, 'A');
  xml = g_strdup_printf ("<message to='%s' type='chat'><body>%s</body></message>", alice_full, big);
  send_raw (peer, xml);
  g_free (xml);
  deep = g_string_new (NULL);
  for (int i = 0; i < 2000; i++)
    g_string_append (deep, "<x>");
  for (int i = 0; i < 2000; i++)
    g_string_append (deep, "</x>");
  nested = g_string_free (deep, FALSE);
  xml = g_strdup_printf ("<message to='%s' type='chat'><body>nested</body><junk xmlns='urn:example'>%s</junk></message>",
                         alice_full, nested);
  send_raw (peer, xml);
  g_free (xml);

  /* Markup and bidi overrides in a body are text. */
  xml = g_strdup_printf ("<message to='%s' type='chat'><body>&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;x&lt;/i&gt; \xe2\x80\xae" "evil</body></message>",
                         alice_full);
  send_raw (peer, xml);
  g_free (xml);

  /* And then an ordinary message still arrives: nothing is stuck. */
  xml = g_strdup_printf ("<message to='%s' type='chat'><body>still here</body></message>", alice_full);
  send_raw (peer, xml);

  w.body = "still here";
  g_assert_true (glint_test_wait (has_body, &w, 15));
  g_assert_cmpint (glint_session_get_state (session), ==, GLINT_CONNECTION_CONNECTED);

  w.body = "<b>bold</b> & <i>x</i> evil";
  g_assert_true (has_body (&w));
  w.body = "forged carbon";
  g_assert_false (has_body (&w));
  g_assert_null (glint_session_lookup_contact (session, "mallory@evil.example"));
  g_assert_cmpuint (g_list_model_get_n_items (glint_session_get_roster (session)), ==, roster_size);

  /* The oversized body was cut to the documented limit, not dropped. */
  page = glint_store_page_before (store, alice, bob, G_MAXINT64, G_MAXINT64, 100, NULL);
  {
    gboolean found_big = FALSE;
    for (guint i = 0; i < page->len; i++)
      {
        GlintMessage *msg = page->pdata[i];
        if (msg->body[0] == 'A')
          {
            g_assert_cmpuint (strlen (msg->body), <=, GLINT_MAX_BODY_BYTES + 4);
            found_big = TRUE;
          }
        g_assert_cmpstr (msg->body, !=, "forged carbon");
      }
    g_assert_true (found_big);
  }

  /* Words from libstrophe's own error messages, in a message: they must not
   * be taken for a cause, or Glint would stop reconnecting. */
  g_free (xml);
  xml = g_strdup_printf ("<message to='%s' type='chat'><body>TLS is not supported, but set as mandatory; "
                         "SASL auth failed; Cannot authenticate</body></message>", alice_full);
  send_raw (peer, xml);
  w.body = "TLS is not supported, but set as mandatory; SASL auth failed; Cannot authenticate";
  g_assert_true (glint_test_wait (has_body, &w, 15));
  glint_test_peer_stop (peer);
  glint_test_run_ctl ("stop-server");
  g_assert_true (glint_test_wait_state (session, GLINT_CONNECTION_WAITING, 30));
  glint_test_run_ctl ("start-server");
  g_assert_true (glint_test_wait_state (session, GLINT_CONNECTION_CONNECTED, 90));

  glint_session_logout (session);
  g_ptr_array_unref (seen.bodies);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hostile/contact", test_hostile_contact);
  return g_test_run ();
}

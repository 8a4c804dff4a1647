/* Integration tests of staying in sync with the user's other devices and
 * the server: carbons, receipts, corrections, markers, retry, the archive.
 * Against a real Prosody (and ejabberd), with slixmpp peers as the other
 * people and the user's phone. Run through tests/harness/xmpp-env.py. */
#include "config.h"

#include <string.h>

#include "glint-jid.h"
#include "glint-session.h"
#include "glint-test-session.h"

typedef struct
{
  Fixture       *f;
  GlintTestPeer *phone;
  const char    *to;
  guint          tries;
  gint64         sent_us;
} CarbonWait;

/* The phone writes until Glint sees a copy: the server copies only once
 * Glint's request to enable carbons has reached it. */
static gboolean
phone_copy_seen (gpointer data)
{
  CarbonWait *w = data;
  g_autofree char *body = NULL;
  g_autofree char *cmd = NULL;

  for (guint i = 0; i < w->tries; i++)
    {
      g_autofree char *was = g_strdup_printf ("from the phone %u", i);

      if (added_with_body (w->f, was))
        return TRUE;
    }
  /* A new try every half second, not at every wake-up. */
  if (g_get_monotonic_time () - w->sent_us < G_USEC_PER_SEC / 2)
    return FALSE;
  w->sent_us = g_get_monotonic_time ();
  body = g_strdup_printf ("from the phone %u", w->tries++);
  cmd = g_strdup_printf ("{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"%s\"}", w->to, body);
  glint_test_peer_command (w->phone, cmd);
  return FALSE;
}

/* Carbons (XEP-0280): what the user's phone (another resource of the same
 * account) sends appears in Glint as outgoing, in the chat with its
 * recipient; what the phone receives appears as incoming. A copy forged by
 * a contact is dropped, while the genuine ones above got through. */
static void
test_carbons (Fixture *f, gconstpointer data)
{
  g_autofree char *alice = jid_of ("alice");
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *phone_jid = NULL;
  g_autofree char *glint_jid = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *forged = NULL;
  GlintTestPeer *phone = glint_test_peer_start (alice, "alice-pw", NULL);
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  CarbonWait cw = { f, phone, bob, 0, 0 };
  guint waker;
  BodyWait to_phone = { f, "for the phone" };
  BodyWait after = { f, "after the forgery" };
  const GlintMessage *copy;

  login (f, "alice");
  waker = g_timeout_add (100, keep_waking, NULL);
  g_assert_true (glint_test_wait (phone_copy_seen, &cw, 30));
  g_source_remove (waker);
  copy = f->added->pdata[f->added->len - 1];
  g_assert_cmpint (copy->direction, ==, GLINT_DIRECTION_OUT);
  g_assert_cmpstr (copy->peer, ==, bob);
  g_assert_true (g_str_has_prefix (copy->body, "from the phone "));
  g_assert_cmpint (count_in_store (f, bob, copy->body), ==, 1);

  /* bob writes to the phone alone: Glint gets the copy, as incoming. */
  phone_jid = g_strdup_printf ("%s/peer", alice);
  cmd = g_strdup_printf ("{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"%s\"}", phone_jid, to_phone.body);
  glint_test_peer_command (peer, cmd);
  g_assert_true (glint_test_wait (has_incoming, &to_phone, 15));
  g_assert_cmpstr (added_with_body (f, to_phone.body)->peer, ==, bob);

  /* bob forges a copy of a message alice "sent" to mallory. */
  glint_jid = g_strdup_printf ("%s/%s", alice, glint_session_get_account (f->session)->resource);
  forged = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<message to='%s' type='chat'>"
                            "<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
                            "<message from='%s' to='mallory@%s' type='chat'><body>forged copy</body></message>"
                            "</forwarded></sent></message>\"}",
                            glint_jid, alice, glint_test_env ("GLINT_TEST_DOMAIN"));
  glint_test_peer_command (peer, forged);
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"%s\"}", glint_jid, after.body);
  glint_test_peer_command (peer, cmd);
  g_assert_true (glint_test_wait (has_incoming, &after, 15));
  g_assert_null (added_with_body (f, "forged copy"));

  glint_test_peer_stop (peer);
  glint_test_peer_stop (phone);
}

/* Receipts (XEP-0184), with grace as "bob" (her subscription must not
 * meet the tests of bob's): Glint asks for them; the peer's receipt marks that
 * message delivered, and a receipt forged by someone else for another
 * message marks nothing. Glint answers a request only from a contact who
 * may see its presence: not before bob is one, and then it does. */
static void
test_receipts (Fixture *f, gconstpointer data)
{
  g_autofree char *alice = jid_of ("alice");
  g_autofree char *bob = jid_of ("grace");
  g_autofree char *carol = jid_of ("carol");
  g_autofree char *glint_jid = NULL;
  g_autofree char *cmd = NULL;
  GlintTestPeer *peer = glint_test_peer_start (bob, "grace-pw", NULL);
  GlintTestPeer *forger = glint_test_peer_start (carol, "carol-pw", NULL);
  g_autoptr(GlintMessage) first = NULL;
  g_autoptr(GlintMessage) second = NULL;
  g_autoptr(JsonObject) got_first = NULL;
  g_autoptr(JsonObject) got_second = NULL;
  g_autoptr(JsonObject) checkpoint = NULL;
  g_autoptr(JsonObject) not_yet = NULL;
  g_autoptr(JsonObject) receipt = NULL;
  g_autoptr(GlintMessage) mark = NULL;
  StateOfBody delivered = { f, NULL, "the second", GLINT_MESSAGE_DELIVERED };
  BodyWait carol_after = { f, "carol, after her forgery" };
  BodyWait asked = { f, "a receipt, please" };
  gpointer req[2] = { f, bob };

  login (f, "alice");
  delivered.peer = bob;
  glint_jid = g_strdup_printf ("%s/%s", alice, glint_session_get_account (f->session)->resource);
  first = glint_session_send_message (f->session, bob, "the first", NULL);
  second = glint_session_send_message (f->session, bob, "the second", NULL);
  got_first = glint_test_peer_expect (peer, "message", "body", "the first");
  got_second = glint_test_peer_expect (peer, "message", "body", "the second");
  g_assert_true (json_object_get_boolean_member (got_first, "receipt_requested"));

  /* carol claims the first arrived; bob says the second did. */
  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<message to='%s' type='chat'>"
                         "<received xmlns='urn:xmpp:receipts' id='%s'/></message>\"}",
                         glint_jid, json_object_get_string_member (got_first, "id"));
  glint_test_peer_command (forger, cmd);
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"%s\"}", glint_jid, carol_after.body);
  glint_test_peer_command (forger, cmd);
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<message to='%s' type='chat'>"
                         "<received xmlns='urn:xmpp:receipts' id='%s'/></message>\"}",
                         glint_jid, json_object_get_string_member (got_second, "id"));
  glint_test_peer_command (peer, cmd);
  g_assert_true (glint_test_wait (body_in_state, &delivered, 15));
  g_assert_true (glint_test_wait (has_incoming, &carol_after, 15));
  g_assert_cmpint (state_of (f, bob, "the first"), !=, GLINT_MESSAGE_DELIVERED);

  /* bob is no contact yet: his request gets no receipt. Glint's next
   * message to him comes after any receipt it would have sent. */
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<message to='%s' type='chat' id='ask-1'>"
                         "<body>%s</body><request xmlns='urn:xmpp:receipts'/></message>\"}", glint_jid, asked.body);
  glint_test_peer_command (peer, cmd);
  g_assert_true (glint_test_wait (has_incoming, &asked, 15));
  mark = glint_session_send_message (f->session, bob, "a checkpoint", NULL);
  checkpoint = glint_test_peer_expect (peer, "message", "body", "a checkpoint");
  not_yet = glint_test_peer_wait_for (peer, "message", "receipt", "ask-1", 0);
  g_assert_null (not_yet);

  /* bob may now see alice's presence: his next request is answered. */
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"subscribe\",\"to\":\"%s\"}", alice);
  glint_test_peer_command (peer, cmd);
  g_assert_true (glint_test_wait (has_request, req, 15));
  glint_session_answer_subscription (f->session, bob, TRUE);
  g_assert_true (glint_test_wait (may_see_us, req, 15));
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<message to='%s' type='chat' id='ask-2'>"
                         "<body>again, please</body><request xmlns='urn:xmpp:receipts'/></message>\"}",
                         glint_jid);
  glint_test_peer_command (peer, cmd);
  receipt = glint_test_peer_expect (peer, "message", "receipt", "ask-2");

  /* The accounts are shared by the tests that follow: no subscription is
   * left behind. */
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"unsubscribe\",\"to\":\"%s\"}", alice);
  glint_test_peer_command (peer, cmd);
  glint_session_remove_contact (f->session, bob);
  g_assert_true (glint_test_wait (is_gone, req, 15));
  glint_test_peer_stop (forger);
  glint_test_peer_stop (peer);
}

typedef struct
{
  Fixture    *f;
  gint64      id;
  const char *body;
} CorrectionWait;

static void
on_corrected (GlintSession *session, gint64 id, const char *body, CorrectionWait *w)
{
  w->id = id;
  w->body = g_intern_string (body);
}

static gboolean
corrected (gpointer data)
{
  return ((CorrectionWait *) data)->id > 0;
}

/* Corrections (XEP-0308): bob's correction of his message rewrites it in
 * place, keeping the first text; carol's "correction" of bob's message is
 * her own message, and bob's stays as he left it. */
static void
test_corrections (Fixture *f, gconstpointer data)
{
  g_autofree char *alice = jid_of ("alice");
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *carol = jid_of ("carol");
  g_autofree char *glint_jid = NULL;
  g_autofree char *cmd = NULL;
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  GlintTestPeer *other = glint_test_peer_start (carol, "carol-pw", NULL);
  BodyWait typo = { f, "see you at the walrs" };
  BodyWait carols = { f, "carol rewrites bob" };
  CorrectionWait cw = { f, 0, NULL };
  g_autoptr(GPtrArray) page = NULL;
  GlintMessage *row;

  login (f, "alice");
  g_signal_connect (f->session, "message-corrected", G_CALLBACK (on_corrected), &cw);
  glint_jid = g_strdup_printf ("%s/%s", alice, glint_session_get_account (f->session)->resource);
  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<message to='%s' type='chat' id='typo-1'><body>%s</body></message>\"}",
                         glint_jid, typo.body);
  glint_test_peer_command (peer, cmd);
  g_assert_true (glint_test_wait (has_incoming, &typo, 15));

  /* carol first: her "correction" is a message of hers. */
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<message to='%s' type='chat' id='c-1'><body>%s</body>"
                         "<replace xmlns='urn:xmpp:message-correct:0' id='typo-1'/></message>\"}", glint_jid, carols.body);
  glint_test_peer_command (other, cmd);
  g_assert_true (glint_test_wait (has_incoming, &carols, 15));
  g_assert_cmpint (cw.id, ==, 0);
  g_assert_cmpint (count_in_store (f, bob, typo.body), ==, 1);

  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<message to='%s' type='chat' id='typo-2'><body>see you at the walrus</body>"
                         "<replace xmlns='urn:xmpp:message-correct:0' id='typo-1'/></message>\"}", glint_jid);
  glint_test_peer_command (peer, cmd);
  g_assert_true (glint_test_wait (corrected, &cw, 15));
  g_assert_cmpstr (cw.body, ==, "see you at the walrus");
  /* The newest row (the correction is no message of its own); the
   * archive may have brought older ones. */
  page = glint_store_page_before (f->store, alice, bob, G_MAXINT64, G_MAXINT64, 10, NULL);
  row = page->pdata[page->len - 1];
  g_assert_cmpint (row->id, ==, cw.id);
  g_assert_cmpstr (row->body, ==, "see you at the walrus");
  g_assert_cmpstr (row->original_body, ==, typo.body);

  /* Glint corrects its own message: bob gets the new text, naming the
   * message it replaces; bob's message cannot be corrected by us. */
  {
    g_autoptr(GlintMessage) ours = glint_session_send_message (f->session, bob, "helo bob", NULL);
    g_autoptr(JsonObject) first = glint_test_peer_expect (peer, "message", "body", "helo bob");
    g_autoptr(JsonObject) fixed = NULL;
    g_autoptr(GError) error = NULL;

    cw.id = 0;
    g_assert_cmpint (glint_session_correct_message (f->session, row, "not mine", &error), ==, 0);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    g_assert_cmpint (glint_session_correct_message (f->session, ours, "hello bob", NULL), ==, ours->id);
    fixed = glint_test_peer_expect (peer, "message", "body", "hello bob");
    g_assert_cmpstr (json_object_get_string_member (fixed, "replaces"), ==,
                     json_object_get_string_member (first, "id"));
    g_assert_cmpint (cw.id, ==, ours->id);
    g_assert_cmpint (count_in_store (f, bob, "hello bob"), ==, 1);
    g_assert_cmpint (count_in_store (f, bob, "helo bob"), ==, 0);
  }

  glint_test_peer_stop (other);
  glint_test_peer_stop (peer);
}

/* A message the server bounced (bob blocked alice) is not delivered; once
 * he unblocks her, Retry sends it again, with its first id, and it
 * arrives once. Retrying a message that did not fail is refused. */
static void
test_retry (Fixture *f, gconstpointer data)
{
  g_autofree char *alice = jid_of ("alice");
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *cmd = NULL;
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  StateOfBody failed = { f, NULL, "while you blocked me", GLINT_MESSAGE_FAILED };
  StateOfBody sent = { f, NULL, "while you blocked me", GLINT_MESSAGE_SENT };
  g_autoptr(GlintMessage) msg = NULL;
  g_autoptr(GlintMessage) again = NULL;
  g_autoptr(JsonObject) got = NULL;
  g_autoptr(JsonObject) ok = NULL;
  g_autoptr(GError) error = NULL;

  login (f, "alice");
  failed.peer = sent.peer = bob;
  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<iq type='set' id='block-1'><block xmlns='urn:xmpp:blocking'>"
                         "<item jid='%s'/></block></iq>\"}", alice);
  glint_test_peer_command (peer, cmd);
  glint_test_peer_command (peer, "{\"cmd\":\"ping\"}");
  ok = glint_test_peer_expect (peer, "ok", "cmd", "ping");
  msg = glint_session_send_message (f->session, bob, failed.body, NULL);
  g_assert_true (glint_test_wait (body_in_state, &failed, 15));
  g_assert_false (glint_session_retry_message (f->session, msg, &error));  /* still PENDING here: not failed */
  g_clear_error (&error);

  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<iq type='set' id='unblock-1'><unblock xmlns='urn:xmpp:blocking'>"
                         "<item jid='%s'/></unblock></iq>\"}", alice);
  glint_test_peer_command (peer, cmd);
  g_clear_pointer (&ok, json_object_unref);
  glint_test_peer_command (peer, "{\"cmd\":\"ping\"}");
  ok = glint_test_peer_expect (peer, "ok", "cmd", "ping");
  again = glint_message_copy (msg);
  again->state = GLINT_MESSAGE_FAILED;
  g_assert_true (glint_session_retry_message (f->session, again, &error));
  g_assert_no_error (error);
  got = glint_test_peer_expect (peer, "message", "body", failed.body);
  g_assert_cmpstr (json_object_get_string_member (got, "origin_id"), ==, msg->origin_id);
  g_assert_true (glint_test_wait (body_in_state, &sent, 15));
  g_assert_cmpint (count_in_store (f, bob, failed.body), ==, 1);
  glint_test_peer_stop (peer);
}

static void
on_conversation_read (GlintSession *session, const char *peer, char **read)
{
  g_free (*read);
  *read = g_strdup (peer);
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

/* Chat markers (XEP-0333), with heidi as "bob" (whose subscription must
 * not meet the tests of bob's): Glint tells bob it read his markable message
 * only once bob may see its presence; bob's marker on our message shows it
 * seen, carol's forged one does nothing; a marker the user's phone sent
 * says the chat was read there. */
static void
test_markers (Fixture *f, gconstpointer data)
{
  g_autofree char *alice = jid_of ("alice");
  g_autofree char *bob = jid_of ("heidi");
  g_autofree char *carol = jid_of ("carol");
  g_autofree char *glint_jid = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *read = NULL;
  GlintTestPeer *peer = glint_test_peer_start (bob, "heidi-pw", NULL);
  GlintTestPeer *forger = glint_test_peer_start (carol, "carol-pw", NULL);
  GlintTestPeer *phone = glint_test_peer_start (alice, "alice-pw", NULL);
  BodyWait markable = { f, "read me, please" };
  BodyWait carol_after = { f, "carol, after her marker" };
  StateOfBody seen = { f, NULL, "did you read this?", GLINT_MESSAGE_DISPLAYED };
  const GlintMessage *theirs;
  g_autoptr(GlintMessage) ours = NULL;
  g_autoptr(GlintMessage) mark = NULL;
  g_autoptr(JsonObject) got = NULL;
  g_autoptr(JsonObject) checkpoint = NULL;
  g_autoptr(JsonObject) not_yet = NULL;
  g_autoptr(JsonObject) told = NULL;
  gpointer req[2] = { f, bob };

  login (f, "alice");
  seen.peer = bob;
  g_signal_connect (f->session, "conversation-read", G_CALLBACK (on_conversation_read), &read);
  glint_jid = g_strdup_printf ("%s/%s", alice, glint_session_get_account (f->session)->resource);

  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<message to='%s' type='chat' id='mk-1'><body>%s</body>"
                         "<markable xmlns='urn:xmpp:chat-markers:0'/></message>\"}", glint_jid, markable.body);
  glint_test_peer_command (peer, cmd);
  g_assert_true (glint_test_wait (has_incoming, &markable, 15));
  theirs = added_with_body (f, markable.body);
  g_assert_true (theirs->markable);

  /* Not a contact yet: nothing is said. */
  glint_session_send_displayed (f->session, theirs);
  mark = glint_session_send_message (f->session, bob, "a checkpoint", NULL);
  checkpoint = glint_test_peer_expect (peer, "message", "body", "a checkpoint");
  not_yet = glint_test_peer_wait_for (peer, "message", "displayed", "mk-1", 0);
  g_assert_null (not_yet);

  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"subscribe\",\"to\":\"%s\"}", alice);
  glint_test_peer_command (peer, cmd);
  g_assert_true (glint_test_wait (has_request, req, 15));
  glint_session_answer_subscription (f->session, bob, TRUE);
  g_assert_true (glint_test_wait (may_see_us, req, 15));
  glint_session_send_displayed (f->session, theirs);
  told = glint_test_peer_expect (peer, "message", "displayed", "mk-1");

  /* Our message: carol's marker first, then bob's. */
  ours = glint_session_send_message (f->session, bob, seen.body, NULL);
  got = glint_test_peer_expect (peer, "message", "body", seen.body);
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<message to='%s' type='chat'>"
                         "<displayed xmlns='urn:xmpp:chat-markers:0' id='%s'/></message>\"}",
                         glint_jid, json_object_get_string_member (got, "id"));
  glint_test_peer_command (forger, cmd);
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"%s\"}", glint_jid, carol_after.body);
  glint_test_peer_command (forger, cmd);
  g_assert_true (glint_test_wait (has_incoming, &carol_after, 15));
  g_assert_cmpint (state_of (f, bob, seen.body), !=, GLINT_MESSAGE_DISPLAYED);
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<message to='%s' type='chat'>"
                         "<displayed xmlns='urn:xmpp:chat-markers:0' id='%s'/></message>\"}",
                         glint_jid, json_object_get_string_member (got, "id"));
  glint_test_peer_command (peer, cmd);
  g_assert_true (glint_test_wait (body_in_state, &seen, 15));

  /* The phone read bob's chat: its marker reaches Glint as a copy. */
  g_assert_null (read);
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<message to='%s' type='chat' id='ph-1'>"
                         "<displayed xmlns='urn:xmpp:chat-markers:0' id='mk-1'/></message>\"}", bob);
  glint_test_peer_command (phone, cmd);
  g_assert_true (glint_test_wait (is_set, &read, 15));
  g_assert_cmpstr (read, ==, bob);

  /* No subscription is left for the tests that follow. */
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"unsubscribe\",\"to\":\"%s\"}", alice);
  glint_test_peer_command (peer, cmd);
  glint_session_remove_contact (f->session, bob);
  g_assert_true (glint_test_wait (is_gone, req, 15));
  glint_test_peer_stop (phone);
  glint_test_peer_stop (forger);
  glint_test_peer_stop (peer);
}

typedef struct
{
  Fixture     *f;
  const char  *peer;
  const char **bodies;         /* each stored exactly once, and the sync over */
} StoredWait;

static gboolean
all_stored_once (gpointer data)
{
  StoredWait *w = data;

  if (glint_session_get_archive_syncing (w->f->session))
    return FALSE;
  for (guint i = 0; w->bodies[i]; i++)
    if (count_in_store (w->f, w->peer, w->bodies[i]) != 1)
      return FALSE;
  return TRUE;
}

static const GlintMessage *
stored_with_body (Fixture    *f,
                  const char *peer,
                  const char *body,
                  GPtrArray **keep)
{
  *keep = glint_store_page_before (f->store, glint_session_get_account_jid (f->session),
                                   peer, G_MAXINT64, G_MAXINT64, 1000, NULL);
  for (guint i = 0; *keep && i < (*keep)->len; i++)
    if (g_strcmp0 (((GlintMessage *) (*keep)->pdata[i])->body, body) == 0)
      return (*keep)->pdata[i];
  return NULL;
}

static void
relogin (Fixture *f)
{
  glint_session_logout (f->session);
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_DISCONNECTED, 10));
  login (f, "alice");
}

/* Archive catch-up (XEP-0313): what the user's phone sent and received
 * while Glint was away is there after login, each message once, the
 * phone's as outgoing, none of it announced as live; one message seen
 * live, as a carbon and from the archive is stored once. A result forged
 * by a contact is ignored, while the genuine ones got through. */
static void
test_archive_catch_up (Fixture *f, gconstpointer data)
{
  g_autofree char *alice = jid_of ("alice");
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *glint_jid = NULL;
  g_autofree char *forged = NULL;
  g_autofree char *tag = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time ());
  g_autofree char *first = g_strdup_printf ("before the first login %s", tag);
  g_autofree char *from_phone = g_strdup_printf ("the phone wrote %s", tag);
  g_autofree char *to_phone = g_strdup_printf ("bob wrote to the phone %s", tag);
  g_autofree char *live = g_strdup_printf ("seen live and archived %s", tag);
  g_autofree char *after = g_strdup_printf ("after the forgery %s", tag);
  GlintTestPeer *phone = glint_test_peer_start (alice, "alice-pw", NULL);
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  const char *first_only[] = { first, NULL };
  const char *away[] = { first, from_phone, to_phone, NULL };
  const char *all[] = { first, from_phone, to_phone, live, NULL };
  StoredWait sw = { f, bob, first_only };
  BodyWait live_wait = { f, live };
  BodyWait after_wait = { f, after };
  g_autoptr(GPtrArray) keep = NULL;
  const GlintMessage *msg;

  /* Written while Glint has never run: the first login takes the newest
   * page of the archive. */
  glint_test_peer_send (peer, alice, first);
  glint_test_peer_command (phone, "{\"cmd\":\"ping\"}");
  g_clear_pointer (&keep, g_ptr_array_unref);
  {
    g_autoptr(JsonObject) got = glint_test_peer_expect (phone, "message", "body", first);
  }
  login (f, "alice");
  g_assert_true (glint_test_wait (all_stored_once, &sw, 30));
  msg = stored_with_body (f, bob, first, &keep);
  g_assert_cmpint (msg->direction, ==, GLINT_DIRECTION_IN);
  g_assert_nonnull (msg->stanza_id);
  g_assert_true (added_with_body (f, first)->archived);

  /* Away: the phone talks with bob. */
  glint_session_logout (f->session);
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_DISCONNECTED, 10));
  glint_test_peer_send (phone, bob, from_phone);
  {
    g_autoptr(JsonObject) got = glint_test_peer_expect (peer, "message", "body", from_phone);
  }
  glint_test_peer_send (peer, alice, to_phone);
  {
    g_autoptr(JsonObject) got = glint_test_peer_expect (phone, "message", "body", to_phone);
  }
  login (f, "alice");
  sw.bodies = away;
  g_assert_true (glint_test_wait (all_stored_once, &sw, 30));
  g_clear_pointer (&keep, g_ptr_array_unref);
  msg = stored_with_body (f, bob, from_phone, &keep);
  g_assert_cmpint (msg->direction, ==, GLINT_DIRECTION_OUT);
  g_assert_cmpint (msg->state, ==, GLINT_MESSAGE_SENT);
  g_clear_pointer (&keep, g_ptr_array_unref);
  msg = stored_with_body (f, bob, to_phone, &keep);
  g_assert_cmpint (msg->direction, ==, GLINT_DIRECTION_IN);
  g_assert_true (added_with_body (f, to_phone)->archived);
  g_assert_true (added_with_body (f, from_phone)->archived);

  /* Live, to Glint and the phone (a carbon), and then in the archive. */
  glint_test_peer_send (peer, alice, live);
  g_assert_true (glint_test_wait (has_incoming, &live_wait, 15));
  g_assert_false (added_with_body (f, live)->archived);
  relogin (f);
  sw.bodies = all;
  g_assert_true (glint_test_wait (all_stored_once, &sw, 30));

  /* bob forges an archive result; then a genuine message. */
  glint_jid = g_strdup_printf ("%s/%s", alice, glint_session_get_account (f->session)->resource);
  forged = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<message to='%s'>"
                            "<result xmlns='urn:xmpp:mam:2' queryid='q1' id='forged-1'>"
                            "<forwarded xmlns='urn:xmpp:forward:0'>"
                            "<delay xmlns='urn:xmpp:delay' stamp='2020-01-01T00:00:00Z'/>"
                            "<message from='%s/x' to='%s' type='chat'><body>forged archive</body></message>"
                            "</forwarded></result></message>\"}",
                            glint_jid, bob, alice);
  glint_test_peer_command (peer, forged);
  glint_test_peer_send (peer, glint_jid, after);
  g_assert_true (glint_test_wait (has_incoming, &after_wait, 15));
  g_assert_null (added_with_body (f, "forged archive"));
  g_assert_cmpint (count_in_store (f, bob, "forged archive"), ==, 0);

  glint_test_peer_stop (peer);
  glint_test_peer_stop (phone);
}

typedef struct
{
  char     *peer;
  guint     added;
  gboolean  complete;
  guint     calls;
} OlderWait;

static void
on_older_fetched (GlintSession *session, const char *peer, guint added, gboolean complete, OlderWait *w)
{
  g_free (w->peer);
  w->peer = g_strdup (peer);
  w->added += added;
  w->complete = complete;
  w->calls++;
}

static gboolean
older_called (gpointer data)
{
  return ((OlderWait *) data)->calls > 0;
}

/* Older history from the archive: a store that has only the newest
 * messages with carol (a first login brings one page) asks the server for
 * older ones, page by page, until the archive's start; none is stored
 * twice. */
static void
test_archive_older (Fixture *f, gconstpointer data)
{
  const guint n = 300;
  g_autofree char *alice = jid_of ("alice");
  g_autofree char *carol = jid_of ("carol");
  g_autofree char *tag = g_strdup_printf ("old %" G_GINT64_FORMAT, g_get_real_time ());
  GlintTestPeer *phone = glint_test_peer_start (alice, "alice-pw", NULL);
  GlintTestPeer *peer = glint_test_peer_start (carol, "carol-pw", NULL);
  g_autofree char *last = g_strdup_printf ("%s %u", tag, n - 1);
  g_autofree char *cmd = NULL;
  const char *newest[] = { last, NULL };
  StoredWait sw = { f, carol, newest };
  OlderWait ow = { 0 };
  guint pages = 0;
  gint64 had = 0;

  cmd = g_strdup_printf ("{\"cmd\":\"burst\",\"to\":\"%s\",\"count\":%u,\"prefix\":\"%s\"}", alice, n, tag);
  glint_test_peer_command (peer, cmd);
  {
    g_autoptr(JsonObject) got = glint_test_peer_wait_for (phone, "message", "body", last, 60);
  }
  login (f, "alice");
  g_assert_true (glint_test_wait (all_stored_once, &sw, 30));
  /* Servers page by 250 at most: the login's newest page left some. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("%s %u", tag, i);
      had += count_in_store (f, carol, body);
    }
  g_assert_cmpint (had, <, n);
  g_signal_connect (f->session, "older-fetched", G_CALLBACK (on_older_fetched), &ow);

  /* Page by page (50 each) back to the start of carol's archive. */
  while (!ow.complete)
    {
      ow.calls = 0;
      g_assert_true (glint_session_fetch_older (f->session, carol));
      g_assert_true (glint_test_wait (older_called, &ow, 20));
      g_assert_cmpstr (ow.peer, ==, carol);
      g_test_message ("older page %u: %u new in all, complete %d", pages, ow.added, ow.complete);
      g_assert_cmpuint (++pages, <, 100);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("%s %u", tag, i);
      g_assert_cmpint (count_in_store (f, carol, body), ==, 1);
    }
  /* The missing ones were new (and carol's older messages, if any). */
  g_assert_cmpint (ow.added, >=, n - had);
  g_signal_handlers_disconnect_by_func (f->session, on_older_fetched, &ow);
  g_free (ow.peer);
  glint_test_peer_stop (peer);
  glint_test_peer_stop (phone);
}

/* Written while offline, then Glint quits: at the next start and login
 * the messages leave, in the order written, each once, and are sent. */
static void
test_outbox_after_restart (Fixture *f, gconstpointer data)
{
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *db = g_build_filename (f->dir, "history.db", NULL);
  g_autofree char *tag = g_strdup_printf ("written offline %" G_GINT64_FORMAT, g_get_real_time () / 1000);
  g_autoptr(GlintAccount) account = glint_test_account ("alice", "GLINT_TEST_DOMAIN");
  g_autoptr(GError) error = NULL;
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  GlintSession *offline = glint_client_add_account (f->client, account);
  PendingWait pw;

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *body = g_strdup_printf ("%s %u", tag, i);
      g_autoptr(GlintMessage) msg = glint_session_send_message (offline, bob, body, &error);

      g_assert_no_error (error);
      g_assert_cmpint (msg->state, ==, GLINT_MESSAGE_PENDING);
    }
  /* Quit, and start again on the same files. */
  g_clear_object (&f->client);
  g_clear_object (&f->store);
  f->store = glint_store_new (db, &error);
  g_assert_no_error (error);
  f->client = glint_test_client_new (f->store, NULL);
  login (f, "alice");

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *body = g_strdup_printf ("%s %u", tag, i);
      g_autoptr(JsonObject) got = glint_test_peer_wait_for (peer, "message", NULL, NULL, 20);

      g_assert_nonnull (got);
      g_assert_cmpstr (json_object_get_string_member (got, "body"), ==, body);
    }
  pw = (PendingWait) { f->store, glint_session_get_account_jid (f->session), bob };
  g_assert_true (glint_test_wait (outbox_empty, &pw, 20));
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *body = g_strdup_printf ("%s %u", tag, i);

      g_assert_cmpint (count_in_store (f, bob, body), ==, 1);
    }
  /* Nothing more came: a ping through the server answers after it. */
  glint_test_peer_command (peer, "{\"cmd\":\"ping\"}");
  for (;;)
    {
      g_autoptr(JsonObject) next = glint_test_peer_wait_for (peer, NULL, NULL, NULL, 20);
      const char *event;

      g_assert_nonnull (next);
      event = json_object_get_string_member (next, "event");
      if (g_strcmp0 (event, "ok") == 0)
        break;
      if (g_strcmp0 (event, "message") == 0)
        g_assert_false (g_str_has_prefix (json_object_get_string_member_with_default (next, "body", ""), tag));
    }
  glint_test_peer_stop (peer);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/sync/carbons", test_carbons);
  ADD ("/sync/receipts", test_receipts);
  ADD ("/sync/corrections", test_corrections);
  ADD ("/sync/retry", test_retry);
  ADD ("/sync/markers", test_markers);
  ADD ("/sync/archive-catch-up", test_archive_catch_up);
  ADD ("/sync/archive-older", test_archive_older);
  ADD ("/sync/outbox-after-restart", test_outbox_after_restart);
#undef ADD
  return g_test_run ();
}

/* Unit tests: the session's logic over an in-process transport, and the
 * event pipe it is fed by. No server: events are made up as the worker
 * would post them, and the commands the session pushes are read back. */
#include <glib/gstdio.h>
#include <string.h>

#include "glint-client.h"
#include "glint-fake-transport.h"
#include "glint-session-private.h"

#define ALICE "alice@example.org"
#define ZOE   "zoe@other.example"

typedef struct
{
  GlintFakeTransport *transport;
  GlintStore         *store;
  GlintClient        *client;
  GlintSession       *alice;
  GPtrArray          *added;     /* GlintMessage* from message-added, any account */
} Fixture;

static void
on_message_added (GlintSession *session, GlintMessage *msg, Fixture *f)
{
  g_ptr_array_add (f->added, glint_message_copy (msg));
}

static GlintSession *
add_account (Fixture *f, const char *jid)
{
  g_autoptr(GlintAccount) account = glint_account_new (jid);
  GlintSession *session = glint_client_add_account (f->client, account);

  g_signal_connect (session, "message-added", G_CALLBACK (on_message_added), f);
  glint_session_login (session, account, "secret");
  return session;
}

static void
setup (Fixture *f, gconstpointer data)
{
  f->transport = glint_fake_transport_new ();
  f->store = glint_store_new (":memory:", NULL);
  f->client = glint_client_new (GLINT_TRANSPORT (f->transport), f->store, NULL);
  f->added = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_message_free);
  f->alice = add_account (f, ALICE);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->client);
  g_clear_object (&f->store);
  g_clear_object (&f->transport);
  g_ptr_array_unref (f->added);
}

static void
emit_connection (Fixture *f, const char *account, GlintConnectionState state, GlintConnectionError error)
{
  GlintEvent *event = glint_event_new (GLINT_EVENT_CONNECTION, account);

  event->state = state;
  event->error = error;
  glint_fake_transport_emit (f->transport, event);
}

static void
emit_roster_item (Fixture *f, const char *account, const char *jid, const char *name)
{
  GlintEvent *event = glint_event_new (GLINT_EVENT_ROSTER_ITEM, account);

  event->jid = g_strdup (jid);
  event->name = g_strdup (name);
  event->subscription = g_strdup ("both");
  event->groups = g_new0 (char *, 1);
  glint_fake_transport_emit (f->transport, event);
}

static GlintMessage *
incoming (const char *account, const char *peer, const char *body, const char *origin_id)
{
  GlintMessage *msg = glint_message_new ();

  msg->account = g_strdup (account);
  msg->peer = g_strdup (peer);
  msg->sender = g_strdup_printf ("%s/phone", peer);
  msg->direction = GLINT_DIRECTION_IN;
  msg->time_ms = 1700000000000;
  msg->body = g_strdup (body);
  msg->origin_id = g_strdup (origin_id);
  msg->state = GLINT_MESSAGE_INCOMING;
  return msg;
}

static void
emit_message (Fixture *f, GlintMessage *msg)
{
  GlintEvent *event = glint_event_new (GLINT_EVENT_MESSAGE, msg->account);

  event->message = msg;
  glint_fake_transport_emit (f->transport, event);
}

static void
test_login_pushes_connect (Fixture *f, gconstpointer data)
{
  GlintCommand *cmd = glint_fake_transport_find (f->transport, GLINT_COMMAND_CONNECT, ALICE);

  g_assert_nonnull (cmd);
  g_assert_cmpstr (cmd->settings->jid, ==, ALICE);
  g_assert_cmpstr (cmd->password, ==, "secret");
  /* Its own resource, never the bare "glint" that two installs would share. */
  g_assert_true (g_str_has_prefix (cmd->settings->resource, "glint."));
  g_assert_cmpuint (strlen (cmd->settings->resource), ==, strlen ("glint.") + 6);
}

static void
test_roster_and_presence (Fixture *f, gconstpointer data)
{
  GlintEvent *presence;
  GlintContact *bob;

  emit_connection (f, ALICE, GLINT_CONNECTION_CONNECTED, GLINT_ERROR_NONE);
  emit_roster_item (f, ALICE, "bob@example.org", "Bob");
  /* Our own address in our roster is not a contact. */
  emit_roster_item (f, ALICE, ALICE, "Me");
  glint_fake_transport_emit (f->transport, glint_event_new (GLINT_EVENT_ROSTER_LOADED, ALICE));
  presence = glint_event_new (GLINT_EVENT_PRESENCE, ALICE);
  presence->jid = g_strdup ("bob@example.org/laptop");
  presence->available = TRUE;
  presence->show = g_strdup ("away");
  glint_fake_transport_emit (f->transport, presence);
  /* A presence from a stranger changes nothing. */
  presence = glint_event_new (GLINT_EVENT_PRESENCE, ALICE);
  presence->jid = g_strdup ("mallory@evil.example/x");
  presence->available = TRUE;
  glint_fake_transport_emit (f->transport, presence);
  glint_fake_transport_drain (f->transport);

  g_assert_true (glint_session_get_roster_loaded (f->alice));
  g_assert_cmpuint (g_list_model_get_n_items (glint_session_get_roster (f->alice)), ==, 1);
  bob = glint_session_lookup_contact (f->alice, "bob@example.org");
  g_assert_nonnull (bob);
  g_assert_cmpstr (glint_contact_get_name (bob), ==, "Bob");
  g_assert_cmpint (glint_contact_get_presence (bob), ==, GLINT_PRESENCE_AWAY);
  g_assert_null (glint_session_lookup_contact (f->alice, "mallory@evil.example"));
  g_assert_null (glint_session_lookup_contact (f->alice, ALICE));

  /* Losing the stream forgets everyone's presence. */
  emit_connection (f, ALICE, GLINT_CONNECTION_WAITING, GLINT_ERROR_STREAM);
  glint_fake_transport_drain (f->transport);
  g_assert_cmpint (glint_contact_get_presence (bob), ==, GLINT_PRESENCE_OFFLINE);
}

static void
test_message_dedupe (Fixture *f, gconstpointer data)
{
  emit_message (f, incoming (ALICE, "bob@example.org", "hello", "o-1"));
  emit_message (f, incoming (ALICE, "bob@example.org", "hello again, same id", "o-1"));
  emit_message (f, incoming (ALICE, "bob@example.org", "something else", "o-2"));
  glint_fake_transport_drain (f->transport);

  /* The repeat is neither stored nor shown; the others are, once each. */
  g_assert_cmpuint (f->added->len, ==, 2);
  g_assert_cmpstr (((GlintMessage *) f->added->pdata[0])->body, ==, "hello");
  g_assert_cmpstr (((GlintMessage *) f->added->pdata[1])->body, ==, "something else");
  g_assert_cmpint (glint_store_count_messages (f->store, ALICE, "bob@example.org"), ==, 2);
}

static void
test_outbox (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlintMessage) sent = NULL;
  g_autoptr(GPtrArray) page = NULL;
  GlintCommand *cmd;
  GlintEvent *ack;

  /* Offline: written, shown, not sent. */
  sent = glint_session_send_message (f->alice, "bob@example.org", "written offline", &error);
  g_assert_no_error (error);
  g_assert_null (glint_fake_transport_find (f->transport, GLINT_COMMAND_SEND_MESSAGE, ALICE));
  g_assert_cmpuint (f->added->len, ==, 1);

  /* Online: the outbox goes out, with the origin-id as the stanza id. */
  emit_connection (f, ALICE, GLINT_CONNECTION_CONNECTED, GLINT_ERROR_NONE);
  glint_fake_transport_drain (f->transport);
  cmd = glint_fake_transport_find (f->transport, GLINT_COMMAND_SEND_MESSAGE, ALICE);
  g_assert_nonnull (cmd);
  g_assert_cmpstr (cmd->body, ==, "written offline");
  g_assert_cmpstr (cmd->xmpp_id, ==, sent->origin_id);
  g_assert_cmpint (cmd->message_id, ==, sent->id);

  ack = glint_event_new (GLINT_EVENT_MESSAGE_SENT, ALICE);
  ack->message_id = sent->id;
  glint_fake_transport_emit (f->transport, ack);
  glint_fake_transport_drain (f->transport);
  page = glint_store_page_before (f->store, ALICE, "bob@example.org", G_MAXINT64, G_MAXINT64, 10, NULL);
  g_assert_cmpuint (page->len, ==, 1);
  g_assert_cmpint (((GlintMessage *) page->pdata[0])->state, ==, GLINT_MESSAGE_SENT);
}

static void
test_conflict_takes_new_resource (Fixture *f, gconstpointer data)
{
  g_autofree char *first = g_strdup (glint_fake_transport_find (f->transport, GLINT_COMMAND_CONNECT,
                                                                ALICE)->settings->resource);

  /* Three conflicts: each time a new resource and a new attempt. */
  for (guint i = 0; i < 3; i++)
    {
      GlintCommand *cmd;

      glint_fake_transport_clear (f->transport);
      emit_connection (f, ALICE, GLINT_CONNECTION_FAILED, GLINT_ERROR_CONFLICT);
      glint_fake_transport_drain (f->transport);
      cmd = glint_fake_transport_find (f->transport, GLINT_COMMAND_CONNECT, ALICE);
      g_assert_nonnull (cmd);
      g_assert_cmpstr (cmd->settings->resource, !=, first);
      g_assert_true (g_str_has_prefix (cmd->settings->resource, "glint."));
      g_assert_cmpint (glint_session_get_state (f->alice), !=, GLINT_CONNECTION_FAILED);
    }
  /* A fourth gives up and says why. */
  glint_fake_transport_clear (f->transport);
  emit_connection (f, ALICE, GLINT_CONNECTION_FAILED, GLINT_ERROR_CONFLICT);
  glint_fake_transport_drain (f->transport);
  g_assert_null (glint_fake_transport_find (f->transport, GLINT_COMMAND_CONNECT, ALICE));
  g_assert_cmpint (glint_session_get_state (f->alice), ==, GLINT_CONNECTION_FAILED);
  g_assert_cmpint (glint_session_get_error (f->alice), ==, GLINT_ERROR_CONFLICT);
}

/* Invisible where the server cannot hide us is refused and sends nothing;
 * once the server says it can, it goes out. */
static void
test_invisible_needs_support (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  GlintEvent *features;

  emit_connection (f, ALICE, GLINT_CONNECTION_CONNECTED, GLINT_ERROR_NONE);
  glint_fake_transport_drain (f->transport);
  g_assert_false (glint_session_set_presence (f->alice, "invisible", NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_null (glint_fake_transport_find (f->transport, GLINT_COMMAND_SET_PRESENCE, ALICE));

  features = glint_event_new (GLINT_EVENT_FEATURES, ALICE);
  features->invisible_supported = TRUE;
  glint_fake_transport_emit (f->transport, features);
  glint_fake_transport_drain (f->transport);
  g_assert_true (glint_session_set_presence (f->alice, "invisible", NULL, NULL));
  g_assert_cmpstr (glint_fake_transport_find (f->transport, GLINT_COMMAND_SET_PRESENCE, ALICE)->show, ==,
                   "invisible");
}

/* Two accounts share the transport: each event reaches its own account's
 * session only, and each command names its account. */
static void
test_two_accounts (Fixture *f, gconstpointer data)
{
  GlintSession *zoe = add_account (f, ZOE);
  GlintEvent *removal;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlintMessage) out = NULL;

  g_assert_nonnull (glint_fake_transport_find (f->transport, GLINT_COMMAND_CONNECT, ZOE));
  emit_connection (f, ALICE, GLINT_CONNECTION_CONNECTED, GLINT_ERROR_NONE);
  emit_connection (f, ZOE, GLINT_CONNECTION_CONNECTED, GLINT_ERROR_NONE);
  emit_roster_item (f, ALICE, "bob@example.org", "Bob (Alice's)");
  emit_roster_item (f, ZOE, "bob@example.org", "Bob (Zoe's)");
  emit_message (f, incoming (ALICE, "bob@example.org", "to alice", "same-origin"));
  emit_message (f, incoming (ZOE, "bob@example.org", "to zoe", "same-origin"));
  /* An event for an account nobody has is dropped. */
  emit_message (f, incoming ("nobody@example.org", "bob@example.org", "to nobody", "x"));
  glint_fake_transport_drain (f->transport);

  g_assert_cmpstr (glint_contact_get_name (glint_session_lookup_contact (f->alice, "bob@example.org")), ==,
                   "Bob (Alice's)");
  g_assert_cmpstr (glint_contact_get_name (glint_session_lookup_contact (zoe, "bob@example.org")), ==,
                   "Bob (Zoe's)");
  /* The same origin-id under two accounts is two messages. */
  g_assert_cmpuint (f->added->len, ==, 2);
  g_assert_cmpint (glint_store_count_messages (f->store, ALICE, "bob@example.org"), ==, 1);
  g_assert_cmpint (glint_store_count_messages (f->store, ZOE, "bob@example.org"), ==, 1);
  g_assert_cmpint (glint_store_count_messages (f->store, "nobody@example.org", "bob@example.org"), ==, 0);

  /* A roster push removing Bob for Zoe leaves Alice's Bob alone. */
  removal = glint_event_new (GLINT_EVENT_ROSTER_ITEM, ZOE);
  removal->jid = g_strdup ("bob@example.org");
  removal->removed = TRUE;
  glint_fake_transport_emit (f->transport, removal);
  glint_fake_transport_drain (f->transport);
  g_assert_null (glint_session_lookup_contact (zoe, "bob@example.org"));
  g_assert_nonnull (glint_session_lookup_contact (f->alice, "bob@example.org"));

  out = glint_session_send_message (zoe, "bob@example.org", "from zoe", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (glint_fake_transport_find (f->transport, GLINT_COMMAND_SEND_MESSAGE, ZOE)->body, ==,
                   "from zoe");
  g_assert_null (glint_fake_transport_find (f->transport, GLINT_COMMAND_SEND_MESSAGE, ALICE));

  /* Removing an account tells the transport to forget it. */
  glint_client_remove_account (f->client, ZOE);
  g_assert_nonnull (glint_fake_transport_find (f->transport, GLINT_COMMAND_FORGET, ZOE));
  g_assert_null (glint_client_lookup_session (f->client, ZOE));
}

typedef struct
{
  guint   handled;
  guint   begins;
  guint   ends;
  gint64  busy_us;
  guint   between;      /* runs of a drawing-priority source meanwhile */
  guint   last_between;
  guint   slices_with_draw;
} PipeCount;

static void
count_begin (gpointer data)
{
  PipeCount *c = data;

  c->begins++;
  if (c->between > c->last_between)
    c->slices_with_draw++;
  c->last_between = c->between;
}

static void
count_event (GlintEvent *event, gpointer data)
{
  PipeCount *c = data;
  gint64 until = g_get_monotonic_time () + c->busy_us;

  /* As if each event took a while to apply. */
  while (g_get_monotonic_time () < until)
    ;
  c->handled++;
  glint_event_free (event);
}

static void
count_end (gpointer data)
{
  ((PipeCount *) data)->ends++;
}

static gboolean
pretend_to_draw (gpointer data)
{
  ((PipeCount *) data)->between++;
  return G_SOURCE_CONTINUE;
}

static gpointer
produce (gpointer data)
{
  for (guint i = 0; i < 2000; i++)
    glint_event_pipe_post (data, glint_event_new (GLINT_EVENT_MESSAGE, ALICE));
  return NULL;
}

/* A burst is handled in slices, and a source at drawing priority runs
 * between any two of them. */
static void
test_pipe_yields_to_drawing (void)
{
  static const GlintEventPipeFuncs funcs = { count_begin, count_event, count_end };
  g_autoptr(GlintEventPipe) pipe = glint_event_pipe_new (NULL);
  PipeCount c = { .busy_us = 20 };
  GThread *producer;
  guint draw;

  glint_event_pipe_set_consumer (pipe, &funcs, &c);
  /* From another thread, as the worker posts. */
  producer = g_thread_new ("producer", produce, pipe);
  g_thread_join (producer);

  /* A frame clock at drawing priority, due every millisecond. */
  draw = g_timeout_add_full (G_PRIORITY_HIGH_IDLE + 20, 1, pretend_to_draw, &c, NULL);
  while (c.handled < 2000)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (draw);

  /* 2000 events of 20 µs are 40 ms: about ten slices of 4 ms. */
  g_assert_cmpuint (c.begins, ==, c.ends);
  g_assert_cmpuint (c.begins, >=, 5);
  g_assert_cmpuint (glint_event_pipe_get_slices (pipe), ==, c.begins);
  /* Drawing got a turn before every slice but the first. */
  g_assert_cmpuint (c.slices_with_draw, >=, c.begins - 1);
  g_assert_cmpuint (glint_event_pipe_get_queued (pipe), ==, 0);
}

/* SASL mechanisms by strength; -PLUS is its base (libstrophe 0.12 binds
 * no channel); unknown ones count for nothing. */
static void
test_sasl_rank (void)
{
  g_assert_cmpint (glint_sasl_rank ("PLAIN"), <, glint_sasl_rank ("DIGEST-MD5"));
  g_assert_cmpint (glint_sasl_rank ("DIGEST-MD5"), <, glint_sasl_rank ("SCRAM-SHA-1"));
  g_assert_cmpint (glint_sasl_rank ("SCRAM-SHA-1"), <, glint_sasl_rank ("SCRAM-SHA-256"));
  g_assert_cmpint (glint_sasl_rank ("SCRAM-SHA-256"), <, glint_sasl_rank ("SCRAM-SHA-512"));
  g_assert_cmpint (glint_sasl_rank ("SCRAM-SHA-1-PLUS"), ==, glint_sasl_rank ("SCRAM-SHA-1"));
  g_assert_cmpint (glint_sasl_rank ("PLAIN"), >, 0);
  g_assert_cmpint (glint_sasl_rank ("X-OAUTH2"), ==, 0);
  g_assert_cmpint (glint_sasl_rank (NULL), ==, 0);
}

/* The strongest mechanism seen is earned: it outlives saving the account
 * from the login window, which does not know it. */
static void
test_mechanism_is_earned (void)
{
  g_autofree char *dir = g_dir_make_tmp ("glint-account-XXXXXX", NULL);
  g_autofree char *ini = g_build_filename (dir, "accounts.ini", NULL);
  g_autoptr(GlintAccount) earned = glint_account_new (ALICE);
  g_autoptr(GlintAccount) edited = glint_account_new (ALICE);
  g_autoptr(GlintAccount) loaded = NULL;

  earned->sasl_mechanism = g_strdup ("SCRAM-SHA-256");
  g_assert_true (glint_account_save (earned, ini, NULL));
  loaded = glint_account_load (ALICE, ini);
  g_assert_cmpstr (loaded->sasl_mechanism, ==, "SCRAM-SHA-256");
  g_clear_pointer (&loaded, glint_account_free);

  glint_account_keep_earned (edited, earned);
  g_assert_true (glint_account_save (edited, ini, NULL));
  loaded = glint_account_load (ALICE, ini);
  g_assert_cmpstr (loaded->sasl_mechanism, ==, "SCRAM-SHA-256");
  g_unlink (ini);
  g_rmdir (dir);
}

static gint64 fake_now_us;

static gint64
fake_clock (void)
{
  return fake_now_us;
}

static void
on_attention (GlintSession *session, const char *jid, GPtrArray *asked)
{
  g_ptr_array_add (asked, g_strdup (jid));
}

static void
emit_attention (Fixture *f, const char *from)
{
  GlintEvent *event = glint_event_new (GLINT_EVENT_ATTENTION, ALICE);

  event->jid = g_strdup (from);
  glint_fake_transport_emit (f->transport, event);
  glint_fake_transport_drain (f->transport);
}

/* Attention (XEP-0224): a contact's request is passed on once in 30 s; a
 * stranger's never; none while the user does not allow them. Each refusal
 * sits beside a request that does get through. */
static void
test_attention_limits (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) asked = g_ptr_array_new_with_free_func (g_free);

  fake_now_us = 1000 * G_USEC_PER_SEC;
  glint_session_set_clock (f->alice, fake_clock);
  g_signal_connect (f->alice, "attention", G_CALLBACK (on_attention), asked);
  emit_connection (f, ALICE, GLINT_CONNECTION_CONNECTED, GLINT_ERROR_NONE);
  emit_roster_item (f, ALICE, "bob@example.org", "Bob");
  emit_roster_item (f, ALICE, "carol@example.org", "Carol");
  glint_fake_transport_emit (f->transport, glint_event_new (GLINT_EVENT_ROSTER_LOADED, ALICE));
  glint_fake_transport_drain (f->transport);

  emit_attention (f, "bob@example.org/phone");
  g_assert_cmpuint (asked->len, ==, 1);
  g_assert_cmpstr (asked->pdata[0], ==, "bob@example.org");

  /* Again from another of bob's devices, 29 s on: still too soon; carol,
   * meanwhile, gets through. */
  fake_now_us += 29 * G_USEC_PER_SEC;
  emit_attention (f, "bob@example.org/laptop");
  emit_attention (f, "carol@example.org/home");
  g_assert_cmpuint (asked->len, ==, 2);
  g_assert_cmpstr (asked->pdata[1], ==, "carol@example.org");

  /* 30 s after bob's first: his next one is shown. */
  fake_now_us += 1 * G_USEC_PER_SEC;
  emit_attention (f, "bob@example.org/phone");
  g_assert_cmpuint (asked->len, ==, 3);

  /* A stranger is not a contact. */
  emit_attention (f, "mallory@example.net/x");
  g_assert_cmpuint (asked->len, ==, 3);

  /* Not allowed: nothing, even after the interval; allowed again: shown. */
  fake_now_us += 60 * G_USEC_PER_SEC;
  glint_session_set_allow_attention (f->alice, FALSE);
  emit_attention (f, "bob@example.org/phone");
  g_assert_cmpuint (asked->len, ==, 3);
  glint_session_set_allow_attention (f->alice, TRUE);
  emit_attention (f, "bob@example.org/phone");
  g_assert_cmpuint (asked->len, ==, 4);
}

/* The archive query pushed last, or NULL. */
static GlintCommand *
last_archive_query (Fixture *f)
{
  GPtrArray *commands = glint_fake_transport_commands (f->transport);

  for (guint i = commands->len; i > 0; i--)
    if (((GlintCommand *) commands->pdata[i - 1])->type == GLINT_COMMAND_ARCHIVE_QUERY)
      return commands->pdata[i - 1];
  return NULL;
}

static void
emit_features (Fixture *f, gboolean archive)
{
  GlintEvent *event = glint_event_new (GLINT_EVENT_FEATURES, ALICE);

  event->archive_known = TRUE;
  event->archive_supported = archive;
  glint_fake_transport_emit (f->transport, event);
}

/* A message of bob's the archive holds as @archive_id, sent at @second. */
static void
emit_archived (Fixture *f, const char *archive_id, guint second)
{
  g_autofree char *body = g_strdup_printf ("archived %s", archive_id);
  GlintMessage *msg = incoming (ALICE, "bob@example.org", body, NULL);

  msg->archived = TRUE;
  msg->time_ms = 1700000000000 + second * 1000;
  msg->stanza_id = g_strdup (archive_id);
  msg->stanza_id_by = g_strdup (ALICE);
  emit_message (f, msg);
}

static void
emit_page (Fixture *f, const char *query_id, const char *first, const char *last, gboolean complete)
{
  GlintEvent *event = glint_event_new (GLINT_EVENT_ARCHIVE_PAGE, ALICE);

  event->xmpp_id = g_strdup (query_id);
  event->archive_first = g_strdup (first);
  event->archive_last = g_strdup (last);
  event->archive_complete = complete;
  glint_fake_transport_emit (f->transport, event);
  glint_fake_transport_drain (f->transport);
}

static void
reconnect (Fixture *f)
{
  emit_connection (f, ALICE, GLINT_CONNECTION_WAITING, GLINT_ERROR_UNREACHABLE);
  emit_connection (f, ALICE, GLINT_CONNECTION_CONNECTED, GLINT_ERROR_NONE);
  emit_features (f, TRUE);
  glint_fake_transport_drain (f->transport);
}

static char *
last_synced (Fixture *f)
{
  GlintArchiveRange range = { 0 };
  char *last;

  g_assert_true (glint_store_get_archive_range (f->store, ALICE, ALICE, &range, NULL));
  last = g_steal_pointer (&range.last_id);
  glint_archive_range_clear (&range);
  return last;
}

/* Archive catch-up: a first login takes the newest page; later logins go
 * forward from the last page finished, page by page; a catch-up cut off
 * mid-page starts that page again, and what it brings twice is stored
 * once. The answer to a query not in flight changes nothing, while the
 * one in flight does. Archived messages are never shown as live. */
static void
test_archive_catch_up (Fixture *f, gconstpointer data)
{
  g_autofree char *stale_id = NULL;
  g_autofree char *synced = NULL;
  GlintCommand *query;

  emit_connection (f, ALICE, GLINT_CONNECTION_CONNECTED, GLINT_ERROR_NONE);
  emit_features (f, TRUE);
  glint_fake_transport_drain (f->transport);
  query = last_archive_query (f);
  g_assert_nonnull (query);
  g_assert_cmpstr (query->before, ==, "");
  g_assert_null (query->after);
  g_assert_null (query->jid);
  g_assert_true (glint_session_get_archive_syncing (f->alice));
  emit_archived (f, "a1", 1);
  emit_archived (f, "a2", 2);
  emit_archived (f, "a3", 3);
  emit_page (f, query->xmpp_id, "a1", "a3", TRUE);
  g_assert_true (glint_session_get_archive_caught_up (f->alice));
  g_assert_false (glint_session_get_archive_syncing (f->alice));
  synced = last_synced (f);
  g_assert_cmpstr (synced, ==, "a3");
  for (guint i = 0; i < f->added->len; i++)
    g_assert_true (((GlintMessage *) f->added->pdata[i])->archived);

  /* The next login goes forward; two pages. */
  reconnect (f);
  query = last_archive_query (f);
  g_assert_cmpstr (query->after, ==, "a3");
  g_assert_false (glint_session_get_archive_caught_up (f->alice));
  emit_archived (f, "a4", 4);
  emit_archived (f, "a5", 5);
  stale_id = g_strdup (query->xmpp_id);
  emit_page (f, query->xmpp_id, "a4", "a5", FALSE);
  query = last_archive_query (f);
  g_assert_cmpstr (query->after, ==, "a5");

  /* An answer to the finished query is void; nothing moves. */
  emit_page (f, stale_id, "x1", "x9", TRUE);
  g_clear_pointer (&synced, g_free);
  synced = last_synced (f);
  g_assert_cmpstr (synced, ==, "a5");
  g_assert_false (glint_session_get_archive_caught_up (f->alice));

  /* Cut off mid-page: a6 is stored, the page never finishes. */
  emit_archived (f, "a6", 6);
  glint_fake_transport_drain (f->transport);
  reconnect (f);
  query = last_archive_query (f);
  g_assert_cmpstr (query->after, ==, "a5");
  emit_archived (f, "a6", 6);
  emit_archived (f, "a7", 7);
  emit_page (f, query->xmpp_id, "a6", "a7", TRUE);
  g_clear_pointer (&synced, g_free);
  synced = last_synced (f);
  g_assert_cmpstr (synced, ==, "a7");
  g_assert_true (glint_session_get_archive_caught_up (f->alice));
  g_assert_cmpint (glint_store_count_messages (f->store, ALICE, "bob@example.org"), ==, 7);
  g_assert_cmpuint (f->added->len, ==, 7);
  g_assert_cmpuint (glint_session_get_archive_fetched (f->alice), ==, 1);
}

static void
on_older (GlintSession *session, const char *peer, guint added, gboolean complete, guint *calls)
{
  (*calls)++;
}

/* Older history of one conversation: asked before the oldest stored
 * archive id; what comes goes before what is stored, even with the same
 * time (servers that stamp whole seconds), in the archive's order; the
 * archive's start is remembered. */
static void
test_archive_older (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) page = NULL;
  GlintCommand *query;
  guint calls = 0;

  emit_connection (f, ALICE, GLINT_CONNECTION_CONNECTED, GLINT_ERROR_NONE);
  emit_features (f, TRUE);
  glint_fake_transport_drain (f->transport);
  emit_archived (f, "a8", 8);
  emit_archived (f, "a9", 8);
  emit_page (f, last_archive_query (f)->xmpp_id, "a8", "a9", FALSE);
  g_signal_connect (f->alice, "older-fetched", G_CALLBACK (on_older), &calls);

  g_assert_true (glint_session_fetch_older (f->alice, "bob@example.org"));
  query = last_archive_query (f);
  g_assert_cmpstr (query->jid, ==, "bob@example.org");
  g_assert_cmpstr (query->before, ==, "a8");
  emit_archived (f, "a6", 8);
  emit_archived (f, "a7", 8);
  emit_page (f, query->xmpp_id, "a6", "a7", TRUE);
  g_assert_cmpuint (calls, ==, 1);

  page = glint_store_page_before (f->store, ALICE, "bob@example.org", G_MAXINT64, G_MAXINT64, 10, NULL);
  g_assert_cmpuint (page->len, ==, 4);
  g_assert_cmpstr (((GlintMessage *) page->pdata[0])->stanza_id, ==, "a6");
  g_assert_cmpstr (((GlintMessage *) page->pdata[1])->stanza_id, ==, "a7");
  g_assert_cmpstr (((GlintMessage *) page->pdata[2])->stanza_id, ==, "a8");
  g_assert_cmpstr (((GlintMessage *) page->pdata[3])->stanza_id, ==, "a9");

  /* The start is known: nothing more is asked. */
  g_assert_true (glint_session_fetch_older (f->alice, "bob@example.org"));
  g_assert_true (last_archive_query (f) == query);
  g_assert_cmpuint (calls, ==, 2);
}

/* The server's word that it has a message comes after what it says of
 * it: a bounce stays a failure, and the control, a pending one, turns
 * sent. */
static void
test_sent_after_bounce (Fixture *f, gconstpointer data)
{
  g_autoptr(GlintMessage) bounced = NULL;
  g_autoptr(GlintMessage) fine = NULL;
  g_autoptr(GPtrArray) page = NULL;
  GlintEvent *event;

  emit_connection (f, ALICE, GLINT_CONNECTION_CONNECTED, GLINT_ERROR_NONE);
  glint_fake_transport_drain (f->transport);
  bounced = glint_session_send_message (f->alice, "bob@example.org", "bounced", NULL);
  fine = glint_session_send_message (f->alice, "bob@example.org", "fine", NULL);
  event = glint_event_new (GLINT_EVENT_MESSAGE_ERROR, ALICE);
  event->jid = g_strdup ("bob@example.org");
  event->xmpp_id = g_strdup (bounced->origin_id);
  event->text = g_strdup ("service-unavailable");
  glint_fake_transport_emit (f->transport, event);
  for (guint i = 0; i < 2; i++)
    {
      event = glint_event_new (GLINT_EVENT_MESSAGE_SENT, ALICE);
      event->message_id = i == 0 ? bounced->id : fine->id;
      glint_fake_transport_emit (f->transport, event);
    }
  glint_fake_transport_drain (f->transport);
  page = glint_store_page_before (f->store, ALICE, "bob@example.org", G_MAXINT64, G_MAXINT64, 10, NULL);
  g_assert_cmpuint (page->len, ==, 2);
  g_assert_cmpint (((GlintMessage *) page->pdata[0])->state, ==, GLINT_MESSAGE_FAILED);
  g_assert_cmpint (((GlintMessage *) page->pdata[1])->state, ==, GLINT_MESSAGE_SENT);
}

/* An archive empty at the first login: the next login reads it from its
 * start, for everything in it came since. */
static void
test_archive_empty_first (Fixture *f, gconstpointer data)
{
  GlintCommand *query;

  emit_connection (f, ALICE, GLINT_CONNECTION_CONNECTED, GLINT_ERROR_NONE);
  emit_features (f, TRUE);
  glint_fake_transport_drain (f->transport);
  query = last_archive_query (f);
  g_assert_cmpstr (query->before, ==, "");
  emit_page (f, query->xmpp_id, NULL, NULL, TRUE);
  g_assert_true (glint_session_get_archive_caught_up (f->alice));

  reconnect (f);
  query = last_archive_query (f);
  g_assert_null (query->before);
  g_assert_null (query->after);
  emit_archived (f, "b1", 1);
  emit_page (f, query->xmpp_id, "b1", "b1", TRUE);
  g_assert_cmpint (glint_store_count_messages (f->store, ALICE, "bob@example.org"), ==, 1);

  /* And forward from there after that. */
  reconnect (f);
  g_assert_cmpstr (last_archive_query (f)->after, ==, "b1");
}

/* A server without an archive: the catch-up is over at once, and nothing
 * is asked. */
static void
test_archive_none (Fixture *f, gconstpointer data)
{
  emit_connection (f, ALICE, GLINT_CONNECTION_CONNECTED, GLINT_ERROR_NONE);
  emit_features (f, FALSE);
  glint_fake_transport_drain (f->transport);
  g_assert_true (glint_session_get_archive_caught_up (f->alice));
  g_assert_null (last_archive_query (f));
  g_assert_false (glint_session_fetch_older (f->alice, "bob@example.org"));
}

/* Without a stanza-id on the live copy (a server that stamps none), the
 * archive's copy is matched on side, words and time; a different message
 * with the same words an hour away is a message of its own. */
static void
test_archive_fallback_dedupe (Fixture *f, gconstpointer data)
{
  GlintMessage *live = incoming (ALICE, "bob@example.org", "ok", NULL);
  GlintMessage *earlier = incoming (ALICE, "bob@example.org", "ok", NULL);
  GlintMessage *copy = incoming (ALICE, "bob@example.org", "ok", NULL);
  GlintMessage *hour_later = incoming (ALICE, "bob@example.org", "ok", NULL);

  earlier->time_ms -= 3600 * 1000;
  emit_message (f, earlier);
  emit_message (f, live);
  copy->archived = TRUE;
  copy->time_ms += 2000;
  copy->stanza_id = g_strdup ("arch-1");
  copy->stanza_id_by = g_strdup (ALICE);
  emit_message (f, copy);
  hour_later->archived = TRUE;
  hour_later->time_ms += 3600 * 1000;
  hour_later->stanza_id = g_strdup ("arch-2");
  hour_later->stanza_id_by = g_strdup (ALICE);
  emit_message (f, hour_later);
  glint_fake_transport_drain (f->transport);
  g_assert_cmpint (glint_store_count_messages (f->store, ALICE, "bob@example.org"), ==, 3);
  g_assert_cmpuint (f->added->len, ==, 3);
}

/* When an offline contact was last online, in words (XEP-0012). */
static void
test_contact_last_seen (void)
{
  g_autoptr(GlintContact) contact = glint_contact_new ("alice@example.org", "bob@example.org");
  gint64 now = 1700000000000;
  struct { gint64 seconds; const char *status; const char *want; } cases[] = {
    { 30, NULL, "Last seen just now" },
    { 60, NULL, "Last seen 1 minute ago" },
    { 45 * 60, "<b>gone</b>", "Last seen 45 minutes ago: “<b>gone</b>”" },
    { 2 * 3600 + 5, NULL, "Last seen 2 hours ago" },
    { 3 * 86400, NULL, "Last seen 3 days ago" },
  };

  g_assert_null (glint_contact_describe_last_seen (contact, now));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *said = NULL;

      glint_contact_set_last_activity (contact, cases[i].seconds, cases[i].status, now);
      said = glint_contact_describe_last_seen (contact, now);
      g_assert_cmpstr (said, ==, cases[i].want);
    }
  /* Offline: asked once, then not again within the interval. */
  g_assert_true (glint_contact_take_last_activity_turn (contact, 1000, 600));
  g_assert_false (glint_contact_take_last_activity_turn (contact, 1500, 600));
  g_assert_true (glint_contact_take_last_activity_turn (contact, 1700, 600));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/session/login-pushes-connect", test_login_pushes_connect);
  ADD ("/session/roster-and-presence", test_roster_and_presence);
  ADD ("/session/message-dedupe", test_message_dedupe);
  ADD ("/session/outbox", test_outbox);
  ADD ("/session/conflict-takes-new-resource", test_conflict_takes_new_resource);
  ADD ("/session/two-accounts", test_two_accounts);
  ADD ("/session/invisible-needs-support", test_invisible_needs_support);
  ADD ("/session/attention-limits", test_attention_limits);
  ADD ("/session/archive-catch-up", test_archive_catch_up);
  ADD ("/session/archive-none", test_archive_none);
  ADD ("/session/sent-after-bounce", test_sent_after_bounce);
  ADD ("/session/archive-older", test_archive_older);
  ADD ("/session/archive-empty-first", test_archive_empty_first);
  ADD ("/session/archive-fallback-dedupe", test_archive_fallback_dedupe);
#undef ADD
  g_test_add_func ("/event-pipe/yields-to-drawing", test_pipe_yields_to_drawing);
  g_test_add_func ("/account/sasl-rank", test_sasl_rank);
  g_test_add_func ("/contact/last-seen", test_contact_last_seen);
  g_test_add_func ("/account/mechanism-is-earned", test_mechanism_is_earned);
  return g_test_run ();
}

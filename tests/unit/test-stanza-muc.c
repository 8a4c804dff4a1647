/* Unit tests: rooms (XEP-0045) as the parser hears them, and what it
 * refuses from hostile rooms and occupants */
#include <string.h>

#include "glint-stanza.h"

#define ROOM "lounge@conference.example.org"

typedef struct
{
  xmpp_ctx_t         *ctx;
  GHashTable         *rooms;
  GlintStanzaRoom    *room;
  GlintStanzaContext  sctx;
  GPtrArray          *events;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->ctx = xmpp_ctx_new (NULL, NULL);
  f->events = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_event_free);
  f->rooms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, glint_stanza_room_free);
  f->room = g_new0 (GlintStanzaRoom, 1);
  f->room->jid = g_strdup (ROOM);
  f->room->nick = g_strdup ("alice");
  f->room->ids_trusted = TRUE;
  f->room->joined = TRUE;
  g_hash_table_insert (f->rooms, g_strdup (ROOM), f->room);
  f->sctx.account = "alice@example.org";
  f->sctx.stanza_ids_trusted = TRUE;
  f->sctx.now_ms = 1800000000000;
  f->sctx.rooms = f->rooms;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_ptr_array_unref (f->events);
  g_hash_table_unref (f->rooms);
  xmpp_ctx_free (f->ctx);
}

static gboolean
parse (Fixture    *f,
       const char *xml)
{
  xmpp_stanza_t *stanza = xmpp_stanza_new_from_string (f->ctx, xml);
  gboolean handled;

  g_assert_nonnull (stanza);
  g_ptr_array_set_size (f->events, 0);
  handled = glint_stanza_parse (&f->sctx, stanza, f->events);
  xmpp_stanza_release (stanza);
  return handled;
}

static GlintEvent *
only_event (Fixture        *f,
            GlintEventType  type)
{
  g_assert_cmpuint (f->events->len, ==, 1);
  g_assert_cmpint (((GlintEvent *) f->events->pdata[0])->type, ==, type);
  return f->events->pdata[0];
}

static void
test_groupchat_message (Fixture *f, gconstpointer data)
{
  GlintMessage *msg;

  g_assert_true (parse (f, "<message type='groupchat' from='" ROOM "/bob' id='m1'>"
                           "<body>hello &lt;b&gt;all&lt;/b&gt;</body>"
                           "<stanza-id xmlns='urn:xmpp:sid:0' by='" ROOM "' id='room-1'/>"
                           "<stanza-id xmlns='urn:xmpp:sid:0' by='alice@example.org' id='ours'/>"
                           "</message>"));
  msg = only_event (f, GLINT_EVENT_MESSAGE)->message;
  g_assert_cmpint (msg->kind, ==, GLINT_CONVERSATION_GROUPCHAT);
  g_assert_cmpstr (msg->peer, ==, ROOM);
  g_assert_cmpstr (msg->sender, ==, ROOM "/bob");
  g_assert_cmpstr (msg->occupant_nick, ==, "bob");
  /* Text, never markup: kept as written. */
  g_assert_cmpstr (msg->body, ==, "hello <b>all</b>");
  g_assert_cmpint (msg->direction, ==, GLINT_DIRECTION_IN);
  /* The room's stamp, not one claiming our own archive. */
  g_assert_cmpstr (msg->stanza_id, ==, "room-1");
  g_assert_cmpstr (msg->stanza_id_by, ==, ROOM);
  g_assert_false (msg->archived);
}

static void
test_groupchat_reflection (Fixture *f, gconstpointer data)
{
  GlintMessage *msg;

  g_assert_true (parse (f, "<message type='groupchat' from='" ROOM "/alice' id='o1'>"
                           "<body>mine</body><origin-id xmlns='urn:xmpp:sid:0' id='o1'/></message>"));
  msg = only_event (f, GLINT_EVENT_MESSAGE)->message;
  g_assert_cmpint (msg->direction, ==, GLINT_DIRECTION_OUT);
  g_assert_cmpint (msg->state, ==, GLINT_MESSAGE_SENT);
  g_assert_cmpstr (msg->origin_id, ==, "o1");
}

/* Only a room we are in speaks to everyone. */
static void
test_groupchat_not_a_room (Fixture *f, gconstpointer data)
{
  g_assert_false (parse (f, "<message type='groupchat' from='bob@example.org/x'><body>spoof</body></message>"));
  g_assert_cmpuint (f->events->len, ==, 0);
  g_assert_false (parse (f, "<message type='groupchat' from='other@conference.example.org/bob'>"
                            "<body>spoof</body></message>"));
  g_assert_cmpuint (f->events->len, ==, 0);
  /* The control: the same from our room gets through. */
  g_assert_true (parse (f, "<message type='groupchat' from='" ROOM "/bob'><body>spoof</body></message>"));
  only_event (f, GLINT_EVENT_MESSAGE);
}

static void
test_groupchat_spoofed_ids (Fixture *f, gconstpointer data)
{
  GlintMessage *msg;

  /* Two stamps claiming the room: an occupant added one; none is kept. */
  g_assert_true (parse (f, "<message type='groupchat' from='" ROOM "/mallory'><body>x</body>"
                           "<stanza-id xmlns='urn:xmpp:sid:0' by='" ROOM "' id='fake'/>"
                           "<stanza-id xmlns='urn:xmpp:sid:0' by='" ROOM "' id='real'/></message>"));
  msg = only_event (f, GLINT_EVENT_MESSAGE)->message;
  g_assert_null (msg->stanza_id);
  /* A room that stamps nothing: any stamp is an occupant's. */
  f->room->ids_trusted = FALSE;
  g_assert_true (parse (f, "<message type='groupchat' from='" ROOM "/mallory'><body>x</body>"
                           "<stanza-id xmlns='urn:xmpp:sid:0' by='" ROOM "' id='fake'/></message>"));
  g_assert_null (only_event (f, GLINT_EVENT_MESSAGE)->message->stanza_id);
  /* The control: a stamping room's single stamp is kept. */
  f->room->ids_trusted = TRUE;
  g_assert_true (parse (f, "<message type='groupchat' from='" ROOM "/mallory'><body>x</body>"
                           "<stanza-id xmlns='urn:xmpp:sid:0' by='" ROOM "' id='real'/></message>"));
  g_assert_cmpstr (only_event (f, GLINT_EVENT_MESSAGE)->message->stanza_id, ==, "real");
}

static void
test_groupchat_history (Fixture *f, gconstpointer data)
{
  GlintMessage *msg;

  g_assert_true (parse (f, "<message type='groupchat' from='" ROOM "/bob'><body>old</body>"
                           "<delay xmlns='urn:xmpp:delay' from='" ROOM "' stamp='2025-01-01T00:00:00Z'/></message>"));
  msg = only_event (f, GLINT_EVENT_MESSAGE)->message;
  g_assert_true (msg->archived);
  g_assert_cmpint (msg->time_ms, ==, G_GINT64_CONSTANT (1735689600000));
}

static void
test_subject (Fixture *f, gconstpointer data)
{
  GlintEvent *event;

  g_assert_true (parse (f, "<message type='groupchat' from='" ROOM "/bob'>"
                           "<subject>Plans \xe2\x80\xae" "evil</subject></message>"));
  event = only_event (f, GLINT_EVENT_ROOM_SUBJECT);
  g_assert_cmpstr (event->jid, ==, ROOM);
  g_assert_cmpstr (event->name, ==, "bob");
  /* The bidi override is gone. */
  g_assert_cmpstr (event->text, ==, "Plans evil");
  g_assert_true (parse (f, "<message type='groupchat' from='" ROOM "'><subject/></message>"));
  event = only_event (f, GLINT_EVENT_ROOM_SUBJECT);
  g_assert_null (event->text);
  g_assert_null (event->name);
}

static void
test_occupant (Fixture *f, gconstpointer data)
{
  GlintOccupantInfo *info;

  g_assert_true (parse (f, "<presence from='" ROOM "/b&lt;i&gt;ob'><show>away</show><status>lunch\xe2\x80\xae</status>"
                           "<x xmlns='http://jabber.org/protocol/muc#user'>"
                           "<item affiliation='member' role='participant' jid='Bob@Example.org/phone'/>"
                           "</x></presence>"));
  info = only_event (f, GLINT_EVENT_OCCUPANT)->occupant;
  g_assert_cmpstr (info->nick, ==, "b<i>ob");
  g_assert_cmpstr (info->show, ==, "away");
  g_assert_cmpstr (info->status, ==, "lunch");
  g_assert_cmpstr (info->role, ==, "participant");
  g_assert_cmpstr (info->affiliation, ==, "member");
  g_assert_cmpstr (info->real_jid, ==, "bob@example.org");
  g_assert_true (info->available);
  g_assert_cmpint (info->codes & GLINT_MUC_SELF, ==, 0);

  /* Words the XEP does not define are none. */
  g_assert_true (parse (f, "<presence from='" ROOM "/eve'><x xmlns='http://jabber.org/protocol/muc#user'>"
                           "<item affiliation='god' role='king'/></x></presence>"));
  info = only_event (f, GLINT_EVENT_OCCUPANT)->occupant;
  g_assert_null (info->role);
  g_assert_null (info->affiliation);
}

static void
test_occupant_kicked (Fixture *f, gconstpointer data)
{
  GlintOccupantInfo *info;

  g_assert_true (parse (f, "<presence type='unavailable' from='" ROOM "/alice'>"
                           "<x xmlns='http://jabber.org/protocol/muc#user'>"
                           "<item affiliation='none' role='none'><reason>spam</reason></item>"
                           "<status code='307'/><status code='110'/></x></presence>"));
  info = only_event (f, GLINT_EVENT_OCCUPANT)->occupant;
  g_assert_false (info->available);
  g_assert_cmpint (info->codes & (GLINT_MUC_SELF | GLINT_MUC_KICKED), ==, GLINT_MUC_SELF | GLINT_MUC_KICKED);
  g_assert_cmpstr (info->reason, ==, "spam");
}

static void
test_nick_change (Fixture *f, gconstpointer data)
{
  GlintOccupantInfo *info;

  g_assert_true (parse (f, "<presence type='unavailable' from='" ROOM "/bob'>"
                           "<x xmlns='http://jabber.org/protocol/muc#user'>"
                           "<item affiliation='none' role='participant' nick='robert'/>"
                           "<status code='303'/></x></presence>"));
  info = only_event (f, GLINT_EVENT_OCCUPANT)->occupant;
  g_assert_cmpint (info->codes & GLINT_MUC_NICK_CHANGED, !=, 0);
  g_assert_cmpstr (info->new_nick, ==, "robert");
}

static void
test_join_refused (Fixture *f, gconstpointer data)
{
  GlintEvent *event;

  f->room->joined = FALSE;
  g_assert_true (parse (f, "<presence type='error' from='" ROOM "/alice'>"
                           "<error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                           "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>taken</text></error></presence>"));
  event = only_event (f, GLINT_EVENT_ROOM_ERROR);
  g_assert_cmpstr (event->condition, ==, "conflict");
  g_assert_cmpstr (event->text, ==, "taken");
}

/* A private message from an occupant is a conversation with room/nick,
 * never with the real address the message claims. */
static void
test_private_message (Fixture *f, gconstpointer data)
{
  GlintMessage *msg;

  g_assert_true (parse (f, "<message type='chat' from='" ROOM "/bob' id='p1'><body>psst</body>"
                           "<x xmlns='http://jabber.org/protocol/muc#user'><item jid='carol@example.org'/></x>"
                           "</message>"));
  msg = only_event (f, GLINT_EVENT_MESSAGE)->message;
  g_assert_cmpint (msg->kind, ==, GLINT_CONVERSATION_PRIVATE);
  g_assert_cmpstr (msg->peer, ==, ROOM "/bob");
  g_assert_cmpstr (msg->sender, ==, ROOM "/bob");
  /* The control: the same from a contact is a chat with the contact. */
  g_assert_true (parse (f, "<message type='chat' from='carol@example.org/x' id='p2'><body>psst</body></message>"));
  msg = only_event (f, GLINT_EVENT_MESSAGE)->message;
  g_assert_cmpint (msg->kind, ==, GLINT_CONVERSATION_CHAT);
  g_assert_cmpstr (msg->peer, ==, "carol@example.org");
}

/* Bookmarks come from our own account only. */
static void
test_bookmark_event (Fixture *f, gconstpointer data)
{
  const char *event = "<message from='%s' type='headline'><event xmlns='http://jabber.org/protocol/pubsub#event'>"
                      "<items node='urn:xmpp:bookmarks:1'><item id='" ROOM "'>"
                      "<conference xmlns='urn:xmpp:bookmarks:1' name='Lou\xe2\x80\xae" "nge' autojoin='true'>"
                      "<nick>al</nick><password>pw</password></conference></item>"
                      "<retract id='old@conference.example.org'/></items></event></message>";
  g_autofree char *forged = g_strdup_printf (event, "mallory@example.org");
  g_autofree char *ours = g_strdup_printf (event, "alice@example.org");
  GlintEvent *added, *removed;

  g_assert_false (parse (f, forged));
  g_assert_cmpuint (f->events->len, ==, 0);
  g_assert_true (parse (f, ours));
  g_assert_cmpuint (f->events->len, ==, 2);
  added = f->events->pdata[0];
  removed = f->events->pdata[1];
  g_assert_cmpint (added->type, ==, GLINT_EVENT_BOOKMARK);
  g_assert_false (added->removed);
  g_assert_cmpstr (added->bookmark->jid, ==, ROOM);
  g_assert_cmpstr (added->bookmark->name, ==, "Lounge");
  g_assert_cmpstr (added->bookmark->nick, ==, "al");
  g_assert_cmpstr (added->bookmark->password, ==, "pw");
  g_assert_true (added->bookmark->autojoin);
  g_assert_true (removed->removed);
  g_assert_cmpstr (removed->bookmark->jid, ==, "old@conference.example.org");
}

static void
test_build_join (Fixture *f, gconstpointer data)
{
  xmpp_stanza_t *join = glint_stanza_new_join (f->ctx, ROOM, "alice", "secret", 1735689600000, FALSE);
  xmpp_stanza_t *x = xmpp_stanza_get_child_by_name_and_ns (join, "x", GLINT_NS_MUC);
  xmpp_stanza_t *history = xmpp_stanza_get_child_by_name (x, "history");
  char *text = xmpp_stanza_get_text (xmpp_stanza_get_child_by_name (x, "password"));

  g_assert_cmpstr (xmpp_stanza_get_to (join), ==, ROOM "/alice");
  g_assert_cmpstr (text, ==, "secret");
  g_assert_cmpstr (xmpp_stanza_get_attribute (history, "since"), ==, "2025-01-01T00:00:00Z");
  xmpp_free (f->ctx, text);
  xmpp_stanza_release (join);

  join = glint_stanza_new_join (f->ctx, ROOM, "alice", NULL, 0, FALSE);
  x = xmpp_stanza_get_child_by_name_and_ns (join, "x", GLINT_NS_MUC);
  g_assert_null (xmpp_stanza_get_child_by_name (x, "password"));
  g_assert_cmpstr (xmpp_stanza_get_attribute (xmpp_stanza_get_child_by_name (x, "history"), "maxstanzas"), ==, "50");
  xmpp_stanza_release (join);
}

/* The value of field @var in the submitted form of @iq's owner query. */
static char *
form_value (xmpp_stanza_t *iq,
            const char    *var)
{
  xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns (iq, "query", GLINT_NS_MUC_OWNER);
  xmpp_stanza_t *form = xmpp_stanza_get_child_by_name_and_ns (query, "x", "jabber:x:data");

  g_assert_cmpstr (xmpp_stanza_get_type (form), ==, "submit");
  for (xmpp_stanza_t *field = xmpp_stanza_get_children (form); field; field = xmpp_stanza_get_next (field))
    if (g_strcmp0 (xmpp_stanza_get_attribute (field, "var"), var) == 0)
      {
        char *text = xmpp_stanza_get_text (xmpp_stanza_get_child_by_name (field, "value"));
        char *copy = g_strdup (text);

        xmpp_free (xmpp_stanza_get_context (iq), text);
        return copy;
      }
  return NULL;
}

/* A room we make: named when the user gave a name, else the service's
 * defaults as they are (an empty form, XEP-0045's instant room). */
static void
test_build_room_settings (Fixture *f, gconstpointer data)
{
  xmpp_stanza_t *named = glint_stanza_new_room_settings (f->ctx, "s1", ROOM, "Team <room>");
  xmpp_stanza_t *instant = glint_stanza_new_room_settings (f->ctx, "s2", ROOM, NULL);
  g_autofree char *form_type = form_value (named, "FORM_TYPE");
  g_autofree char *name = form_value (named, "muc#roomconfig_roomname");
  xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns (instant, "query", GLINT_NS_MUC_OWNER);

  g_assert_cmpstr (xmpp_stanza_get_to (named), ==, ROOM);
  g_assert_cmpstr (xmpp_stanza_get_type (named), ==, "set");
  g_assert_cmpstr (form_type, ==, "http://jabber.org/protocol/muc#roomconfig");
  g_assert_cmpstr (name, ==, "Team <room>");
  g_assert_null (xmpp_stanza_get_children (xmpp_stanza_get_child_by_name_and_ns (query, "x", "jabber:x:data")));
  xmpp_stanza_release (named);
  xmpp_stanza_release (instant);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  xmpp_initialize ();
#define ADD(path, func) g_test_add ("/stanza-muc/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("groupchat-message", test_groupchat_message);
  ADD ("groupchat-reflection", test_groupchat_reflection);
  ADD ("groupchat-not-a-room", test_groupchat_not_a_room);
  ADD ("groupchat-spoofed-ids", test_groupchat_spoofed_ids);
  ADD ("groupchat-history", test_groupchat_history);
  ADD ("subject", test_subject);
  ADD ("occupant", test_occupant);
  ADD ("occupant-kicked", test_occupant_kicked);
  ADD ("nick-change", test_nick_change);
  ADD ("join-refused", test_join_refused);
  ADD ("private-message", test_private_message);
  ADD ("build-join", test_build_join);
  ADD ("build-room-settings", test_build_room_settings);
  ADD ("bookmark-event", test_bookmark_event);
  return g_test_run ();
}

/* Integration tests of group chat (XEP-0045): joining, talking both ways,
 * nicks, subjects, being sent out, history after a rejoin and from a
 * room's archive, bookmarks, invitations, moderation, public rooms and
 * hostile occupants (crowds are in test-rooms-crowd.c). Against a real Prosody (muc, muc_mam) and ejabberd (mod_muc),
 * with slixmpp peers as the other occupants. Run through
 * tests/harness/xmpp-env.py. */
#include "config.h"

#include <string.h>

#include "glint-jid.h"
#include "glint-session.h"
#include "glint-test-rooms.h"

static void
on_notice (GlintRoom  *room,
           const char *line,
           GPtrArray  *lines)
{
  g_ptr_array_add (lines, g_strdup (line));
}

typedef struct
{
  GPtrArray  *lines;
  const char *line;
} NoticeWait;

static guint
count_line (GPtrArray  *lines,
            const char *line)
{
  guint n = 0;

  for (guint i = 0; i < lines->len; i++)
    n += g_strcmp0 (lines->pdata[i], line) == 0;
  return n;
}

static gboolean
has_notice (gpointer data)
{
  NoticeWait *w = data;

  return count_line (w->lines, w->line) > 0;
}

/* Join, see who is there, talk both ways; our own message comes back
 * from the room and is stored once. */
static void
test_talk (Fixture *f, gconstpointer data)
{
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *room_address = room_jid ("talk");
  g_autofree char *from_alice = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlintMessage) sent = NULL;
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  const GlintMessage *heard;
  GlintRoom *room;
  JsonObject *got;
  PendingWait outbox;

  login (f, "alice");
  room = join (f, room_address, "alice");
  g_assert_true (glint_occupant_is_self (glint_room_get_self (room)));
  /* We made the room: its owner, and a moderator. */
  g_assert_cmpstr (glint_occupant_get_affiliation (glint_room_get_self (room)), ==, "owner");
  g_assert_cmpint (glint_occupant_get_role (glint_room_get_self (room)), ==, GLINT_ROLE_MODERATOR);

  peer_join (peer, room_address, "bob");
  wait_occupant (room, "bob", TRUE);
  peer_say (peer, room_address, "hello from bob");
  heard = wait_added (f, room_address, "hello from bob");
  g_assert_cmpint (heard->kind, ==, GLINT_CONVERSATION_GROUPCHAT);
  g_assert_cmpint (heard->direction, ==, GLINT_DIRECTION_IN);
  g_assert_cmpstr (heard->occupant_nick, ==, "bob");
  g_assert_false (heard->archived);
  g_assert_cmpint (count_in_store (f, room_address, "hello from bob"), ==, 1);

  sent = glint_session_send_message (f->session, room_address, "hello from alice", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sent->kind, ==, GLINT_CONVERSATION_GROUPCHAT);
  from_alice = g_strdup_printf ("%s/alice", room_address);
  got = glint_test_peer_wait_for (peer, "message", "body", "hello from alice", 20);
  g_assert_nonnull (got);
  g_assert_cmpstr (json_object_get_string_member (got, "type"), ==, "groupchat");
  g_assert_cmpstr (json_object_get_string_member (got, "from"), ==, from_alice);
  /* The room's copy of ours is no second message. */
  outbox = (PendingWait) { f->store, glint_session_get_account_jid (f->session), NULL };
  g_assert_true (glint_test_wait (outbox_empty, &outbox, 20));
  peer_say (peer, room_address, "after yours");
  wait_added (f, room_address, "after yours");
  g_assert_cmpint (count_in_store (f, room_address, "hello from alice"), ==, 1);
  g_assert_cmpint (state_of (f, room_address, "hello from alice"), ==, GLINT_MESSAGE_SENT);

  glint_test_peer_stop (peer);
  wait_occupant (room, "bob", FALSE);
}

/* The subject and nicks change, as the room says; each is a line. */
static void
test_subject_and_nicks (Fixture *f, gconstpointer data)
{
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *room_address = room_jid ("nicks");
  g_autofree char *cmd = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  NoticeWait renamed = { lines, "bob is now known as robert" };
  GlintRoom *room;

  login (f, "alice");
  room = join (f, room_address, "alice");
  g_signal_connect (room, "notice", G_CALLBACK (on_notice), lines);
  peer_join (peer, room_address, "bob");
  wait_occupant (room, "bob", TRUE);

  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<presence to='%s/robert'/>\"}", room_address);
  glint_test_peer_command (peer, cmd);
  g_assert_true (glint_test_wait (has_notice, &renamed, 20));
  wait_occupant (room, "robert", TRUE);
  g_assert_null (glint_room_lookup_occupant (room, "bob"));

  /* Our own nick. */
  g_assert_true (glint_session_change_nick (f->session, room_address, "alicia", &error));
  g_assert_no_error (error);
  wait_occupant (room, "alicia", TRUE);
  g_assert_cmpstr (glint_room_get_nick (room), ==, "alicia");
  g_assert_cmpint (glint_room_get_state (room), ==, GLINT_ROOM_JOINED);

  /* The room's owner may set the subject. */
  g_assert_true (glint_session_set_room_subject (f->session, room_address, "Lunch plans", &error));
  g_assert_no_error (error);
  {
    NoticeWait ours = { lines, "alicia changed the subject to: Lunch plans" };

    g_assert_true (glint_test_wait (has_notice, &ours, 20));
  }
  g_assert_cmpstr (glint_room_get_subject (room), ==, "Lunch plans");
  glint_test_peer_stop (peer);
}

/* A moderator sends us out, then bans us: the room says so in words each
 * time and we are out; before that we were in (the control). */
static void
test_kicked (Fixture *f, gconstpointer data)
{
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *room_address = room_jid ("kick");
  g_autofree char *kick = NULL;
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  GlintRoom *room;

  login (f, "alice");
  /* bob makes the room, so he is its moderator. */
  peer_join (peer, room_address, "bob");
  room = join (f, room_address, "alice");
  wait_occupant (room, "bob", TRUE);
  g_assert_cmpint (glint_occupant_get_role (glint_room_get_self (room)), ==, GLINT_ROLE_PARTICIPANT);
  g_assert_null (glint_room_get_problem (room));

  kick = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<iq type='set' id='kick' to='%s'>"
                          "<query xmlns='http://jabber.org/protocol/muc#admin'>"
                          "<item nick='alice' role='none'><reason>too loud</reason></item></query></iq>\"}",
                          room_address);
  glint_test_peer_command (peer, kick);
  wait_room_state (room, GLINT_ROOM_REFUSED);
  g_assert_cmpstr (glint_room_get_problem (room), ==,
                   "You were removed from this room by a moderator. Reason: too loud");
  g_assert_cmpuint (g_list_model_get_n_items (glint_room_get_occupants (room)), ==, 0);

  /* Back in, by the user's choice; then banned, and refused after. */
  room = join (f, room_address, "alice");
  g_clear_pointer (&kick, g_free);
  kick = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<iq type='set' id='ban' to='%s'>"
                          "<query xmlns='http://jabber.org/protocol/muc#admin'>"
                          "<item jid='%s' affiliation='outcast'/></query></iq>\"}",
                          room_address, glint_session_get_account_jid (f->session));
  glint_test_peer_command (peer, kick);
  wait_room_state (room, GLINT_ROOM_REFUSED);
  g_assert_cmpstr (glint_room_get_problem (room), ==, "You were banned from this room.");
  g_assert_nonnull (glint_session_join_room (f->session, room_address, "alice", NULL, NULL));
  wait_room_state (room, GLINT_ROOM_JOINING);
  wait_room_state (room, GLINT_ROOM_REFUSED);
  g_assert_true (g_str_has_prefix (glint_room_get_problem (room), "You are banned from this room."));
  glint_test_peer_stop (peer);
}

/* What was said while we were out comes when we are back, and what we
 * had is not stored twice. */
static void
test_history_after_rejoin (Fixture *f, gconstpointer data)
{
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *room_address = room_jid ("history");
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  const GlintMessage *missed;

  login (f, "alice");
  peer_join (peer, room_address, "bob");
  peer_say (peer, room_address, "before alice");
  join (f, room_address, "alice");
  /* History from before we came: stored, not news. */
  missed = wait_added (f, room_address, "before alice");
  g_assert_true (missed->archived);
  peer_say (peer, room_address, "while alice is in");
  wait_added (f, room_address, "while alice is in");

  glint_session_leave_room (f->session, room_address);
  g_assert_null (glint_session_lookup_room (f->session, room_address));
  {
    g_autofree char *alice_there = g_strdup_printf ("%s/alice", room_address);
    JsonObject *gone;

    do
      gone = glint_test_peer_wait_for (peer, "presence", "from", alice_there, 20);
    while (gone && g_strcmp0 (json_object_get_string_member (gone, "type"), "unavailable") != 0);
    g_assert_nonnull (gone);
  }
  peer_say (peer, room_address, "while alice is out");
  glint_test_peer_command (peer, "{\"cmd\":\"ping\"}");
  g_assert_nonnull (glint_test_peer_expect (peer, "ok", "cmd", "ping"));

  join (f, room_address, "alice");
  missed = wait_added (f, room_address, "while alice is out");
  g_assert_true (missed->archived);
  peer_say (peer, room_address, "after the rejoin");
  wait_added (f, room_address, "after the rejoin");
  g_assert_cmpint (count_in_store (f, room_address, "before alice"), ==, 1);
  g_assert_cmpint (count_in_store (f, room_address, "while alice is in"), ==, 1);
  g_assert_cmpint (count_in_store (f, room_address, "while alice is out"), ==, 1);
  glint_test_peer_stop (peer);
}

static const GlintMessage *
stored (Fixture    *f,
        const char *peer,
        const char *body,
        GPtrArray **keep)
{
  *keep = glint_store_page_before (f->store, glint_session_get_account_jid (f->session), peer,
                                   G_MAXINT64, G_MAXINT64, 1000, NULL);
  for (guint i = 0; i < (*keep)->len; i++)
    if (g_strcmp0 (((GlintMessage *) (*keep)->pdata[i])->body, body) == 0)
      return (*keep)->pdata[i];
  return NULL;
}

/* A hostile occupant: markup and bidi in its nick and words, a forged
 * stanza-id, a forged groupchat message from outside the room, and a
 * private message that must not land in the real contact's chat. Each
 * beside a genuine one that does get through. */
static void
test_hostile_occupant (Fixture *f, gconstpointer data)
{
  g_autofree char *carol = jid_of ("carol");
  g_autofree char *room_address = room_jid ("hostile");
  g_autofree char *nick_from = NULL;
  g_autofree char *cmd = NULL;
  g_autofree char *glint_jid = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autoptr(GPtrArray) page2 = NULL;
  GlintTestPeer *peer = glint_test_peer_start (carol, "carol-pw", NULL);
  /* Servers prepare nicks (no bidi controls there): markup it is. */
  const char *nick = "<b>carol</b>";
  const GlintMessage *msg;
  GlintRoom *room;
  GlintOccupant *occupant;

  login (f, "alice");
  room = join (f, room_address, "alice");
  peer_join (peer, room_address, nick);
  wait_occupant (room, nick, TRUE);
  occupant = glint_room_lookup_occupant (room, nick);
  /* Plain text: the UI never reads it as markup. */
  g_assert_cmpstr (glint_occupant_get_display_nick (occupant), ==, "<b>carol</b>");

  /* A stanza-id claiming the room, beside the room's own. */
  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<message type='groupchat' to='%s' id='h1'>"
                         "<body>&lt;i&gt;forged\xe2\x80\xae id&lt;/i&gt;</body>"
                         "<stanza-id xmlns='urn:xmpp:sid:0' by='%s' id='forged-id'/></message>\"}",
                         room_address, room_address);
  glint_test_peer_command (peer, cmd);
  wait_added (f, room_address, "<i>forged id</i>");
  msg = stored (f, room_address, "<i>forged id</i>", &page);
  g_assert_nonnull (msg);
  g_assert_cmpstr (msg->occupant_nick, ==, "<b>carol</b>");
  g_assert_cmpstr (msg->stanza_id, !=, "forged-id");

  /* A groupchat message straight from carol's own address is no room's. */
  glint_jid = g_strdup_printf ("%s/%s", glint_session_get_account_jid (f->session),
                               glint_session_get_account (f->session)->resource);
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<message type='groupchat' to='%s'>"
                         "<body>not from the room</body></message>\"}", glint_jid);
  glint_test_peer_command (peer, cmd);

  /* A private message through the room, claiming to be carol. */
  nick_from = g_strdup_printf ("%s/%s", room_address, nick);
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<message type='chat' to='%s/alice' id='pm1'>"
                         "<body>private words</body><x xmlns='http://jabber.org/protocol/muc#user'/>"
                         "</message>\"}", room_address);
  glint_test_peer_command (peer, cmd);
  msg = wait_added (f, nick_from, "private words");
  g_assert_cmpint (msg->kind, ==, GLINT_CONVERSATION_PRIVATE);
  g_assert_null (added_in (f, carol, "private words"));

  /* The controls: the genuine room message and carol's own chat. */
  peer_say (peer, room_address, "genuine");
  msg = wait_added (f, room_address, "genuine");
  g_assert_cmpint (msg->kind, ==, GLINT_CONVERSATION_GROUPCHAT);
  glint_test_peer_send (peer, glint_session_get_account_jid (f->session), "direct words");
  wait_added (f, carol, "direct words");
  g_assert_null (added_in (f, glint_session_get_account_jid (f->session), "not from the room"));
  for (guint i = 0; i < f->added->len; i++)
    g_assert_cmpstr (((GlintMessage *) f->added->pdata[i])->body, !=, "not from the room");
  /* The room stamps its messages: the genuine one carries the room's id. */
  msg = stored (f, room_address, "genuine", &page2);
  g_assert_nonnull (msg);
  g_assert_nonnull (msg->stanza_id);
  g_assert_cmpstr (msg->stanza_id_by, ==, room_address);
  glint_test_peer_stop (peer);
}

static gboolean
bookmarks_loaded (gpointer data)
{
  return glint_session_get_bookmarks_loaded (data);
}

typedef struct
{
  GlintSession *session;
  const char   *jid;
  gboolean      autojoin;
} BookmarkWait;

static gboolean
has_bookmark (gpointer data)
{
  BookmarkWait *w = data;
  const GlintBookmark *bookmark = glint_session_lookup_bookmark (w->session, w->jid);

  return bookmark != NULL && !bookmark->autojoin == !w->autojoin;
}

static gboolean
no_bookmark (gpointer data)
{
  BookmarkWait *w = data;

  return glint_session_lookup_bookmark (w->session, w->jid) == NULL;
}

static gboolean
room_joined (gpointer data)
{
  BookmarkWait *w = data;
  GlintRoom *room = glint_session_lookup_room (w->session, w->jid);

  return room != NULL && glint_room_get_state (room) == GLINT_ROOM_JOINED;
}

/* The JSON line for the peer to publish one XEP-0402 bookmark. */
static char *
publish_bookmark (const char *room,
                  const char *attributes,
                  const char *children)
{
  return g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<iq type='set' id='bm-%s'><pubsub "
                          "xmlns='http://jabber.org/protocol/pubsub'><publish node='urn:xmpp:bookmarks:1'>"
                          "<item id='%s'><conference xmlns='urn:xmpp:bookmarks:1' %s>%s</conference></item>"
                          "</publish><publish-options>"
                          "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'>"
                          "<value>http://jabber.org/protocol/pubsub#publish-options</value></field>"
                          "<field var='pubsub#persist_items'><value>true</value></field>"
                          "<field var='pubsub#max_items'><value>max</value></field>"
                          "<field var='pubsub#access_model'><value>whitelist</value></field>"
                          "</x></publish-options></pubsub></iq>\"}", room, room, attributes, children);
}

/* Bookmarks: one saved here is joined at the next login (a new client,
 * as after a restart); one the user's other device adds appears here and,
 * marked to join, is joined at once; one not so marked is only listed. */
static void
test_bookmarks (Fixture *f, gconstpointer data)
{
  g_autofree char *kept = room_jid ("kept");
  g_autofree char *elsewhere = room_jid ("elsewhere");
  g_autofree char *listed = room_jid ("listed");
  g_autofree char *config = g_build_filename (f->dir, "accounts.ini", NULL);
  g_autofree char *cmd = NULL;
  g_autoptr(GlintBookmark) bookmark = glint_bookmark_new (kept);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlintAccount) account = glint_test_account ("heidi", "GLINT_TEST_DOMAIN");
  g_autofree char *heidi = jid_of ("heidi");
  GlintTestPeer *phone = NULL;
  BookmarkWait saved = { NULL, kept, TRUE };
  BookmarkWait from_phone = { NULL, elsewhere, TRUE };
  BookmarkWait only_listed = { NULL, listed, FALSE };

  session_login (f, account, "heidi-pw");
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_CONNECTED, 20));
  g_assert_true (glint_test_wait (bookmarks_loaded, f->session, 20));
  bookmark->name = g_strdup ("Kept <room>");
  bookmark->nick = g_strdup ("heidi-k");
  bookmark->autojoin = TRUE;
  g_assert_true (glint_session_save_bookmark (f->session, bookmark, &error));
  g_assert_no_error (error);
  saved.session = f->session;
  g_assert_true (glint_test_wait (has_bookmark, &saved, 20));
  /* Marked to join: joined now; then left, the control for "after a
   * restart". */
  g_assert_true (glint_test_wait (room_joined, &saved, 20));
  glint_session_leave_room (f->session, kept);
  g_assert_null (glint_session_lookup_room (f->session, kept));

  /* A restart: a new client reads the bookmarks from the server. */
  glint_session_logout (f->session);
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_DISCONNECTED, 10));
  f->session = NULL;
  g_clear_object (&f->client);
  f->client = glint_test_client_new (f->store, config);
  session_login (f, account, "heidi-pw");
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_CONNECTED, 20));
  saved.session = from_phone.session = only_listed.session = f->session;
  g_assert_true (glint_test_wait (room_joined, &saved, 20));
  g_assert_cmpstr (glint_room_get_nick (glint_session_lookup_room (f->session, kept)), ==, "heidi-k");
  g_assert_cmpstr (glint_session_lookup_bookmark (f->session, kept)->name, ==, "Kept <room>");

  /* The other device adds two bookmarks of its own: as XEP-0402 items,
   * or, on a server without it (ejabberd), as XEP-0048's whole list. */
  phone = glint_test_peer_start (heidi, "heidi-pw", NULL);
  if (g_strcmp0 (g_getenv ("GLINT_TEST_SERVER"), "ejabberd") == 0)
    cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<iq type='set' id='bm'><query xmlns='jabber:iq:private'>"
                           "<storage xmlns='storage:bookmarks'>"
                           "<conference jid='%s' name='Kept &lt;room&gt;' autojoin='true'><nick>heidi-k</nick></conference>"
                           "<conference jid='%s' name='Elsewhere' autojoin='true'><nick>heidi-e</nick></conference>"
                           "<conference jid='%s' name='Listed'/></storage></query></iq>\"}", kept, elsewhere, listed);
  else
    {
      /* One item a publish (XEP-0060 7.1.1). */
      glint_test_peer_command (phone, (cmd = publish_bookmark (elsewhere, "name='Elsewhere' autojoin='true'",
                                                               "<nick>heidi-e</nick>")));
      g_free (cmd);
      cmd = publish_bookmark (listed, "name='Listed'", "");
    }
  glint_test_peer_command (phone, cmd);
  g_assert_true (glint_test_wait (has_bookmark, &from_phone, 20));
  g_assert_true (glint_test_wait (room_joined, &from_phone, 20));
  g_assert_cmpstr (glint_room_get_nick (glint_session_lookup_room (f->session, elsewhere)), ==, "heidi-e");
  g_assert_true (glint_test_wait (has_bookmark, &only_listed, 20));
  g_assert_null (glint_session_lookup_room (f->session, listed));

  /* Removed here: gone from the server, as the next login finds. */
  g_assert_true (glint_session_remove_bookmark (f->session, listed, &error));
  g_assert_no_error (error);
  only_listed.autojoin = TRUE; /* never true of it: waits for it to go */
  g_assert_true (glint_test_wait (no_bookmark, &only_listed, 20));

  /* Taken away on the other device while this one is offline: the next
   * login of the same session finds it gone, and the rest still there
   * (the control). */
  glint_session_logout (f->session);
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_DISCONNECTED, 10));
  g_clear_pointer (&cmd, g_free);
  if (g_strcmp0 (g_getenv ("GLINT_TEST_SERVER"), "ejabberd") == 0)
    cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<iq type='set' id='bm2'><query xmlns='jabber:iq:private'>"
                           "<storage xmlns='storage:bookmarks'>"
                           "<conference jid='%s' name='Kept &lt;room&gt;' autojoin='true'><nick>heidi-k</nick></conference>"
                           "</storage></query></iq>\"}", kept);
  else
    cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<iq type='set' id='bm2'><pubsub "
                           "xmlns='http://jabber.org/protocol/pubsub'><retract node='urn:xmpp:bookmarks:1' notify='true'>"
                           "<item id='%s'/></retract></pubsub></iq>\"}", elsewhere);
  glint_test_peer_command (phone, cmd);
  glint_test_peer_command (phone, "{\"cmd\":\"ping\"}");
  g_assert_nonnull (glint_test_peer_expect (phone, "ok", "cmd", "ping"));
  glint_test_peer_stop (phone);
  session_login (f, account, "heidi-pw");
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_CONNECTED, 20));
  g_assert_true (glint_test_wait (bookmarks_loaded, f->session, 20));
  g_assert_nonnull (glint_session_lookup_bookmark (f->session, kept));
  g_assert_null (glint_session_lookup_bookmark (f->session, elsewhere));
  g_assert_null (glint_session_lookup_bookmark (f->session, listed));
  /* Leave the account as it was found. */
  glint_session_remove_bookmark (f->session, kept, NULL);
  only_listed.session = f->session;
  only_listed.jid = kept;
  g_assert_true (glint_test_wait (no_bookmark, &only_listed, 20));
}

typedef struct
{
  GPtrArray *seen;   /* "room inviter reason" */
} Invitations;

static void
on_invitation (GlintSession *session,
               const char   *room,
               const char   *inviter,
               const char   *reason,
               const char   *password,
               Invitations  *inv)
{
  g_ptr_array_add (inv->seen, g_strdup_printf ("%s %s %s", room, inviter, reason ? reason : "-"));
}

typedef struct
{
  Invitations *inv;
  const char  *line;
} InvitationWait;

static gboolean
invited (gpointer data)
{
  InvitationWait *w = data;

  for (guint i = 0; i < w->inv->seen->len; i++)
    if (g_strcmp0 (w->inv->seen->pdata[i], w->line) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
is_contact (gpointer data)
{
  BookmarkWait *w = data;

  return glint_session_lookup_contact (w->session, w->jid) != NULL;
}

/* Invitations both ways and both kinds: a contact's XEP-0249 one and a
 * room's XEP-0045 one reach the user; a stranger's is dropped (before
 * the contact's second, which arrives); the user's reaches the contact. */
static void
test_invitations (Fixture *f, gconstpointer data)
{
  g_autofree char *bob = jid_of ("ivan");
  g_autofree char *carol = jid_of ("carol");
  g_autofree char *room_address = room_jid ("invite");
  g_autofree char *other_room = room_jid ("other");
  g_autofree char *cmd = NULL;
  g_autofree char *direct = NULL;
  g_autofree char *mediated = NULL;
  g_autofree char *stranger = NULL;
  g_autoptr(GError) error = NULL;
  Invitations inv = { g_ptr_array_new_with_free_func (g_free) };
  GlintTestPeer *peer = glint_test_peer_start (bob, "ivan-pw", NULL);
  GlintTestPeer *mallory = glint_test_peer_start (carol, "carol-pw", NULL);
  BookmarkWait contact = { NULL, bob, FALSE };
  InvitationWait w = { &inv, NULL };
  JsonObject *got;

  login (f, "alice");
  contact.session = f->session;
  g_signal_connect (f->session, "invitation", G_CALLBACK (on_invitation), &inv);
  glint_session_add_contact (f->session, bob, "Ivan", NULL);
  g_assert_true (glint_test_wait (is_contact, &contact, 20));

  /* A stranger first: never seen. */
  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<message to='%s'><x xmlns='jabber:x:conference' "
                         "jid='%s' reason='spam'/></message>\"}", glint_session_get_account_jid (f->session),
                         other_room);
  glint_test_peer_command (mallory, cmd);
  glint_test_peer_command (mallory, "{\"cmd\":\"ping\"}");
  g_assert_nonnull (glint_test_peer_expect (mallory, "ok", "cmd", "ping"));

  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<message to='%s'><x xmlns='jabber:x:conference' "
                         "jid='%s' reason='come &amp; see'/></message>\"}", glint_session_get_account_jid (f->session),
                         room_address);
  glint_test_peer_command (peer, cmd);
  direct = g_strdup_printf ("%s %s come & see", room_address, bob);
  w.line = direct;
  g_assert_true (glint_test_wait (invited, &w, 20));
  stranger = g_strdup_printf ("%s %s spam", other_room, carol);
  w.line = stranger;
  g_assert_false (invited (&w));

  /* Through the room (ivan is in it and asks the room to invite). The
   * room tells everyone's address, so it can say who invites. */
  peer_join (peer, room_address, "ivan");
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<iq type='set' id='whois' to='%s'>"
                         "<query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'>"
                         "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>"
                         "<field var='muc#roomconfig_whois'><value>anyone</value></field></x></query></iq>\"}",
                         room_address);
  glint_test_peer_command (peer, cmd);
  g_clear_pointer (&cmd, g_free);
  cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<message to='%s'><x xmlns='http://jabber.org/protocol/muc#user'>"
                         "<invite to='%s'><reason>join us</reason></invite></x></message>\"}", room_address,
                         glint_session_get_account_jid (f->session));
  glint_test_peer_command (peer, cmd);
  mediated = g_strdup_printf ("%s %s join us", room_address, bob);
  w.line = mediated;
  g_assert_true (glint_test_wait (invited, &w, 20));

  /* The user accepts, and asks ivan back into a room of their own. */
  join (f, other_room, "alice");
  g_assert_true (glint_session_invite (f->session, other_room, bob, "yours too", &error));
  g_assert_no_error (error);
  got = glint_test_peer_wait_for (peer, "message", "invite_room", other_room, 20);
  g_assert_nonnull (got);
  g_assert_cmpstr (json_object_get_string_member (got, "invite_reason"), ==, "yours too");

  glint_session_remove_contact (f->session, bob);
  glint_test_peer_stop (mallory);
  glint_test_peer_stop (peer);
  g_ptr_array_unref (inv.seen);
}

/* The owner sends someone out and bans another; the room does it. */
static void
test_moderation (Fixture *f, gconstpointer data)
{
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *room_address = room_jid ("moderated");
  g_autofree char *bob_there = NULL;
  g_autoptr(GError) error = NULL;
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  JsonObject *out;
  GlintRoom *room;

  login (f, "alice");
  room = join (f, room_address, "alice");
  peer_join (peer, room_address, "bob");
  wait_occupant (room, "bob", TRUE);
  /* The room tells the owner bob's address (the control for a ban). */
  g_assert_cmpstr (glint_occupant_get_real_jid (glint_room_lookup_occupant (room, "bob")), ==, bob);
  g_assert_true (glint_session_moderate (f->session, room_address, "bob", "kick", "calm down", &error));
  g_assert_no_error (error);
  bob_there = g_strdup_printf ("%s/bob", room_address);
  do
    out = glint_test_peer_wait_for (peer, "presence", "from", bob_there, 20);
  while (out && g_strcmp0 (json_object_get_string_member (out, "type"), "unavailable") != 0);
  g_assert_nonnull (out);
  wait_occupant (room, "bob", FALSE);

  peer_join (peer, room_address, "bob");
  wait_occupant (room, "bob", TRUE);
  g_assert_true (glint_session_moderate (f->session, room_address, "bob", "ban", NULL, &error));
  g_assert_no_error (error);
  wait_occupant (room, "bob", FALSE);
  /* Banned: the room will not have him back. */
  {
    g_autofree char *again = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<presence to='%s/bob'>"
                                              "<x xmlns='http://jabber.org/protocol/muc'/></presence>\"}",
                                              room_address);
    glint_test_peer_command (peer, again);
    do
      out = glint_test_peer_wait_for (peer, "presence", "from", bob_there, 20);
    while (out && g_strcmp0 (json_object_get_string_member (out, "type"), "error") != 0);
    g_assert_nonnull (out);
    g_assert_cmpstr (json_object_get_string_member (out, "error"), ==, "forbidden");
  }
  glint_test_peer_stop (peer);
}

typedef struct
{
  guint    answers;
  gboolean complete;
} Older;

static void
on_older_fetched (GlintSession *session,
                  const char   *peer,
                  guint         added,
                  gboolean      complete,
                  Older        *older)
{
  older->answers++;
  older->complete = complete;
}

typedef struct
{
  Older *older;
  guint  answers;
} OlderWait;

static gboolean
older_answered (gpointer data)
{
  OlderWait *w = data;

  return w->older->answers > w->answers;
}

/* The room's archive: 60 messages before the user ever came, 30 while
 * away (more than a room's history on joining gives: 20 on both
 * servers). Back in, every message said while away is there, once;
 * scrolled up, the older ones come a page at a time to the first. */
static void
test_room_archive (Fixture *f, gconstpointer data)
{
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *room_address = room_jid ("archive");
  g_autofree char *burst = NULL;
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  CountWait early = { f, room_address, "early", 60 };
  CountWait gap = { f, room_address, "gap", 30 };
  Older older = { 0 };
  gboolean once = FALSE;
  guint before;

  login (f, "alice");
  peer_join (peer, room_address, "bob");
  burst = g_strdup_printf ("{\"cmd\":\"burst\",\"to\":\"%s\",\"count\":60,\"prefix\":\"early\","
                           "\"type\":\"groupchat\"}", room_address);
  glint_test_peer_command (peer, burst);
  g_assert_nonnull (glint_test_peer_expect (peer, "ok", "cmd", "burst"));
  glint_test_peer_command (peer, "{\"cmd\":\"ping\"}");
  g_assert_nonnull (glint_test_peer_expect (peer, "ok", "cmd", "ping"));

  join (f, room_address, "alice");
  wait_added (f, room_address, "early 59");
  /* The newest page only, the first time. */
  before = count_prefixed (f, room_address, "early", 60, &once);
  g_assert_cmpuint (before, <, 60);
  g_assert_true (once);

  glint_session_leave_room (f->session, room_address);
  g_clear_pointer (&burst, g_free);
  burst = g_strdup_printf ("{\"cmd\":\"burst\",\"to\":\"%s\",\"count\":30,\"prefix\":\"gap\","
                           "\"type\":\"groupchat\"}", room_address);
  glint_test_peer_command (peer, burst);
  g_assert_nonnull (glint_test_peer_expect (peer, "ok", "cmd", "burst"));
  glint_test_peer_command (peer, "{\"cmd\":\"ping\"}");
  g_assert_nonnull (glint_test_peer_expect (peer, "ok", "cmd", "ping"));

  join (f, room_address, "alice");
  g_assert_true (glint_test_wait (all_stored, &gap, 30));
  count_prefixed (f, room_address, "gap", 30, &once);
  g_assert_true (once);

  /* Scrolled up: older pages, to the first. */
  g_signal_connect (f->session, "older-fetched", G_CALLBACK (on_older_fetched), &older);
  for (guint i = 0; i < 5 && !older.complete; i++)
    {
      OlderWait w = { &older, older.answers };

      g_assert_true (glint_session_fetch_older (f->session, room_address));
      g_assert_true (glint_test_wait (older_answered, &w, 20));
    }
  g_assert_true (older.complete);
  g_assert_true (glint_test_wait (all_stored, &early, 30));
  count_prefixed (f, room_address, "early", 60, &once);
  g_assert_true (once);
  glint_test_peer_stop (peer);
}

typedef struct
{
  GPtrArray *rooms;
  gboolean   answered;
  char      *condition;
} Listing;

static void
on_rooms_listed (GlintSession       *session,
                 const char         *service,
                 const char * const *jids,
                 const char * const *names,
                 const char         *condition,
                 Listing            *listing)
{
  for (guint i = 0; jids && jids[i]; i++)
    g_ptr_array_add (listing->rooms, g_strdup_printf ("%s %s", jids[i], names[i]));
  listing->condition = g_strdup (condition);
  listing->answered = TRUE;
}

static gboolean
listed (gpointer data)
{
  return ((Listing *) data)->answered;
}

/* The service lists its public rooms: the one bob made public, with its
 * name; a service that does not exist says so (the control). */
static void
test_browse (Fixture *f, gconstpointer data)
{
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *room_address = room_jid ("listed");
  g_autofree char *expected = NULL;
  g_autofree char *config = NULL;
  g_autofree char *nowhere = g_strdup_printf ("nowhere.%s", glint_test_env ("GLINT_TEST_DOMAIN"));
  Listing listing = { g_ptr_array_new_with_free_func (g_free) };
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  gboolean found = FALSE;

  login (f, "alice");
  peer_join (peer, room_address, "bob");
  config = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<iq type='set' id='public' to='%s'>"
                            "<query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'>"
                            "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>"
                            "<field var='muc#roomconfig_roomname'><value>Listed &lt;Room&gt;</value></field>"
                            "<field var='muc#roomconfig_publicroom'><value>1</value></field></x></query></iq>\"}",
                            room_address);
  glint_test_peer_command (peer, config);
  glint_test_peer_command (peer, "{\"cmd\":\"ping\"}");
  g_assert_nonnull (glint_test_peer_expect (peer, "ok", "cmd", "ping"));
  join (f, room_address, "alice");
  expected = g_strdup_printf ("%s Listed <Room>", room_address);
  g_signal_connect (f->session, "rooms-listed", G_CALLBACK (on_rooms_listed), &listing);
  glint_session_browse_rooms (f->session, glint_test_env ("GLINT_TEST_MUC_DOMAIN"));
  g_assert_true (glint_test_wait (listed, &listing, 20));
  g_assert_null (listing.condition);
  /* ejabberd adds how many are in, "(2)", to the name. */
  for (guint i = 0; i < listing.rooms->len; i++)
    found |= g_str_has_prefix (listing.rooms->pdata[i], expected);
  g_assert_true (found);

  listing.answered = FALSE;
  g_ptr_array_set_size (listing.rooms, 0);
  glint_session_browse_rooms (f->session, nowhere);
  g_assert_true (glint_test_wait (listed, &listing, 40));
  g_assert_nonnull (listing.condition);
  g_assert_cmpuint (listing.rooms->len, ==, 0);
  g_signal_handlers_disconnect_by_data (f->session, &listing);
  g_ptr_array_unref (listing.rooms);
  g_free (listing.condition);
  glint_test_peer_stop (peer);
}

/* A room that will not have us says why. */
static void
test_nick_taken (Fixture *f, gconstpointer data)
{
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *room_address = room_jid ("taken");
  g_autoptr(GError) error = NULL;
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  GlintRoom *room;

  login (f, "alice");
  peer_join (peer, room_address, "alice");
  room = glint_session_join_room (f->session, room_address, "alice", NULL, &error);
  g_assert_no_error (error);
  wait_room_state (room, GLINT_ROOM_REFUSED);
  /* Our words first; ejabberd adds its own after them. */
  g_assert_true (g_str_has_prefix (glint_room_get_problem (room),
                                   "Someone in this room already uses that nickname. Choose another."));
  /* The control: another nick gets in. */
  join (f, room_address, "alice2");
  glint_test_peer_stop (peer);
}

typedef struct
{
  GlintRoom  *room;
  const char *subject;
} SubjectWait;

static gboolean
has_subject (gpointer data)
{
  SubjectWait *w = data;

  return g_strcmp0 (glint_room_get_subject (w->room), w->subject) == 0;
}

/* The room's name, as its disco#info tells anyone who asks (@peer). */
static char *
room_name_seen (GlintTestPeer *peer,
                const char    *room)
{
  JsonObject *answer = glint_test_peer_query (peer, room, "http://jabber.org/protocol/disco#info", NULL);
  const char *xml;

  g_assert_nonnull (answer);
  g_assert_cmpstr (json_object_get_string_member (answer, "type"), ==, "result");
  xml = json_object_get_string_member (answer, "xml");
  g_assert_nonnull (xml);
  return g_strdup (xml);
}

/* A room the user makes takes the name and subject given, which others
 * see; making a room that is already there joins it as it is, changes
 * neither, and says so. */
static void
test_create (Fixture *f, gconstpointer data)
{
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *room_address = room_jid ("made");
  g_autofree char *seen = NULL;
  g_autofree char *seen_again = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  NoticeWait existed = { lines, "This room was already there: you joined it as it is, with its own name and subject." };
  SubjectWait planned;
  GlintRoom *room;

  login (f, "alice");
  room = glint_session_create_room (f->session, room_address, "alice", "Made <here>", "Plans", &error);
  g_assert_no_error (error);
  g_assert_nonnull (room);
  wait_room_state (room, GLINT_ROOM_JOINED);
  planned = (SubjectWait) { room, "Plans" };
  g_assert_true (glint_test_wait (has_subject, &planned, 20));
  seen = room_name_seen (peer, room_address);
  g_assert_nonnull (strstr (seen, "name=\"Made &lt;here&gt;\""));

  /* bob keeps the room there while the user leaves and makes it again. */
  peer_join (peer, room_address, "bob");
  wait_occupant (room, "bob", TRUE);
  glint_session_leave_room (f->session, room_address);
  room = glint_session_create_room (f->session, room_address, "alice", "Renamed", "Other plans", &error);
  g_assert_no_error (error);
  g_signal_connect (room, "notice", G_CALLBACK (on_notice), lines);
  wait_room_state (room, GLINT_ROOM_JOINED);
  g_assert_true (glint_test_wait (has_notice, &existed, 20));
  seen_again = room_name_seen (peer, room_address);
  g_assert_nonnull (strstr (seen_again, "name=\"Made &lt;here&gt;\""));
  g_assert_null (strstr (seen_again, "Renamed"));
  g_assert_cmpstr (glint_room_get_subject (room), ==, "Plans");
  glint_test_peer_stop (peer);
}

/* A room that forgot us without a word (its service lost its state) is
 * found out by a self-ping (XEP-0410) once the network changed, and
 * joined again; what bob said meanwhile comes from the room's archive and
 * what he says after reaches us. The same check before the fault finds
 * us in (the control): one drop-out in all, the fault's. */
static void
test_self_ping (Fixture *f, gconstpointer data)
{
  g_autofree char *bob = jid_of ("bob");
  g_autofree char *room_address = room_jid ("ghost");
  g_autofree char *forget = NULL;
  g_autofree char *alice_there = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GlintTestPeer *peer = glint_test_peer_start (bob, "bob-pw", NULL);
  const char *dropped = "You had dropped out of this room without being told. Joining again…";
  NoticeWait found_out = { lines, dropped };
  GlintRoom *room;

  login (f, "alice");
  room = join (f, room_address, "alice");
  g_signal_connect (room, "notice", G_CALLBACK (on_notice), lines);
  peer_join (peer, room_address, "bob");
  wait_occupant (room, "bob", TRUE);

  glint_session_network_changed (f->session, TRUE);
  peer_say (peer, room_address, "still here");
  g_assert_nonnull (wait_added (f, room_address, "still here"));

  forget = g_strdup_printf ("forget-occupant %s/alice", room_address);
  glint_test_run_ctl (forget);
  peer_say (peer, room_address, "while you were away");
  glint_session_network_changed (f->session, TRUE);
  g_assert_true (glint_test_wait (has_notice, &found_out, 30));
  wait_room_state (room, GLINT_ROOM_JOINED);
  alice_there = g_strdup_printf ("%s/alice", room_address);
  g_assert_nonnull (glint_test_peer_wait_for (peer, "presence", "from", alice_there, 20));
  wait_occupant (room, "bob", TRUE);
  g_assert_nonnull (wait_added (f, room_address, "while you were away"));
  peer_say (peer, room_address, "welcome back");
  g_assert_nonnull (wait_added (f, room_address, "welcome back"));
  g_assert_cmpuint (count_line (lines, dropped), ==, 1);
  glint_test_peer_stop (peer);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/rooms/talk", test_talk);
  ADD ("/rooms/subject-and-nicks", test_subject_and_nicks);
  ADD ("/rooms/kicked", test_kicked);
  ADD ("/rooms/history-after-rejoin", test_history_after_rejoin);
  ADD ("/rooms/hostile-occupant", test_hostile_occupant);
  ADD ("/rooms/nick-taken", test_nick_taken);
  ADD ("/rooms/bookmarks", test_bookmarks);
  ADD ("/rooms/invitations", test_invitations);
  ADD ("/rooms/moderation", test_moderation);
  ADD ("/rooms/archive", test_room_archive);
  ADD ("/rooms/browse", test_browse);
  ADD ("/rooms/create", test_create);
  /* The room forgets us through Prosody's admin shell; ejabberd has no
   * such door, so this case runs against Prosody. */
  if (g_getenv ("GLINT_TEST_SERVER") == NULL || g_str_equal (g_getenv ("GLINT_TEST_SERVER"), "prosody"))
    ADD ("/rooms/self-ping", test_self_ping);
  return g_test_run ();
}

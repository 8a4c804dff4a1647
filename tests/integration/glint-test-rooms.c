/* glint-test-rooms.c: what the group chat tests share: rooms of their
 * own, joining (Glint and a peer), and waiting for what a room says */
#include "config.h"

#include <string.h>

#include "glint-test-rooms.h"

typedef struct
{
  GlintRoom      *room;
  GlintRoomState  state;
} RoomStateWait;

typedef struct
{
  GlintRoom  *room;
  const char *nick;
  gboolean    present;
} OccupantWait;

typedef struct
{
  Fixture    *f;
  const char *peer;
  const char *body;
} AddedWait;

/* A room of its own for each test and server run. */
char *
room_jid (const char *name)
{
  g_autofree char *random = g_uuid_string_random ();

  random[8] = '\0';
  return g_strdup_printf ("%s-%s@%s", name, random, glint_test_env ("GLINT_TEST_MUC_DOMAIN"));
}

static gboolean
room_in_state (gpointer data)
{
  RoomStateWait *w = data;

  return glint_room_get_state (w->room) == w->state;
}

void
wait_room_state (GlintRoom      *room,
                 GlintRoomState  state)
{
  RoomStateWait w = { room, state };

  g_assert_true (glint_test_wait (room_in_state, &w, 20));
}

static gboolean
occupant_there (gpointer data)
{
  OccupantWait *w = data;

  return (glint_room_lookup_occupant (w->room, w->nick) != NULL) == w->present;
}

void
wait_occupant (GlintRoom  *room,
               const char *nick,
               gboolean    present)
{
  OccupantWait w = { room, nick, present };

  g_assert_true (glint_test_wait (occupant_there, &w, 20));
}

GlintRoom *
join (Fixture    *f,
      const char *jid,
      const char *nick)
{
  g_autoptr(GError) error = NULL;
  GlintRoom *room = glint_session_join_room (f->session, jid, nick, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (room);
  wait_room_state (room, GLINT_ROOM_JOINED);
  return room;
}

/* The peer enters @room as @nick; a room it made first takes the
 * default settings, so that others can enter. */
void
peer_join (GlintTestPeer *peer,
           const char    *room,
           const char    *nick)
{
  g_autofree char *xml_nick = g_markup_escape_text (nick, -1);
  g_autofree char *cmd = g_strdup_printf ("{\"cmd\":\"raw\",\"xml\":\"<presence to='%s/%s'>"
                                          "<x xmlns='http://jabber.org/protocol/muc'/></presence>\"}",
                                          room, xml_nick);
  g_autofree char *from = g_strdup_printf ("%s/%s", room, nick);
  JsonObject *presence;
  JsonArray *codes;

  glint_test_peer_command (peer, cmd);
  /* Our own presence from the room is the one with its status codes. */
  do
    {
      presence = glint_test_peer_wait_for (peer, "presence", "from", from, 20);
      g_assert_nonnull (presence);
      if (json_object_has_member (presence, "error"))
        g_error ("The room refused the peer: %s", json_object_get_string_member (presence, "error"));
    }
  while (!json_object_has_member (presence, "muc_codes"));
  codes = json_object_get_array_member (presence, "muc_codes");
  for (guint i = 0; i < json_array_get_length (codes); i++)
    if (json_array_get_int_element (codes, i) == 201)
      {
        g_autofree char *config = g_strdup_printf (
          "{\"cmd\":\"raw\",\"xml\":\"<iq type='set' id='cfg' to='%s'>"
          "<query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'/>"
          "</query></iq>\"}", room);

        glint_test_peer_command (peer, config);
      }
  glint_test_peer_command (peer, "{\"cmd\":\"ping\"}");
  g_assert_nonnull (glint_test_peer_expect (peer, "ok", "cmd", "ping"));
}

void
peer_say (GlintTestPeer *peer,
          const char    *room,
          const char    *body)
{
  g_autofree char *cmd = g_strdup_printf ("{\"cmd\":\"send\",\"to\":\"%s\",\"body\":\"%s\",\"type\":\"groupchat\"}",
                                          room, body);

  glint_test_peer_command (peer, cmd);
}

const GlintMessage *
added_in (Fixture    *f,
          const char *peer,
          const char *body)
{
  for (guint i = 0; i < f->added->len; i++)
    {
      GlintMessage *msg = f->added->pdata[i];

      if (g_strcmp0 (msg->peer, peer) == 0 && g_strcmp0 (msg->body, body) == 0)
        return msg;
    }
  return NULL;
}

static gboolean
was_added (gpointer data)
{
  AddedWait *w = data;

  return added_in (w->f, w->peer, w->body) != NULL;
}

const GlintMessage *
wait_added (Fixture    *f,
            const char *peer,
            const char *body)
{
  AddedWait w = { f, peer, body };

  g_assert_true (glint_test_wait (was_added, &w, 20));
  return added_in (f, peer, body);
}

guint
count_prefixed (Fixture    *f,
                const char *room,
                const char *prefix,
                guint       n,
                gboolean   *once)
{
  guint found = 0;

  *once = TRUE;
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("%s %u", prefix, i);
      gint64 stored = count_in_store (f, room, body);

      found += stored > 0;
      *once &= stored <= 1;
    }
  return found;
}

gboolean
all_stored (gpointer data)
{
  CountWait *w = data;
  gboolean once;

  return count_prefixed (w->f, w->room, w->prefix, w->n, &once) == w->n;
}


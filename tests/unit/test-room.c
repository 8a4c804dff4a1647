/* Unit tests: a room's occupants, notices, mentions and refusals */
#include "glint-room.h"

#include <string.h>

static GlintOccupantInfo *
info_new (const char *nick,
          gboolean    available,
          const char *role,
          GlintMucStatus codes)
{
  GlintOccupantInfo *info = g_new0 (GlintOccupantInfo, 1);

  info->nick = g_strdup (nick);
  info->available = available;
  info->role = g_strdup (role);
  info->codes = codes;
  return info;
}

static void
on_notice (GlintRoom  *room,
           const char *text,
           GPtrArray  *lines)
{
  g_ptr_array_add (lines, g_strdup (text));
}

static void
test_join_and_leave (void)
{
  g_autoptr(GlintRoom) room = glint_room_new ("alice@example.org", "lounge@conference.example.org", "alice");
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GlintOccupantInfo) bob = info_new ("bob", TRUE, "participant", 0);
  g_autoptr(GlintOccupantInfo) me = info_new ("alice", TRUE, "moderator", GLINT_MUC_SELF);
  g_autoptr(GlintOccupantInfo) carol = info_new ("\xe2\x80\xae" "carol", TRUE, "visitor", 0);
  g_autoptr(GlintOccupantInfo) bob_left = info_new ("bob", FALSE, "none", 0);
  g_autoptr(GlintOccupantInfo) carol_kicked = info_new ("\xe2\x80\xae" "carol", FALSE, "none", GLINT_MUC_KICKED);

  g_signal_connect (room, "notice", G_CALLBACK (on_notice), lines);
  glint_room_set_state (room, GLINT_ROOM_JOINING);
  /* Those already there are no news; our own presence lets us in. */
  glint_room_apply_occupant (room, bob);
  glint_room_apply_occupant (room, me);
  g_assert_cmpint (glint_room_get_state (room), ==, GLINT_ROOM_JOINED);
  g_assert_cmpuint (lines->len, ==, 0);
  g_assert_true (glint_occupant_is_self (glint_room_get_self (room)));
  glint_room_apply_occupant (room, carol);
  g_assert_cmpuint (g_list_model_get_n_items (glint_room_get_occupants (room)), ==, 3);
  g_assert_cmpuint (lines->len, ==, 1);
  /* The bidi override is not shown. */
  g_assert_cmpstr (lines->pdata[0], ==, "carol joined");
  g_assert_cmpstr (glint_occupant_get_display_nick (glint_room_lookup_occupant (room, carol->nick)), ==, "carol");
  glint_room_apply_occupant (room, bob_left);
  glint_room_apply_occupant (room, carol_kicked);
  g_assert_cmpstr (lines->pdata[1], ==, "bob left");
  g_assert_cmpstr (lines->pdata[2], ==, "carol was removed by a moderator");
  g_assert_cmpuint (g_list_model_get_n_items (glint_room_get_occupants (room)), ==, 1);
}

static void
test_kicked_self (void)
{
  g_autoptr(GlintRoom) room = glint_room_new ("alice@example.org", "lounge@conference.example.org", "alice");
  g_autoptr(GlintOccupantInfo) me = info_new ("alice", TRUE, "participant", GLINT_MUC_SELF);
  g_autoptr(GlintOccupantInfo) kicked = info_new ("alice", FALSE, "none", GLINT_MUC_SELF | GLINT_MUC_KICKED);

  kicked->reason = g_strdup ("flooding");
  glint_room_apply_occupant (room, me);
  g_assert_cmpint (glint_room_get_state (room), ==, GLINT_ROOM_JOINED);
  glint_room_apply_occupant (room, kicked);
  g_assert_cmpint (glint_room_get_state (room), ==, GLINT_ROOM_REFUSED);
  g_assert_cmpstr (glint_room_get_problem (room), ==,
                   "You were removed from this room by a moderator. Reason: flooding");
  g_assert_cmpuint (g_list_model_get_n_items (glint_room_get_occupants (room)), ==, 0);
}

/* Sent out for a broken connection (307 with 333): no moderator did it,
 * and the words say so; another who drops out is a line of their own. */
static void
test_dropped_out (void)
{
  g_autoptr(GlintRoom) room = glint_room_new ("alice@example.org", "lounge@conference.example.org", "alice");
  g_autoptr(GlintOccupantInfo) me = info_new ("alice", TRUE, "participant", GLINT_MUC_SELF);
  g_autoptr(GlintOccupantInfo) bob = info_new ("bob", TRUE, "participant", 0);
  g_autoptr(GlintOccupantInfo) bob_out = info_new ("bob", FALSE, "none", GLINT_MUC_KICKED | GLINT_MUC_CONNECTION);
  g_autoptr(GlintOccupantInfo) out = info_new ("alice", FALSE, "none",
                                               GLINT_MUC_SELF | GLINT_MUC_KICKED | GLINT_MUC_CONNECTION);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (room, "notice", G_CALLBACK (on_notice), lines);
  glint_room_apply_occupant (room, me);
  glint_room_apply_occupant (room, bob);
  glint_room_apply_occupant (room, bob_out);
  g_assert_cmpuint (lines->len, ==, 2);
  g_assert_cmpstr (lines->pdata[1], ==, "bob dropped out");
  glint_room_apply_occupant (room, out);
  g_assert_cmpint (glint_room_get_state (room), ==, GLINT_ROOM_REFUSED);
  g_assert_cmpstr (glint_room_get_problem (room), ==,
                   "You dropped out of this room: the room lost its connection with you.");
}

static void
test_nick_change (void)
{
  g_autoptr(GlintRoom) room = glint_room_new ("alice@example.org", "lounge@conference.example.org", "alice");
  g_autoptr(GlintOccupantInfo) me = info_new ("alice", TRUE, "participant", GLINT_MUC_SELF);
  g_autoptr(GlintOccupantInfo) renamed = info_new ("alice", FALSE, "participant",
                                                   GLINT_MUC_SELF | GLINT_MUC_NICK_CHANGED);

  renamed->new_nick = g_strdup ("alicia");
  glint_room_apply_occupant (room, me);
  glint_room_apply_occupant (room, renamed);
  g_assert_cmpstr (glint_room_get_nick (room), ==, "alicia");
  /* Still in the room: a new nick is no exit. */
  g_assert_cmpint (glint_room_get_state (room), ==, GLINT_ROOM_JOINED);
}

static void
test_mentions (void)
{
  g_autoptr(GlintRoom) room = glint_room_new ("alice@example.org", "lounge@conference.example.org", "Alice");

  g_assert_true (glint_room_mentions_us (room, "alice: lunch?"));
  g_assert_true (glint_room_mentions_us (room, "ask ALICE"));
  g_assert_false (glint_room_mentions_us (room, "malice and alicea"));
  g_assert_false (glint_room_mentions_us (room, NULL));
}

static void
test_refused (void)
{
  g_autoptr(GlintRoom) room = glint_room_new ("alice@example.org", "lounge@conference.example.org", "alice");

  glint_room_refused (room, "not-authorized", NULL);
  g_assert_cmpint (glint_room_get_state (room), ==, GLINT_ROOM_REFUSED);
  g_assert_cmpstr (glint_room_get_problem (room), ==,
                   "This room needs a password, and the one given is missing or wrong.");
  glint_room_set_state (room, GLINT_ROOM_JOINING);
  g_assert_null (glint_room_get_problem (room));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* The room's own name is kept as text a label can show: a bidi override
 * is neutralised, an empty name is none, and the same name twice is one
 * change. What the user asks a new room to be is handed over once. */
static void
test_name_and_made (void)
{
  g_autoptr(GlintRoom) room = glint_room_new ("alice@example.org", "lounge@conference.example.org", "alice");
  g_autofree char *name = NULL;
  g_autofree char *subject = NULL;
  guint changes = 0;

  g_signal_connect (room, "notify::name", G_CALLBACK (count_notify), &changes);
  g_assert_null (glint_room_get_name (room));
  glint_room_set_name (room, "Team \u202Emoor");
  g_assert_null (g_utf8_strchr (glint_room_get_name (room), -1, 0x202E));
  g_assert_nonnull (strstr (glint_room_get_name (room), "Team"));
  glint_room_set_name (room, "Team <room>");
  glint_room_set_name (room, "Team <room>");
  g_assert_cmpstr (glint_room_get_name (room), ==, "Team <room>");
  glint_room_set_name (room, "");
  g_assert_null (glint_room_get_name (room));
  g_assert_cmpuint (changes, ==, 3);

  glint_room_set_made (room, "Team", "");
  glint_room_take_made (room, &name, &subject);
  g_assert_cmpstr (name, ==, "Team");
  g_assert_null (subject);
  g_clear_pointer (&name, g_free);
  glint_room_take_made (room, &name, &subject);
  g_assert_null (name);
}

/* A request the room turned down, and a room that was there already
 * when the user meant to make it: each a line, in words. */
static void
test_request_failed (void)
{
  g_autoptr(GlintRoom) room = glint_room_new ("alice@example.org", "lounge@conference.example.org", "alice");
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (room, "notice", G_CALLBACK (on_notice), lines);
  glint_room_request_failed (room, "exists");
  glint_room_request_failed (room, "forbidden");
  glint_room_request_failed (room, NULL);
  g_assert_cmpuint (lines->len, ==, 3);
  g_assert_cmpstr (lines->pdata[0], ==,
                   "This room was already there: you joined it as it is, with its own name and subject.");
  g_assert_cmpstr (lines->pdata[1], ==, "The room did not let you do that: you lack the rights.");
  g_assert_cmpstr (lines->pdata[2], ==, "The room did not do what you asked.");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/room/join-and-leave", test_join_and_leave);
  g_test_add_func ("/room/kicked-self", test_kicked_self);
  g_test_add_func ("/room/nick-change", test_nick_change);
  g_test_add_func ("/room/mentions", test_mentions);
  g_test_add_func ("/room/refused", test_refused);
  g_test_add_func ("/room/dropped-out", test_dropped_out);
  g_test_add_func ("/room/name-and-made", test_name_and_made);
  g_test_add_func ("/room/request-failed", test_request_failed);
  return g_test_run ();
}

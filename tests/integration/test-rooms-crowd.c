/* Integration tests of crowded rooms (XEP-0045): 500 occupants with a
 * backlog, and a flood of presences, brought by tests/harness/crowd.py.
 * Against a real Prosody and ejabberd. Run through
 * tests/harness/xmpp-env.py. */
#include "config.h"

#include <string.h>

#include "glint-loop-monitor.h"
#include "glint-test-rooms.h"

/* A crowd (tests/harness/crowd.py): many occupants, each a stream. */
typedef struct
{
  GSubprocess      *proc;
  GDataInputStream *out;
  GPtrArray        *lines;
} Crowd;

static void
on_crowd_line (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Crowd *crowd = data;
  char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, NULL);

  if (line == NULL)
    return;
  g_ptr_array_add (crowd->lines, line);
  g_data_input_stream_read_line_async (crowd->out, G_PRIORITY_DEFAULT, NULL, on_crowd_line, crowd);
}

static Crowd *
crowd_start (const char *room,
             guint       n,
             guint       backlog,
             guint       flood)
{
  g_autofree char *jid = jid_of ("crowd");
  g_autofree char *command = g_strdup_printf ("%s %s crowd-pw %s %u --backlog %u --flood %u",
                                              glint_test_env ("GLINT_TEST_CROWD"), jid, room, n, backlog, flood);
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  Crowd *crowd = g_new0 (Crowd, 1);

  g_assert_true (g_shell_parse_argv (command, NULL, &argv, &error));
  crowd->proc = g_subprocess_newv ((const char * const *) argv,
                                   G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  crowd->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (crowd->proc));
  crowd->lines = g_ptr_array_new_with_free_func (g_free);
  g_data_input_stream_read_line_async (crowd->out, G_PRIORITY_DEFAULT, NULL, on_crowd_line, crowd);
  return crowd;
}

typedef struct
{
  Crowd      *crowd;
  const char *event;
} CrowdWait;

static gboolean
crowd_said (gpointer data)
{
  CrowdWait *w = data;
  g_autofree char *want = g_strdup_printf ("\"event\": \"%s\"", w->event);

  for (guint i = 0; i < w->crowd->lines->len; i++)
    {
      if (strstr (w->crowd->lines->pdata[i], "\"event\": \"error\"") != NULL)
        g_error ("The crowd failed: %s", (char *) w->crowd->lines->pdata[i]);
      if (strstr (w->crowd->lines->pdata[i], want) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
crowd_stop (Crowd *crowd)
{
  g_output_stream_close (g_subprocess_get_stdin_pipe (crowd->proc), NULL, NULL);
  g_subprocess_wait (crowd->proc, NULL, NULL);
  g_object_unref (crowd->out);
  g_object_unref (crowd->proc);
  g_ptr_array_unref (crowd->lines);
  g_free (crowd);
}

typedef struct
{
  GlintRoom *room;
  guint      n;
} CountOccupants;

static gboolean
occupants_are (gpointer data)
{
  CountOccupants *w = data;

  return g_list_model_get_n_items (glint_room_get_occupants (w->room)) == w->n;
}

typedef struct
{
  GlintRoom  *room;
  const char *nick;
  const char *status;
} StatusWait;

static gboolean
status_is (gpointer data)
{
  StatusWait *w = data;
  GlintOccupant *occupant = glint_room_lookup_occupant (w->room, w->nick);

  return occupant != NULL && g_strcmp0 (glint_occupant_get_status (occupant), w->status) == 0;
}

#define CROWD 500
#define BACKLOG 2000
#define FLOOD 2000

/* 500 occupants and 2,000 messages of backlog: the join completes with
 * everyone listed and the newest page of the backlog stored, the newest
 * message last. The longest the main loop was held is printed, not
 * asserted (tests/bench/bench-room measures it with the UI). */
static void
test_crowd (Fixture *f, gconstpointer data)
{
  g_autofree char *room_address = room_jid ("crowd");
  g_autoptr(GlintLoopMonitor) monitor = NULL;
  Crowd *crowd = crowd_start (room_address, CROWD, BACKLOG, 0);
  CrowdWait ready = { crowd, "ready" };
  CountOccupants everyone = { NULL, CROWD + 1 };
  gboolean once = FALSE;
  GlintRoom *room;
  gint64 start;

  g_assert_true (glint_test_wait (crowd_said, &ready, 400));
  login (f, "alice");
  monitor = glint_loop_monitor_new ();
  start = g_get_monotonic_time ();
  room = join (f, room_address, "alice");
  everyone.room = room;
  g_assert_true (glint_test_wait (occupants_are, &everyone, 60));
  wait_added (f, room_address, "backlog 1999");
  g_test_message ("join of %u occupants and %u messages of backlog: %.2f s, main loop held at most %.1f ms",
                  CROWD, BACKLOG, (g_get_monotonic_time () - start) / 1e6,
                  glint_loop_monitor_get_max_gap_us (monitor) / 1e3);
  g_assert_cmpuint (count_prefixed (f, room_address, "backlog", BACKLOG, &once), >, 0);
  g_assert_true (once);
  crowd_stop (crowd);
}

/* A flood of 2,000 presence changes from a room's occupants is taken in
 * whole: the last of it shows, and a message said after it (the
 * control) arrives. */
static void
test_presence_flood (Fixture *f, gconstpointer data)
{
  g_autofree char *room_address = room_jid ("flood");
  g_autoptr(GlintLoopMonitor) monitor = NULL;
  Crowd *crowd = crowd_start (room_address, 10, 0, FLOOD);
  CrowdWait ready = { crowd, "ready" };
  CrowdWait flooded = { crowd, "flooded" };
  CountOccupants everyone = { NULL, 11 };
  g_autofree char *last_nick = g_strdup_printf ("guest-%u", (FLOOD - 1) % 10);
  g_autofree char *last_status = g_strdup_printf ("flood %u", FLOOD - 1);
  StatusWait last = { NULL, last_nick, last_status };
  GlintRoom *room;

  g_assert_true (glint_test_wait (crowd_said, &ready, 120));
  login (f, "alice");
  room = join (f, room_address, "alice");
  everyone.room = last.room = room;
  g_assert_true (glint_test_wait (occupants_are, &everyone, 60));
  monitor = glint_loop_monitor_new ();
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (crowd->proc), "flood\n", 6, NULL, NULL, NULL);
  g_assert_true (glint_test_wait (crowd_said, &flooded, 120));
  wait_added (f, room_address, "after the flood");
  g_assert_true (glint_test_wait (status_is, &last, 60));
  g_assert_true (occupants_are (&everyone));
  g_test_message ("a flood of %u presences: main loop held at most %.1f ms", FLOOD,
                  glint_loop_monitor_get_max_gap_us (monitor) / 1e3);
  crowd_stop (crowd);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/rooms/crowd", test_crowd);
  ADD ("/rooms/presence-flood", test_presence_flood);
  return g_test_run ();
}

/* Unit test: auto-away's idle time from the freedesktop screen saver
 * (KDE, Xfce…), where GNOME's idle monitor is absent. A stand-in for the
 * service runs on a private session bus (GTestDBus). */
#include <gio/gio.h>

#include "glint-idle-monitor.h"

#define FD_NAME "org.freedesktop.ScreenSaver"
#define FD_PATH "/org/freedesktop/ScreenSaver"

static const char introspection[] =
  "<node><interface name='org.freedesktop.ScreenSaver'>"
  "<method name='GetSessionIdleTime'><arg type='u' direction='out'/></method>"
  "<signal name='ActiveChanged'><arg type='b'/></signal>"
  "</interface></node>";

typedef struct
{
  guint32 idle_s;
  guint   asked;
  gboolean owned;
  GlintIdleLevel level;
} ScreenSaver;

static void
on_call (GDBusConnection       *connection,
         const char            *sender,
         const char            *path,
         const char            *interface,
         const char            *method,
         GVariant              *params,
         GDBusMethodInvocation *invocation,
         gpointer               data)
{
  ScreenSaver *saver = data;

  saver->asked++;
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", saver->idle_s));
}

static const GDBusInterfaceVTable vtable = { on_call, NULL, NULL, { 0 } };

static void
on_acquired (GDBusConnection *connection, const char *name, gpointer data)
{
  ((ScreenSaver *) data)->owned = TRUE;
}

static void
on_level (GlintIdleMonitor *monitor, int level, ScreenSaver *saver)
{
  saver->level = level;
}

static gboolean
wait_until (gboolean (*done) (ScreenSaver *), ScreenSaver *saver, guint seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (!done (saver) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  return done (saver);
}

static gboolean owned (ScreenSaver *s) { return s->owned; }
static gboolean asked (ScreenSaver *s) { return s->asked > 0; }
static gboolean away (ScreenSaver *s) { return s->level == GLINT_IDLE_AWAY; }
static gboolean xa (ScreenSaver *s) { return s->level == GLINT_IDLE_XA; }
static gboolean active (ScreenSaver *s) { return s->level == GLINT_IDLE_ACTIVE; }

static void
lock (GDBusConnection *connection,
      gboolean         locked)
{
  g_dbus_connection_emit_signal (connection, NULL, FD_PATH, FD_NAME, "ActiveChanged",
                                 g_variant_new ("(b)", locked), NULL);
}

/* Idle past each threshold: away, then extended away; back: active. A
 * locked screen is away at once. The control: asked before the user was
 * idle, it stays active. */
static void
test_freedesktop (void)
{
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (introspection, NULL);
  g_autoptr(GlintIdleMonitor) monitor = NULL;
  ScreenSaver saver = { 0, 0, FALSE, GLINT_IDLE_ACTIVE };
  guint owner;

  g_test_dbus_up (bus);
  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_assert_nonnull (connection);
  g_assert_cmpuint (g_dbus_connection_register_object (connection, FD_PATH, info->interfaces[0], &vtable,
                                                       &saver, NULL, NULL), >, 0);
  owner = g_bus_own_name_on_connection (connection, FD_NAME, G_BUS_NAME_OWNER_FLAGS_NONE, on_acquired, NULL,
                                        &saver, NULL);
  g_assert_true (wait_until (owned, &saver, 10));

  monitor = glint_idle_monitor_new ();
  g_signal_connect (monitor, "level-changed", G_CALLBACK (on_level), &saver);
  glint_idle_monitor_set_thresholds (monitor, 60 * 1000, 120 * 1000);
  g_assert_true (wait_until (asked, &saver, 10));
  g_assert_cmpint (glint_idle_monitor_get_level (monitor), ==, GLINT_IDLE_ACTIVE);

  saver.idle_s = 61;
  g_assert_true (wait_until (away, &saver, 20));
  saver.idle_s = 121;
  g_assert_true (wait_until (xa, &saver, 20));
  saver.idle_s = 0;
  g_assert_true (wait_until (active, &saver, 20));

  lock (connection, TRUE);
  g_assert_true (wait_until (away, &saver, 10));
  lock (connection, FALSE);
  g_assert_true (wait_until (active, &saver, 10));

  g_clear_object (&monitor);
  g_bus_unown_name (owner);
  g_clear_object (&connection);
  g_test_dbus_down (bus);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/idle-monitor/freedesktop", test_freedesktop);
  return g_test_run ();
}

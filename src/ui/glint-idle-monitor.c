/* glint-idle-monitor.c: how long the user has been away from the desktop
 *
 * GNOME's compositor keeps the user's idle time and fires watches over
 * D-Bus (org.gnome.Mutter.IdleMonitor): one after N idle milliseconds, one
 * when the user is active again. Glint asks for two idle watches (away,
 * extended away) and, once idle, one for activity; it never polls, and
 * every call is asynchronous. A locked screen counts as away at once
 * (org.gnome.ScreenSaver's ActiveChanged). Without the services there is
 * no auto-away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-idle-monitor"

#include "config.h"

#include "glint-idle-monitor.h"

#define MONITOR_NAME  "org.gnome.Mutter.IdleMonitor"
#define MONITOR_PATH  "/org/gnome/Mutter/IdleMonitor/Core"
#define MONITOR_IFACE "org.gnome.Mutter.IdleMonitor"
#define LOCK_NAME     "org.gnome.ScreenSaver"
#define LOCK_PATH     "/org/gnome/ScreenSaver"

struct _GlintIdleMonitor
{
  GObject        parent_instance;
  GCancellable  *cancellable;
  GDBusProxy    *proxy;
  GDBusProxy    *lock;
  gboolean       locked;
  guint64        away_ms;
  guint64        xa_ms;
  guint          away_watch;
  guint          xa_watch;
  guint          active_watch;
  GlintIdleLevel level;
};

G_DEFINE_FINAL_TYPE (GlintIdleMonitor, glint_idle_monitor, G_TYPE_OBJECT)

enum { LEVEL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct
{
  GlintIdleMonitor *self;
  guint            *slot;
} WatchAdded;

static void
set_level (GlintIdleMonitor *self,
           GlintIdleLevel    level)
{
  if (self->level == level)
    return;
  self->level = level;
  g_signal_emit (self, signals[LEVEL_CHANGED], 0, level);
}

static void
watch_added (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autofree WatchAdded *added = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, &error);

  if (reply != NULL)
    g_variant_get (reply, "(u)", added->slot);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("The idle monitor refused a watch: %s", error->message);
  g_object_unref (added->self);
}

static void
add_watch (GlintIdleMonitor *self,
           const char       *method,
           GVariant         *args,
           guint            *slot)
{
  WatchAdded *added = g_new0 (WatchAdded, 1);

  added->self = g_object_ref (self);
  added->slot = slot;
  *slot = 0;
  g_dbus_proxy_call (self->proxy, method, args, G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, watch_added, added);
}

static void
remove_watch (GlintIdleMonitor *self,
              guint            *slot)
{
  if (*slot != 0)
    g_dbus_proxy_call (self->proxy, "RemoveWatch", g_variant_new ("(u)", *slot), G_DBUS_CALL_FLAGS_NONE, -1,
                       NULL, NULL, NULL);
  *slot = 0;
}

static void
watch_idle (GlintIdleMonitor *self)
{
  if (self->proxy == NULL)
    return;
  remove_watch (self, &self->away_watch);
  remove_watch (self, &self->xa_watch);
  if (self->away_ms > 0)
    add_watch (self, "AddIdleWatch", g_variant_new ("(t)", self->away_ms), &self->away_watch);
  if (self->xa_ms > 0)
    add_watch (self, "AddIdleWatch", g_variant_new ("(t)", self->xa_ms), &self->xa_watch);
}

static void
on_signal (GDBusProxy       *proxy,
           const char       *sender,
           const char       *signal_name,
           GVariant         *params,
           GlintIdleMonitor *self)
{
  guint id;

  if (!g_str_equal (signal_name, "WatchFired") || !g_variant_is_of_type (params, G_VARIANT_TYPE ("(u)")))
    return;
  g_variant_get (params, "(u)", &id);
  if (id == 0)
    return;
  if (id == self->active_watch)
    {
      /* An activity watch fires once. */
      self->active_watch = 0;
      set_level (self, GLINT_IDLE_ACTIVE);
      return;
    }
  if (id != self->away_watch && id != self->xa_watch)
    return;
  set_level (self, id == self->xa_watch ? GLINT_IDLE_XA : MAX (self->level, GLINT_IDLE_AWAY));
  if (self->active_watch == 0)
    add_watch (self, "AddUserActiveWatch", NULL, &self->active_watch);
}

static void
on_lock_signal (GDBusProxy       *proxy,
                const char       *sender,
                const char       *signal_name,
                GVariant         *params,
                GlintIdleMonitor *self)
{
  if (!g_str_equal (signal_name, "ActiveChanged") || !g_variant_is_of_type (params, G_VARIANT_TYPE ("(b)")))
    return;
  g_variant_get (params, "(b)", &self->locked);
  /* Locked: away now (or whatever idleness already says, if more);
   * unlocked: the user is back. */
  if (self->locked)
    set_level (self, MAX (self->level, GLINT_IDLE_AWAY));
  else
    set_level (self, GLINT_IDLE_ACTIVE);
}

static void
lock_ready (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GlintIdleMonitor) self = data;
  g_autoptr(GError) error = NULL;
  GDBusProxy *proxy = g_dbus_proxy_new_for_bus_finish (result, &error);

  if (proxy == NULL)
    return;
  self->lock = proxy;
  g_signal_connect (proxy, "g-signal", G_CALLBACK (on_lock_signal), self);
}

static void
proxy_ready (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GlintIdleMonitor) self = data;
  g_autoptr(GError) error = NULL;
  GDBusProxy *proxy = g_dbus_proxy_new_for_bus_finish (result, &error);

  if (proxy == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No idle monitor: %s", error->message);
      return;
    }
  if (g_dbus_proxy_get_name_owner (proxy) == NULL)
    {
      g_debug ("No idle monitor on this desktop: no auto-away");
      g_object_unref (proxy);
      return;
    }
  self->proxy = proxy;
  g_signal_connect (proxy, "g-signal", G_CALLBACK (on_signal), self);
  watch_idle (self);
}

static void
glint_idle_monitor_dispose (GObject *object)
{
  GlintIdleMonitor *self = GLINT_IDLE_MONITOR (object);

  g_cancellable_cancel (self->cancellable);
  if (self->proxy)
    g_signal_handlers_disconnect_by_data (self->proxy, self);
  if (self->lock)
    g_signal_handlers_disconnect_by_data (self->lock, self);
  g_clear_object (&self->proxy);
  g_clear_object (&self->lock);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (glint_idle_monitor_parent_class)->dispose (object);
}

static void
glint_idle_monitor_class_init (GlintIdleMonitorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = glint_idle_monitor_dispose;

  /* (level): GlintIdleLevel */
  signals[LEVEL_CHANGED] = g_signal_new ("level-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
glint_idle_monitor_init (GlintIdleMonitor *self)
{
  self->cancellable = g_cancellable_new ();
}

GlintIdleMonitor *
glint_idle_monitor_new (void)
{
  GlintIdleMonitor *self = g_object_new (GLINT_TYPE_IDLE_MONITOR, NULL);

  g_dbus_proxy_new_for_bus (G_BUS_TYPE_SESSION, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES
                                                | G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START,
                            NULL, MONITOR_NAME, MONITOR_PATH, MONITOR_IFACE, self->cancellable, proxy_ready,
                            g_object_ref (self));
  /* The screen saver may come later than Glint: its signals are followed
   * whenever it is there. */
  g_dbus_proxy_new_for_bus (G_BUS_TYPE_SESSION, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES
                                                | G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START,
                            NULL, LOCK_NAME, LOCK_PATH, LOCK_NAME, self->cancellable, lock_ready,
                            g_object_ref (self));
  return self;
}

/* Away after @away_ms idle, extended away after @xa_ms; 0 for never. */
void
glint_idle_monitor_set_thresholds (GlintIdleMonitor *self,
                                   guint64           away_ms,
                                   guint64           xa_ms)
{
  if (self->away_ms == away_ms && self->xa_ms == xa_ms)
    return;
  self->away_ms = away_ms;
  self->xa_ms = xa_ms;
  watch_idle (self);
}

GlintIdleLevel
glint_idle_monitor_get_level (GlintIdleMonitor *self)
{
  return self->level;
}

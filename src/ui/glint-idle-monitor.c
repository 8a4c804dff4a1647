/* glint-idle-monitor.c: how long the user has been away from the desktop
 *
 * GNOME's compositor keeps the user's idle time and fires watches over
 * D-Bus (org.gnome.Mutter.IdleMonitor): one after N idle milliseconds, one
 * when the user is active again. Glint asks for two idle watches (away,
 * extended away) and, once idle, one for activity; it never polls, and
 * every call is asynchronous. Other desktops (KDE, Xfce…) offer the
 * freedesktop screen saver interface instead, which has no watches: there
 * Glint asks the idle time, asynchronously, when a threshold could have
 * been reached and, while idle, every few seconds to notice the return.
 * A locked screen counts as away at once (ActiveChanged of either screen
 * saver). Without any of these services there is no auto-away.
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
#define FD_NAME       "org.freedesktop.ScreenSaver"
#define FD_PATH       "/org/freedesktop/ScreenSaver"

/* Asking the freedesktop screen saver: at most this long apart while
 * active, this often while idle. */
#define FD_ACTIVE_MAX_MS 10000
#define FD_IDLE_MS       2000

struct _GlintIdleMonitor
{
  GObject        parent_instance;
  GCancellable  *cancellable;
  GDBusProxy    *proxy;
  GDBusProxy    *lock;
  GDBusProxy    *fd_proxy;      /* the freedesktop screen saver, when GNOME's monitor is absent */
  guint          fd_poll;
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

static void fd_schedule (GlintIdleMonitor *self,
                         guint             delay_ms);

static void
fd_idle_time (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GlintIdleMonitor) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, &error);
  GlintIdleLevel level = GLINT_IDLE_ACTIVE;
  guint32 seconds = 0;
  guint64 idle_ms;
  guint delay_ms = FD_IDLE_MS;

  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_debug ("The screen saver did not tell the idle time: %s", error->message);
          fd_schedule (self, FD_ACTIVE_MAX_MS);
        }
      return;
    }
  if (g_variant_is_of_type (reply, G_VARIANT_TYPE ("(u)")))
    g_variant_get (reply, "(u)", &seconds);
  idle_ms = (guint64) seconds * 1000;
  if (self->xa_ms > 0 && idle_ms >= self->xa_ms)
    level = GLINT_IDLE_XA;
  else if (self->away_ms > 0 && idle_ms >= self->away_ms)
    level = GLINT_IDLE_AWAY;
  if (self->locked)
    level = MAX (level, GLINT_IDLE_AWAY);
  set_level (self, level);
  /* Active: ask again when the first threshold could be reached. */
  if (level == GLINT_IDLE_ACTIVE && self->away_ms > idle_ms)
    delay_ms = MIN (self->away_ms - idle_ms, FD_ACTIVE_MAX_MS);
  fd_schedule (self, MAX (delay_ms, 1000));
}

static gboolean
fd_ask (gpointer data)
{
  GlintIdleMonitor *self = data;

  self->fd_poll = 0;
  g_dbus_proxy_call (self->fd_proxy, "GetSessionIdleTime", NULL, G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable,
                     fd_idle_time, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
fd_schedule (GlintIdleMonitor *self,
             guint             delay_ms)
{
  g_clear_handle_id (&self->fd_poll, g_source_remove);
  if (self->fd_proxy == NULL || (self->away_ms == 0 && self->xa_ms == 0))
    return;
  self->fd_poll = g_timeout_add (delay_ms, fd_ask, self);
}

static void
fd_ready (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  g_autoptr(GlintIdleMonitor) self = data;
  g_autoptr(GError) error = NULL;
  GDBusProxy *proxy = g_dbus_proxy_new_for_bus_finish (result, &error);

  if (proxy == NULL)
    return;
  if (g_dbus_proxy_get_name_owner (proxy) == NULL)
    {
      g_debug ("No idle monitor on this desktop: no auto-away");
      g_object_unref (proxy);
      return;
    }
  self->fd_proxy = proxy;
  g_signal_connect (proxy, "g-signal", G_CALLBACK (on_lock_signal), self);
  fd_schedule (self, 0);
}

/* No GNOME idle monitor: the freedesktop screen saver, if there is one. */
static void
try_freedesktop (GlintIdleMonitor *self)
{
  g_dbus_proxy_new_for_bus (G_BUS_TYPE_SESSION, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES
                                                | G_DBUS_PROXY_FLAGS_DO_NOT_AUTO_START,
                            NULL, FD_NAME, FD_PATH, FD_NAME, self->cancellable, fd_ready, g_object_ref (self));
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
      g_object_unref (proxy);
      try_freedesktop (self);
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
  g_clear_handle_id (&self->fd_poll, g_source_remove);
  if (self->fd_proxy)
    g_signal_handlers_disconnect_by_data (self->fd_proxy, self);
  g_clear_object (&self->fd_proxy);
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
  fd_schedule (self, 0);
}

GlintIdleLevel
glint_idle_monitor_get_level (GlintIdleMonitor *self)
{
  return self->level;
}

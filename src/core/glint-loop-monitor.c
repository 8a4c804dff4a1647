/* glint-loop-monitor.c
 *
 * For benchmarks: a timer of the highest priority that wants to run every
 * two milliseconds. It can run only between two callbacks of the main
 * loop, so the longest time between two of its runs is the longest the
 * loop was held: no frame could be drawn and no key answered meanwhile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-loop-monitor"

#include "glint-loop-monitor.h"

#define TICK_MS 2

struct _GlintLoopMonitor
{
  GObject parent_instance;
  guint   source_id;
  gint64  last_us;
  gint64  max_gap_us;
};

G_DEFINE_FINAL_TYPE (GlintLoopMonitor, glint_loop_monitor, G_TYPE_OBJECT)

static gboolean
tick (gpointer data)
{
  GlintLoopMonitor *self = data;
  gint64 now = g_get_monotonic_time ();

  if (self->last_us)
    self->max_gap_us = MAX (self->max_gap_us, now - self->last_us);
  self->last_us = now;
  return G_SOURCE_CONTINUE;
}

static void
glint_loop_monitor_dispose (GObject *object)
{
  g_clear_handle_id (&GLINT_LOOP_MONITOR (object)->source_id, g_source_remove);
  G_OBJECT_CLASS (glint_loop_monitor_parent_class)->dispose (object);
}

static void
glint_loop_monitor_class_init (GlintLoopMonitorClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = glint_loop_monitor_dispose;
}

static void
glint_loop_monitor_init (GlintLoopMonitor *self)
{
  self->source_id = g_timeout_add_full (G_PRIORITY_HIGH, TICK_MS, tick, self, NULL);
}

GlintLoopMonitor *
glint_loop_monitor_new (void)
{
  return g_object_new (GLINT_TYPE_LOOP_MONITOR, NULL);
}

gint64
glint_loop_monitor_get_max_gap_us (GlintLoopMonitor *self)
{
  return self->max_gap_us;
}

void
glint_loop_monitor_reset (GlintLoopMonitor *self)
{
  self->max_gap_us = 0;
  self->last_us = 0;
}

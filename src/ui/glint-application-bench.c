/* glint-application-bench.c: what the benchmarks read from a running
 * Glint (tests/bench/), and nothing unless they ask
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-application"

#include "config.h"

#include "glint-application-private.h"

static void
after_first_frame (GdkFrameClock    *clock,
                   GlintApplication *self)
{
  g_application_quit (G_APPLICATION (self));
}

static void
on_first_map (GtkWidget        *window,
              GlintApplication *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                           G_CALLBACK (after_first_frame), self, 0);
}

/* For the burst benchmark: the longest the main loop was held, written
 * to the file GLINT_BENCH_STATS names when asked over D-Bus. */
static void
bench_stats_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       data)
{
  GlintApplication *self = data;
  g_autofree char *line = g_strdup_printf ("loop_gap_max_us %" G_GINT64_FORMAT "\n"
                                           "first_message_painted_us %" G_GINT64_FORMAT "\n",
                                           glint_loop_monitor_get_max_gap_us (self->loop_monitor),
                                           self->bench_painted_us);

  g_file_set_contents (g_getenv ("GLINT_BENCH_STATS"), line, -1, NULL);
  if (g_variant_get_boolean (param))
    {
      glint_loop_monitor_reset (self->loop_monitor);
      self->bench_painted_us = 0;
    }
}

/* For the room benchmark: when a frame first painted a chat with a
 * message in it (monotonic µs), after the last reset. */
static void
after_chat_paint (GdkFrameClock    *clock,
                  GlintApplication *self)
{
  if (self->bench_painted_us == 0 && self->chat_window != NULL
      && glint_chat_window_shows_messages (self->chat_window))
    self->bench_painted_us = g_get_monotonic_time ();
}

static void
on_chat_window_realized (GtkWidget        *window,
                         GlintApplication *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_chat_paint),
                           self, 0);
}

static void
watch_chat_paint (GtkApplication *app,
                  GtkWindow      *window,
                  gpointer        data)
{
  if (GLINT_IS_CHAT_WINDOW (window))
    g_signal_connect (window, "realize", G_CALLBACK (on_chat_window_realized), app);
}

void
glint_application_install_bench_hooks (GlintApplication *self)
{
  g_autoptr(GSimpleAction) stats = NULL;

  if (g_getenv ("GLINT_BENCH_STATS") == NULL)
    return;
  self->loop_monitor = glint_loop_monitor_new ();
  stats = g_simple_action_new ("bench-stats", G_VARIANT_TYPE_BOOLEAN);
  g_signal_connect (stats, "activate", G_CALLBACK (bench_stats_action), self);
  g_signal_connect (self, "window-added", G_CALLBACK (watch_chat_paint), NULL);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (stats));
}

/* For the start-up benchmark: quit once the first window has drawn. */
void
glint_application_on_window_added (GtkApplication *app,
                 GtkWindow      *window)
{
  if (g_getenv ("GLINT_EXIT_AFTER_FIRST_FRAME") != NULL)
    g_signal_connect (window, "map", G_CALLBACK (on_first_map), app);
}


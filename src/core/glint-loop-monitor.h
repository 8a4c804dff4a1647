/* glint-loop-monitor.h: how long the main loop went without turning
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GLINT_TYPE_LOOP_MONITOR (glint_loop_monitor_get_type ())

G_DECLARE_FINAL_TYPE (GlintLoopMonitor, glint_loop_monitor, GLINT, LOOP_MONITOR, GObject)

GlintLoopMonitor *glint_loop_monitor_new            (void);
gint64            glint_loop_monitor_get_max_gap_us (GlintLoopMonitor *self);
void              glint_loop_monitor_reset          (GlintLoopMonitor *self);

G_END_DECLS

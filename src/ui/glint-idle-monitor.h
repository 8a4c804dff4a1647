/* glint-idle-monitor.h: the user's idleness, from the desktop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  GLINT_IDLE_ACTIVE = 0,
  GLINT_IDLE_AWAY = 1,
  GLINT_IDLE_XA = 2,
} GlintIdleLevel;

#define GLINT_TYPE_IDLE_MONITOR (glint_idle_monitor_get_type ())

G_DECLARE_FINAL_TYPE (GlintIdleMonitor, glint_idle_monitor, GLINT, IDLE_MONITOR, GObject)

GlintIdleMonitor *glint_idle_monitor_new            (void);
void              glint_idle_monitor_set_thresholds (GlintIdleMonitor *self,
                                                     guint64           away_ms,
                                                     guint64           xa_ms);
GlintIdleLevel    glint_idle_monitor_get_level      (GlintIdleMonitor *self);

G_END_DECLS

/* glint-upgrade-window.c
 *
 * A migration of a large history takes a while; this window says so
 * instead of a start that seems frozen. SQLite gives no fraction of a
 * schema change, so the bar pulses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-upgrade-window"

#include "config.h"

#include "glint-upgrade-window.h"

struct _GlintUpgradeWindow
{
  GtkWindow       parent_instance;
  guint           pulse_id;

  GtkProgressBar *progress;
};

G_DEFINE_FINAL_TYPE (GlintUpgradeWindow, glint_upgrade_window, GTK_TYPE_WINDOW)

static gboolean
pulse (gpointer data)
{
  gtk_progress_bar_pulse (GLINT_UPGRADE_WINDOW (data)->progress);
  return G_SOURCE_CONTINUE;
}

static void
glint_upgrade_window_dispose (GObject *object)
{
  GlintUpgradeWindow *self = GLINT_UPGRADE_WINDOW (object);

  g_clear_handle_id (&self->pulse_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLINT_TYPE_UPGRADE_WINDOW);
  G_OBJECT_CLASS (glint_upgrade_window_parent_class)->dispose (object);
}

static void
glint_upgrade_window_class_init (GlintUpgradeWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = glint_upgrade_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-upgrade-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintUpgradeWindow, progress);
}

static void
glint_upgrade_window_init (GlintUpgradeWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->pulse_id = g_timeout_add (100, pulse, self);
}

GlintUpgradeWindow *
glint_upgrade_window_new (GtkApplication *app)
{
  return g_object_new (GLINT_TYPE_UPGRADE_WINDOW, "application", app, NULL);
}

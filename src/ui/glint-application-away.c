/* glint-application-away.c: away while the user is idle, as Spark does
 *
 * The desktop says how long the user has been idle (GlintIdleMonitor).
 * Past the user's thresholds every account goes away, then extended away,
 * with the away message; on activity each comes back to available with
 * the usual message. Only a user who is available is moved: a status the
 * user chose (busy, invisible, away) is theirs and stays.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-away"

#include "config.h"

#include "glint-application-private.h"

static gboolean
is_available (GlintSession *session)
{
  const char *show = glint_session_get_own_show (session);

  return glint_session_get_state (session) == GLINT_CONNECTION_CONNECTED
         && (show == NULL || *show == '\0' || g_str_equal (show, "online") || g_str_equal (show, "chat"));
}

/* Moves the available accounts to @show, remembering which. */
static void
go_away (GlintApplication *self,
         const char       *show,
         const char       *status)
{
  GListModel *sessions = glint_client_get_sessions (self->client);

  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(GlintSession) session = g_list_model_get_item (sessions, i);
      const char *jid = glint_session_get_account_jid (session);
      g_autoptr(GError) error = NULL;

      if (!is_available (session) && !g_hash_table_contains (self->away_by_idle, jid))
        continue;
      if (glint_session_set_idle_presence (session, show, status, self->idle_since_ms, &error))
        g_hash_table_add (self->away_by_idle, g_strdup (jid));
      else
        g_message ("%s", error->message);
    }
}

/* Brings back the accounts that went away by idleness, unless the user
 * has set another status on them since. */
static void
come_back (GlintApplication *self,
           const char       *status)
{
  GListModel *sessions = glint_client_get_sessions (self->client);

  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(GlintSession) session = g_list_model_get_item (sessions, i);
      const char *show = glint_session_get_own_show (session);
      g_autoptr(GError) error = NULL;

      if (!g_hash_table_contains (self->away_by_idle, glint_session_get_account_jid (session))
          || !(g_strcmp0 (show, "away") == 0 || g_strcmp0 (show, "xa") == 0))
        continue;
      if (!glint_session_set_presence (session, NULL, status, &error))
        g_message ("%s", error->message);
    }
  g_hash_table_remove_all (self->away_by_idle);
}

static void
on_idle_level (GlintIdleMonitor *monitor,
               GlintIdleLevel    level,
               GlintApplication *self)
{
  g_autofree char *usual = g_settings_get_string (self->settings, "status-message");
  g_autofree char *away = g_settings_get_string (self->settings, "away-message");

  if (self->client == NULL)
    return;
  if (level == GLINT_IDLE_ACTIVE)
    {
      come_back (self, usual);
      self->idle_since_ms = 0;
      return;
    }
  if (!g_settings_get_boolean (self->settings, "auto-away"))
    return;
  /* Going extended away moves only what went away by idleness. */
  if (level == GLINT_IDLE_XA && g_hash_table_size (self->away_by_idle) == 0)
    return;
  /* XEP-0319: idle since the user last did something, the threshold ago. */
  if (level == GLINT_IDLE_AWAY || self->idle_since_ms == 0)
    self->idle_since_ms = g_get_real_time () / 1000
                          - (gint64) g_settings_get_uint (self->settings, "away-minutes") * 60 * 1000;
  go_away (self, level == GLINT_IDLE_XA ? "xa" : "away", *away ? away : usual);
}

static void
apply_thresholds (GlintApplication *self)
{
  gboolean on = g_settings_get_boolean (self->settings, "auto-away");
  guint64 away = (guint64) g_settings_get_uint (self->settings, "away-minutes") * 60 * 1000;
  guint64 xa = (guint64) g_settings_get_uint (self->settings, "xa-minutes") * 60 * 1000;

  glint_idle_monitor_set_thresholds (self->idle_monitor, on ? away : 0, on ? MAX (xa, away + 1) : 0);
}

void
glint_application_away_init (GlintApplication *self)
{
  self->away_by_idle = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->idle_monitor = glint_idle_monitor_new ();
  g_signal_connect (self->idle_monitor, "level-changed", G_CALLBACK (on_idle_level), self);
  for (const char * const *key = (const char * const[]) { "changed::auto-away", "changed::away-minutes",
                                                          "changed::xa-minutes", NULL }; *key; key++)
    g_signal_connect_object (self->settings, *key, G_CALLBACK (apply_thresholds), self, G_CONNECT_SWAPPED);
  apply_thresholds (self);
}

void
glint_application_away_shutdown (GlintApplication *self)
{
  if (self->idle_monitor)
    g_signal_handlers_disconnect_by_data (self->idle_monitor, self);
  g_clear_object (&self->idle_monitor);
  g_clear_pointer (&self->away_by_idle, g_hash_table_unref);
}

/* glint-roster-window-status.c: the contact list's status and banner
 *
 * The status chooser and message speak for every account at once; the
 * banner for the one account that most needs the user, and for the
 * archive while it brings what came when Glint was away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-roster-window"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-application.h"
#include "glint-roster-window-private.h"
#include "glint-saved-status-row.h"

/* In the order of the status chooser's items. */
static const char * const status_shows[] = { "online", "away", "xa", "dnd", "invisible", "offline" };

/* The one session the status and banner speak for when nothing is wrong:
 * the first account. */
static GlintSession *
first_session (GlintRosterWindow *self)
{
  g_autoptr(GlintSession) session = g_list_model_get_item (self->sessions, 0);
  return session;
}

/* The account whose state the banner shows: the first that needs the
 * user, else the first not online, else the first. */
static GlintSession *
banner_session (GlintRosterWindow *self)
{
  GlintSession *pick = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (self->sessions); i++)
    {
      g_autoptr(GlintSession) session = g_list_model_get_item (self->sessions, i);
      GlintConnectionState state = glint_session_get_state (session);

      if (state == GLINT_CONNECTION_FAILED)
        return session;
      if (pick == NULL && state != GLINT_CONNECTION_CONNECTED)
        pick = session;
    }
  return pick ? pick : first_session (self);
}

void
glint_roster_window_on_status_selected (GlintRosterWindow *self)
{
  guint i = gtk_drop_down_get_selected (self->status_dropdown);
  const char *message = gtk_editable_get_text (GTK_EDITABLE (self->status_entry));
  g_autofree char *param = NULL;

  if (self->updating_status || i >= G_N_ELEMENTS (status_shows))
    return;
  if (g_str_equal (status_shows[i], "invisible") && !glint_application_can_be_invisible (self->app))
    {
      glint_roster_window_show_notice (self, _("Your server does not support being invisible."));
      return;
    }
  param = g_strdup_printf ("%s:%s", status_shows[i], message);
  g_action_group_activate_action (G_ACTION_GROUP (self->app), "set-status", g_variant_new_string (param));
}

/* A menu label shows text as typed: "_" is not a mnemonic. */
static char *
menu_label (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "_", -1);

  return g_strjoinv ("__", parts);
}

/* The saved messages, each with its status (Spark's custom messages),
 * then the ones used lately; each recent one can be forgotten. */
void
glint_roster_window_fill_recent_messages (GlintRosterWindow *self)
{
  GSettings *settings = glint_application_get_settings (self->app);
  g_auto(GStrv) recent = g_settings_get_strv (settings, "recent-status-messages");
  g_autoptr(GVariant) saved = g_settings_get_value (settings, "saved-status-messages");
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) keep = g_menu_new ();
  g_autoptr(GMenu) use = g_menu_new ();
  g_autoptr(GMenu) forget = g_menu_new ();
  GVariantIter iter;
  const char *show, *message;

  g_variant_iter_init (&iter, saved);
  while (g_variant_iter_next (&iter, "(&s&s)", &show, &message))
    {
      g_autofree char *label = menu_label (message);
      g_autofree char *text = g_strdup_printf (_("%s: %s"), glint_status_show_describe (show), label);
      g_autofree char *target = g_strdup_printf ("%s:%s", show, message);
      g_autoptr(GMenuItem) item = g_menu_item_new (text, NULL);

      g_menu_item_set_action_and_target_value (item, "app.set-status", g_variant_new_string (target));
      g_menu_append_item (keep, item);
    }
  for (guint i = 0; recent[i]; i++)
    {
      g_autofree char *label = menu_label (recent[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);
      g_autoptr(GMenuItem) gone = NULL;
      g_autofree char *forget_label = g_strdup_printf (_("Forget “%s”"), label);

      g_menu_item_set_action_and_target_value (item, "win.use-status-message", g_variant_new_string (recent[i]));
      g_menu_append_item (use, item);
      gone = g_menu_item_new (forget_label, NULL);
      g_menu_item_set_action_and_target_value (gone, "app.forget-status-message", g_variant_new_string (recent[i]));
      g_menu_append_item (forget, gone);
    }
  if (g_variant_n_children (saved) > 0)
    g_menu_append_section (menu, _("Saved"), G_MENU_MODEL (keep));
  if (recent[0] != NULL)
    {
      g_menu_append_section (menu, _("Recent"), G_MENU_MODEL (use));
      g_menu_append_submenu (menu, _("Forget"), G_MENU_MODEL (forget));
    }
  gtk_menu_button_set_menu_model (self->recent_button, G_MENU_MODEL (menu));
  gtk_widget_set_sensitive (GTK_WIDGET (self->recent_button), recent[0] != NULL || g_variant_n_children (saved) > 0);
}

/* (message): the status message, picked from the recent ones, is used. */
void
glint_roster_window_use_status_message (GtkWidget  *widget,
                           const char *name,
                           GVariant   *param)
{
  GlintRosterWindow *self = GLINT_ROSTER_WINDOW (widget);

  gtk_editable_set_text (GTK_EDITABLE (self->status_entry), g_variant_get_string (param, NULL));
  glint_roster_window_on_status_selected (self);
}

void
glint_roster_window_sync_status (GlintRosterWindow *self)
{
  GlintSession *session = first_session (self);
  const char *show = session ? glint_session_get_own_show (session) : NULL;
  GlintConnectionState state = session ? glint_session_get_state (session) : GLINT_CONNECTION_DISCONNECTED;
  guint index = 0;

  if (state == GLINT_CONNECTION_DISCONNECTED || state == GLINT_CONNECTION_FAILED)
    index = G_N_ELEMENTS (status_shows) - 1;
  else if (show)
    for (guint i = 0; i < G_N_ELEMENTS (status_shows); i++)
      if (g_str_equal (show, status_shows[i]))
        index = i;
  self->updating_status = TRUE;
  gtk_drop_down_set_selected (self->status_dropdown, index);
  self->updating_status = FALSE;
}

void
glint_roster_window_update_banner (GlintRosterWindow *self)
{
  GlintSession *session = banner_session (self);
  GlintConnectionState state = session ? glint_session_get_state (session) : GLINT_CONNECTION_DISCONNECTED;
  const char *why = glint_connection_error_describe (session ? glint_session_get_error (session) : GLINT_ERROR_NONE);
  g_autofree char *text = NULL;
  const char *button = NULL, *action = NULL;

  switch (state)
    {
    case GLINT_CONNECTION_CONNECTING:
      text = g_strdup (_("Connecting…"));
      break;
    case GLINT_CONNECTION_CONNECTED:
      text = self->notice ? g_strdup (self->notice) : NULL;
      break;
    case GLINT_CONNECTION_WAITING:
      text = g_strdup_printf (_("Connection lost. %s Reconnecting…"), why);
      button = _("Retry Now");
      action = "app.reconnect";
      break;
    case GLINT_CONNECTION_FAILED:
      text = g_strdup (why);
      button = _("Log In…");
      action = "app.login";
      break;
    case GLINT_CONNECTION_DISCONNECTED:
    default:
      text = g_strdup (_("You are offline."));
      button = _("Connect");
      action = "app.reconnect";
      break;
    }
  /* No account left (the last was deleted): what happened, and a way on. */
  if (session == NULL && self->notice)
    {
      g_free (text);
      text = g_strdup (self->notice);
      button = _("Log In…");
      action = "app.login";
    }
  /* With several accounts, say which one this is about. */
  if (text && session && state != GLINT_CONNECTION_CONNECTED && g_list_model_get_n_items (self->sessions) > 1)
    {
      char *about = g_strdup_printf ("%s: %s", glint_session_get_account_jid (session), text);
      g_free (text);
      text = about;
    }
  gtk_label_set_text (self->banner_label, text ? text : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->banner_label),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text ? text : "", -1);
  gtk_widget_set_visible (GTK_WIDGET (self->banner_button), button != NULL);
  if (button)
    {
      gtk_button_set_label (self->banner_button, button);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->banner_button), action);
    }
  gtk_revealer_set_reveal_child (self->banner_revealer, text != NULL);
  glint_roster_window_sync_status (self);
}

/* While the archive brings what came when Glint was away: how many so far. */
void
glint_roster_window_update_archive_progress (GlintRosterWindow *self)
{
  gboolean syncing = FALSE;
  guint fetched = 0;

  for (guint i = 0; i < g_list_model_get_n_items (self->sessions); i++)
    {
      g_autoptr(GlintSession) session = g_list_model_get_item (self->sessions, i);

      syncing |= glint_session_get_archive_syncing (session);
      fetched += glint_session_get_archive_fetched (session);
    }
  if (syncing)
    {
      g_autofree char *text = fetched == 0
        ? g_strdup (_("Fetching messages from the server…"))
        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Fetched %u message from the server…",
                                        "Fetched %u messages from the server…", fetched), fetched);

      gtk_label_set_text (self->sync_label, text);
    }
  gtk_spinner_set_spinning (self->sync_spinner, syncing);
  /* Hidden too, not only folded away: a screen reader would read it. */
  gtk_widget_set_visible (GTK_WIDGET (self->sync_label), syncing);
  gtk_revealer_set_reveal_child (self->sync_revealer, syncing);
}

void
glint_roster_window_show_notice (GlintRosterWindow *self,
                                 const char        *text)
{
  g_free (self->notice);
  self->notice = g_strdup (text);
  glint_roster_window_update_banner (self);
  if (first_session (self) && glint_session_get_state (first_session (self)) != GLINT_CONNECTION_CONNECTED)
    {
      gtk_label_set_text (self->banner_label, text);
      gtk_revealer_set_reveal_child (self->banner_revealer, TRUE);
    }
}

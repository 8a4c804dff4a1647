/* glint-preferences-window.c: every preference, bound straight to
 * GSettings, so each applies at once and nothing needs a restart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-preferences"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-accessible.h"
#include "glint-account-row.h"
#include "glint-application.h"
#include "glint-preferences-window.h"
#include "glint-saved-status-group.h"

struct _GlintPreferencesWindow
{
  AdwPreferencesWindow parent_instance;
  GlintApplication    *app;

  GtkListBox  *accounts_list;
  GtkListBox  *pins_list;
  AdwComboRow *tab_layout_row;
  AdwComboRow *tab_position_row;
  AdwComboRow *time_format_row;
  AdwComboRow *send_key_row;
  AdwComboRow *retention_row;
  AdwComboRow *notification_content_row;
  AdwComboRow *group_notifications_row;
  AdwComboRow *color_scheme_row;
  AdwActionRow *previous_count_row;
  GtkSwitch   *show_times_switch;
  GtkSwitch   *group_messages_switch;
  GtkSwitch   *chat_states_switch;
  GtkSwitch   *room_notices_switch;
  GtkSwitch   *read_markers_switch;
  GtkSwitch   *auto_away_switch;
  GtkSpinButton *away_minutes_spin;
  GtkSpinButton *xa_minutes_spin;
  GtkWidget   *away_message_row;
  GtkSwitch   *confirm_close_switch;
  GtkSwitch   *attention_switch;
  GtkSwitch   *show_offline_switch;
  GtkSwitch   *save_history_switch;
  GtkSwitch   *show_previous_switch;
  GtkSwitch   *notifications_switch;
  GtkSwitch   *compact_switch;
  GtkSpinButton *previous_count_spin;
  GtkSpinButton *text_scale_spin;
};

G_DEFINE_FINAL_TYPE (GlintPreferencesWindow, glint_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* A combo row's position is the enum's value: the schema lists each
 * enum's nicks in order, from 0. */
static gboolean
nick_to_position (GValue   *value,
                  GVariant *variant,
                  gpointer  data)
{
  const char * const *nicks = data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i]; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
position_to_nick (const GValue       *value,
                  const GVariantType *type,
                  gpointer            data)
{
  const char * const *nicks = data;
  guint i = g_value_get_uint (value);

  return i < g_strv_length ((char **) nicks) ? g_variant_new_string (nicks[i]) : NULL;
}

static void
bind_enum (GSettings   *settings,
           const char  *key,
           AdwComboRow *row)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  g_autoptr(GVariant) range = NULL;
  g_autoptr(GVariant) nicks = NULL;
  const char *kind;

  g_object_get (settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  range = g_settings_schema_key_get_range (schema_key);
  g_variant_get (range, "(&sv)", &kind, &nicks);
  g_return_if_fail (g_str_equal (kind, "enum"));
  g_settings_bind_with_mapping (settings, key, row, "selected", G_SETTINGS_BIND_DEFAULT,
                                nick_to_position, position_to_nick,
                                g_variant_dup_strv (nicks, NULL), (GDestroyNotify) g_strfreev);
}

static gboolean
scale_to_percent (GValue   *value,
                  GVariant *variant,
                  gpointer  data)
{
  g_value_set_double (value, g_variant_get_double (variant) * 100);
  return TRUE;
}

static GVariant *
percent_to_scale (const GValue       *value,
                  const GVariantType *type,
                  gpointer            data)
{
  return g_variant_new_double (g_value_get_double (value) / 100);
}

static void
revoke_clicked (GtkButton              *button,
                GlintPreferencesWindow *self)
{
  const char *account = g_object_get_data (G_OBJECT (button), "account");
  const char *fingerprint = g_object_get_data (G_OBJECT (button), "fingerprint");

  g_action_group_activate_action (G_ACTION_GROUP (self->app), "revoke-pin",
                                  g_variant_new ("(ss)", account, fingerprint));
}

static void
add_pin_row (GlintPreferencesWindow *self,
             const char             *account,
             const char             *fingerprint)
{
  AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
  GtkWidget *revoke = gtk_button_new_with_mnemonic (_("_Revoke"));
  g_autofree char *name = g_strdup_printf (_("Revoke the certificate pinned for %s"), account);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), account);
  adw_action_row_set_subtitle (row, fingerprint);
  gtk_widget_set_valign (revoke, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (revoke), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (revoke), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  g_object_set_data_full (G_OBJECT (revoke), "account", g_strdup (account), g_free);
  g_object_set_data_full (G_OBJECT (revoke), "fingerprint", g_strdup (fingerprint), g_free);
  g_signal_connect (revoke, "clicked", G_CALLBACK (revoke_clicked), self);
  adw_action_row_add_suffix (row, revoke);
  gtk_list_box_append (self->pins_list, GTK_WIDGET (row));
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))))
    gtk_list_box_remove (list, child);
}

/* Every saved account, enabled or not, with its live state, and every
 * certificate pinned for one. */
void
glint_preferences_window_refresh_accounts (GlintPreferencesWindow *self)
{
  g_autoptr(GPtrArray) accounts = glint_application_load_accounts (self->app);
  guint pins = 0;

  clear_list (self->accounts_list);
  clear_list (self->pins_list);
  for (guint i = 0; accounts && i < accounts->len; i++)
    {
      GlintAccount *account = accounts->pdata[i];
      GlintSession *session = glint_application_lookup_session (self->app, account->jid);

      gtk_list_box_append (self->accounts_list, GTK_WIDGET (glint_account_row_new (account, session)));
      for (guint j = 0; account->pins && account->pins[j]; j++, pins++)
        add_pin_row (self, account->jid, account->pins[j]);
    }
  if (pins == 0)
    {
      AdwActionRow *none = ADW_ACTION_ROW (adw_action_row_new ());

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (none), _("No certificates are pinned"));
      gtk_list_box_append (self->pins_list, GTK_WIDGET (none));
    }
}

static void
on_delete_answer (AdwMessageDialog       *dialog,
                  const char             *response,
                  GlintPreferencesWindow *self)
{
  if (g_str_equal (response, "delete"))
    glint_application_delete_history (self->app, NULL, NULL);
}

/* Turned off by the user here: whether to delete what is stored is theirs
 * to say; nothing new is written either way. */
static void
on_save_history_toggled (GlintPreferencesWindow *self)
{
  GtkWidget *dialog;

  if (gtk_switch_get_active (self->save_history_switch) || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Delete the saved history too?"),
                                   _("From now on no message is written to disk. "
                                     "What was saved before can stay, or be deleted now."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep It"),
                                    "delete", _("_Delete It"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect (dialog, "response", G_CALLBACK (on_delete_answer), self);
  glint_accessible_name_dialog (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
glint_preferences_window_class_init (GlintPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (GLINT_TYPE_SAVED_STATUS_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-preferences-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, GlintPreferencesWindow, name)
  BIND (accounts_list);
  BIND (pins_list);
  BIND (tab_layout_row);
  BIND (tab_position_row);
  BIND (time_format_row);
  BIND (send_key_row);
  BIND (retention_row);
  BIND (notification_content_row);
  BIND (group_notifications_row);
  BIND (color_scheme_row);
  BIND (previous_count_row);
  BIND (show_times_switch);
  BIND (group_messages_switch);
  BIND (chat_states_switch);
  BIND (room_notices_switch);
  BIND (read_markers_switch);
  BIND (auto_away_switch);
  BIND (away_minutes_spin);
  BIND (xa_minutes_spin);
  BIND (away_message_row);
  BIND (confirm_close_switch);
  BIND (attention_switch);
  BIND (show_offline_switch);
  BIND (save_history_switch);
  BIND (show_previous_switch);
  BIND (notifications_switch);
  BIND (compact_switch);
  BIND (previous_count_spin);
  BIND (text_scale_spin);
#undef BIND
}

/* libadwaita 1.2's search button is named by nothing but its icon, which
 * a screen reader reads as "GtkImage". */
static void
name_search_button (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    name_search_button (child);
  if (GTK_IS_TOGGLE_BUTTON (root) && gtk_button_get_label (GTK_BUTTON (root)) == NULL
      && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (root)), "edit-find-symbolic") == 0)
    gtk_accessible_update_property (GTK_ACCESSIBLE (root), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search"), -1);
}

static void
glint_preferences_window_init (GlintPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  glint_accessible_name_buttons_once (GTK_WIDGET (self));
  glint_accessible_name_search (GTK_WIDGET (self), _("Search preferences"));
  name_search_button (GTK_WIDGET (self));
}

GlintPreferencesWindow *
glint_preferences_window_new (GlintApplication *app)
{
  GlintPreferencesWindow *self = g_object_new (GLINT_TYPE_PREFERENCES_WINDOW, "application", app, NULL);
  GSettings *settings = glint_application_get_settings (app);
  static const struct { const char *key; gsize offset; } switches[] = {
    { "show-times", G_STRUCT_OFFSET (GlintPreferencesWindow, show_times_switch) },
    { "group-messages", G_STRUCT_OFFSET (GlintPreferencesWindow, group_messages_switch) },
    { "send-chat-states", G_STRUCT_OFFSET (GlintPreferencesWindow, chat_states_switch) },
    { "show-room-notices", G_STRUCT_OFFSET (GlintPreferencesWindow, room_notices_switch) },
    { "send-read-markers", G_STRUCT_OFFSET (GlintPreferencesWindow, read_markers_switch) },
    { "auto-away", G_STRUCT_OFFSET (GlintPreferencesWindow, auto_away_switch) },
    { "confirm-close-unread", G_STRUCT_OFFSET (GlintPreferencesWindow, confirm_close_switch) },
    { "allow-attention", G_STRUCT_OFFSET (GlintPreferencesWindow, attention_switch) },
    { "show-offline", G_STRUCT_OFFSET (GlintPreferencesWindow, show_offline_switch) },
    { "save-history", G_STRUCT_OFFSET (GlintPreferencesWindow, save_history_switch) },
    { "show-previous", G_STRUCT_OFFSET (GlintPreferencesWindow, show_previous_switch) },
    { "notifications", G_STRUCT_OFFSET (GlintPreferencesWindow, notifications_switch) },
    { "compact", G_STRUCT_OFFSET (GlintPreferencesWindow, compact_switch) },
  };
  static const struct { const char *key; gsize offset; } enums[] = {
    { "tab-layout", G_STRUCT_OFFSET (GlintPreferencesWindow, tab_layout_row) },
    { "tab-position", G_STRUCT_OFFSET (GlintPreferencesWindow, tab_position_row) },
    { "time-format", G_STRUCT_OFFSET (GlintPreferencesWindow, time_format_row) },
    { "send-key", G_STRUCT_OFFSET (GlintPreferencesWindow, send_key_row) },
    { "history-retention", G_STRUCT_OFFSET (GlintPreferencesWindow, retention_row) },
    { "notification-content", G_STRUCT_OFFSET (GlintPreferencesWindow, notification_content_row) },
    { "group-chat-notifications", G_STRUCT_OFFSET (GlintPreferencesWindow, group_notifications_row) },
    { "color-scheme", G_STRUCT_OFFSET (GlintPreferencesWindow, color_scheme_row) },
  };

  self->app = app;
  glint_preferences_window_refresh_accounts (self);
  for (guint i = 0; i < G_N_ELEMENTS (switches); i++)
    g_settings_bind (settings, switches[i].key, G_STRUCT_MEMBER (GObject *, self, switches[i].offset),
                     "active", G_SETTINGS_BIND_DEFAULT);
  for (guint i = 0; i < G_N_ELEMENTS (enums); i++)
    bind_enum (settings, enums[i].key, G_STRUCT_MEMBER (AdwComboRow *, self, enums[i].offset));
  g_settings_bind (settings, "previous-count", self->previous_count_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "away-minutes", self->away_minutes_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "xa-minutes", self->xa_minutes_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "away-message", self->away_message_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "auto-away", self->away_minutes_spin, "sensitive", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "auto-away", self->xa_minutes_spin, "sensitive", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "auto-away", self->away_message_row, "sensitive", G_SETTINGS_BIND_GET);
  g_settings_bind_with_mapping (settings, "text-scale", self->text_scale_spin, "value",
                                G_SETTINGS_BIND_DEFAULT, scale_to_percent, percent_to_scale, NULL, NULL);
  /* What only matters while another preference is on says so by graying. */
  g_settings_bind (settings, "show-times", self->time_format_row, "sensitive", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "show-previous", self->previous_count_row, "sensitive", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "notifications", self->notification_content_row, "sensitive", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "notifications", self->group_notifications_row, "sensitive", G_SETTINGS_BIND_GET);
  g_signal_connect_swapped (self->save_history_switch, "notify::active",
                            G_CALLBACK (on_save_history_toggled), self);
  return self;
}

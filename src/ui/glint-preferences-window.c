/* glint-preferences-window.c: settings bound straight to GSettings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-preferences"

#include "config.h"

#include "glint-account-row.h"
#include "glint-application.h"
#include "glint-preferences-window.h"

struct _GlintPreferencesWindow
{
  GtkWindow    parent_instance;
  GlintApplication *app;

  GtkListBox  *accounts_list;
  GtkDropDown *tab_position_dropdown;
  GtkSwitch   *chat_states_switch;
  GtkSwitch   *notifications_switch;
  GtkSwitch   *show_offline_switch;
};

G_DEFINE_FINAL_TYPE (GlintPreferencesWindow, glint_preferences_window, GTK_TYPE_WINDOW)

static gboolean
enum_to_selected (GValue   *value,
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
selected_to_enum (const GValue       *value,
                  const GVariantType *type,
                  gpointer            data)
{
  const char * const *nicks = data;
  guint i = g_value_get_uint (value);

  return i < g_strv_length ((char **) nicks) ? g_variant_new_string (nicks[i]) : NULL;
}

/* Every saved account, enabled or not, with its live state. */
void
glint_preferences_window_refresh_accounts (GlintPreferencesWindow *self)
{
  g_autoptr(GPtrArray) accounts = glint_application_load_accounts (self->app);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->accounts_list))))
    gtk_list_box_remove (self->accounts_list, child);
  for (guint i = 0; accounts && i < accounts->len; i++)
    {
      GlintAccount *account = accounts->pdata[i];
      GlintSession *session = glint_application_lookup_session (self->app, account->jid);

      gtk_list_box_append (self->accounts_list, GTK_WIDGET (glint_account_row_new (account, session)));
    }
}

static void
glint_preferences_window_class_init (GlintPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* Escape closes it, as it does every dialog. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintPreferencesWindow, accounts_list);
  gtk_widget_class_bind_template_child (widget_class, GlintPreferencesWindow, tab_position_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlintPreferencesWindow, chat_states_switch);
  gtk_widget_class_bind_template_child (widget_class, GlintPreferencesWindow, notifications_switch);
  gtk_widget_class_bind_template_child (widget_class, GlintPreferencesWindow, show_offline_switch);
}

static void
glint_preferences_window_init (GlintPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GlintPreferencesWindow *
glint_preferences_window_new (GlintApplication *app)
{
  static const char * const positions[] = { "top", "bottom", NULL };
  GlintPreferencesWindow *self = g_object_new (GLINT_TYPE_PREFERENCES_WINDOW, "application", app, NULL);
  GSettings *settings = glint_application_get_settings (app);

  self->app = app;
  glint_preferences_window_refresh_accounts (self);
  g_settings_bind (settings, "send-chat-states", self->chat_states_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notifications", self->notifications_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "show-offline", self->show_offline_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "tab-position", self->tab_position_dropdown, "selected",
                                G_SETTINGS_BIND_DEFAULT, enum_to_selected, selected_to_enum,
                                (gpointer) positions, NULL);
  return self;
}

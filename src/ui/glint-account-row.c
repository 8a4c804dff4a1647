/* glint-account-row.c
 *
 * The row changes nothing itself: its buttons are actions of the
 * application with the account as their target, and its switch and check
 * button activate the application's actions with the account and their
 * new value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-account-row"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-account-row.h"
#include "glint-accessible.h"

struct _GlintAccountRow
{
  GtkListBoxRow   parent_instance;
  GlintSession   *session;       /* NULL while the account is disabled */
  char           *jid;
  gboolean        building;      /* setting the controls, not the user */

  GtkLabel       *jid_label;
  GtkLabel       *state_label;
  GtkCheckButton *autologin_check;
  GtkCheckButton *share_version_check;
  GtkCheckButton *share_idle_check;
  GtkCheckButton *invisible_check;
  GtkLabel       *invisible_label;
  GtkButton      *edit_button;
  GtkButton      *password_button;
  GtkButton      *remove_button;
  GtkSwitch      *enabled_switch;
};

G_DEFINE_FINAL_TYPE (GlintAccountRow, glint_account_row, GTK_TYPE_LIST_BOX_ROW)

static const char *
describe_state (GlintAccountRow *self)
{
  if (self->session == NULL)
    return _("Disabled");
  switch (glint_session_get_state (self->session))
    {
    case GLINT_CONNECTION_CONNECTED:
      return _("Online");
    case GLINT_CONNECTION_CONNECTING:
      return _("Connecting…");
    case GLINT_CONNECTION_WAITING:
    case GLINT_CONNECTION_FAILED:
      return glint_connection_error_describe (glint_session_get_error (self->session));
    case GLINT_CONNECTION_DISCONNECTED:
    default:
      return _("Offline");
    }
}

static void
update_state (GlintAccountRow *self)
{
  const char *state = describe_state (self);
  g_autofree char *name = g_strdup_printf ("%s, %s", self->jid, state);

  gtk_label_set_text (self->state_label, state);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

static void
on_enabled_toggled (GlintAccountRow *self)
{
  if (!self->building)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.account-enabled", "(sb)", self->jid,
                                gtk_switch_get_active (self->enabled_switch));
}

static void
on_autologin_toggled (GlintAccountRow *self)
{
  if (!self->building)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.account-autologin", "(sb)", self->jid,
                                gtk_check_button_get_active (self->autologin_check));
}

static void
on_sharing_toggled (GlintAccountRow *self,
                    GtkCheckButton  *check)
{
  if (!self->building)
    gtk_widget_activate_action (GTK_WIDGET (self), check == self->share_version_check ? "app.account-share-version"
                                                                                      : "app.account-share-idle",
                                "(sb)", self->jid, gtk_check_button_get_active (check));
}

static void
on_invisible_toggled (GlintAccountRow *self)
{
  if (!self->building)
    gtk_widget_activate_action (GTK_WIDGET (self), "app.account-login-invisible", "(sb)", self->jid,
                                gtk_check_button_get_active (self->invisible_check));
}

/* Once the server is known to lack invisibility (XEP-0186), the option is
 * not offered, and says why. */
static void
update_invisible (GlintAccountRow *self)
{
  gboolean lacking = self->session != NULL
                     && glint_session_get_state (self->session) == GLINT_CONNECTION_CONNECTED
                     && glint_session_get_features_known (self->session)
                     && !glint_session_get_invisible_supported (self->session);

  gtk_widget_set_sensitive (GTK_WIDGET (self->invisible_check), !lacking);
  gtk_widget_set_visible (GTK_WIDGET (self->invisible_label), lacking);
}

static void
glint_account_row_dispose (GObject *object)
{
  GlintAccountRow *self = GLINT_ACCOUNT_ROW (object);

  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLINT_TYPE_ACCOUNT_ROW);
  G_OBJECT_CLASS (glint_account_row_parent_class)->dispose (object);
}

static void
glint_account_row_finalize (GObject *object)
{
  g_free (GLINT_ACCOUNT_ROW (object)->jid);
  G_OBJECT_CLASS (glint_account_row_parent_class)->finalize (object);
}

static void
glint_account_row_class_init (GlintAccountRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glint_account_row_dispose;
  object_class->finalize = glint_account_row_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-account-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintAccountRow, jid_label);
  gtk_widget_class_bind_template_child (widget_class, GlintAccountRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, GlintAccountRow, autologin_check);
  gtk_widget_class_bind_template_child (widget_class, GlintAccountRow, share_version_check);
  gtk_widget_class_bind_template_child (widget_class, GlintAccountRow, share_idle_check);
  gtk_widget_class_bind_template_callback (widget_class, on_sharing_toggled);
  gtk_widget_class_bind_template_child (widget_class, GlintAccountRow, invisible_check);
  gtk_widget_class_bind_template_child (widget_class, GlintAccountRow, invisible_label);
  gtk_widget_class_bind_template_callback (widget_class, on_invisible_toggled);
  gtk_widget_class_bind_template_child (widget_class, GlintAccountRow, edit_button);
  gtk_widget_class_bind_template_child (widget_class, GlintAccountRow, password_button);
  gtk_widget_class_bind_template_child (widget_class, GlintAccountRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, GlintAccountRow, enabled_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_enabled_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_autologin_toggled);
}

static void
glint_account_row_init (GlintAccountRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  glint_accessible_name_buttons_once (GTK_WIDGET (self));
}

/* @session: the account's session, NULL when it is disabled. */
GlintAccountRow *
glint_account_row_new (const GlintAccount *account,
                       GlintSession       *session)
{
  GlintAccountRow *self = g_object_new (GLINT_TYPE_ACCOUNT_ROW, NULL);
  GVariant *target = g_variant_new_string (account->jid);
  g_autofree char *switch_name = g_strdup_printf (_("Use %s"), account->jid);
  g_autofree char *edit_name = g_strdup_printf (_("Edit %s"), account->jid);
  g_autofree char *remove_name = g_strdup_printf (_("Remove %s"), account->jid);
  g_autofree char *password_name = g_strdup_printf (_("Change the password of %s"), account->jid);

  self->jid = g_strdup (account->jid);
  self->session = session ? g_object_ref (session) : NULL;
  gtk_label_set_text (self->jid_label, account->jid);
  g_variant_ref_sink (target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->edit_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->password_button), target);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->remove_button), target);
  g_variant_unref (target);
  self->building = TRUE;
  gtk_switch_set_active (self->enabled_switch, account->enabled);
  gtk_check_button_set_active (self->autologin_check, account->autologin);
  gtk_check_button_set_active (self->share_version_check, account->share_version);
  gtk_check_button_set_active (self->share_idle_check, account->share_idle);
  gtk_check_button_set_active (self->invisible_check, account->login_invisible);
  self->building = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->autologin_check), account->save_password);
  if (!account->save_password)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->autologin_check),
                                 _("Save the password in the keyring to log in automatically."));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->enabled_switch), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  switch_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->edit_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  edit_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  remove_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->password_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  password_name, -1);
  if (session)
    {
      g_signal_connect_swapped (session, "notify::state", G_CALLBACK (update_state), self);
      g_signal_connect_swapped (session, "notify::state", G_CALLBACK (update_invisible), self);
      g_signal_connect_swapped (session, "notify::invisible-supported", G_CALLBACK (update_invisible), self);
      g_signal_connect_swapped (session, "notify::features-known", G_CALLBACK (update_invisible), self);
    }
  update_state (self);
  update_invisible (self);
  return self;
}

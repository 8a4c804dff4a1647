/* glint-session-password.c: the account on its server (XEP-0077): its
 * password, and removing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "glint-registration.h"
#include "glint-session-private.h"

/* What the server said of a new password, in words. */
static const char *
describe_password_refusal (const char *condition)
{
  if (g_strcmp0 (condition, "offline") == 0)
    return _("The password can be changed only while connected.");
  if (g_strcmp0 (condition, "not-acceptable") == 0 || g_strcmp0 (condition, "bad-request") == 0)
    return _("The server did not accept that password. It may be too short or too simple.");
  if (g_strcmp0 (condition, "not-allowed") == 0 || g_strcmp0 (condition, "forbidden") == 0
      || g_strcmp0 (condition, "not-authorized") == 0 || g_strcmp0 (condition, "service-unavailable") == 0
      || g_strcmp0 (condition, "feature-not-implemented") == 0)
    return _("This server does not let its users change their password here.");
  if (g_strcmp0 (condition, "remote-server-timeout") == 0)
    return _("The server did not answer. The password is unchanged.");
  if (g_strcmp0 (condition, "connection-lost") == 0)
    return _("The connection was lost before the server answered: the password may not have changed. "
             "Log in again to find out.");
  return _("The server could not change the password. It is unchanged.");
}

/* The server answered a password change (@condition NULL: it took it),
 * or will not (the connection went). */
void
glint_session_password_answered (GlintSession *self,
                                 const char   *condition)
{
  if (self->new_password == NULL)
    return;
  if (condition == NULL)
    {
      g_free (self->password);
      self->password = g_steal_pointer (&self->new_password);
    }
  g_clear_pointer (&self->new_password, g_free);
  g_signal_emit_by_name (self, "password-changed", condition ? describe_password_refusal (condition) : NULL);
}

/* Asks the server to take @password for this account (XEP-0077);
 * "password-changed" tells how it went. Only one change at a time, and
 * only online. */
gboolean
glint_session_change_password (GlintSession  *self,
                               const char    *password,
                               GError       **error)
{
  GlintCommand *cmd;

  g_return_val_if_fail (GLINT_IS_SESSION (self), FALSE);

  if (self->state != GLINT_CONNECTION_CONNECTED)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED, describe_password_refusal ("offline"));
      return FALSE;
    }
  if (password == NULL || *password == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The new password is empty."));
      return FALSE;
    }
  if (self->new_password != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING, _("A password change is already under way."));
      return FALSE;
    }
  self->new_password = g_strdup (password);
  cmd = glint_command_new (GLINT_COMMAND_CHANGE_PASSWORD);
  cmd->password = g_strdup (password);
  glint_session_push (self, cmd);
  return TRUE;
}

/* The server answered the removal (@condition NULL: the account is gone). */
void
glint_session_removal_answered (GlintSession *self,
                                const char   *condition,
                                const char   *text)
{
  g_autofree char *error = NULL;

  if (!self->removing)
    return;
  self->removing = FALSE;
  if (g_strcmp0 (condition, "offline") == 0)
    error = g_strdup (_("The account can be removed from its server only while connected."));
  else if (condition != NULL)
    error = glint_registration_describe (condition, text);
  /* Gone: no use logging in again. */
  if (error == NULL)
    glint_session_logout (self);
  g_signal_emit_by_name (self, "removed-from-server", error);
}

/* Asks the server to delete this account for good (XEP-0077 section 3.2);
 * "removed-from-server" tells how it went. Only online. */
gboolean
glint_session_remove_from_server (GlintSession  *self,
                                  GError       **error)
{
  g_return_val_if_fail (GLINT_IS_SESSION (self), FALSE);

  if (self->state != GLINT_CONNECTION_CONNECTED)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("The account can be removed from its server only while connected."));
      return FALSE;
    }
  if (self->removing)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING, _("The server has not answered yet."));
      return FALSE;
    }
  self->removing = TRUE;
  glint_session_push (self, glint_command_new (GLINT_COMMAND_REMOVE_ACCOUNT));
  return TRUE;
}

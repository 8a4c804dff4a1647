/* glint-registration.c
 *
 * The server's form goes up as "form"; the user's answer goes down; the
 * server's verdict comes up as "finished", in words. The password the
 * user chose stays here until the account is saved and logs in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-registration"

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "glint-command.h"
#include "glint-jid.h"
#include "glint-registration.h"

struct _GlintRegistration
{
  GObject         parent_instance;
  GlintTransport *transport;
  GlintAccount   *server;     /* jid: the domain */
  char           *username;
  char           *password;
  gboolean        asked;      /* a form was submitted, not yet answered */
  gboolean        finished;
};

G_DEFINE_FINAL_TYPE (GlintRegistration, glint_registration, G_TYPE_OBJECT)

enum {
  FORM,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
forget_password (GlintRegistration *self)
{
  if (self->password)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
}

static void
glint_registration_finalize (GObject *object)
{
  GlintRegistration *self = GLINT_REGISTRATION (object);

  g_clear_object (&self->transport);
  glint_account_free (self->server);
  g_free (self->username);
  forget_password (self);
  G_OBJECT_CLASS (glint_registration_parent_class)->finalize (object);
}

static void
glint_registration_class_init (GlintRegistrationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = glint_registration_finalize;

  /* (form: GlintForm, owned by the emitter): what the server asks. */
  signals[FORM] = g_signal_new ("form", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_POINTER);
  /* (error: NULL when the account was made, else why not, in words). */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                    NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
glint_registration_init (GlintRegistration *self)
{
}

/* @server: where the account is to be made: its jid is the server's
 * domain; host, port and TLS as for logging in. */
GlintRegistration *
glint_registration_new (GlintTransport     *transport,
                        const GlintAccount *server)
{
  GlintRegistration *self = g_object_new (GLINT_TYPE_REGISTRATION, NULL);

  self->transport = g_object_ref (transport);
  self->server = glint_account_copy (server);
  return self;
}

const char *
glint_registration_get_domain (GlintRegistration *self)
{
  return self->server->jid;
}

const GlintAccount *
glint_registration_get_server (GlintRegistration *self)
{
  return self->server;
}

static void
push (GlintRegistration *self,
      GlintCommand      *cmd)
{
  cmd->account = g_strdup (self->server->jid);
  glint_transport_push (self->transport, cmd);
}

/* Connects to the server and asks its form. */
void
glint_registration_start (GlintRegistration *self)
{
  GlintCommand *cmd = glint_command_new (GLINT_COMMAND_REGISTER);

  cmd->settings = glint_account_copy (self->server);
  push (self, cmd);
}

/* Sends the form as the user filled it; refuses, in words, one with a
 * required field empty or a username that cannot make an address. */
gboolean
glint_registration_submit (GlintRegistration  *self,
                           const GlintForm    *filled,
                           GError            **error)
{
  g_autofree char *missing = glint_form_missing (filled);
  const char *username = glint_form_get_value (filled, "username");
  g_autofree char *jid = username ? g_strdup_printf ("%s@%s", username, self->server->jid) : NULL;
  GlintCommand *cmd;

  if (self->finished || self->asked)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING, _("The server has not answered yet."));
      return FALSE;
    }
  if (missing != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Fill in “%s”."), missing);
      return FALSE;
    }
  if (jid == NULL || !glint_jid_is_valid_bare (jid))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Choose a username without spaces, “@” or “/”."));
      return FALSE;
    }
  g_free (self->username);
  self->username = g_strdup (username);
  forget_password (self);
  self->password = g_strdup (glint_form_get_value (filled, "password"));
  self->asked = TRUE;
  cmd = glint_command_new (GLINT_COMMAND_REGISTER_SUBMIT);
  cmd->form = glint_form_copy (filled);
  push (self, cmd);
  return TRUE;
}

void
glint_registration_cancel (GlintRegistration *self)
{
  self->finished = TRUE;
  forget_password (self);
  push (self, glint_command_new (GLINT_COMMAND_FORGET));
}

/* The new account's address, once a form was sent. */
char *
glint_registration_get_jid (GlintRegistration *self)
{
  g_autofree char *jid = self->username ? g_strdup_printf ("%s@%s", self->username, self->server->jid) : NULL;

  return jid ? glint_jid_normalize_bare (jid) : NULL;
}

const char *
glint_registration_get_password (GlintRegistration *self)
{
  return self->password;
}

gboolean
glint_registration_is_finished (GlintRegistration *self)
{
  return self->finished;
}

/* Why no account was made, in words, with the server's own words after
 * (plain text) when it gave some. */
char *
glint_registration_describe (const char *condition,
                             const char *text)
{
  const char *why;

  if (g_strcmp0 (condition, "conflict") == 0)
    why = _("That username is taken. Choose another.");
  else if (g_strcmp0 (condition, "not-allowed") == 0 || g_strcmp0 (condition, "forbidden") == 0
           || g_strcmp0 (condition, "service-unavailable") == 0
           || g_strcmp0 (condition, "feature-not-implemented") == 0
           || g_strcmp0 (condition, "registration-required") == 0)
    why = _("This server does not let new accounts be made here.");
  else if (g_strcmp0 (condition, "not-acceptable") == 0 || g_strcmp0 (condition, "bad-request") == 0
           || g_strcmp0 (condition, "jid-malformed") == 0)
    why = _("The server did not accept the form. Check the fields and try again.");
  else if (g_strcmp0 (condition, "policy-violation") == 0)
    why = _("The server’s rules refused this account.");
  else if (g_strcmp0 (condition, "resource-constraint") == 0)
    why = _("The server takes no new accounts for now. Try again later.");
  else if (g_strcmp0 (condition, "no-tls") == 0)
    why = _("The server did not offer an encrypted connection, so no account was created.");
  else if (g_strcmp0 (condition, "certificate") == 0)
    why = _("The server’s certificate is not trusted, so no account was created.");
  else if (g_strcmp0 (condition, "tls") == 0 || g_strcmp0 (condition, "starttls-failure") == 0)
    why = _("A secure connection could not be set up with the server.");
  else if (g_strcmp0 (condition, "unreachable") == 0)
    why = _("The server could not be reached. Check its name and your network.");
  else if (g_strcmp0 (condition, "too-large") == 0)
    why = _("The server sent more at once than Glint accepts, so Glint stopped.");
  else if (g_strcmp0 (condition, "remote-server-timeout") == 0)
    why = _("The server did not answer.");
  else if (g_strcmp0 (condition, "connection-lost") == 0)
    why = _("The connection was lost before the server answered.");
  else if (g_strcmp0 (condition, "no-form") == 0)
    why = _("The server did not say how to create an account.");
  else
    why = _("The server could not create the account.");
  if (text != NULL && *text != '\0')
    return g_strdup_printf (_("%s The server said: “%s”"), why, text);
  return g_strdup (why);
}

void
glint_registration_handle_event (GlintRegistration *self,
                                 GlintEvent        *event)
{
  g_autofree char *error = NULL;

  if (self->finished)
    return;
  switch (event->type)
    {
    case GLINT_EVENT_REGISTRATION_FORM:
      if (event->form)
        g_signal_emit (self, signals[FORM], 0, event->form);
      break;
    case GLINT_EVENT_REGISTRATION_DONE:
      self->finished = TRUE;
      if (event->condition != NULL)
        {
          error = glint_registration_describe (event->condition, event->text);
          forget_password (self);
        }
      g_signal_emit (self, signals[FINISHED], 0, error);
      break;
    default:
      break;
    }
}

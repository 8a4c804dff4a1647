/* glint-worker-register.c: creating an account on a server, and removing
 * one (XEP-0077)
 *
 * A new account has nothing to log in with, so its stream is libstrophe's
 * "raw" connection: Glint opens the stream, secures it with STARTTLS
 * (libstrophe does that only for streams it logs in), and asks the
 * server's form on it. The link is keyed by the server's domain and goes
 * once the server has answered.
 *
 * Worker thread only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-worker"

#include "config.h"

#include <string.h>

#include "glint-worker-private.h"
#include "glint-stanza-private.h"
#include "glint-text.h"

#define NS_TLS "urn:ietf:params:xml:ns:xmpp-tls"
#define FEATURES_TIMEOUT_MS 15000

static void
post_done (GlintLink  *self,
           const char *condition,
           const char *text)
{
  GlintEvent *event;

  if (self->register_done)
    return;
  self->register_done = TRUE;
  event = glint_event_new (GLINT_EVENT_REGISTRATION_DONE, self->account->jid);
  event->condition = g_strdup (condition);
  event->text = g_strdup (text);
  glint_link_post (self, event);
}

/* Ends the registration with @condition (NULL: the account was made). */
static void
finish (GlintLink  *self,
        const char *condition,
        const char *text)
{
  post_done (self, condition, text);
  self->want_online = FALSE;
  self->forget = TRUE;
  if (self->conn && !self->conn_finished)
    xmpp_disconnect (self->conn);
}

/* The server's words in an error reply, as text safe to show; NULL if none. */
static char *
error_text (xmpp_stanza_t *reply)
{
  xmpp_stanza_t *error = reply ? xmpp_stanza_get_child_by_name (reply, "error") : NULL;
  xmpp_stanza_t *text = error ? xmpp_stanza_get_child_by_name (error, "text") : NULL;
  g_autofree char *raw = text ? glint_stanza_text (text) : NULL;

  return raw ? glint_text_sanitize_nonempty (raw, GLINT_FORM_MAX_TEXT_BYTES, TRUE) : NULL;
}

static void
on_submitted (GlintLink     *self,
              xmpp_stanza_t *reply,
              gboolean       ok,
              const char    *id)
{
  g_autofree char *text = error_text (reply);

  finish (self, ok ? NULL : glint_stanza_failure (reply), text);
}

static void
on_form (GlintLink     *self,
         xmpp_stanza_t *reply,
         gboolean       ok,
         const char    *id)
{
  g_autofree char *text = error_text (reply);
  gboolean registered = FALSE;
  GlintForm *form;
  GlintEvent *event;

  if (!ok)
    {
      finish (self, glint_stanza_failure (reply), text);
      return;
    }
  form = glint_stanza_parse_register_form (reply, &registered);
  if (form == NULL || form->fields->len == 0)
    {
      glint_form_free (form);
      finish (self, "no-form", NULL);
      return;
    }
  event = glint_event_new (GLINT_EVENT_REGISTRATION_FORM, self->account->jid);
  event->form = form;
  glint_link_post (self, event);
}

static void
ask_form (GlintLink *self)
{
  g_autofree char *id = g_uuid_string_random ();

  glint_link_send_iq (self, glint_stanza_new_register_get (self->ctx, id, self->domain), on_form, self->domain);
}

static int
on_proceed (xmpp_conn_t   *conn,
            xmpp_stanza_t *stanza,
            void          *userdata)
{
  GlintLink *self = userdata;

  if (g_strcmp0 (xmpp_stanza_get_name (stanza), "proceed") != 0)
    finish (self, "starttls-failure", NULL);
  else if (xmpp_conn_tls_start (conn) != 0)
    finish (self, self->cert_rejected ? "certificate" : "tls", NULL);
  else
    xmpp_conn_open_stream_default (conn);
  return 0;
}

static int
on_no_features (xmpp_conn_t *conn,
                void        *userdata)
{
  finish (userdata, "remote-server-timeout", NULL);
  return 0;
}

/* Over a plain stream, only when the user chose no TLS for this server;
 * otherwise STARTTLS first, and no form at all without it. */
static int
on_features (xmpp_conn_t   *conn,
             xmpp_stanza_t *features,
             void          *userdata)
{
  GlintLink *self = userdata;
  xmpp_stanza_t *starttls = xmpp_stanza_get_child_by_name_and_ns (features, "starttls", NS_TLS);

  xmpp_timed_handler_delete (conn, on_no_features);
  if (!xmpp_conn_is_secured (conn) && self->account->tls_mode != GLINT_TLS_PLAINTEXT)
    {
      xmpp_stanza_t *ask;

      if (starttls == NULL)
        {
          finish (self, "no-tls", NULL);
          return 0;
        }
      ask = glint_stanza_new_element (self->ctx, "starttls", NS_TLS);
      xmpp_handler_add (conn, on_proceed, NS_TLS, NULL, NULL, self);
      xmpp_send (conn, ask);
      xmpp_stanza_release (ask);
      return 0;
    }
  ask_form (self);
  return 0;
}

/* libstrophe's events on a registration's stream: the socket is up (open
 * the stream), or a stream is open (wait for its features). */
void
glint_link_register_connected (GlintLink         *self,
                               xmpp_conn_event_t  event)
{
  if (event == XMPP_CONN_RAW_CONNECT)
    {
      xmpp_conn_open_stream_default (self->conn);
      return;
    }
  xmpp_handler_add (self->conn, on_features, XMPP_NS_STREAMS, "features", NULL, self);
  xmpp_timed_handler_add (self->conn, on_no_features, FEATURES_TIMEOUT_MS, self);
}

/* The stream ended: a registration that had not finished says why. */
void
glint_link_register_ended (GlintLink            *self,
                           GlintConnectionError  why)
{
  self->want_online = FALSE;
  self->forget = TRUE;
  switch (why)
    {
    case GLINT_ERROR_CERTIFICATE:
      post_done (self, "certificate", NULL);
      break;
    case GLINT_ERROR_DNS:
    case GLINT_ERROR_UNREACHABLE:
      post_done (self, "unreachable", NULL);
      break;
    case GLINT_ERROR_TOO_LARGE:
      post_done (self, "too-large", NULL);
      break;
    default:
      post_done (self, "connection-lost", NULL);
    }
}

void
glint_link_register_submit (GlintLink    *self,
                            GlintCommand *cmd)
{
  g_autofree char *id = g_uuid_string_random ();

  if (self->conn == NULL || self->conn_finished || self->register_done || cmd->form == NULL)
    return;
  glint_link_send_iq (self, glint_stanza_new_register_submit (self->ctx, id, self->domain, cmd->form),
                      on_submitted, self->domain);
}

static void
on_removed (GlintLink     *self,
            xmpp_stanza_t *reply,
            gboolean       ok,
            const char    *id)
{
  GlintEvent *event = glint_event_new (GLINT_EVENT_ACCOUNT_REMOVED, self->account->jid);

  g_clear_pointer (&self->removal_id, g_free);
  if (!ok)
    event->condition = g_strdup (glint_stanza_failure (reply));
  event->text = error_text (reply);
  glint_link_post (self, event);
}

/* XEP-0077 section 3.2: the logged-in account goes from its server, which
 * then ends the stream. */
void
glint_link_remove_account (GlintLink *self)
{
  g_autofree char *id = g_uuid_string_random ();

  if (self->conn == NULL || !self->authenticated)
    {
      GlintEvent *event = glint_event_new (GLINT_EVENT_ACCOUNT_REMOVED, self->account->jid);

      event->condition = g_strdup ("offline");
      glint_link_post (self, event);
      return;
    }
  g_free (self->removal_id);
  self->removal_id = g_strdup (id);
  glint_link_send_iq (self, glint_stanza_new_register_remove (self->ctx, id, self->domain), on_removed,
                      self->domain);
}

/* The stream ended while the removal was awaited. ejabberd removes the
 * account and ends the stream with a stream error (a <conflict/>), sending
 * no answer: that, @by_server, is taken as done; a stream that just broke
 * is not. Returns whether the account is gone, so nothing is to be logged
 * in again. */
gboolean
glint_link_removal_ended (GlintLink *self,
                          gboolean   by_server)
{
  GlintEvent *event;

  if (self->removal_id == NULL)
    return FALSE;
  g_clear_pointer (&self->removal_id, g_free);
  event = glint_event_new (GLINT_EVENT_ACCOUNT_REMOVED, self->account->jid);
  event->condition = by_server ? NULL : g_strdup ("connection-lost");
  glint_link_post (self, event);
  return by_server;
}

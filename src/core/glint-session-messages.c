/* glint-session-messages.c: what a session does with messages beyond
 * sending and storing them: corrections (XEP-0308), receipts (XEP-0184),
 * chat markers (XEP-0333), attention (XEP-0224), and sending again what
 * the server bounced
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "glint-command.h"
#include "glint-jid.h"
#include "glint-session-private.h"
#include "glint-text.h"

/* XEP-0224: a contact may ask for attention this often, at most. */
#define ATTENTION_INTERVAL_US (30 * G_USEC_PER_SEC)

/* XEP-0308: applies @msg to the message it corrects, when that is in the
 * same conversation and from the same side. FALSE when there is none (the
 * correction is then kept as a message of its own: its text is not lost). */
gboolean
glint_session_apply_correction (GlintSession       *self,
                 const GlintMessage *msg)
{
  g_autoptr(GError) error = NULL;
  gint64 id = glint_store_apply_correction (self->store, msg, &error);

  if (id < 0)
    g_message ("%s", error->message);
  if (id <= 0)
    return FALSE;
  g_signal_emit_by_name (self, "message-corrected", id, msg->body);
  return TRUE;
}


/* Receipts and read markers tell the sender that Glint is running here,
 * so only a contact who may see our presence gets them (XEP-0184
 * section 8). */
static gboolean
may_see_presence (GlintSession *self,
                  const char   *peer)
{
  GlintContact *contact = g_hash_table_lookup (self->contacts, peer);
  const char *sub = contact ? glint_contact_get_subscription (contact) : "none";

  return g_strcmp0 (sub, "from") == 0 || g_strcmp0 (sub, "both") == 0;
}

static void
send_about (GlintSession       *self,
            GlintCommandType    type,
            const GlintMessage *msg)
{
  GlintCommand *cmd;

  if (!may_see_presence (self, msg->peer))
    return;
  cmd = glint_command_new (type);
  cmd->jid = g_strdup (msg->sender);
  cmd->xmpp_id = g_strdup (msg->xmpp_id);
  glint_session_push (self, cmd);
}

void
glint_session_send_receipt (GlintSession       *self,
              const GlintMessage *msg)
{
  send_about (self, GLINT_COMMAND_RECEIPT, msg);
}

/* XEP-0333: the user has read @msg (and what came before it). Only for a
 * live message whose sender asked for markers. */
void
glint_session_send_displayed (GlintSession       *self,
                              const GlintMessage *msg)
{
  if (msg->direction == GLINT_DIRECTION_IN && msg->markable && msg->xmpp_id != NULL)
    send_about (self, GLINT_COMMAND_DISPLAYED, msg);
}


/* Whether a request for attention from @bare is shown: the user allows
 * them, @bare is a contact (a stranger cannot buzz), and @bare was not
 * shown one in the last 30 seconds. */
gboolean
glint_session_wants_attention (GlintSession *self,
                 const char   *bare)
{
  gint64 now = self->now_us ();
  gpointer last;

  if (!self->allow_attention || !g_hash_table_contains (self->contacts, bare))
    return FALSE;
  if (g_hash_table_lookup_extended (self->attention_shown, bare, NULL, &last)
      && now - GPOINTER_TO_SIZE (last) < ATTENTION_INTERVAL_US)
    return FALSE;
  g_hash_table_insert (self->attention_shown, g_strdup (bare), GSIZE_TO_POINTER ((gsize) now));
  return TRUE;
}

/* Applies one event of this session's account; the event stays the
 * caller's. */

void
glint_session_set_allow_attention (GlintSession *self,
                                   gboolean      allow)
{
  self->allow_attention = allow;
}

/* For tests: what the session takes for the monotonic clock. */
void
glint_session_set_clock (GlintSession  *self,
                         gint64       (*now_us) (void))
{
  self->now_us = now_us;
}


/* A message the server bounced goes again, with its first id so the
 * receiver keeps one copy; offline, it waits in the outbox. */
gboolean
glint_session_retry_message (GlintSession        *self,
                             const GlintMessage  *msg,
                             GError             **error)
{
  if (msg->direction != GLINT_DIRECTION_OUT || msg->state != GLINT_MESSAGE_FAILED || msg->id <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Only a message that was not delivered can be sent again."));
      return FALSE;
    }
  if (!glint_store_set_state (self->store, msg->id, GLINT_MESSAGE_PENDING, error))
    return FALSE;
  g_signal_emit_by_name (self, "message-updated", msg->id, (int) GLINT_MESSAGE_PENDING);
  if (self->state == GLINT_CONNECTION_CONNECTED)
    glint_session_send_stored (self, msg);
  return TRUE;
}

/* XEP-0308: @body in place of our own message @original, sent now (a
 * correction needs the stream: offline, @error says so and nothing
 * changes). Returns the corrected row's id, or 0 with @error set. */
gint64
glint_session_correct_message (GlintSession        *self,
                               const GlintMessage  *original,
                               const char          *body,
                               GError             **error)
{
  g_autofree char *clean = glint_text_sanitize_nonempty (body, GLINT_MAX_BODY_BYTES, TRUE);
  g_autoptr(GlintMessage) correction = NULL;
  GlintCommand *cmd;
  gint64 id;

  if (original->direction != GLINT_DIRECTION_OUT || original->xmpp_id == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Only your own messages can be corrected."));
      return 0;
    }
  if (clean == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The message is empty."));
      return 0;
    }
  if (self->state != GLINT_CONNECTION_CONNECTED)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_CONNECTED,
                           _("A message can be corrected only while you are online."));
      return 0;
    }
  correction = glint_message_copy (original);
  g_free (correction->body);
  correction->body = g_steal_pointer (&clean);
  g_free (correction->replaces_id);
  correction->replaces_id = g_strdup (original->xmpp_id);
  id = glint_store_apply_correction (self->store, correction, error);
  if (id <= 0)
    {
      if (id == 0)
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The message to correct is not in the history."));
      return 0;
    }
  g_signal_emit_by_name (self, "message-corrected", id, correction->body);
  cmd = glint_command_new (GLINT_COMMAND_SEND_MESSAGE);
  cmd->jid = g_strdup (original->peer);
  cmd->body = g_strdup (correction->body);
  cmd->xmpp_id = g_uuid_string_random ();
  cmd->replaces_id = g_strdup (original->xmpp_id);
  cmd->kind = original->kind;
  /* The message keeps the state it had: a correction is no new delivery. */
  cmd->message_id = 0;
  glint_session_push (self, cmd);
  return id;
}

/* A message came (live, a copy from another device, or from the archive):
 * a correction rewrites the message it names; anything else is stored
 * and shown, once. */
void
glint_session_receive_message (GlintSession *self,
                               GlintEvent   *event)
{
  GlintMessage *msg = event->message;
  gboolean duplicate = FALSE;

  if (msg->replaces_id && glint_session_apply_correction (self, msg))
    {
      if (event->receipt_requested)
        glint_session_send_receipt (self, msg);
      return;
    }
  /* A room's own history is not our archive's catch-up. */
  if (msg->archived && msg->kind == GLINT_CONVERSATION_CHAT)
    glint_session_archive_place (self, msg);
  glint_session_store_message (self, msg, &duplicate);
  if (msg->archived && msg->kind == GLINT_CONVERSATION_CHAT)
    glint_session_archive_message (self, msg, !duplicate);
  else if (msg->archived)
    glint_session_room_archive_message (self, msg, !duplicate);
  if (event->receipt_requested)
    glint_session_send_receipt (self, msg);
  if (!duplicate)
    g_signal_emit_by_name (self, "message-added", msg);
}

/* @jid (a full JID) says its client got (XEP-0184) or read (XEP-0333) our
 * message @xmpp_id. Only the conversation with @jid is looked in: no one
 * else can mark a message of another conversation. */
void
glint_session_peer_marked (GlintSession      *self,
                           const char        *jid,
                           const char        *xmpp_id,
                           GlintMessageState  state)
{
  g_autofree char *bare = glint_jid_normalize_bare (jid);
  gint64 id = bare ? glint_store_set_state_by_xmpp_id (self->store, self->account->jid, bare, xmpp_id, state, NULL)
                   : 0;

  if (id > 0)
    g_signal_emit_by_name (self, "message-updated", id, state);
}

/* glint-worker-commands.c: what a link does with the commands the
 * session pushes (worker thread only)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-worker"

#include "glint-worker-private.h"
#include "glint-jid.h"

static void
connect_link (GlintLink    *self,
              GlintCommand *cmd)
{
  g_autoptr(GlintJid) jid = glint_jid_parse (cmd->settings->jid, NULL);

  glint_account_free (self->account);
  self->account = g_steal_pointer (&cmd->settings);
  g_free (self->password);
  self->password = g_steal_pointer (&cmd->password);
  g_free (self->domain);
  self->domain = jid ? g_strdup (jid->domain) : NULL;
  if (jid == NULL || jid->local == NULL)
    {
      glint_link_post_connection (self, GLINT_CONNECTION_FAILED, GLINT_ERROR_CONFIG);
      return;
    }
  /* How this login shows the user: hidden when the account says so, and
   * otherwise never hidden by an earlier login that was. */
  if (self->account->login_invisible || g_strcmp0 (self->show, "invisible") == 0)
    {
      g_free (self->show);
      self->show = self->account->login_invisible ? g_strdup ("invisible") : NULL;
    }
  self->want_online = TRUE;
  self->forget = FALSE;
  self->retries = 0;
  self->last_end = GLINT_ERROR_NONE;
  if (self->conn && !self->conn_finished)
    xmpp_disconnect (self->conn);
  glint_link_start_attempt (self);
}

/* A new account on the server named by the settings' jid (XEP-0077). */
static void
register_link (GlintLink    *self,
               GlintCommand *cmd)
{
  glint_account_free (self->account);
  self->account = g_steal_pointer (&cmd->settings);
  g_free (self->domain);
  self->domain = g_strdup (self->account->jid);
  self->registering = TRUE;
  self->register_done = FALSE;
  self->want_online = FALSE;
  self->forget = FALSE;
  glint_link_start_attempt (self);
}

/* One command for one account's link. */
void
glint_link_handle_command (GlintLink    *self,
                     GlintCommand *cmd)
{
  gboolean online = self->conn && self->authenticated;

  switch (cmd->type)
    {
    case GLINT_COMMAND_CONNECT:
      connect_link (self, cmd);
      break;

    case GLINT_COMMAND_DISCONNECT:
      glint_link_go_offline (self);
      break;

    case GLINT_COMMAND_FORGET:
      self->forget = TRUE;
      glint_link_go_offline (self);
      break;

    case GLINT_COMMAND_SEND_MESSAGE:
      self->active_at_us = g_get_monotonic_time ();
      if (online)
        glint_link_send_message (self, cmd);
      break;

    case GLINT_COMMAND_REGISTER:
      /* A new attempt replaces one that was cancelled and is closing. */
      g_hash_table_remove_all (self->pending);
      register_link (self, cmd);
      break;

    case GLINT_COMMAND_REGISTER_SUBMIT:
      if (self->registering)
        glint_link_register_submit (self, cmd);
      break;

    case GLINT_COMMAND_REMOVE_ACCOUNT:
      glint_link_remove_account (self);
      break;

    case GLINT_COMMAND_LAST_ACTIVITY:
      if (online)
        glint_link_ask_last_activity (self, cmd->jid);
      break;

    case GLINT_COMMAND_CHANGE_PASSWORD:
      glint_link_change_password (self, cmd);
      break;

    case GLINT_COMMAND_ARCHIVE_QUERY:
      if (online && cmd->name != NULL)
        glint_link_query_room_archive (self, cmd);
      else if (online && self->archive_supported && cmd->name == NULL)
        glint_link_query_archive (self, cmd);
      else
        {
          /* Answered at once, as a query that got no answer. */
          GlintStanzaContext ctx = glint_link_stanza_context (self);
          GlintEvent *none = glint_stanza_parse_archive_fin (&ctx, cmd->xmpp_id, NULL, FALSE);

          none->jid = g_strdup (cmd->name);
          glint_link_post (self, none);
        }
      break;

    case GLINT_COMMAND_RECEIPT:
      glint_link_send_stanza (self, glint_stanza_new_receipt (self->ctx, cmd->jid, cmd->xmpp_id));
      break;

    case GLINT_COMMAND_DISPLAYED:
      glint_link_send_stanza (self, glint_stanza_new_displayed (self->ctx, cmd->jid, cmd->xmpp_id));
      break;

    case GLINT_COMMAND_CHAT_STATE:
      self->active_at_us = g_get_monotonic_time ();
      glint_link_send_stanza (self, glint_stanza_new_chat_state (self->ctx, cmd->jid, cmd->state));
      break;

    case GLINT_COMMAND_SHARING:
      /* New capabilities: a new presence says so. */
      self->account->share_version = cmd->settings->share_version;
      self->account->share_idle = cmd->settings->share_idle;
      if (online)
        glint_link_send_presence (self);
      break;

    case GLINT_COMMAND_SET_PRESENCE:
      /* Going away by idleness is no activity of the user's. */
      if (cmd->idle_since_ms == 0)
        self->active_at_us = g_get_monotonic_time ();
      self->idle_since_ms = cmd->idle_since_ms;
      g_free (self->show);
      self->show = g_steal_pointer (&cmd->show);
      g_free (self->status);
      self->status = g_steal_pointer (&cmd->status);
      if (online)
        glint_link_send_presence (self);
      break;

    case GLINT_COMMAND_ROSTER_SET:
    case GLINT_COMMAND_ROSTER_REMOVE:
      if (online)
        glint_link_send_roster_set (self, cmd);
      break;

    case GLINT_COMMAND_SUBSCRIPTION:
      glint_link_send_stanza (self, glint_stanza_new_subscription (self->ctx, cmd->jid, cmd->state));
      break;

    case GLINT_COMMAND_BLOCK:
      if (online)
        glint_link_send_block (self, cmd->jid);
      break;

    case GLINT_COMMAND_NETWORK_CHANGED:
      if (cmd->available && self->want_online && self->conn == NULL)
        {
          self->retries = 0;
          glint_link_start_attempt (self);
        }
      else if (cmd->available && online)
        {
          self->ping_at_us = 0; /* check the old stream at once */
          glint_link_check_rooms (self, g_get_monotonic_time (), TRUE);
        }
      break;

    case GLINT_COMMAND_JOIN_ROOM:
      if (online)
        glint_link_join_room (self, cmd);
      break;

    case GLINT_COMMAND_LEAVE_ROOM:
      glint_link_leave_room (self, cmd->jid);
      break;

    case GLINT_COMMAND_CHANGE_NICK:
      glint_link_change_nick (self, cmd);
      break;

    case GLINT_COMMAND_ROOM_SUBJECT:
      glint_link_send_stanza (self, glint_stanza_new_subject (self->ctx, cmd->jid, cmd->body));
      break;

    case GLINT_COMMAND_BOOKMARK_SET:
      if (online && self->account_features_known)
        glint_link_save_bookmark (self, cmd->bookmark, FALSE);
      break;

    case GLINT_COMMAND_BOOKMARK_REMOVE:
      if (online && self->account_features_known)
        {
          g_autoptr(GlintBookmark) gone = glint_bookmark_new (cmd->jid);

          glint_link_save_bookmark (self, gone, TRUE);
        }
      break;

    case GLINT_COMMAND_INVITE:
      glint_link_send_stanza (self, glint_stanza_new_invitation (self->ctx, cmd->name, cmd->jid, cmd->body,
                                                                 cmd->password));
      break;

    case GLINT_COMMAND_MODERATE:
      if (online)
        glint_link_moderate (self, cmd);
      break;

    case GLINT_COMMAND_DESTROY_ROOM:
      if (online)
        glint_link_destroy_room (self, cmd);
      break;

    case GLINT_COMMAND_BROWSE_ROOMS:
      if (online)
        glint_link_browse_rooms (self, cmd->jid);
      else
        {
          GlintStanzaContext ctx = glint_link_stanza_context (self);

          glint_link_post (self, glint_stanza_parse_room_list (&ctx, cmd->jid, NULL, FALSE));
        }
      break;

    case GLINT_COMMAND_QUIT:
      break;
    }
}


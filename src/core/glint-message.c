/* glint-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-message"

#include "glint-message.h"

G_DEFINE_BOXED_TYPE (GlintMessage, glint_message, glint_message_copy, glint_message_free)

GlintMessage *
glint_message_new (void)
{
  return g_new0 (GlintMessage, 1);
}

GlintMessage *
glint_message_copy (const GlintMessage *msg)
{
  GlintMessage *copy = g_memdup2 (msg, sizeof *msg);

  copy->account = g_strdup (msg->account);
  copy->peer = g_strdup (msg->peer);
  copy->sender = g_strdup (msg->sender);
  copy->body = g_strdup (msg->body);
  copy->xmpp_id = g_strdup (msg->xmpp_id);
  copy->origin_id = g_strdup (msg->origin_id);
  copy->stanza_id = g_strdup (msg->stanza_id);
  copy->stanza_id_by = g_strdup (msg->stanza_id_by);
  copy->occupant_nick = g_strdup (msg->occupant_nick);
  copy->occupant_id = g_strdup (msg->occupant_id);
  copy->replaces_id = g_strdup (msg->replaces_id);
  copy->original_body = g_strdup (msg->original_body);
  return copy;
}

void
glint_message_free (GlintMessage *msg)
{
  if (msg == NULL)
    return;
  g_free (msg->account);
  g_free (msg->peer);
  g_free (msg->sender);
  g_free (msg->body);
  g_free (msg->xmpp_id);
  g_free (msg->origin_id);
  g_free (msg->stanza_id);
  g_free (msg->stanza_id_by);
  g_free (msg->occupant_nick);
  g_free (msg->occupant_id);
  g_free (msg->replaces_id);
  g_free (msg->original_body);
  g_free (msg);
}

/* XEP-0245: a body starting with "/me " is an action. */
gboolean
glint_message_is_action (const GlintMessage *msg)
{
  return msg->body != NULL && g_str_has_prefix (msg->body, "/me ");
}

const char *
glint_message_action_text (const GlintMessage *msg)
{
  return glint_message_is_action (msg) ? msg->body + 4 : msg->body;
}

/* One string for (account, peer): conversations, tabs and notifications
 * are keyed by it. A newline is in no JID. */
char *
glint_conversation_key (const char *account,
                        const char *peer)
{
  return g_strconcat (account, "\n", peer, NULL);
}

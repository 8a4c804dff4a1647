/* glint-worker-self-ping.c: whether each room still has us (XEP-0410), on
 * the worker thread
 *
 * A room can forget an occupant without telling it: its service restarted,
 * or the presence that said so was lost. Each room silent for a while,
 * and every room after the network changed, is asked whether our nick is
 * still in it, by a ping to ourselves through it; a room that no longer
 * has us is told to the session, which joins it again and fetches what
 * was missed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-worker"

#include "glint-worker-private.h"
#include "glint-stanza-private.h"
#include "glint-jid.h"

static GlintStanzaRoom *
room_pinged (GlintLink  *self,
             const char *id)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->rooms);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (g_strcmp0 (((GlintStanzaRoom *) value)->ping_id, id) == 0)
      return value;
  return NULL;
}

static void
on_self_ping (GlintLink     *self,
              xmpp_stanza_t *reply,
              gboolean       ok,
              const char    *id)
{
  GlintStanzaRoom *room = room_pinged (self, id);
  GlintEvent *event;

  if (room == NULL)
    return;
  g_clear_pointer (&room->ping_id, g_free);
  switch (glint_stanza_self_ping_verdict (reply))
    {
    case GLINT_SELF_PING_JOINED:
      room->heard_us = g_get_monotonic_time ();
      break;
    case GLINT_SELF_PING_UNKNOWN:
      /* Asked again at the next check: the room stays silent till then. */
      g_debug ("Room %s did not say whether we are in", room->jid);
      break;
    case GLINT_SELF_PING_GONE:
      if (!room->joined || room->left)
        break;
      g_debug ("Room %s no longer has us", room->jid);
      room->joined = FALSE;
      event = glint_event_new (GLINT_EVENT_ROOM_LOST, self->account->jid);
      event->jid = g_strdup (room->jid);
      glint_link_post (self, event);
      break;
    }
}

/* Pings ourselves in each room we are in that has been silent for
 * GLINT_ROOM_SILENCE_US, or in every room when @all (the network changed
 * under a stream that lived on); one ping at a time a room. */
void
glint_link_check_rooms (GlintLink *self,
                        gint64     now_us,
                        gboolean   all)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->rooms);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GlintStanzaRoom *room = value;
      g_autofree char *id = NULL;
      g_autofree char *us = NULL;

      if (!room->joined || room->left || room->ping_id != NULL || room->nick == NULL
          || (!all && now_us - room->heard_us < GLINT_ROOM_SILENCE_US))
        continue;
      id = g_uuid_string_random ();
      us = g_strconcat (room->jid, "/", room->nick, NULL);
      room->ping_id = g_strdup (id);
      glint_link_send_iq (self, glint_stanza_new_iq_query (self->ctx, "get", id, us, "ping", GLINT_NS_PING),
                          on_self_ping, us);
    }
}

/* glint-worker-rooms.c: a link's rooms (XEP-0045) on the worker thread
 *
 * The link knows which rooms its stream is in, so that the parser listens
 * to those rooms only and tells our own messages and presence from the
 * others'. Rooms last one stream: after a new login the session joins
 * them again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-worker"

#include "glint-worker-private.h"
#include "glint-jid.h"
#include "glint-stanza-private.h"

#include <string.h>

static void
on_room_disco (GlintLink     *self,
               xmpp_stanza_t *reply,
               gboolean       ok,
               const char    *id);

/* The room an answer came from (on_iq took it only from the room asked). */
static GlintStanzaRoom *
room_answering (GlintLink     *self,
                xmpp_stanza_t *reply)
{
  g_autofree char *bare = reply ? glint_jid_normalize_bare (xmpp_stanza_get_from (reply)) : NULL;

  return bare ? g_hash_table_lookup (self->rooms, bare) : NULL;
}

/* An answer that never came: every room waiting for one goes on as if
 * the room had said nothing. */
static void
for_each_room (GlintLink *self,
               void     (*func) (GlintLink *, GlintStanzaRoom *))
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->rooms);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    func (self, value);
}

static void
ask_room_features (GlintLink       *self,
                   GlintStanzaRoom *room)
{
  g_autofree char *id = g_uuid_string_random ();

  glint_link_send_iq (self, glint_stanza_new_iq_query (self->ctx, "get", id, room->jid, "query",
                                                      GLINT_NS_DISCO_INFO),
                      on_room_disco, room->jid);
}

/* The join that waited for the room's features: with an archive, the
 * room sends no history (the archive is read instead). */
static void
send_join (GlintLink       *self,
           GlintStanzaRoom *room,
           gboolean         archive)
{
  if (!room->join_owed)
    return;
  room->join_owed = FALSE;
  glint_link_send_stanza (self, glint_stanza_new_join (self->ctx, room->jid, room->nick, room->password,
                                                      room->since_ms, archive));
  if (room->password)
    memset (room->password, 0, strlen (room->password));
  g_clear_pointer (&room->password, g_free);
}

static void
join_without_features (GlintLink       *self,
                       GlintStanzaRoom *room)
{
  send_join (self, room, FALSE);
}

static void
on_room_disco (GlintLink     *self,
               xmpp_stanza_t *reply,
               gboolean       ok,
               const char    *id)
{
  xmpp_stanza_t *query = ok && reply ? xmpp_stanza_get_child_by_name_and_ns (reply, "query", GLINT_NS_DISCO_INFO)
                                     : NULL;
  GlintStanzaRoom *room = room_answering (self, reply);
  gboolean archive;

  if (reply == NULL)
    {
      for_each_room (self, join_without_features);
      return;
    }
  if (room == NULL)
    return;
  archive = query != NULL && glint_stanza_has_feature (query, GLINT_NS_MAM);
  send_join (self, room, archive);
  /* A room that does not exist yet (we are making it) is asked again
   * once we are in. */
  room->features_owed = query == NULL && !room->joined;
  if (query == NULL)
    return;
  room->ids_trusted = glint_stanza_has_feature (query, GLINT_NS_SID) || archive;
  room->occupant_ids = glint_stanza_has_feature (query, GLINT_NS_OCCUPANT_ID);
  {
    GlintEvent *event = glint_event_new (GLINT_EVENT_ROOM_FEATURES, self->account->jid);

    event->jid = g_strdup (room->jid);
    event->archive_supported = archive;
    event->name = g_strdup (glint_stanza_identity_name (query, "conference"));
    glint_link_post (self, event);
  }
}

/* What the user asked of @room that it did not do, for @condition. */
static GlintEvent *
room_error (GlintLink  *self,
            const char *room,
            const char *condition)
{
  GlintEvent *event = glint_event_new (GLINT_EVENT_ROOM_ERROR, self->account->jid);

  event->jid = g_strdup (room);
  event->condition = g_strdup (condition);
  event->ours = TRUE;
  return event;
}

static void
post_room_error (GlintLink  *self,
                 const char *room,
                 const char *condition)
{
  glint_link_post (self, room_error (self, room, condition));
}

/* Asks the room what it stamps and whether it keeps an archive, and
 * joins once it answered. */
void
glint_link_join_room (GlintLink    *self,
                      GlintCommand *cmd)
{
  g_autofree char *bare = glint_jid_normalize_bare (cmd->jid);
  GlintStanzaRoom *room;

  if (bare == NULL || cmd->name == NULL || *cmd->name == '\0')
    return;
  /* Joined again before the room answered our leaving: that answer is
   * still owed, and is not about this visit. */
  room = g_hash_table_lookup (self->rooms, bare);
  if (room == NULL)
    {
      room = g_new0 (GlintStanzaRoom, 1);
      room->jid = g_strdup (bare);
      g_hash_table_insert (self->rooms, g_steal_pointer (&bare), room);
    }
  room->left = FALSE;
  room->joined = FALSE;
  g_free (room->nick);
  room->nick = g_strdup (cmd->name);
  g_free (room->password);
  room->password = g_strdup (cmd->password);
  room->since_ms = cmd->after_ms;
  g_free (room->create_name);
  room->create_name = g_strdup (cmd->room_name);
  g_free (room->create_subject);
  room->create_subject = g_strdup (cmd->room_subject);
  room->join_owed = TRUE;
  ask_room_features (self, room);
}

void
glint_link_leave_room (GlintLink  *self,
                       const char *jid)
{
  g_autofree char *bare = glint_jid_normalize_bare (jid);
  GlintStanzaRoom *room = bare ? g_hash_table_lookup (self->rooms, bare) : NULL;

  if (room == NULL)
    return;
  /* Still asking the room's features: the join was never sent. */
  if (room->join_owed)
    {
      g_hash_table_remove (self->rooms, bare);
      return;
    }
  glint_link_send_stanza (self, glint_stanza_new_leave (self->ctx, room->jid, room->nick));
  room->left = TRUE;
  room->joined = FALSE;
  room->exits_owed++;
}

static void
tell_held (GlintLink       *self,
           GlintStanzaRoom *room)
{
  if (room->held != NULL)
    glint_link_post (self, g_steal_pointer (&room->held));
}

/* A room we made is open to others once it took its settings: only then
 * is the user told they are in. */
static void
on_room_opened (GlintLink     *self,
                xmpp_stanza_t *reply,
                gboolean       ok,
                const char    *id)
{
  GlintStanzaRoom *room = room_answering (self, reply);

  if (reply == NULL)
    {
      for_each_room (self, tell_held);
      return;
    }
  if (room == NULL || room->held == NULL)
    return;
  glint_link_post (self, g_steal_pointer (&room->held));
  if (!ok)
    {
      g_debug ("Room %s did not take its settings", room->jid);
      post_room_error (self, room->jid, glint_stanza_failure (reply));
    }
  else if (room->create_subject != NULL)
    glint_link_send_stanza (self, glint_stanza_new_subject (self->ctx, room->jid, room->create_subject));
  g_clear_pointer (&room->create_subject, g_free);
  /* Made, it has its settings, its name among them: ask what it is. */
  if (room->features_owed)
    {
      room->features_owed = FALSE;
      ask_room_features (self, room);
    }
}

/* What the room said of us changes what the link knows of the room:
 * our nick, whether we are in, whether we are still there. */
void
glint_link_track_rooms (GlintLink *self,
                        GPtrArray *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      GlintEvent *event = events->pdata[i];
      const char *jid = event->jid ? event->jid : event->message ? event->message->peer : NULL;
      GlintStanzaRoom *room = jid ? g_hash_table_lookup (self->rooms, jid) : NULL;
      GlintOccupantInfo *info = event->occupant;

      if (room == NULL)
        continue;
      room->heard_us = g_get_monotonic_time ();
      if (event->type == GLINT_EVENT_ROOM_ERROR && !room->joined)
        g_hash_table_remove (self->rooms, event->jid);
      if (event->type != GLINT_EVENT_OCCUPANT || !(info->codes & GLINT_MUC_SELF))
        continue;
      /* The answer to a leaving: no news, and the room is forgotten
       * unless joined again meanwhile. */
      if (!info->available && room->exits_owed > 0 && !(info->codes & GLINT_MUC_NICK_CHANGED))
        {
          room->exits_owed--;
          if (room->left && room->exits_owed == 0)
            g_hash_table_remove (self->rooms, event->jid);
          g_ptr_array_remove_index (events, i--);
          continue;
        }
      if (info->available)
        {
          if (info->codes & GLINT_MUC_CREATED)
            {
              g_autofree char *id = g_uuid_string_random ();

              glint_link_send_iq (self, glint_stanza_new_room_settings (self->ctx, id, room->jid, room->create_name),
                                  on_room_opened, room->jid);
              glint_event_free (room->held);
              room->held = g_ptr_array_steal_index (events, i--);
            }
          /* The user meant to make it, but it was there: it keeps its own
           * name and subject, and the user is told. */
          else if (room->create_name != NULL || room->create_subject != NULL)
            {
              g_clear_pointer (&room->create_subject, g_free);
              g_ptr_array_insert (events, i + 1, room_error (self, room->jid, "exists"));
            }
          g_clear_pointer (&room->create_name, g_free);
          room->joined = TRUE;
          if (room->features_owed && !(info->codes & GLINT_MUC_CREATED))
            {
              room->features_owed = FALSE;
              ask_room_features (self, room);
            }
          g_free (room->nick);
          room->nick = g_strdup (info->nick);
        }
      else if ((info->codes & GLINT_MUC_NICK_CHANGED) && info->new_nick != NULL)
        {
          g_free (room->nick);
          room->nick = g_strdup (info->new_nick);
        }
      else
        g_hash_table_remove (self->rooms, event->jid);
    }
}

/* Our presence, as the user set it, to @room under @nick. */
static void
send_presence_to (GlintLink       *self,
                  GlintStanzaRoom *room,
                  const char      *nick)
{
  g_autofree char *to = g_strconcat (room->jid, "/", nick, NULL);
  xmpp_stanza_t *presence = glint_stanza_new_presence (self->ctx, self->show, self->status,
                                                       glint_account_get_sharing (self->account));

  xmpp_stanza_set_to (presence, to);
  glint_link_send_stanza (self, presence);
}

/* Our presence, as the user set it, to every room we are in. */
void
glint_link_send_room_presence (GlintLink *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->rooms);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GlintStanzaRoom *room = value;

      if (room->joined)
        send_presence_to (self, room, room->nick);
    }
}

/* A new nick in a room we are in (XEP-0045 7.6): the room answers with
 * our presence under it, or an error. */
void
glint_link_change_nick (GlintLink    *self,
                        GlintCommand *cmd)
{
  g_autofree char *bare = glint_jid_normalize_bare (cmd->jid);
  GlintStanzaRoom *room = bare ? g_hash_table_lookup (self->rooms, bare) : NULL;

  if (room == NULL || !room->joined || cmd->name == NULL || *cmd->name == '\0')
    return;
  send_presence_to (self, room, cmd->name);
}

/* A moderator's or owner's request the room refused is told as the
 * room's error, ours. */
static void
on_room_request (GlintLink     *self,
                 xmpp_stanza_t *reply,
                 gboolean       ok,
                 const char    *id)
{
  g_autofree char *room = NULL;

  if (ok || reply == NULL)
    return;
  room = glint_jid_normalize_bare (xmpp_stanza_get_from (reply));
  if (room != NULL)
    post_room_error (self, room, glint_stanza_failure (reply));
}

/* cmd->state: "role" or "affiliation", a colon, the new value. */
void
glint_link_moderate (GlintLink    *self,
                     GlintCommand *cmd)
{
  g_autofree char *id = g_uuid_string_random ();
  gboolean affiliation = g_str_has_prefix (cmd->state, "affiliation:");
  const char *value = strchr (cmd->state, ':');

  if (value == NULL)
    return;
  glint_link_send_iq (self, glint_stanza_new_moderation (self->ctx, id, cmd->jid, cmd->name, affiliation, value + 1,
                                                        cmd->body),
                      on_room_request, cmd->jid);
}

void
glint_link_destroy_room (GlintLink    *self,
                         GlintCommand *cmd)
{
  g_autofree char *id = g_uuid_string_random ();

  glint_link_send_iq (self, glint_stanza_new_destroy_room (self->ctx, id, cmd->jid, cmd->body), on_room_request,
                      cmd->jid);
}

static void
on_room_archive_fin (GlintLink     *self,
                     xmpp_stanza_t *reply,
                     gboolean       ok,
                     const char    *id)
{
  GlintStanzaContext ctx = glint_link_stanza_context (self);
  g_autofree char *key = NULL;
  g_autofree char *room = NULL;
  GlintEvent *event;

  g_hash_table_steal_extended (self->room_queries, id, (gpointer *) &key, (gpointer *) &room);
  event = glint_stanza_parse_archive_fin (&ctx, id, reply, ok);
  event->jid = g_steal_pointer (&room);
  glint_link_post (self, event);
}

/* One page of a room's archive (cmd->name: the room). */
void
glint_link_query_room_archive (GlintLink    *self,
                               GlintCommand *cmd)
{
  xmpp_stanza_t *iq = glint_stanza_new_archive_query (self->ctx, cmd->xmpp_id, NULL, cmd->after, cmd->before,
                                                      cmd->max);

  xmpp_stanza_set_to (iq, cmd->name);
  g_hash_table_insert (self->room_queries, g_strdup (cmd->xmpp_id), g_strdup (cmd->name));
  glint_link_send_iq (self, iq, on_room_archive_fin, cmd->name);
}

/* A result of a room's archive, when it answers a query of ours to it. */
gboolean
glint_link_room_archive_result (GlintLink     *self,
                                xmpp_stanza_t *stanza,
                                GPtrArray     *events)
{
  GlintStanzaContext ctx = glint_link_stanza_context (self);
  xmpp_stanza_t *result = xmpp_stanza_get_child_by_name_and_ns (stanza, "result", GLINT_NS_MAM);
  const char *query_id = result ? xmpp_stanza_get_attribute (result, "queryid") : NULL;
  const char *room_jid = query_id ? g_hash_table_lookup (self->room_queries, query_id) : NULL;
  GlintStanzaRoom *room = room_jid ? g_hash_table_lookup (self->rooms, room_jid) : NULL;

  if (room_jid == NULL)
    return FALSE;
  if (room != NULL)
    glint_stanza_parse_room_archive_result (&ctx, room, stanza, events);
  return TRUE;
}

static void
on_room_list (GlintLink     *self,
              xmpp_stanza_t *reply,
              gboolean       ok,
              const char    *id)
{
  GlintStanzaContext ctx = glint_link_stanza_context (self);
  g_autofree char *key = NULL;
  g_autofree char *service = NULL;

  g_hash_table_steal_extended (self->room_queries, id, (gpointer *) &key, (gpointer *) &service);
  glint_link_post (self, glint_stanza_parse_room_list (&ctx, service, reply, ok));
}

/* A group chat service's public rooms (XEP-0045 6.3). */
void
glint_link_browse_rooms (GlintLink  *self,
                         const char *service)
{
  g_autofree char *id = g_uuid_string_random ();

  g_hash_table_insert (self->room_queries, g_strdup (id), g_strdup (service));
  glint_link_send_iq (self, glint_stanza_new_iq_query (self->ctx, "get", id, service, "query", GLINT_NS_DISCO_ITEMS),
                      on_room_list, service);
}

/* glint-test-rooms.h: what the group chat tests share */
#pragma once

#include "glint-test-session.h"

G_BEGIN_DECLS

/* Waits until @n messages "@prefix i" of @room are stored. */
typedef struct
{
  Fixture    *f;
  const char *room;
  const char *prefix;
  guint       n;
} CountWait;

char               *room_jid        (const char     *name);
void                wait_room_state (GlintRoom      *room,
                                     GlintRoomState  state);
void                wait_occupant   (GlintRoom      *room,
                                     const char     *nick,
                                     gboolean        present);
GlintRoom          *join            (Fixture        *f,
                                     const char     *jid,
                                     const char     *nick);
void                peer_join       (GlintTestPeer  *peer,
                                     const char     *room,
                                     const char     *nick);
void                peer_say        (GlintTestPeer  *peer,
                                     const char     *room,
                                     const char     *body);
const GlintMessage *added_in        (Fixture        *f,
                                     const char     *peer,
                                     const char     *body);
const GlintMessage *wait_added      (Fixture        *f,
                                     const char     *peer,
                                     const char     *body);
guint               count_prefixed  (Fixture        *f,
                                     const char     *room,
                                     const char     *prefix,
                                     guint           n,
                                     gboolean       *once);
gboolean            all_stored      (gpointer        data);

G_END_DECLS

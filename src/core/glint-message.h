/* glint-message.h: one chat message as it crosses layers and lands in the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  GLINT_DIRECTION_IN = 0,
  GLINT_DIRECTION_OUT = 1,
} GlintDirection;

/* Outgoing messages walk PENDING -> SENT (the server has it) -> DELIVERED
 * (the peer's client confirmed it); FAILED when the server bounced them.
 * An incoming message is INCOMING: direction says who wrote it, state says
 * how far it got, and the two are never confused. */
typedef enum
{
  GLINT_MESSAGE_PENDING = 0,
  GLINT_MESSAGE_SENT = 1,
  GLINT_MESSAGE_INCOMING = 2,
  GLINT_MESSAGE_FAILED = 3,
  GLINT_MESSAGE_DELIVERED = 4,
  GLINT_MESSAGE_DISPLAYED = 5,  /* the peer's client says they read it (XEP-0333) */
} GlintMessageState;

typedef enum
{
  GLINT_CONVERSATION_CHAT = 0,       /* one to one; peer is a bare JID */
  GLINT_CONVERSATION_GROUPCHAT = 1,  /* a room; peer is the room's bare JID */
  GLINT_CONVERSATION_PRIVATE = 2,    /* a private message in a room; peer is room/nick */
} GlintConversationKind;

typedef struct
{
  gint64            id;            /* store row id, 0 until stored */
  char             *account;       /* our bare JID */
  char             *peer;          /* the conversation's bare JID */
  char             *sender;        /* full JID of who wrote it */
  GlintDirection    direction;
  gint64            time_ms;       /* unix time in milliseconds */
  char             *body;
  char             *xmpp_id;       /* the stanza's id attribute */
  char             *origin_id;     /* XEP-0359 origin-id */
  char             *stanza_id;     /* XEP-0359 stanza-id, only when trusted */
  char             *stanza_id_by;
  GlintMessageState state;
  GlintConversationKind kind;
  char             *occupant_nick; /* in a room: who wrote it */
  char             *occupant_id;   /* XEP-0421, stable across nick changes */
  char             *replaces_id;   /* XEP-0308: the xmpp_id this corrects */
  char             *original_body; /* what it said before a correction; NULL if never corrected */
  gboolean          markable;      /* XEP-0333: the sender takes chat markers (live messages only) */
  gboolean          archived;      /* fetched from the server's archive (XEP-0313), not live */
  gboolean          notice;        /* a line about a room (joined, left, new nick): shown, never stored */
} GlintMessage;

#define GLINT_TYPE_MESSAGE (glint_message_get_type ())

GType         glint_message_get_type  (void) G_GNUC_CONST;
GlintMessage *glint_message_new       (void);
GlintMessage *glint_message_copy      (const GlintMessage *msg);
void          glint_message_free      (GlintMessage       *msg);
gboolean      glint_message_is_action (const GlintMessage *msg);
const char   *glint_message_action_text (const GlintMessage *msg);
char         *glint_conversation_key  (const char         *account,
                                       const char         *peer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlintMessage, glint_message_free)

G_END_DECLS

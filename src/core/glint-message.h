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

/* Outgoing messages walk PENDING -> SENT; FAILED when the server bounced them. */
typedef enum
{
  GLINT_MESSAGE_PENDING = 0,
  GLINT_MESSAGE_SENT = 1,
  GLINT_MESSAGE_RECEIVED = 2,
  GLINT_MESSAGE_FAILED = 3,
} GlintMessageState;

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
} GlintMessage;

#define GLINT_TYPE_MESSAGE (glint_message_get_type ())

GType         glint_message_get_type  (void) G_GNUC_CONST;
GlintMessage *glint_message_new       (void);
GlintMessage *glint_message_copy      (const GlintMessage *msg);
void          glint_message_free      (GlintMessage       *msg);
gboolean      glint_message_is_action (const GlintMessage *msg);
const char   *glint_message_action_text (const GlintMessage *msg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlintMessage, glint_message_free)

G_END_DECLS

/* glint-command.h: what the application asks the protocol worker (commands down)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "glint-account.h"
#include "glint-bookmark.h"
#include "glint-form.h"
#include "glint-message.h"

G_BEGIN_DECLS

typedef enum
{
  GLINT_COMMAND_CONNECT,        /* settings, password */
  GLINT_COMMAND_DISCONNECT,
  GLINT_COMMAND_SEND_MESSAGE,   /* jid, body, xmpp_id (= origin-id), message_id, replaces_id (a correction) */
  GLINT_COMMAND_CHAT_STATE,     /* jid, state */
  GLINT_COMMAND_SET_PRESENCE,   /* show (NULL, away, xa, dnd, invisible), status, idle_since_ms (0: not idle) */
  GLINT_COMMAND_ROSTER_SET,     /* jid, name, groups */
  GLINT_COMMAND_ROSTER_REMOVE,  /* jid */
  GLINT_COMMAND_SUBSCRIPTION,   /* jid, state: subscribe|subscribed|unsubscribe|unsubscribed */
  GLINT_COMMAND_NETWORK_CHANGED,/* available */
  GLINT_COMMAND_FORGET,         /* disconnect and drop the account */
  GLINT_COMMAND_BLOCK,          /* jid: the server drops what it sends (XEP-0191) */
  GLINT_COMMAND_SHARING,        /* settings: what the account tells others changed */
  GLINT_COMMAND_RECEIPT,        /* jid (full), xmpp_id: tell the sender its message arrived (XEP-0184) */
  GLINT_COMMAND_DISPLAYED,      /* jid (full), xmpp_id: tell the sender the user read up to it (XEP-0333) */
  GLINT_COMMAND_CHANGE_PASSWORD,/* password: the new one, set on the server (XEP-0077) */
  GLINT_COMMAND_ARCHIVE_QUERY,  /* xmpp_id (the query), jid (with; NULL: all), after, before, max (XEP-0313); name: a room's archive, or NULL */
  GLINT_COMMAND_REGISTER,       /* settings (jid: the server's domain, also the account key): ask its form */
  GLINT_COMMAND_REGISTER_SUBMIT,/* form: as the user filled it */
  GLINT_COMMAND_REMOVE_ACCOUNT, /* the logged-in account goes from its server (XEP-0077) */
  GLINT_COMMAND_LAST_ACTIVITY,  /* jid (bare): when the contact was last online (XEP-0012) */
  GLINT_COMMAND_JOIN_ROOM,      /* jid (the room), name (our nick), password, after_ms: history since then (XEP-0045) */
  GLINT_COMMAND_LEAVE_ROOM,     /* jid (the room) */
  GLINT_COMMAND_ROOM_SUBJECT,   /* jid (the room), body: the new subject */
  GLINT_COMMAND_CHANGE_NICK,    /* jid (the room), name: our new nick there */
  GLINT_COMMAND_BOOKMARK_SET,   /* bookmark: add or change one of the user's rooms on the server */
  GLINT_COMMAND_BOOKMARK_REMOVE,/* jid (the room) */
  GLINT_COMMAND_INVITE,         /* jid (the room), name (who: a bare JID), body (reason): XEP-0249 */
  GLINT_COMMAND_MODERATE,       /* jid (the room), name (nick or bare JID), state (role or affiliation), body (reason) */
  GLINT_COMMAND_DESTROY_ROOM,   /* jid (the room), body (reason) */
  GLINT_COMMAND_BROWSE_ROOMS,   /* jid (a group chat service): its public rooms (disco#items) */
  GLINT_COMMAND_QUIT,
} GlintCommandType;

typedef struct
{
  GlintCommandType  type;
  char             *account;    /* bare JID of the account it is for */
  GlintAccount     *settings;
  char             *password;
  char             *jid;
  char             *name;
  char            **groups;
  char             *body;
  char             *xmpp_id;
  char             *state;
  char             *show;
  char             *status;
  gint64            message_id;
  gboolean          available;
  char             *replaces_id;
  gint64            idle_since_ms;
  char             *after;      /* ARCHIVE_QUERY: results after this archive id */
  char             *before;     /* ARCHIVE_QUERY: results before this id; "" for the newest page */
  guint             max;        /* ARCHIVE_QUERY: results a page */
  GlintForm        *form;       /* REGISTER_SUBMIT */
  GlintConversationKind kind;   /* SEND_MESSAGE, CHAT_STATE: to a contact, a room or a room's occupant */
  gint64            after_ms;   /* JOIN_ROOM: the newest message stored from the room; 0: none */
  GlintBookmark    *bookmark;   /* BOOKMARK_SET */
  char             *room_name;    /* JOIN_ROOM: the name a room we make takes */
  char             *room_subject; /* JOIN_ROOM: ...and its first subject */
} GlintCommand;

GlintCommand *glint_command_new  (GlintCommandType  type);
void          glint_command_free (GlintCommand     *command);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlintCommand, glint_command_free)

G_END_DECLS

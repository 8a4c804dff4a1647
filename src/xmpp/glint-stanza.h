/* glint-stanza.h: XMPP stanzas <-> plain structs
 *
 * Everything here runs on the worker thread; nothing keeps a stanza.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <strophe.h>

#include "glint-account.h"
#include "glint-event.h"
#include "glint-form.h"

G_BEGIN_DECLS

#define GLINT_NS_ROSTER      "jabber:iq:roster"
#define GLINT_NS_PING        "urn:xmpp:ping"
#define GLINT_NS_DISCO_INFO  "http://jabber.org/protocol/disco#info"
#define GLINT_NS_CHATSTATES  "http://jabber.org/protocol/chatstates"
#define GLINT_NS_SID         "urn:xmpp:sid:0"
#define GLINT_NS_CARBONS     "urn:xmpp:carbons:2"
#define GLINT_NS_FORWARD     "urn:xmpp:forward:0"
#define GLINT_NS_DELAY       "urn:xmpp:delay"
#define GLINT_NS_INVISIBLE   "urn:xmpp:invisible:0"
#define GLINT_NS_MAM         "urn:xmpp:mam:2"
#define GLINT_NS_STANZAS     "urn:ietf:params:xml:ns:xmpp-stanzas"
#define GLINT_NS_BLOCKING    "urn:xmpp:blocking"
#define GLINT_NS_CAPS        "http://jabber.org/protocol/caps"
#define GLINT_NS_VERSION     "jabber:iq:version"
#define GLINT_NS_LAST        "jabber:iq:last"
#define GLINT_NS_RECEIPTS    "urn:xmpp:receipts"
#define GLINT_NS_CORRECT     "urn:xmpp:message-correct:0"
#define GLINT_NS_MARKERS     "urn:xmpp:chat-markers:0"
#define GLINT_NS_ATTENTION   "urn:xmpp:attention:0"
#define GLINT_NS_REGISTER    "jabber:iq:register"
#define GLINT_NS_MUC         "http://jabber.org/protocol/muc"
#define GLINT_NS_MUC_USER    "http://jabber.org/protocol/muc#user"
#define GLINT_NS_MUC_OWNER   "http://jabber.org/protocol/muc#owner"
#define GLINT_NS_MUC_ADMIN   "http://jabber.org/protocol/muc#admin"
#define GLINT_NS_DISCO_ITEMS "http://jabber.org/protocol/disco#items"
#define GLINT_NS_OCCUPANT_ID "urn:xmpp:occupant-id:0"
#define GLINT_NS_CONFERENCE  "jabber:x:conference"
#define GLINT_NS_BOOKMARKS   "urn:xmpp:bookmarks:1"
#define GLINT_NS_BOOKMARKS_COMPAT "urn:xmpp:bookmarks:1#compat"
#define GLINT_NS_BOOKMARKS_OLD "storage:bookmarks"
#define GLINT_NS_PRIVATE     "jabber:iq:private"
#define GLINT_NS_PUBSUB      "http://jabber.org/protocol/pubsub"
#define GLINT_NS_PUBSUB_EVENT "http://jabber.org/protocol/pubsub#event"
#define GLINT_CAPS_NODE      "https://github.com/glintim/glint"

/* What the answer to a self-ping (XEP-0410) says of our place in a room. */
typedef enum
{
  GLINT_SELF_PING_JOINED,   /* still there */
  GLINT_SELF_PING_GONE,     /* the room no longer has us: join again */
  GLINT_SELF_PING_UNKNOWN,  /* no answer, or the room's service is out of reach: ask again later */
} GlintSelfPing;

/* A room the account is in or joining (XEP-0045), as the worker knows it. */
typedef struct
{
  char     *jid;           /* the room's bare JID */
  char     *nick;          /* ours there, as the room last said */
  gboolean  ids_trusted;   /* the room stamps stanza-ids (XEP-0359, or it keeps an archive) */
  gboolean  occupant_ids;  /* the room stamps occupant ids (XEP-0421) */
  gboolean  joined;        /* the room sent our own presence */
  gboolean  left;          /* the user left; kept until the room says we are out */
  guint     exits_owed;    /* our leaving presences the room has not answered yet */
  gboolean  join_owed;     /* the join waits for the room's features */
  char     *password;      /* for that join, until it is sent */
  gint64    since_ms;      /* for that join: the newest message stored from the room */
  gboolean  features_owed; /* asked before the room existed: ask again once in */
  gpointer  held;          /* a room we made: our presence, told once it is open to others */
  gint64    heard_us;      /* monotonic time the room last sent us anything */
  char     *ping_id;       /* our self-ping (XEP-0410) awaiting its answer */
  char     *create_name;   /* a room the user asked to make: its name, if we make it */
  char     *create_subject; /* ...and its subject */
} GlintStanzaRoom;

typedef struct
{
  const char *account;            /* our bare JID */
  GHashTable *rooms;              /* bare JID -> GlintStanzaRoom; may be NULL */
  gboolean    stanza_ids_trusted; /* our server stamps stanza-ids (XEP-0359) */
  gint64      now_ms;
} GlintStanzaContext;

/* Turns an incoming message, presence or roster push into events, appended
 * to @events. Returns FALSE when the stanza was ignored (spoofed, malformed
 * or not for us). */
gboolean        glint_stanza_parse            (const GlintStanzaContext *ctx,
                                               xmpp_stanza_t            *stanza,
                                               GPtrArray                *events);
void            glint_stanza_parse_roster     (const GlintStanzaContext *ctx,
                                               xmpp_stanza_t            *query,
                                               GPtrArray                *events);
gboolean        glint_stanza_from_is_account  (const GlintStanzaContext *ctx,
                                               xmpp_stanza_t            *stanza);

xmpp_stanza_t  *glint_stanza_new_message      (xmpp_ctx_t  *ctx,
                                               const char  *to,
                                               const char  *body,
                                               const char  *id);
xmpp_stanza_t  *glint_stanza_new_correction   (xmpp_ctx_t  *ctx,
                                               const char  *to,
                                               const char  *body,
                                               const char  *id,
                                               const char  *replaces);
xmpp_stanza_t  *glint_stanza_new_displayed    (xmpp_ctx_t  *ctx,
                                               const char  *to,
                                               const char  *id);
xmpp_stanza_t  *glint_stanza_new_receipt      (xmpp_ctx_t  *ctx,
                                               const char  *to,
                                               const char  *id);
xmpp_stanza_t  *glint_stanza_new_chat_state   (xmpp_ctx_t  *ctx,
                                               const char  *to,
                                               const char  *state);
xmpp_stanza_t  *glint_stanza_new_presence     (xmpp_ctx_t  *ctx,
                                               const char  *show,
                                               const char  *status,
                                               GlintSharing sharing);
char           *glint_stanza_caps_ver         (GlintSharing sharing);
void            glint_stanza_add_idle         (xmpp_stanza_t *presence,
                                               gint64         since_ms);
xmpp_stanza_t  *glint_stanza_new_disco_reply  (xmpp_ctx_t    *ctx,
                                               xmpp_stanza_t *request,
                                               GlintSharing   sharing);
xmpp_stanza_t  *glint_stanza_new_block       (xmpp_ctx_t  *ctx,
                                               const char  *id,
                                               const char  *jid);
xmpp_stanza_t  *glint_stanza_new_version_reply (xmpp_ctx_t    *ctx,
                                                xmpp_stanza_t *request);
xmpp_stanza_t  *glint_stanza_new_last_reply   (xmpp_ctx_t    *ctx,
                                               xmpp_stanza_t *request,
                                               gint64         idle_s);
xmpp_stanza_t  *glint_stanza_new_subscription (xmpp_ctx_t  *ctx,
                                               const char  *to,
                                               const char  *type);
xmpp_stanza_t  *glint_stanza_new_roster_set   (xmpp_ctx_t  *ctx,
                                               const char  *id,
                                               const char  *jid,
                                               const char  *name,
                                               char       **groups,
                                               gboolean     remove);
xmpp_stanza_t  *glint_stanza_new_iq_query     (xmpp_ctx_t  *ctx,
                                               const char  *type,
                                               const char  *id,
                                               const char  *to,
                                               const char  *element,
                                               const char  *ns);
xmpp_stanza_t  *glint_stanza_new_error_reply  (xmpp_ctx_t    *ctx,
                                               xmpp_stanza_t *request,
                                               const char    *type,
                                               const char    *condition);
const char     *glint_stanza_identity_name    (xmpp_stanza_t *disco_query,
                                               const char    *category);
gboolean        glint_stanza_has_feature      (xmpp_stanza_t *disco_query,
                                               const char    *feature);
const char     *glint_stanza_error_condition  (xmpp_stanza_t *stanza);
const char     *glint_stanza_failure          (xmpp_stanza_t *reply);

xmpp_stanza_t  *glint_stanza_new_password_change (xmpp_ctx_t  *ctx,
                                                  const char  *id,
                                                  const char  *domain,
                                                  const char  *username,
                                                  const char  *password);
xmpp_stanza_t  *glint_stanza_new_archive_query    (xmpp_ctx_t  *ctx,
                                                   const char  *query_id,
                                                   const char  *with,
                                                   const char  *after,
                                                   const char  *before,
                                                   guint        max);
gboolean        glint_stanza_parse_archive_result (const GlintStanzaContext *ctx,
                                                   xmpp_stanza_t            *stanza,
                                                   GHashTable               *queries,
                                                   GPtrArray                *events);
GlintEvent     *glint_stanza_parse_archive_fin    (const GlintStanzaContext *ctx,
                                                   const char               *query_id,
                                                   xmpp_stanza_t            *reply,
                                                   gboolean                  ok);

xmpp_stanza_t  *glint_stanza_new_join             (xmpp_ctx_t               *ctx,
                                                   const char               *room,
                                                   const char               *nick,
                                                   const char               *password,
                                                   gint64                    since_ms,
                                                   gboolean                  no_history);
xmpp_stanza_t  *glint_stanza_new_leave            (xmpp_ctx_t               *ctx,
                                                   const char               *room,
                                                   const char               *nick);
xmpp_stanza_t  *glint_stanza_new_subject          (xmpp_ctx_t               *ctx,
                                                   const char               *room,
                                                   const char               *subject);
xmpp_stanza_t  *glint_stanza_new_room_message     (xmpp_ctx_t               *ctx,
                                                   const char               *to,
                                                   const char               *body,
                                                   const char               *id,
                                                   const char               *replaces,
                                                   gboolean                  to_occupant);
xmpp_stanza_t  *glint_stanza_new_invitation       (xmpp_ctx_t               *ctx,
                                                   const char               *contact,
                                                   const char               *room,
                                                   const char               *reason,
                                                   const char               *password);
xmpp_stanza_t  *glint_stanza_new_moderation       (xmpp_ctx_t               *ctx,
                                                   const char               *id,
                                                   const char               *room,
                                                   const char               *target,
                                                   gboolean                  affiliation,
                                                   const char               *value,
                                                   const char               *reason);
xmpp_stanza_t  *glint_stanza_new_destroy_room     (xmpp_ctx_t               *ctx,
                                                   const char               *id,
                                                   const char               *room,
                                                   const char               *reason);
GlintSelfPing   glint_stanza_self_ping_verdict (xmpp_stanza_t           *reply);
xmpp_stanza_t  *glint_stanza_new_room_settings    (xmpp_ctx_t               *ctx,
                                                   const char               *id,
                                                   const char               *room,
                                                   const char               *name);
gboolean        glint_stanza_parse_room_archive_result (const GlintStanzaContext *ctx,
                                                        GlintStanzaRoom          *room,
                                                        xmpp_stanza_t            *stanza,
                                                        GPtrArray                *events);
GlintEvent     *glint_stanza_parse_room_list      (const GlintStanzaContext *ctx,
                                                   const char               *service,
                                                   xmpp_stanza_t            *reply,
                                                   gboolean                  ok);
GlintStanzaRoom *glint_stanza_room_of             (const GlintStanzaContext *ctx,
                                                   const char               *from);
void            glint_stanza_room_free            (gpointer                  room);

void            glint_stanza_parse_bookmark_items   (const GlintStanzaContext *ctx,
                                                     xmpp_stanza_t            *items,
                                                     GPtrArray                *events);
void            glint_stanza_parse_bookmark_storage (const GlintStanzaContext *ctx,
                                                     xmpp_stanza_t            *storage,
                                                     GPtrArray                *events);
xmpp_stanza_t  *glint_stanza_new_bookmarks_get      (xmpp_ctx_t               *ctx,
                                                     const char               *id);
xmpp_stanza_t  *glint_stanza_new_bookmark_publish   (xmpp_ctx_t               *ctx,
                                                     const char               *id,
                                                     const GlintBookmark      *bookmark);
xmpp_stanza_t  *glint_stanza_new_bookmark_retract   (xmpp_ctx_t               *ctx,
                                                     const char               *id,
                                                     const char               *jid);
xmpp_stanza_t  *glint_stanza_new_private_bookmarks_get (xmpp_ctx_t            *ctx,
                                                        const char            *id);
xmpp_stanza_t  *glint_stanza_new_private_bookmarks_set (xmpp_ctx_t            *ctx,
                                                        const char            *id,
                                                        GPtrArray             *bookmarks);

GlintForm      *glint_stanza_parse_register_form (xmpp_stanza_t   *iq,
                                                  gboolean        *registered);
xmpp_stanza_t  *glint_stanza_new_register_get    (xmpp_ctx_t      *ctx,
                                                  const char      *id,
                                                  const char      *domain);
xmpp_stanza_t  *glint_stanza_new_register_submit (xmpp_ctx_t      *ctx,
                                                  const char      *id,
                                                  const char      *domain,
                                                  const GlintForm *form);
xmpp_stanza_t  *glint_stanza_new_register_remove (xmpp_ctx_t      *ctx,
                                                  const char      *id,
                                                  const char      *domain);

G_END_DECLS

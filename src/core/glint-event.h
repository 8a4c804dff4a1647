/* glint-event.h: what the protocol worker tells the application (events up)
 *
 * Each event is a plain struct that owns its strings; it is made on the worker
 * thread and handed over whole to the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "glint-bookmark.h"
#include "glint-form.h"
#include "glint-message.h"

G_BEGIN_DECLS

typedef enum
{
  GLINT_CONNECTION_DISCONNECTED,
  GLINT_CONNECTION_CONNECTING,
  GLINT_CONNECTION_CONNECTED,
  GLINT_CONNECTION_WAITING,   /* lost, retrying after a delay */
  GLINT_CONNECTION_FAILED,    /* stopped; needs the user (see GlintConnectionError) */
} GlintConnectionState;

typedef enum
{
  GLINT_ERROR_NONE,
  GLINT_ERROR_AUTH,           /* wrong address or password */
  GLINT_ERROR_DNS,            /* the host name does not resolve */
  GLINT_ERROR_UNREACHABLE,    /* refused, timed out, network down */
  GLINT_ERROR_TLS,            /* handshake failed */
  GLINT_ERROR_CERTIFICATE,    /* certificate not trusted; see the cert event */
  GLINT_ERROR_TLS_REQUIRED,   /* server offered no TLS: credentials were kept back */
  GLINT_ERROR_CONFLICT,       /* another client took over this resource */
  GLINT_ERROR_STREAM,         /* the server closed the stream */
  GLINT_ERROR_CONFIG,         /* the account settings are unusable */
  GLINT_ERROR_STARTTLS,       /* the server offered STARTTLS, then refused it */
  GLINT_ERROR_TOO_LARGE,      /* the server sent more at once than Glint accepts */
  GLINT_ERROR_SASL_DOWNGRADE, /* only weaker login mechanisms than before: the password was kept back */
  GLINT_ERROR_BAD_XML,        /* the server sent something that is not well-formed XML */
  GLINT_ERROR_FORBIDDEN_XML,  /* the server sent a DOCTYPE, comment or processing instruction */
  GLINT_ERROR_CANNOT_HIDE,    /* asked to log in invisible on a server without XEP-0186: stayed hidden by leaving */
} GlintConnectionError;

typedef enum
{
  GLINT_EVENT_CONNECTION,       /* state, error, text */
  GLINT_EVENT_CERTIFICATE,      /* cert */
  GLINT_EVENT_ROSTER_ITEM,      /* jid, name, groups, subscription, ask, removed */
  GLINT_EVENT_ROSTER_LOADED,    /* the full roster was delivered as ROSTER_ITEMs */
  GLINT_EVENT_PRESENCE,         /* jid (full), show, text (status), available, priority */
  GLINT_EVENT_SUBSCRIPTION,     /* jid (bare), subscription: subscribe|subscribed|unsubscribe|unsubscribed */
  GLINT_EVENT_MESSAGE,          /* message */
  GLINT_EVENT_MESSAGE_SENT,     /* message_id: the server has the store row's message (it answered what followed it) */
  GLINT_EVENT_MESSAGE_ERROR,    /* jid, xmpp_id, text */
  GLINT_EVENT_CHAT_STATE,       /* jid (full), show holds the state name */
  GLINT_EVENT_FEATURES,         /* invisible_supported, stanza_ids_trusted, stream_management */
  GLINT_EVENT_OWN_PRESENCE,     /* show, text: what the server now has */
  GLINT_EVENT_ATTENTION,        /* jid (full): a contact asks for the user's attention (XEP-0224) */
  GLINT_EVENT_RECEIPT,          /* jid (full), xmpp_id: the peer's client has our message (XEP-0184) */
  GLINT_EVENT_DISPLAYED,        /* jid (full), xmpp_id: read up to there (XEP-0333); ours: on another device */
  GLINT_EVENT_PASSWORD_CHANGED, /* text: NULL when the server took the new password, else why not */
  GLINT_EVENT_ARCHIVE_PAGE,     /* xmpp_id (the query), archive_first, archive_last, archive_complete, text (an error); jid: the room whose archive, or NULL */
  GLINT_EVENT_REGISTRATION_FORM,/* form: what the server asks to create an account (XEP-0077) */
  GLINT_EVENT_REGISTRATION_DONE,/* condition: NULL when the account was created, else why not; text: the server's words */
  GLINT_EVENT_ACCOUNT_REMOVED,  /* condition: NULL when the server removed the account, else why not; text */
  GLINT_EVENT_LAST_ACTIVITY,    /* jid (bare), seconds since it was last online, text: what it said then */
  GLINT_EVENT_OCCUPANT,         /* jid (the room), occupant: someone came, changed, left (XEP-0045) */
  GLINT_EVENT_ROOM_SUBJECT,     /* jid (the room), name (who set it; NULL: the room), text (NULL: none) */
  GLINT_EVENT_ROOM_ERROR,       /* jid (the room), condition, text: the room refused us */
  GLINT_EVENT_BOOKMARK,         /* bookmark, removed: one of the user's rooms, from the server */
  GLINT_EVENT_BOOKMARKS_LOADED, /* every bookmark the server keeps was told as BOOKMARKs */
  GLINT_EVENT_ROOM_FEATURES,    /* jid (the room), archive_supported */
  GLINT_EVENT_ROOM_LIST,        /* jid (the service), groups (rooms' JIDs), names (theirs, "" for none), condition */
  GLINT_EVENT_INVITATION,       /* jid (the room), inviter (a bare JID), text (reason), password */
  GLINT_EVENT_ROOM_LOST,        /* jid (the room): it no longer has us, though it never said so (XEP-0410) */
} GlintEventType;

/* XEP-0045's status codes that change what Glint does or says. */
typedef enum
{
  GLINT_MUC_SELF         = 1 << 0, /* 110: this presence is ours */
  GLINT_MUC_NICK_CHANGED = 1 << 1, /* 303: leaves under this nick, comes back as new_nick */
  GLINT_MUC_KICKED       = 1 << 2, /* 307 */
  GLINT_MUC_BANNED       = 1 << 3, /* 301 */
  GLINT_MUC_SHUTDOWN     = 1 << 4, /* 332: the service is going down */
  GLINT_MUC_NICK_FIXED   = 1 << 5, /* 210: the room changed the nick we asked for */
  GLINT_MUC_CREATED      = 1 << 6, /* 201: we made the room, and it waits to be set up */
  GLINT_MUC_NOT_MEMBER   = 1 << 7, /* 321 or 322: removed as no longer a member */
  GLINT_MUC_DESTROYED    = 1 << 8, /* <destroy/>: the room is gone */
  GLINT_MUC_NON_ANONYMOUS = 1 << 9, /* 100 or 172: everyone sees real addresses */
  GLINT_MUC_CONNECTION   = 1 << 10, /* 333: removed for an error in the connection */
} GlintMucStatus;

/* One occupant of a room as a presence told it; every text plain and cut
 * to size, the real address only as the room gave it. */
typedef struct
{
  char          *nick;
  char          *new_nick;     /* GLINT_MUC_NICK_CHANGED */
  char          *role;         /* moderator, participant, visitor, none */
  char          *affiliation;  /* owner, admin, member, outcast, none */
  char          *real_jid;     /* the room's word, or NULL */
  char          *occupant_id;  /* XEP-0421, when the room stamps one */
  char          *show;
  char          *status;
  char          *reason;       /* why kicked, banned or destroyed */
  gboolean       available;
  GlintMucStatus codes;
} GlintOccupantInfo;

void glint_occupant_info_free (GlintOccupantInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlintOccupantInfo, glint_occupant_info_free)

typedef struct
{
  char *subject;
  char *issuer;
  char *not_before;
  char *not_after;
  char *fingerprint_sha256;
  char *error;
  char *pem;
} GlintCertInfo;

typedef struct
{
  GlintEventType        type;
  char                 *account;
  GlintConnectionState  state;
  GlintConnectionError  error;
  char                 *text;
  char                 *jid;
  char                 *name;
  char                **groups;
  char                 *subscription;
  char                 *show;
  gboolean              ask;
  gboolean              removed;
  gboolean              available;
  int                   priority;
  gboolean              invisible_supported;
  gboolean              stanza_ids_trusted;
  gboolean              stream_management;
  char                 *xmpp_id;
  gint64                message_id;
  GlintMessage         *message;
  GlintCertInfo        *cert;
  char                 *mechanism;      /* CONNECTION: the strongest SASL mechanism offered */
  gint64                retry_at_us;    /* CONNECTION, WAITING: when the next attempt is due (monotonic) */
  gboolean              receipt_requested; /* MESSAGE: the sender asks for a receipt (XEP-0184) */
  gboolean              ours;           /* DISPLAYED: the user read it on another device; jid is the peer */
  gboolean              archive_supported; /* FEATURES: the account's server keeps an archive (XEP-0313) */
  GlintForm            *form;
  gint64                seconds;        /* LAST_ACTIVITY */
  char                 *condition;      /* an XMPP error condition, or a word of Glint's ("offline", "no-tls"…) */
  gboolean              archive_known;  /* FEATURES: the account's features are in, so archive_supported holds */
  char                 *archive_first;  /* ARCHIVE_PAGE: the oldest result's archive id, NULL if none */
  char                 *archive_last;   /* ARCHIVE_PAGE: the newest result's archive id, NULL if none */
  gboolean              archive_complete; /* ARCHIVE_PAGE: no more results in the direction asked */
  GlintOccupantInfo    *occupant;       /* OCCUPANT */
  GlintBookmark        *bookmark;       /* BOOKMARK */
  char                **names;          /* ROOM_LIST */
  char                 *password;       /* INVITATION: the room's, as the invitation gives it */
  char                 *inviter;        /* INVITATION */
} GlintEvent;

GlintEvent    *glint_event_new          (GlintEventType  type,
                                         const char     *account);
void           glint_event_free         (GlintEvent     *event);
void           glint_cert_info_free     (GlintCertInfo  *cert);
GlintCertInfo *glint_cert_info_copy     (const GlintCertInfo *cert);
char          *glint_cert_info_describe_problem (const GlintCertInfo *cert,
                                                 const char          *domain);
const char    *glint_connection_error_describe (GlintConnectionError error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlintEvent, glint_event_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlintCertInfo, glint_cert_info_free)

G_END_DECLS

G_BEGIN_DECLS
#define GLINT_TYPE_CERT_INFO (glint_cert_info_get_type ())
GType glint_cert_info_get_type (void) G_GNUC_CONST;
G_END_DECLS

/* glint-xmpp-uri.h: xmpp: links (RFC 5122) and what they ask (XEP-0147)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GLINT_URI_CHAT,      /* no query, or one Glint does not know: open a chat */
  GLINT_URI_MESSAGE,   /* ?message: a chat with the body written, not sent */
  GLINT_URI_ROSTER,    /* ?roster or ?subscribe: offer to add the contact */
  GLINT_URI_JOIN,      /* ?join: a group chat */
} GlintUriAction;

typedef struct
{
  char           *jid;     /* bare, prepared */
  GlintUriAction  action;
  char           *body;    /* ?message;body= */
  char           *name;    /* ?roster;name= */
  char           *group;   /* ?roster;group= */
} GlintXmppUri;

GlintXmppUri *glint_xmpp_uri_parse (const char    *uri,
                                    GError       **error);
void          glint_xmpp_uri_free  (GlintXmppUri  *uri);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlintXmppUri, glint_xmpp_uri_free)

G_END_DECLS

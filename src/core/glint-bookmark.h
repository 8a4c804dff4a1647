/* glint-bookmark.h: a room the user keeps, synced through the server
 * (XEP-0402, or XEP-0048 in private storage)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  char     *jid;       /* the room's bare JID */
  char     *name;      /* what the user calls it; NULL: none */
  char     *nick;      /* NULL: the account's own name */
  char     *password;  /* NULL: none */
  gboolean  autojoin;  /* joined at every login */
} GlintBookmark;

#define GLINT_TYPE_BOOKMARK (glint_bookmark_get_type ())

GType          glint_bookmark_get_type (void) G_GNUC_CONST;
GlintBookmark *glint_bookmark_new      (const char          *jid);
GlintBookmark *glint_bookmark_copy     (const GlintBookmark *bookmark);
void           glint_bookmark_free     (GlintBookmark       *bookmark);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlintBookmark, glint_bookmark_free)

G_END_DECLS

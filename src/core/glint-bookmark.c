/* glint-bookmark.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-bookmark"

#include "glint-bookmark.h"

#include <string.h>

G_DEFINE_BOXED_TYPE (GlintBookmark, glint_bookmark, glint_bookmark_copy, glint_bookmark_free)

GlintBookmark *
glint_bookmark_new (const char *jid)
{
  GlintBookmark *bookmark = g_new0 (GlintBookmark, 1);

  bookmark->jid = g_strdup (jid);
  return bookmark;
}

GlintBookmark *
glint_bookmark_copy (const GlintBookmark *bookmark)
{
  GlintBookmark *copy = glint_bookmark_new (bookmark->jid);

  copy->name = g_strdup (bookmark->name);
  copy->nick = g_strdup (bookmark->nick);
  copy->password = g_strdup (bookmark->password);
  copy->autojoin = bookmark->autojoin;
  return copy;
}

void
glint_bookmark_free (GlintBookmark *bookmark)
{
  if (bookmark == NULL)
    return;
  g_free (bookmark->jid);
  g_free (bookmark->name);
  g_free (bookmark->nick);
  if (bookmark->password)
    memset (bookmark->password, 0, strlen (bookmark->password));
  g_free (bookmark->password);
  g_free (bookmark);
}

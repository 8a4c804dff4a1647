/* glint-stanza-bookmarks.c: the user's rooms as the server keeps them:
 * XEP-0402 (a PEP node, pushed to every device) or, on servers without
 * it, XEP-0048 in private storage (XEP-0049)
 *
 * Only our own account speaks for our bookmarks: the parser takes them
 * from answers to our own requests and from notifications our account's
 * PEP service sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-stanza"

#include "config.h"

#include "glint-stanza-private.h"
#include "glint-jid.h"
#include "glint-text.h"

#include <string.h>

#define MAX_BOOKMARKS 1000
#define MAX_PASSWORD_BYTES 1024

static char *
child_text (xmpp_stanza_t *parent,
            const char    *name)
{
  xmpp_stanza_t *child = xmpp_stanza_get_child_by_name (parent, name);

  return child ? glint_stanza_text (child) : NULL;
}

static gboolean
is_true (const char *value)
{
  return g_strcmp0 (value, "true") == 0 || g_strcmp0 (value, "1") == 0;
}

/* One <conference/> of either kind; @jid from its item id (XEP-0402) or
 * its attribute (XEP-0048). */
static GlintBookmark *
parse_conference (xmpp_stanza_t *conference,
                  const char    *jid)
{
  g_autofree char *bare = glint_jid_normalize_bare (jid);
  g_autoptr(GlintJid) parsed = bare ? glint_jid_parse (bare, NULL) : NULL;
  g_autofree char *nick = NULL;
  g_autofree char *password = NULL;
  GlintBookmark *bookmark;

  if (parsed == NULL || parsed->local == NULL || parsed->resource != NULL)
    return NULL;
  bookmark = glint_bookmark_new (bare);
  bookmark->name = glint_text_sanitize_nonempty (xmpp_stanza_get_attribute (conference, "name"),
                                                 GLINT_MAX_NAME_BYTES, FALSE);
  bookmark->autojoin = is_true (xmpp_stanza_get_attribute (conference, "autojoin"));
  nick = child_text (conference, "nick");
  bookmark->nick = glint_text_sanitize_nonempty (nick, GLINT_MAX_NAME_BYTES, FALSE);
  password = child_text (conference, "password");
  if (password && *password && strlen (password) <= MAX_PASSWORD_BYTES && g_utf8_validate (password, -1, NULL))
    bookmark->password = g_steal_pointer (&password);
  return bookmark;
}

static void
add_bookmark (const GlintStanzaContext *ctx,
              GlintBookmark            *bookmark,
              gboolean                  removed,
              GPtrArray                *events)
{
  GlintEvent *event = glint_event_new (GLINT_EVENT_BOOKMARK, ctx->account);

  event->bookmark = bookmark;
  event->removed = removed;
  g_ptr_array_add (events, event);
}

/* The <items/> of the bookmarks node, from an answer or a notification:
 * each item a bookmark, each <retract/> one gone. */
void
glint_stanza_parse_bookmark_items (const GlintStanzaContext *ctx,
                                   xmpp_stanza_t            *items,
                                   GPtrArray                *events)
{
  guint n = 0;

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (items); c && n < MAX_BOOKMARKS; c = xmpp_stanza_get_next (c))
    {
      const char *name = xmpp_stanza_get_name (c);
      const char *id = xmpp_stanza_get_attribute (c, "id");
      xmpp_stanza_t *conference;
      GlintBookmark *bookmark;

      if (g_strcmp0 (name, "retract") == 0)
        {
          g_autofree char *bare = glint_jid_normalize_bare (id);

          if (bare != NULL)
            add_bookmark (ctx, glint_bookmark_new (bare), TRUE, events);
          n++;
          continue;
        }
      if (g_strcmp0 (name, "item") != 0)
        continue;
      conference = xmpp_stanza_get_child_by_name_and_ns (c, "conference", GLINT_NS_BOOKMARKS);
      bookmark = conference ? parse_conference (conference, id) : NULL;
      if (bookmark != NULL)
        {
          add_bookmark (ctx, bookmark, FALSE, events);
          n++;
        }
    }
}

/* XEP-0048: the whole list, in private storage. */
void
glint_stanza_parse_bookmark_storage (const GlintStanzaContext *ctx,
                                     xmpp_stanza_t            *storage,
                                     GPtrArray                *events)
{
  guint n = 0;

  for (xmpp_stanza_t *c = xmpp_stanza_get_children (storage); c && n < MAX_BOOKMARKS; c = xmpp_stanza_get_next (c))
    {
      GlintBookmark *bookmark;

      if (g_strcmp0 (xmpp_stanza_get_name (c), "conference") != 0)
        continue;
      bookmark = parse_conference (c, xmpp_stanza_get_attribute (c, "jid"));
      if (bookmark != NULL)
        {
          add_bookmark (ctx, bookmark, FALSE, events);
          n++;
        }
    }
}

/* A PEP notification (XEP-0163) of our bookmarks node, from our own
 * account only: anyone else's is no word on our rooms. */
gboolean
glint_stanza_parse_pep_event (const GlintStanzaContext *ctx,
                              xmpp_stanza_t            *message,
                              GPtrArray                *events)
{
  xmpp_stanza_t *event = xmpp_stanza_get_child_by_name_and_ns (message, "event", GLINT_NS_PUBSUB_EVENT);
  xmpp_stanza_t *items = event ? xmpp_stanza_get_child_by_name (event, "items") : NULL;

  const char *node = items ? xmpp_stanza_get_attribute (items, "node") : NULL;
  xmpp_stanza_t *item, *storage;

  if (g_strcmp0 (node, GLINT_NS_BOOKMARKS) != 0 && g_strcmp0 (node, GLINT_NS_BOOKMARKS_OLD) != 0)
    return FALSE;
  if (!glint_stanza_from_is_account (ctx, message))
    {
      g_debug ("Ignoring bookmarks from %s", xmpp_stanza_get_from (message));
      return FALSE;
    }
  if (g_strcmp0 (node, GLINT_NS_BOOKMARKS) == 0)
    {
      glint_stanza_parse_bookmark_items (ctx, items, events);
      return TRUE;
    }
  /* XEP-0411: a server that keeps XEP-0048's list in step with a PEP node
   * tells every change as the whole new list. */
  item = xmpp_stanza_get_child_by_name (items, "item");
  storage = item ? xmpp_stanza_get_child_by_name_and_ns (item, "storage", GLINT_NS_BOOKMARKS_OLD) : NULL;
  if (storage == NULL)
    return FALSE;
  glint_stanza_parse_bookmark_storage (ctx, storage, events);
  g_ptr_array_add (events, glint_event_new (GLINT_EVENT_BOOKMARKS_LOADED, ctx->account));
  return TRUE;
}

/* Builders */

static xmpp_stanza_t *
new_pubsub_iq (xmpp_ctx_t     *ctx,
               const char     *type,
               const char     *id,
               xmpp_stanza_t **pubsub)
{
  xmpp_stanza_t *iq = xmpp_iq_new (ctx, type, id);

  *pubsub = glint_stanza_new_element (ctx, "pubsub", GLINT_NS_PUBSUB);
  xmpp_stanza_add_child_ex (iq, *pubsub, 0);
  return iq;
}

xmpp_stanza_t *
glint_stanza_new_bookmarks_get (xmpp_ctx_t *ctx,
                                const char *id)
{
  xmpp_stanza_t *pubsub;
  xmpp_stanza_t *iq = new_pubsub_iq (ctx, "get", id, &pubsub);
  xmpp_stanza_t *items = glint_stanza_new_element (ctx, "items", NULL);

  xmpp_stanza_set_attribute (items, "node", GLINT_NS_BOOKMARKS);
  xmpp_stanza_add_child_ex (pubsub, items, 0);
  return iq;
}

static xmpp_stanza_t *
new_conference (xmpp_ctx_t          *ctx,
                const GlintBookmark *bookmark,
                const char          *ns)
{
  xmpp_stanza_t *conference = glint_stanza_new_element (ctx, "conference", ns);

  if (ns == NULL)
    xmpp_stanza_set_attribute (conference, "jid", bookmark->jid);
  if (bookmark->name)
    xmpp_stanza_set_attribute (conference, "name", bookmark->name);
  xmpp_stanza_set_attribute (conference, "autojoin", bookmark->autojoin ? "true" : "false");
  if (bookmark->nick)
    glint_stanza_add_text_child (conference, "nick", bookmark->nick);
  if (bookmark->password)
    glint_stanza_add_text_child (conference, "password", bookmark->password);
  return conference;
}

/* XEP-0402: one bookmark as an item of the node, which is kept, holds
 * every item and is the user's alone. */
xmpp_stanza_t *
glint_stanza_new_bookmark_publish (xmpp_ctx_t          *ctx,
                                   const char          *id,
                                   const GlintBookmark *bookmark)
{
  xmpp_stanza_t *pubsub;
  xmpp_stanza_t *iq = new_pubsub_iq (ctx, "set", id, &pubsub);
  xmpp_stanza_t *publish = glint_stanza_new_element (ctx, "publish", NULL);
  xmpp_stanza_t *item = glint_stanza_new_element (ctx, "item", NULL);
  xmpp_stanza_t *options = glint_stanza_new_element (ctx, "publish-options", NULL);
  xmpp_stanza_t *form = glint_stanza_new_element (ctx, "x", "jabber:x:data");

  xmpp_stanza_set_attribute (publish, "node", GLINT_NS_BOOKMARKS);
  xmpp_stanza_set_attribute (item, "id", bookmark->jid);
  xmpp_stanza_add_child_ex (item, new_conference (ctx, bookmark, GLINT_NS_BOOKMARKS), 0);
  xmpp_stanza_add_child_ex (publish, item, 0);
  xmpp_stanza_add_child_ex (pubsub, publish, 0);
  xmpp_stanza_set_type (form, "submit");
  glint_stanza_add_form_field (form, "FORM_TYPE", "hidden", "http://jabber.org/protocol/pubsub#publish-options");
  glint_stanza_add_form_field (form, "pubsub#persist_items", NULL, "true");
  glint_stanza_add_form_field (form, "pubsub#max_items", NULL, "max");
  glint_stanza_add_form_field (form, "pubsub#send_last_published_item", NULL, "never");
  glint_stanza_add_form_field (form, "pubsub#access_model", NULL, "whitelist");
  xmpp_stanza_add_child_ex (options, form, 0);
  xmpp_stanza_add_child_ex (pubsub, options, 0);
  return iq;
}

xmpp_stanza_t *
glint_stanza_new_bookmark_retract (xmpp_ctx_t *ctx,
                                   const char *id,
                                   const char *jid)
{
  xmpp_stanza_t *pubsub;
  xmpp_stanza_t *iq = new_pubsub_iq (ctx, "set", id, &pubsub);
  xmpp_stanza_t *retract = glint_stanza_new_element (ctx, "retract", NULL);
  xmpp_stanza_t *item = glint_stanza_new_element (ctx, "item", NULL);

  xmpp_stanza_set_attribute (retract, "node", GLINT_NS_BOOKMARKS);
  xmpp_stanza_set_attribute (retract, "notify", "true");
  xmpp_stanza_set_attribute (item, "id", jid);
  xmpp_stanza_add_child_ex (retract, item, 0);
  xmpp_stanza_add_child_ex (pubsub, retract, 0);
  return iq;
}

static xmpp_stanza_t *
new_private_iq (xmpp_ctx_t     *ctx,
                const char     *type,
                const char     *id,
                xmpp_stanza_t **storage)
{
  xmpp_stanza_t *iq = xmpp_iq_new (ctx, type, id);
  xmpp_stanza_t *query = glint_stanza_new_element (ctx, "query", GLINT_NS_PRIVATE);

  *storage = glint_stanza_new_element (ctx, "storage", GLINT_NS_BOOKMARKS_OLD);
  xmpp_stanza_add_child_ex (query, *storage, 0);
  xmpp_stanza_add_child_ex (iq, query, 0);
  return iq;
}

xmpp_stanza_t *
glint_stanza_new_private_bookmarks_get (xmpp_ctx_t *ctx,
                                        const char *id)
{
  xmpp_stanza_t *storage;

  return new_private_iq (ctx, "get", id, &storage);
}

/* XEP-0048: the whole list at once, @bookmarks (GlintBookmark) in it. */
xmpp_stanza_t *
glint_stanza_new_private_bookmarks_set (xmpp_ctx_t *ctx,
                                        const char *id,
                                        GPtrArray  *bookmarks)
{
  xmpp_stanza_t *storage;
  xmpp_stanza_t *iq = new_private_iq (ctx, "set", id, &storage);

  for (guint i = 0; i < bookmarks->len; i++)
    xmpp_stanza_add_child_ex (storage, new_conference (ctx, bookmarks->pdata[i], NULL), 0);
  return iq;
}

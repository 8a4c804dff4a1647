/* glint-worker-bookmarks.c: the user's rooms kept on the server, on the
 * worker thread
 *
 * Where the account's server offers XEP-0402 (and says it keeps the old
 * store in step, #compat), bookmarks are items of a PEP node, each
 * published or retracted alone, and other devices' changes come as
 * notifications. Elsewhere they are XEP-0048's one list in private
 * storage, which the link keeps a copy of to write back whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-worker"

#include "glint-worker-private.h"
#include "glint-stanza-private.h"

/* What the link knows of the list (the XEP-0048 copy) follows every
 * bookmark told. */
static void
remember (GlintLink *self,
          GPtrArray *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      GlintEvent *event = events->pdata[i];

      if (event->type != GLINT_EVENT_BOOKMARK)
        continue;
      if (event->removed)
        g_hash_table_remove (self->bookmarks, event->bookmark->jid);
      else
        g_hash_table_replace (self->bookmarks, g_strdup (event->bookmark->jid),
                              glint_bookmark_copy (event->bookmark));
    }
}

static void
on_bookmarks (GlintLink     *self,
              xmpp_stanza_t *reply,
              gboolean       ok,
              const char    *id)
{
  GlintStanzaContext ctx = glint_link_stanza_context (self);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_event_free);
  xmpp_stanza_t *found = NULL;

  /* No node yet is an empty list; no answer, or another error, is no
   * list at all: what the session has stays, and nothing is written
   * over the server's list. */
  if (!ok && g_strcmp0 (glint_stanza_error_condition (reply), "item-not-found") != 0)
    {
      g_message ("The server did not give the bookmarks: %s", reply ? glint_stanza_failure (reply) : "no answer");
      return;
    }
  if (ok)
    {
      xmpp_stanza_t *pubsub = xmpp_stanza_get_child_by_name_and_ns (reply, "pubsub", GLINT_NS_PUBSUB);
      xmpp_stanza_t *query = xmpp_stanza_get_child_by_name_and_ns (reply, "query", GLINT_NS_PRIVATE);

      if (pubsub && (found = xmpp_stanza_get_child_by_name (pubsub, "items")))
        glint_stanza_parse_bookmark_items (&ctx, found, events);
      else if (query && (found = xmpp_stanza_get_child_by_name_and_ns (query, "storage", GLINT_NS_BOOKMARKS_OLD)))
        glint_stanza_parse_bookmark_storage (&ctx, found, events);
    }
  /* The whole list: what it no longer holds (taken away while we were
   * offline) goes too. */
  g_ptr_array_add (events, glint_event_new (GLINT_EVENT_BOOKMARKS_LOADED, self->account->jid));
  glint_link_track_bookmarks (self, events);
  self->bookmarks_known = TRUE;
  glint_link_post_all (self, events);
}

/* Asked once the account's features are known: which store to use. */
void
glint_link_fetch_bookmarks (GlintLink *self,
                            gboolean   pep)
{
  g_autofree char *id = g_uuid_string_random ();

  self->bookmarks_pep = pep;
  self->bookmarks_known = FALSE;
  glint_link_send_iq (self, pep ? glint_stanza_new_bookmarks_get (self->ctx, id)
                                : glint_stanza_new_private_bookmarks_get (self->ctx, id),
                      on_bookmarks, NULL);
}

/* Bookmarks pushed by our own PEP service (the parser checked who). A
 * whole new list (ending in BOOKMARKS_LOADED) takes away what it does
 * not hold. */
void
glint_link_track_bookmarks (GlintLink *self,
                            GPtrArray *events)
{
  g_autoptr(GHashTable) listed = NULL;
  GHashTableIter iter;
  gpointer key;
  guint end;

  for (end = 0; end < events->len; end++)
    if (((GlintEvent *) events->pdata[end])->type == GLINT_EVENT_BOOKMARKS_LOADED)
      break;
  if (end == events->len)
    {
      remember (self, events);
      return;
    }
  listed = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < end; i++)
    if (((GlintEvent *) events->pdata[i])->type == GLINT_EVENT_BOOKMARK)
      g_hash_table_add (listed, ((GlintEvent *) events->pdata[i])->bookmark->jid);
  g_hash_table_iter_init (&iter, self->bookmarks);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (listed, key))
      {
        GlintEvent *gone = glint_event_new (GLINT_EVENT_BOOKMARK, self->account->jid);

        gone->bookmark = glint_bookmark_new (key);
        gone->removed = TRUE;
        g_ptr_array_insert (events, end++, gone);
      }
  g_hash_table_remove_all (self->bookmarks);
  remember (self, events);
}

static void
on_bookmark_saved (GlintLink     *self,
                   xmpp_stanza_t *reply,
                   gboolean       ok,
                   const char    *id)
{
  if (!ok)
    g_message ("The server did not keep a change to the bookmarks: %s", glint_stanza_failure (reply));
}

/* Adds, changes or (@remove) takes away one bookmark, and tells the
 * session at once: a notification may follow, the same. */
void
glint_link_save_bookmark (GlintLink           *self,
                          const GlintBookmark *bookmark,
                          gboolean             remove)
{
  g_autofree char *id = g_uuid_string_random ();
  GlintEvent *event;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_event_free);

  /* XEP-0048's list is written whole: never before it was read. */
  if (!self->bookmarks_pep && !self->bookmarks_known)
    {
      g_message ("Not changing the bookmarks of %s before the list is read", self->account->jid);
      return;
    }
  event = glint_event_new (GLINT_EVENT_BOOKMARK, self->account->jid);
  event->bookmark = glint_bookmark_copy (bookmark);
  event->removed = remove;
  g_ptr_array_add (events, event);
  remember (self, events);
  if (self->bookmarks_pep)
    glint_link_send_iq (self, remove ? glint_stanza_new_bookmark_retract (self->ctx, id, bookmark->jid)
                                     : glint_stanza_new_bookmark_publish (self->ctx, id, bookmark),
                        on_bookmark_saved, NULL);
  else
    {
      g_autoptr(GPtrArray) all = g_ptr_array_new ();
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->bookmarks);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_ptr_array_add (all, value);

      glint_link_send_iq (self, glint_stanza_new_private_bookmarks_set (self->ctx, id, all), on_bookmark_saved,
                          NULL);
    }
  glint_link_post_all (self, events);
}

/* glint-stanza-archive.c: queries to the account's archive and what comes
 * back (XEP-0313, paged by XEP-0059)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-stanza"

#include "config.h"

#include "glint-stanza-private.h"
#include "glint-jid.h"

#define NS_DATA "jabber:x:data"
#define NS_RSM  "http://jabber.org/protocol/rsm"

/* One page of the account's archive: the results of @query_id, then an IQ
 * result with the page's bounds. @before is "" for the newest page. */
xmpp_stanza_t *
glint_stanza_new_archive_query (xmpp_ctx_t *ctx,
                                const char *query_id,
                                const char *with,
                                const char *after,
                                const char *before,
                                guint       max)
{
  xmpp_stanza_t *iq = xmpp_iq_new (ctx, "set", query_id);
  xmpp_stanza_t *query = glint_stanza_new_element (ctx, "query", GLINT_NS_MAM);
  xmpp_stanza_t *form = glint_stanza_new_element (ctx, "x", NS_DATA);
  xmpp_stanza_t *set = glint_stanza_new_element (ctx, "set", NS_RSM);
  g_autofree char *max_text = g_strdup_printf ("%u", max);

  xmpp_stanza_set_attribute (query, "queryid", query_id);
  xmpp_stanza_set_type (form, "submit");
  glint_stanza_add_form_field (form, "FORM_TYPE", "hidden", GLINT_NS_MAM);
  if (with)
    glint_stanza_add_form_field (form, "with", NULL, with);
  xmpp_stanza_add_child_ex (query, form, 0);

  glint_stanza_add_text_child (set, "max", max_text);
  if (after)
    glint_stanza_add_text_child (set, "after", after);
  if (before && *before)
    glint_stanza_add_text_child (set, "before", before);
  else if (before)
    xmpp_stanza_add_child_ex (set, glint_stanza_new_element (ctx, "before", NULL), 0);
  xmpp_stanza_add_child_ex (query, set, 0);
  xmpp_stanza_add_child_ex (iq, query, 0);
  return iq;
}

/* A result of one of our queries: only from our own account, only for a
 * query this stream sent and has not seen finish (@queries holds their
 * ids), and only a message between us and someone. Its archive id is its
 * stanza-id, its time the archive's. Only the message itself is kept: a
 * chat state, receipt or attention request in the archive is old news. */
gboolean
glint_stanza_parse_archive_result (const GlintStanzaContext *ctx,
                                   xmpp_stanza_t            *stanza,
                                   GHashTable               *queries,
                                   GPtrArray                *events)
{
  xmpp_stanza_t *result = xmpp_stanza_get_child_by_name_and_ns (stanza, "result", GLINT_NS_MAM);
  xmpp_stanza_t *forwarded, *inner;
  const char *query_id, *inner_from;
  g_autofree char *archive_id = NULL;
  g_autofree char *from_bare = NULL;
  g_autoptr(GPtrArray) found = NULL;
  gboolean outgoing;
  gint64 time_ms;

  if (result == NULL)
    return FALSE;
  query_id = xmpp_stanza_get_attribute (result, "queryid");
  if (!glint_stanza_from_is_account (ctx, stanza) || query_id == NULL
      || !g_hash_table_contains (queries, query_id))
    {
      g_debug ("Ignoring an archive result from %s for query %s",
               xmpp_stanza_get_from (stanza), query_id ? query_id : "(none)");
      return FALSE;
    }
  archive_id = glint_stanza_clean_id (xmpp_stanza_get_attribute (result, "id"));
  forwarded = xmpp_stanza_get_child_by_name_and_ns (result, "forwarded", GLINT_NS_FORWARD);
  inner = forwarded ? xmpp_stanza_get_child_by_name (forwarded, "message") : NULL;
  if (archive_id == NULL || inner == NULL)
    return FALSE;

  inner_from = xmpp_stanza_get_from (inner);
  from_bare = glint_jid_normalize_bare (inner_from);
  outgoing = from_bare == NULL || g_strcmp0 (from_bare, ctx->account) == 0;
  if (!outgoing && !glint_jid_bare_equal (xmpp_stanza_get_to (inner), ctx->account))
    return FALSE;

  time_ms = glint_stanza_delay_ms (ctx, forwarded);
  found = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_event_free);
  glint_stanza_parse_forwarded (ctx, inner, outgoing, found);
  return glint_stanza_keep_archived (found, archive_id, ctx->account, time_ms, events);
}

/* The messages among @found (what a result's forwarded message made),
 * moved to @events as archived: at the archive's time, with its id as the
 * stanza-id of @archive. Anything else in an archive (chat states,
 * receipts, subjects) is old news. TRUE if one was kept. */
gboolean
glint_stanza_keep_archived (GPtrArray  *found,
                            const char *archive_id,
                            const char *archive,
                            gint64      time_ms,
                            GPtrArray  *events)
{
  gboolean kept = FALSE;

  for (guint i = 0; i < found->len; i++)
    {
      GlintEvent *event = found->pdata[i];
      GlintMessage *msg = event->message;

      if (event->type != GLINT_EVENT_MESSAGE)
        continue;
      msg->archived = TRUE;
      msg->time_ms = time_ms;
      msg->markable = FALSE;
      g_free (msg->stanza_id);
      msg->stanza_id = g_strdup (archive_id);
      g_free (msg->stanza_id_by);
      msg->stanza_id_by = g_strdup (archive);
      g_ptr_array_add (events, g_steal_pointer (&found->pdata[i]));
      kept = TRUE;
    }
  return kept;
}

/* The end of a page: its bounds and whether the archive has no more in
 * that direction; a failed query says why in @event->text. */
GlintEvent *
glint_stanza_parse_archive_fin (const GlintStanzaContext *ctx,
                                const char               *query_id,
                                xmpp_stanza_t            *reply,
                                gboolean                  ok)
{
  GlintEvent *event = glint_event_new (GLINT_EVENT_ARCHIVE_PAGE, ctx->account);
  xmpp_stanza_t *fin = ok && reply ? xmpp_stanza_get_child_by_name_and_ns (reply, "fin", GLINT_NS_MAM) : NULL;
  xmpp_stanza_t *set = fin ? xmpp_stanza_get_child_by_name_and_ns (fin, "set", NS_RSM) : NULL;

  event->xmpp_id = g_strdup (query_id);
  if (fin == NULL)
    {
      const char *condition = glint_stanza_error_condition (reply);

      event->text = g_strdup (condition ? condition : reply ? "undefined-condition" : "no-answer");
      return event;
    }
  if (set)
    {
      xmpp_stanza_t *first = xmpp_stanza_get_child_by_name (set, "first");
      xmpp_stanza_t *last = xmpp_stanza_get_child_by_name (set, "last");
      char *text;

      if (first && (text = xmpp_stanza_get_text (first)))
        {
          event->archive_first = glint_stanza_clean_id (text);
          xmpp_free (xmpp_stanza_get_context (first), text);
        }
      if (last && (text = xmpp_stanza_get_text (last)))
        {
          event->archive_last = glint_stanza_clean_id (text);
          xmpp_free (xmpp_stanza_get_context (last), text);
        }
    }
  /* A page with nothing in it has nowhere further to go. */
  event->archive_complete = g_strcmp0 (xmpp_stanza_get_attribute (fin, "complete"), "true") == 0
                            || event->archive_last == NULL;
  return event;
}

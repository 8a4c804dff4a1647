/* fuzz-store: a parsed message through the store and back.
 *
 * The input is a stanza (an odd length means the server's stanza-ids
 * are trusted). Each message it yields is written to a fresh
 * history and read back byte for byte; written again, it is a duplicate
 * exactly when it has an origin-id or a trusted stanza-id.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "glint-fuzz-checks.h"
#include "glint-store.h"

#include <string.h>

static xmpp_ctx_t *xmpp;

static void
check_same (const GlintMessage *a,
            const GlintMessage *b)
{
  GLINT_FUZZ_CHECK (g_strcmp0 (a->account, b->account) == 0, "account kept");
  GLINT_FUZZ_CHECK (g_strcmp0 (a->peer, b->peer) == 0, "peer kept");
  GLINT_FUZZ_CHECK (g_strcmp0 (a->sender, b->sender) == 0, "sender kept");
  GLINT_FUZZ_CHECK (g_strcmp0 (a->body, b->body) == 0, "body kept byte for byte");
  GLINT_FUZZ_CHECK (g_strcmp0 (a->xmpp_id, b->xmpp_id) == 0, "id kept");
  GLINT_FUZZ_CHECK (g_strcmp0 (a->origin_id, b->origin_id) == 0, "origin-id kept");
  GLINT_FUZZ_CHECK (g_strcmp0 (a->stanza_id, b->stanza_id) == 0, "stanza-id kept");
  GLINT_FUZZ_CHECK (a->time_ms == b->time_ms, "time kept");
  GLINT_FUZZ_CHECK (a->direction == b->direction, "direction kept");
  GLINT_FUZZ_CHECK (a->state == b->state, "state kept");
}

/* Whether @body is plain ASCII words, which any tokenizer splits alike. */
static gboolean
is_plain_words (const char *body,
                guint      *words)
{
  gboolean in_word = FALSE;

  *words = 0;
  for (const char *p = body; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          *words += !in_word;
          in_word = TRUE;
        }
      else if (*p == ' ')
        in_word = FALSE;
      else
        return FALSE;
    }
  return TRUE;
}

/* Searching for the body: refused in words when over the limits, never
 * failing otherwise, and finding the message when it is plain words. */
static void
search_for (GlintStore         *store,
            const GlintMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = glint_store_search (store, msg->account, NULL, msg->body, G_MAXINT64, 10, &error);
  guint words = 0;

  if (hits == NULL)
    {
      GLINT_FUZZ_CHECK (g_error_matches (error, GLINT_STORE_ERROR, GLINT_STORE_ERROR_QUERY),
                        "a search fails only for asking too much");
      return;
    }
  if (is_plain_words (msg->body, &words) && words > 0 && words <= GLINT_SEARCH_MAX_WORDS)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < hits->len; i++)
        found |= ((GlintSearchHit *) hits->pdata[i])->message->id == msg->id;
      GLINT_FUZZ_CHECK (found, "a message is found by its own words");
    }
}

static void
round_trip (GlintMessage *msg)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlintStore) store = glint_store_new (":memory:", &error);
  g_autoptr(GlintMessage) again = glint_message_copy (msg);
  g_autoptr(GPtrArray) page = NULL;
  gboolean duplicate = TRUE;
  gboolean should_dedupe = msg->origin_id != NULL || msg->stanza_id != NULL;
  GlintMessage *stored = NULL;

  GLINT_FUZZ_CHECK (store != NULL, "a history in memory opens");
  GLINT_FUZZ_CHECK (glint_store_insert_message (store, msg, &duplicate, &error), "a message is written");
  GLINT_FUZZ_CHECK (!duplicate && msg->id > 0, "the first copy is new");

  page = glint_store_page_before (store, msg->account, msg->peer, G_MAXINT64, G_MAXINT64, 10, &error);
  GLINT_FUZZ_CHECK (page != NULL && page->len == 1, "the message reads back");
  stored = page->pdata[0];
  GLINT_FUZZ_CHECK (stored->id == msg->id, "under its id");
  check_same (msg, stored);
  search_for (store, msg);

  GLINT_FUZZ_CHECK (glint_store_insert_message (store, again, &duplicate, &error), "a copy is written");
  GLINT_FUZZ_CHECK (duplicate == should_dedupe, "a copy is a duplicate exactly when it has an id to tell");
  GLINT_FUZZ_CHECK (glint_store_count_messages (store, msg->account, msg->peer) == (should_dedupe ? 1 : 2),
                    "what was written is counted");
}

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *xml = glint_fuzz_string (data, size);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_event_free);
  GlintStanzaContext ctx = {
    .account = "alice@example.org",
    .stanza_ids_trusted = size & 1,
    .now_ms = G_GINT64_CONSTANT (1800000000000),
  };
  xmpp_stanza_t *stanza;

  if (xmpp == NULL)
    {
      xmpp_initialize ();
      xmpp = xmpp_ctx_new (NULL, NULL);
    }
  if (xml == NULL)
    return 0;
  stanza = xmpp_stanza_new_from_string (xmpp, xml);
  if (stanza == NULL)
    return 0;
  glint_stanza_parse (&ctx, stanza, events);
  for (guint i = 0; i < events->len; i++)
    {
      GlintEvent *event = events->pdata[i];

      glint_fuzz_check_event (event, &ctx, xmpp_stanza_get_from (stanza));
      if (event->type == GLINT_EVENT_MESSAGE)
        round_trip (event->message);
    }
  xmpp_stanza_release (stanza);
  return 0;
}

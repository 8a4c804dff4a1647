/* fuzz-stanza: one stanza through every parse entry point and the worker's
 * handlers, with the replies the link waits for registered.
 *
 * The input is XML as the server would send it. It is parsed by libstrophe
 * on a link's own context (with Glint's counting allocator), then given to
 * glint_stanza_parse(), to the roster parser when it holds a roster query,
 * and to the handlers a connected link runs, with four IQs pending: the
 * roster, the account's and the server's disco#info, and a roster change,
 * under the ids q0 to q3; the account is in the room
 * room@conference.example.org as "alice". Every event that comes out is held to Glint's
 * promises (glint-fuzz-checks.c), and what libstrophe holds is back where
 * it was afterwards.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "glint-fuzz-checks.h"
#include "glint-command.h"
#include "glint-worker-private.h"

#define ACCOUNT "alice@example.org"
#define ROOM    "room@conference.example.org"

static GlintWorker *worker;
static GlintLink *link;
static GMainContext *context;
static GPtrArray *posted;

static void
collect (GlintEvent *event,
         gpointer    user_data)
{
  g_ptr_array_add (posted, event);
}

static const GlintEventPipeFuncs funcs = { .event = collect };

static void
setup (void)
{
  xmpp_initialize ();
  context = g_main_context_new ();
  posted = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_event_free);
  /* A worker without its thread: the link runs here, and posts to a pipe
   * this target drains itself. */
  worker = g_object_new (GLINT_TYPE_WORKER, NULL);
  worker->pipe = glint_event_pipe_new (context);
  glint_event_pipe_set_consumer (worker->pipe, &funcs, NULL);
  link = glint_link_new (worker, ACCOUNT);
  link->domain = g_strdup ("example.org");
}

/* The account is in one room, so that rooms' stanzas reach their parsers. */
static void
enter_room (gboolean ids_trusted)
{
  GlintStanzaRoom *room = g_new0 (GlintStanzaRoom, 1);

  room->jid = g_strdup (ROOM);
  room->nick = g_strdup ("alice");
  room->joined = TRUE;
  room->ids_trusted = ids_trusted;
  room->occupant_ids = ids_trusted;
  g_hash_table_replace (link->rooms, g_strdup (ROOM), room);
}

static int
compare_by_func (gconstpointer a,
                 gconstpointer b)
{
  const PendingIq *x = *(PendingIq * const *) a;
  const PendingIq *y = *(PendingIq * const *) b;

  return (guintptr) x->func < (guintptr) y->func ? -1 : (guintptr) x->func > (guintptr) y->func;
}

/* What glint_link_on_connected() and a roster change register, under ids
 * an input can name: q0 to q3, in the order of their handlers' addresses
 * (fixed for one build). */
static void
connect_link (void)
{
  g_autoptr(GlintCommand) change = glint_command_new (GLINT_COMMAND_ROSTER_SET);
  g_autoptr(GPtrArray) pending = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  link->conn = xmpp_conn_new (link->ctx);
  link->authenticated = TRUE;
  glint_link_on_connected (link);
  change->jid = g_strdup ("bob@example.org");
  glint_link_send_roster_set (link, change);

  g_hash_table_iter_init (&iter, link->pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_ptr_array_add (pending, value);
      g_hash_table_iter_steal (&iter);
      g_free (key);
    }
  g_ptr_array_sort (pending, compare_by_func);
  for (guint i = 0; i < pending->len; i++)
    g_hash_table_insert (link->pending, g_strdup_printf ("q%u", i), pending->pdata[i]);
}

static void
disconnect_link (void)
{
  g_hash_table_remove_all (link->pending);
  xmpp_conn_release (link->conn);
  link->conn = NULL;
  link->authenticated = FALSE;
}

static void
check_all (GPtrArray                *events,
           const GlintStanzaContext *ctx,
           const char               *from)
{
  for (guint i = 0; i < events->len; i++)
    glint_fuzz_check_event (events->pdata[i], ctx, from);
}

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *xml = glint_fuzz_string (data, size);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_event_free);
  g_autoptr(GPtrArray) roster = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_event_free);
  GlintStanzaContext ctx;
  xmpp_stanza_t *stanza, *query;
  gsize blocks, in_use;
  const char *from;

  if (worker == NULL)
    setup ();
  if (xml == NULL)
    return 0;

  blocks = link->memory.blocks;
  in_use = link->memory.in_use;
  /* An odd length means the server's stanza-ids are trusted. */
  link->stanza_ids_trusted = size & 1;
  connect_link ();
  /* A length with bit 1 set: the room stamps stanza-ids. */
  enter_room ((size & 2) != 0);
  stanza = xmpp_stanza_new_from_string (link->ctx, xml);
  if (stanza != NULL)
    {
      ctx = glint_link_stanza_context (link);
      from = xmpp_stanza_get_from (stanza);

      glint_stanza_parse (&ctx, stanza, events);
      check_all (events, &ctx, from);

      query = xmpp_stanza_get_child_by_name_and_ns (stanza, "query", GLINT_NS_ROSTER);
      if (query != NULL)
        {
          /* As the worker parses the reply to its roster request, which
           * only our account may send (the from was checked already). */
          glint_stanza_parse_roster (&ctx, query, roster);
          check_all (roster, &ctx, NULL);
        }

      glint_link_dispatch (link, stanza);
      while (g_main_context_iteration (context, FALSE))
        ;
      /* The handlers took their own time: "now" is later for them. */
      ctx = glint_link_stanza_context (link);
      check_all (posted, &ctx, from);
      g_ptr_array_set_size (posted, 0);
      xmpp_stanza_release (stanza);
    }
  disconnect_link ();
  GLINT_FUZZ_CHECK (link->memory.blocks == blocks && link->memory.in_use == in_use,
                    "libstrophe gives back all it took for a stanza");
  return 0;
}

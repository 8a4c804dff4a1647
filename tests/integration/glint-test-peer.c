/* glint-test-peer.c */
#include "glint-test-peer.h"

#include <strophe.h>
#include <glib/gstdio.h>
#include "glint-worker.h"

#include <string.h>

struct _GlintTestPeer
{
  GSubprocess      *process;
  GOutputStream    *in;
  GDataInputStream *out;
  GQueue            lines;   /* JsonObject*, read but not yet consumed */
  GCancellable     *cancellable;
  gboolean          eof;
  char             *jid;
  JsonObject       *ready;   /* what the process said when it was ready */
};

const char *
glint_test_env (const char *name)
{
  const char *value = g_getenv (name);

  if (value == NULL)
    g_error ("%s is not set: run this test through tests/harness/xmpp-env.py", name);
  return value;
}

GlintAccount *
glint_test_account (const char *user,
                    const char *domain_env)
{
  g_autofree char *jid = g_strdup_printf ("%s@%s", user, glint_test_env (domain_env));
  GlintAccount *account = glint_account_new (jid);

  account->host = g_strdup (glint_test_env ("GLINT_TEST_HOST"));
  account->port = atoi (glint_test_env ("GLINT_TEST_PORT"));
  return account;
}

/* A temporary folder of its own, named after @prefix. */
char *
glint_test_make_dir (const char *prefix)
{
  g_autofree char *pattern = g_strdup_printf ("%s-XXXXXX", prefix);
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (pattern, &error);

  g_assert_no_error (error);
  return dir;
}

/* Deletes @path and whatever is below it (a test's temporary folder). */
void
glint_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        glint_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
glint_test_run_ctl (const char *verb)
{
  g_autofree char *cmd = g_strdup_printf ("%s %s", glint_test_env ("GLINT_TEST_CTL"), verb);
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

typedef struct
{
  gboolean (*done) (gpointer);
  gpointer data;
} WaitData;

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until @done says so, or @timeout_s passes. */
gboolean
glint_test_wait (gboolean (*done) (gpointer),
                 gpointer  data,
                 guint     timeout_s)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (timeout_s, timeout_cb, &timed_out);

  while (!done (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return done (data);
}

typedef struct
{
  GlintSession        *session;
  GlintConnectionState state;
} StateWait;

static gboolean
state_reached (gpointer data)
{
  StateWait *w = data;
  return glint_session_get_state (w->session) == w->state;
}

gboolean
glint_test_wait_state (GlintSession         *session,
                       GlintConnectionState  state,
                       guint                 timeout_s)
{
  StateWait w = { session, state };
  return glint_test_wait (state_reached, &w, timeout_s);
}

static void read_next (GlintTestPeer *peer);

static void
on_line (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GlintTestPeer *peer = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &error);
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the peer is gone */

  if (line == NULL)
    {
      peer->eof = TRUE;
      return;
    }
  if (json_parser_load_from_data (parser, line, -1, NULL) && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    g_queue_push_tail (&peer->lines, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
  else
    g_printerr ("peer said: %s\n", line);
  read_next (peer);
}

static void
read_next (GlintTestPeer *peer)
{
  g_data_input_stream_read_line_async (peer->out, G_PRIORITY_DEFAULT, peer->cancellable, on_line, peer);
}

GlintTestPeer *
glint_test_peer_start (const char *jid,
                       const char *password,
                       const char *extra_arg)
{
  return glint_test_peer_start_on ("GLINT_TEST_PEER", jid, password, extra_arg);
}

/* A peer on the server whose peer command is in @peer_env (GLINT_TEST2_PEER
 * for a second server). */
GlintTestPeer *
glint_test_peer_start_on (const char *peer_env,
                          const char *jid,
                          const char *password,
                          const char *extra_arg)
{
  GlintTestPeer *peer = g_new0 (GlintTestPeer, 1);
  g_auto(GStrv) argv = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) prefix = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_shell_parse_argv (glint_test_env (peer_env), NULL, &prefix, NULL));
  g_strv_builder_addv (builder, (const char **) prefix);
  g_strv_builder_add_many (builder, jid, password, NULL);
  if (extra_arg)
    g_strv_builder_add (builder, extra_arg);
  argv = g_strv_builder_end (builder);

  peer->jid = g_strdup (jid);
  peer->process = g_subprocess_newv ((const char * const *) argv,
                                     G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  peer->in = g_subprocess_get_stdin_pipe (peer->process);
  peer->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (peer->process));
  g_queue_init (&peer->lines);
  peer->cancellable = g_cancellable_new ();
  read_next (peer);
  peer->ready = glint_test_peer_expect (peer, "ready", NULL, NULL);
  return peer;
}

/* The peer sends @body to @to and has done so when this returns. */
void
glint_test_peer_send (GlintTestPeer *peer,
                      const char    *to,
                      const char    *body)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *line = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "cmd");
  json_builder_add_string_value (builder, "send");
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to);
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, body);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  line = json_generator_to_data (generator, NULL);
  glint_test_peer_command (peer, line);
  json_object_unref (glint_test_peer_expect (peer, "ok", "cmd", "send"));
}

/* What the process said when it was ready (the fault proxy: its port). */
JsonObject *
glint_test_peer_get_ready (GlintTestPeer *peer)
{
  return peer->ready;
}

void
glint_test_peer_command (GlintTestPeer *peer,
                         const char    *json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_strconcat (json, "\n", NULL);

  g_assert_true (g_output_stream_write_all (peer->in, line, strlen (line), NULL, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_flush (peer->in, NULL, NULL);
}

typedef struct
{
  GlintTestPeer *peer;
  const char    *event;
  const char    *member;
  const char    *value;
  JsonObject    *found;
  GList         *checked;  /* the last line looked at: lines only join at the end */
} PeerWait;

static gboolean
matches (PeerWait   *w,
         JsonObject *obj)
{
  if (w->event != NULL && g_strcmp0 (json_object_get_string_member_with_default (obj, "event", ""), w->event) != 0)
    return FALSE;
  if (w->member == NULL)
    return TRUE;
  return g_strcmp0 (json_object_get_string_member_with_default (obj, w->member, ""), w->value) == 0;
}

static gboolean
peer_has (gpointer data)
{
  PeerWait *w = data;

  if (w->found)
    return TRUE;
  for (GList *l = w->checked ? w->checked->next : w->peer->lines.head; l; l = l->next)
    {
      if (matches (w, l->data))
        {
          w->found = l->data;
          g_queue_delete_link (&w->peer->lines, l);
          return TRUE;
        }
      w->checked = l;
    }
  return w->peer->eof;
}

/* Drops the events reported so far and not yet consumed. */
void
glint_test_peer_forget_reported (GlintTestPeer *peer)
{
  g_queue_clear_full (&peer->lines, (GDestroyNotify) json_object_unref);
}

/* Waits for an event (optionally with @member equal to @value), consuming
 * it and leaving other events queued. Returns NULL on timeout. */
JsonObject *
glint_test_peer_wait_for (GlintTestPeer *peer,
                          const char    *event,
                          const char    *member,
                          const char    *value,
                          guint          timeout_s)
{
  PeerWait w = { peer, event, member, value, NULL, NULL };

  glint_test_wait (peer_has, &w, timeout_s);
  return w.found;
}

JsonObject *
glint_test_peer_expect (GlintTestPeer *peer,
                        const char    *event,
                        const char    *member,
                        const char    *value)
{
  JsonObject *obj = glint_test_peer_wait_for (peer, event, member, value, 20);

  if (obj == NULL)
    g_error ("The peer %s did not report %s %s=%s", peer->jid, event, member ? member : "", value ? value : "");
  return obj;
}

void
glint_test_peer_stop (GlintTestPeer *peer)
{
  if (peer == NULL)
    return;
  glint_test_peer_command (peer, "{\"cmd\":\"quit\"}");
  g_output_stream_close (peer->in, NULL, NULL);
  g_subprocess_wait (peer->process, NULL, NULL);
  g_cancellable_cancel (peer->cancellable);
  /* Let the cancelled read finish before its stream goes. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_object_unref (peer->cancellable);
  g_queue_clear_full (&peer->lines, (GDestroyNotify) json_object_unref);
  g_object_unref (peer->out);
  g_object_unref (peer->process);
  g_clear_pointer (&peer->ready, json_object_unref);
  g_free (peer->jid);
  g_free (peer);
}

/* A client over the real worker, as the application makes it. */
GlintClient *
glint_test_client_new (GlintStore *store,
                       const char *config_path)
{
  g_autoptr(GlintEventPipe) pipe = glint_event_pipe_new (NULL);
  g_autoptr(GlintWorker) worker = glint_worker_new (pipe);

  return glint_client_new (GLINT_TRANSPORT (worker), store, config_path);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The caps verification string of XEP-0115 recomputed here from what the
 * disco#info answer says (identities, then features, each sorted). */
char *
glint_test_caps_ver_of (const char *disco_xml,
                        const char *want_node)
{
  xmpp_ctx_t *ctx = xmpp_ctx_new (NULL, NULL);
  xmpp_stanza_t *iq = xmpp_stanza_new_from_string (ctx, disco_xml);
  xmpp_stanza_t *query = iq ? xmpp_stanza_get_child_by_name (iq, "query") : NULL;
  g_autoptr(GPtrArray) identities = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) features = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) s = g_string_new (NULL);
  g_autoptr(GChecksum) sha1 = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize len = sizeof digest;

  g_assert_nonnull (query);
  g_assert_cmpstr (xmpp_stanza_get_attribute (query, "node"), ==, want_node);
  for (xmpp_stanza_t *c = xmpp_stanza_get_children (query); c; c = xmpp_stanza_get_next (c))
    if (g_strcmp0 (xmpp_stanza_get_name (c), "identity") == 0)
      g_ptr_array_add (identities, g_strdup_printf ("%s/%s/%s/%s", xmpp_stanza_get_attribute (c, "category"),
                                                    xmpp_stanza_get_attribute (c, "type"),
                                                    xmpp_stanza_get_attribute (c, "xml:lang") ?: "",
                                                    xmpp_stanza_get_attribute (c, "name") ?: ""));
    else if (g_strcmp0 (xmpp_stanza_get_name (c), "feature") == 0)
      g_ptr_array_add (features, g_strdup (xmpp_stanza_get_attribute (c, "var")));
  g_ptr_array_sort (identities, compare_strings);
  g_ptr_array_sort (features, compare_strings);
  for (guint i = 0; i < identities->len; i++)
    g_string_append_printf (s, "%s<", (char *) identities->pdata[i]);
  for (guint i = 0; i < features->len; i++)
    g_string_append_printf (s, "%s<", (char *) features->pdata[i]);
  g_checksum_update (sha1, (const guchar *) s->str, s->len);
  g_checksum_get_digest (sha1, digest, &len);
  xmpp_stanza_release (iq);
  xmpp_ctx_free (ctx);
  return g_base64_encode (digest, len);
}

/* Asks @to for an IQ get of <query xmlns=@xmlns node=@node/> through the
 * peer, and returns its query_result event. */
JsonObject *
glint_test_peer_query (GlintTestPeer *peer,
                       const char    *to,
                       const char    *xmlns,
                       const char    *node)
{
  g_autofree char *cmd = g_strdup_printf ("{\"cmd\":\"query\",\"to\":\"%s\",\"xmlns\":\"%s\",\"node\":%s%s%s}",
                                          to, xmlns, node ? "\"" : "", node ? node : "null", node ? "\"" : "");

  glint_test_peer_command (peer, cmd);
  return glint_test_peer_expect (peer, "query_result", NULL, NULL);
}

/* Unit test: logging in invisible (XEP-0186) in the worker, where a real
 * server cannot answer: neither test server offers invisibility. A link
 * runs here without its thread or a server (as in tests/fuzz), and the
 * server's disco#info reply is handed to its handlers. */
#include "glint-worker-private.h"

#define ACCOUNT "alice@example.org"
#define DOMAIN  "example.org"

typedef struct
{
  GlintWorker  *worker;
  GlintLink    *link;
  GMainContext *context;
  GPtrArray    *posted;
} Fixture;

static void
collect (GlintEvent *event,
         gpointer    data)
{
  g_ptr_array_add (data, event);
}

static const GlintEventPipeFuncs funcs = { .event = collect };

static void
setup (Fixture *f, gconstpointer data)
{
  f->context = g_main_context_new ();
  f->posted = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_event_free);
  f->worker = g_object_new (GLINT_TYPE_WORKER, NULL);
  f->worker->pipe = glint_event_pipe_new (f->context);
  glint_event_pipe_set_consumer (f->worker->pipe, &funcs, f->posted);
  f->link = glint_link_new (f->worker, ACCOUNT);
  f->link->domain = g_strdup (DOMAIN);
  /* What connect_link() does for an account that logs in invisible. */
  f->link->account->login_invisible = TRUE;
  f->link->show = g_strdup ("invisible");
  f->link->conn = xmpp_conn_new (f->link->ctx);
  f->link->authenticated = TRUE;
  glint_link_on_connected (f->link);
}

static void
teardown (Fixture *f, gconstpointer data)
{
  g_hash_table_remove_all (f->link->pending);
  xmpp_conn_release (f->link->conn);
  f->link->conn = NULL;
  glint_link_free (f->link);
  g_ptr_array_unref (f->posted);
  g_clear_object (&f->worker);
  g_main_context_unref (f->context);
}

/* The server answers its disco#info, offering invisibility or not. */
static void
server_answers (Fixture  *f,
                gboolean  invisible)
{
  g_autofree char *xml = NULL;
  const char *id = NULL;
  GHashTableIter iter;
  gpointer key, value;
  xmpp_stanza_t *reply;

  g_hash_table_iter_init (&iter, f->link->pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (((PendingIq *) value)->to, DOMAIN) == 0)
      id = key;
  g_assert_nonnull (id);
  xml = g_strdup_printf ("<iq type='result' id='%s' from='" DOMAIN "'><query xmlns='%s'>"
                         "<identity category='server' type='im'/><feature var='%s'/></query></iq>",
                         id, GLINT_NS_DISCO_INFO, invisible ? GLINT_NS_INVISIBLE : "urn:xmpp:ping");
  reply = xmpp_stanza_new_from_string (f->link->ctx, xml);
  g_assert_nonnull (reply);
  glint_link_dispatch (f->link, reply);
  xmpp_stanza_release (reply);
  while (g_main_context_iteration (f->context, FALSE))
    ;
}

static GlintEvent *
own_presence (Fixture *f)
{
  for (guint i = 0; i < f->posted->len; i++)
    if (((GlintEvent *) f->posted->pdata[i])->type == GLINT_EVENT_OWN_PRESENCE)
      return f->posted->pdata[i];
  return NULL;
}

/* Offered: the link hides the user, and says it is invisible. */
static void
test_hidden (Fixture *f, gconstpointer data)
{
  GlintEvent *own;

  g_assert_null (own_presence (f));
  server_answers (f, TRUE);
  own = own_presence (f);
  g_assert_true (f->link->invisible);
  g_assert_nonnull (own);
  g_assert_cmpstr (own->show, ==, "invisible");
  g_assert_cmpint (f->link->log_hint, ==, GLINT_ERROR_NONE);
}

/* Not offered: no presence at all, and the stream ends for that reason. */
static void
test_cannot_hide (Fixture *f, gconstpointer data)
{
  server_answers (f, FALSE);
  g_assert_null (own_presence (f));
  g_assert_false (f->link->invisible);
  g_assert_cmpint (f->link->log_hint, ==, GLINT_ERROR_CANNOT_HIDE);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  xmpp_initialize ();
  g_test_add ("/worker/login-invisible/hidden", Fixture, NULL, setup, test_hidden, teardown);
  g_test_add ("/worker/login-invisible/cannot-hide", Fixture, NULL, setup, test_cannot_hide, teardown);
  return g_test_run ();
}

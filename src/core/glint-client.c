/* glint-client.c
 *
 * The client consumes the transport's event pipe: each slice of events is
 * written in one transaction and handed to the session of the account each
 * event names. An event for an account that has no session is dropped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-client"

#include "glint-client.h"
#include "glint-session-private.h"

struct _GlintClient
{
  GObject         parent_instance;
  GlintTransport *transport;
  GlintStore     *store;
  char           *config_path;
  GListStore     *sessions;
  GHashTable     *by_account;   /* bare JID -> GlintSession (borrowed from sessions) */
  GHashTable     *registrations; /* domain -> GlintRegistration */
  gboolean        in_transaction;
};

G_DEFINE_FINAL_TYPE (GlintClient, glint_client, G_TYPE_OBJECT)

static void
batch_begin (gpointer data)
{
  GlintClient *self = data;
  g_autoptr(GError) error = NULL;

  /* Without a transaction each message is written on its own: slower,
   * never lost. */
  self->in_transaction = glint_store_begin (self->store, &error);
  if (!self->in_transaction)
    g_debug ("Writing this batch without a transaction: %s", error->message);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->sessions)); i++)
    {
      g_autoptr(GlintSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);
      glint_session_begin_batch (session);
    }
}

static void
batch_event (GlintEvent *event,
             gpointer    data)
{
  g_autoptr(GlintEvent) owned G_GNUC_UNUSED = event; /* freed on return */
  GlintClient *self = data;
  GlintSession *session = event->account ? g_hash_table_lookup (self->by_account, event->account) : NULL;

  if (session == NULL && event->account != NULL)
    {
      GlintRegistration *registration = g_hash_table_lookup (self->registrations, event->account);

      if (registration != NULL)
        {
          glint_registration_handle_event (registration, event);
          if (glint_registration_is_finished (registration))
            g_hash_table_remove (self->registrations, event->account);
          return;
        }
    }
  if (session == NULL)
    {
      g_debug ("Dropping an event for %s, which has no session", event->account);
      return;
    }
  glint_session_handle_event (session, event);
}

static void
batch_end (gpointer data)
{
  GlintClient *self = data;
  g_autoptr(GError) error = NULL;
  const char *failure = NULL;

  if (self->in_transaction && !glint_store_commit (self->store, &error))
    failure = error->message;
  self->in_transaction = FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->sessions)); i++)
    {
      g_autoptr(GlintSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);
      glint_session_end_batch (session, failure);
    }
}

static const GlintEventPipeFuncs pipe_funcs = { batch_begin, batch_event, batch_end };

static void
glint_client_dispose (GObject *object)
{
  GlintClient *self = GLINT_CLIENT (object);

  if (self->transport)
    glint_event_pipe_set_consumer (glint_transport_get_pipe (self->transport), NULL, NULL);
  g_hash_table_remove_all (self->by_account);
  g_hash_table_remove_all (self->registrations);
  if (self->sessions)
    g_list_store_remove_all (self->sessions);
  g_clear_object (&self->transport);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (glint_client_parent_class)->dispose (object);
}

static void
glint_client_finalize (GObject *object)
{
  GlintClient *self = GLINT_CLIENT (object);

  g_free (self->config_path);
  g_clear_object (&self->sessions);
  g_hash_table_unref (self->by_account);
  g_hash_table_unref (self->registrations);
  G_OBJECT_CLASS (glint_client_parent_class)->finalize (object);
}

static void
glint_client_class_init (GlintClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = glint_client_dispose;
  object_class->finalize = glint_client_finalize;
}

static void
glint_client_init (GlintClient *self)
{
  self->sessions = g_list_store_new (GLINT_TYPE_SESSION);
  self->by_account = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->registrations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

/* @config_path: where accounts are saved; NULL keeps changes in memory. */
GlintClient *
glint_client_new (GlintTransport *transport,
                  GlintStore     *store,
                  const char     *config_path)
{
  GlintClient *self = g_object_new (GLINT_TYPE_CLIENT, NULL);

  self->transport = g_object_ref (transport);
  self->store = g_object_ref (store);
  self->config_path = g_strdup (config_path);
  glint_event_pipe_set_consumer (glint_transport_get_pipe (transport), &pipe_funcs, self);
  return self;
}

/* From now on every session writes to @store: history that is not saved
 * goes to a store in memory. Between slices of events only, so no
 * transaction is open on the old one. */
void
glint_client_set_store (GlintClient *self,
                        GlintStore  *store)
{
  g_return_if_fail (GLINT_IS_STORE (store));

  g_set_object (&self->store, store);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->sessions)); i++)
    {
      g_autoptr(GlintSession) session = g_list_model_get_item (G_LIST_MODEL (self->sessions), i);

      glint_session_set_store (session, store);
    }
}

GlintStore *
glint_client_get_store (GlintClient *self)
{
  return self->store;
}

/* A GListModel of GlintSession, one per account, in the order added. */
GListModel *
glint_client_get_sessions (GlintClient *self)
{
  return G_LIST_MODEL (self->sessions);
}

GlintSession *
glint_client_lookup_session (GlintClient *self,
                             const char  *account_jid)
{
  return account_jid ? g_hash_table_lookup (self->by_account, account_jid) : NULL;
}

/* The session of @account, made if there is none yet. */
GlintSession *
glint_client_add_account (GlintClient        *self,
                          const GlintAccount *account)
{
  GlintSession *session = glint_client_lookup_session (self, account->jid);
  g_autoptr(GlintSession) made = NULL;

  if (session != NULL)
    return session;
  made = glint_session_new (self->transport, self->store, account, self->config_path);
  g_hash_table_insert (self->by_account, g_strdup (account->jid), made);
  g_list_store_append (self->sessions, made);
  return made;
}

/* Logs the account out, and forgets its session once the transport has
 * dropped it. */
void
glint_client_remove_account (GlintClient *self,
                             const char  *account_jid)
{
  GlintSession *session = glint_client_lookup_session (self, account_jid);
  GlintCommand *cmd;
  guint pos;

  if (session == NULL)
    return;
  cmd = glint_command_new (GLINT_COMMAND_FORGET);
  cmd->account = g_strdup (account_jid);
  glint_transport_push (self->transport, cmd);
  if (g_list_store_find (self->sessions, session, &pos))
    {
      g_hash_table_remove (self->by_account, account_jid);
      g_list_store_remove (self->sessions, pos);
    }
}

/* Starts creating an account on @server (its jid: the domain); one at a
 * time per server: a new one cancels the one before. */
GlintRegistration *
glint_client_start_registration (GlintClient        *self,
                                 const GlintAccount *server)
{
  GlintRegistration *old = g_hash_table_lookup (self->registrations, server->jid);
  GlintRegistration *registration;

  if (old != NULL)
    {
      glint_registration_cancel (old);
      g_hash_table_remove (self->registrations, server->jid);
    }
  registration = glint_registration_new (self->transport, server);
  g_hash_table_insert (self->registrations, g_strdup (server->jid), g_object_ref (registration));
  glint_registration_start (registration);
  return registration;
}

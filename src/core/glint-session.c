/* glint-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-session"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "glint-command.h"
#include "glint-jid.h"
#include "glint-session-private.h"
#include "glint-text.h"


G_DEFINE_TYPE (GlintSession, glint_session, G_TYPE_OBJECT)

#define UNSAVED_RETRY_S 3

static void flush_unsaved (GlintSession *self);

enum {
  PROP_0,
  PROP_STATE,
  PROP_ERROR,
  PROP_OWN_SHOW,
  PROP_INVISIBLE_SUPPORTED,
  PROP_FEATURES_KNOWN,
  PROP_ROSTER_LOADED,
  PROP_ARCHIVE_SYNCING,
  PROP_ARCHIVE_FETCHED,
  N_PROPS
};

enum {
  MESSAGE_ADDED,
  MESSAGE_UPDATED,
  MESSAGE_CORRECTED,
  CONVERSATION_READ,
  MESSAGE_FAILED,
  CHAT_STATE,
  ATTENTION,
  LOGIN_DOWNGRADE,
  CERTIFICATE_REJECTED,
  SUBSCRIPTION_REQUEST,
  STORE_ERROR,
  OLDER_FETCHED,
  PASSWORD_CHANGED,
  REMOVED_FROM_SERVER,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
glint_session_dispose (GObject *object)
{
  GlintSession *self = GLINT_SESSION (object);

  g_clear_handle_id (&self->retry_id, g_source_remove);
  /* A last try before going. */
  if (self->store)
    flush_unsaved (self);
  g_clear_object (&self->transport);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (glint_session_parent_class)->dispose (object);
}

static void
glint_session_finalize (GObject *object)
{
  GlintSession *self = GLINT_SESSION (object);

  g_free (self->config_path);
  glint_account_free (self->account);
  g_free (self->password);
  g_free (self->new_password);
  g_object_unref (self->roster);
  glint_session_rooms_finalize (self);
  g_hash_table_unref (self->contacts);
  g_clear_pointer (&self->roster_seen, g_hash_table_unref);
  g_ptr_array_unref (self->unsaved);
  g_ptr_array_unref (self->batch);
  g_free (self->own_show);
  g_free (self->own_status);
  g_hash_table_unref (self->attention_shown);
  glint_session_archive_finalize (self);
  G_OBJECT_CLASS (glint_session_parent_class)->finalize (object);
}

static void
glint_session_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GlintSession *self = GLINT_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_ERROR:
      g_value_set_int (value, self->error);
      break;
    case PROP_OWN_SHOW:
      g_value_set_string (value, self->own_show);
      break;
    case PROP_INVISIBLE_SUPPORTED:
      g_value_set_boolean (value, self->invisible_supported);
      break;
    case PROP_FEATURES_KNOWN:
      g_value_set_boolean (value, self->features_known);
      break;
    case PROP_ROSTER_LOADED:
      g_value_set_boolean (value, self->roster_loaded);
      break;
    case PROP_ARCHIVE_SYNCING:
      g_value_set_boolean (value, self->archive_syncing);
      break;
    case PROP_ARCHIVE_FETCHED:
      g_value_set_uint (value, self->archive_fetched);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glint_session_class_init (GlintSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = glint_session_dispose;
  object_class->finalize = glint_session_finalize;
  object_class->get_property = glint_session_get_property;

  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, G_MAXINT, 0,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] = g_param_spec_int ("error", NULL, NULL, 0, G_MAXINT, 0,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OWN_SHOW] = g_param_spec_string ("own-show", NULL, NULL, NULL,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_INVISIBLE_SUPPORTED] = g_param_spec_boolean ("invisible-supported", NULL, NULL, FALSE,
                                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* This stream's server said what it offers (invisibility…). */
  properties[PROP_FEATURES_KNOWN] = g_param_spec_boolean ("features-known", NULL, NULL, FALSE,
                                                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROSTER_LOADED] = g_param_spec_boolean ("roster-loaded", NULL, NULL, FALSE,
                                                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* A catch-up with the server's archive runs, and how many new messages
   * it has brought so far. */
  properties[PROP_ARCHIVE_SYNCING] = g_param_spec_boolean ("archive-syncing", NULL, NULL, FALSE,
                                                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ARCHIVE_FETCHED] = g_param_spec_uint ("archive-fetched", NULL, NULL, 0, G_MAXUINT, 0,
                                                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (error): the server took the new password (error NULL), or why not,
   * in words. */
  signals[PASSWORD_CHANGED] = g_signal_new ("password-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* (error): NULL when the server removed the account (XEP-0077), else
   * why not, in words. */
  signals[REMOVED_FROM_SERVER] = g_signal_new ("removed-from-server", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                               G_TYPE_STRING);
  /* (peer, added, complete): older messages asked for with
   * glint_session_fetch_older are stored; complete: there are no more. */
  signals[OLDER_FETCHED] = g_signal_new ("older-fetched", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                         G_TYPE_STRING, G_TYPE_UINT, G_TYPE_BOOLEAN);

  /* A message stored (or, if the store failed, at least shown). */
  signals[MESSAGE_ADDED] = g_signal_new ("message-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, GLINT_TYPE_MESSAGE);
  signals[MESSAGE_UPDATED] = g_signal_new ("message-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT);
  /* (row id, new body): a message was corrected (XEP-0308) */
  signals[MESSAGE_CORRECTED] = g_signal_new ("message-corrected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);
  /* (bare jid): the user read this chat on another device (XEP-0333) */
  /* The user's rooms kept on the server changed (here or on another device). */
  g_signal_new ("bookmarks-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 0);
  /* (service, rooms, names, condition): a group chat service's public
   * rooms, or why it did not say (condition). */
  g_signal_new ("rooms-listed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRV, G_TYPE_STRV, G_TYPE_STRING);
  /* (room, inviter, reason, password): someone asks the user into a room. */
  g_signal_new ("invitation", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                G_TYPE_NONE, 4, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  signals[CONVERSATION_READ] = g_signal_new ("conversation-read", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[MESSAGE_FAILED] = g_signal_new ("message-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[CHAT_STATE] = g_signal_new ("chat-state", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /* (bare jid): a contact asks for the user's attention (XEP-0224) */
  signals[ATTENTION] = g_signal_new ("attention", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* (offered, known): the server offered only @offered (NULL: nothing Glint
   * speaks), weaker than @known before; the password was not sent */
  signals[LOGIN_DOWNGRADE] = g_signal_new ("login-downgrade", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[CERTIFICATE_REJECTED] = g_signal_new ("certificate-rejected", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 1, GLINT_TYPE_CERT_INFO);
  signals[SUBSCRIPTION_REQUEST] = g_signal_new ("subscription-request", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[STORE_ERROR] = g_signal_new ("store-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
glint_session_init (GlintSession *self)
{
  self->roster = g_list_store_new (GLINT_TYPE_CONTACT);
  glint_session_rooms_init (self);
  self->contacts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->unsaved = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_message_free);
  self->batch = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_message_free);
  self->attention_shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->allow_attention = TRUE;
  self->now_us = g_get_monotonic_time;
  glint_session_archive_init (self);
}

void
glint_session_notify_archive (GlintSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVE_SYNCING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARCHIVE_FETCHED]);
}

void
glint_session_push (GlintSession *self,
      GlintCommand *cmd)
{
  cmd->account = g_strdup (self->account->jid);
  glint_transport_push (self->transport, cmd);
}

/* Tries again to store what the store refused before (a full disk, say). */
static void
flush_unsaved (GlintSession *self)
{
  while (self->unsaved->len > 0)
    {
      GlintMessage *msg = self->unsaved->pdata[0];
      if (!glint_store_insert_message (self->store, msg, NULL, NULL))
        return;
      /* In a slice, it is saved only once the slice commits. */
      if (self->in_batch)
        g_ptr_array_add (self->batch, g_ptr_array_steal_index (self->unsaved, 0));
      else
        g_ptr_array_remove_index (self->unsaved, 0);
    }
}

/* While some messages could not be saved, try again every few seconds,
 * not only when the next one arrives: room may come back in silence. */
static gboolean
retry_unsaved (gpointer data)
{
  GlintSession *self = data;

  flush_unsaved (self);
  if (self->unsaved->len > 0)
    return G_SOURCE_CONTINUE;
  self->retry_id = 0;
  return G_SOURCE_REMOVE;
}

static void
keep_unsaved (GlintSession *self,
              GlintMessage *msg)
{
  g_ptr_array_add (self->unsaved, msg);
  if (self->retry_id == 0)
    self->retry_id = g_timeout_add_seconds (UNSAVED_RETRY_S, retry_unsaved, self);
}

gboolean
glint_session_store_message (GlintSession *self,
                             GlintMessage *msg,
                             gboolean     *duplicate)
{
  g_autoptr(GError) error = NULL;

  flush_unsaved (self);
  if (glint_store_insert_message (self->store, msg, duplicate, &error))
    {
      if (self->in_batch && (duplicate == NULL || !*duplicate))
        g_ptr_array_add (self->batch, glint_message_copy (msg));
      return TRUE;
    }
  /* Not a warning: the user is told through store-error, and nothing is lost. */
  g_message ("%s", error->message);
  keep_unsaved (self, glint_message_copy (msg));
  g_signal_emit (self, signals[STORE_ERROR], 0, error->message);
  return FALSE;
}

void
glint_session_send_stored (GlintSession       *self,
             const GlintMessage *msg)
{
  GlintCommand *cmd = glint_command_new (GLINT_COMMAND_SEND_MESSAGE);

  cmd->jid = g_strdup (msg->peer);
  cmd->body = g_strdup (msg->body);
  cmd->xmpp_id = g_strdup (msg->origin_id);
  cmd->message_id = msg->id;
  cmd->kind = msg->kind;
  glint_session_push (self, cmd);
}

/* The outbox: everything written while offline leaves once we are online. */
static void
flush_outbox (GlintSession *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pending = glint_store_pending (self->store, self->account->jid, &error);

  if (pending == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }
  /* What is for a room waits for the room to let us in. */
  for (guint i = 0; i < pending->len; i++)
    if (((GlintMessage *) pending->pdata[i])->kind == GLINT_CONVERSATION_CHAT)
      glint_session_send_stored (self, pending->pdata[i]);
}

static void
set_state (GlintSession         *self,
           GlintConnectionState  state,
           GlintConnectionError  error)
{
  if (state != self->state || state != GLINT_CONNECTION_CONNECTED)
    glint_session_archive_reset (self);
  /* An answer that did not come will not. */
  if (state != GLINT_CONNECTION_CONNECTED && self->new_password != NULL)
    glint_session_password_answered (self, "connection-lost");
  if (state != GLINT_CONNECTION_CONNECTED && self->removing)
    glint_session_removal_answered (self, "connection-lost", NULL);
  self->state = state;
  self->error = error;
  if (state != GLINT_CONNECTION_CONNECTED)
    {
      self->presence_sent = FALSE;
      self->features_known = FALSE;
      glint_session_rooms_disconnected (self);
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->contacts);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        glint_contact_clear_presence (value);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
push_connect (GlintSession *self)
{
  GlintCommand *cmd = glint_command_new (GLINT_COMMAND_CONNECT);

  cmd->settings = glint_account_copy (self->account);
  cmd->password = g_strdup (self->password);
  self->logged_out = FALSE;
  glint_session_push (self, cmd);
}

/* A resource conflict means another client took ours: pick a new one and
 * come back, a few times, rather than fight over it. */
static gboolean
recover_from_conflict (GlintSession *self,
                       GlintEvent   *event)
{
  g_autoptr(GError) error = NULL;

  if (event->state != GLINT_CONNECTION_FAILED || event->error != GLINT_ERROR_CONFLICT
      || self->conflicts >= 3 || self->logged_out)
    return FALSE;
  self->conflicts++;
  g_free (self->account->resource);
  self->account->resource = glint_account_new_resource ();
  g_debug ("Resource conflict; reconnecting as %s", self->account->resource);
  if (self->config_path && !glint_account_save_earned (self->account, self->config_path, &error))
    g_signal_emit (self, signals[STORE_ERROR], 0, error->message);
  push_connect (self);
  return TRUE;
}

/* The strongest login mechanism a server of this account offered is
 * remembered: a later one that offers only weaker ones is refused. */
static void
remember_mechanism (GlintSession *self,
                    const char   *mechanism)
{
  g_autoptr(GError) error = NULL;

  if (glint_sasl_rank (mechanism) <= glint_sasl_rank (self->account->sasl_mechanism))
    return;
  g_free (self->account->sasl_mechanism);
  self->account->sasl_mechanism = g_strdup (mechanism);
  if (self->config_path && !glint_account_save_earned (self->account, self->config_path, &error))
    g_warning ("Could not save the account: %s", error->message);
}

void
glint_session_handle_event (GlintSession *self,
                            GlintEvent   *event)
{
  g_return_if_fail (g_strcmp0 (event->account, self->account->jid) == 0);

  switch (event->type)
    {
    case GLINT_EVENT_CONNECTION:
      if (recover_from_conflict (self, event))
        break;
      if (event->state == GLINT_CONNECTION_CONNECTED)
        {
          g_clear_pointer (&self->roster_seen, g_hash_table_unref);
          self->roster_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          remember_mechanism (self, event->mechanism);
        }
      self->retry_at_us = event->retry_at_us;
      set_state (self, event->state, event->error);
      if (event->error == GLINT_ERROR_SASL_DOWNGRADE)
        g_signal_emit (self, signals[LOGIN_DOWNGRADE], 0, event->mechanism, self->account->sasl_mechanism);
      if (event->state == GLINT_CONNECTION_CONNECTED)
        {
          flush_outbox (self);
          glint_session_rooms_connected (self);
        }
      break;

    case GLINT_EVENT_OCCUPANT:
    case GLINT_EVENT_ROOM_SUBJECT:
    case GLINT_EVENT_ROOM_ERROR:
    case GLINT_EVENT_INVITATION:
    case GLINT_EVENT_ROOM_LIST:
    case GLINT_EVENT_ROOM_LOST:
      glint_session_apply_room_event (self, event);
      break;

    case GLINT_EVENT_ROOM_FEATURES:
      glint_session_room_features (self, event);
      break;

    case GLINT_EVENT_BOOKMARK:
    case GLINT_EVENT_BOOKMARKS_LOADED:
      glint_session_apply_bookmark (self, event);
      break;

    case GLINT_EVENT_CERTIFICATE:
      g_signal_emit (self, signals[CERTIFICATE_REJECTED], 0, event->cert);
      break;

    case GLINT_EVENT_ROSTER_ITEM:
      glint_session_apply_roster_item (self, event);
      break;

    case GLINT_EVENT_ROSTER_LOADED:
      glint_session_finish_roster (self);
      break;

    case GLINT_EVENT_PRESENCE:
      glint_session_apply_presence (self, event);
      break;

    case GLINT_EVENT_SUBSCRIPTION:
      if (g_strcmp0 (event->subscription, "subscribe") == 0)
        {
          GlintContact *contact = g_hash_table_lookup (self->contacts, event->jid);
          const char *sub = contact ? glint_contact_get_subscription (contact) : "none";

          /* Someone we already let see us asks again: say yes without asking. */
          if (g_strcmp0 (sub, "from") == 0 || g_strcmp0 (sub, "both") == 0)
            glint_session_answer_subscription (self, event->jid, TRUE);
          else
            g_signal_emit (self, signals[SUBSCRIPTION_REQUEST], 0, event->jid);
        }
      break;

    case GLINT_EVENT_MESSAGE:
      glint_session_receive_message (self, event);
      break;

    case GLINT_EVENT_DISPLAYED:
      /* Read on another device: this chat is read here too. */
      if (event->ours)
        {
          g_autofree char *bare = glint_jid_normalize_bare (event->jid);

          if (bare != NULL)
            g_signal_emit (self, signals[CONVERSATION_READ], 0, bare);
        }
      else
        glint_session_peer_marked (self, event->jid, event->xmpp_id, GLINT_MESSAGE_DISPLAYED);
      break;

    case GLINT_EVENT_RECEIPT:
      glint_session_peer_marked (self, event->jid, event->xmpp_id, GLINT_MESSAGE_DELIVERED);
      break;

    case GLINT_EVENT_MESSAGE_SENT:
      if (event->message_id > 0 && glint_store_mark_sent (self->store, event->message_id, NULL))
        g_signal_emit (self, signals[MESSAGE_UPDATED], 0, event->message_id, GLINT_MESSAGE_SENT);
      break;

    case GLINT_EVENT_MESSAGE_ERROR:
      if (event->jid && event->xmpp_id)
        {
          gint64 id = glint_store_set_state_by_xmpp_id (self->store, self->account->jid, event->jid,
                                                        event->xmpp_id, GLINT_MESSAGE_FAILED, NULL);
          if (id > 0)
            g_signal_emit (self, signals[MESSAGE_UPDATED], 0, id, GLINT_MESSAGE_FAILED);
        }
      if (event->jid)
        g_signal_emit (self, signals[MESSAGE_FAILED], 0, event->jid, event->text);
      break;

    case GLINT_EVENT_CHAT_STATE:
      {
        g_autofree char *bare = glint_jid_normalize_bare (event->jid);
        g_signal_emit (self, signals[CHAT_STATE], 0, bare, event->show);
      }
      break;

    case GLINT_EVENT_ATTENTION:
      {
        g_autofree char *bare = glint_jid_normalize_bare (event->jid);

        if (bare != NULL && glint_session_wants_attention (self, bare))
          g_signal_emit (self, signals[ATTENTION], 0, bare);
      }
      break;

    case GLINT_EVENT_FEATURES:
      self->invisible_supported = event->invisible_supported;
      self->stream_management = event->stream_management;
      self->features_known = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INVISIBLE_SUPPORTED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEATURES_KNOWN]);
      glint_session_archive_features (self, event->archive_known, event->archive_supported);
      break;

    case GLINT_EVENT_ARCHIVE_PAGE:
      if (event->jid != NULL)
        glint_session_room_archive_page (self, event);
      else
        glint_session_archive_page (self, event);
      break;

    case GLINT_EVENT_PASSWORD_CHANGED:
      glint_session_password_answered (self, event->text);
      break;

    case GLINT_EVENT_ACCOUNT_REMOVED:
      glint_session_removal_answered (self, event->condition, event->text);
      break;

    case GLINT_EVENT_LAST_ACTIVITY:
      {
        GlintContact *contact = glint_session_lookup_contact (self, event->jid);

        /* Back online meanwhile: its presence says more. */
        if (contact && glint_contact_get_presence (contact) == GLINT_PRESENCE_OFFLINE)
          glint_contact_set_last_activity (contact, event->seconds, event->text, g_get_real_time () / 1000);
      }
      break;

    case GLINT_EVENT_REGISTRATION_FORM:
    case GLINT_EVENT_REGISTRATION_DONE:
      break;

    case GLINT_EVENT_OWN_PRESENCE:
      self->presence_sent = TRUE;
      g_free (self->own_show);
      self->own_show = g_strdup (event->show);
      g_free (self->own_status);
      self->own_status = g_strdup (event->text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OWN_SHOW]);
      break;
    }
}

/* The live session of @account, which talks through @transport and keeps
 * its history in @store. @config_path: where the account is saved (pinned
 * certificates, a new resource); NULL keeps it in memory only. */
GlintSession *
glint_session_new (GlintTransport     *transport,
                   GlintStore         *store,
                   const GlintAccount *account,
                   const char         *config_path)
{
  GlintSession *self;

  g_return_val_if_fail (GLINT_IS_TRANSPORT (transport), NULL);
  g_return_val_if_fail (account != NULL && account->jid != NULL, NULL);

  self = g_object_new (GLINT_TYPE_SESSION, NULL);
  self->transport = g_object_ref (transport);
  self->store = g_object_ref (store);
  self->account = glint_account_copy (account);
  self->config_path = g_strdup (config_path);
  return self;
}

/* The event pipe's consumer brackets each slice with these: what the slice
 * stored is kept until the slice's transaction commits, and if it cannot,
 * it goes back to the messages still to be saved. */
void
glint_session_begin_batch (GlintSession *self)
{
  self->in_batch = TRUE;
}

void
glint_session_end_batch (GlintSession *self,
                         const char   *failure)
{
  self->in_batch = FALSE;
  if (failure != NULL && self->batch->len > 0)
    {
      for (guint i = 0; i < self->batch->len; i++)
        {
          GlintMessage *msg = g_steal_pointer (&self->batch->pdata[i]);

          msg->id = 0;
          keep_unsaved (self, msg);
        }
      g_signal_emit (self, signals[STORE_ERROR], 0, failure);
    }
  g_ptr_array_set_size (self->batch, 0);
}

GlintStore *
glint_session_get_store (GlintSession *self)
{
  return self->store;
}

void
glint_session_set_store (GlintSession *self,
                         GlintStore   *store)
{
  g_set_object (&self->store, store);
}

GListModel *
glint_session_get_roster (GlintSession *self)
{
  return G_LIST_MODEL (self->roster);
}

GlintContact *
glint_session_lookup_contact (GlintSession *self,
                              const char   *jid)
{
  return g_hash_table_lookup (self->contacts, jid);
}

const GlintAccount *
glint_session_get_account (GlintSession *self)
{
  return self->account;
}

const char *
glint_session_get_account_jid (GlintSession *self)
{
  return self->account->jid;
}

GlintConnectionState
glint_session_get_state (GlintSession *self)
{
  return self->state;
}

GlintConnectionError
glint_session_get_error (GlintSession *self)
{
  return self->error;
}

/* While waiting to reconnect, when the next attempt is due on its own
 * (g_get_monotonic_time()'s clock); otherwise 0. */
gint64
glint_session_get_retry_at (GlintSession *self)
{
  return self->state == GLINT_CONNECTION_WAITING ? self->retry_at_us : 0;
}

/* Whether this stream has sent our presence: others can reach us. */
gboolean
glint_session_get_presence_sent (GlintSession *self)
{
  return self->presence_sent;
}

const char *
glint_session_get_own_show (GlintSession *self)
{
  return self->own_show;
}

gboolean
glint_session_get_features_known (GlintSession *self)
{
  return self->features_known;
}

gboolean
glint_session_get_invisible_supported (GlintSession *self)
{
  return self->invisible_supported;
}

/* Whether the current stream runs with XEP-0198 stream management. */
gboolean
glint_session_get_stream_management (GlintSession *self)
{
  return self->stream_management;
}

gboolean
glint_session_get_roster_loaded (GlintSession *self)
{
  return self->roster_loaded;
}

/* Connects with @account's settings, which may have changed since the
 * session was made (a pinned certificate, another server), but not its
 * address. */
void
glint_session_login (GlintSession       *self,
                     const GlintAccount *account,
                     const char         *password)
{
  g_return_if_fail (GLINT_IS_SESSION (self));
  g_return_if_fail (account != NULL && g_strcmp0 (account->jid, self->account->jid) == 0);

  glint_account_free (self->account);
  self->account = glint_account_copy (account);
  g_free (self->password);
  self->password = g_strdup (password);
  self->conflicts = 0;
  push_connect (self);
}

void
glint_session_logout (GlintSession *self)
{
  self->logged_out = TRUE;
  glint_session_push (self, glint_command_new (GLINT_COMMAND_DISCONNECT));
}

/* What the account tells others (its software version, its idle time)
 * changed: the live stream announces it at once. */
void
glint_session_set_sharing (GlintSession *self,
                           gboolean      share_version,
                           gboolean      share_idle)
{
  GlintCommand *cmd = glint_command_new (GLINT_COMMAND_SHARING);

  self->account->share_version = share_version;
  self->account->share_idle = share_idle;
  cmd->settings = glint_account_copy (self->account);
  glint_session_push (self, cmd);
}

/* The user was told that the server now offers only @mechanism, weaker
 * than before, and logs in anyway: that is remembered as the strongest,
 * and the session connects again. */
void
glint_session_accept_mechanism (GlintSession *self,
                                const char   *mechanism)
{
  g_autoptr(GError) error = NULL;

  g_free (self->account->sasl_mechanism);
  self->account->sasl_mechanism = g_strdup (mechanism);
  if (self->config_path && !glint_account_save_earned (self->account, self->config_path, &error))
    g_warning ("Could not save the account: %s", error->message);
  self->conflicts = 0;
  push_connect (self);
}

/* The user looked at the certificate and trusts it: pin it for this
 * account, save that, and connect again. */
void
glint_session_trust_certificate (GlintSession *self,
                                 const char   *fingerprint)
{
  g_autoptr(GError) error = NULL;

  glint_account_add_pin (self->account, fingerprint);
  if (self->config_path && !glint_account_save_earned (self->account, self->config_path, &error))
    g_signal_emit (self, signals[STORE_ERROR], 0, error->message);
  push_connect (self);
}

/* The user no longer trusts a certificate pinned earlier: the next
 * connection to a server showing it asks again. */
void
glint_session_revoke_certificate (GlintSession *self,
                                  const char   *fingerprint)
{
  g_autoptr(GError) error = NULL;

  if (glint_account_remove_pin (self->account, fingerprint)
      && self->config_path && !glint_account_save_earned (self->account, self->config_path, &error))
    g_signal_emit (self, signals[STORE_ERROR], 0, error->message);
}

void
glint_session_network_changed (GlintSession *self,
                               gboolean      available)
{
  GlintCommand *cmd = glint_command_new (GLINT_COMMAND_NETWORK_CHANGED);

  cmd->available = available;
  glint_session_push (self, cmd);
}

/* Writes the message to the store first, then hands it to the worker; it
 * is marked sent when it has left. Returns the stored message. */
GlintMessage *
glint_session_send_message (GlintSession  *self,
                            const char    *peer,
                            const char    *body,
                            GError       **error)
{
  g_autoptr(GlintMessage) msg = NULL;
  GlintConversationKind kind = glint_session_conversation_kind (self, peer);
  g_autofree char *bare = glint_jid_normalize_bare (peer);
  g_autofree char *clean = glint_text_sanitize_nonempty (body, GLINT_MAX_BODY_BYTES, TRUE);

  if (bare == NULL || !glint_jid_is_valid_bare (bare))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("“%s” is not a valid address."), peer);
      return NULL;
    }
  if (clean == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("The message is empty."));
      return NULL;
    }

  msg = glint_message_new ();
  msg->account = g_strdup (self->account->jid);
  /* An occupant is room/nick, as the room spells the nick. */
  msg->peer = kind == GLINT_CONVERSATION_PRIVATE ? g_strdup (peer) : g_steal_pointer (&bare);
  msg->kind = kind;
  msg->sender = g_strdup (self->account->jid);
  msg->direction = GLINT_DIRECTION_OUT;
  msg->time_ms = g_get_real_time () / 1000;
  msg->body = g_steal_pointer (&clean);
  msg->origin_id = g_uuid_string_random ();
  msg->xmpp_id = g_strdup (msg->origin_id);
  msg->state = GLINT_MESSAGE_PENDING;

  if (!glint_session_store_message (self, msg, NULL))
    {
      /* Kept in memory and retried; still send it so nothing is lost. */
      g_set_error_literal (error, GLINT_STORE_ERROR, GLINT_STORE_ERROR_FAILED,
                           _("The message could not be saved to the history."));
    }
  if (kind == GLINT_CONVERSATION_GROUPCHAT)
    msg->occupant_nick = g_strdup (glint_room_get_nick (glint_session_lookup_room (self, msg->peer)));
  g_signal_emit (self, signals[MESSAGE_ADDED], 0, msg);
  if (self->state == GLINT_CONNECTION_CONNECTED && glint_session_room_ready (self, msg))
    glint_session_send_stored (self, msg);
  return g_steal_pointer (&msg);
}

void
glint_session_send_chat_state (GlintSession *self,
                               const char   *peer,
                               const char   *state)
{
  GlintCommand *cmd;

  /* Typing is told to contacts, not to rooms. */
  if (self->state != GLINT_CONNECTION_CONNECTED
      || glint_session_conversation_kind (self, peer) != GLINT_CONVERSATION_CHAT)
    return;
  cmd = glint_command_new (GLINT_COMMAND_CHAT_STATE);
  cmd->jid = g_strdup (peer);
  cmd->state = g_strdup (state);
  glint_session_push (self, cmd);
}

/* @show: NULL or "" for online, "away", "xa", "dnd" or "invisible".
 * Returns FALSE, and sends nothing, for "invisible" on a server that has
 * no invisibility (XEP-0186). */
gboolean
glint_session_set_presence (GlintSession  *self,
                            const char    *show,
                            const char    *status,
                            GError       **error)
{
  return glint_session_set_idle_presence (self, show, status, 0, error);
}

/* The same, saying that the user has been idle since @idle_since_ms
 * (XEP-0319; 0: not idle). */
gboolean
glint_session_set_idle_presence (GlintSession  *self,
                                 const char    *show,
                                 const char    *status,
                                 gint64         idle_since_ms,
                                 GError       **error)
{
  GlintCommand *cmd;

  /* Invisible where the server cannot hide us would show us: refuse. */
  if (g_strcmp0 (show, "invisible") == 0 && !self->invisible_supported)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The server of %s does not support being invisible, so your status was not changed."),
                   self->account->jid);
      return FALSE;
    }
  cmd = glint_command_new (GLINT_COMMAND_SET_PRESENCE);
  cmd->show = show && *show ? g_strdup (show) : NULL;
  cmd->status = glint_text_sanitize_nonempty (status, GLINT_MAX_STATUS_BYTES, FALSE);
  cmd->idle_since_ms = idle_since_ms;
  glint_session_push (self, cmd);
  return TRUE;
}

/* How often one contact's server may be asked when it was last online. */
#define LAST_ACTIVITY_INTERVAL_US (10 * 60 * G_USEC_PER_SEC)

/* Asks when the offline contact @jid was last online (XEP-0012), at most
 * every ten minutes; the answer comes as the contact's "last-seen". */
void
glint_session_ask_last_activity (GlintSession *self,
                                 const char   *jid)
{
  GlintContact *contact = glint_session_lookup_contact (self, jid);
  GlintCommand *cmd;

  if (contact == NULL || self->state != GLINT_CONNECTION_CONNECTED
      || !glint_contact_take_last_activity_turn (contact, g_get_monotonic_time (), LAST_ACTIVITY_INTERVAL_US))
    return;
  cmd = glint_command_new (GLINT_COMMAND_LAST_ACTIVITY);
  cmd->jid = g_strdup (glint_contact_get_jid (contact));
  glint_session_push (self, cmd);
}

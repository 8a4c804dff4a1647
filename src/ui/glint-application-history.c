/* glint-application-history.c: what the user says about history — saving
 * it or not, how long it is kept, and clearing it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-history"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-accessible.h"
#include "glint-application-private.h"

/* Retention is checked at start, when the setting changes, and hourly. */
#define PRUNE_INTERVAL_S (60 * 60)

static const gint64 retention_days[] = { 0, 365, 90, 30 };

typedef struct
{
  GlintApplication *app;
  char             *account;
  char             *peer;
} DeleteRequest;

static void
delete_request_free (DeleteRequest *request)
{
  g_object_unref (request->app);
  g_free (request->account);
  g_free (request->peer);
  g_free (request);
}

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  DeleteRequest *request = data;
  GlintApplication *self = request->app;
  g_autoptr(GError) error = NULL;
  gint64 deleted = glint_store_delete_finish (GLINT_STORE (source), result, &error);

  if (deleted < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *text = g_strdup_printf (_("The history could not be deleted: %s"), error->message);
          glint_application_show_error (self, text);
        }
    }
  else
    {
      g_debug ("%" G_GINT64_FORMAT " messages deleted", deleted);
      if (self->chat_window && deleted > 0)
        glint_chat_window_reload_history (self->chat_window, request->account, request->peer);
    }
  delete_request_free (request);
}

static void
delete_from (GlintApplication *self,
             GlintStore       *store,
             const char       *account,
             const char       *peer,
             gint64            before_ms)
{
  DeleteRequest *request = g_new0 (DeleteRequest, 1);

  request->app = g_object_ref (self);
  request->account = g_strdup (account);
  request->peer = g_strdup (peer);
  glint_store_delete_async (store, account, peer, before_ms, self->history_cancellable, deleted_cb, request);
}

static void
delete_before (GlintApplication *self,
               const char       *account,
               const char       *peer,
               gint64            before_ms)
{
  if (self->store)
    delete_from (self, self->store, account, peer, before_ms);
  /* What was never saved goes too. */
  if (self->memory_store)
    delete_from (self, self->memory_store, account, peer, before_ms);
}

/* Deletes the history with @peer of @account, or (both NULL) all of it,
 * without asking: the caller has asked. */
void
glint_application_delete_history (GlintApplication *self,
                                  const char       *account,
                                  const char       *peer)
{
  delete_before (self, account, peer, G_MAXINT64);
}

static gboolean
prune (gpointer data)
{
  GlintApplication *self = data;
  guint retention = g_settings_get_enum (self->settings, "history-retention");
  gint64 days = retention < G_N_ELEMENTS (retention_days) ? retention_days[retention] : 0;

  if (days > 0)
    delete_before (self, NULL, NULL, g_get_real_time () / 1000 - days * 24 * 60 * 60 * 1000);
  return G_SOURCE_CONTINUE;
}

static void
use_store (GlintApplication *self)
{
  gboolean save = g_settings_get_boolean (self->settings, "save-history");
  g_autoptr(GError) error = NULL;

  if (self->client == NULL)
    return;
  if (!save && self->memory_store == NULL)
    {
      self->memory_store = glint_store_new (":memory:", &error);
      if (self->memory_store == NULL)
        {
          glint_application_show_error (self, error->message);
          return;
        }
    }
  if (glint_client_get_store (self->client) == (save ? self->store : self->memory_store))
    return;
  glint_client_set_store (self->client, save ? self->store : self->memory_store);
  /* The history window searched the other store. */
  if (self->history_window)
    gtk_window_destroy (GTK_WINDOW (self->history_window));
  if (self->chat_window)
    glint_chat_window_reload_history (self->chat_window, NULL, NULL);
}

static void
on_clear_answer (AdwMessageDialog *dialog,
                 const char       *response,
                 GlintApplication *self)
{
  const char *account = g_object_get_data (G_OBJECT (dialog), "account");
  const char *peer = g_object_get_data (G_OBJECT (dialog), "peer");

  if (g_str_equal (response, "clear"))
    glint_application_delete_history (self, account, peer);
}

static void
ask_to_clear (GlintApplication *self,
              const char       *account,
              const char       *peer)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *heading = peer ? g_strdup_printf (_("Clear the history with %s?"), peer)
                                  : g_strdup (_("Clear all history?"));
  const char *body = peer ? _("Every saved message of this conversation is deleted from this computer. "
                              "Messages waiting to be sent are kept.")
                          : _("Every saved message of every account is deleted from this computer. "
                              "Messages waiting to be sent are kept.");
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "clear", _("C_lear History"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "clear", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "account", g_strdup (account), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "peer", g_strdup (peer), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_clear_answer), self);
  glint_accessible_name_dialog (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* (account, peer) */
static void
clear_history_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       data)
{
  const char *account, *peer;

  g_variant_get (param, "(&s&s)", &account, &peer);
  ask_to_clear (data, account, peer);
}

static void
clear_all_history_action (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       data)
{
  ask_to_clear (data, NULL, NULL);
}

static GStrv
account_jids (GlintApplication *self)
{
  GListModel *sessions = glint_client_get_sessions (self->client);
  g_autoptr(GStrvBuilder) jids = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (sessions); i++)
    {
      g_autoptr(GlintSession) session = g_list_model_get_item (sessions, i);

      g_strv_builder_add (jids, glint_session_get_account (session)->jid);
    }
  return g_strv_builder_end (jids);
}

/* The history window, opened once and presented after. */
static GlintHistoryWindow *
ensure_history_window (GlintApplication *self)
{
  g_auto(GStrv) accounts = NULL;

  if (self->history_window)
    return self->history_window;
  if (self->client == NULL || glint_client_get_store (self->client) == NULL)
    {
      glint_application_show_error (self, _("The history is not open yet."));
      return NULL;
    }
  accounts = account_jids (self);
  self->history_window = glint_history_window_new (GTK_APPLICATION (self), glint_client_get_store (self->client),
                                                   (const char * const *) accounts);
  g_object_add_weak_pointer (G_OBJECT (self->history_window), (gpointer *) &self->history_window);
  return self->history_window;
}

static void
history_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       data)
{
  GlintHistoryWindow *window = ensure_history_window (data);

  if (window)
    gtk_window_present (GTK_WINDOW (window));
}

/* (account, peer): the history window, searching one conversation */
static void
history_of_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       data)
{
  GlintHistoryWindow *window = ensure_history_window (data);
  const char *account, *peer;

  if (window == NULL)
    return;
  g_variant_get (param, "(&s&s)", &account, &peer);
  glint_history_window_choose_peer (window, account, peer);
  gtk_window_present (GTK_WINDOW (window));
}

/* (account, peer, time_ms, id): the conversation, at that message */
static void
open_message_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       data)
{
  GlintApplication *self = data;
  const char *account, *peer;
  gint64 time_ms, id;

  g_variant_get (param, "(&s&sxx)", &account, &peer, &time_ms, &id);
  if (glint_application_lookup_session (self, account) == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("There is no account %s."), account);

      glint_application_show_error (self, text);
      return;
    }
  glint_chat_window_show_message (glint_application_ensure_chat_window (self), account, peer, time_ms, id);
}

typedef struct
{
  GlintApplication *app;
  GFile            *file;
} ExportRequest;

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  ExportRequest *request = data;
  GlintApplication *self = request->app;
  g_autoptr(GError) error = NULL;
  gint64 written = glint_store_export_finish (GLINT_STORE (source), result, &error);
  g_autofree char *name = g_file_get_parse_name (request->file);

  if (written < 0)
    {
      g_autofree char *text = g_strdup_printf (_("The conversation could not be exported to %s: %s"), name,
                                               error->message);

      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        glint_application_show_error (self, text);
    }
  else if (self->history_window)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%d message exported to %s",
                                                         "%d messages exported to %s", (int) written),
                                               (int) written, name);

      glint_history_window_say (self->history_window, text);
    }
  g_object_unref (request->app);
  g_object_unref (request->file);
  g_free (request);
}

/* (account, peer, format, uri): format "text" or "html" */
static void
export_history_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       data)
{
  GlintApplication *self = data;
  const char *account, *peer, *format, *uri;
  ExportRequest *request;

  g_variant_get (param, "(&s&s&s&s)", &account, &peer, &format, &uri);
  if (self->client == NULL || glint_client_get_store (self->client) == NULL)
    {
      glint_application_show_error (self, _("The history is not open yet."));
      return;
    }
  if (!g_str_equal (format, "text") && !g_str_equal (format, "html"))
    {
      g_autofree char *text = g_strdup_printf (_("“%s” is not a format Glint exports: use text or html."), format);

      glint_application_show_error (self, text);
      return;
    }
  request = g_new0 (ExportRequest, 1);
  request->app = g_object_ref (self);
  request->file = g_file_new_for_commandline_arg (uri);
  glint_store_export_async (glint_client_get_store (self->client), account, peer,
                            g_str_equal (format, "html") ? GLINT_EXPORT_HTML : GLINT_EXPORT_TEXT,
                            request->file, self->history_cancellable, exported_cb, request);
}

static const GActionEntry history_actions[] = {
  { "clear-history", clear_history_action, "(ss)" },
  { "clear-all-history", clear_all_history_action },
  { "history", history_action },
  { "history-of", history_of_action, "(ss)" },
  { "open-message", open_message_action, "(ssxx)" },
  { "export-history", export_history_action, "(ssss)" },
};

void
glint_application_history_init (GlintApplication *self)
{
  self->history_cancellable = g_cancellable_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self), history_actions, G_N_ELEMENTS (history_actions), self);
  g_signal_connect_object (self->settings, "changed::save-history", G_CALLBACK (use_store), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::history-retention", G_CALLBACK (prune), self,
                           G_CONNECT_SWAPPED);
}

/* The store is open: write where the user wants, and keep no more than
 * they want kept. */
void
glint_application_history_ready (GlintApplication *self)
{
  use_store (self);
  prune (self);
  self->prune_timeout = g_timeout_add_seconds (PRUNE_INTERVAL_S, prune, self);
}

void
glint_application_history_shutdown (GlintApplication *self)
{
  g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);
  g_clear_handle_id (&self->prune_timeout, g_source_remove);
  g_clear_object (&self->memory_store);
  if (self->history_window)
    gtk_window_destroy (GTK_WINDOW (self->history_window));
}

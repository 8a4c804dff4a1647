/* glint-secrets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-secrets"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "glint-secrets.h"

static const SecretSchema *
schema (void)
{
  static const SecretSchema s = {
    "io.github.glintim.Glint.Account", SECRET_SCHEMA_NONE,
    {
      { "jid", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };
  return &s;
}

static char *
label_for (const char *jid)
{
  return g_strdup_printf (_("Glint password for %s"), jid);
}

gboolean
glint_secrets_store_sync (const char  *jid,
                          const char  *password,
                          GError     **error)
{
  g_autofree char *label = label_for (jid);

  return secret_password_store_sync (schema (), SECRET_COLLECTION_DEFAULT, label, password,
                                     NULL, error, "jid", jid, NULL);
}

static void
stored_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
glint_secrets_store (const char          *jid,
                     const char          *password,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *label = label_for (jid);

  secret_password_store (schema (), SECRET_COLLECTION_DEFAULT, label, password, cancellable,
                         stored_cb, task, "jid", jid, NULL);
}

gboolean
glint_secrets_store_finish (GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
looked_up_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);

  if (error)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_strdup (secret), g_free);
  secret_password_free (secret);
}

void
glint_secrets_lookup (const char          *jid,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  secret_password_lookup (schema (), cancellable, looked_up_cb, task, "jid", jid, NULL);
}

char *
glint_secrets_lookup_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Removes a saved password, without waiting for the Secret Service. */
void
glint_secrets_forget (const char *jid)
{
  secret_password_clear (schema (), NULL, NULL, NULL, "jid", jid, NULL);
}

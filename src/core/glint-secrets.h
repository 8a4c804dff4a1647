/* glint-secrets.h: account passwords in the Secret Service, never in a file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean  glint_secrets_store_sync   (const char           *jid,
                                      const char           *password,
                                      GError              **error);
void      glint_secrets_store        (const char           *jid,
                                      const char           *password,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean  glint_secrets_store_finish (GAsyncResult         *result,
                                      GError              **error);
void      glint_secrets_lookup       (const char           *jid,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
char     *glint_secrets_lookup_finish (GAsyncResult        *result,
                                       GError             **error);
void      glint_secrets_forget       (const char           *jid);

G_END_DECLS

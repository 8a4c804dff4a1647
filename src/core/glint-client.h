/* glint-client.h: every account's session over one transport and one store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "glint-registration.h"
#include "glint-session.h"

G_BEGIN_DECLS

#define GLINT_TYPE_CLIENT (glint_client_get_type ())

G_DECLARE_FINAL_TYPE (GlintClient, glint_client, GLINT, CLIENT, GObject)

GlintClient    *glint_client_new            (GlintTransport     *transport,
                                             GlintStore         *store,
                                             const char         *config_path);
void            glint_client_set_store      (GlintClient        *self,
                                             GlintStore         *store);
GlintStore     *glint_client_get_store      (GlintClient        *self);
GListModel     *glint_client_get_sessions   (GlintClient        *self);
GlintSession   *glint_client_add_account    (GlintClient        *self,
                                             const GlintAccount *account);
GlintSession   *glint_client_lookup_session (GlintClient        *self,
                                             const char         *account_jid);
GlintRegistration *glint_client_start_registration (GlintClient        *self,
                                                    const GlintAccount *server);
void            glint_client_remove_account (GlintClient        *self,
                                             const char         *account_jid);

G_END_DECLS

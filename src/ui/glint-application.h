/* glint-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "glint-account.h"
#include "glint-client.h"

G_BEGIN_DECLS

#define GLINT_TYPE_APPLICATION (glint_application_get_type ())

G_DECLARE_FINAL_TYPE (GlintApplication, glint_application, GLINT, APPLICATION, AdwApplication)

GlintApplication *glint_application_new          (void);
GlintClient      *glint_application_get_client   (GlintApplication   *self);
GlintSession     *glint_application_lookup_session (GlintApplication *self,
                                                  const char         *account);
GlintSession     *glint_application_default_session (GlintApplication *self);
GSettings        *glint_application_get_settings (GlintApplication   *self);
gboolean          glint_application_can_be_invisible (GlintApplication *self);
gboolean          glint_application_has_conversations (GlintApplication *self);
GPtrArray        *glint_application_load_accounts (GlintApplication  *self);
void              glint_application_account_created (GlintApplication *self,
                                                    GlintAccount     *account,
                                                    const char       *password);
void              glint_application_login        (GlintApplication   *self,
                                                  GlintAccount       *account,
                                                  const char         *password);
void              glint_application_delete_history (GlintApplication *self,
                                                    const char       *account,
                                                    const char       *peer);

G_END_DECLS

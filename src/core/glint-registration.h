/* glint-registration.h: creating an account on a server (XEP-0077)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "glint-account.h"
#include "glint-event.h"
#include "glint-form.h"
#include "glint-transport.h"

G_BEGIN_DECLS

#define GLINT_TYPE_REGISTRATION (glint_registration_get_type ())

G_DECLARE_FINAL_TYPE (GlintRegistration, glint_registration, GLINT, REGISTRATION, GObject)

GlintRegistration *glint_registration_new          (GlintTransport     *transport,
                                                    const GlintAccount *server);
const char        *glint_registration_get_domain   (GlintRegistration  *self);
const GlintAccount *glint_registration_get_server  (GlintRegistration  *self);
void               glint_registration_start        (GlintRegistration  *self);
gboolean           glint_registration_submit       (GlintRegistration  *self,
                                                    const GlintForm    *filled,
                                                    GError            **error);
void               glint_registration_cancel       (GlintRegistration  *self);
char              *glint_registration_get_jid      (GlintRegistration  *self);
const char        *glint_registration_get_password (GlintRegistration  *self);
gboolean           glint_registration_is_finished  (GlintRegistration  *self);
void               glint_registration_handle_event (GlintRegistration  *self,
                                                    GlintEvent         *event);
char              *glint_registration_describe     (const char         *condition,
                                                    const char         *text);

G_END_DECLS

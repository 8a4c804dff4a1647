/* glint-notifier.h: desktop notifications, one per conversation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "glint-message.h"

G_BEGIN_DECLS

#define GLINT_TYPE_NOTIFIER (glint_notifier_get_type ())

G_DECLARE_FINAL_TYPE (GlintNotifier, glint_notifier, GLINT, NOTIFIER, GObject)

GlintNotifier *glint_notifier_new      (GApplication  *app);
void           glint_notifier_show     (GlintNotifier *self,
                                        const char    *account,
                                        const char    *peer,
                                        const char    *title,
                                        const char    *body);
void           glint_notifier_withdraw (GlintNotifier *self,
                                        const char    *account,
                                        const char    *peer);

G_END_DECLS

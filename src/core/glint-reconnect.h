/* glint-reconnect.h: when to try a connection again, and whose answer to trust
 *
 * Pure decisions, kept apart from the libstrophe worker that acts on them
 * so that they are tested without a server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "glint-event.h"

G_BEGIN_DECLS

#define GLINT_RECONNECT_MAX_DELAY_S 60

gboolean glint_reconnect_is_final        (GlintConnectionError  why,
                                          gboolean              was_online);
gboolean glint_reconnect_connect_is_final (GlintConnectionError why,
                                          guint                 retries);
gboolean glint_reconnect_login_resets_backoff (GlintConnectionError last_end);
gint64   glint_reconnect_delay_us        (guint                 retries,
                                          double                jitter);
gboolean glint_iq_reply_is_from          (const char           *from,
                                          const char           *asked,
                                          const char           *account,
                                          const char           *domain);

G_END_DECLS

/* glint-session-private.h: what the client that owns sessions tells them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "glint-session.h"

G_BEGIN_DECLS

void glint_session_handle_event (GlintSession *self,
                                 GlintEvent   *event);
void glint_session_begin_batch  (GlintSession *self);
void glint_session_end_batch    (GlintSession *self,
                                 const char   *failure);
void glint_session_set_clock    (GlintSession  *self,
                                 gint64       (*now_us) (void));

G_END_DECLS

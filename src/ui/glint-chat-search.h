/* glint-chat-search.h: a chat's search bar (Ctrl+F) and its hits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "glint-store.h"

G_BEGIN_DECLS

#define GLINT_TYPE_CHAT_SEARCH (glint_chat_search_get_type ())

G_DECLARE_FINAL_TYPE (GlintChatSearch, glint_chat_search, GLINT, CHAT_SEARCH, GtkWidget)

void     glint_chat_search_set_conversation (GlintChatSearch *self,
                                             GlintStore      *store,
                                             const char      *account,
                                             const char      *peer);
void     glint_chat_search_open             (GlintChatSearch *self);
void     glint_chat_search_close            (GlintChatSearch *self);
gboolean glint_chat_search_is_open          (GlintChatSearch *self);

G_END_DECLS

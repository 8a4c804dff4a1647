/* glint-chat-page.h: one conversation: history, composer, typing state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "glint-chat-tab.h"
#include "glint-session.h"

G_BEGIN_DECLS

#define GLINT_TYPE_CHAT_PAGE (glint_chat_page_get_type ())

G_DECLARE_FINAL_TYPE (GlintChatPage, glint_chat_page, GLINT, CHAT_PAGE, GtkBox)

GlintChatPage *glint_chat_page_new            (GlintSession       *session,
                                               GSettings          *settings,
                                               const char         *peer);
const char    *glint_chat_page_get_peer       (GlintChatPage      *self);
const char    *glint_chat_page_get_account    (GlintChatPage      *self);
GlintSession  *glint_chat_page_get_session    (GlintChatPage      *self);
GlintRoom     *glint_chat_page_get_room       (GlintChatPage      *self);
const char    *glint_chat_page_get_name       (GlintChatPage      *self);
GlintChatTab  *glint_chat_page_get_tab        (GlintChatPage      *self);
void           glint_chat_page_append         (GlintChatPage      *self,
                                               const GlintMessage *msg);
void           glint_chat_page_set_unread     (GlintChatPage      *self,
                                               guint               unread);
guint          glint_chat_page_get_unread     (GlintChatPage      *self);
gboolean       glint_chat_page_shows_messages (GlintChatPage      *self);
void           glint_chat_page_focus_composer (GlintChatPage      *self);
void           glint_chat_page_write_draft    (GlintChatPage      *self,
                                               const char         *text);
void           glint_chat_page_leave          (GlintChatPage      *self);
void           glint_chat_page_set_show_account (GlintChatPage    *self,
                                                 gboolean          show);

void           glint_chat_page_reload_history    (GlintChatPage *self);
void           glint_chat_page_open_search       (GlintChatPage *self);
void           glint_chat_page_mark_read         (GlintChatPage      *self,
                                                  const GlintMessage *latest);
void           glint_chat_page_show_message      (GlintChatPage *self,
                                                  gint64         time_ms,
                                                  gint64         id);

G_END_DECLS

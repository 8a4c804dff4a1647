/* glint-chat-tab.h: one conversation's tab
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GLINT_TYPE_CHAT_TAB (glint_chat_tab_get_type ())

G_DECLARE_FINAL_TYPE (GlintChatTab, glint_chat_tab, GLINT, CHAT_TAB, GtkWidget)

GlintChatTab *glint_chat_tab_new          (void);
void          glint_chat_tab_set_title    (GlintChatTab *self,
                                           const char   *name,
                                           const char   *tooltip,
                                           const char   *icon_name,
                                           const char   *presence);
const char   *glint_chat_tab_get_name     (GlintChatTab *self);
void          glint_chat_tab_set_unread   (GlintChatTab *self,
                                           guint         unread);
void          glint_chat_tab_set_typing   (GlintChatTab *self,
                                           gboolean      typing);
void          glint_chat_tab_set_selected (GlintChatTab *self,
                                           gboolean      selected);

G_END_DECLS

/* glint-chat-window.h: the conversations, one tab each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "glint-message.h"

G_BEGIN_DECLS

typedef struct _GlintApplication GlintApplication;

#define GLINT_TYPE_CHAT_WINDOW (glint_chat_window_get_type ())

G_DECLARE_FINAL_TYPE (GlintChatWindow, glint_chat_window, GLINT, CHAT_WINDOW, GtkApplicationWindow)

GlintChatWindow *glint_chat_window_new         (GlintApplication   *app);
void             glint_chat_window_open        (GlintChatWindow    *self,
                                                const char         *account,
                                                const char         *peer,
                                                gboolean            present);
void             glint_chat_window_open_with_draft (GlintChatWindow *self,
                                                    const char      *account,
                                                    const char      *peer,
                                                    const char      *text);
gboolean         glint_chat_window_add_message (GlintChatWindow    *self,
                                                const GlintMessage *msg);
void             glint_chat_window_add_archived (GlintChatWindow    *self,
                                                 const GlintMessage *msg);
void             glint_chat_window_show_message (GlintChatWindow   *self,
                                                 const char        *account,
                                                 const char        *peer,
                                                 gint64             time_ms,
                                                 gint64             id);
gboolean         glint_chat_window_request_attention (GlintChatWindow *self,
                                                      const char      *account,
                                                      const char      *peer);
gboolean         glint_chat_window_mark_read    (GlintChatWindow   *self,
                                                 const char        *account,
                                                 const char        *peer);
guint            glint_chat_window_count_unread (GlintChatWindow   *self);
gboolean         glint_chat_window_shows_messages (GlintChatWindow *self);
void             glint_chat_window_reload_history (GlintChatWindow *self,
                                                   const char      *account,
                                                   const char      *peer);

G_END_DECLS

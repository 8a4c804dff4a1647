/* glint-chat-page-private.h: what the chat page's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "glint-chat-page.h"
#include "glint-chat-search.h"
#include "glint-history-model.h"
#include "glint-occupant-list.h"

G_BEGIN_DECLS

struct _GlintChatPage
{
  GtkBox         parent_instance;
  GlintSession  *session;
  GSettings     *settings;
  char          *peer;
  GlintHistoryModel *history;
  GlintContact  *contact;         /* NULL until the roster has it */
  gulong         contact_handler;
  guint          trim_source;
  gboolean       follow;        /* the view stays on the newest message */
  double         seen_upper;    /* the list's size when last looked at */
  double         seen_page;
  gint64         user_scrolled_us; /* when the user last scrolled */
  gboolean       scrolling;     /* the view moves itself, not the user */
  guint          scroll_source;
  guint          flush_source;
  gboolean       show_account;  /* more than one account is in use */
  GPtrArray     *incoming;      /* GlintMessage, not yet in the view */
  guint          unread;
  gboolean       composing;
  guint          paused_id;

  GlintChatTab  *tab;

  GtkImage          *presence_icon;
  GtkLabel          *name_label;
  GtkLabel          *status_label;
  GtkLabel          *chat_state_label;
  GtkScrolledWindow *scroller;
  GtkButton     *jump_button;
  GtkWidget     *older_box;     /* "Loading older messages…" while the archive is asked */
  gboolean       fetching_older;
  gboolean       archive_start; /* the archive has nothing older with this peer */
  GtkWidget     *unsaved_label;
  GtkWidget     *editing_label;
  GlintMessage  *editing;        /* our message being corrected, or NULL */
  gint64         read_marked_id; /* the message the contact was last told we read */
  GlintChatSearch *search;
  GtkRevealer   *stranger_revealer;
  GtkLabel      *stranger_label;
  GtkButton     *add_stranger_button;
  GtkButton     *block_button;
  gboolean       blocked;       /* the user blocked this address here */
  GHashTable    *expanded;      /* message id -> bytes shown, for long messages opened further */
  gint64         reveal_id;     /* a search hit to bring into view */
  guint          reveal_source;
  GtkListView       *message_view;
  GtkTextView       *composer;
  GtkButton         *send_button;
  /* A room (glint-chat-page-room.c) */
  GlintConversationKind kind;
  GlintRoom         *room;          /* NULL but for a room's page */
  GPtrArray         *pending_notices; /* lines about the room not yet shown */
  guint              notice_source;
  GtkToggleButton   *occupants_button;
  GtkMenuButton     *room_menu_button;
  GtkRevealer       *occupants_revealer;
  GlintOccupantList *occupant_list;
  GtkRevealer       *room_revealer;
  GtkLabel          *room_problem_label;
};

/* After GTK has laid out and drawn a frame (G_PRIORITY_HIGH_IDLE + 20),
 * before the next slice of events (GLINT_EVENT_PIPE_PRIORITY): a view that
 * follows a burst keeps up with it, and rows beyond the window go while it
 * lasts. */
#define GLINT_CHAT_PAGE_AFTER_FRAME (G_PRIORITY_HIGH_IDLE + 25)

/* glint-chat-page-rows.c: the history's rows */
void glint_chat_page_setup_rows (GlintChatPage            *self,
                                 GtkListItemFactory       *factory);

/* glint-chat-page-header.c: whom the page is with */
void        glint_chat_page_update_header      (GlintChatPage      *self);
void        glint_chat_page_track_contact      (GlintChatPage      *self);
void        glint_chat_page_block_clicked      (GlintChatPage      *self);

/* glint-chat-page-room.c: a room's page */
void        glint_chat_page_setup_room         (GlintChatPage      *self);
void        glint_chat_page_dispose_room       (GlintChatPage      *self);
void        glint_chat_page_update_room_header (GlintChatPage      *self);
void        glint_chat_page_rejoin             (GlintChatPage      *self);
gboolean    glint_chat_page_complete_nick      (GlintChatPage      *self);
const char *glint_chat_page_occupant_name      (GlintChatPage      *self,
                                                const GlintMessage *msg);

G_END_DECLS

/* glint-roster-window-private.h: what the contact list's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "glint-roster-group.h"
#include "glint-roster-window.h"

G_BEGIN_DECLS

struct _GlintRosterWindow
{
  GtkApplicationWindow parent_instance;
  GlintApplication    *app;
  GListModel          *sessions;     /* the client's */
  GListModel          *contacts;     /* every account's roster, flattened */
  GListStore          *groups;       /* GlintRosterGroup, by name */
  GtkTreeListModel    *tree;
  GtkSingleSelection  *selection;
  GlintRosterFilter    filter;
  guint                refresh_id;
  gboolean             updating_status;
  char                *notice;
  GtkWidget           *contact_popover;

  GtkDropDown         *status_dropdown;
  GtkEntry            *status_entry;
  GtkMenuButton       *recent_button;
  GtkRevealer         *banner_revealer;
  GtkLabel            *banner_label;
  GtkButton           *banner_button;
  GtkRevealer         *sync_revealer;
  GtkSpinner          *sync_spinner;
  GtkLabel            *sync_label;
  GtkSearchEntry      *search_entry;
  GtkBox              *requests_box;
  GtkLabel            *requests_label;
  GtkListBox          *requests_list;
  GtkListView         *list_view;
  GtkLabel            *no_match_label;
  GMenuModel          *contact_menu;
  GMenu               *rooms_section;  /* the bookmarks, to join */
};

/* glint-roster-window-status.c */
void glint_roster_window_on_status_selected       (GlintRosterWindow *self);
void glint_roster_window_fill_recent_messages     (GlintRosterWindow *self);
void glint_roster_window_sync_status              (GlintRosterWindow *self);
void glint_roster_window_update_banner            (GlintRosterWindow *self);
void glint_roster_window_update_archive_progress  (GlintRosterWindow *self);
void glint_roster_window_use_status_message       (GtkWidget         *widget,
                                                   const char        *action_name,
                                                   GVariant          *parameter);

G_END_DECLS

/* glint-chat-window.c: the conversations, one tab each, in a strip that
 * scrolls or wraps as the user prefers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-chat-window"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-accessible.h"
#include "glint-application-private.h"
#include "glint-chat-page.h"
#include "glint-chat-tab.h"
#include "glint-chat-window.h"
#include "glint-tab-flow.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

/* Ctrl+Shift+T goes back this many closed chats. */
#define MAX_CLOSED 20

struct _GlintChatWindow
{
  GtkApplicationWindow parent_instance;
  GlintApplication    *app;
  GHashTable          *pages;  /* conversation key -> GlintChatPage (unowned) */
  GQueue               closed; /* (account, peer[, nick, password]) of closed chats, newest first; a room's with its nick */
  gboolean             close_confirmed;

  GtkBox              *layout;
  GtkWidget           *tab_bar;
  GlintTabFlow        *tab_flow;
  GtkWidget           *back_button;
  GtkWidget           *forward_button;
  GtkMenuButton       *tabs_menu_button;
  GtkStack            *stack;
};

G_DEFINE_FINAL_TYPE (GlintChatWindow, glint_chat_window, GTK_TYPE_APPLICATION_WINDOW)

enum { CONVERSATION_SEEN, N_SIGNALS };
static guint signals[N_SIGNALS];

static GlintChatPage *
current_page (GlintChatWindow *self)
{
  GtkWidget *child = self->stack ? gtk_stack_get_visible_child (self->stack) : NULL;

  return child ? GLINT_CHAT_PAGE (child) : NULL;
}

static GlintChatPage *
page_of_tab (GtkWidget *tab)
{
  return g_object_get_data (G_OBJECT (tab), "glint-page");
}

/* The pages in the order of their tabs. */
static GPtrArray *
pages_in_order (GlintChatWindow *self)
{
  GPtrArray *pages = g_ptr_array_new ();

  for (GtkWidget *tab = gtk_widget_get_first_child (GTK_WIDGET (self->tab_flow)); tab;
       tab = gtk_widget_get_next_sibling (tab))
    g_ptr_array_add (pages, page_of_tab (tab));
  return pages;
}

static gboolean
page_is_seen (GlintChatWindow *self,
              GlintChatPage   *page)
{
  return gtk_widget_get_visible (GTK_WIDGET (self)) && gtk_window_is_active (GTK_WINDOW (self))
         && current_page (self) == page;
}

static void
mark_current_seen (GlintChatWindow *self)
{
  GlintChatPage *page = current_page (self);
  g_autofree char *title = NULL;

  if (page == NULL)
    return;
  title = g_strdup_printf (_("Conversation with %s"), glint_chat_page_get_name (page));
  gtk_window_set_title (GTK_WINDOW (self), title);
  if (!gtk_window_is_active (GTK_WINDOW (self)))
    return;
  if (glint_chat_page_get_unread (page) > 0)
    glint_chat_page_set_unread (page, 0);
  glint_chat_page_mark_read (page, NULL);
  g_signal_emit (self, signals[CONVERSATION_SEEN], 0, glint_chat_page_get_account (page),
                 glint_chat_page_get_peer (page));
}

/* The user read (@account, @peer) on another device (XEP-0333): its tab
 * has nothing unread here either. Returns whether it had. */
gboolean
glint_chat_window_mark_read (GlintChatWindow *self,
                             const char      *account,
                             const char      *peer)
{
  g_autofree char *key = glint_conversation_key (account, peer);
  GlintChatPage *page = g_hash_table_lookup (self->pages, key);

  if (page == NULL || glint_chat_page_get_unread (page) == 0)
    return FALSE;
  glint_chat_page_set_unread (page, 0);
  return TRUE;
}

static gboolean
mark_seen_idle (gpointer data)
{
  GlintChatWindow *self = data;
  GlintChatPage *page = self->pages != NULL ? current_page (self) : NULL;

  /* Whatever brought the chat forward, typing goes into it. */
  if (page != NULL)
    glint_chat_page_focus_composer (page);
  if (self->pages != NULL)
    mark_current_seen (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
queue_mark_seen (GlintChatWindow *self)
{
  g_idle_add (mark_seen_idle, g_object_ref (self));
}

/* The window manager's urgency hint. X11 has one; Wayland has none a
 * client may set, so there the caller notifies instead. Returns whether
 * the hint was set. */
static gboolean
set_urgent (GlintChatWindow *self,
            gboolean         urgent)
{
#ifdef GDK_WINDOWING_X11
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (self));

  if (surface != NULL && GDK_IS_X11_SURFACE (surface))
    {
      gdk_x11_surface_set_urgency_hint (surface, urgent);
      return TRUE;
    }
#endif
  return FALSE;
}

static void
on_active_changed (GlintChatWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)))
    set_urgent (self, FALSE);
}

static void
select_page (GlintChatWindow *self,
             GlintChatPage   *page)
{
  GlintChatPage *was = current_page (self);

  if (was && was != page)
    glint_chat_tab_set_selected (glint_chat_page_get_tab (was), FALSE);
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (page));
  glint_chat_tab_set_selected (glint_chat_page_get_tab (page), TRUE);
  glint_tab_flow_scroll_to (self->tab_flow, GTK_WIDGET (glint_chat_page_get_tab (page)));
  queue_mark_seen (self);
}

static void
remember_closed (GlintChatWindow *self,
                 GlintChatPage   *page)
{
  GlintRoom *room = glint_chat_page_get_room (page);
  const char *password = room ? glint_room_get_password (room) : NULL;

  /* Closing a room's tab leaves the room: opening it again enters it
   * again, as the user was known there. */
  g_queue_push_head (&self->closed, g_strdupv ((char *[]) { (char *) glint_chat_page_get_account (page),
                                                            (char *) glint_chat_page_get_peer (page),
                                                            room ? (char *) glint_room_get_nick (room) : NULL,
                                                            (char *) (password ? password : ""), NULL }));
  while (g_queue_get_length (&self->closed) > MAX_CLOSED)
    g_strfreev (g_queue_pop_tail (&self->closed));
}

/* Takes @page out; the tab next to it is shown if it was. */
static void
remove_page (GlintChatWindow *self,
             GlintChatPage   *page)
{
  g_autofree char *key = glint_conversation_key (glint_chat_page_get_account (page),
                                                 glint_chat_page_get_peer (page));
  GtkWidget *tab = GTK_WIDGET (glint_chat_page_get_tab (page));
  GtkWidget *neighbour = gtk_widget_get_next_sibling (tab) ? gtk_widget_get_next_sibling (tab)
                                                           : gtk_widget_get_prev_sibling (tab);

  /* The neighbour is shown first: a stack that loses the child it shows
   * picks another itself, and the focus would go with neither. */
  if (current_page (self) == page && neighbour)
    select_page (self, page_of_tab (neighbour));
  glint_chat_page_leave (page);
  g_signal_handlers_disconnect_by_data (tab, self);
  gtk_widget_unparent (tab);
  g_hash_table_remove (self->pages, key);
  gtk_stack_remove (self->stack, GTK_WIDGET (page));
}

static void
close_page (GlintChatWindow *self,
            GlintChatPage   *page)
{
  remember_closed (self, page);
  remove_page (self, page);
  if (g_hash_table_size (self->pages) == 0)
    gtk_window_close (GTK_WINDOW (self));
}

static void
on_tab_select (GtkWidget       *tab,
               GlintChatWindow *self)
{
  select_page (self, page_of_tab (tab));
}

static void
on_tab_close (GtkWidget       *tab,
              GlintChatWindow *self)
{
  close_page (self, page_of_tab (tab));
}

/* Closes every tab but @keep's, or (@right_only) those right of it. */
static void
close_around (GlintChatWindow *self,
              GtkWidget       *keep,
              gboolean         right_only)
{
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();
  gboolean past = FALSE;

  for (GtkWidget *tab = gtk_widget_get_first_child (GTK_WIDGET (self->tab_flow)); tab;
       tab = gtk_widget_get_next_sibling (tab))
    {
      if (tab == keep)
        past = TRUE;
      else if (past || !right_only)
        g_ptr_array_add (doomed, page_of_tab (tab));
    }
  select_page (self, page_of_tab (keep));
  for (guint i = 0; i < doomed->len; i++)
    {
      remember_closed (self, doomed->pdata[i]);
      remove_page (self, doomed->pdata[i]);
    }
}

static void
on_tab_close_others (GtkWidget       *tab,
                     GlintChatWindow *self)
{
  close_around (self, tab, FALSE);
}

static void
on_tab_close_right (GtkWidget       *tab,
                    GlintChatWindow *self)
{
  close_around (self, tab, TRUE);
}

/* @dragged was dropped on @tab: it goes just before or after it. */
static void
on_tab_move (GtkWidget       *tab,
             GtkWidget       *dragged,
             gboolean         after,
             GlintChatWindow *self)
{
  if (gtk_widget_get_parent (dragged) != GTK_WIDGET (self->tab_flow))
    return;
  if (after)
    gtk_widget_insert_after (dragged, GTK_WIDGET (self->tab_flow), tab);
  else
    gtk_widget_insert_before (dragged, GTK_WIDGET (self->tab_flow), tab);
}

/* The tab of (@account, @peer), made if needed; NULL if the account is
 * gone. */
static GlintChatPage *
ensure_page (GlintChatWindow *self,
             const char      *account,
             const char      *peer)
{
  g_autofree char *key = glint_conversation_key (account, peer);
  GlintChatPage *page = g_hash_table_lookup (self->pages, key);
  GlintSession *session = glint_application_lookup_session (self->app, account);
  GtkWidget *tab;

  if (page && glint_chat_page_get_session (page) == session)
    return page;
  /* The account was turned off and on again: the tab of its old session
   * gives way to one of the new. */
  if (page)
    remove_page (self, page);
  if (session == NULL)
    return NULL;
  page = glint_chat_page_new (session, glint_application_get_settings (self->app), peer);
  glint_chat_page_set_show_account (page, glint_application_count_accounts (self->app) > 1);
  g_hash_table_insert (self->pages, g_steal_pointer (&key), page);
  tab = GTK_WIDGET (glint_chat_page_get_tab (page));
  g_object_set_data (G_OBJECT (tab), "glint-page", page);
  g_signal_connect (tab, "select", G_CALLBACK (on_tab_select), self);
  g_signal_connect (tab, "close", G_CALLBACK (on_tab_close), self);
  g_signal_connect (tab, "close-others", G_CALLBACK (on_tab_close_others), self);
  g_signal_connect (tab, "close-right", G_CALLBACK (on_tab_close_right), self);
  g_signal_connect (tab, "move", G_CALLBACK (on_tab_move), self);
  gtk_widget_insert_before (tab, GTK_WIDGET (self->tab_flow), NULL);
  gtk_stack_add_child (self->stack, GTK_WIDGET (page));
  if (g_hash_table_size (self->pages) == 1)
    select_page (self, page);
  return page;
}

void
glint_chat_window_open (GlintChatWindow *self,
                        const char      *account,
                        const char      *peer,
                        gboolean         present)
{
  GlintChatPage *page = ensure_page (self, account, peer);

  if (page == NULL)
    return;
  select_page (self, page);
  if (present)
    gtk_window_present (GTK_WINDOW (self));
  glint_chat_page_focus_composer (page);
  mark_current_seen (self);
}

/* Whether the page shown has drawn any message yet (for benchmarks). */
gboolean
glint_chat_window_shows_messages (GlintChatWindow *self)
{
  GlintChatPage *page = current_page (self);

  return page != NULL && glint_chat_page_shows_messages (page);
}

/* Opens the chat with @text written in its composer, unsent. */
void
glint_chat_window_open_with_draft (GlintChatWindow *self,
                                   const char      *account,
                                   const char      *peer,
                                   const char      *text)
{
  GlintChatPage *page = ensure_page (self, account, peer);

  if (page == NULL)
    return;
  glint_chat_page_write_draft (page, text);
  glint_chat_window_open (self, account, peer, TRUE);
}

/* A contact asked for the user's attention (XEP-0224): their chat is
 * there, and the window is marked urgent until the user comes to it.
 * Returns FALSE where the window system has no urgency hint. */
gboolean
glint_chat_window_request_attention (GlintChatWindow *self,
                                     const char      *account,
                                     const char      *peer)
{
  if (ensure_page (self, account, peer) == NULL)
    return TRUE;
  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  if (gtk_window_is_active (GTK_WINDOW (self)))
    return TRUE;
  return set_urgent (self, TRUE);
}

/* Opens the conversation at a message of its history, with the messages
 * around it. */
void
glint_chat_window_show_message (GlintChatWindow *self,
                                const char      *account,
                                const char      *peer,
                                gint64           time_ms,
                                gint64           id)
{
  GlintChatPage *page;

  glint_chat_window_open (self, account, peer, TRUE);
  page = current_page (self);
  if (page && g_str_equal (glint_chat_page_get_peer (page), peer))
    glint_chat_page_show_message (page, time_ms, id);
}

/* Shows @msg in its conversation, opening a tab for it if needed without
 * taking the focus. Returns whether the user can see it right now. */
gboolean
glint_chat_window_add_message (GlintChatWindow    *self,
                               const GlintMessage *msg)
{
  g_autofree char *key = glint_conversation_key (msg->account, msg->peer);
  gboolean is_new = !g_hash_table_contains (self->pages, key);
  GlintChatPage *page = ensure_page (self, msg->account, msg->peer);
  gboolean seen;

  if (page == NULL)
    return FALSE;
  glint_chat_page_append (page, msg);
  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    {
      gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
      if (is_new)
        select_page (self, page);
    }
  seen = page_is_seen (self, page);
  if (msg->direction == GLINT_DIRECTION_IN && !seen)
    glint_chat_page_set_unread (page, glint_chat_page_get_unread (page) + 1);
  else if (msg->direction == GLINT_DIRECTION_IN)
    glint_chat_page_mark_read (page, msg);
  return seen;
}

/* A message from the server's archive: it joins an open chat, and opens
 * nothing, counts as nothing unread and is never announced. */
void
glint_chat_window_add_archived (GlintChatWindow    *self,
                                const GlintMessage *msg)
{
  g_autofree char *key = glint_conversation_key (msg->account, msg->peer);
  GlintChatPage *page = g_hash_table_lookup (self->pages, key);

  if (page != NULL)
    glint_chat_page_append (page, msg);
}

/* Actions */

static void
close_tab_action (GtkWidget  *widget,
                  const char *name,
                  GVariant   *param)
{
  GlintChatWindow *self = GLINT_CHAT_WINDOW (widget);
  GlintChatPage *page = current_page (self);

  if (page)
    close_page (self, page);
}

static void
reopen_tab_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  GlintChatWindow *self = GLINT_CHAT_WINDOW (widget);
  g_auto(GStrv) last = g_queue_pop_head (&self->closed);

  if (last && last[2] != NULL)
    gtk_widget_activate_action (widget, "app.enter-room", "(ssss)", last[0], last[1], last[2], last[3]);
  else if (last)
    glint_chat_window_open (self, last[0], last[1], TRUE);
}

static void
find_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  GlintChatPage *page = current_page (GLINT_CHAT_WINDOW (widget));

  if (page)
    glint_chat_page_open_search (page);
}

/* win.clear-history and win.view-history: the app's action, for the chat
 * shown. */
static void
current_chat_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  GlintChatPage *page = current_page (GLINT_CHAT_WINDOW (widget));

  if (page)
    gtk_widget_activate_action (widget, g_str_equal (name, "win.clear-history") ? "app.clear-history"
                                                                                 : "app.history-of",
                                "(ss)", glint_chat_page_get_account (page), glint_chat_page_get_peer (page));
}

/* Moves @delta tabs along, round the ends. */
static void
step_tab (GlintChatWindow *self,
          int              delta)
{
  g_autoptr(GPtrArray) pages = pages_in_order (self);
  guint n = pages->len, at = 0;

  if (n == 0)
    return;
  g_ptr_array_find (pages, current_page (self), &at);
  select_page (self, pages->pdata[(at + n + delta) % n]);
}

static void
next_tab_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  step_tab (GLINT_CHAT_WINDOW (widget), 1);
}

static void
previous_tab_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  step_tab (GLINT_CHAT_WINDOW (widget), -1);
}

static void
select_tab_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  GlintChatWindow *self = GLINT_CHAT_WINDOW (widget);
  g_autoptr(GPtrArray) pages = pages_in_order (self);
  int index = g_variant_get_int32 (param) - 1;

  if (index >= 0 && (guint) index < pages->len)
    select_page (self, pages->pdata[index]);
}

/* The menu of every open chat is made as it opens: names change. */
static void
fill_tabs_menu (GtkMenuButton *button,
                gpointer       data)
{
  GlintChatWindow *self = data;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GPtrArray) pages = pages_in_order (self);

  for (guint i = 0; i < pages->len; i++)
    {
      GlintChatTab *tab = glint_chat_page_get_tab (pages->pdata[i]);
      guint unread = glint_chat_page_get_unread (pages->pdata[i]);
      g_autofree char *label = unread ? g_strdup_printf ("%s (%u)", glint_chat_tab_get_name (tab), unread)
                                      : g_strdup (glint_chat_tab_get_name (tab));
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.select-tab", "i", (gint32) i + 1);
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
}

static void
on_back_clicked (GlintChatWindow *self)
{
  glint_tab_flow_scroll_by (self->tab_flow, -gtk_widget_get_width (GTK_WIDGET (self->tab_flow)) / 2);
}

static void
on_forward_clicked (GlintChatWindow *self)
{
  glint_tab_flow_scroll_by (self->tab_flow, gtk_widget_get_width (GTK_WIDGET (self->tab_flow)) / 2);
}

/* Preferences, applied live to the open window */

static void
apply_tab_layout (GlintChatWindow *self)
{
  GSettings *settings = glint_application_get_settings (self->app);
  gboolean wrap = g_settings_get_enum (settings, "tab-layout") == 1;
  GlintChatPage *page = current_page (self);

  glint_tab_flow_set_wrap (self->tab_flow, wrap);
  gtk_widget_set_visible (self->back_button, !wrap);
  gtk_widget_set_visible (self->forward_button, !wrap);
  if (page)
    glint_tab_flow_scroll_to (self->tab_flow, GTK_WIDGET (glint_chat_page_get_tab (page)));
}

static void
apply_tab_position (GlintChatWindow *self)
{
  GSettings *settings = glint_application_get_settings (self->app);
  gboolean bottom = g_settings_get_enum (settings, "tab-position") == 1;

  gtk_box_reorder_child_after (self->layout, self->tab_bar, bottom ? GTK_WIDGET (self->stack) : NULL);
  gtk_widget_set_valign (self->back_button, bottom ? GTK_ALIGN_END : GTK_ALIGN_START);
  gtk_widget_set_valign (self->forward_button, bottom ? GTK_ALIGN_END : GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (self->tabs_menu_button), bottom ? GTK_ALIGN_END : GTK_ALIGN_START);
}

static void
glint_chat_window_dispose (GObject *object)
{
  GlintChatWindow *self = GLINT_CHAT_WINDOW (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_queue_clear_full (&self->closed, (GDestroyNotify) g_strfreev);
  /* Not gtk_widget_dispose_template(): the layout is the window's own
   * child, and unparenting it here would leave GtkWindow holding a widget
   * that is gone (a critical when a conversation window closes). */
  self->stack = NULL;
  G_OBJECT_CLASS (glint_chat_window_parent_class)->dispose (object);
}

/* Asked to close with messages unread, it asks first, if the user wants
 * that; the next window opens as the user left this one. */
static void
on_close_answer (AdwMessageDialog *dialog,
                 const char       *response,
                 GlintChatWindow  *self)
{
  if (!g_str_equal (response, "close"))
    return;
  self->close_confirmed = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
glint_chat_window_close_request (GtkWindow *window)
{
  GlintChatWindow *self = GLINT_CHAT_WINDOW (window);
  GSettings *settings = glint_application_get_settings (self->app);
  guint unread = glint_chat_window_count_unread (self);
  int width, height;

  if (unread > 0 && !self->close_confirmed && g_hash_table_size (self->pages) > 0
      && g_settings_get_boolean (settings, "confirm-close-unread"))
    {
      g_autofree char *heading = g_strdup_printf (g_dngettext (NULL, "Close with %u unread message?",
                                                               "Close with %u unread messages?", unread),
                                                  unread);
      GtkWidget *dialog = adw_message_dialog_new (window, heading,
                                                  _("They stay in the history, but you will not be reminded of them."));

      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                        "close", _("C_lose"), NULL);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
      g_signal_connect (dialog, "response", G_CALLBACK (on_close_answer), self);
      glint_accessible_name_dialog (GTK_WIDGET (dialog));
      gtk_window_present (GTK_WINDOW (dialog));
      return TRUE;
    }
  gtk_window_get_default_size (window, &width, &height);
  g_settings_set (glint_application_get_settings (self->app), "chat-window-size", "(ii)", width, height);
  return GTK_WINDOW_CLASS (glint_chat_window_parent_class)->close_request (window);
}

static void
mark_arrow (GtkWidget  *arrow,
            gboolean    unread,
            const char *plain,
            const char *marked)
{
  const char *label = unread ? marked : plain;

  if (unread)
    gtk_widget_add_css_class (arrow, "unread-beyond");
  else
    gtk_widget_remove_css_class (arrow, "unread-beyond");
  gtk_widget_set_tooltip_text (arrow, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (arrow), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

/* Scrolled out of view, an unread chat still shows: its side's arrow is
 * marked. */
static void
on_unread_beyond (GlintChatWindow *self)
{
  gboolean back, forward;

  g_object_get (self->tab_flow, "unread-back", &back, "unread-forward", &forward, NULL);
  mark_arrow (self->back_button, back, _("Scroll Tabs Back"), _("Scroll Tabs Back (unread chats there)"));
  mark_arrow (self->forward_button, forward, _("Scroll Tabs Forward"),
              _("Scroll Tabs Forward (unread chats there)"));
}

static void
glint_chat_window_class_init (GlintChatWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  GTK_WINDOW_CLASS (klass)->close_request = glint_chat_window_close_request;
  G_OBJECT_CLASS (klass)->dispose = glint_chat_window_dispose;

  signals[CONVERSATION_SEEN] = g_signal_new ("conversation-seen", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (GLINT_TYPE_TAB_FLOW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-chat-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintChatWindow, layout);
  gtk_widget_class_bind_template_child (widget_class, GlintChatWindow, tab_bar);
  gtk_widget_class_bind_template_child (widget_class, GlintChatWindow, tab_flow);
  gtk_widget_class_bind_template_child (widget_class, GlintChatWindow, back_button);
  gtk_widget_class_bind_template_callback (widget_class, on_unread_beyond);
  gtk_widget_class_bind_template_child (widget_class, GlintChatWindow, forward_button);
  gtk_widget_class_bind_template_child (widget_class, GlintChatWindow, tabs_menu_button);
  gtk_widget_class_bind_template_child (widget_class, GlintChatWindow, stack);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_forward_clicked);
  gtk_widget_class_install_action (widget_class, "win.close-tab", NULL, close_tab_action);
  gtk_widget_class_install_action (widget_class, "win.reopen-tab", NULL, reopen_tab_action);
  gtk_widget_class_install_action (widget_class, "win.next-tab", NULL, next_tab_action);
  gtk_widget_class_install_action (widget_class, "win.previous-tab", NULL, previous_tab_action);
  gtk_widget_class_install_action (widget_class, "win.select-tab", "i", select_tab_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.clear-history", NULL, current_chat_action);
  gtk_widget_class_install_action (widget_class, "win.view-history", NULL, current_chat_action);
}

static void
glint_chat_window_init (GlintChatWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_window_set_hide_on_close (GTK_WINDOW (self), FALSE);
  gtk_menu_button_set_create_popup_func (self->tabs_menu_button, fill_tabs_menu, self, NULL);
  g_object_bind_property (self->tab_flow, "can-scroll-back", self->back_button, "sensitive", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->tab_flow, "can-scroll-forward", self->forward_button, "sensitive",
                          G_BINDING_SYNC_CREATE);
}

GlintChatWindow *
glint_chat_window_new (GlintApplication *app)
{
  GlintChatWindow *self = g_object_new (GLINT_TYPE_CHAT_WINDOW, "application", app, NULL);
  GSettings *settings = glint_application_get_settings (app);
  int width, height;

  self->app = app;
  g_settings_get (settings, "chat-window-size", "(ii)", &width, &height);
  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  apply_tab_layout (self);
  apply_tab_position (self);
  g_signal_connect_object (settings, "changed::tab-layout", G_CALLBACK (apply_tab_layout),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::tab-position", G_CALLBACK (apply_tab_position),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (queue_mark_seen), NULL);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_active_changed), NULL);
  return self;
}

/* Messages not yet seen, over every tab. */
guint
glint_chat_window_count_unread (GlintChatWindow *self)
{
  GHashTableIter iter;
  gpointer page;
  guint unread = 0;

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, &page))
    unread += glint_chat_page_get_unread (page);
  return unread;
}

/* History was deleted or moved: the pages of (@account, @peer) read
 * theirs again, or (both NULL) every page does. */
void
glint_chat_window_reload_history (GlintChatWindow *self,
                                  const char      *account,
                                  const char      *peer)
{
  GHashTableIter iter;
  gpointer page;

  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, &page))
    if ((account == NULL || g_str_equal (account, glint_chat_page_get_account (page)))
        && (peer == NULL || g_str_equal (peer, glint_chat_page_get_peer (page))))
      glint_chat_page_reload_history (page);
}

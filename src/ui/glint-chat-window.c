/* glint-chat-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-chat-window"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-application-private.h"
#include "glint-chat-page.h"
#include "glint-chat-window.h"

struct _GlintChatWindow
{
  GtkApplicationWindow parent_instance;
  GlintApplication    *app;
  GHashTable          *pages; /* conversation key -> GlintChatPage (unowned) */

  GtkNotebook         *notebook;
};

G_DEFINE_FINAL_TYPE (GlintChatWindow, glint_chat_window, GTK_TYPE_APPLICATION_WINDOW)

enum { CONVERSATION_SEEN, N_SIGNALS };
static guint signals[N_SIGNALS];

static GlintChatPage *
current_page (GlintChatWindow *self)
{
  int n = gtk_notebook_get_current_page (self->notebook);

  return n < 0 ? NULL : GLINT_CHAT_PAGE (gtk_notebook_get_nth_page (self->notebook, n));
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
  GlintChatPage *page = self->notebook ? current_page (self) : NULL;
  g_autofree char *title = NULL;

  if (page == NULL)
    return;
  title = g_strdup_printf (_("Conversation with %s"), glint_chat_page_get_name (page));
  gtk_window_set_title (GTK_WINDOW (self), title);
  if (!gtk_window_is_active (GTK_WINDOW (self)))
    return;
  if (glint_chat_page_get_unread (page) > 0)
    glint_chat_page_set_unread (page, 0);
  g_signal_emit (self, signals[CONVERSATION_SEEN], 0, glint_chat_page_get_account (page),
                 glint_chat_page_get_peer (page));
}

static void
close_page (GlintChatWindow *self,
            GlintChatPage   *page)
{
  int n = gtk_notebook_page_num (self->notebook, GTK_WIDGET (page));
  g_autofree char *key = glint_conversation_key (glint_chat_page_get_account (page),
                                                 glint_chat_page_get_peer (page));

  glint_chat_page_leave (page);
  g_hash_table_remove (self->pages, key);
  if (n >= 0)
    gtk_notebook_remove_page (self->notebook, n);
  if (gtk_notebook_get_n_pages (self->notebook) == 0)
    gtk_window_close (GTK_WINDOW (self));
}

static void
on_close_requested (GlintChatPage   *page,
                    GlintChatWindow *self)
{
  close_page (self, page);
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

  if (page && glint_chat_page_get_session (page) == session)
    return page;
  /* The account was turned off and on again: the tab of its old session
   * gives way to one of the new. */
  if (page)
    {
      int n = gtk_notebook_page_num (self->notebook, GTK_WIDGET (page));

      glint_chat_page_leave (page);
      g_hash_table_remove (self->pages, key);
      gtk_notebook_remove_page (self->notebook, n);
    }
  if (session == NULL)
    return NULL;
  page = glint_chat_page_new (session, glint_application_get_settings (self->app), peer);
  glint_chat_page_set_show_account (page, glint_application_count_accounts (self->app) > 1);
  g_hash_table_insert (self->pages, g_steal_pointer (&key), page);
  g_signal_connect (page, "close-requested", G_CALLBACK (on_close_requested), self);
  gtk_notebook_append_page (self->notebook, GTK_WIDGET (page), glint_chat_page_get_tab_label (page));
  gtk_notebook_set_tab_reorderable (self->notebook, GTK_WIDGET (page), TRUE);
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
  gtk_notebook_set_current_page (self->notebook, gtk_notebook_page_num (self->notebook, GTK_WIDGET (page)));
  if (present)
    gtk_window_present (GTK_WINDOW (self));
  glint_chat_page_focus_composer (page);
  mark_current_seen (self);
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
        gtk_notebook_set_current_page (self->notebook,
                                       gtk_notebook_page_num (self->notebook, GTK_WIDGET (page)));
    }
  seen = page_is_seen (self, page);
  if (msg->direction == GLINT_DIRECTION_IN && !seen)
    glint_chat_page_set_unread (page, glint_chat_page_get_unread (page) + 1);
  return seen;
}

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
find_action (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  GlintChatPage *page = current_page (GLINT_CHAT_WINDOW (widget));

  if (page)
    glint_chat_page_open_search (page);
}

static void
next_tab_action (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  GlintChatWindow *self = GLINT_CHAT_WINDOW (widget);
  int n = gtk_notebook_get_n_pages (self->notebook);

  if (n > 0)
    gtk_notebook_set_current_page (self->notebook, (gtk_notebook_get_current_page (self->notebook) + 1) % n);
}

static void
previous_tab_action (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  GlintChatWindow *self = GLINT_CHAT_WINDOW (widget);
  int n = gtk_notebook_get_n_pages (self->notebook);

  if (n > 0)
    gtk_notebook_set_current_page (self->notebook, (gtk_notebook_get_current_page (self->notebook) + n - 1) % n);
}

static void
select_tab_action (GtkWidget  *widget,
                   const char *name,
                   GVariant   *param)
{
  GlintChatWindow *self = GLINT_CHAT_WINDOW (widget);
  int index = g_variant_get_int32 (param) - 1;

  if (index >= 0 && index < gtk_notebook_get_n_pages (self->notebook))
    gtk_notebook_set_current_page (self->notebook, index);
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
on_switch_page (GlintChatWindow *self)
{
  /* Runs before the notebook has changed its current page. */
  g_idle_add (mark_seen_idle, g_object_ref (self));
}

static void
apply_tab_position (GlintChatWindow *self)
{
  GSettings *settings = glint_application_get_settings (self->app);

  gtk_notebook_set_tab_pos (self->notebook, g_settings_get_enum (settings, "tab-position") == 1
                                             ? GTK_POS_BOTTOM : GTK_POS_TOP);
}

static void
glint_chat_window_dispose (GObject *object)
{
  GlintChatWindow *self = GLINT_CHAT_WINDOW (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  /* Not gtk_widget_dispose_template(): the notebook is the window's own
   * child, and unparenting it here would leave GtkWindow holding a widget
   * that is gone (a critical when a conversation window closes). */
  self->notebook = NULL;
  G_OBJECT_CLASS (glint_chat_window_parent_class)->dispose (object);
}

/* The next conversation window opens as the user left this one. */
static gboolean
glint_chat_window_close_request (GtkWindow *window)
{
  GlintChatWindow *self = GLINT_CHAT_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set (glint_application_get_settings (self->app), "chat-window-size", "(ii)", width, height);
  return GTK_WINDOW_CLASS (glint_chat_window_parent_class)->close_request (window);
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

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-chat-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintChatWindow, notebook);
  gtk_widget_class_install_action (widget_class, "win.close-tab", NULL, close_tab_action);
  gtk_widget_class_install_action (widget_class, "win.next-tab", NULL, next_tab_action);
  gtk_widget_class_install_action (widget_class, "win.previous-tab", NULL, previous_tab_action);
  gtk_widget_class_install_action (widget_class, "win.select-tab", "i", select_tab_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
}

static void
glint_chat_window_init (GlintChatWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->pages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_window_set_hide_on_close (GTK_WINDOW (self), FALSE);
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
  apply_tab_position (self);
  g_signal_connect_object (settings, "changed::tab-position", G_CALLBACK (apply_tab_position),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_swapped (self->notebook, "switch-page", G_CALLBACK (on_switch_page), self);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_switch_page), NULL);
  return self;
}

/* Messages not yet seen, over every tab. */
guint
glint_chat_window_count_unread (GlintChatWindow *self)
{
  guint unread = 0;

  for (int i = 0; i < gtk_notebook_get_n_pages (self->notebook); i++)
    unread += glint_chat_page_get_unread (GLINT_CHAT_PAGE (gtk_notebook_get_nth_page (self->notebook, i)));
  return unread;
}

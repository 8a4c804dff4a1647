/* glint-chat-page.c
 *
 * Messages are shown through a GtkListView over a model that holds only
 * the pages of history read so far; older pages are read from the store
 * when the view reaches the top.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-chat-page"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-chat-page-private.h"
#include "glint-accessible.h"
#include "glint-text.h"

/* How long after the user's wheel, keys or scrollbar a movement of the
 * view is still the user's (a touchpad glides on). */
#define USER_SCROLL_US (600 * 1000)

#define PAGE_SIZE 50
/* The rows a page keeps however far the user scrolls: six pages. */
#define WINDOW_PAGES 6
#define PAUSED_AFTER_S 5


G_DEFINE_FINAL_TYPE (GlintChatPage, glint_chat_page, GTK_TYPE_BOX)


/* Scrolling and history */

static void
go_to_bottom (GlintChatPage *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  self->scrolling = TRUE;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  self->scrolling = FALSE;
}

static gboolean
scroll_to_bottom (gpointer data)
{
  GlintChatPage *self = data;

  self->scroll_source = 0;
  /* The user may have scrolled away since this was asked. */
  if (self->follow)
    go_to_bottom (self);
  return G_SOURCE_REMOVE;
}

static void
queue_scroll_to_bottom (GlintChatPage *self)
{
  /* One scroll for however many rows came since the last frame. */
  if (self->scroll_source == 0)
    self->scroll_source = g_idle_add_full (GLINT_CHAT_PAGE_AFTER_FRAME, scroll_to_bottom, self, NULL);
}

static gboolean
at_bottom (GlintChatPage *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  return gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj)
         >= gtk_adjustment_get_upper (adj) - 40;
}

/* Whether the list's size changed since last seen: rows measured or
 * added, the window resized. */
static gboolean
extent_changed (GlintChatPage *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  double upper = gtk_adjustment_get_upper (adj), page = gtk_adjustment_get_page_size (adj);
  gboolean changed = upper != self->seen_upper || page != self->seen_page;

  self->seen_upper = upper;
  self->seen_page = page;
  return changed;
}

/* A view on the newest message stays there when rows are added, once
 * they are measured: the list's size changes, and the view follows, just
 * after the list's allocation (moving it during the allocation leaves the
 * list drawing where it was). */
static void
on_extent_changed (GlintChatPage *self)
{
  extent_changed (self);
  if (self->follow)
    queue_scroll_to_bottom (self);
}

/* The view moved. Soon after the user scrolled (wheel, touchpad, keys,
 * scrollbar), it is the user, and the view follows again only from the
 * bottom; otherwise it is the list keeping its rows in place as they are
 * measured, and a view that follows goes back to the newest. */
static void
on_scrolled (GlintChatPage *self)
{
  extent_changed (self);
  if (self->scrolling)
    return;
  if (g_get_monotonic_time () - self->user_scrolled_us > USER_SCROLL_US)
    {
      if (self->follow)
        queue_scroll_to_bottom (self);
      return;
    }
  self->follow = at_bottom (self) && !glint_history_model_has_newer (self->history);
  if (self->follow)
    gtk_widget_set_visible (GTK_WIDGET (self->jump_button), FALSE);
}

static gboolean
note_user_scroll (GlintChatPage *self)
{
  self->user_scrolled_us = g_get_monotonic_time ();
  return FALSE;
}

static gboolean
on_view_key (GtkEventControllerKey *keys,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             GlintChatPage         *self)
{
  switch (keyval)
    {
    case GDK_KEY_Page_Up: case GDK_KEY_Page_Down: case GDK_KEY_Up: case GDK_KEY_Down:
    case GDK_KEY_Home: case GDK_KEY_End: case GDK_KEY_KP_Page_Up: case GDK_KEY_KP_Page_Down:
      note_user_scroll (self);
      break;
    default:
      break;
    }
  return FALSE;
}

/* What the user does to scroll the view, noticed before the view acts on
 * it. */
static void
watch_user_scrolling (GlintChatPage *self)
{
  GtkEventController *wheel = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();

  gtk_event_controller_set_propagation_phase (wheel, GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (wheel, "scroll", G_CALLBACK (note_user_scroll), self);
  g_signal_connect_swapped (wheel, "decelerate", G_CALLBACK (note_user_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), wheel);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_view_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), keys);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (note_user_scroll), self);
  gtk_widget_add_controller (gtk_scrolled_window_get_vscrollbar (self->scroller), GTK_EVENT_CONTROLLER (drag));
}

static void
on_jump_clicked (GlintChatPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!glint_history_model_show_newest (self->history, &error))
    g_warning ("%s", error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->jump_button), FALSE);
  self->follow = TRUE;
  queue_scroll_to_bottom (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->composer));
}

static void report_history_error (GError *error);

static gboolean
reveal_message (gpointer data)
{
  GlintChatPage *self = data;
  GListModel *model = G_LIST_MODEL (self->history);

  self->reveal_source = 0;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GlintMessageItem) item = g_list_model_get_item (model, i);

      if (glint_message_item_get_message (item)->id != self->reveal_id)
        continue;
      self->scrolling = TRUE;
      gtk_widget_activate_action (GTK_WIDGET (self->message_view), "list.scroll-to-item", "u", i);
      self->scrolling = FALSE;
      break;
    }
  return G_SOURCE_REMOVE;
}

/* A search hit: the window moves to the message, the view shows it, and
 * stops following the newest (the jump button brings it back). */
void
glint_chat_page_show_message (GlintChatPage *self,
                              gint64         time_ms,
                              gint64         id)
{
  g_autoptr(GError) error = NULL;

  if (!glint_history_model_show_around (self->history, time_ms, id, &error))
    {
      report_history_error (error);
      return;
    }
  self->follow = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self->jump_button), TRUE);
  self->reveal_id = id;
  /* Once the rows the model just changed are laid out: the list scrolls
   * by their measured heights. */
  if (self->reveal_source == 0)
    self->reveal_source = g_idle_add_full (GLINT_CHAT_PAGE_AFTER_FRAME, reveal_message, self, NULL);
}

static void
on_hit_activated (GlintChatPage *self,
                  gint64         time_ms,
                  gint64         id)
{
  glint_chat_page_show_message (self, time_ms, id);
}

/* XEP-0333: the user has seen this chat: tell the contact, if they asked
 * and the user allows, that they read up to @latest (an incoming message
 * just shown) or else to the newest incoming message shown. */
void
glint_chat_page_mark_read (GlintChatPage      *self,
                           const GlintMessage *latest)
{
  GListModel *model = G_LIST_MODEL (self->history);
  g_autoptr(GlintMessageItem) item = NULL;

  if (!g_settings_get_boolean (self->settings, "send-read-markers"))
    return;
  for (guint i = g_list_model_get_n_items (model); latest == NULL && i > 0; i--)
    {
      const GlintMessage *msg;

      g_clear_object (&item);
      item = g_list_model_get_item (model, i - 1);
      msg = glint_message_item_get_message (item);
      if (msg->direction == GLINT_DIRECTION_IN)
        latest = msg;
    }
  if (latest == NULL || latest->direction != GLINT_DIRECTION_IN || latest->id == self->read_marked_id)
    return;
  self->read_marked_id = latest->id;
  glint_session_send_displayed (self->session, latest);
}

/* Ctrl+F */
void
glint_chat_page_open_search (GlintChatPage *self)
{
  glint_chat_search_open (self->search);
}

/* Rows beyond the window go once the new ones are laid out and the old
 * ones are out of sight; the list keeps the row at the top of the view in
 * place. */
static gboolean
trim_history (gpointer data)
{
  GlintChatPage *self = data;

  self->trim_source = 0;
  if (at_bottom (self))
    glint_history_model_trim_older (self->history);
  else
    glint_history_model_trim_newer (self->history);
  return G_SOURCE_REMOVE;
}

static void
queue_trim (GlintChatPage *self)
{
  if (self->trim_source == 0)
    self->trim_source = g_idle_add_full (GLINT_CHAT_PAGE_AFTER_FRAME, trim_history, self, NULL);
}

static void
report_history_error (GError *error)
{
  g_warning ("%s", error->message);
}

static void
load_older (GlintChatPage *self)
{
  g_autoptr(GError) error = NULL;

  if (!glint_history_model_load_older (self->history, &error))
    report_history_error (error);
  queue_trim (self);
}

/* Past the oldest stored message: the server's archive may have older
 * ones. They come as archived messages and join the top of the view. */
static void
fetch_older (GlintChatPage *self)
{
  if (self->fetching_older || self->archive_start)
    return;
  self->fetching_older = glint_session_fetch_older (self->session, self->peer);
  g_debug ("Asking the archive for older messages with %s: %s", self->peer,
           self->fetching_older ? "asked" : "no archive now");
  gtk_widget_set_visible (self->older_box, self->fetching_older);
}

static void
on_older_fetched (GlintSession  *session,
                  const char    *peer,
                  guint          added,
                  gboolean       complete,
                  GlintChatPage *self)
{
  if (g_strcmp0 (peer, self->peer) != 0)
    return;
  g_debug ("%u older messages with %s came from the archive%s", added, peer, complete ? ", the first of all" : "");
  self->fetching_older = FALSE;
  self->archive_start = complete;
  gtk_widget_set_visible (self->older_box, FALSE);
  /* Still at the top, where the older ones joined: the user is reading
   * back, and the next page follows. */
  if (added > 0 && !complete && gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scroller)) <= 0)
    fetch_older (self);
}

static void
on_edge_reached (GlintChatPage   *self,
                 GtkPositionType  pos)
{
  g_autoptr(GError) error = NULL;

  if (pos == GTK_POS_TOP)
    {
      if (glint_history_model_has_older (self->history))
        load_older (self);
      /* The store has nothing older: the server's archive may. */
      if (!glint_history_model_has_older (self->history))
        fetch_older (self);
    }
  else if (pos == GTK_POS_BOTTOM && glint_history_model_has_newer (self->history))
    {
      if (!glint_history_model_load_newer (self->history, &error))
        report_history_error (error);
      queue_trim (self);
    }
}

/* An empty label is still read out, as its type's name: hide it instead. */
static void
show_chat_state (GlintChatPage *self,
                 const char    *text)
{
  gtk_label_set_text (self->chat_state_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->chat_state_label), text != NULL && *text != '\0');
}

/* New messages wait here for the next frame and join the view together:
 * a burst is one change of the list a frame, not one a message. */
static gboolean
flush_incoming (gpointer data)
{
  GlintChatPage *self = data;
  g_autoptr(GPtrArray) batch = g_steal_pointer (&self->incoming);
  g_autoptr(GError) error = NULL;
  gboolean follow = self->follow;
  gboolean any_in = FALSE, any_out = FALSE;

  self->flush_source = 0;
  /* From the archive: older history, or what came while away, never new
   * below the reader. */
  for (guint i = 0; i < batch->len; i++)
    {
      const GlintMessage *msg = batch->pdata[i];
      gboolean live = !msg->archived && !msg->notice;

      any_in |= msg->direction == GLINT_DIRECTION_IN && live;
      any_out |= msg->direction == GLINT_DIRECTION_OUT && live;
    }
  /* What the user wrote is shown even when the view was scrolled far up. */
  if (any_out && glint_history_model_has_newer (self->history)
      && !glint_history_model_show_newest (self->history, &error))
    report_history_error (error);
  if (glint_history_model_add_many (self->history, batch) == 0)
    return G_SOURCE_REMOVE;
  if (any_in)
    {
      show_chat_state (self, NULL);
      glint_chat_tab_set_typing (self->tab, FALSE);
    }
  if (follow || any_out)
    {
      self->follow = TRUE;
      queue_scroll_to_bottom (self);
      queue_trim (self);
    }
  else if (any_in)
    /* Scrolled up: the view stays where the reader is, and says there is
     * more below. */
    gtk_widget_set_visible (GTK_WIDGET (self->jump_button), TRUE);
  return G_SOURCE_REMOVE;
}

void
glint_chat_page_append (GlintChatPage      *self,
                        const GlintMessage *msg)
{
  if (self->incoming == NULL)
    self->incoming = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_message_free);
  g_ptr_array_add (self->incoming, glint_message_copy (msg));
  if (self->flush_source == 0)
    self->flush_source = g_idle_add_full (GLINT_CHAT_PAGE_AFTER_FRAME, flush_incoming, self, NULL);
}

static void
on_message_updated (GlintSession  *session,
                    gint64         id,
                    int            state,
                    GlintChatPage *self)
{
  /* It may still be waiting to be shown. */
  for (guint i = 0; self->incoming && i < self->incoming->len; i++)
    if (((GlintMessage *) self->incoming->pdata[i])->id == id)
      ((GlintMessage *) self->incoming->pdata[i])->state = state;
  glint_history_model_set_state (self->history, id, state);
}

/* XEP-0308: the corrected text takes the message's place; the first one
 * is kept with it. */
static void
correct_one (GlintMessage *msg,
             const char   *body)
{
  if (msg->original_body == NULL)
    msg->original_body = g_steal_pointer (&msg->body);
  g_free (msg->body);
  msg->body = g_strdup (body);
}

static void
on_message_corrected (GlintSession  *session,
                      gint64         id,
                      const char    *body,
                      GlintChatPage *self)
{
  GlintMessageItem *item = glint_history_model_lookup (self->history, id);

  for (guint i = 0; self->incoming && i < self->incoming->len; i++)
    if (((GlintMessage *) self->incoming->pdata[i])->id == id)
      correct_one (self->incoming->pdata[i], body);
  if (self->editing && self->editing->id == id)
    correct_one (self->editing, body);
  if (item != NULL)
    {
      g_autoptr(GlintMessage) corrected = glint_message_copy (glint_message_item_get_message (item));

      correct_one (corrected, body);
      glint_history_model_replace (self->history, id, corrected);
    }
}

void
glint_chat_page_set_unread (GlintChatPage *self,
                            guint          unread)
{
  self->unread = unread;
  glint_chat_tab_set_unread (self->tab, unread);
  glint_chat_page_update_header (self);
}

guint
glint_chat_page_get_unread (GlintChatPage *self)
{
  return self->unread;
}

/* Whether the history shows any message (for benchmarks). */
gboolean
glint_chat_page_shows_messages (GlintChatPage *self)
{
  return self->history != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->history)) > 0;
}

static void
on_chat_state (GlintSession  *session,
               const char    *jid,
               const char    *state,
               GlintChatPage *self)
{
  GlintContact *contact;
  const char *name;
  g_autofree char *text = NULL;

  if (g_strcmp0 (jid, self->peer) != 0)
    return;
  contact = glint_session_lookup_contact (session, self->peer);
  name = contact ? glint_contact_get_display_name (contact) : self->peer;
  if (g_strcmp0 (state, "composing") == 0)
    text = g_strdup_printf (_("%s is typing…"), name);
  else if (g_strcmp0 (state, "paused") == 0)
    text = g_strdup_printf (_("%s stopped typing"), name);
  show_chat_state (self, text);
  glint_chat_tab_set_typing (self->tab, g_strcmp0 (state, "composing") == 0);
}

/* Composer */

static gboolean
send_paused (gpointer data)
{
  GlintChatPage *self = data;

  self->paused_id = 0;
  self->composing = FALSE;
  glint_session_send_chat_state (self->session, self->peer, "paused");
  return G_SOURCE_REMOVE;
}

static void
on_composer_changed (GlintChatPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer);
  gboolean empty = gtk_text_buffer_get_char_count (buffer) == 0;

  if (!g_settings_get_boolean (self->settings, "send-chat-states"))
    return;
  g_clear_handle_id (&self->paused_id, g_source_remove);
  if (empty)
    {
      if (self->composing)
        glint_session_send_chat_state (self->session, self->peer, "active");
      self->composing = FALSE;
      return;
    }
  if (!self->composing)
    {
      self->composing = TRUE;
      glint_session_send_chat_state (self->session, self->peer, "composing");
    }
  self->paused_id = g_timeout_add_seconds (PAUSED_AFTER_S, send_paused, self);
}

static void
set_composer_text (GlintChatPage *self,
                   const char    *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer);

  g_signal_handlers_block_by_func (buffer, on_composer_changed, self);
  gtk_text_buffer_set_text (buffer, text, -1);
  g_signal_handlers_unblock_by_func (buffer, on_composer_changed, self);
}

static void
stop_editing (GlintChatPage *self)
{
  g_clear_pointer (&self->editing, glint_message_free);
  gtk_widget_set_visible (GTK_WIDGET (self->editing_label), FALSE);
  set_composer_text (self, "");
}

/* Up in an empty composer: the last message the user sent comes back to
 * be corrected (XEP-0308), as in other clients. */
static gboolean
start_editing (GlintChatPage *self)
{
  GListModel *model = G_LIST_MODEL (self->history);

  for (guint i = g_list_model_get_n_items (model); i > 0; i--)
    {
      g_autoptr(GlintMessageItem) item = g_list_model_get_item (model, i - 1);
      const GlintMessage *msg = glint_message_item_get_message (item);

      if (msg->direction != GLINT_DIRECTION_OUT || msg->xmpp_id == NULL || glint_message_is_action (msg))
        continue;
      g_clear_pointer (&self->editing, glint_message_free);
      self->editing = glint_message_copy (msg);
      set_composer_text (self, msg->body);
      gtk_widget_set_visible (GTK_WIDGET (self->editing_label), TRUE);
      return TRUE;
    }
  return FALSE;
}

static gboolean
composer_is_empty (GlintChatPage *self)
{
  return gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (self->composer)) == 0;
}

static void
send_composed (GlintChatPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer);
  GtkTextIter start, end;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlintMessage) sent = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (g_strstrip (text)[0] == '\0')
    return;
  if (self->editing != NULL)
    {
      if (glint_session_correct_message (self->session, self->editing, text, &error) == 0)
        {
          show_chat_state (self, error->message);
          return;
        }
      stop_editing (self);
      return;
    }
  sent = glint_session_send_message (self->session, self->peer, text, &error);
  if (error && sent == NULL)
    {
      show_chat_state (self, error->message);
      return;
    }
  g_clear_handle_id (&self->paused_id, g_source_remove);
  self->composing = FALSE; /* the message itself says "active" */
  g_signal_handlers_block_by_func (buffer, on_composer_changed, self);
  gtk_text_buffer_set_text (buffer, "", 0);
  g_signal_handlers_unblock_by_func (buffer, on_composer_changed, self);
}

/* Enter sends and Shift+Enter starts a new line, or, as the user prefers,
 * Ctrl+Enter sends and Enter starts a new line. */
static gboolean
on_composer_key (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 GlintChatPage         *self)
{
  GdkModifierType mods = state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK);
  GdkModifierType sends = g_settings_get_enum (self->settings, "send-key") == 1 ? GDK_CONTROL_MASK : 0;

  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && mods == sends)
    {
      send_composed (self);
      return TRUE;
    }
  if (keyval == GDK_KEY_Tab && mods == 0 && glint_chat_page_complete_nick (self))
    return TRUE;
  if (keyval == GDK_KEY_Up && mods == 0 && self->editing == NULL && composer_is_empty (self))
    return start_editing (self);
  if (keyval == GDK_KEY_Escape && self->editing != NULL)
    {
      stop_editing (self);
      return TRUE;
    }
  return FALSE;
}

void
glint_chat_page_focus_composer (GlintChatPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->composer));
}

/* A link's message (xmpp:…?message;body=…): written into the composer for
 * the user to read, change and send; after what is there already. */
void
glint_chat_page_write_draft (GlintChatPage *self,
                             const char    *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer);
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  if (gtk_text_buffer_get_char_count (buffer) > 0)
    gtk_text_buffer_insert (buffer, &end, "\n", -1);
  gtk_text_buffer_insert (buffer, &end, text, -1);
}

/* The tab is closing: tell the contact we left. */
void
glint_chat_page_leave (GlintChatPage *self)
{
  g_clear_handle_id (&self->paused_id, g_source_remove);
  /* Closing a room's tab leaves the room. */
  if (self->room != NULL)
    {
      glint_session_leave_room (self->session, glint_room_get_jid (self->room));
      return;
    }
  if (g_settings_get_boolean (self->settings, "send-chat-states"))
    glint_session_send_chat_state (self->session, self->peer, "gone");
}

GlintChatTab *
glint_chat_page_get_tab (GlintChatPage *self)
{
  return self->tab;
}

const char *
glint_chat_page_get_name (GlintChatPage *self)
{
  return gtk_label_get_text (self->name_label);
}

const char *
glint_chat_page_get_peer (GlintChatPage *self)
{
  return self->peer;
}

GlintSession *
glint_chat_page_get_session (GlintChatPage *self)
{
  return self->session;
}

/* The room this page shows, or NULL (a contact, an occupant). */
GlintRoom *
glint_chat_page_get_room (GlintChatPage *self)
{
  return self->kind == GLINT_CONVERSATION_GROUPCHAT ? self->room : NULL;
}

const char *
glint_chat_page_get_account (GlintChatPage *self)
{
  return glint_session_get_account_jid (self->session);
}

static void
glint_chat_page_dispose (GObject *object)
{
  GlintChatPage *self = GLINT_CHAT_PAGE (object);

  g_clear_handle_id (&self->paused_id, g_source_remove);
  /* Nothing of the view runs once it is going. */
  g_clear_handle_id (&self->trim_source, g_source_remove);
  g_clear_handle_id (&self->scroll_source, g_source_remove);
  g_clear_handle_id (&self->reveal_source, g_source_remove);
  g_clear_handle_id (&self->flush_source, g_source_remove);
  if (self->scroller)
    g_signal_handlers_disconnect_by_data (gtk_scrolled_window_get_vadjustment (self->scroller), self);
  if (self->contact)
    g_clear_signal_handler (&self->contact_handler, self->contact);
  g_clear_object (&self->contact);
  glint_chat_page_dispose_room (self);
  if (self->session)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      g_signal_handlers_disconnect_by_data (glint_session_get_roster (self->session), self);
    }
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_object (&self->tab);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLINT_TYPE_CHAT_PAGE);
  G_OBJECT_CLASS (glint_chat_page_parent_class)->dispose (object);
}

static void
glint_chat_page_finalize (GObject *object)
{
  GlintChatPage *self = GLINT_CHAT_PAGE (object);

  g_free (self->peer);
  g_clear_pointer (&self->incoming, g_ptr_array_unref);
  g_clear_pointer (&self->editing, glint_message_free);
  g_clear_object (&self->history);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  G_OBJECT_CLASS (glint_chat_page_parent_class)->finalize (object);
}

static void
glint_chat_page_class_init (GlintChatPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glint_chat_page_dispose;
  object_class->finalize = glint_chat_page_finalize;

  g_type_ensure (GLINT_TYPE_CHAT_SEARCH);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-chat-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, presence_icon);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, chat_state_label);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, jump_button);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, older_box);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, unsaved_label);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, editing_label);
  gtk_widget_class_bind_template_callback (widget_class, on_jump_clicked);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, search);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, stranger_revealer);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, stranger_label);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, add_stranger_button);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, block_button);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_block_clicked", G_CALLBACK (glint_chat_page_block_clicked));
  gtk_widget_class_bind_template_callback (widget_class, on_hit_activated);
  gtk_widget_class_bind_template_callback (widget_class, glint_chat_page_focus_composer);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, message_view);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, composer);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, send_button);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, occupants_button);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, room_menu_button);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, occupants_revealer);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, occupant_list);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, room_revealer);
  gtk_widget_class_bind_template_child (widget_class, GlintChatPage, room_problem_label);
  gtk_widget_class_bind_template_callback (widget_class, glint_chat_page_rejoin);
  g_type_ensure (GLINT_TYPE_OCCUPANT_LIST);
}

static void
glint_chat_page_init (GlintChatPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  glint_accessible_name_buttons_once (GTK_WIDGET (self));
}

/* How times are written or runs grouped changed: every row is made again. */
static void
rebind_rows (GlintChatPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->history));

  g_list_model_items_changed (G_LIST_MODEL (self->history), 0, n, n);
}

GlintChatPage *
glint_chat_page_new (GlintSession *session,
                     GSettings    *settings,
                     const char   *peer)
{
  GlintChatPage *self = g_object_new (GLINT_TYPE_CHAT_PAGE, NULL);
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GlintContact *contact = glint_session_lookup_contact (session, peer);
  g_autofree char *list_name = NULL;
  g_autofree char *composer_name = NULL;

  self->session = g_object_ref (session);
  self->settings = g_object_ref (settings);
  self->peer = g_strdup (peer);
  self->tab = g_object_ref_sink (glint_chat_tab_new ());
  glint_chat_page_setup_room (self);
  self->expanded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->add_stranger_button), "(ss)",
                                    glint_session_get_account_jid (session), peer);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->block_button), "(ss)",
                                    glint_session_get_account_jid (session), peer);
  g_signal_connect_object (session, "notify::roster-loaded", G_CALLBACK (glint_chat_page_track_contact), self,
                           G_CONNECT_SWAPPED);

  glint_chat_page_setup_rows (self, factory);
  gtk_list_view_set_factory (self->message_view, factory);

  list_name = g_strdup_printf (_("Conversation with %s"), contact ? glint_contact_get_display_name (contact) : peer);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->message_view), GTK_ACCESSIBLE_PROPERTY_LABEL, list_name, -1);
  composer_name = g_strdup_printf (_("Message to %s"), contact ? glint_contact_get_display_name (contact) : peer);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->composer), GTK_ACCESSIBLE_PROPERTY_LABEL, composer_name, -1);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_composer_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->composer), keys);
  g_signal_connect_swapped (gtk_text_view_get_buffer (self->composer), "changed",
                            G_CALLBACK (on_composer_changed), self);
  g_signal_connect_swapped (self->send_button, "clicked", G_CALLBACK (send_composed), self);
  g_signal_connect_swapped (self->scroller, "edge-reached", G_CALLBACK (on_edge_reached), self);
  self->follow = TRUE;
  watch_user_scrolling (self);
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (self->scroller), "changed",
                            G_CALLBACK (on_extent_changed), self);
  g_signal_connect_swapped (gtk_scrolled_window_get_vadjustment (self->scroller), "value-changed",
                            G_CALLBACK (on_scrolled), self);
  g_signal_connect (session, "message-updated", G_CALLBACK (on_message_updated), self);
  g_signal_connect (session, "message-corrected", G_CALLBACK (on_message_corrected), self);
  g_signal_connect (session, "chat-state", G_CALLBACK (on_chat_state), self);
  g_signal_connect (session, "older-fetched", G_CALLBACK (on_older_fetched), self);
  g_signal_connect_swapped (glint_session_get_roster (session), "items-changed",
                            G_CALLBACK (glint_chat_page_track_contact), self);

  g_signal_connect_object (settings, "changed::show-times", G_CALLBACK (rebind_rows), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::time-format", G_CALLBACK (rebind_rows), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::group-messages", G_CALLBACK (rebind_rows), self,
                           G_CONNECT_SWAPPED);
  g_settings_bind (settings, "save-history", self->unsaved_label, "visible",
                   G_SETTINGS_BIND_GET | G_SETTINGS_BIND_INVERT_BOOLEAN);
  glint_chat_page_reload_history (self);
  glint_chat_page_track_contact (self);
  return self;
}

/* Reads the conversation again from the session's store: when the page
 * opens, after history was deleted, or when saving it was turned on or
 * off (the session then writes to another store). It starts with the
 * previous conversation if the user wants it shown. */
void
glint_chat_page_reload_history (GlintChatPage *self)
{
  GlintStore *store = glint_session_get_store (self->session);
  const char *account = glint_session_get_account_jid (self->session);
  guint previous = g_settings_get_uint (self->settings, "previous-count");
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->history);
  self->history = glint_history_model_new (store, account, self->peer, MAX (PAGE_SIZE, previous), WINDOW_PAGES);
  gtk_list_view_set_model (self->message_view,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->history)))));
  glint_chat_search_set_conversation (self->search, store, account, self->peer);
  if (!glint_history_model_show_latest (self->history, g_settings_get_boolean (self->settings, "show-previous")
                                                        ? previous : 0, &error))
    report_history_error (error);
  gtk_widget_set_visible (GTK_WIDGET (self->jump_button), FALSE);
  self->follow = TRUE;
  queue_scroll_to_bottom (self);
  /* Too little stored to scroll past: the archive may have the rest. */
  if (previous > 0 && g_settings_get_boolean (self->settings, "show-previous")
      && !glint_history_model_has_older (self->history)
      && g_list_model_get_n_items (G_LIST_MODEL (self->history)) < previous)
    fetch_older (self);
}

void
glint_chat_page_set_show_account (GlintChatPage *self,
                                  gboolean       show)
{
  self->show_account = show;
  glint_chat_page_update_header (self);
}

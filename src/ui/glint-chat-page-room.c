/* glint-chat-page-room.c: a chat page that shows a room (XEP-0045) or a
 * private conversation with one of its occupants
 *
 * A room's page names the room and its subject, lists who is there beside
 * the history, says in words why the room sent the user out (with Join
 * Again), and completes nicks with Tab. Every nick and subject is set as
 * text, never markup.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-chat-page"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-menu.h"
#include "glint-chat-page-private.h"
#include "glint-jid.h"
#include "glint-text.h"

#include <string.h>

/* Lines about the room in one frame beyond which they are said as one. */
#define MAX_NOTICE_ROWS 3

/* A room without a name of its own is called by its address's local part. */
static char *
room_title (const char *jid)
{
  g_autoptr(GlintJid) parsed = glint_jid_parse (jid, NULL);

  return g_strdup (parsed && parsed->local ? parsed->local : jid);
}

static const char *
describe_state (GlintRoom *room)
{
  switch (glint_room_get_state (room))
    {
    case GLINT_ROOM_JOINING:
      return _("Joining…");
    case GLINT_ROOM_LEFT:
    case GLINT_ROOM_REFUSED:
      return _("Not in the room");
    case GLINT_ROOM_JOINED:
    default:
      return NULL;
    }
}

void
glint_chat_page_update_room_header (GlintChatPage *self)
{
  GlintRoom *room = self->room;
  const char *subject = glint_room_get_subject (room);
  const char *state = describe_state (room);
  g_autofree char *title = glint_room_get_name (room) ? g_strdup (glint_room_get_name (room))
                                                      : room_title (glint_room_get_jid (room));
  g_autofree char *tooltip = NULL;
  const char *problem = glint_room_get_problem (room);

  gtk_label_set_text (self->name_label, title);
  gtk_label_set_text (self->status_label, state ? state : subject ? subject : _("No subject"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label), subject);
  tooltip = subject ? g_strdup_printf ("%s\n%s", glint_room_get_jid (room), subject)
                    : g_strdup (glint_room_get_jid (room));
  glint_chat_tab_set_title (self->tab, title, tooltip, "system-users-symbolic",
                            state ? state : _("Group chat"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->presence_icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Group chat"), -1);
  gtk_label_set_text (self->room_problem_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->room_revealer), problem != NULL);
  gtk_revealer_set_reveal_child (self->room_revealer, problem != NULL);
}

/* The lines about the room that came since the last frame, as rows of
 * the conversation. A burst (many people coming at once) is one row, so
 * a flood of presences never floods the history. */
static gboolean
show_notices (gpointer data)
{
  GlintChatPage *self = data;
  g_autoptr(GPtrArray) lines = g_steal_pointer (&self->pending_notices);
  g_autoptr(GlintMessage) msg = glint_message_new ();

  self->notice_source = 0;
  msg->account = g_strdup (glint_session_get_account_jid (self->session));
  msg->peer = g_strdup (self->peer);
  msg->kind = GLINT_CONVERSATION_GROUPCHAT;
  msg->direction = GLINT_DIRECTION_IN;
  msg->state = GLINT_MESSAGE_INCOMING;
  msg->notice = TRUE;
  msg->time_ms = g_get_real_time () / 1000;
  if (lines->len <= MAX_NOTICE_ROWS)
    for (guint i = 0; i < lines->len; i++)
      {
        g_free (msg->body);
        msg->body = g_strdup (lines->pdata[i]);
        glint_chat_page_append (self, msg);
      }
  else
    {
      guint more = lines->len - MAX_NOTICE_ROWS;
      g_autofree char *first = NULL;

      g_ptr_array_set_size (lines, MAX_NOTICE_ROWS);
      g_ptr_array_add (lines, NULL);
      first = g_strjoinv (" · ", (char **) lines->pdata);
      msg->body = g_strdup_printf (ngettext ("%s, and %u more change", "%s, and %u more changes", more),
                                   first, more);
      glint_chat_page_append (self, msg);
    }
  return G_SOURCE_REMOVE;
}

/* Who joined, left or took another nick, when the user wants to see it
 * (show-room-notices). */
static void
on_room_notice (GlintRoom     *room,
                const char    *line,
                GlintChatPage *self)
{
  if (!g_settings_get_boolean (self->settings, "show-room-notices"))
    return;
  if (self->pending_notices == NULL)
    self->pending_notices = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->pending_notices, g_strdup (line));
  if (self->notice_source == 0)
    self->notice_source = g_idle_add_full (GLINT_CHAT_PAGE_AFTER_FRAME, show_notices, self, NULL);
}

/* Hidden: the lines shown go too. */
static void
on_show_notices_changed (GlintChatPage *self)
{
  if (!g_settings_get_boolean (self->settings, "show-room-notices"))
    glint_history_model_remove_notices (self->history);
}

/* The room's menu, each entry the application's action for this room;
 * made again when the room is kept as a bookmark or no longer. */
static void
update_room_menu (GlintChatPage *self)
{
  const char *account = glint_session_get_account_jid (self->session);
  const char *jid = glint_room_get_jid (self->room);
  gboolean kept = glint_session_lookup_bookmark (self->session, jid) != NULL;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) people = g_menu_new ();
  g_autoptr(GMenu) room = g_menu_new ();
  g_autoptr(GMenu) notify = g_menu_new ();
  g_autoptr(GMenu) end = g_menu_new ();

  glint_menu_append (people, _("_Invite a Contact…"), "app.ask-invite", g_variant_new ("(ss)", account, jid));
  glint_menu_append (people, _("Change _Nickname…"), "app.ask-nick", g_variant_new ("(ss)", account, jid));
  glint_menu_append (room, _("Change the _Subject…"), "app.ask-room-subject", g_variant_new ("(ss)", account, jid));
  glint_menu_append (room, kept ? _("_Forget Bookmark") : _("_Bookmark, Join at Login"), "app.bookmark-room",
            g_variant_new ("(ssb)", account, jid, !kept));
  {
    static const struct { const char *mode; const char *label; } modes[] = {
      { "default", N_("Notify as in _Preferences") },
      { "all", N_("Notify _All Messages") },
      { "mentions", N_("Notify _Mentions Only") },
      { "none", N_("_Never Notify") },
    };
    g_autoptr(GVariant) overrides = g_settings_get_value (self->settings, "room-notifications");
    const char *current = "default";

    g_variant_lookup (overrides, jid, "&s", &current);
    for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
      {
        /* The room's choice is the one marked. */
        g_autofree char *label = g_strcmp0 (current, modes[i].mode) == 0
                                 ? g_strdup_printf ("✓ %s", _(modes[i].label)) : g_strdup (_(modes[i].label));

        glint_menu_append (notify, label, "app.room-notify", g_variant_new ("(ss)", jid, modes[i].mode));
      }
  }
  glint_menu_append (end, _("_Destroy the Room…"), "app.ask-destroy-room", g_variant_new ("(ss)", account, jid));
  glint_menu_append (end, _("_Leave the Room"), "win.close-tab", NULL);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (people));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (room));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (notify));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (end));
  gtk_menu_button_set_menu_model (self->room_menu_button, G_MENU_MODEL (menu));
}

/* The page of room @peer (or of one of its occupants) takes the room's
 * look; a page with a contact changes nothing. A room the user left,
 * opened again (a closed tab, the history), is entered again, as its
 * bookmark says or under the account's name. */
void
glint_chat_page_setup_room (GlintChatPage *self)
{
  GlintConversationKind kind;
  GlintRoom *room = glint_session_lookup_room (self->session, self->peer);

  if (room == NULL && glint_session_stored_kind (self->session, self->peer) == GLINT_CONVERSATION_GROUPCHAT)
    {
      const GlintBookmark *bookmark = glint_session_lookup_bookmark (self->session, self->peer);
      g_autofree char *nick = bookmark && bookmark->nick ? g_strdup (bookmark->nick)
                                                         : glint_session_default_nick (self->session);

      room = glint_session_join_room (self->session, self->peer, nick, bookmark ? bookmark->password : NULL, NULL);
    }
  kind = glint_session_conversation_kind (self->session, self->peer);
  self->kind = kind;
  if (kind != GLINT_CONVERSATION_GROUPCHAT)
    return;
  self->room = g_object_ref (room);
  gtk_image_set_from_icon_name (self->presence_icon, "system-users-symbolic");
  gtk_widget_set_visible (GTK_WIDGET (self->occupants_button), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->room_menu_button), TRUE);
  update_room_menu (self);
  g_signal_connect_object (self->session, "bookmarks-changed", G_CALLBACK (update_room_menu), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::room-notifications", G_CALLBACK (update_room_menu), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self->occupants_revealer), TRUE);
  glint_occupant_list_set_room (self->occupant_list, room);
  g_signal_connect_object (room, "notify", G_CALLBACK (glint_chat_page_update_room_header), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (room, "notice", G_CALLBACK (on_room_notice), self, 0);
  g_signal_connect_object (self->settings, "changed::show-room-notices", G_CALLBACK (on_show_notices_changed),
                           self, G_CONNECT_SWAPPED);
}

void
glint_chat_page_dispose_room (GlintChatPage *self)
{
  g_clear_handle_id (&self->notice_source, g_source_remove);
  g_clear_pointer (&self->pending_notices, g_ptr_array_unref);
  g_clear_object (&self->room);
}

/* Join Again: with the nick and password the user gave before, through
 * the application's enter-room like any join. */
void
glint_chat_page_rejoin (GlintChatPage *self)
{
  const char *password;

  if (self->room == NULL)
    return;
  password = glint_room_get_password (self->room);
  gtk_widget_activate_action (GTK_WIDGET (self), "app.enter-room", "(ssss)",
                              glint_session_get_account_jid (self->session), glint_room_get_jid (self->room),
                              glint_room_get_nick (self->room), password ? password : "");
  glint_chat_page_focus_composer (self);
}

/* What a message in a room is signed with: the nick the room gave. */
const char *
glint_chat_page_occupant_name (GlintChatPage      *self,
                               const GlintMessage *msg)
{
  if (msg->kind == GLINT_CONVERSATION_CHAT || msg->direction == GLINT_DIRECTION_OUT)
    return NULL;
  return msg->occupant_nick ? msg->occupant_nick : _("The room");
}

/* Tab after the start of a nick completes it ("bo" → "bob: " at the start
 * of the message, "bob " elsewhere). Returns FALSE when there is nothing
 * to complete, so Tab moves the focus as usual. */
gboolean
glint_chat_page_complete_nick (GlintChatPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->composer);
  GListModel *occupants;
  GtkTextIter cursor, start;
  g_autofree char *prefix = NULL;
  g_autofree char *folded = NULL;
  const char *found = NULL;
  gboolean at_start;

  if (self->room == NULL)
    return FALSE;
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  start = cursor;
  while (!gtk_text_iter_starts_line (&start))
    {
      GtkTextIter before = start;

      gtk_text_iter_backward_char (&before);
      if (g_unichar_isspace (gtk_text_iter_get_char (&before)))
        break;
      start = before;
    }
  prefix = gtk_text_buffer_get_text (buffer, &start, &cursor, FALSE);
  if (*prefix == '\0')
    return FALSE;
  folded = g_utf8_casefold (prefix, -1);
  occupants = glint_room_get_occupants (self->room);
  for (guint i = 0; i < g_list_model_get_n_items (occupants) && found == NULL; i++)
    {
      g_autoptr(GlintOccupant) occupant = g_list_model_get_item (occupants, i);
      g_autofree char *nick = g_utf8_casefold (glint_occupant_get_display_nick (occupant), -1);

      if (!glint_occupant_is_self (occupant) && g_str_has_prefix (nick, folded))
        found = glint_occupant_get_display_nick (occupant);
    }
  if (found == NULL)
    return FALSE;
  at_start = gtk_text_iter_is_start (&start);
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_delete (buffer, &start, &cursor);
  {
    g_autofree char *completed = g_strconcat (found, at_start ? ": " : " ", NULL);

    gtk_text_buffer_insert_at_cursor (buffer, completed, -1);
  }
  gtk_text_buffer_end_user_action (buffer);
  return TRUE;
}

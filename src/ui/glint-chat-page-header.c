/* glint-chat-page-header.c: what a chat page says of whom it is with:
 * name, presence, status, the tab's title, and a stranger's banner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-chat-page"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-chat-page-private.h"
#include "glint-text.h"

#include <string.h>

/* Header and tab */

void
glint_chat_page_update_header (GlintChatPage *self)
{
  GlintContact *contact;
  GlintPresence presence;
  const char *name;
  const char *status;
  g_autofree char *shown_nick = NULL;
  g_autofree char *shown_peer = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *status_text = NULL;

  if (self->room != NULL)
    {
      glint_chat_page_update_room_header (self);
      return;
    }
  contact = glint_session_lookup_contact (self->session, self->peer);
  presence = contact ? glint_contact_get_presence (contact) : GLINT_PRESENCE_OFFLINE;
  name = contact ? glint_contact_get_display_name (contact) : self->peer;
  status = contact ? glint_contact_get_status (contact) : NULL;
  /* Someone in a room, privately: by the nick the room knows. */
  if (self->kind == GLINT_CONVERSATION_PRIVATE)
    {
      shown_nick = glint_text_sanitize_nonempty (strrchr (self->peer, '/') + 1, GLINT_MAX_NAME_BYTES, FALSE);
      shown_peer = glint_text_sanitize (self->peer, GLINT_MAX_STATUS_BYTES, FALSE);
      name = shown_nick ? shown_nick : "?";
      status = shown_peer;
    }
  status_text = g_strdup_printf ("%s%s%s", glint_presence_describe (presence),
                                 status && *status ? " — " : "",
                                 status && *status ? status : "");

  gtk_label_set_text (self->name_label, name);
  /* With several accounts, say which one this conversation is on. */
  if (self->show_account)
    {
      g_autofree char *with_account = g_strdup_printf (_("%s · with %s"), status_text,
                                                       glint_session_get_account_jid (self->session));
      gtk_label_set_text (self->status_label, with_account);
      tooltip = g_strdup_printf (_("%s, with %s"), name, glint_session_get_account_jid (self->session));
    }
  else
    gtk_label_set_text (self->status_label, status_text);
  gtk_image_set_from_icon_name (self->presence_icon, glint_presence_icon_name (presence));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->presence_icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  glint_presence_describe (presence), -1);
  glint_chat_tab_set_title (self->tab, name, tooltip, glint_presence_icon_name (presence),
                            glint_presence_describe (presence));
}

/* Someone not in the contacts says so, with Add and Block, once the roster
 * is there to tell (before, everyone would look like a stranger). */
static void
update_stranger (GlintChatPage *self)
{
  gboolean stranger = glint_session_get_roster_loaded (self->session) && self->kind == GLINT_CONVERSATION_CHAT
                      && glint_session_lookup_contact (self->session, self->peer) == NULL;
  g_autofree char *text = NULL;

  if (self->blocked)
    text = g_strdup_printf (_("You blocked %s: your server drops what they send."), self->peer);
  else
    text = g_strdup_printf (_("%s is not in your contacts."), self->peer);
  gtk_label_set_text (self->stranger_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->add_stranger_button), !self->blocked);
  gtk_widget_set_visible (GTK_WIDGET (self->block_button), !self->blocked);
  /* Hidden as a whole, so it is not read out when it is not there. */
  gtk_widget_set_visible (GTK_WIDGET (self->stranger_revealer), stranger || self->blocked);
  gtk_revealer_set_reveal_child (self->stranger_revealer, stranger || self->blocked);
}

void
glint_chat_page_block_clicked (GlintChatPage *self)
{
  self->blocked = TRUE;
  update_stranger (self);
  glint_chat_page_focus_composer (self);
}

/* The conversation may open before the roster arrives, and the contact may
 * be added or removed while it is open. */
void
glint_chat_page_track_contact (GlintChatPage *self)
{
  GlintContact *contact = glint_session_lookup_contact (self->session, self->peer);

  if (contact != self->contact)
    {
      if (self->contact)
        g_clear_signal_handler (&self->contact_handler, self->contact);
      g_set_object (&self->contact, contact);
      if (contact)
        self->contact_handler = g_signal_connect_swapped (contact, "notify", G_CALLBACK (glint_chat_page_update_header), self);
    }
  glint_chat_page_update_header (self);
  update_stranger (self);
}


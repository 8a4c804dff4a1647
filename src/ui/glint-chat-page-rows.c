/* glint-chat-page-rows.c: the rows of a chat's history
 *
 * Each row is a GlintMessageRow: who and when, the text (escaped, links
 * marked; what is laid out bounded, see glint_text_display_excerpt),
 * "Show more" for a long one, "Retry" for one the server bounced; or a
 * line about a room, centred.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-chat-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "glint-chat-page-private.h"
#include "glint-jid.h"
#include "glint-message-row.h"
#include "glint-text.h"

static char *
sender_name (GlintChatPage      *self,
             const GlintMessage *msg)
{
  GlintContact *contact;
  const char *nick = glint_chat_page_occupant_name (self, msg);

  if (nick != NULL)
    return g_strdup (nick);
  if (msg->direction == GLINT_DIRECTION_OUT)
    return g_strdup (_("Me"));
  contact = glint_session_lookup_contact (self->session, msg->peer);
  return g_strdup (contact ? glint_contact_get_display_name (contact) : msg->peer);
}

/* Message rows */

/* An xmpp: link in a message is Glint's own, whatever the desktop has for
 * the scheme: it is done here, with this chat's account. */
static gboolean
on_link_activated (GlintMessageRow *row,
                   const char      *uri,
                   GlintChatPage   *self)
{
  if (g_ascii_strncasecmp (uri, "xmpp:", 5) != 0)
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), "app.open-uri", "(ss)",
                              glint_session_get_account_jid (self->session), uri);
  return TRUE;
}

static void update_message_row (GtkListItem *item);

/* "Show more": four times as much of a long message each time, so even the
 * longest is laid out in a few steps the user asked for. */
static void
on_show_more (GlintMessageRow *row,
              GtkListItem     *item)
{
  GlintChatPage *self = g_object_get_data (G_OBJECT (item), "page");
  GlintMessageItem *mi = gtk_list_item_get_item (item);
  gint64 id;
  gsize shown;

  if (mi == NULL)
    return;
  id = glint_message_item_get_message (mi)->id;
  shown = GPOINTER_TO_SIZE (g_hash_table_lookup (self->expanded, &id));
  g_hash_table_insert (self->expanded, g_memdup2 (&id, sizeof id),
                       GSIZE_TO_POINTER (MAX (shown, GLINT_DISPLAY_FIRST_BYTES) * 4));
  update_message_row (item);
}

static void update_meta (GtkListItem *item);

/* "Retry" under a message the server bounced. */
static void
on_retry (GlintMessageRow *row,
          GtkListItem     *item)
{
  GlintChatPage *self = g_object_get_data (G_OBJECT (item), "page");
  GlintMessageItem *mi = gtk_list_item_get_item (item);
  g_autoptr(GError) error = NULL;

  if (mi && !glint_session_retry_message (self->session, glint_message_item_get_message (mi), &error))
    g_message ("%s", error->message);
}

static void
setup_message (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               GlintChatPage            *self)
{
  GlintMessageRow *row = glint_message_row_new ();

  g_object_set_data (G_OBJECT (item), "page", self);
  g_signal_connect (row, "activate-link", G_CALLBACK (on_link_activated), self);
  g_signal_connect (row, "show-more", G_CALLBACK (on_show_more), item);
  g_signal_connect (row, "retry", G_CALLBACK (on_retry), item);
  gtk_list_item_set_child (item, GTK_WIDGET (row));
  gtk_list_item_set_activatable (item, FALSE);
  g_signal_connect (item, "notify::position", G_CALLBACK (update_meta), NULL);
}

/* Whether @msg follows a message from the same side within five minutes,
 * and the user wants such runs grouped. */
static gboolean
continues_run (GlintChatPage      *self,
               GtkListItem        *item,
               const GlintMessage *msg)
{
  guint position = gtk_list_item_get_position (item);
  g_autoptr(GlintMessageItem) before = NULL;
  const GlintMessage *prev;

  if (position == 0 || position == GTK_INVALID_LIST_POSITION
      || !g_settings_get_boolean (self->settings, "group-messages"))
    return FALSE;
  before = g_list_model_get_item (G_LIST_MODEL (self->history), position - 1);
  if (before == NULL)
    return FALSE;
  prev = glint_message_item_get_message (before);
  return prev->direction == msg->direction && g_strcmp0 (prev->sender, msg->sender) == 0
         && msg->time_ms - prev->time_ms < 5 * 60 * 1000 && msg->time_ms >= prev->time_ms;
}

/* The line above a message: who (once for a run from one sender), when
 * (if wanted), how far it got. A run depends on the message before, so
 * this is done again when the row's position changes (a page of older
 * messages came in above, or went). */
static void
update_meta (GtkListItem *item)
{
  GlintChatPage *self = g_object_get_data (G_OBJECT (item), "page");
  GlintMessageItem *mi = gtk_list_item_get_item (item);
  GtkWidget *row = gtk_list_item_get_child (item);
  g_autoptr(GStrvBuilder) parts = g_strv_builder_new ();
  g_auto(GStrv) meta_parts = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *who = NULL;
  g_autofree char *when = NULL;
  g_autofree char *meta_text = NULL;
  const GlintMessage *msg;
  const char *state = "";

  if (mi == NULL || self == NULL || row == NULL)
    return;
  msg = glint_message_item_get_message (mi);
  /* A line about the room says it all in its text. */
  if (msg->notice)
    {
      glint_message_row_set_meta (GLINT_MESSAGE_ROW (row), NULL);
      return;
    }
  who = sender_name (self, msg);
  now = g_date_time_new_now_local ();
  when = glint_text_format_time (msg->time_ms, g_settings_get_enum (self->settings, "time-format"), now);
  if (msg->direction == GLINT_DIRECTION_OUT)
    state = msg->state == GLINT_MESSAGE_PENDING ? _("sending…")
          : msg->state == GLINT_MESSAGE_FAILED ? _("not delivered")
          : msg->state == GLINT_MESSAGE_DELIVERED ? _("delivered")
          : msg->state == GLINT_MESSAGE_DISPLAYED ? _("seen") : "";
  if (!continues_run (self, item, msg))
    g_strv_builder_add (parts, who);
  if (g_settings_get_boolean (self->settings, "show-times"))
    g_strv_builder_add (parts, when);
  if (*state)
    g_strv_builder_add (parts, state);
  /* XEP-0308: corrected; the first text is in the tooltip. */
  if (msg->original_body)
    g_strv_builder_add (parts, _("edited"));
  meta_parts = g_strv_builder_end (parts);
  meta_text = g_strjoinv (" · ", meta_parts);
  glint_message_row_set_meta (GLINT_MESSAGE_ROW (row), meta_text);
}

static void
update_message_row (GtkListItem *item)
{
  GlintChatPage *self = g_object_get_data (G_OBJECT (item), "page");
  GlintMessageItem *mi = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GlintMessageRow *row = GLINT_MESSAGE_ROW (box);
  const GlintMessage *msg;
  g_autofree char *shown = NULL;
  gsize limit;
  gboolean cut = FALSE;
  g_autofree char *who = NULL;
  g_autofree char *when = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *spoken = NULL;
  g_autofree char *tip = NULL;

  if (mi == NULL || self == NULL)
    return;
  msg = glint_message_item_get_message (mi);
  who = sender_name (self, msg);
  now = g_date_time_new_now_local ();
  when = glint_text_format_time (msg->time_ms, g_settings_get_enum (self->settings, "time-format"), now);
  update_meta (item);

  /* What is laid out is bounded (a long message shows its first part and
   * "Show more"); a run without spaces wraps at any character. */
  limit = GPOINTER_TO_SIZE (g_hash_table_lookup (self->expanded, &msg->id));
  shown = glint_text_display_excerpt (glint_message_is_action (msg) ? glint_message_action_text (msg)
                                                                     : msg->body,
                                      limit ? limit : GLINT_DISPLAY_FIRST_BYTES, &cut);
  glint_message_row_set_actions (row, cut, msg->direction == GLINT_DIRECTION_OUT
                                           && msg->state == GLINT_MESSAGE_FAILED);

  /* The text is escaped in full before links are marked: a message is
   * never read as markup. */
  if (glint_message_is_action (msg))
    {
      /* "* Me waves" reads wrong: an action is in the third person, with
       * the name the contact sees, our address. */
      const char *me = msg->occupant_nick ? msg->occupant_nick : glint_session_get_account_jid (self->session);
      g_autofree char *action = g_strdup_printf ("* %s %s", msg->direction == GLINT_DIRECTION_OUT ? me : who,
                                                 shown);
      g_autofree char *escaped = glint_text_to_link_markup (action);
      markup = g_strdup_printf ("<i>%s</i>", escaped);
    }
  else
    markup = glint_text_to_link_markup (shown);
  if (msg->original_body)
    {
      gboolean original_cut = FALSE;
      g_autofree char *original = glint_text_display_excerpt (msg->original_body, GLINT_DISPLAY_FIRST_BYTES,
                                                              &original_cut);

      tip = g_strdup_printf (_("Before it was corrected: %s"), original);
    }
  glint_message_row_set_body (row, markup, glint_text_has_long_word (shown, GLINT_DISPLAY_LONG_WORD),
                              msg->notice, tip);
  gtk_widget_set_css_classes (box, msg->notice ? (const char *[]) { "glint-notice", NULL }
                              : msg->direction == GLINT_DIRECTION_OUT
                              ? (const char *[]) { "glint-message", "glint-outgoing", NULL }
                              : (const char *[]) { "glint-message", "glint-incoming", NULL });
  /* In a room, a message that names the user stands out. */
  if (self->room != NULL && msg->direction == GLINT_DIRECTION_IN && !msg->notice
      && glint_room_mentions_us (self->room, shown))
    gtk_widget_add_css_class (box, "glint-mention");

  spoken = msg->notice ? g_strdup_printf ("%s, %s", when, shown)
                       : g_strdup_printf ("%s, %s: %s%s", who, when, shown, cut ? "…" : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
}

static void
bind_message (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              GlintChatPage            *self)
{
  GlintMessageItem *mi = gtk_list_item_get_item (item);
  gulong id;

  /* Its state, or its text (a correction). */
  id = g_signal_connect_object (mi, "notify", G_CALLBACK (update_message_row), item, G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (item), "handler", GSIZE_TO_POINTER (id));
  update_message_row (item);
}

static void
unbind_message (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                GlintChatPage            *self)
{
  GlintMessageItem *mi = gtk_list_item_get_item (item);
  gulong id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (item), "handler"));

  if (mi && id)
    g_signal_handler_disconnect (mi, id);
  g_object_set_data (G_OBJECT (item), "handler", NULL);
}

void
glint_chat_page_setup_rows (GlintChatPage      *self,
                            GtkListItemFactory *factory)
{
  g_signal_connect (factory, "setup", G_CALLBACK (setup_message), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_message), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_message), self);
}

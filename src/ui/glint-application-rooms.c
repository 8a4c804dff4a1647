/* glint-application-rooms.c: the application's commands on rooms
 * (XEP-0045): the Join a Room dialog, joining, leaving, the subject
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-application"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-accessible.h"
#include "glint-application-private.h"
#include "glint-jid.h"
#include "glint-join-dialog.h"
#include "glint-room-browser.h"
#include "glint-text.h"

static void ask_then (GlintApplication   *self,
                      const char         *heading,
                      const char         *body,
                      const char         *field,
                      const char         *text,
                      const char         *confirm,
                      gboolean            destructive,
                      const char         *action,
                      const char * const *args);

static GlintSession *
session_of (GlintApplication *self,
            const char       *account)
{
  GlintSession *session = glint_application_lookup_session (self, account);

  if (session == NULL)
    glint_application_show_error (self, _("There is no such account in Glint."));
  return session;
}

/* The Join a Room dialog, on @account (NULL: the one connected first) with @room
 * written in (NULL: none), the account's own name as the nick; with
 * @create, Create a Room. */
static void
show_room_dialog (GlintApplication *self,
                  const char       *account,
                  const char       *room,
                  gboolean          create)
{
  GListModel *sessions = glint_client_get_sessions (glint_application_get_client (self));
  guint n = g_list_model_get_n_items (sessions);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_free);
  GlintSession *chosen = account && *account ? glint_application_lookup_session (self, account)
                                             : glint_application_default_session (self);
  g_autofree char *nick = chosen ? glint_session_default_nick (chosen) : NULL;
  GlintJoinDialog *dialog;

  if (n == 0)
    {
      glint_application_show_login (self, _("Add an account first."));
      return;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlintSession) session = g_list_model_get_item (sessions, i);

      g_ptr_array_add (accounts, g_strdup (glint_session_get_account_jid (session)));
    }
  g_ptr_array_add (accounts, NULL);
  dialog = glint_join_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                  (const char * const *) accounts->pdata,
                                  chosen ? glint_session_get_account_jid (chosen) : account, room, nick, create);
  /* Its Join is the application's enter-room, its Create make-room. */
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
glint_application_show_join_dialog (GlintApplication *self,
                                    const char       *account,
                                    const char       *room)
{
  show_room_dialog (self, account, room, FALSE);
}

static void
join_room_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       data)
{
  show_room_dialog (data, NULL, NULL, FALSE);
}

static void
create_room_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       data)
{
  show_room_dialog (data, NULL, NULL, TRUE);
}

/* (account, room): the dialog with the room written in. */
static void
join_room_address_action (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       data)
{
  const char *account, *room;

  g_variant_get (param, "(&s&s)", &account, &room);
  glint_application_show_join_dialog (data, account, room);
}

/* The tab of the room just entered, or why it could not be. */
static void
show_entered (GlintApplication *self,
              const char       *account,
              GlintRoom        *room,
              const GError     *error)
{
  if (room == NULL)
    {
      glint_application_show_error (self, error->message);
      return;
    }
  glint_chat_window_open (glint_application_ensure_chat_window (self), account, glint_room_get_jid (room), TRUE);
}

/* (account, room, nick, password): joins, and opens the room's tab; why
 * the room would not have us shows there. */
static void
enter_room_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       data)
{
  GlintApplication *self = data;
  const char *account, *room, *nick, *password;
  g_autoptr(GError) error = NULL;
  GlintSession *session;
  GlintRoom *joined;

  g_variant_get (param, "(&s&s&s&s)", &account, &room, &nick, &password);
  session = session_of (self, account);
  if (session == NULL)
    return;
  joined = glint_session_join_room (session, room, nick, password, &error);
  show_entered (self, account, joined, error);
}

/* (account, room, nick, name, subject): makes the room, named and about
 * what the user wrote, joins it and opens its tab. */
static void
make_room_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       data)
{
  GlintApplication *self = data;
  const char *account, *room, *nick, *name, *subject;
  g_autoptr(GError) error = NULL;
  GlintSession *session;
  GlintRoom *made;

  g_variant_get (param, "(&s&s&s&s&s)", &account, &room, &nick, &name, &subject);
  session = session_of (self, account);
  if (session == NULL)
    return;
  made = glint_session_create_room (session, room, nick, name, subject, &error);
  show_entered (self, account, made, error);
}

/* (account, room, subject) */
static void
set_room_subject_action (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       data)
{
  const char *account, *room, *subject;
  g_autoptr(GError) error = NULL;
  GlintSession *session;

  g_variant_get (param, "(&s&s&s)", &account, &room, &subject);
  session = session_of (data, account);
  if (session != NULL && !glint_session_set_room_subject (session, room, subject, &error))
    glint_application_show_error (data, error->message);
}


/* Someone asks the user into a room: Join, with the user's name there. */
void
glint_application_on_invitation (GlintSession     *session,
                                 const char       *room,
                                 const char       *inviter,
                                 const char       *reason,
                                 const char       *password,
                                 GlintApplication *self)
{
  GlintContact *contact = glint_session_lookup_contact (session, inviter);
  const char *who = contact ? glint_contact_get_display_name (contact) : inviter;
  g_autofree char *nick = glint_session_default_nick (session);
  g_autofree char *body = reason ? g_strdup_printf (_("%s invites you to %s: “%s”"), who, room, reason)
                                 : g_strdup_printf (_("%s invites you to %s."), who, room);

  ask_then (self, _("Invitation to a Room"), body, NULL, NULL, _("_Join"), FALSE, "enter-room",
            (const char *[]) { glint_session_get_account_jid (session), room, nick,
                               password ? password : "", NULL });
}

/* Confirmations and questions */

/* Once the user answers "ok", the action named on @dialog runs with the
 * strings it holds and, where the dialog has a field, what was typed. */
static void
on_asked (AdwMessageDialog *dialog,
          const char       *response,
          GlintApplication *self)
{
  const char *action = g_object_get_data (G_OBJECT (dialog), "action");
  GStrv args = g_object_get_data (G_OBJECT (dialog), "args");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autoptr(GPtrArray) values = g_ptr_array_new ();

  if (g_strcmp0 (response, "ok") != 0)
    return;
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (values, g_variant_new_string (args[i]));
  if (entry != NULL)
    g_ptr_array_add (values, g_variant_new_string (gtk_editable_get_text (entry)));
  g_action_group_activate_action (G_ACTION_GROUP (self), action,
                                  g_variant_new_tuple ((GVariant **) values->pdata, values->len));
}

/* Asks before @action runs with @args (and, given @field, a text typed
 * there, @text at first). */
static void
ask_then (GlintApplication   *self,
          const char         *heading,
          const char         *body,
          const char         *field,
          const char         *text,
          const char         *confirm,
          gboolean            destructive,
          const char         *action,
          const char * const *args)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                                       heading, body));
  adw_message_dialog_add_response (dialog, "cancel", _("_Cancel"));
  adw_message_dialog_add_response (dialog, "ok", confirm);
  adw_message_dialog_set_response_appearance (dialog, "ok", destructive ? ADW_RESPONSE_DESTRUCTIVE
                                                                        : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "ok");
  adw_message_dialog_set_close_response (dialog, "cancel");
  if (field != NULL)
    {
      GtkWidget *entry = gtk_entry_new ();

      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), field);
      gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, field, -1);
      adw_message_dialog_set_extra_child (dialog, entry);
      g_object_set_data (G_OBJECT (dialog), "entry", entry);
    }
  g_object_set_data_full (G_OBJECT (dialog), "action", g_strdup (action), g_free);
  g_object_set_data_full (G_OBJECT (dialog), "args", g_strdupv ((char **) args), (GDestroyNotify) g_strfreev);
  g_signal_connect (dialog, "response", G_CALLBACK (on_asked), self);
  glint_accessible_name_dialog (GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* (account, room, nick) */
static void
change_nick_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       data)
{
  const char *account, *room, *nick;
  g_autoptr(GError) error = NULL;
  GlintSession *session;

  g_variant_get (param, "(&s&s&s)", &account, &room, &nick);
  session = session_of (data, account);
  if (session != NULL && !glint_session_change_nick (session, room, nick, &error))
    glint_application_show_error (data, error->message);
}

/* (account, room, contact) */
static void
invite_action (GSimpleAction *action,
               GVariant      *param,
               gpointer       data)
{
  const char *account, *room, *contact;
  g_autoptr(GError) error = NULL;
  GlintSession *session;

  g_variant_get (param, "(&s&s&s)", &account, &room, &contact);
  session = session_of (data, account);
  if (session != NULL && !glint_session_invite (session, room, contact, NULL, &error))
    glint_application_show_error (data, error->message);
}

/* (account, room, nick, what, reason): what is kick, ban, voice, mute,
 * member or moderator. */
static void
moderate_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       data)
{
  const char *account, *room, *nick, *what, *reason;
  g_autoptr(GError) error = NULL;
  GlintSession *session;

  g_variant_get (param, "(&s&s&s&s&s)", &account, &room, &nick, &what, &reason);
  session = session_of (data, account);
  if (session != NULL && !glint_session_moderate (session, room, nick, what, reason, &error))
    glint_application_show_error (data, error->message);
}

/* (account, room, reason) */
static void
destroy_room_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       data)
{
  const char *account, *room, *reason;
  g_autoptr(GError) error = NULL;
  GlintSession *session;

  g_variant_get (param, "(&s&s&s)", &account, &room, &reason);
  session = session_of (data, account);
  if (session != NULL && !glint_session_destroy_room (session, room, reason, &error))
    glint_application_show_error (data, error->message);
}

/* (account, room, keep): keeps the room as a bookmark, joined at every
 * login, or stops keeping it. */
static void
bookmark_room_action (GSimpleAction *action,
                      GVariant      *param,
                      gpointer       data)
{
  const char *account, *room_jid;
  gboolean keep;
  g_autoptr(GError) error = NULL;
  GlintSession *session;
  GlintRoom *room;

  g_variant_get (param, "(&s&sb)", &account, &room_jid, &keep);
  session = session_of (data, account);
  if (session == NULL)
    return;
  room = glint_session_lookup_room (session, room_jid);
  if (keep)
    {
      g_autoptr(GlintBookmark) bookmark = glint_bookmark_new (room_jid);

      bookmark->autojoin = TRUE;
      bookmark->nick = room ? g_strdup (glint_room_get_nick (room)) : NULL;
      bookmark->password = room ? g_strdup (glint_room_get_password (room)) : NULL;
      if (!glint_session_save_bookmark (session, bookmark, &error))
        glint_application_show_error (data, error->message);
    }
  else if (!glint_session_remove_bookmark (session, room_jid, &error))
    glint_application_show_error (data, error->message);
}

/* (account, room): a bookmark's room, joined as the bookmark says. */
static void
enter_bookmark_action (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       data)
{
  GlintApplication *self = data;
  const char *account, *room;
  const GlintBookmark *bookmark;
  GlintSession *session;
  g_autofree char *nick = NULL;

  g_variant_get (param, "(&s&s)", &account, &room);
  session = session_of (self, account);
  bookmark = session ? glint_session_lookup_bookmark (session, room) : NULL;
  if (bookmark == NULL)
    return;
  nick = bookmark->nick ? g_strdup (bookmark->nick) : glint_session_default_nick (session);
  g_action_group_activate_action (G_ACTION_GROUP (self), "enter-room",
                                  g_variant_new ("(ssss)", account, room, nick,
                                                 bookmark->password ? bookmark->password : ""));
}

/* (account, room/nick): a private conversation with someone in a room. */
static void
open_private_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       data)
{
  const char *account, *peer;

  g_variant_get (param, "(&s&s)", &account, &peer);
  glint_chat_window_open (glint_application_ensure_chat_window (data), account, peer, TRUE);
}

/* The questions before the commands above, for menus to open. */

/* The room an (account, room) parameter names, if the user is in it. */
static GlintRoom *
room_of_param (GlintApplication  *self,
               GVariant          *param,
               const char       **account,
               const char       **room_jid)
{
  GlintSession *session;

  g_variant_get (param, "(&s&s)", account, room_jid);
  session = session_of (self, *account);
  return session ? glint_session_lookup_room (session, *room_jid) : NULL;
}

static void
ask_invite_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       data)
{
  const char *account, *room;
  g_autofree char *body = NULL;

  g_variant_get (param, "(&s&s)", &account, &room);
  body = g_strdup_printf (_("Who should be asked into %s?"), room);
  ask_then (data, _("Invite a Contact"), body, _("Contact’s address"), NULL, _("_Invite"), FALSE,
            "invite-to-room", (const char *[]) { account, room, NULL });
}

static void
ask_room_subject_action (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       data)
{
  const char *account, *room_jid;
  GlintRoom *room = room_of_param (data, param, &account, &room_jid);

  ask_then (data, _("Change the Subject"), _("Everyone in the room sees the new subject."),
            _("Subject"), room ? glint_room_get_subject (room) : NULL, _("C_hange"), FALSE,
            "set-room-subject", (const char *[]) { account, room_jid, NULL });
}

static void
ask_nick_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       data)
{
  const char *account, *room_jid;
  GlintRoom *room = room_of_param (data, param, &account, &room_jid);

  ask_then (data, _("Change Nickname"), _("The name others see you by in this room."),
            _("Nickname"), room ? glint_room_get_nick (room) : NULL, _("C_hange"), FALSE,
            "change-nick", (const char *[]) { account, room_jid, NULL });
}

/* (account, room, nick, what) */
static void
ask_moderate_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       data)
{
  const char *account, *room, *nick, *what;
  g_autofree char *shown = NULL;
  g_autofree char *body = NULL;
  const char *heading, *confirm;
  gboolean harsh;

  g_variant_get (param, "(&s&s&s&s)", &account, &room, &nick, &what);
  shown = glint_text_sanitize_nonempty (nick, GLINT_MAX_NAME_BYTES, FALSE);
  harsh = g_strcmp0 (what, "kick") == 0 || g_strcmp0 (what, "ban") == 0;
  if (g_strcmp0 (what, "kick") == 0)
    {
      heading = _("Remove from the Room?");
      body = g_strdup_printf (_("%s will be sent out of the room, and may come back."), shown);
      confirm = _("_Remove");
    }
  else if (g_strcmp0 (what, "ban") == 0)
    {
      heading = _("Ban from the Room?");
      body = g_strdup_printf (_("%s will be sent out of the room and cannot come back."), shown);
      confirm = _("_Ban");
    }
  else if (g_strcmp0 (what, "voice") == 0)
    {
      heading = _("Let Them Speak?");
      body = g_strdup_printf (_("%s will be able to write in the room."), shown);
      confirm = _("_Grant Voice");
    }
  else if (g_strcmp0 (what, "mute") == 0)
    {
      heading = _("Take Their Voice?");
      body = g_strdup_printf (_("%s will only be able to read the room."), shown);
      confirm = _("_Revoke Voice");
    }
  else
    {
      heading = _("Make a Member?");
      body = g_strdup_printf (_("%s will be a member of the room."), shown);
      confirm = _("_Make Member");
    }
  ask_then (data, heading, body, _("Reason (optional)"), NULL, confirm, harsh, "moderate",
            (const char *[]) { account, room, nick, what, NULL });
}

static void
ask_destroy_room_action (GSimpleAction *action,
                         GVariant      *param,
                         gpointer       data)
{
  const char *account, *room;
  g_autofree char *body = NULL;

  g_variant_get (param, "(&s&s)", &account, &room);
  body = g_strdup_printf (_("%s will be closed for everyone in it, and its settings lost."), room);
  ask_then (data, _("Destroy the Room?"), body, _("Reason (optional)"), NULL, _("_Destroy"), TRUE,
            "destroy-room", (const char *[]) { account, room, NULL });
}

/* (account; "" for the first): its service's public rooms. */
static void
browse_rooms_action (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       data)
{
  GlintApplication *self = data;
  const char *account = g_variant_get_string (param, NULL);
  GListModel *sessions = glint_client_get_sessions (glint_application_get_client (self));
  g_autoptr(GlintSession) first = g_list_model_get_n_items (sessions) ? g_list_model_get_item (sessions, 0) : NULL;
  GlintSession *session = *account ? glint_application_lookup_session (self, account) : first;

  if (session == NULL)
    {
      glint_application_show_login (self, _("Add an account first."));
      return;
    }
  gtk_window_present (GTK_WINDOW (glint_room_browser_new (GTK_APPLICATION (self), session)));
}

/* (room, mode): "all", "mentions", "none", or "default" for the group
 * chat preference. */
static void
room_notify_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       data)
{
  GlintApplication *self = data;
  GSettings *settings = glint_application_get_settings (self);
  g_autoptr(GVariant) old = g_settings_get_value (settings, "room-notifications");
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
  const char *room, *mode, *key, *value;
  GVariantIter iter;

  g_variant_get (param, "(&s&s)", &room, &mode);
  g_variant_iter_init (&iter, old);
  while (g_variant_iter_next (&iter, "{&s&s}", &key, &value))
    if (g_strcmp0 (key, room) != 0)
      g_variant_builder_add (&builder, "{ss}", key, value);
  if (g_strcmp0 (mode, "all") == 0 || g_strcmp0 (mode, "mentions") == 0 || g_strcmp0 (mode, "none") == 0)
    g_variant_builder_add (&builder, "{ss}", room, mode);
  g_settings_set_value (settings, "room-notifications", g_variant_builder_end (&builder));
}

static const GActionEntry room_actions[] = {
  { "room-notify", room_notify_action, "(ss)" },
  { "browse-rooms", browse_rooms_action, "s" },
  { "join-room", join_room_action },
  { "join-room-address", join_room_address_action, "(ss)" },
  { "enter-room", enter_room_action, "(ssss)" },
  { "create-room", create_room_action },
  { "make-room", make_room_action, "(sssss)" },
  { "enter-bookmark", enter_bookmark_action, "(ss)" },
  { "set-room-subject", set_room_subject_action, "(sss)" },
  { "change-nick", change_nick_action, "(sss)" },
  { "invite-to-room", invite_action, "(sss)" },
  { "ask-invite", ask_invite_action, "(ss)" },
  { "ask-room-subject", ask_room_subject_action, "(ss)" },
  { "ask-nick", ask_nick_action, "(ss)" },
  { "ask-moderate", ask_moderate_action, "(ssss)" },
  { "ask-destroy-room", ask_destroy_room_action, "(ss)" },
  { "moderate", moderate_action, "(sssss)" },
  { "destroy-room", destroy_room_action, "(sss)" },
  { "bookmark-room", bookmark_room_action, "(ssb)" },
  { "open-private", open_private_action, "(ss)" },
};

void
glint_application_add_room_actions (GlintApplication *self)
{
  glint_application_add_entries (self, room_actions, G_N_ELEMENTS (room_actions));
}

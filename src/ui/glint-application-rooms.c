/* glint-application-rooms.c: the application's commands on rooms
 * (XEP-0045): the Join a Room dialog, joining, leaving, the subject
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-application"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-application-private.h"
#include "glint-jid.h"
#include "glint-join-dialog.h"

/* The Join a Room dialog, on @account (NULL: the first) with @room
 * written in (NULL: none), the account's own name as the nick. */
void
glint_application_show_join_dialog (GlintApplication *self,
                                    const char       *account,
                                    const char       *room)
{
  GListModel *sessions = glint_client_get_sessions (glint_application_get_client (self));
  guint n = g_list_model_get_n_items (sessions);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GlintJid) jid = NULL;
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
  jid = glint_jid_parse (account && *account ? account : accounts->pdata[0], NULL);
  dialog = glint_join_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                  (const char * const *) accounts->pdata, account, room,
                                  jid ? jid->local : NULL);
  /* Its Join is the application's enter-room. */
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
join_room_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       data)
{
  glint_application_show_join_dialog (data, NULL, NULL);
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
  session = glint_application_lookup_session (self, account);
  if (session == NULL)
    {
      glint_application_show_error (self, _("There is no such account in Glint."));
      return;
    }
  joined = glint_session_join_room (session, room, nick, password, &error);
  if (joined == NULL)
    {
      glint_application_show_error (self, error->message);
      return;
    }
  glint_chat_window_open (glint_application_ensure_chat_window (self), account, glint_room_get_jid (joined), TRUE);
}

/* (account, room) */
static void
leave_room_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       data)
{
  const char *account, *room;
  GlintSession *session;

  g_variant_get (param, "(&s&s)", &account, &room);
  session = glint_application_lookup_session (data, account);
  if (session != NULL)
    glint_session_leave_room (session, room);
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
  session = glint_application_lookup_session (data, account);
  if (session != NULL && !glint_session_set_room_subject (session, room, subject, &error))
    glint_application_show_error (data, error->message);
}

static const GActionEntry room_actions[] = {
  { "join-room", join_room_action },
  { "join-room-address", join_room_address_action, "(ss)" },
  { "enter-room", enter_room_action, "(ssss)" },
  { "leave-room", leave_room_action, "(ss)" },
  { "set-room-subject", set_room_subject_action, "(sss)" },
};

void
glint_application_add_room_actions (GlintApplication *self)
{
  glint_application_add_entries (self, room_actions, G_N_ELEMENTS (room_actions));
}

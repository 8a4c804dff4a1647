/* glint-application-uri.c: xmpp: links (RFC 5122, XEP-0147), from the
 * desktop, the command line, D-Bus or a link in a chat
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-application"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-application-private.h"
#include "glint-contact-dialog.h"
#include "glint-xmpp-uri.h"

/* Does what @text asks: a chat, a chat with a message written (never
 * sent), or the Add Contact window filled in. @account: the account it
 * came in (a link in its chat), or NULL for the contact's own or the
 * first one. */
void
glint_application_open_uri (GlintApplication *self,
                            const char       *account,
                            const char       *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlintXmppUri) uri = glint_xmpp_uri_parse (text, &error);
  GlintSession *session;
  GlintContactDialog *dialog;

  if (uri == NULL)
    {
      glint_application_show_error (self, error->message);
      return;
    }
  /* A room: the Join a Room dialog, for the user to say who to be there. */
  if (uri->action == GLINT_URI_JOIN)
    {
      glint_application_show_join_dialog (self, account, uri->jid);
      return;
    }
  session = account ? glint_application_lookup_session (self, account)
                    : glint_application_session_for_contact (self, uri->jid);
  if (session == NULL)
    {
      glint_application_show_login (self, _("Add an account first."));
      return;
    }
  switch (uri->action)
    {
    case GLINT_URI_ROSTER:
      dialog = glint_contact_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                         glint_client_get_sessions (glint_application_get_client (self)),
                                         session, NULL);
      glint_contact_dialog_set_address (dialog, uri->jid);
      glint_contact_dialog_suggest (dialog, uri->name, uri->group);
      gtk_window_present (GTK_WINDOW (dialog));
      break;
    case GLINT_URI_MESSAGE:
      if (uri->body)
        {
          glint_chat_window_open_with_draft (glint_application_ensure_chat_window (self),
                                             glint_session_get_account_jid (session), uri->jid, uri->body);
          break;
        }
      G_GNUC_FALLTHROUGH;
    case GLINT_URI_CHAT:
    default:
      glint_chat_window_open (glint_application_ensure_chat_window (self), glint_session_get_account_jid (session),
                              uri->jid, TRUE);
      break;
    }
}

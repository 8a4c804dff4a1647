/* glint-command.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-command"

#include "glint-command.h"

#include <string.h>

GlintCommand *
glint_command_new (GlintCommandType type)
{
  GlintCommand *command = g_new0 (GlintCommand, 1);

  command->type = type;
  return command;
}

void
glint_command_free (GlintCommand *command)
{
  if (command == NULL)
    return;
  g_free (command->account);
  glint_account_free (command->settings);
  g_free (command->replaces_id);
  if (command->password != NULL)
    {
      /* Do not leave the password lying around in freed memory. */
      memset (command->password, 0, strlen (command->password));
      g_free (command->password);
    }
  g_free (command->jid);
  g_free (command->name);
  g_free (command->room_name);
  g_free (command->room_subject);
  g_strfreev (command->groups);
  g_free (command->body);
  g_free (command->xmpp_id);
  g_free (command->state);
  g_free (command->show);
  g_free (command->status);
  g_free (command->after);
  g_free (command->before);
  glint_bookmark_free (command->bookmark);
  if (command->form != NULL)
    {
      /* The form holds the new password. */
      for (guint i = 0; i < command->form->fields->len; i++)
        {
          GlintFormField *field = command->form->fields->pdata[i];

          if (field->value != NULL)
            memset (field->value, 0, strlen (field->value));
        }
      glint_form_free (command->form);
    }
  g_free (command);
}

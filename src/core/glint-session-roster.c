/* glint-session-roster.c: the account's contacts: the roster the server
 * keeps, their presence, and the changes the user asks for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-session"

#include "config.h"

#include "glint-jid.h"
#include "glint-session-private.h"
#include "glint-text.h"

static GlintContact *
ensure_contact (GlintSession *self,
                const char   *jid)
{
  GlintContact *contact = g_hash_table_lookup (self->contacts, jid);

  if (contact == NULL)
    {
      contact = glint_contact_new (self->account->jid, jid);
      g_hash_table_insert (self->contacts, g_strdup (jid), contact);
      g_list_store_append (self->roster, contact);
    }
  return contact;
}

static void
remove_contact (GlintSession *self,
                const char   *jid)
{
  GlintContact *contact = g_hash_table_lookup (self->contacts, jid);
  guint pos = 0;

  if (contact == NULL)
    return;
  if (g_list_store_find (self->roster, contact, &pos))
    g_list_store_remove (self->roster, pos);
  g_hash_table_remove (self->contacts, jid);
}

void
glint_session_apply_roster_item (GlintSession *self,
                                 GlintEvent   *event)
{
  if (g_strcmp0 (event->jid, self->account->jid) == 0)
    return;
  if (event->removed)
    {
      remove_contact (self, event->jid);
      return;
    }
  glint_contact_update_item (ensure_contact (self, event->jid), event->name, event->groups,
                             event->subscription, event->ask);
  if (self->roster_seen)
    g_hash_table_add (self->roster_seen, g_strdup (event->jid));
}

/* After a full roster fetch, forget contacts removed while we were away. */
void
glint_session_finish_roster (GlintSession *self)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  if (self->roster_seen)
    {
      g_hash_table_iter_init (&iter, self->contacts);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_hash_table_contains (self->roster_seen, key))
          g_ptr_array_add (gone, g_strdup (key));
      for (guint i = 0; i < gone->len; i++)
        remove_contact (self, gone->pdata[i]);
      g_clear_pointer (&self->roster_seen, g_hash_table_unref);
    }
  self->roster_loaded = TRUE;
  g_debug ("Roster loaded: %u contacts", g_list_model_get_n_items (G_LIST_MODEL (self->roster)));
  g_object_notify (G_OBJECT (self), "roster-loaded");
}

void
glint_session_apply_presence (GlintSession *self,
                              GlintEvent   *event)
{
  g_autoptr(GlintJid) jid = glint_jid_parse (event->jid, NULL);
  g_autofree char *bare = jid ? glint_jid_to_bare_string (jid) : NULL;
  GlintContact *contact = bare ? g_hash_table_lookup (self->contacts, bare) : NULL;

  if (contact == NULL)
    return;
  glint_contact_update_presence (contact, jid->resource, event->available, event->show,
                                 event->text, event->priority);
}

static void
push_roster_set (GlintSession *self,
                 const char   *jid,
                 const char   *name,
                 const char   *group)
{
  GlintCommand *cmd = glint_command_new (GLINT_COMMAND_ROSTER_SET);

  cmd->jid = glint_jid_normalize_bare (jid);
  cmd->name = glint_text_sanitize_nonempty (name, GLINT_MAX_NAME_BYTES, FALSE);
  cmd->groups = g_new0 (char *, 2);
  cmd->groups[0] = glint_text_sanitize_nonempty (group, GLINT_MAX_NAME_BYTES, FALSE);
  glint_session_push (self, cmd);
}

static void
push_subscription (GlintSession *self,
                   const char   *jid,
                   const char   *type)
{
  GlintCommand *cmd = glint_command_new (GLINT_COMMAND_SUBSCRIPTION);

  cmd->jid = glint_jid_normalize_bare (jid);
  cmd->state = g_strdup (type);
  glint_session_push (self, cmd);
}

void
glint_session_add_contact (GlintSession *self,
                           const char   *jid,
                           const char   *name,
                           const char   *group)
{
  g_return_if_fail (glint_jid_is_valid_bare (jid));
  push_roster_set (self, jid, name, group);
  push_subscription (self, jid, "subscribe");
}

void
glint_session_update_contact (GlintSession *self,
                              const char   *jid,
                              const char   *name,
                              const char   *group)
{
  g_return_if_fail (glint_jid_is_valid_bare (jid));
  push_roster_set (self, jid, name, group);
}

void
glint_session_remove_contact (GlintSession *self,
                              const char   *jid)
{
  GlintCommand *cmd = glint_command_new (GLINT_COMMAND_ROSTER_REMOVE);

  cmd->jid = glint_jid_normalize_bare (jid);
  glint_session_push (self, cmd);
}

/* Asks the server to drop everything @jid sends (XEP-0191). */
void
glint_session_block (GlintSession *self,
                     const char   *jid)
{
  GlintCommand *cmd;

  if (self->state != GLINT_CONNECTION_CONNECTED)
    return;
  cmd = glint_command_new (GLINT_COMMAND_BLOCK);
  cmd->jid = glint_jid_normalize_bare (jid);
  if (cmd->jid == NULL)
    {
      glint_command_free (cmd);
      return;
    }
  glint_session_push (self, cmd);
}

void
glint_session_answer_subscription (GlintSession *self,
                                   const char   *jid,
                                   gboolean      accept)
{
  GlintContact *contact;

  push_subscription (self, jid, accept ? "subscribed" : "unsubscribed");
  if (!accept)
    return;
  /* Spark asks back at once, so both sides see each other. */
  contact = g_hash_table_lookup (self->contacts, jid);
  if (contact == NULL || (g_strcmp0 (glint_contact_get_subscription (contact), "to") != 0
                          && g_strcmp0 (glint_contact_get_subscription (contact), "both") != 0))
    push_subscription (self, jid, "subscribe");
}

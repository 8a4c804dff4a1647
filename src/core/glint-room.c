/* glint-room.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-room"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "glint-room.h"
#include "glint-text.h"

#include <string.h>

struct _GlintRoom
{
  GObject         parent_instance;
  char           *account;
  char           *jid;
  char           *nick;
  char           *password;   /* kept in memory to join again after a new login */
  char           *subject;
  char           *name;       /* as the room names itself (disco#info), sanitised; NULL if none */
  GlintRoomState  state;
  char           *problem;    /* why the room refused us or sent us out, in words */
  char           *made_name;  /* a room the user makes: its name and subject, until asked of the room */
  char           *made_subject;
  GListStore     *occupants;
  GHashTable     *by_nick;    /* nick as the room spells it -> GlintOccupant */
};

G_DEFINE_TYPE (GlintRoom, glint_room, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NICK,
  PROP_SUBJECT,
  PROP_NAME,
  PROP_STATE,
  PROP_PROBLEM,
  N_PROPS
};

enum
{
  NOTICE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
glint_room_finalize (GObject *object)
{
  GlintRoom *self = GLINT_ROOM (object);

  g_free (self->account);
  g_free (self->jid);
  g_free (self->nick);
  if (self->password)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  g_free (self->subject);
  g_free (self->name);
  g_free (self->problem);
  g_free (self->made_name);
  g_free (self->made_subject);
  g_object_unref (self->occupants);
  g_hash_table_unref (self->by_nick);
  G_OBJECT_CLASS (glint_room_parent_class)->finalize (object);
}

static void
glint_room_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  GlintRoom *self = GLINT_ROOM (object);

  switch (prop_id)
    {
    case PROP_NICK:
      g_value_set_string (value, self->nick);
      break;
    case PROP_SUBJECT:
      g_value_set_string (value, self->subject);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glint_room_class_init (GlintRoomClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glint_room_finalize;
  object_class->get_property = glint_room_get_property;
  properties[PROP_NICK] = g_param_spec_string ("nick", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBJECT] = g_param_spec_string ("subject", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, GLINT_ROOM_LEFT, GLINT_ROOM_REFUSED,
                                             GLINT_ROOM_LEFT, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] = g_param_spec_string ("problem", NULL, NULL, NULL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  /* Something happened in the room worth a line: someone came, left,
   * changed nick, was sent out; the subject changed. Never stored. */
  signals[NOTICE] = g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
glint_room_init (GlintRoom *self)
{
  self->occupants = g_list_store_new (GLINT_TYPE_OCCUPANT);
  self->by_nick = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

GlintRoom *
glint_room_new (const char *account,
                const char *jid,
                const char *nick)
{
  GlintRoom *self = g_object_new (GLINT_TYPE_ROOM, NULL);

  self->account = g_strdup (account);
  self->jid = g_strdup (jid);
  self->nick = g_strdup (nick);
  return self;
}

const char *
glint_room_get_account (GlintRoom *self)
{
  return self->account;
}

const char *
glint_room_get_jid (GlintRoom *self)
{
  return self->jid;
}

const char *
glint_room_get_nick (GlintRoom *self)
{
  return self->nick;
}

void
glint_room_set_nick (GlintRoom  *self,
                     const char *nick)
{
  if (g_strcmp0 (self->nick, nick) == 0)
    return;
  g_free (self->nick);
  self->nick = g_strdup (nick);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NICK]);
}

const char *
glint_room_get_password (GlintRoom *self)
{
  return self->password;
}

void
glint_room_set_password (GlintRoom  *self,
                         const char *password)
{
  if (self->password)
    memset (self->password, 0, strlen (self->password));
  g_free (self->password);
  self->password = password && *password ? g_strdup (password) : NULL;
}

const char *
glint_room_get_name (GlintRoom *self)
{
  return self->name;
}

/* The name the room gives itself (NULL or empty: none), shown as text. */
void
glint_room_set_name (GlintRoom  *self,
                     const char *name)
{
  g_autofree char *clean = name ? glint_text_sanitize_nonempty (name, GLINT_MAX_NAME_BYTES, FALSE) : NULL;

  if (g_strcmp0 (self->name, clean) == 0)
    return;
  g_free (self->name);
  self->name = g_steal_pointer (&clean);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

/* The user makes this room: once the service made it, it is to be named
 * @name and be about @subject (each NULL or empty: as the service has it). */
void
glint_room_set_made (GlintRoom  *self,
                     const char *name,
                     const char *subject)
{
  g_free (self->made_name);
  self->made_name = name && *name ? g_strdup (name) : NULL;
  g_free (self->made_subject);
  self->made_subject = subject && *subject ? g_strdup (subject) : NULL;
}

/* What the room is to be made as, once: a later join finds it made. */
void
glint_room_take_made (GlintRoom  *self,
                      char      **name,
                      char      **subject)
{
  *name = g_steal_pointer (&self->made_name);
  *subject = g_steal_pointer (&self->made_subject);
}

const char *
glint_room_get_subject (GlintRoom *self)
{
  return self->subject;
}

GlintRoomState
glint_room_get_state (GlintRoom *self)
{
  return self->state;
}

static void
set_problem (GlintRoom  *self,
             const char *problem)
{
  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
}

void
glint_room_set_state (GlintRoom      *self,
                      GlintRoomState  state)
{
  if (state == GLINT_ROOM_JOINING || state == GLINT_ROOM_JOINED)
    set_problem (self, NULL);
  if (state != GLINT_ROOM_JOINED)
    glint_room_clear_occupants (self);
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

const char *
glint_room_get_problem (GlintRoom *self)
{
  return self->problem;
}

GListModel *
glint_room_get_occupants (GlintRoom *self)
{
  return G_LIST_MODEL (self->occupants);
}

GlintOccupant *
glint_room_lookup_occupant (GlintRoom  *self,
                            const char *nick)
{
  return nick ? g_hash_table_lookup (self->by_nick, nick) : NULL;
}

GlintOccupant *
glint_room_get_self (GlintRoom *self)
{
  return glint_room_lookup_occupant (self, self->nick);
}

void
glint_room_clear_occupants (GlintRoom *self)
{
  g_hash_table_remove_all (self->by_nick);
  g_list_store_remove_all (self->occupants);
}

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '_';
}

/* Whether @body names our nick as a word, in any case. */
gboolean
glint_room_mentions_us (GlintRoom  *self,
                        const char *body)
{
  g_autofree char *hay = NULL;
  g_autofree char *needle = NULL;
  const char *at;

  if (self->nick == NULL || body == NULL)
    return FALSE;
  hay = g_utf8_casefold (body, -1);
  needle = g_utf8_casefold (self->nick, -1);
  if (*needle == '\0')
    return FALSE;
  for (at = strstr (hay, needle); at != NULL; at = strstr (at + 1, needle))
    {
      const char *end = at + strlen (needle);
      gboolean starts = at == hay || !is_word_char (g_utf8_get_char (g_utf8_find_prev_char (hay, at)));
      gboolean ends = *end == '\0' || !is_word_char (g_utf8_get_char (end));

      if (starts && ends)
        return TRUE;
    }
  return FALSE;
}

static void
remove_occupant (GlintRoom  *self,
                 const char *nick)
{
  GlintOccupant *occupant = g_hash_table_lookup (self->by_nick, nick);
  guint position;

  if (occupant == NULL)
    return;
  if (g_list_store_find (self->occupants, occupant, &position))
    g_list_store_remove (self->occupants, position);
  g_hash_table_remove (self->by_nick, nick);
}

static void
notice (GlintRoom  *self,
        const char *text)
{
  g_signal_emit (self, signals[NOTICE], 0, text);
}

/* Why we are no longer in the room, in words; NULL when we left. */
static char *
describe_exit (const GlintOccupantInfo *info)
{
  g_autofree char *why = NULL;

  if (info->codes & GLINT_MUC_BANNED)
    why = g_strdup (_("You were banned from this room."));
  /* A kick for a connection error (307 with 333) is no moderator's. */
  else if (info->codes & GLINT_MUC_CONNECTION)
    why = g_strdup (_("You dropped out of this room: the room lost its connection with you."));
  else if (info->codes & GLINT_MUC_KICKED)
    why = g_strdup (_("You were removed from this room by a moderator."));
  else if (info->codes & GLINT_MUC_DESTROYED)
    why = g_strdup (_("This room was closed."));
  else if (info->codes & GLINT_MUC_SHUTDOWN)
    why = g_strdup (_("The group chat service shut down."));
  else if (info->codes & GLINT_MUC_NOT_MEMBER)
    why = g_strdup (_("You were removed because this room is now for members only."));
  else
    return NULL;
  if (info->reason)
    return g_strdup_printf (_("%s Reason: %s"), why, info->reason);
  return g_steal_pointer (&why);
}

static void
apply_departure (GlintRoom               *self,
                 const GlintOccupantInfo *info,
                 const char              *shown)
{
  g_autofree char *line = NULL;

  if (info->codes & GLINT_MUC_NICK_CHANGED && info->new_nick)
    {
      g_autofree char *new_shown = glint_text_sanitize_nonempty (info->new_nick, GLINT_MAX_NAME_BYTES, FALSE);

      line = g_strdup_printf (_("%s is now known as %s"), shown, new_shown ? new_shown : "?");
      if (info->codes & GLINT_MUC_SELF)
        glint_room_set_nick (self, info->new_nick);
    }
  else if (info->codes & GLINT_MUC_SELF)
    {
      g_autofree char *why = describe_exit (info);

      /* Said once, as the room's problem, not again as a line. */
      if (why != NULL)
        {
          glint_room_set_state (self, GLINT_ROOM_REFUSED);
          set_problem (self, why);
        }
      else
        glint_room_set_state (self, GLINT_ROOM_LEFT);
    }
  else if (info->codes & GLINT_MUC_BANNED)
    line = g_strdup_printf (_("%s was banned"), shown);
  else if (info->codes & GLINT_MUC_CONNECTION)
    line = g_strdup_printf (_("%s dropped out"), shown);
  else if (info->codes & GLINT_MUC_KICKED)
    line = g_strdup_printf (_("%s was removed by a moderator"), shown);
  else
    line = g_strdup_printf (_("%s left"), shown);
  remove_occupant (self, info->nick);
  if (line)
    notice (self, line);
}

/* Someone came, changed or left, as the room says. */
void
glint_room_apply_occupant (GlintRoom               *self,
                           const GlintOccupantInfo *info)
{
  GlintOccupant *occupant = g_hash_table_lookup (self->by_nick, info->nick);
  g_autofree char *shown = glint_text_sanitize_nonempty (info->nick, GLINT_MAX_NAME_BYTES, FALSE);

  if (shown == NULL)
    shown = g_strdup ("?");
  if (!info->available)
    {
      apply_departure (self, info, shown);
      return;
    }
  if (occupant != NULL)
    {
      glint_occupant_update (occupant, info);
      return;
    }
  occupant = glint_occupant_new (info);
  g_hash_table_insert (self->by_nick, g_strdup (info->nick), g_object_ref (occupant));
  g_list_store_append (self->occupants, occupant);
  g_object_unref (occupant);
  if (info->codes & GLINT_MUC_SELF)
    {
      glint_room_set_nick (self, info->nick);
      glint_room_set_state (self, GLINT_ROOM_JOINED);
    }
  /* Those already there when we came are no news. */
  else if (self->state == GLINT_ROOM_JOINED)
    {
      g_autofree char *line = g_strdup_printf (_("%s joined"), shown);

      notice (self, line);
    }
}

void
glint_room_apply_subject (GlintRoom  *self,
                          const char *subject,
                          const char *by)
{
  if (g_strcmp0 (self->subject, subject) == 0)
    return;
  g_free (self->subject);
  self->subject = g_strdup (subject);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBJECT]);
  if (by != NULL && self->state == GLINT_ROOM_JOINED)
    {
      g_autofree char *line = subject ? g_strdup_printf (_("%s changed the subject to: %s"), by, subject)
                                      : g_strdup_printf (_("%s cleared the subject"), by);

      notice (self, line);
    }
}

/* The room would not let us in, in words the user can act on. */
void
glint_room_refused (GlintRoom  *self,
                    const char *condition,
                    const char *text)
{
  g_autofree char *problem = NULL;
  const char *why;

  if (g_strcmp0 (condition, "conflict") == 0)
    why = _("Someone in this room already uses that nickname. Choose another.");
  else if (g_strcmp0 (condition, "not-authorized") == 0)
    why = _("This room needs a password, and the one given is missing or wrong.");
  else if (g_strcmp0 (condition, "forbidden") == 0)
    why = _("You are banned from this room.");
  else if (g_strcmp0 (condition, "registration-required") == 0)
    why = _("Only members may enter this room.");
  else if (g_strcmp0 (condition, "item-not-found") == 0 || g_strcmp0 (condition, "remote-server-not-found") == 0)
    why = _("There is no such room.");
  else if (g_strcmp0 (condition, "service-unavailable") == 0)
    why = _("This room is full.");
  else if (g_strcmp0 (condition, "not-allowed") == 0)
    why = _("This service does not let you create rooms.");
  else if (g_strcmp0 (condition, "not-acceptable") == 0 || g_strcmp0 (condition, "jid-malformed") == 0)
    why = _("The room does not accept that nickname.");
  else
    why = _("The room would not let you in.");
  problem = text ? g_strdup_printf (_("%s The room said: %s"), why, text) : g_strdup (why);
  glint_room_set_state (self, GLINT_ROOM_REFUSED);
  set_problem (self, problem);
}

/* The room had let us go without a word (XEP-0410 found out): a line, as
 * what was said meanwhile may come late. */
void
glint_room_lost (GlintRoom *self)
{
  notice (self, _("You had dropped out of this room without being told. Joining again…"));
}

/* A moderator's or owner's request the room turned down: a line saying so. */
void
glint_room_request_failed (GlintRoom  *self,
                           const char *condition)
{
  if (g_strcmp0 (condition, "forbidden") == 0 || g_strcmp0 (condition, "not-allowed") == 0)
    notice (self, _("The room did not let you do that: you lack the rights."));
  else if (g_strcmp0 (condition, "exists") == 0)
    notice (self, _("This room was already there: you joined it as it is, with its own name and subject."));
  else if (condition == NULL)
    notice (self, _("The room did not do what you asked."));
  else
    {
      g_autofree char *line = g_strdup_printf (_("The room did not do what you asked (%s)."), condition);

      notice (self, line);
    }
}

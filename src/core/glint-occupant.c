/* glint-occupant.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-occupant"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "glint-occupant.h"
#include "glint-text.h"

#include <string.h>

struct _GlintOccupant
{
  GObject        parent_instance;
  char          *nick;          /* as the room spells it, to address it */
  char          *display_nick;  /* cleaned for showing */
  char          *sort_key;      /* display_nick's collation key, made once: a crowd sorts often */
  GlintRole      role;
  char          *affiliation;
  char          *real_jid;
  GlintPresence  presence;
  char          *status;
  gboolean       self;
};

G_DEFINE_TYPE (GlintOccupant, glint_occupant, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_NICK,
  PROP_ROLE,
  PROP_AFFILIATION,
  PROP_PRESENCE,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
glint_occupant_finalize (GObject *object)
{
  GlintOccupant *self = GLINT_OCCUPANT (object);

  g_free (self->nick);
  g_free (self->display_nick);
  g_free (self->sort_key);
  g_free (self->affiliation);
  g_free (self->real_jid);
  g_free (self->status);
  G_OBJECT_CLASS (glint_occupant_parent_class)->finalize (object);
}

static void
glint_occupant_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GlintOccupant *self = GLINT_OCCUPANT (object);

  switch (prop_id)
    {
    case PROP_NICK:
      g_value_set_string (value, self->display_nick);
      break;
    case PROP_ROLE:
      g_value_set_int (value, self->role);
      break;
    case PROP_AFFILIATION:
      g_value_set_string (value, self->affiliation);
      break;
    case PROP_PRESENCE:
      g_value_set_int (value, self->presence);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glint_occupant_class_init (GlintOccupantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glint_occupant_finalize;
  object_class->get_property = glint_occupant_get_property;
  properties[PROP_NICK] = g_param_spec_string ("nick", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ROLE] = g_param_spec_int ("role", NULL, NULL, GLINT_ROLE_MODERATOR, GLINT_ROLE_NONE,
                                            GLINT_ROLE_NONE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_AFFILIATION] = g_param_spec_string ("affiliation", NULL, NULL, NULL,
                                                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRESENCE] = g_param_spec_int ("presence", NULL, NULL, GLINT_PRESENCE_OFFLINE,
                                                GLINT_PRESENCE_CHAT, GLINT_PRESENCE_OFFLINE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
glint_occupant_init (GlintOccupant *self)
{
  self->role = GLINT_ROLE_NONE;
}

GlintRole
glint_role_from_string (const char *role)
{
  if (g_strcmp0 (role, "moderator") == 0)
    return GLINT_ROLE_MODERATOR;
  if (g_strcmp0 (role, "participant") == 0)
    return GLINT_ROLE_PARTICIPANT;
  if (g_strcmp0 (role, "visitor") == 0)
    return GLINT_ROLE_VISITOR;
  return GLINT_ROLE_NONE;
}

const char *
glint_role_describe (GlintRole role)
{
  switch (role)
    {
    case GLINT_ROLE_MODERATOR:
      return _("Moderators");
    case GLINT_ROLE_PARTICIPANT:
      return _("Participants");
    case GLINT_ROLE_VISITOR:
      return _("Visitors");
    case GLINT_ROLE_NONE:
    default:
      return _("Others");
    }
}

GlintOccupant *
glint_occupant_new (const GlintOccupantInfo *info)
{
  GlintOccupant *self = g_object_new (GLINT_TYPE_OCCUPANT, NULL);

  self->nick = g_strdup (info->nick);
  self->display_nick = glint_text_sanitize_nonempty (info->nick, GLINT_MAX_NAME_BYTES, FALSE);
  if (self->display_nick == NULL)
    self->display_nick = g_strdup ("?");
  self->sort_key = g_utf8_collate_key (self->display_nick, -1);
  glint_occupant_update (self, info);
  return self;
}

static void
set_string (GlintOccupant *self,
            char         **field,
            const char    *value,
            int            prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
glint_occupant_update (GlintOccupant           *self,
                       const GlintOccupantInfo *info)
{
  GlintRole role = glint_role_from_string (info->role);
  GlintPresence presence = info->available ? glint_presence_from_show (info->show) : GLINT_PRESENCE_OFFLINE;

  self->self = self->self || (info->codes & GLINT_MUC_SELF) != 0;
  if (info->real_jid != NULL)
    {
      g_free (self->real_jid);
      self->real_jid = g_strdup (info->real_jid);
    }
  set_string (self, &self->affiliation, info->affiliation ? info->affiliation : "none", PROP_AFFILIATION);
  set_string (self, &self->status, info->status, PROP_STATUS);
  if (role != self->role)
    {
      self->role = role;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ROLE]);
    }
  if (presence != self->presence)
    {
      self->presence = presence;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENCE]);
    }
}

const char *
glint_occupant_get_nick (GlintOccupant *self)
{
  return self->nick;
}

const char *
glint_occupant_get_display_nick (GlintOccupant *self)
{
  return self->display_nick;
}

GlintRole
glint_occupant_get_role (GlintOccupant *self)
{
  return self->role;
}

const char *
glint_occupant_get_affiliation (GlintOccupant *self)
{
  return self->affiliation;
}

const char *
glint_occupant_get_real_jid (GlintOccupant *self)
{
  return self->real_jid;
}

GlintPresence
glint_occupant_get_presence (GlintOccupant *self)
{
  return self->presence;
}

const char *
glint_occupant_get_status (GlintOccupant *self)
{
  return self->status;
}

gboolean
glint_occupant_is_self (GlintOccupant *self)
{
  return self->self;
}

/* Moderators first, then by nick as people read it. */
int
glint_occupant_compare (gconstpointer a,
                        gconstpointer b,
                        gpointer      data)
{
  GlintOccupant *x = (GlintOccupant *) a;
  GlintOccupant *y = (GlintOccupant *) b;

  if (x->role != y->role)
    return x->role < y->role ? -1 : 1;
  return strcmp (x->sort_key, y->sort_key);
}

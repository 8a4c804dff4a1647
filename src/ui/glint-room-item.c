/* glint-room-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-room-item"

#include "glint-room-item.h"

struct _GlintRoomItem
{
  GObject  parent_instance;
  char    *jid;
  char    *name;   /* the room's name, or its address when it has none */
};

G_DEFINE_FINAL_TYPE (GlintRoomItem, glint_room_item, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_JID,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
glint_room_item_finalize (GObject *object)
{
  GlintRoomItem *self = GLINT_ROOM_ITEM (object);

  g_free (self->jid);
  g_free (self->name);
  G_OBJECT_CLASS (glint_room_item_parent_class)->finalize (object);
}

static void
glint_room_item_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GlintRoomItem *self = GLINT_ROOM_ITEM (object);

  switch (prop_id)
    {
    case PROP_JID:
      g_value_set_string (value, self->jid);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glint_room_item_class_init (GlintRoomItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glint_room_item_finalize;
  object_class->get_property = glint_room_item_get_property;
  properties[PROP_JID] = g_param_spec_string ("jid", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
glint_room_item_init (GlintRoomItem *self)
{
}

GlintRoomItem *
glint_room_item_new (const char *jid,
                     const char *name)
{
  GlintRoomItem *self = g_object_new (GLINT_TYPE_ROOM_ITEM, NULL);

  self->jid = g_strdup (jid);
  self->name = g_strdup (name && *name ? name : jid);
  return self;
}

const char *
glint_room_item_get_jid (GlintRoomItem *self)
{
  return self->jid;
}

const char *
glint_room_item_get_name (GlintRoomItem *self)
{
  return self->name;
}

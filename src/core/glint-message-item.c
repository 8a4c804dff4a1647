/* glint-message-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-message-item"

#include "glint-message-item.h"

struct _GlintMessageItem
{
  GObject       parent_instance;
  GlintMessage *msg;
};

G_DEFINE_FINAL_TYPE (GlintMessageItem, glint_message_item, G_TYPE_OBJECT)

enum { PROP_0, PROP_STATE, PROP_BODY, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
glint_message_item_finalize (GObject *object)
{
  glint_message_free (GLINT_MESSAGE_ITEM (object)->msg);
  G_OBJECT_CLASS (glint_message_item_parent_class)->finalize (object);
}

static void
glint_message_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, GLINT_MESSAGE_ITEM (object)->msg->state);
      break;
    case PROP_BODY:
      g_value_set_string (value, GLINT_MESSAGE_ITEM (object)->msg->body);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glint_message_item_class_init (GlintMessageItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glint_message_item_finalize;
  object_class->get_property = glint_message_item_get_property;
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, G_MAXINT, 0,
                                             G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BODY] = g_param_spec_string ("body", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
glint_message_item_init (GlintMessageItem *self)
{
}

GlintMessageItem *
glint_message_item_new (const GlintMessage *msg)
{
  GlintMessageItem *self = g_object_new (GLINT_TYPE_MESSAGE_ITEM, NULL);

  self->msg = glint_message_copy (msg);
  return self;
}

const GlintMessage *
glint_message_item_get_message (GlintMessageItem *self)
{
  return self->msg;
}

void
glint_message_item_set_state (GlintMessageItem  *self,
                              GlintMessageState  state)
{
  if (self->msg->state == state)
    return;
  self->msg->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* A correction (XEP-0308): the same row, a new text. */
void
glint_message_item_replace (GlintMessageItem   *self,
                            const GlintMessage *msg)
{
  GlintMessageState old_state = self->msg->state;
  gint64 id = self->msg->id;

  glint_message_free (self->msg);
  self->msg = glint_message_copy (msg);
  self->msg->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BODY]);
  if (old_state != msg->state)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

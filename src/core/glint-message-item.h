/* glint-message-item.h: a message as an item of a list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "glint-message.h"

G_BEGIN_DECLS

#define GLINT_TYPE_MESSAGE_ITEM (glint_message_item_get_type ())

G_DECLARE_FINAL_TYPE (GlintMessageItem, glint_message_item, GLINT, MESSAGE_ITEM, GObject)

GlintMessageItem   *glint_message_item_new         (const GlintMessage *msg);
const GlintMessage *glint_message_item_get_message (GlintMessageItem   *self);
void                glint_message_item_set_state   (GlintMessageItem   *self,
                                                    GlintMessageState   state);
void                glint_message_item_replace     (GlintMessageItem   *self,
                                                    const GlintMessage *msg);

G_END_DECLS

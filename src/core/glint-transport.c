/* glint-transport.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-transport"

#include "glint-transport.h"

G_DEFINE_INTERFACE (GlintTransport, glint_transport, G_TYPE_OBJECT)

static void
glint_transport_default_init (GlintTransportInterface *iface)
{
}

/* Takes ownership of @command; it must name its account. */
void
glint_transport_push (GlintTransport *self,
                      GlintCommand   *command)
{
  g_return_if_fail (GLINT_IS_TRANSPORT (self));
  g_return_if_fail (command->account != NULL);
  GLINT_TRANSPORT_GET_IFACE (self)->push (self, command);
}

GlintEventPipe *
glint_transport_get_pipe (GlintTransport *self)
{
  g_return_val_if_fail (GLINT_IS_TRANSPORT (self), NULL);
  return GLINT_TRANSPORT_GET_IFACE (self)->get_pipe (self);
}

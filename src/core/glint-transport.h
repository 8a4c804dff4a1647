/* glint-transport.h: how a session reaches the network
 *
 * Sessions push commands; the transport answers with events through its
 * pipe. The libstrophe worker is the real one; tests use a fake that runs
 * in-process, so the session's logic is tested without a server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "glint-command.h"
#include "glint-event-pipe.h"

G_BEGIN_DECLS

#define GLINT_TYPE_TRANSPORT (glint_transport_get_type ())

G_DECLARE_INTERFACE (GlintTransport, glint_transport, GLINT, TRANSPORT, GObject)

struct _GlintTransportInterface
{
  GTypeInterface parent_iface;

  void            (*push)     (GlintTransport *self,
                               GlintCommand   *command);
  GlintEventPipe *(*get_pipe) (GlintTransport *self);
};

void            glint_transport_push     (GlintTransport *self,
                                          GlintCommand   *command);
GlintEventPipe *glint_transport_get_pipe (GlintTransport *self);

G_END_DECLS

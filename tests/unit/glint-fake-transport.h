/* glint-fake-transport.h: an in-process transport for session unit tests
 *
 * It keeps every command pushed to it and delivers the events a test makes
 * up through a real event pipe, so the session's logic runs as in the app,
 * in milliseconds and without a server.
 */
#pragma once

#include "glint-transport.h"

G_BEGIN_DECLS

#define GLINT_TYPE_FAKE_TRANSPORT (glint_fake_transport_get_type ())

G_DECLARE_FINAL_TYPE (GlintFakeTransport, glint_fake_transport, GLINT, FAKE_TRANSPORT, GObject)

GlintFakeTransport *glint_fake_transport_new       (void);
void                glint_fake_transport_emit      (GlintFakeTransport *self,
                                                    GlintEvent         *event);
void                glint_fake_transport_drain     (GlintFakeTransport *self);
GPtrArray          *glint_fake_transport_commands  (GlintFakeTransport *self);
GlintCommand       *glint_fake_transport_find      (GlintFakeTransport *self,
                                                    GlintCommandType    type,
                                                    const char         *account);
void                glint_fake_transport_clear     (GlintFakeTransport *self);

G_END_DECLS

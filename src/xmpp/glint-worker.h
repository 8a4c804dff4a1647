/* glint-worker.h: the thread that owns libstrophe
 *
 * The application pushes GlintCommands in from any thread; the worker hands
 * GlintEvents to @event_func on the given main context. No other code calls
 * libstrophe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "glint-command.h"
#include "glint-event.h"

G_BEGIN_DECLS

typedef struct _GlintWorker GlintWorker;

/* Takes ownership of @event. */
typedef void (*GlintEventFunc) (GlintEvent *event,
                                gpointer    user_data);

GlintWorker *glint_worker_new  (GMainContext   *context,
                                GlintEventFunc  event_func,
                                gpointer        user_data);
void         glint_worker_push (GlintWorker    *self,
                                GlintCommand   *command);
void         glint_worker_free (GlintWorker    *self);

G_END_DECLS

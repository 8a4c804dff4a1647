/* glint-worker.h: the thread that owns libstrophe
 *
 * The worker is the real GlintTransport: commands are pushed from the main
 * thread, events come back through the pipe. It hosts every account's
 * connection on one thread. No other code calls libstrophe.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "glint-transport.h"

G_BEGIN_DECLS

#define GLINT_TYPE_WORKER (glint_worker_get_type ())

G_DECLARE_FINAL_TYPE (GlintWorker, glint_worker, GLINT, WORKER, GObject)

GlintWorker *glint_worker_new             (GlintEventPipe *pipe);
guint64      glint_worker_get_wakeups     (GlintWorker    *self);

G_END_DECLS

/* glint-event-pipe.h: events from the protocol thread to the main thread, in slices
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "glint-event.h"

G_BEGIN_DECLS

/* What the main thread does with the events; begin and end bracket each
 * slice, so a consumer can write a slice's messages in one transaction. */
typedef struct
{
  void (*begin) (gpointer    user_data);
  void (*event) (GlintEvent *event,      /* owned by the consumer */
                 gpointer    user_data);
  void (*end)   (gpointer    user_data);
} GlintEventPipeFuncs;

/* Below GTK's redraw (G_PRIORITY_HIGH_IDLE + 20) and layout, so a frame is
 * drawn between two slices however long the queue is. */
#define GLINT_EVENT_PIPE_PRIORITY (G_PRIORITY_HIGH_IDLE + 30)
#define GLINT_EVENT_PIPE_SLICE_US 4000

#define GLINT_TYPE_EVENT_PIPE (glint_event_pipe_get_type ())

G_DECLARE_FINAL_TYPE (GlintEventPipe, glint_event_pipe, GLINT, EVENT_PIPE, GObject)

GlintEventPipe *glint_event_pipe_new          (GMainContext              *context);
void            glint_event_pipe_post         (GlintEventPipe            *self,
                                               GlintEvent                *event);
void            glint_event_pipe_set_consumer (GlintEventPipe            *self,
                                               const GlintEventPipeFuncs *funcs,
                                               gpointer                   user_data);
guint           glint_event_pipe_get_queued   (GlintEventPipe            *self);
guint           glint_event_pipe_get_slices   (GlintEventPipe            *self);

G_END_DECLS

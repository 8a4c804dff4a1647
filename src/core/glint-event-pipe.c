/* glint-event-pipe.c
 *
 * The protocol thread appends events to one queue and wakes the main
 * context once; one source drains the queue a few milliseconds at a time
 * and gives the main loop back between slices. A burst of ten thousand
 * messages costs frames, not seconds, and costs one transaction per slice
 * rather than one per message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-event-pipe"

#include "glint-event-pipe.h"

struct _GlintEventPipe
{
  GObject              parent_instance;
  GMutex               lock;
  GQueue               queue;       /* GlintEvent*, under lock */
  GSource             *source;
  GlintEventPipeFuncs  funcs;       /* main thread only, like the rest below */
  gpointer             user_data;
  guint                slices;
};

G_DEFINE_FINAL_TYPE (GlintEventPipe, glint_event_pipe, G_TYPE_OBJECT)

static gboolean
drain (gpointer data)
{
  GlintEventPipe *self = data;
  gint64 deadline = g_get_monotonic_time () + GLINT_EVENT_PIPE_SLICE_US;
  gboolean begun = FALSE;
  GQueue taken = G_QUEUE_INIT;
  GlintEvent *event;

  g_source_set_ready_time (self->source, -1);
  if (self->funcs.event == NULL)
    return G_SOURCE_CONTINUE;

  /* Everything queued so far, in one lock: the protocol thread keeps
   * posting meanwhile without waiting for us. */
  g_mutex_lock (&self->lock);
  taken = self->queue;
  g_queue_init (&self->queue);
  g_mutex_unlock (&self->lock);

  while ((event = g_queue_pop_head (&taken)) != NULL)
    {
      if (!begun && self->funcs.begin)
        self->funcs.begin (self->user_data);
      begun = TRUE;
      self->funcs.event (event, self->user_data);
      if (g_get_monotonic_time () >= deadline)
        break;
    }
  if (begun)
    {
      self->slices++;
      if (self->funcs.end)
        self->funcs.end (self->user_data);
    }

  /* What the slice had no time for goes back before what came since. */
  g_mutex_lock (&self->lock);
  if (taken.length > 0)
    {
      taken.tail->next = self->queue.head;
      if (self->queue.head)
        self->queue.head->prev = taken.tail;
      else
        self->queue.tail = taken.tail;
      self->queue.head = taken.head;
      self->queue.length += taken.length;
    }
  if (self->queue.length > 0)
    g_source_set_ready_time (self->source, 0);
  g_mutex_unlock (&self->lock);
  return G_SOURCE_CONTINUE;
}

static gboolean
pipe_dispatch (GSource     *source,
               GSourceFunc  callback,
               gpointer     data)
{
  return callback (data);
}

static GSourceFuncs pipe_source_funcs = { .dispatch = pipe_dispatch };

static void
glint_event_pipe_finalize (GObject *object)
{
  GlintEventPipe *self = GLINT_EVENT_PIPE (object);

  g_source_destroy (self->source);
  g_source_unref (self->source);
  g_queue_clear_full (&self->queue, (GDestroyNotify) glint_event_free);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (glint_event_pipe_parent_class)->finalize (object);
}

static void
glint_event_pipe_class_init (GlintEventPipeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = glint_event_pipe_finalize;
}

static void
glint_event_pipe_init (GlintEventPipe *self)
{
  g_mutex_init (&self->lock);
  g_queue_init (&self->queue);
}

/* @context: where events are handed over; NULL for the thread default. */
GlintEventPipe *
glint_event_pipe_new (GMainContext *context)
{
  GlintEventPipe *self = g_object_new (GLINT_TYPE_EVENT_PIPE, NULL);

  /* The source holds no reference on the pipe: the pipe owns the source and
   * destroys it when it goes. */
  self->source = g_source_new (&pipe_source_funcs, sizeof (GSource));
  g_source_set_priority (self->source, GLINT_EVENT_PIPE_PRIORITY);
  g_source_set_callback (self->source, drain, self, NULL);
  g_source_set_name (self->source, "glint-event-pipe");
  g_source_set_ready_time (self->source, -1);
  g_source_attach (self->source, context ? context : g_main_context_get_thread_default ());
  return self;
}

/* From any thread; takes ownership of @event. */
void
glint_event_pipe_post (GlintEventPipe *self,
                       GlintEvent     *event)
{
  gboolean was_empty;

  g_mutex_lock (&self->lock);
  was_empty = self->queue.length == 0;
  g_queue_push_tail (&self->queue, event);
  /* Wakes the main context (g_source_set_ready_time is thread-safe). */
  if (was_empty)
    g_source_set_ready_time (self->source, 0);
  g_mutex_unlock (&self->lock);
}

/* Main thread. Events wait in the queue until there is a consumer. */
void
glint_event_pipe_set_consumer (GlintEventPipe            *self,
                               const GlintEventPipeFuncs *funcs,
                               gpointer                   user_data)
{
  self->funcs = funcs ? *funcs : (GlintEventPipeFuncs) { 0 };
  self->user_data = user_data;
  if (funcs)
    g_source_set_ready_time (self->source, 0);
}

guint
glint_event_pipe_get_queued (GlintEventPipe *self)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = self->queue.length;
  g_mutex_unlock (&self->lock);
  return n;
}

/* How many slices have run: for tests and benchmarks. */
guint
glint_event_pipe_get_slices (GlintEventPipe *self)
{
  return self->slices;
}

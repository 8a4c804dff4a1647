/* glint-fake-transport.c */
#include "glint-fake-transport.h"

struct _GlintFakeTransport
{
  GObject         parent_instance;
  GlintEventPipe *pipe;
  GPtrArray      *commands;
};

static void glint_fake_transport_iface_init (GlintTransportInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GlintFakeTransport, glint_fake_transport, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GLINT_TYPE_TRANSPORT, glint_fake_transport_iface_init))

static void
fake_push (GlintTransport *transport,
           GlintCommand   *command)
{
  g_ptr_array_add (GLINT_FAKE_TRANSPORT (transport)->commands, command);
}

static GlintEventPipe *
fake_get_pipe (GlintTransport *transport)
{
  return GLINT_FAKE_TRANSPORT (transport)->pipe;
}

static void
glint_fake_transport_iface_init (GlintTransportInterface *iface)
{
  iface->push = fake_push;
  iface->get_pipe = fake_get_pipe;
}

static void
glint_fake_transport_finalize (GObject *object)
{
  GlintFakeTransport *self = GLINT_FAKE_TRANSPORT (object);

  g_object_unref (self->pipe);
  g_ptr_array_unref (self->commands);
  G_OBJECT_CLASS (glint_fake_transport_parent_class)->finalize (object);
}

static void
glint_fake_transport_class_init (GlintFakeTransportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = glint_fake_transport_finalize;
}

static void
glint_fake_transport_init (GlintFakeTransport *self)
{
  self->pipe = glint_event_pipe_new (NULL);
  self->commands = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_command_free);
}

GlintFakeTransport *
glint_fake_transport_new (void)
{
  return g_object_new (GLINT_TYPE_FAKE_TRANSPORT, NULL);
}

/* As the worker would: through the pipe, from the protocol's side. */
void
glint_fake_transport_emit (GlintFakeTransport *self,
                           GlintEvent         *event)
{
  glint_event_pipe_post (self->pipe, event);
}

/* Runs the main loop until every event emitted so far is handled. */
void
glint_fake_transport_drain (GlintFakeTransport *self)
{
  while (glint_event_pipe_get_queued (self->pipe) > 0)
    g_main_context_iteration (NULL, TRUE);
}

GPtrArray *
glint_fake_transport_commands (GlintFakeTransport *self)
{
  return self->commands;
}

/* The last command of @type pushed for @account, or NULL. */
GlintCommand *
glint_fake_transport_find (GlintFakeTransport *self,
                           GlintCommandType    type,
                           const char         *account)
{
  for (guint i = self->commands->len; i > 0; i--)
    {
      GlintCommand *cmd = self->commands->pdata[i - 1];
      if (cmd->type == type && g_strcmp0 (cmd->account, account) == 0)
        return cmd;
    }
  return NULL;
}

void
glint_fake_transport_clear (GlintFakeTransport *self)
{
  g_ptr_array_set_size (self->commands, 0);
}

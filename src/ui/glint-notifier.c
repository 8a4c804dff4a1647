/* glint-notifier.c
 *
 * libnotify talks to the notification server with synchronous D-Bus
 * calls, so every libnotify call runs on a thread of the notifier's own,
 * with its own main context (where libnotify's proxy delivers "action
 * invoked"); the main thread only queues requests and never waits. One
 * notification per conversation is updated rather than stacked.
 *
 * What a message says is never markup: it is sent as plain text, and
 * escaped when the server, asked at the moment of each notification, says
 * it reads markup in bodies (a server can change while Glint runs).
 *
 * A burst from one contact updates its notification at most a few times a
 * second, with the newest text: each update is a round trip to the server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-notifier"

#include "config.h"

#include <glib/gi18n.h>
#include <libnotify/notify.h>

#include "glint-notifier.h"
#include "glint-text.h"

struct _GlintNotifier
{
  GObject       parent_instance;
  GApplication *app;           /* unowned: it owns us */
  GMainContext *main_context;
  GMainContext *context;       /* the notifier thread's */
  GMainLoop    *loop;
  GThread      *thread;
  GHashTable   *notifications; /* notifier thread: key -> NotifyNotification */
  GHashTable   *throttles;     /* notifier thread: key -> Throttle */
};

#define MIN_UPDATE_US (400 * 1000)

/* The newest text of a conversation's notification, and when it was last
 * shown. */
typedef struct
{
  GlintNotifier *self;
  char          *key;
  char          *account;
  char          *peer;
  char          *title;
  char          *body;         /* NULL: nothing waiting */
  gint64         shown_us;
  guint          timer;
} Throttle;

G_DEFINE_FINAL_TYPE (GlintNotifier, glint_notifier, G_TYPE_OBJECT)

/* A request borrows the notifier: dispose joins the thread before it goes,
 * and a request never run is freed with the thread's context. */
typedef struct
{
  GlintNotifier *self;
  char          *account;
  char          *peer;
  char          *title;
  char          *body;         /* NULL: withdraw */
} Request;

static void
request_free (Request *r)
{
  g_free (r->account);
  g_free (r->peer);
  g_free (r->title);
  g_free (r->body);
  g_free (r);
}

static void
throttle_free (Throttle *t)
{
  if (t->timer)
    {
      GSource *source = g_main_context_find_source_by_id (t->self->context, t->timer);
      if (source)
        g_source_destroy (source);
    }
  g_free (t->key);
  g_free (t->account);
  g_free (t->peer);
  g_free (t->title);
  g_free (t->body);
  g_free (t);
}

static gpointer
notifier_thread (gpointer data)
{
  GlintNotifier *self = data;

  g_main_context_push_thread_default (self->context);
  g_main_loop_run (self->loop);
  /* Notifications still shown stay with the server; ours go. */
  g_hash_table_remove_all (self->throttles);
  g_hash_table_remove_all (self->notifications);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

/* Notifier thread. */
static gboolean
server_reads_markup (void)
{
  GList *caps;
  gboolean markup;

  if (!notify_is_initted () && !notify_init ("Glint"))
    return FALSE;
  caps = notify_get_server_caps ();
  markup = g_list_find_custom (caps, "body-markup", (GCompareFunc) g_strcmp0) != NULL;
  g_list_free_full (caps, g_free);
  return markup;
}

typedef struct
{
  GApplication *app;
  char         *account;
  char         *peer;
} Open;

static gboolean
open_on_main (gpointer data)
{
  Open *o = data;

  g_action_group_activate_action (G_ACTION_GROUP (o->app), "open-conversation",
                                  g_variant_new ("(ss)", o->account, o->peer));
  g_object_unref (o->app);
  g_free (o->account);
  g_free (o->peer);
  g_free (o);
  return G_SOURCE_REMOVE;
}

/* Notifier thread: the user clicked the notification. */
static void
on_default_action (NotifyNotification *notification,
                   char               *action,
                   gpointer            data)
{
  GlintNotifier *self = data;
  Open *o = g_new0 (Open, 1);

  o->app = g_object_ref (self->app);
  o->account = g_strdup (g_object_get_data (G_OBJECT (notification), "account"));
  o->peer = g_strdup (g_object_get_data (G_OBJECT (notification), "peer"));
  g_main_context_invoke (self->main_context, open_on_main, o);
}

/* Notifier thread: shows the newest text of @t's conversation. */
static void
show_now (Throttle *t)
{
  GlintNotifier *self = t->self;
  NotifyNotification *n = g_hash_table_lookup (self->notifications, t->key);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *body = g_steal_pointer (&t->body);

  t->shown_us = g_get_monotonic_time ();
  text = server_reads_markup () ? g_markup_escape_text (body, -1) : g_strdup (body);
  if (!notify_is_initted ())
    return;
  if (n == NULL)
    {
      n = notify_notification_new (t->title, text, APP_ID);
      notify_notification_set_category (n, "im.received");
      notify_notification_set_hint_string (n, "desktop-entry", APP_ID);
      g_object_set_data_full (G_OBJECT (n), "account", g_strdup (t->account), g_free);
      g_object_set_data_full (G_OBJECT (n), "peer", g_strdup (t->peer), g_free);
      notify_notification_add_action (n, "default", _("Open"), on_default_action, self, NULL);
      g_hash_table_insert (self->notifications, g_strdup (t->key), n);
    }
  else
    notify_notification_update (n, t->title, text, APP_ID);
  if (!notify_notification_show (n, &error))
    g_debug ("Could not show a notification: %s", error->message);
}

static gboolean
show_later (gpointer data)
{
  Throttle *t = data;

  t->timer = 0;
  if (t->body)
    show_now (t);
  return G_SOURCE_REMOVE;
}

/* Notifier thread. */
static gboolean
handle_request (gpointer data)
{
  Request *r = data;
  GlintNotifier *self = r->self;
  g_autofree char *key = glint_conversation_key (r->account, r->peer);
  Throttle *t = g_hash_table_lookup (self->throttles, key);
  gint64 wait_us;

  if (r->body == NULL)
    {
      NotifyNotification *n = g_hash_table_lookup (self->notifications, key);

      g_hash_table_remove (self->throttles, key);
      if (n)
        {
          notify_notification_close (n, NULL);
          g_hash_table_remove (self->notifications, key);
        }
      return G_SOURCE_REMOVE;
    }

  if (t == NULL)
    {
      t = g_new0 (Throttle, 1);
      t->self = self;
      t->key = g_strdup (key);
      t->account = g_strdup (r->account);
      t->peer = g_strdup (r->peer);
      g_hash_table_insert (self->throttles, g_strdup (key), t);
    }
  g_free (t->title);
  t->title = g_strdup (r->title);
  g_free (t->body);
  t->body = g_strdup (r->body);
  if (t->timer)
    return G_SOURCE_REMOVE;
  wait_us = t->shown_us + MIN_UPDATE_US - g_get_monotonic_time ();
  if (t->shown_us == 0 || wait_us <= 0)
    show_now (t);
  else
    {
      GSource *source = g_timeout_source_new (wait_us / 1000 + 1);

      g_source_set_callback (source, show_later, t, NULL);
      t->timer = g_source_attach (source, self->context);
      g_source_unref (source);
    }
  return G_SOURCE_REMOVE;
}

static void
queue (GlintNotifier *self,
       Request       *r)
{
  g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, handle_request, r,
                              (GDestroyNotify) request_free);
}

static gboolean
stop_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
glint_notifier_dispose (GObject *object)
{
  GlintNotifier *self = GLINT_NOTIFIER (object);

  if (self->thread)
    {
      g_main_context_invoke (self->context, stop_loop, self->loop);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  G_OBJECT_CLASS (glint_notifier_parent_class)->dispose (object);
}

static void
glint_notifier_finalize (GObject *object)
{
  GlintNotifier *self = GLINT_NOTIFIER (object);

  g_hash_table_unref (self->throttles);
  g_hash_table_unref (self->notifications);
  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_main_context_unref (self->main_context);
  G_OBJECT_CLASS (glint_notifier_parent_class)->finalize (object);
}

static void
glint_notifier_class_init (GlintNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = glint_notifier_dispose;
  G_OBJECT_CLASS (klass)->finalize = glint_notifier_finalize;
}

static void
glint_notifier_init (GlintNotifier *self)
{
  self->notifications = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->throttles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) throttle_free);
  self->main_context = g_main_context_ref_thread_default ();
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
}

GlintNotifier *
glint_notifier_new (GApplication *app)
{
  GlintNotifier *self = g_object_new (GLINT_TYPE_NOTIFIER, NULL);

  self->app = app;
  self->thread = g_thread_new ("glint-notify", notifier_thread, self);
  return self;
}

/* Shows, or updates, the notification of (@account, @peer). */
void
glint_notifier_show (GlintNotifier *self,
                     const char    *account,
                     const char    *peer,
                     const char    *title,
                     const char    *body)
{
  Request *r = g_new0 (Request, 1);

  r->self = self;
  r->account = g_strdup (account);
  r->peer = g_strdup (peer);
  r->title = glint_text_sanitize (title, 200, FALSE);
  r->body = glint_text_sanitize (body, 200, TRUE);
  queue (self, r);
}

void
glint_notifier_withdraw (GlintNotifier *self,
                         const char    *account,
                         const char    *peer)
{
  Request *r = g_new0 (Request, 1);

  r->self = self;
  r->account = g_strdup (account);
  r->peer = g_strdup (peer);
  queue (self, r);
}

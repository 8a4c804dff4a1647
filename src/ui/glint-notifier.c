/* glint-notifier.c
 *
 * libnotify's show() is a synchronous D-Bus call, so notifications are sent
 * from an idle callback, and a burst of messages from one contact updates a
 * single notification instead of stacking new ones.
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
  GHashTable   *notifications; /* peer -> NotifyNotification */
  GHashTable   *queued;        /* peer -> TRUE, waiting for the idle */
  guint         idle_id;
  gboolean      body_markup;   /* the server reads markup in bodies */
  gboolean      ready;
};

G_DEFINE_FINAL_TYPE (GlintNotifier, glint_notifier, G_TYPE_OBJECT)

static void
glint_notifier_dispose (GObject *object)
{
  GlintNotifier *self = GLINT_NOTIFIER (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_pointer (&self->notifications, g_hash_table_unref);
  g_clear_pointer (&self->queued, g_hash_table_unref);
  G_OBJECT_CLASS (glint_notifier_parent_class)->dispose (object);
}

static void
glint_notifier_class_init (GlintNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = glint_notifier_dispose;
}

static void
glint_notifier_init (GlintNotifier *self)
{
  self->notifications = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->queued = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

GlintNotifier *
glint_notifier_new (GApplication *app)
{
  GlintNotifier *self = g_object_new (GLINT_TYPE_NOTIFIER, NULL);

  self->app = app;
  return self;
}

static void
ensure_ready (GlintNotifier *self)
{
  GList *caps;

  if (self->ready)
    return;
  self->ready = TRUE;
  if (!notify_is_initted () && !notify_init ("Glint"))
    return;
  caps = notify_get_server_caps ();
  self->body_markup = g_list_find_custom (caps, "body-markup", (GCompareFunc) g_strcmp0) != NULL;
  g_list_free_full (caps, g_free);
}

static void
on_default_action (NotifyNotification *notification,
                   char               *action,
                   gpointer            data)
{
  GlintNotifier *self = data;
  const char *peer = g_object_get_data (G_OBJECT (notification), "peer");

  g_action_group_activate_action (G_ACTION_GROUP (self->app), "open-chat", g_variant_new_string (peer));
}

static gboolean
flush (gpointer data)
{
  GlintNotifier *self = data;
  GHashTableIter iter;
  gpointer key;

  self->idle_id = 0;
  g_hash_table_iter_init (&iter, self->queued);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      NotifyNotification *n = g_hash_table_lookup (self->notifications, key);
      g_autoptr(GError) error = NULL;

      if (n && !notify_notification_show (n, &error))
        g_debug ("Could not show a notification: %s", error->message);
    }
  g_hash_table_remove_all (self->queued);
  return G_SOURCE_REMOVE;
}

void
glint_notifier_show (GlintNotifier *self,
                     const char    *peer,
                     const char    *title,
                     const char    *body)
{
  NotifyNotification *n;
  g_autofree char *clean = glint_text_sanitize (body, 200, TRUE);
  g_autofree char *text = NULL;

  ensure_ready (self);
  if (!notify_is_initted ())
    return;
  /* A server that reads markup gets it escaped: a message is never markup. */
  text = self->body_markup ? g_markup_escape_text (clean, -1) : g_strdup (clean);

  n = g_hash_table_lookup (self->notifications, peer);
  if (n == NULL)
    {
      n = notify_notification_new (title, text, APP_ID);
      notify_notification_set_category (n, "im.received");
      notify_notification_set_hint_string (n, "desktop-entry", APP_ID);
      g_object_set_data_full (G_OBJECT (n), "peer", g_strdup (peer), g_free);
      notify_notification_add_action (n, "default", _("Open"), on_default_action, self, NULL);
      g_hash_table_insert (self->notifications, g_strdup (peer), n);
    }
  else
    notify_notification_update (n, title, text, APP_ID);

  g_hash_table_add (self->queued, g_strdup (peer));
  if (self->idle_id == 0)
    self->idle_id = g_idle_add (flush, self);
}

void
glint_notifier_withdraw (GlintNotifier *self,
                         const char    *peer)
{
  NotifyNotification *n = g_hash_table_lookup (self->notifications, peer);

  g_hash_table_remove (self->queued, peer);
  if (n == NULL)
    return;
  notify_notification_close (n, NULL);
  g_hash_table_remove (self->notifications, peer);
}

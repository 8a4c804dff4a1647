/* glint-contact.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-contact"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "glint-contact.h"

typedef struct
{
  GlintPresence presence;
  char         *status;
  int           priority;
} Resource;

struct _GlintContact
{
  GObject     parent_instance;
  char       *account;    /* whose roster holds it: our bare JID */
  char       *jid;
  char       *name;
  char      **groups;
  char       *subscription;
  gboolean    ask;
  GHashTable *resources;  /* resource -> Resource */
  GlintPresence presence; /* of the best resource */
  char       *status;
  gint64      last_seen_ms; /* when it was last online, from its server (XEP-0012); 0: unknown */
  char       *last_status;  /* what it said as it left */
  gint64      last_asked_us; /* monotonic: when its server was last asked */
};

G_DEFINE_TYPE (GlintContact, glint_contact, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_JID,
  PROP_NAME,
  PROP_DISPLAY_NAME,
  PROP_GROUP,
  PROP_SUBSCRIPTION,
  PROP_PRESENCE,
  PROP_STATUS,
  PROP_LAST_SEEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
resource_free (gpointer data)
{
  Resource *r = data;
  g_free (r->status);
  g_free (r);
}

static void
glint_contact_finalize (GObject *object)
{
  GlintContact *self = GLINT_CONTACT (object);

  g_free (self->account);
  g_free (self->jid);
  g_free (self->name);
  g_strfreev (self->groups);
  g_free (self->subscription);
  g_free (self->status);
  g_free (self->last_status);
  g_hash_table_unref (self->resources);
  G_OBJECT_CLASS (glint_contact_parent_class)->finalize (object);
}

static void
glint_contact_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GlintContact *self = GLINT_CONTACT (object);

  switch (prop_id)
    {
    case PROP_JID:
      g_value_set_string (value, self->jid);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, glint_contact_get_display_name (self));
      break;
    case PROP_GROUP:
      g_value_set_string (value, glint_contact_get_group (self));
      break;
    case PROP_SUBSCRIPTION:
      g_value_set_string (value, self->subscription);
      break;
    case PROP_PRESENCE:
      g_value_set_int (value, self->presence);
      break;
    case PROP_LAST_SEEN:
      g_value_set_int64 (value, self->last_seen_ms);
      break;
    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glint_contact_class_init (GlintContactClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glint_contact_finalize;
  object_class->get_property = glint_contact_get_property;

  properties[PROP_JID] = g_param_spec_string ("jid", NULL, NULL, NULL,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_GROUP] = g_param_spec_string ("group", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBSCRIPTION] = g_param_spec_string ("subscription", NULL, NULL, NULL,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRESENCE] = g_param_spec_int ("presence", NULL, NULL, GLINT_PRESENCE_OFFLINE,
                                                GLINT_PRESENCE_CHAT, GLINT_PRESENCE_OFFLINE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* When the contact was last online, as its server says (XEP-0012), in
   * milliseconds since the epoch; 0 when not known. */
  properties[PROP_LAST_SEEN] = g_param_spec_int64 ("last-seen", NULL, NULL, 0, G_MAXINT64, 0,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] = g_param_spec_string ("status", NULL, NULL, NULL,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
glint_contact_init (GlintContact *self)
{
  self->resources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, resource_free);
  self->groups = g_new0 (char *, 1);
  self->subscription = g_strdup ("none");
}

/* @jid in the roster of @account. */
GlintContact *
glint_contact_new (const char *account,
                   const char *jid)
{
  GlintContact *self = g_object_new (GLINT_TYPE_CONTACT, NULL);

  self->account = g_strdup (account);
  self->jid = g_strdup (jid);
  return self;
}

const char *
glint_contact_get_account (GlintContact *self)
{
  return self->account;
}

const char *
glint_contact_get_jid (GlintContact *self)
{
  return self->jid;
}

const char *
glint_contact_get_name (GlintContact *self)
{
  return self->name;
}

const char *
glint_contact_get_display_name (GlintContact *self)
{
  return self->name && *self->name ? self->name : self->jid;
}

/* The group the contact list shows it in: its first roster group. */
const char *
glint_contact_get_group (GlintContact *self)
{
  return self->groups && self->groups[0] ? self->groups[0] : _("Contacts");
}

const char * const *
glint_contact_get_groups (GlintContact *self)
{
  return (const char * const *) self->groups;
}

const char *
glint_contact_get_subscription (GlintContact *self)
{
  return self->subscription;
}

GlintPresence
glint_contact_get_presence (GlintContact *self)
{
  return self->presence;
}

const char *
glint_contact_get_status (GlintContact *self)
{
  return self->status;
}

void
glint_contact_update_item (GlintContact  *self,
                           const char    *name,
                           char         **groups,
                           const char    *subscription,
                           gboolean       ask)
{
  g_free (self->name);
  self->name = g_strdup (name);
  g_strfreev (self->groups);
  self->groups = groups ? g_strdupv (groups) : g_new0 (char *, 1);
  g_free (self->subscription);
  self->subscription = g_strdup (subscription ? subscription : "none");
  self->ask = ask;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBSCRIPTION]);
}

static void
recompute (GlintContact *self)
{
  GHashTableIter iter;
  gpointer value;
  Resource *best = NULL;

  g_hash_table_iter_init (&iter, self->resources);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Resource *r = value;
      if (best == NULL || r->priority > best->priority
          || (r->priority == best->priority && r->presence > best->presence))
        best = r;
    }
  self->presence = best ? best->presence : GLINT_PRESENCE_OFFLINE;
  g_free (self->status);
  self->status = best ? g_strdup (best->status) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENCE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
glint_contact_update_presence (GlintContact *self,
                               const char   *resource,
                               gboolean      available,
                               const char   *show,
                               const char   *status,
                               int           priority)
{
  const char *key = resource ? resource : "";

  if (!available)
    {
      g_hash_table_remove (self->resources, key);
      /* Keep the last words of a contact who went offline. */
      if (g_hash_table_size (self->resources) == 0)
        {
          self->presence = GLINT_PRESENCE_OFFLINE;
          g_free (self->status);
          self->status = g_strdup (status);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENCE]);
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
          return;
        }
    }
  else
    {
      Resource *r = g_new0 (Resource, 1);
      r->presence = glint_presence_from_show (show);
      r->status = g_strdup (status);
      r->priority = priority;
      g_hash_table_replace (self->resources, g_strdup (key), r);
    }
  recompute (self);
}

void
glint_contact_clear_presence (GlintContact *self)
{
  g_hash_table_remove_all (self->resources);
  recompute (self);
}

GlintPresence
glint_presence_from_show (const char *show)
{
  if (show == NULL || *show == '\0')
    return GLINT_PRESENCE_ONLINE;
  if (g_str_equal (show, "away"))
    return GLINT_PRESENCE_AWAY;
  if (g_str_equal (show, "xa"))
    return GLINT_PRESENCE_XA;
  if (g_str_equal (show, "dnd"))
    return GLINT_PRESENCE_DND;
  if (g_str_equal (show, "chat"))
    return GLINT_PRESENCE_CHAT;
  return GLINT_PRESENCE_ONLINE;
}

const char *
glint_presence_describe (GlintPresence presence)
{
  switch (presence)
    {
    case GLINT_PRESENCE_CHAT:
      return _("Free to chat");
    case GLINT_PRESENCE_ONLINE:
      return _("Online");
    case GLINT_PRESENCE_AWAY:
      return _("Away");
    case GLINT_PRESENCE_XA:
      return _("Extended away");
    case GLINT_PRESENCE_DND:
      return _("Do not disturb");
    case GLINT_PRESENCE_OFFLINE:
    default:
      return _("Offline");
    }
}

/* Glint's own presence icons (shipped in its resources). */
const char *
glint_presence_icon_name (GlintPresence presence)
{
  static const char * const names[] = {
    "glint-presence-offline", "glint-presence-dnd", "glint-presence-xa",
    "glint-presence-away", "glint-presence-online", "glint-presence-online"
  };
  return names[CLAMP (presence, GLINT_PRESENCE_OFFLINE, GLINT_PRESENCE_CHAT)];
}

gint64
glint_contact_get_last_seen (GlintContact *self)
{
  return self->last_seen_ms;
}

const char *
glint_contact_get_last_status (GlintContact *self)
{
  return self->last_status;
}

/* Its server says it left @seconds before @now_ms, saying @status. */
void
glint_contact_set_last_activity (GlintContact *self,
                                 gint64        seconds,
                                 const char   *status,
                                 gint64        now_ms)
{
  self->last_seen_ms = MAX (now_ms - seconds * 1000, 1);
  g_free (self->last_status);
  self->last_status = g_strdup (status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SEEN]);
}

/* Whether to ask its server when it was last online: offline, and not
 * asked in the last @interval_us. Marks it asked. */
gboolean
glint_contact_take_last_activity_turn (GlintContact *self,
                                       gint64        now_us,
                                       gint64        interval_us)
{
  if (self->presence != GLINT_PRESENCE_OFFLINE
      || (self->last_asked_us != 0 && now_us - self->last_asked_us < interval_us))
    return FALSE;
  self->last_asked_us = now_us;
  return TRUE;
}

/* "Last seen 5 minutes ago", in words, with what it said as it left; NULL
 * when not known. */
char *
glint_contact_describe_last_seen (GlintContact *self,
                                  gint64        now_ms)
{
  gint64 ago_s;
  g_autofree char *when = NULL;

  if (self->last_seen_ms == 0)
    return NULL;
  ago_s = MAX (now_ms - self->last_seen_ms, 0) / 1000;
  if (ago_s < 60)
    when = g_strdup (_("Last seen just now"));
  else if (ago_s < 3600)
    when = g_strdup_printf (ngettext ("Last seen %d minute ago", "Last seen %d minutes ago", ago_s / 60),
                            (int) (ago_s / 60));
  else if (ago_s < 86400)
    when = g_strdup_printf (ngettext ("Last seen %d hour ago", "Last seen %d hours ago", ago_s / 3600),
                            (int) (ago_s / 3600));
  else
    when = g_strdup_printf (ngettext ("Last seen %d day ago", "Last seen %d days ago", ago_s / 86400),
                            (int) (ago_s / 86400));
  if (self->last_status && *self->last_status)
    return g_strdup_printf (_("%s: “%s”"), when, self->last_status);
  return g_steal_pointer (&when);
}

/* glint-roster-group.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-roster-group"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-contact.h"
#include "glint-roster-group.h"

#include <string.h>

struct _GlintRosterGroup
{
  GObject                  parent_instance;
  char                    *name;
  GListModel              *contacts;  /* the whole roster */
  const GlintRosterFilter *filter;    /* owned by the window */
  GtkCustomFilter         *custom_filter;
  GtkCustomSorter         *sorter;
  GtkSortListModel        *model;
};

G_DEFINE_FINAL_TYPE (GlintRosterGroup, glint_roster_group, G_TYPE_OBJECT)

enum { PROP_0, PROP_TITLE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static gboolean
in_group (GlintRosterGroup *self,
          GlintContact     *contact)
{
  return g_strcmp0 (glint_contact_get_group (contact), self->name) == 0;
}

static gboolean
matches_search (GlintContact *contact,
                const char   *search)
{
  g_autofree char *name = NULL;

  if (search == NULL || *search == '\0')
    return TRUE;
  name = g_utf8_casefold (glint_contact_get_display_name (contact), -1);
  return strstr (name, search) != NULL || strstr (glint_contact_get_jid (contact), search) != NULL;
}

/* Whether @contact is shown under @filter, whatever its group. */
gboolean
glint_roster_filter_matches (const GlintRosterFilter *filter,
                             GlintContact            *contact)
{
  if (filter->search && *filter->search)
    return matches_search (contact, filter->search);
  return filter->show_offline || glint_contact_get_presence (contact) != GLINT_PRESENCE_OFFLINE;
}

static gboolean
filter_func (gpointer item,
             gpointer data)
{
  GlintRosterGroup *self = data;

  return in_group (self, item) && glint_roster_filter_matches (self->filter, item);
}

/* Most present first, then by name, as Spark lists them. */
static int
sort_func (gconstpointer a,
           gconstpointer b,
           gpointer      data)
{
  GlintContact *ca = (GlintContact *) a;
  GlintContact *cb = (GlintContact *) b;
  gboolean on_a = glint_contact_get_presence (ca) != GLINT_PRESENCE_OFFLINE;
  gboolean on_b = glint_contact_get_presence (cb) != GLINT_PRESENCE_OFFLINE;

  if (on_a != on_b)
    return on_a ? -1 : 1;
  return g_utf8_collate (glint_contact_get_display_name (ca), glint_contact_get_display_name (cb));
}

static void
glint_roster_group_finalize (GObject *object)
{
  GlintRosterGroup *self = GLINT_ROSTER_GROUP (object);

  g_free (self->name);
  g_object_unref (self->model);
  g_object_unref (self->custom_filter);
  g_object_unref (self->sorter);
  G_OBJECT_CLASS (glint_roster_group_parent_class)->finalize (object);
}

static void
glint_roster_group_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GlintRosterGroup *self = GLINT_ROSTER_GROUP (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_take_string (value, glint_roster_group_get_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glint_roster_group_class_init (GlintRosterGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = glint_roster_group_finalize;
  object_class->get_property = glint_roster_group_get_property;
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
glint_roster_group_init (GlintRosterGroup *self)
{
}

GlintRosterGroup *
glint_roster_group_new (const char              *name,
                        GListModel              *contacts,
                        const GlintRosterFilter *filter)
{
  GlintRosterGroup *self = g_object_new (GLINT_TYPE_ROSTER_GROUP, NULL);
  GtkFilterListModel *filtered;

  self->name = g_strdup (name);
  self->contacts = contacts;
  self->filter = filter;
  self->custom_filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->sorter = gtk_custom_sorter_new (sort_func, NULL, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (contacts), GTK_FILTER (g_object_ref (self->custom_filter)));
  self->model = gtk_sort_list_model_new (G_LIST_MODEL (filtered), GTK_SORTER (g_object_ref (self->sorter)));
  return self;
}

const char *
glint_roster_group_get_name (GlintRosterGroup *self)
{
  return self->name;
}

GListModel *
glint_roster_group_get_model (GlintRosterGroup *self)
{
  return G_LIST_MODEL (self->model);
}

/* "Friends (2/5)": online contacts over all of the group, as in Spark. */
char *
glint_roster_group_get_title (GlintRosterGroup *self)
{
  guint n = g_list_model_get_n_items (self->contacts);
  guint total = 0, online = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlintContact) contact = g_list_model_get_item (self->contacts, i);
      if (!in_group (self, contact))
        continue;
      total++;
      online += glint_contact_get_presence (contact) != GLINT_PRESENCE_OFFLINE;
    }
  return g_strdup_printf ("%s (%u/%u)", self->name, online, total);
}

void
glint_roster_group_refilter (GlintRosterGroup *self)
{
  gtk_filter_changed (GTK_FILTER (self->custom_filter), GTK_FILTER_CHANGE_DIFFERENT);
  gtk_sorter_changed (GTK_SORTER (self->sorter), GTK_SORTER_CHANGE_DIFFERENT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

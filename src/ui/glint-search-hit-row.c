/* glint-search-hit-row.c
 *
 * The snippet is the message's own text, escaped in full; only the marks
 * the store put around the matching words become bold.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-search-hit-row"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-search-hit-row.h"
#include "glint-text.h"

struct _GlintSearchHitRow
{
  GtkListBoxRow  parent_instance;
  gint64         id;
  gint64         time_ms;
  char          *account;
  char          *peer;

  GtkLabel      *when_label;
  GtkLabel      *snippet_label;
};

G_DEFINE_FINAL_TYPE (GlintSearchHitRow, glint_search_hit_row, GTK_TYPE_LIST_BOX_ROW)

static void
glint_search_hit_row_finalize (GObject *object)
{
  GlintSearchHitRow *self = GLINT_SEARCH_HIT_ROW (object);

  g_free (self->account);
  g_free (self->peer);
  G_OBJECT_CLASS (glint_search_hit_row_parent_class)->finalize (object);
}

static void
glint_search_hit_row_class_init (GlintSearchHitRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = glint_search_hit_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-search-hit-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintSearchHitRow, when_label);
  gtk_widget_class_bind_template_child (widget_class, GlintSearchHitRow, snippet_label);
}

static void
glint_search_hit_row_init (GlintSearchHitRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* @with_peer: the row also names the conversation, for a search of
 * every conversation. */
GlintSearchHitRow *
glint_search_hit_row_new (const GlintSearchHit *hit,
                          gboolean              with_peer)
{
  GlintSearchHitRow *self = g_object_new (GLINT_TYPE_SEARCH_HIT_ROW, NULL);
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (hit->message->time_ms / 1000);
  /* TRANSLATORS: when a message found by a search was sent; see g_date_time_format() */
  g_autofree char *date = g_date_time_format (when, _("%x %H:%M"));
  g_autofree char *who = NULL;
  g_autofree char *markup = glint_text_snippet_to_markup (hit->snippet ? hit->snippet : hit->message->body);
  g_autofree char *plain = glint_text_sanitize (hit->message->body, 200, FALSE);
  g_autofree char *name = NULL;

  self->id = hit->message->id;
  self->time_ms = hit->message->time_ms;
  self->account = g_strdup (hit->message->account);
  self->peer = g_strdup (hit->message->peer);
  if (hit->message->direction == GLINT_DIRECTION_OUT)
    /* TRANSLATORS: date, and the contact written to */
    who = with_peer ? g_strdup_printf (_("%s, you wrote to %s"), date, self->peer)
                    : g_strdup_printf (_("%s, you wrote"), date);
  else
    /* TRANSLATORS: date, and the contact who wrote */
    who = with_peer ? g_strdup_printf (_("%s, %s wrote"), date, self->peer) : g_strdup (date);
  gtk_label_set_text (self->when_label, who);
  gtk_label_set_markup (self->snippet_label, markup);
  name = g_strdup_printf ("%s: %s", who, plain);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return self;
}

gint64
glint_search_hit_row_get_id (GlintSearchHitRow *self)
{
  return self->id;
}

gint64
glint_search_hit_row_get_time (GlintSearchHitRow *self)
{
  return self->time_ms;
}

const char *
glint_search_hit_row_get_account (GlintSearchHitRow *self)
{
  return self->account;
}

const char *
glint_search_hit_row_get_peer (GlintSearchHitRow *self)
{
  return self->peer;
}

/* What a list of hits says of itself: @shown found, @more maybe to come
 * as it scrolls. NULL when none was found (each list says that its way). */
char *
glint_search_hit_row_describe_count (guint    shown,
                                     gboolean more)
{
  if (shown == 0)
    return NULL;
  if (more)
    return g_strdup_printf (ngettext ("%u message found so far; scroll for more",
                                      "%u messages found so far; scroll for more", shown), shown);
  return g_strdup_printf (ngettext ("%u message found", "%u messages found", shown), shown);
}

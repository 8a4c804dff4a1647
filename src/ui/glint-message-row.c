/* glint-message-row.c
 *
 * The row shows what the chat page tells it (who and when, the text as
 * markup the page escaped, "Show more" and "Retry") and says what the
 * user did with it through its signals: the page knows the message, the
 * row only its widgets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-message-row"

#include "config.h"

#include "glint-message-row.h"

struct _GlintMessageRow
{
  GtkBox     parent_instance;

  GtkLabel  *meta_label;
  GtkLabel  *body_label;
  GtkButton *more_button;
  GtkButton *retry_button;
};

G_DEFINE_FINAL_TYPE (GlintMessageRow, glint_message_row, GTK_TYPE_BOX)

enum
{
  SHOW_MORE,
  RETRY,
  ACTIVATE_LINK,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_show_more (GlintMessageRow *self)
{
  g_signal_emit (self, signals[SHOW_MORE], 0);
}

static void
on_retry (GlintMessageRow *self)
{
  g_signal_emit (self, signals[RETRY], 0);
}

/* A link the row's handlers take is theirs; any other opens as GTK does. */
static gboolean
on_activate_link (GtkLabel        *label,
                  const char      *uri,
                  GlintMessageRow *self)
{
  gboolean handled = FALSE;

  g_signal_emit (self, signals[ACTIVATE_LINK], 0, uri, &handled);
  return handled;
}

static void
glint_message_row_class_init (GlintMessageRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  signals[SHOW_MORE] = g_signal_new ("show-more", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                     NULL, G_TYPE_NONE, 0);
  signals[RETRY] = g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 0);
  signals[ACTIVATE_LINK] = g_signal_new ("activate-link", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         g_signal_accumulator_true_handled, NULL, NULL,
                                         G_TYPE_BOOLEAN, 1, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-message-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintMessageRow, meta_label);
  gtk_widget_class_bind_template_child (widget_class, GlintMessageRow, body_label);
  gtk_widget_class_bind_template_child (widget_class, GlintMessageRow, more_button);
  gtk_widget_class_bind_template_child (widget_class, GlintMessageRow, retry_button);
  gtk_widget_class_bind_template_callback (widget_class, on_show_more);
  gtk_widget_class_bind_template_callback (widget_class, on_retry);
  gtk_widget_class_bind_template_callback (widget_class, on_activate_link);
}

static void
glint_message_row_init (GlintMessageRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* "Retry" is its own label, not the message's. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->retry_button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

GlintMessageRow *
glint_message_row_new (void)
{
  return g_object_new (GLINT_TYPE_MESSAGE_ROW, NULL);
}

/* The line above the text; hidden when empty. */
void
glint_message_row_set_meta (GlintMessageRow *self,
                            const char      *text)
{
  gtk_label_set_text (self->meta_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->meta_label), text != NULL && *text != '\0');
}

/* @markup is the page's, every untrusted part of it escaped; a run
 * without spaces (@wrap_anywhere) wraps at any character; a line about
 * a room is @centred. */
void
glint_message_row_set_body (GlintMessageRow *self,
                            const char      *markup,
                            gboolean         wrap_anywhere,
                            gboolean         centred,
                            const char      *tooltip)
{
  gtk_label_set_wrap_mode (self->body_label, wrap_anywhere ? PANGO_WRAP_CHAR : PANGO_WRAP_WORD_CHAR);
  gtk_label_set_markup (self->body_label, markup);
  gtk_label_set_xalign (self->body_label, centred ? 0.5 : 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->body_label), tooltip);
}

void
glint_message_row_set_actions (GlintMessageRow *self,
                               gboolean         more,
                               gboolean         retry)
{
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), more);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button), retry);
}

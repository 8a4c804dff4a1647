/* glint-request-row.c
 *
 * The row answers nothing itself: Accept and Deny are the application's
 * answer-subscription action with the account, the address and the
 * answer as target; the contact list takes the row away once answered.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-request-row"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-accessible.h"
#include "glint-request-row.h"

struct _GlintRequestRow
{
  GtkListBoxRow  parent_instance;
  char          *account;
  char          *jid;

  GtkLabel      *text_label;
  GtkButton     *accept_button;
  GtkButton     *deny_button;
};

G_DEFINE_FINAL_TYPE (GlintRequestRow, glint_request_row, GTK_TYPE_LIST_BOX_ROW)

static void
glint_request_row_finalize (GObject *object)
{
  GlintRequestRow *self = GLINT_REQUEST_ROW (object);

  g_free (self->account);
  g_free (self->jid);
  G_OBJECT_CLASS (glint_request_row_parent_class)->finalize (object);
}

static void
glint_request_row_class_init (GlintRequestRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = glint_request_row_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-request-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintRequestRow, text_label);
  gtk_widget_class_bind_template_child (widget_class, GlintRequestRow, accept_button);
  gtk_widget_class_bind_template_child (widget_class, GlintRequestRow, deny_button);
}

static void
glint_request_row_init (GlintRequestRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  glint_accessible_name_buttons_once (GTK_WIDGET (self));
}

GlintRequestRow *
glint_request_row_new (const char *account,
                       const char *jid,
                       gboolean    show_account)
{
  GlintRequestRow *self = g_object_new (GLINT_TYPE_REQUEST_ROW, NULL);
  g_autofree char *text = show_account
    ? g_strdup_printf (_("%s wants to add you (%s) as a contact"), jid, account)
    : g_strdup_printf (_("%s wants to add you as a contact"), jid);

  self->account = g_strdup (account);
  self->jid = g_strdup (jid);
  gtk_label_set_text (self->text_label, text);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->accept_button), "(ssb)", account, jid, TRUE);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->deny_button), "(ssb)", account, jid, FALSE);
  return self;
}

gboolean
glint_request_row_is_for (GlintRequestRow *self,
                          const char      *account,
                          const char      *jid)
{
  return g_strcmp0 (self->account, account) == 0 && g_strcmp0 (self->jid, jid) == 0;
}

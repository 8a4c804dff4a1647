/* glint-cert-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-cert"

#include "config.h"

#include <glib/gi18n.h>

#include "glint-cert-dialog.h"
#include "glint-accessible.h"

#include <string.h>

struct _GlintCertDialog
{
  GtkWindow  parent_instance;
  char      *fingerprint;
  gboolean   decided;

  GtkLabel  *heading_label;
  GtkGrid   *details_grid;
  GtkButton *cancel_button;
  GtkButton *trust_button;
};

G_DEFINE_FINAL_TYPE (GlintCertDialog, glint_cert_dialog, GTK_TYPE_WINDOW)

enum { DECIDED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
decide (GlintCertDialog *self,
        gboolean         trust)
{
  if (!self->decided)
    {
      self->decided = TRUE;
      g_signal_emit (self, signals[DECIDED], 0, trust);
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_trust (GlintCertDialog *self)
{
  decide (self, TRUE);
}

static void
on_cancel (GlintCertDialog *self)
{
  decide (self, FALSE);
}

static gboolean
on_close_request (GtkWindow *window)
{
  GlintCertDialog *self = GLINT_CERT_DIALOG (window);

  if (!self->decided)
    {
      self->decided = TRUE;
      g_signal_emit (self, signals[DECIDED], 0, FALSE);
    }
  return FALSE;
}

static void
glint_cert_dialog_finalize (GObject *object)
{
  g_free (GLINT_CERT_DIALOG (object)->fingerprint);
  G_OBJECT_CLASS (glint_cert_dialog_parent_class)->finalize (object);
}

static void
glint_cert_dialog_class_init (GlintCertDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* Escape closes it, as it does every dialog. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  G_OBJECT_CLASS (klass)->finalize = glint_cert_dialog_finalize;
  GTK_WINDOW_CLASS (klass)->close_request = on_close_request;

  signals[DECIDED] = g_signal_new ("decided", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/glintim/Glint/glint-cert-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GlintCertDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, GlintCertDialog, details_grid);
  gtk_widget_class_bind_template_child (widget_class, GlintCertDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GlintCertDialog, trust_button);
}

static void
glint_cert_dialog_init (GlintCertDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  glint_accessible_name_buttons_once (GTK_WIDGET (self));
  g_signal_connect_swapped (self->trust_button, "clicked", G_CALLBACK (on_trust), self);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (on_cancel), self);
}

static void
add_row (GlintCertDialog *self,
         int              row,
         const char      *name,
         const char      *value)
{
  GtkWidget *key = gtk_label_new (name);
  GtkWidget *val = gtk_label_new (value ? value : "—");

  gtk_label_set_xalign (GTK_LABEL (key), 1);
  gtk_label_set_yalign (GTK_LABEL (key), 0);
  gtk_widget_add_css_class (key, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (val), 0);
  /* A wrapping label asks for the height it needs at its narrowest: give
   * it a sensible width, so the window is as tall as its content. */
  gtk_label_set_width_chars (GTK_LABEL (val), 36);
  gtk_label_set_max_width_chars (GTK_LABEL (val), 48);
  gtk_label_set_wrap (GTK_LABEL (val), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (val), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (val), TRUE);
  gtk_widget_set_hexpand (val, TRUE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (val), GTK_ACCESSIBLE_RELATION_LABELLED_BY, key, NULL, -1);
  gtk_grid_attach (self->details_grid, key, 0, row, 1, 1);
  gtk_grid_attach (self->details_grid, val, 1, row, 1, 1);
}

/* Groups the hex fingerprint in pairs so a person can compare it aloud. */
static char *
format_fingerprint (const char *hex)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; hex && hex[i]; i++)
    {
      if (i > 0 && i % 2 == 0)
        g_string_append_c (out, ':');
      g_string_append_c (out, g_ascii_toupper (hex[i]));
    }
  return g_string_free (out, FALSE);
}

GlintCertDialog *
glint_cert_dialog_new (GtkWindow           *parent,
                       const char          *account,
                       const GlintCertInfo *cert)
{
  GlintCertDialog *self = g_object_new (GLINT_TYPE_CERT_DIALOG, "transient-for", parent, NULL);
  g_autofree char *heading = g_strdup_printf (_("The server for %s presented a certificate Glint cannot verify"),
                                              account);
  g_autofree char *pretty = format_fingerprint (cert->fingerprint_sha256);
  const char *at = strchr (account, '@');
  g_autofree char *problem = glint_cert_info_describe_problem (cert, at ? at + 1 : account);

  self->fingerprint = g_strdup (cert->fingerprint_sha256);
  gtk_label_set_text (self->heading_label, heading);
  add_row (self, 0, _("Problem"), problem);
  add_row (self, 1, _("Subject"), cert->subject);
  add_row (self, 2, _("Issuer"), cert->issuer);
  add_row (self, 3, _("Valid from"), cert->not_before);
  add_row (self, 4, _("Valid until"), cert->not_after);
  add_row (self, 5, _("SHA-256 fingerprint"), pretty);
  return self;
}

const char *
glint_cert_dialog_get_fingerprint (GlintCertDialog *self)
{
  return self->fingerprint;
}

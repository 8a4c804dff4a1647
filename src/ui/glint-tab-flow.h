/* glint-tab-flow.h: the conversation tabs, in one scrolling row or in as
 * many rows as they need
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GLINT_TYPE_TAB_FLOW (glint_tab_flow_get_type ())

G_DECLARE_FINAL_TYPE (GlintTabFlow, glint_tab_flow, GLINT, TAB_FLOW, GtkWidget)

GtkWidget *glint_tab_flow_new            (void);
void       glint_tab_flow_set_wrap       (GlintTabFlow *self,
                                          gboolean      wrap);
gboolean   glint_tab_flow_get_wrap       (GlintTabFlow *self);
void       glint_tab_flow_scroll_by      (GlintTabFlow *self,
                                          int           pixels);
void       glint_tab_flow_scroll_to      (GlintTabFlow *self,
                                          GtkWidget    *child);
guint      glint_tab_flow_count_rows     (GlintTabFlow *self);

G_END_DECLS

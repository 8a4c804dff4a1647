/* glint-roster-window.h: the contact list window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _GlintApplication GlintApplication;

#define GLINT_TYPE_ROSTER_WINDOW (glint_roster_window_get_type ())

G_DECLARE_FINAL_TYPE (GlintRosterWindow, glint_roster_window, GLINT, ROSTER_WINDOW, GtkApplicationWindow)

GlintRosterWindow *glint_roster_window_new         (GlintApplication  *app);
void               glint_roster_window_show_notice (GlintRosterWindow *self,
                                                    const char        *text);
void               glint_roster_window_add_request (GlintRosterWindow *self,
                                                    const char        *account,
                                                    const char        *jid,
                                                    gboolean           show_account);
void               glint_roster_window_remove_request (GlintRosterWindow *self,
                                                       const char        *account,
                                                       const char        *jid);

void               glint_roster_window_save_size (GlintRosterWindow *self);

G_END_DECLS

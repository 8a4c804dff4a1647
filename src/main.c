/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <signal.h>

#include "glint-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GlintApplication) app = NULL;

  /* A peer that hangs up mid-write must not kill us. */
  signal (SIGPIPE, SIG_IGN);
  /* GLINT_LOCALEDIR: the catalogues of a build tree, for running Glint
   * uninstalled (build-aux/run, the tests). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("GLINT_LOCALEDIR") ? g_getenv ("GLINT_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* libadwaita 1.2 reads the desktop's style from the settings portal
   * with a blocking D-Bus call as it starts; GlintAppearance reads it
   * asynchronously instead, so the main thread never waits on the bus. */
  g_setenv ("ADW_DISABLE_PORTAL", "1", FALSE);
  app = glint_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}

/* minimal-gtk4.c: the yardstick for Glint's start-up and memory figures:
 * an empty GTK 4 window, nothing else. */
#include <gtk/gtk.h>

static void
after_paint (GdkFrameClock *clock,
             GApplication  *app)
{
  g_application_quit (app);
}

static void
on_map (GtkWidget    *window,
        GApplication *app)
{
  if (g_getenv ("GLINT_EXIT_AFTER_FIRST_FRAME"))
    g_signal_connect_object (gtk_widget_get_frame_clock (window), "after-paint",
                             G_CALLBACK (after_paint), app, 0);
}

static void
activate (GApplication *app)
{
  GtkWidget *window = gtk_application_window_new (GTK_APPLICATION (app));

  gtk_window_set_default_size (GTK_WINDOW (window), 300, 560);
  g_signal_connect (window, "map", G_CALLBACK (on_map), app);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  g_autoptr(GtkApplication) app = gtk_application_new ("io.github.glintim.MinimalBench", G_APPLICATION_NON_UNIQUE);

  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}

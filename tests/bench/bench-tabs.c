/* bench-tabs.c: switching the tab strip between scroll and wrap with 50
 * tabs, as Preferences → Chats does.
 *
 * A window holds Glint's own tab strip (GlintTabFlow) with 50 real tabs
 * (GlintChatTab), a third of them with an unread badge. Each switch is
 * timed twice: the relayout itself (measuring and allocating the strip for
 * the window's width), and the whole frame that shows it (from the switch
 * to the frame clock's after-paint, drawing included). One frame at 60 Hz
 * is 16.7 ms. Needs a display (build-aux/bench runs it under Xvfb).
 *
 * Usage: bench-tabs [N_TABS] */
#include <gtk/gtk.h>

#include "glint-chat-tab.h"
#include "glint-tab-flow.h"

#define SWITCHES 40

typedef struct
{
  GtkWidget *window;
  GtkWidget *flow;
  gint64     frame_start_us;
  gboolean   waiting;
  GArray    *frame_ms;
} Bench;

/* The frame's own work starts here: events, then layout, then drawing. */
static void
on_before_paint (GdkFrameClock *clock,
                 Bench         *b)
{
  b->frame_start_us = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *b)
{
  double ms;

  if (!b->waiting)
    return;
  ms = (g_get_monotonic_time () - b->frame_start_us) / 1e3;
  g_array_append_val (b->frame_ms, ms);
  b->waiting = FALSE;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
print_figures (const char *name,
               GArray     *ms)
{
  g_array_sort (ms, compare_double);
  g_print ("%s_median_ms %.2f\n", name, g_array_index (ms, double, ms->len / 2));
  g_print ("%s_p95_ms %.2f\n", name, g_array_index (ms, double, MIN (ms->len - 1, (guint) (ms->len * 0.95))));
}

static void
wait_frames (Bench *b,
             guint  n)
{
  for (guint i = 0; i < n; i++)
    {
      b->waiting = TRUE;
      gtk_widget_queue_draw (b->window);
      while (b->waiting)
        g_main_context_iteration (NULL, TRUE);
    }
  g_array_set_size (b->frame_ms, 0);
}

int
main (int argc, char *argv[])
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 50;
  g_autoptr(GArray) relayout_ms = g_array_new (FALSE, FALSE, sizeof (double));
  Bench b = { 0 };
  GtkWidget *box;
  guint rows = 0;
  int width;

  gtk_init ();
  b.frame_ms = g_array_new (FALSE, FALSE, sizeof (double));
  b.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (b.window), 900, 600);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  b.flow = glint_tab_flow_new ();
  gtk_box_append (GTK_BOX (box), b.flow);
  gtk_box_append (GTK_BOX (box), gtk_label_new ("the conversation"));
  gtk_window_set_child (GTK_WINDOW (b.window), box);
  for (guint i = 0; i < n; i++)
    {
      GlintChatTab *tab = glint_chat_tab_new ();
      g_autofree char *name = g_strdup_printf ("contact %02u%s", i, i % 7 ? "" : " with a longer name");
      g_autofree char *jid = g_strdup_printf ("contact%02u@example.org", i);

      glint_chat_tab_set_title (tab, name, jid, "user-available-symbolic", "Available");
      glint_chat_tab_set_unread (tab, i % 3 ? 0 : i);
      gtk_widget_set_parent (GTK_WIDGET (tab), b.flow);
    }
  gtk_window_present (GTK_WINDOW (b.window));
  while (!gtk_widget_get_mapped (b.window))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (b.window), "before-paint", G_CALLBACK (on_before_paint), &b);
  g_signal_connect (gtk_widget_get_frame_clock (b.window), "after-paint", G_CALLBACK (on_after_paint), &b);
  wait_frames (&b, 5);
  width = gtk_widget_get_width (b.flow);

  for (guint i = 0; i < SWITCHES; i++)
    {
      gint64 t0;
      double ms;
      int min, nat;

      glint_tab_flow_set_wrap (GLINT_TAB_FLOW (b.flow), i % 2 == 0);
      /* The relayout, as the frame will do it. */
      t0 = g_get_monotonic_time ();
      gtk_widget_measure (b.flow, GTK_ORIENTATION_VERTICAL, width, &min, &nat, NULL, NULL);
      gtk_widget_allocate (b.flow, width, nat, -1, NULL);
      ms = (g_get_monotonic_time () - t0) / 1e3;
      g_array_append_val (relayout_ms, ms);
      b.waiting = TRUE;
      while (b.waiting)
        g_main_context_iteration (NULL, TRUE);
      if (i % 2 == 0)
        rows = glint_tab_flow_count_rows (GLINT_TAB_FLOW (b.flow));
    }
  if (rows < 2)
    g_error ("wrap did not make several rows");
  g_print ("tabs_switched %u (scroll and wrap, %u tabs)\n", SWITCHES, n);
  g_print ("tabs_wrap_rows %u\n", rows);
  print_figures ("tabs_relayout", relayout_ms);
  print_figures ("tabs_switch_frame", b.frame_ms);
  gtk_window_destroy (GTK_WINDOW (b.window));
  g_array_unref (b.frame_ms);
  return 0;
}

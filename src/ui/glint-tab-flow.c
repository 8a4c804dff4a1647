/* glint-tab-flow.c: lays conversation tabs out in one row that scrolls, or
 * in as many rows as it takes for every tab to show
 *
 * GtkNotebook only scrolls, and GtkFlowBox aligns its children in columns
 * (and makes them selectable rows of its own); tabs of different widths
 * that wrap like words need a layout of their own. Both modes are one
 * widget, so switching is a relayout, not a rebuild: the tabs, the page
 * shown and the focus stay where they are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-tab-flow"

#include "config.h"

#include "glint-tab-flow.h"

#define SPACING 2
#define WHEEL_STEP 48

struct _GlintTabFlow
{
  GtkWidget parent_instance;
  gboolean  wrap;
  int       offset;       /* scroll mode: how far the row is scrolled */
  int       extent;       /* scroll mode: the row's whole width */
  guint     rows;         /* rows at the last allocation */
  GtkWidget *reveal;      /* scroll mode: a tab to bring into view */
  gboolean  unread_back;    /* scroll mode: a tab marked "unread" is out of view before */
  gboolean  unread_forward; /* … or after */
};

G_DEFINE_FINAL_TYPE (GlintTabFlow, glint_tab_flow, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WRAP,
  PROP_CAN_SCROLL_BACK,
  PROP_CAN_SCROLL_FORWARD,
  PROP_UNREAD_BACK,
  PROP_UNREAD_FORWARD,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

static int
child_width (GtkWidget *child,
             int        available)
{
  int min, nat;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  return available < 0 ? nat : CLAMP (nat, min, MAX (min, available));
}

static int
child_height (GtkWidget *child,
              int        width)
{
  int min, nat;

  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &min, &nat, NULL, NULL);
  return nat;
}

typedef struct
{
  GtkWidget     *child;
  GtkAllocation  box;
} Placed;

/* Lays the tabs out as they wrap at @width, appending each tab's box to
 * @placed (if given); returns the height of all the rows. */
static int
flow (GlintTabFlow *self,
      int           width,
      GArray       *placed,
      guint        *rows)
{
  int x = 0, y = 0, row_height = 0;
  guint row_first = 0, n = 0;

  *rows = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child;
       child = gtk_widget_get_next_sibling (child))
    {
      int w;

      if (!gtk_widget_should_layout (child))
        continue;
      w = child_width (child, width);
      if (*rows > 0 && x > 0 && x + w > width)
        {
          /* The row is full: every tab in it is as tall as the row. */
          for (guint i = row_first; placed && i < n; i++)
            g_array_index (placed, Placed, i).box.height = row_height;
          y += row_height + SPACING;
          x = 0;
          row_height = 0;
          row_first = n;
        }
      if (x == 0)
        (*rows)++;
      if (placed)
        g_array_append_val (placed, ((Placed) { child, { x, y, w, 0 } }));
      n++;
      row_height = MAX (row_height, child_height (child, w));
      x += w + SPACING;
    }
  for (guint i = row_first; placed && i < n; i++)
    g_array_index (placed, Placed, i).box.height = row_height;
  return y + row_height;
}

static void
glint_tab_flow_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  GlintTabFlow *self = GLINT_TAB_FLOW (widget);
  int min = 0, nat = 0;

  if (orientation == GTK_ORIENTATION_VERTICAL && self->wrap && for_size >= 0)
    {
      guint rows;

      min = nat = flow (self, for_size, NULL, &rows);
    }
  else
    for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
         child = gtk_widget_get_next_sibling (child))
      {
        int cmin, cnat;

        if (!gtk_widget_should_layout (child))
          continue;
        gtk_widget_measure (child, orientation, -1, &cmin, &cnat, NULL, NULL);
        if (orientation == GTK_ORIENTATION_HORIZONTAL)
          {
            /* Wrapping needs room for the widest tab; scrolling none. */
            min = self->wrap ? MAX (min, cmin) : 0;
            nat += cnat + (nat ? SPACING : 0);
          }
        else
          {
            min = MAX (min, cmin);
            nat = MAX (nat, cnat);
          }
      }
  *minimum = min;
  *natural = MAX (min, nat);
}

/* Scrolls to @offset within a row @extent wide, telling the arrows when
 * they can scroll no more or again. */
static void
set_scroll (GlintTabFlow *self,
            int           offset,
            int           width,
            int           extent)
{
  gboolean could_back = self->offset > 0;
  gboolean could_forward = self->offset + width < self->extent;

  self->extent = extent;
  self->offset = CLAMP (offset, 0, MAX (0, self->extent - width));
  if (could_back != (self->offset > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SCROLL_BACK]);
  if (could_forward != (self->offset + width < self->extent))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_SCROLL_FORWARD]);
}

static void
set_unread_beyond (GlintTabFlow *self,
                   gboolean      back,
                   gboolean      forward)
{
  if (self->unread_back != back)
    {
      self->unread_back = back;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD_BACK]);
    }
  if (self->unread_forward != forward)
    {
      self->unread_forward = forward;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNREAD_FORWARD]);
    }
}

static void
glint_tab_flow_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  GlintTabFlow *self = GLINT_TAB_FLOW (widget);
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (Placed));
  gboolean unread_back, unread_forward;
  int x = 0;

  if (self->wrap)
    {
      flow (self, width, placed, &self->rows);
      set_scroll (self, 0, width, width);
    }
  else
    {
      /* One row at natural widths, then scrolled so that a tab asked
       * for is whole in view (set_scroll() tells the arrows). */
      int offset = self->offset;

      for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
           child = gtk_widget_get_next_sibling (child))
        if (gtk_widget_should_layout (child))
          {
            int w = child_width (child, -1);

            g_array_append_val (placed, ((Placed) { child, { x, 0, w, height } }));
            if (child == self->reveal && x < offset)
              offset = x;
            else if (child == self->reveal && x + w > offset + width)
              offset = x + w - width;
            x += w + SPACING;
          }
      self->rows = placed->len > 0;
      self->reveal = NULL;
      set_scroll (self, offset, width, MAX (0, x - SPACING));
    }
  unread_back = unread_forward = FALSE;
  for (guint i = 0; i < placed->len; i++)
    {
      Placed *p = &g_array_index (placed, Placed, i);

      p->box.x -= self->offset;
      gtk_widget_size_allocate (p->child, &p->box, -1);
      /* A tab cut by the edge may hide its badge: it counts as out. */
      if (!self->wrap && gtk_widget_has_css_class (p->child, "unread"))
        {
          unread_back |= p->box.x < 0;
          unread_forward |= p->box.x + p->box.width > width;
        }
    }
  set_unread_beyond (self, unread_back, unread_forward);
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           GlintTabFlow             *self)
{
  if (self->wrap)
    return FALSE;
  glint_tab_flow_scroll_by (self, (int) ((dx + dy) * WHEEL_STEP));
  return TRUE;
}

void
glint_tab_flow_scroll_by (GlintTabFlow *self,
                          int           pixels)
{
  set_scroll (self, self->offset + pixels, gtk_widget_get_width (GTK_WIDGET (self)), self->extent);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/* Brings @child into view at the next allocation (scroll mode). */
void
glint_tab_flow_scroll_to (GlintTabFlow *self,
                          GtkWidget    *child)
{
  self->reveal = child;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

void
glint_tab_flow_set_wrap (GlintTabFlow *self,
                         gboolean      wrap)
{
  if (self->wrap == wrap)
    return;
  self->wrap = wrap;
  self->offset = 0;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WRAP]);
}

gboolean
glint_tab_flow_get_wrap (GlintTabFlow *self)
{
  return self->wrap;
}

guint
glint_tab_flow_count_rows (GlintTabFlow *self)
{
  return self->rows;
}

static GtkSizeRequestMode
glint_tab_flow_get_request_mode (GtkWidget *widget)
{
  return GLINT_TAB_FLOW (widget)->wrap ? GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
glint_tab_flow_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GlintTabFlow *self = GLINT_TAB_FLOW (object);
  int width = gtk_widget_get_width (GTK_WIDGET (self));

  switch (prop_id)
    {
    case PROP_WRAP:
      g_value_set_boolean (value, self->wrap);
      break;
    case PROP_CAN_SCROLL_BACK:
      g_value_set_boolean (value, self->offset > 0);
      break;
    case PROP_CAN_SCROLL_FORWARD:
      g_value_set_boolean (value, self->offset + width < self->extent);
      break;
    case PROP_UNREAD_BACK:
      g_value_set_boolean (value, self->unread_back);
      break;
    case PROP_UNREAD_FORWARD:
      g_value_set_boolean (value, self->unread_forward);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glint_tab_flow_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_WRAP:
      glint_tab_flow_set_wrap (GLINT_TAB_FLOW (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glint_tab_flow_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (glint_tab_flow_parent_class)->dispose (object);
}

static void
glint_tab_flow_class_init (GlintTabFlowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = glint_tab_flow_dispose;
  object_class->get_property = glint_tab_flow_get_property;
  object_class->set_property = glint_tab_flow_set_property;
  widget_class->measure = glint_tab_flow_measure;
  widget_class->size_allocate = glint_tab_flow_size_allocate;
  widget_class->get_request_mode = glint_tab_flow_get_request_mode;

  properties[PROP_WRAP] = g_param_spec_boolean ("wrap", NULL, NULL, FALSE,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_SCROLL_BACK] = g_param_spec_boolean ("can-scroll-back", NULL, NULL, FALSE,
                                                           G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_SCROLL_FORWARD] = g_param_spec_boolean ("can-scroll-forward", NULL, NULL, FALSE,
                                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* A child with the CSS class "unread" is scrolled out of view on that
   * side (scroll mode): the strip's arrow says so. */
  properties[PROP_UNREAD_BACK] = g_param_spec_boolean ("unread-back", NULL, NULL, FALSE,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNREAD_FORWARD] = g_param_spec_boolean ("unread-forward", NULL, NULL, FALSE,
                                                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (widget_class, "glinttabs");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TAB_LIST);
}

static void
glint_tab_flow_init (GlintTabFlow *self)
{
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES
                                                                | GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);

  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
}

GtkWidget *
glint_tab_flow_new (void)
{
  return g_object_new (GLINT_TYPE_TAB_FLOW, NULL);
}

/* glint-appearance.c: follows the settings portal's colour scheme
 * without blocking, and turns the appearance preferences into style
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-appearance"

#include "config.h"

#include "glint-appearance.h"

#define PORTAL_NAME      "org.freedesktop.portal.Desktop"
#define PORTAL_PATH      "/org/freedesktop/portal/desktop"
#define PORTAL_SETTINGS  "org.freedesktop.portal.Settings"
#define APPEARANCE_NS    "org.freedesktop.appearance"

struct _GlintAppearance
{
  GObject           parent_instance;
  GSettings        *settings;
  GDBusProxy       *portal;
  GCancellable     *cancellable;
  GtkCssProvider   *css;
  GlintSystemStyle  system;
};

G_DEFINE_FINAL_TYPE (GlintAppearance, glint_appearance, G_TYPE_OBJECT)

enum { PROP_0, PROP_SYSTEM_STYLE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
apply_color_scheme (GlintAppearance *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  AdwColorScheme scheme;

  switch (g_settings_get_enum (self->settings, "color-scheme"))
    {
    case 1:
      scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
      break;
    case 2:
      scheme = ADW_COLOR_SCHEME_FORCE_DARK;
      break;
    default:
      /* The portal's answer, when it gave one; otherwise libadwaita's own
       * reading of the desktop (GSettings, local and quick). */
      scheme = self->system == GLINT_SYSTEM_STYLE_DARK    ? ADW_COLOR_SCHEME_FORCE_DARK
             : self->system == GLINT_SYSTEM_STYLE_LIGHT   ? ADW_COLOR_SCHEME_FORCE_LIGHT
             : ADW_COLOR_SCHEME_DEFAULT;
      break;
    }
  adw_style_manager_set_color_scheme (manager, scheme);
}

/* Text size and density are one stylesheet, rewritten when either
 * changes; it only narrows the application's own classes. */
static void
apply_style (GlintAppearance *self)
{
  double scale = g_settings_get_double (self->settings, "text-scale");
  gboolean compact = g_settings_get_boolean (self->settings, "compact");
  g_autoptr(GString) css = g_string_new (NULL);
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (number, sizeof number, "%.0f", scale * 100);
  g_string_append_printf (css, ".glint-body, .glint-composer { font-size: %s%%; }\n", number);
  if (compact)
    g_string_append (css,
                     ".glint-message { margin-top: 0; margin-bottom: 0; }\n"
                     ".glint-messages row { padding-top: 0; padding-bottom: 0; }\n"
                     ".glint-roster > row { min-height: 0; padding-top: 1px; padding-bottom: 1px; }\n");
  gtk_css_provider_load_from_data (self->css, css->str, -1);
}

static void
set_system_style (GlintAppearance *self,
                  GVariant        *value)
{
  /* Read() wraps the value in one variant more than SettingChanged does. */
  g_autoptr(GVariant) inner = g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT)
                              ? g_variant_get_variant (value) : g_variant_ref (value);
  GlintSystemStyle style = GLINT_SYSTEM_STYLE_NO_PREFERENCE;

  if (g_variant_is_of_type (inner, G_VARIANT_TYPE_UINT32))
    switch (g_variant_get_uint32 (inner))
      {
      case 1: style = GLINT_SYSTEM_STYLE_DARK; break;
      case 2: style = GLINT_SYSTEM_STYLE_LIGHT; break;
      default: break;
      }
  if (style == self->system)
    return;
  self->system = style;
  apply_color_scheme (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYSTEM_STYLE]);
}

static void
on_portal_signal (GDBusProxy *proxy,
                  const char *sender,
                  const char *signal_name,
                  GVariant   *parameters,
                  gpointer    data)
{
  GlintAppearance *self = data;
  const char *ns, *key;
  g_autoptr(GVariant) value = NULL;

  if (!g_str_equal (signal_name, "SettingChanged")
      || !g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(ssv)")))
    return;
  g_variant_get (parameters, "(&s&sv)", &ns, &key, &value);
  if (g_str_equal (ns, APPEARANCE_NS) && g_str_equal (key, "color-scheme"))
    set_system_style (self, value);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GlintAppearance *self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_proxy_call_finish (G_DBUS_PROXY (source), result, &error);
  g_autoptr(GVariant) value = NULL;

  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The settings portal gave no colour scheme: %s", error->message);
      return;
    }
  g_variant_get (reply, "(v)", &value);
  set_system_style (self, value);
}

static void
proxy_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      data)
{
  GlintAppearance *self = data;
  g_autoptr(GError) error = NULL;
  GDBusProxy *proxy = g_dbus_proxy_new_for_bus_finish (result, &error);

  if (proxy == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No settings portal: %s", error->message);
      return;
    }
  self->portal = proxy;
  g_signal_connect (proxy, "g-signal", G_CALLBACK (on_portal_signal), self);
  g_dbus_proxy_call (proxy, "Read", g_variant_new ("(ss)", APPEARANCE_NS, "color-scheme"),
                     G_DBUS_CALL_FLAGS_NONE, 5000, self->cancellable, read_cb, self);
}

static void
glint_appearance_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GlintAppearance *self = GLINT_APPEARANCE (object);

  switch (prop_id)
    {
    case PROP_SYSTEM_STYLE:
      g_value_set_int (value, self->system);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
glint_appearance_dispose (GObject *object)
{
  GlintAppearance *self = GLINT_APPEARANCE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->portal)
    g_signal_handlers_disconnect_by_data (self->portal, self);
  g_clear_object (&self->portal);
  if (self->css)
    gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                   GTK_STYLE_PROVIDER (self->css));
  g_clear_object (&self->css);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (glint_appearance_parent_class)->dispose (object);
}

static void
glint_appearance_class_init (GlintAppearanceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = glint_appearance_dispose;
  object_class->get_property = glint_appearance_get_property;
  properties[PROP_SYSTEM_STYLE] = g_param_spec_int ("system-style", NULL, NULL,
                                                    GLINT_SYSTEM_STYLE_UNKNOWN, GLINT_SYSTEM_STYLE_LIGHT,
                                                    GLINT_SYSTEM_STYLE_UNKNOWN,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
glint_appearance_init (GlintAppearance *self)
{
  self->cancellable = g_cancellable_new ();
  self->css = gtk_css_provider_new ();
}

GlintAppearance *
glint_appearance_new (GSettings *settings)
{
  GlintAppearance *self = g_object_new (GLINT_TYPE_APPEARANCE, NULL);

  self->settings = g_object_ref (settings);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (self->css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  g_signal_connect_object (settings, "changed::color-scheme", G_CALLBACK (apply_color_scheme),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::text-scale", G_CALLBACK (apply_style),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::compact", G_CALLBACK (apply_style),
                           self, G_CONNECT_SWAPPED);
  apply_color_scheme (self);
  apply_style (self);
  g_dbus_proxy_new_for_bus (G_BUS_TYPE_SESSION, G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES,
                            NULL, PORTAL_NAME, PORTAL_PATH, PORTAL_SETTINGS,
                            self->cancellable, proxy_cb, self);
  return self;
}

GlintSystemStyle
glint_appearance_get_system_style (GlintAppearance *self)
{
  return self->system;
}

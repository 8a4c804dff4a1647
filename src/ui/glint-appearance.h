/* glint-appearance.h: light or dark, text size and density, applied live
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GLINT_TYPE_APPEARANCE (glint_appearance_get_type ())

G_DECLARE_FINAL_TYPE (GlintAppearance, glint_appearance, GLINT, APPEARANCE, GObject)

/* What the desktop's settings portal says of the colour scheme. */
typedef enum
{
  GLINT_SYSTEM_STYLE_UNKNOWN,
  GLINT_SYSTEM_STYLE_NO_PREFERENCE,
  GLINT_SYSTEM_STYLE_DARK,
  GLINT_SYSTEM_STYLE_LIGHT,
} GlintSystemStyle;

GlintAppearance *glint_appearance_new              (GSettings       *settings);
GlintSystemStyle glint_appearance_get_system_style (GlintAppearance *self);

G_END_DECLS

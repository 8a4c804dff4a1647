/* glint-text.h: making untrusted text safe to show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Limits on what a server or a contact can make Glint hold or show. */
#define GLINT_MAX_BODY_BYTES   (64 * 1024)
#define GLINT_MAX_NAME_BYTES   256
#define GLINT_MAX_STATUS_BYTES 1024

char *glint_text_sanitize (const char *text,
                           gsize       max_bytes,
                           gboolean    keep_newlines);
char *glint_text_sanitize_nonempty (const char *text,
                                    gsize       max_bytes,
                                    gboolean    keep_newlines);
char *glint_text_to_link_markup (const char *text);
char *glint_text_snippet_to_markup (const char *snippet);
char *glint_text_format_time       (gint64      time_ms,
                                    guint       format,
                                    GDateTime  *now);

/* What a message shows at first, and the most marks one cluster keeps. */
#define GLINT_DISPLAY_FIRST_BYTES 4096
#define GLINT_DISPLAY_MAX_MARKS   8
#define GLINT_DISPLAY_LONG_WORD   200

char     *glint_text_display_excerpt (const char *text,
                                      gsize       max_bytes,
                                      gboolean   *cut);
gboolean  glint_text_has_long_word   (const char *text,
                                      guint       max_chars);

G_END_DECLS

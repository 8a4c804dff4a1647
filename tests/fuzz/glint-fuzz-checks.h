/* glint-fuzz-checks.h: the promises the fuzz targets hold Glint to
 *
 * Each check aborts, so libFuzzer reports the input that broke it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "glint-event.h"
#include "glint-stanza.h"

G_BEGIN_DECLS

/* Stops with @what when @cond does not hold. */
#define GLINT_FUZZ_CHECK(cond, what) \
  G_STMT_START { if (!(cond)) glint_fuzz_fail (what, #cond, __FILE__, __LINE__); } G_STMT_END

G_NORETURN void glint_fuzz_fail      (const char       *what,
                                      const char       *cond,
                                      const char       *file,
                                      int               line);
void glint_fuzz_check_text           (const char       *text,
                                      gsize             max_bytes,
                                      gboolean          newlines);
void glint_fuzz_check_jid            (const char       *jid,
                                      gboolean          bare);
void glint_fuzz_check_event          (const GlintEvent *event,
                                      const GlintStanzaContext *ctx,
                                      const char       *stanza_from);
char *glint_fuzz_string              (const guint8     *data,
                                      gsize             size);

G_END_DECLS

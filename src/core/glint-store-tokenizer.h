/* glint-store-tokenizer.h: the FTS5 tokenizer of the history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

gboolean  glint_tokenizer_register (sqlite3    *db);
char     *glint_tokenizer_fold     (const char *text,
                                    gssize      len);

G_END_DECLS

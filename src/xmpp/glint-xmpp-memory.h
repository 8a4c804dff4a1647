/* glint-xmpp-memory.h: an allocator for libstrophe that counts what it holds
 *
 * libstrophe builds every incoming stanza in memory, however large or deep,
 * and frees it recursively. Counting its allocations lets the worker end a
 * stream that has grown past a limit before it can exhaust memory, or the
 * stack when the tree is released.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <strophe.h>

G_BEGIN_DECLS

/* What one stream may make libstrophe hold at once. */
#define GLINT_XMPP_MEMORY_LIMIT (16 * 1024 * 1024)

typedef struct
{
  xmpp_mem_t mem;     /* hand &mem to xmpp_ctx_new() */
  gsize      in_use;  /* bytes allocated and not yet freed */
  guint64    calls;   /* allocations so far: it moves whenever libstrophe works */
} GlintXmppMemory;

void glint_xmpp_memory_init (GlintXmppMemory *memory);

G_END_DECLS

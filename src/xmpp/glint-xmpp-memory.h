/* glint-xmpp-memory.h: an allocator for libstrophe that counts what it holds
 *
 * libstrophe builds every incoming stanza in memory, however large, deep or
 * wide, and frees it recursively; adding a child walks the list of its
 * siblings, and setting an attribute walks a fixed-size hash chain, so a
 * wide element or a tag with many attributes costs quadratic time. Counting
 * what libstrophe allocates lets the worker end a stream that has grown past
 * a limit before it costs the memory, the stack when the tree is released,
 * or seconds of the worker's time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <strophe.h>

G_BEGIN_DECLS

/* What one stream may make libstrophe hold at once: bytes, allocations
 * (each costs about 48 bytes more than it asks for), and stanza nodes
 * (elements and texts). The node limit bounds the children of any one
 * element, so the quadratic cost of the widest stanza allowed is about a
 * tenth of a second of the worker (tests/bench/bench-limits). While the
 * server owes us the roster, it may hold four times as many: a roster of
 * some 10,000 contacts with a group each. */
#define GLINT_XMPP_MEMORY_LIMIT      (16 * 1024 * 1024)
#define GLINT_XMPP_BLOCK_LIMIT       (512 * 1024)
#define GLINT_XMPP_NODE_LIMIT        8192
#define GLINT_XMPP_NODE_LIMIT_ROSTER (4 * GLINT_XMPP_NODE_LIMIT)

/* What growing one block may cost, counted as the sum of its sizes over
 * consecutive reallocs: libstrophe appends each piece of a text with
 * strncat, which scans the whole text so far, so a text that comes in many
 * small pieces (entities, a DOCTYPE's expansion) costs the square of its
 * length. 2 GiB is about 0.15 s of scanning, more than any stanza a server
 * relays from a contact (at most 256 KiB) can cost; past it, the allocator
 * refuses to grow text (libstrophe drops it) and the stream is cut. */
#define GLINT_XMPP_GROWTH_LIMIT ((guint64) 2 * 1024 * 1024 * 1024)

/* What the server may send while libstrophe makes nothing of it: expat
 * buffers an unfinished tag or comment with its own allocator (libstrophe
 * hands it ours for one context in the process only), and parses a tag's
 * attributes in one go. No legitimate tag comes near this. */
#define GLINT_XMPP_TAG_LIMIT    (64 * 1024)

typedef struct
{
  xmpp_mem_t mem;        /* hand &mem to xmpp_ctx_new() */
  gsize      in_use;     /* bytes allocated and not yet freed */
  gsize      blocks;     /* allocations not yet freed */
  gsize      nodes;      /* of those, the size of a stanza node */
  gsize      node_size;  /* sizeof (xmpp_stanza_t), learnt at start */
  guint64    calls;      /* allocations so far: it moves whenever libstrophe works */
  gpointer   growing;    /* the block the last realloc returned */
  guint64    growth;     /* what growing it has cost so far */
  gboolean   refusing;   /* over the growth limit: no block grows any more */
} GlintXmppMemory;

void        glint_xmpp_memory_init            (GlintXmppMemory *memory);
void        glint_xmpp_memory_learn_node_size (GlintXmppMemory *memory,
                                               xmpp_ctx_t      *ctx);
const char *glint_xmpp_memory_over_limit      (const GlintXmppMemory *memory,
                                               gsize                  node_limit);
void        glint_xmpp_memory_reset_growth    (GlintXmppMemory *memory);
gboolean    glint_xmpp_socket_bytes_received  (int              fd,
                                               guint64         *bytes);

G_END_DECLS

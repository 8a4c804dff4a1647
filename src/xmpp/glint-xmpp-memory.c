/* glint-xmpp-memory.c
 *
 * Used from the worker thread only, like the context it serves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-xmpp-memory"

#include "glint-xmpp-memory.h"

#include <stdlib.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <linux/tcp.h>

/* Each block starts with its size, padded so the rest stays aligned. */
#define HEADER 16

/* node_size while the next allocation is the one that tells it */
#define LEARNING G_MAXSIZE

static void
count (GlintXmppMemory *memory,
       size_t           size,
       int              sign)
{
  memory->in_use += sign * (gssize) size;
  memory->blocks += sign;
  if (memory->node_size == LEARNING)
    memory->node_size = size;
  if (memory->node_size != 0 && size == memory->node_size)
    memory->nodes += sign;
}

static void *
counted_alloc (size_t  size,
               void   *userdata)
{
  GlintXmppMemory *memory = userdata;
  char *block = malloc (size + HEADER);

  if (block == NULL)
    return NULL;
  *(size_t *) block = size;
  count (memory, size, 1);
  memory->calls++;
  return block + HEADER;
}

static void
counted_free (void *p,
              void *userdata)
{
  GlintXmppMemory *memory = userdata;
  char *block;

  if (p == NULL)
    return;
  block = (char *) p - HEADER;
  count (memory, *(size_t *) block, -1);
  free (block);
}

static void *
counted_realloc (void   *p,
                 size_t  size,
                 void   *userdata)
{
  GlintXmppMemory *memory = userdata;
  char *block;
  size_t old;

  if (p == NULL)
    return counted_alloc (size, userdata);
  memory->growth = p == memory->growing ? memory->growth + size : size;
  if (memory->refusing || memory->growth > GLINT_XMPP_GROWTH_LIMIT)
    {
      /* libstrophe drops a text it cannot grow, and goes on cheaply. */
      memory->refusing = TRUE;
      memory->growing = NULL;
      memory->calls++;
      return NULL;
    }
  block = (char *) p - HEADER;
  old = *(size_t *) block;
  block = realloc (block, size + HEADER);
  if (block == NULL)
    return NULL;
  *(size_t *) block = size;
  count (memory, old, -1);
  count (memory, size, 1);
  memory->calls++;
  memory->growing = block + HEADER;
  return block + HEADER;
}

void
glint_xmpp_memory_init (GlintXmppMemory *memory)
{
  memory->mem.alloc = counted_alloc;
  memory->mem.free = counted_free;
  memory->mem.realloc = counted_realloc;
  memory->mem.userdata = memory;
  memory->in_use = 0;
  memory->blocks = 0;
  memory->nodes = 0;
  memory->node_size = 0;
  memory->calls = 0;
  glint_xmpp_memory_reset_growth (memory);
}

/* For a new stream. */
void
glint_xmpp_memory_reset_growth (GlintXmppMemory *memory)
{
  memory->growing = NULL;
  memory->growth = 0;
  memory->refusing = FALSE;
}

/* libstrophe's stanza type is opaque; its size is that of the first block
 * xmpp_stanza_new() asks for. Strings of the same size count as nodes too,
 * which only makes the node limit stricter. */
void
glint_xmpp_memory_learn_node_size (GlintXmppMemory *memory,
                                   xmpp_ctx_t      *ctx)
{
  xmpp_stanza_t *probe;

  memory->node_size = LEARNING;
  probe = xmpp_stanza_new (ctx);
  g_assert (probe != NULL && memory->node_size != LEARNING);
  xmpp_stanza_release (probe);
}

/* NULL, or what the stream has gone over, in words for the log. */
const char *
glint_xmpp_memory_over_limit (const GlintXmppMemory *memory,
                              gsize                  node_limit)
{
  if (memory->refusing)
    return "growth of one text";
  if (memory->in_use > GLINT_XMPP_MEMORY_LIMIT)
    return "bytes held";
  if (memory->blocks > GLINT_XMPP_BLOCK_LIMIT)
    return "allocations held";
  if (memory->nodes > node_limit)
    return "elements and texts held";
  return NULL;
}

/* What the kernel has received on a TCP socket so far (Linux 4.1 and
 * later); FALSE where it cannot say. */
gboolean
glint_xmpp_socket_bytes_received (int      fd,
                                  guint64 *bytes)
{
  struct tcp_info info = { 0 };
  socklen_t len = sizeof info;

  if (fd < 0 || getsockopt (fd, IPPROTO_TCP, TCP_INFO, &info, &len) != 0
      || len < offsetof (struct tcp_info, tcpi_bytes_received) + sizeof info.tcpi_bytes_received)
    return FALSE;
  *bytes = info.tcpi_bytes_received;
  return TRUE;
}

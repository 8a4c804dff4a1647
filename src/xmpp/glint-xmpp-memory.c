/* glint-xmpp-memory.c
 *
 * Used from the worker thread only, like the context it serves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-xmpp-memory"

#include "glint-xmpp-memory.h"

#include <stdlib.h>

/* Each block starts with its size, padded so the rest stays aligned. */
#define HEADER 16

static void *
counted_alloc (size_t  size,
               void   *userdata)
{
  GlintXmppMemory *memory = userdata;
  char *block = malloc (size + HEADER);

  if (block == NULL)
    return NULL;
  *(size_t *) block = size;
  memory->in_use += size;
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
  memory->in_use -= *(size_t *) block;
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
  block = (char *) p - HEADER;
  old = *(size_t *) block;
  block = realloc (block, size + HEADER);
  if (block == NULL)
    return NULL;
  *(size_t *) block = size;
  memory->in_use = memory->in_use - old + size;
  memory->calls++;
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
  memory->calls = 0;
}

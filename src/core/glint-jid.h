/* glint-jid.h: parsing and preparing Jabber IDs (RFC 7622 with PRECIS)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GLINT_JID_ERROR (glint_jid_error_quark ())

typedef enum
{
  GLINT_JID_ERROR_EMPTY,
  GLINT_JID_ERROR_INVALID,
  GLINT_JID_ERROR_TOO_LONG,
} GlintJidError;

/* Longest accepted part, in bytes (RFC 7622 section 3.1). */
#define GLINT_JID_MAX_PART 1023

typedef struct
{
  char *local;    /* nullable; prepared: lower case, NFC */
  char *domain;   /* prepared: lower case, NFC, no final dot */
  char *resource; /* nullable; NFC, case kept */
} GlintJid;

GQuark    glint_jid_error_quark      (void);
GlintJid *glint_jid_parse            (const char     *str,
                                      GError        **error);
void      glint_jid_free             (GlintJid       *jid);
char     *glint_jid_to_bare_string   (const GlintJid *jid);
char     *glint_jid_to_string        (const GlintJid *jid);
char     *glint_jid_normalize_bare   (const char     *str);
gboolean  glint_jid_is_valid_bare    (const char     *str);
gboolean  glint_jid_bare_equal       (const char     *a,
                                      const char     *b);
gboolean  glint_jid_is_exactly_bare  (const char     *str,
                                      const char     *bare);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlintJid, glint_jid_free)

G_END_DECLS

/* glint-reconnect.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-reconnect"

#include <string.h>

#include "glint-jid.h"
#include "glint-reconnect.h"

/* A lost stream is tried again unless retrying cannot help: a refused
 * password, an untrusted certificate, a server without TLS, unusable
 * settings, another client on our resource (the session picks a new one),
 * or a TLS failure before we were ever in (a TLS failure on a stream that
 * worked is the network's). */
gboolean
glint_reconnect_is_final (GlintConnectionError why,
                          gboolean             was_online)
{
  switch (why)
    {
    case GLINT_ERROR_AUTH:
    case GLINT_ERROR_CERTIFICATE:
    case GLINT_ERROR_TLS_REQUIRED:
    case GLINT_ERROR_SASL_DOWNGRADE:
    case GLINT_ERROR_CONFIG:
    case GLINT_ERROR_CONFLICT:
    case GLINT_ERROR_STARTTLS:
    case GLINT_ERROR_CANNOT_HIDE:
      return TRUE;
    case GLINT_ERROR_TLS:
      return !was_online;
    default:
      return FALSE;
    }
}

/* Whether logging in again starts the backoff afresh, given why the last
 * stream ended: not after a stream cut for its size or its XML, or a
 * server that sends the same bad stanza after every login would be met
 * again every second instead of ever more slowly. */
gboolean
glint_reconnect_login_resets_backoff (GlintConnectionError last_end)
{
  return last_end != GLINT_ERROR_TOO_LARGE
         && last_end != GLINT_ERROR_BAD_XML
         && last_end != GLINT_ERROR_FORBIDDEN_XML;
}

/* A connection that could not even start: a name that never resolved is a
 * typo; one that resolved before is a network that went away. */
gboolean
glint_reconnect_connect_is_final (GlintConnectionError why,
                                  guint                retries)
{
  return why == GLINT_ERROR_DNS && retries == 0;
}

/* 1, 2, 4 … 60 s after the @retries-th failure; @jitter in [0, 1] spreads
 * the second half so that clients do not all come back at once. */
gint64
glint_reconnect_delay_us (guint  retries,
                          double jitter)
{
  guint exp = MIN (retries, 6);
  gint64 delay_us = MIN ((gint64) 1 << exp, GLINT_RECONNECT_MAX_DELAY_S) * G_USEC_PER_SEC;

  return delay_us / 2 + (gint64) (CLAMP (jitter, 0.0, 1.0) * (delay_us / 2));
}

/* Whether an IQ reply from @from answers a request we sent to @asked
 * (our bare @account, our server @domain, or another address). A reply
 * with no from is our own server's, so it answers only what we asked
 * our account or server; a reply about our account must come from the
 * bare account, not from another of its resources; a request to a full
 * JID (our nick in a room) is answered by that JID alone. */
gboolean
glint_iq_reply_is_from (const char *from,
                        const char *asked,
                        const char *account,
                        const char *domain)
{
  g_autoptr(GlintJid) want = NULL;
  g_autoptr(GlintJid) got = NULL;

  if (from == NULL)
    return g_strcmp0 (asked, account) == 0 || g_strcmp0 (asked, domain) == 0;
  want = glint_jid_parse (asked, NULL);
  if (want == NULL || want->resource == NULL)
    return glint_jid_is_exactly_bare (from, asked);
  got = glint_jid_parse (from, NULL);
  return got != NULL && got->resource != NULL && g_strcmp0 (got->resource, want->resource) == 0
         && glint_jid_bare_equal (from, asked);
}

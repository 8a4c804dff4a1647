/* glint-event.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-event"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "glint-event.h"

#include <string.h>

GlintEvent *
glint_event_new (GlintEventType  type,
                 const char     *account)
{
  GlintEvent *event = g_new0 (GlintEvent, 1);

  event->type = type;
  event->account = g_strdup (account);
  return event;
}

void
glint_cert_info_free (GlintCertInfo *cert)
{
  if (cert == NULL)
    return;
  g_free (cert->subject);
  g_free (cert->issuer);
  g_free (cert->not_before);
  g_free (cert->not_after);
  g_free (cert->fingerprint_sha256);
  g_free (cert->error);
  g_free (cert->pem);
  g_free (cert);
}

GlintCertInfo *
glint_cert_info_copy (const GlintCertInfo *cert)
{
  GlintCertInfo *copy = g_new0 (GlintCertInfo, 1);

  copy->subject = g_strdup (cert->subject);
  copy->issuer = g_strdup (cert->issuer);
  copy->not_before = g_strdup (cert->not_before);
  copy->not_after = g_strdup (cert->not_after);
  copy->fingerprint_sha256 = g_strdup (cert->fingerprint_sha256);
  copy->error = g_strdup (cert->error);
  copy->pem = g_strdup (cert->pem);
  return copy;
}

void
glint_event_free (GlintEvent *event)
{
  if (event == NULL)
    return;
  g_free (event->account);
  g_free (event->text);
  g_free (event->jid);
  g_free (event->name);
  g_strfreev (event->groups);
  g_free (event->subscription);
  g_free (event->show);
  g_free (event->xmpp_id);
  glint_message_free (event->message);
  glint_cert_info_free (event->cert);
  g_free (event->mechanism);
  g_free (event->archive_first);
  g_free (event->archive_last);
  glint_form_free (event->form);
  g_free (event->condition);
  glint_occupant_info_free (event->occupant);
  glint_bookmark_free (event->bookmark);
  g_strfreev (event->names);
  if (event->password)
    memset (event->password, 0, strlen (event->password));
  g_free (event->password);
  g_free (event->inviter);
  g_free (event);
}

void
glint_occupant_info_free (GlintOccupantInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->nick);
  g_free (info->new_nick);
  g_free (info->role);
  g_free (info->affiliation);
  g_free (info->real_jid);
  g_free (info->occupant_id);
  g_free (info->show);
  g_free (info->status);
  g_free (info->reason);
  g_free (info);
}

/* What the user reads when a connection attempt stops. */
const char *
glint_connection_error_describe (GlintConnectionError error)
{
  switch (error)
    {
    case GLINT_ERROR_NONE:
      return "";
    case GLINT_ERROR_AUTH:
      return _("The server did not accept the address or password.");
    case GLINT_ERROR_DNS:
      return _("The server’s name could not be found. Check the address and the host name.");
    case GLINT_ERROR_UNREACHABLE:
      return _("The server could not be reached. Check the host, the port and your network.");
    case GLINT_ERROR_STARTTLS:
      return _("The server could not start encryption, so Glint did not log in. It may be "
               "misconfigured, or something between you and it interfered.");
    case GLINT_ERROR_TLS:
      return _("A secure connection could not be set up with the server.");
    case GLINT_ERROR_CERTIFICATE:
      return _("The server’s certificate is not trusted.");
    case GLINT_ERROR_TLS_REQUIRED:
      return _("The server did not offer an encrypted connection, so your password was not sent.");
    case GLINT_ERROR_SASL_DOWNGRADE:
      return _("The server offered only a weaker way to log in than before, so your password was not sent. "
               "Something between you and the server may be trying to read it.");
    case GLINT_ERROR_CONFLICT:
      return _("Another client logged in with the same resource.");
    case GLINT_ERROR_STREAM:
      return _("The server closed the connection.");
    case GLINT_ERROR_CONFIG:
      return _("The account settings are incomplete.");
    case GLINT_ERROR_TOO_LARGE:
      return _("The server sent more at once than Glint accepts, so Glint disconnected. "
               "It will try again.");
    case GLINT_ERROR_CANNOT_HIDE:
      return _("Your server cannot make you invisible, so Glint logged out instead of showing you online. "
               "Log in without “Invisible” to go online.");
    case GLINT_ERROR_BAD_XML:
      return _("The server sent something that is not valid XMPP, so Glint disconnected. "
               "It will try again.");
    case GLINT_ERROR_FORBIDDEN_XML:
      return _("The server sent XML that XMPP does not allow (a document type, comment or "
               "processing instruction), so Glint disconnected without reading it. It will try again.");
    default:
      return _("Unknown error.");
    }
}

/* What is wrong with a certificate, in words, from the verifier's message
 * (OpenSSL's, which libstrophe passes on: "self-signed certificate",
 * "certificate has expired", "unable to get local issuer certificate",
 * "hostname mismatch"…). */
char *
glint_cert_info_describe_problem (const GlintCertInfo *cert,
                                  const char          *domain)
{
  g_autofree char *error = g_ascii_strdown (cert->error ? cert->error : "", -1);
  gboolean self_issued = cert->subject && g_strcmp0 (cert->subject, cert->issuer) == 0;

  if (strstr (error, "self-signed") || strstr (error, "self signed") || (*error == '\0' && self_issued))
    return g_strdup (_("The certificate is self-signed: no authority this computer trusts vouches for it."));
  if (strstr (error, "expired"))
    return g_strdup_printf (_("The certificate expired on %s."), cert->not_after ? cert->not_after : "?");
  if (strstr (error, "not yet valid"))
    return g_strdup_printf (_("The certificate is not valid until %s. Check this computer’s clock."),
                            cert->not_before ? cert->not_before : "?");
  if (strstr (error, "hostname") || strstr (error, "host name") || strstr (error, "mismatch"))
    return g_strdup_printf (_("The certificate is not for %s: it names %s."), domain,
                            cert->subject ? cert->subject : "?");
  if (strstr (error, "issuer") || strstr (error, "first certificate") || strstr (error, "untrusted"))
    return g_strdup_printf (_("The certificate was issued by an authority this computer does not know (%s)."),
                            cert->issuer ? cert->issuer : "?");
  return g_strdup (_("The certificate could not be verified."));
}

G_DEFINE_BOXED_TYPE (GlintCertInfo, glint_cert_info, glint_cert_info_copy, glint_cert_info_free)

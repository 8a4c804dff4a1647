/* Unit tests: events said in words */
#include <string.h>

#include "glint-event.h"

/* A certificate's problem in words, not OpenSSL's (1.1 and 3.0 spellings). */
static void
test_certificate_problem (void)
{
  static const struct { const char *error; const char *words; } cases[] = {
    { "self-signed certificate", "self-signed" },
    { "self signed certificate in certificate chain", "self-signed" },
    { "certificate has expired", "expired on Jan  1 00:00:00 2020 GMT" },
    { "certificate is not yet valid", "not valid until Jan  1 00:00:00 2019 GMT" },
    { "Hostname mismatch", "not for example.org: it names CN=other.example" },
    { "unable to get local issuer certificate", "authority this computer does not know (CN=Some CA)" },
    { "unable to verify the first certificate", "authority this computer does not know" },
    { "something else entirely", "could not be verified" },
  };
  GlintCertInfo cert = {
    .subject = (char *) "CN=other.example",
    .issuer = (char *) "CN=Some CA",
    .not_before = (char *) "Jan  1 00:00:00 2019 GMT",
    .not_after = (char *) "Jan  1 00:00:00 2020 GMT",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *words = NULL;

      cert.error = (char *) cases[i].error;
      words = glint_cert_info_describe_problem (&cert, "example.org");
      if (strstr (words, cases[i].words) == NULL)
        g_error ("“%s” was said as “%s”", cases[i].error, words);
      /* Never OpenSSL's own text. */
      g_assert_null (strstr (words, cases[i].error));
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/event/certificate-problem", test_certificate_problem);
  return g_test_run ();
}

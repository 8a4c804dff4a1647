/* glint-account.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-account"

#include "glint-account.h"
#include "glint-jid.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

/* "glint." and six random letters or digits: two installs on one account
 * never take each other's resource, and so never log each other out. */
char *
glint_account_new_resource (void)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  char suffix[7];

  for (guint i = 0; i < 6; i++)
    suffix[i] = alphabet[g_random_int_range (0, sizeof alphabet - 1)];
  suffix[6] = '\0';
  return g_strconcat ("glint.", suffix, NULL);
}

GlintAccount *
glint_account_new (const char *jid)
{
  GlintAccount *account = g_new0 (GlintAccount, 1);

  account->jid = g_strdup (jid);
  account->resource = glint_account_new_resource ();
  account->enabled = TRUE;
  account->tls_mode = GLINT_TLS_STARTTLS;
  account->pins = g_new0 (char *, 1);
  return account;
}

GlintAccount *
glint_account_copy (const GlintAccount *account)
{
  GlintAccount *copy = g_memdup2 (account, sizeof *account);

  copy->jid = g_strdup (account->jid);
  copy->resource = g_strdup (account->resource);
  copy->host = g_strdup (account->host);
  copy->pins = g_strdupv (account->pins);
  copy->sasl_mechanism = g_strdup (account->sasl_mechanism);
  return copy;
}

void
glint_account_free (GlintAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->jid);
  g_free (account->resource);
  g_free (account->host);
  g_strfreev (account->pins);
  g_free (account->sasl_mechanism);
  g_free (account);
}

/* Fingerprints are compared as lower-case hex without separators. */
char *
glint_fingerprint_normalize (const char *fingerprint)
{
  GString *out = g_string_new (NULL);

  for (const char *p = fingerprint; p && *p; p++)
    if (g_ascii_isxdigit (*p))
      g_string_append_c (out, g_ascii_tolower (*p));
  return g_string_free (out, FALSE);
}

gboolean
glint_account_has_pin (const GlintAccount *account,
                       const char         *fingerprint)
{
  g_autofree char *want = glint_fingerprint_normalize (fingerprint);

  if (*want == '\0')
    return FALSE;
  for (guint i = 0; account->pins && account->pins[i]; i++)
    {
      g_autofree char *have = glint_fingerprint_normalize (account->pins[i]);
      if (strcmp (have, want) == 0)
        return TRUE;
    }
  return FALSE;
}

void
glint_account_add_pin (GlintAccount *account,
                       const char   *fingerprint)
{
  guint n;

  if (glint_account_has_pin (account, fingerprint))
    return;
  n = account->pins ? g_strv_length (account->pins) : 0;
  account->pins = g_renew (char *, account->pins, n + 2);
  account->pins[n] = glint_fingerprint_normalize (fingerprint);
  account->pins[n + 1] = NULL;
}

/* Returns whether @fingerprint was pinned. */
gboolean
glint_account_remove_pin (GlintAccount *account,
                          const char   *fingerprint)
{
  g_autofree char *want = glint_fingerprint_normalize (fingerprint);
  guint kept = 0;
  gboolean removed = FALSE;

  for (guint i = 0; account->pins && account->pins[i]; i++)
    {
      g_autofree char *have = glint_fingerprint_normalize (account->pins[i]);

      if (*want != '\0' && strcmp (have, want) == 0)
        {
          g_free (account->pins[i]);
          removed = TRUE;
        }
      else
        account->pins[kept++] = account->pins[i];
    }
  if (account->pins)
    account->pins[kept] = NULL;
  return removed;
}

static const char *tls_mode_names[] = { "starttls", "direct-tls", "plaintext" };

const char *
glint_tls_mode_to_string (GlintTlsMode mode)
{
  g_return_val_if_fail (mode <= GLINT_TLS_PLAINTEXT, "starttls");
  return tls_mode_names[mode];
}

gboolean
glint_tls_mode_from_string (const char   *str,
                            GlintTlsMode *mode)
{
  for (guint i = 0; i < G_N_ELEMENTS (tls_mode_names); i++)
    if (g_strcmp0 (str, tls_mode_names[i]) == 0)
      {
        *mode = i;
        return TRUE;
      }
  return FALSE;
}

char *
glint_account_default_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "glint", "accounts.ini", NULL);
}

GPtrArray *
glint_account_load_all (const char  *path,
                        GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_account_free);
  g_auto(GStrv) groups = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&accounts);
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  "Could not read %s: ", path);
      return NULL;
    }

  groups = g_key_file_get_groups (kf, NULL);
  for (guint i = 0; groups[i]; i++)
    {
      g_autofree char *bare = glint_jid_normalize_bare (groups[i]);
      g_autofree char *mode = NULL;
      g_autofree char *resource = NULL;
      GlintAccount *account;

      if (bare == NULL || !glint_jid_is_valid_bare (bare))
        {
          g_warning ("Ignoring account “%s” in %s: not a valid address", groups[i], path);
          continue;
        }
      account = glint_account_new (bare);
      account->host = g_key_file_get_string (kf, groups[i], "host", NULL);
      if (account->host && *account->host == '\0')
        g_clear_pointer (&account->host, g_free);
      account->port = CLAMP (g_key_file_get_integer (kf, groups[i], "port", NULL), 0, 65535);
      mode = g_key_file_get_string (kf, groups[i], "tls", NULL);
      if (mode && !glint_tls_mode_from_string (mode, &account->tls_mode))
        g_warning ("Unknown TLS mode “%s” for %s; using STARTTLS", mode, bare);
      resource = g_key_file_get_string (kf, groups[i], "resource", NULL);
      /* Glint 0.1 used the same resource everywhere; such an account gets
       * its own from now on. */
      if (resource && *resource && g_strcmp0 (resource, "glint") != 0)
        {
          g_free (account->resource);
          account->resource = g_steal_pointer (&resource);
        }
      account->autologin = g_key_file_get_boolean (kf, groups[i], "autologin", NULL);
      account->share_version = g_key_file_get_boolean (kf, groups[i], "share-version", NULL);
      account->share_idle = g_key_file_get_boolean (kf, groups[i], "share-idle", NULL);
      account->login_invisible = g_key_file_get_boolean (kf, groups[i], "login-invisible", NULL);
      account->sasl_mechanism = g_key_file_get_string (kf, groups[i], "sasl-mechanism", NULL);
      if (g_key_file_has_key (kf, groups[i], "enabled", NULL))
        account->enabled = g_key_file_get_boolean (kf, groups[i], "enabled", NULL);
      account->save_password = g_key_file_get_boolean (kf, groups[i], "save-password", NULL);
      g_strfreev (account->pins);
      account->pins = g_key_file_get_string_list (kf, groups[i], "pinned-sha256", NULL, NULL);
      if (account->pins == NULL)
        account->pins = g_new0 (char *, 1);
      g_ptr_array_add (accounts, account);
    }
  return g_steal_pointer (&accounts);
}

/* Settings are the user's alone (0600), whatever the umask. */
static gboolean
save_private (GKeyFile    *kf,
              const char  *path,
              GError     **error)
{
  g_autofree char *data = g_key_file_to_data (kf, NULL, NULL);

  return g_file_set_contents_full (path, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

/* Creates @dir and its parents; @dir itself is made private (0700) even
 * if an older Glint or the umask made it readable by others. */
gboolean
glint_make_private_dir (const char  *dir,
                        GError     **error)
{
  if (g_mkdir_with_parents (dir, 0700) != 0 || g_chmod (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Could not create %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
glint_account_save (const GlintAccount  *account,
                    const char          *path,
                    GError             **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *dir = g_path_get_dirname (path);
  const char *group = account->jid;

  /* Keep the other accounts in the file as they are. */
  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_KEEP_COMMENTS, NULL))
    g_key_file_remove_group (kf, group, NULL);

  g_key_file_set_string (kf, group, "host", account->host ? account->host : "");
  g_key_file_set_integer (kf, group, "port", account->port);
  g_key_file_set_string (kf, group, "tls", glint_tls_mode_to_string (account->tls_mode));
  g_key_file_set_string (kf, group, "resource", account->resource);
  g_key_file_set_boolean (kf, group, "enabled", account->enabled);
  g_key_file_set_boolean (kf, group, "autologin", account->autologin);
  g_key_file_set_boolean (kf, group, "share-version", account->share_version);
  g_key_file_set_boolean (kf, group, "share-idle", account->share_idle);
  g_key_file_set_boolean (kf, group, "login-invisible", account->login_invisible);
  if (account->sasl_mechanism)
    g_key_file_set_string (kf, group, "sasl-mechanism", account->sasl_mechanism);
  else
    g_key_file_remove_key (kf, group, "sasl-mechanism", NULL);
  g_key_file_set_boolean (kf, group, "save-password", account->save_password);
  g_key_file_set_string_list (kf, group, "pinned-sha256",
                              (const char * const *) account->pins,
                              account->pins ? g_strv_length (account->pins) : 0);

  if (!glint_make_private_dir (dir, error))
    return FALSE;
  return save_private (kf, path, error);
}

/* What an account earns as it is used, and a settings window or a script
 * never gives it: its resource and the certificates the user trusted.
 * Copies them from @known into @account. */
void
glint_account_keep_earned (GlintAccount       *account,
                           const GlintAccount *known)
{
  g_free (account->resource);
  account->resource = g_strdup (known->resource);
  g_strfreev (account->pins);
  account->pins = g_strdupv (known->pins);
  g_free (account->sasl_mechanism);
  account->sasl_mechanism = g_strdup (known->sasl_mechanism);
}

/* Saves what @account earned (resource, pins, SASL mechanism) and nothing else: the other
 * settings in @path may have changed since it was read. */
gboolean
glint_account_save_earned (const GlintAccount  *account,
                           const char          *path,
                           GError             **error)
{
  g_autoptr(GlintAccount) saved = glint_account_load (account->jid, path);

  if (saved == NULL)
    return glint_account_save (account, path, error);
  glint_account_keep_earned (saved, account);
  return glint_account_save (saved, path, error);
}

/* The saved settings of @jid, or NULL. */
GlintAccount *
glint_account_load (const char *jid,
                    const char *path)
{
  g_autoptr(GPtrArray) accounts = glint_account_load_all (path, NULL);

  for (guint i = 0; accounts && i < accounts->len; i++)
    {
      GlintAccount *account = accounts->pdata[i];
      if (g_strcmp0 (account->jid, jid) == 0)
        return glint_account_copy (account);
    }
  return NULL;
}

/* Forgets @jid's settings; the other accounts in the file stay. */
gboolean
glint_account_remove (const char  *jid,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_KEEP_COMMENTS, NULL))
    return TRUE;
  if (!g_key_file_remove_group (kf, jid, NULL))
    return TRUE;
  return save_private (kf, path, error);
}

/* How strong a SASL mechanism is, among those libstrophe 0.12 speaks: 0
 * for one it does not. Channel binding (-PLUS) is not among them, so a
 * server that offers SCRAM-SHA-1-PLUS is as strong, to Glint, as one
 * that offers SCRAM-SHA-1. */
int
glint_sasl_rank (const char *mechanism)
{
  static const char * const ranked[] = {
    "PLAIN", "DIGEST-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256", "SCRAM-SHA-512",
  };
  g_autofree char *base = NULL;

  if (mechanism == NULL)
    return 0;
  base = g_str_has_suffix (mechanism, "-PLUS") ? g_strndup (mechanism, strlen (mechanism) - 5)
                                               : g_strdup (mechanism);
  for (guint i = 0; i < G_N_ELEMENTS (ranked); i++)
    if (g_str_equal (base, ranked[i]))
      return i + 1;
  return 0;
}

GlintSharing
glint_account_get_sharing (const GlintAccount *account)
{
  return (account->share_version ? GLINT_SHARE_VERSION : 0) | (account->share_idle ? GLINT_SHARE_IDLE : 0);
}

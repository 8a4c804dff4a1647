/* glint-application-cmdline.c: the command line
 *
 * --configure-account and --version run without a display; the other
 * options are handed to the running Glint as its actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-actions"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "glint-application-private.h"
#include "glint-jid.h"
#include "glint-secrets.h"

/* Options that open a window: each is the action of the same name. */
static const char * const window_options[] = { "preferences", "add-contact", "create-account" };

static gboolean
has_window_option (GVariantDict *options)
{
  for (guint i = 0; i < G_N_ELEMENTS (window_options); i++)
    if (g_variant_dict_contains (options, window_options[i]))
      return TRUE;
  return FALSE;
}

static const GOptionEntry options[] = {
  { "version", 'v', 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
  { "open-chat", 0, 0, G_OPTION_ARG_STRING, NULL, N_("Open a chat with JID"), N_("JID") },
  { "set-status", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Set your status: online, away, xa, dnd, invisible or offline, optionally followed by :MESSAGE"), N_("STATUS") },
  { "preferences", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the preferences"), NULL },
  { "add-contact", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Add a contact"), NULL },
  { "create-account", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Create an account on a server"), NULL },
  { "quit", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Quit the running Glint"), NULL },
  { "configure-account", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Set up an account without a window, then exit"), N_("JID") },
  { "server", 0, 0, G_OPTION_ARG_STRING, NULL, N_("With --configure-account: the host to connect to"), N_("HOST") },
  { "port", 0, 0, G_OPTION_ARG_INT, NULL, N_("With --configure-account: the port"), N_("PORT") },
  { "tls", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("With --configure-account: starttls (default), direct-tls or plaintext"), N_("MODE") },
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("With --configure-account: read the password from FILE (- for standard input); it is kept in the keyring"), N_("FILE") },
  { "autologin", 0, 0, G_OPTION_ARG_NONE, NULL, N_("With --configure-account: log in when Glint starts"), NULL },
  { NULL }
};

void
glint_application_add_options (GlintApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_summary (G_APPLICATION (self), _("Fast desktop chat over XMPP"));
  g_application_set_option_context_description (G_APPLICATION (self),
    _("Accounts are kept in $XDG_CONFIG_HOME/glint/accounts.ini, history in "
      "$XDG_DATA_HOME/glint/history.db, passwords in the Secret Service."));
}

static char *
read_password (const char  *file,
               GError     **error)
{
  g_autofree char *contents = NULL;
  GString *in;
  int c;

  if (g_strcmp0 (file, "-") != 0)
    {
      if (!g_file_get_contents (file, &contents, NULL, error))
        return NULL;
      return g_strdup (g_strchomp (contents));
    }
  in = g_string_new (NULL);
  while ((c = getchar ()) != EOF && c != '\n')
    g_string_append_c (in, c);
  return g_string_free (in, FALSE);
}

static int
configure_account (GVariantDict *options,
                   const char   *jid)
{
  g_autofree char *bare = glint_jid_normalize_bare (jid);
  g_autoptr(GlintAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = glint_account_default_path ();
  g_autofree char *password = NULL;
  const char *server = NULL, *tls = NULL, *password_file = NULL;
  int port = 0;

  if (bare == NULL || !glint_jid_is_valid_bare (bare))
    {
      g_printerr (_("“%s” is not a valid account address (user@example.org).\n"), jid);
      return 2;
    }
  account = glint_account_new (bare);
  /* Set up again: the resource and the trusted certificates stay. */
  {
    g_autoptr(GlintAccount) known = glint_account_load (bare, path);

    if (known)
      glint_account_keep_earned (account, known);
  }
  g_variant_dict_lookup (options, "server", "&s", &server);
  g_variant_dict_lookup (options, "port", "i", &port);
  g_variant_dict_lookup (options, "tls", "&s", &tls);
  g_variant_dict_lookup (options, "password-file", "^&ay", &password_file);
  account->host = g_strdup (server);
  account->port = CLAMP (port, 0, 65535);
  account->autologin = g_variant_dict_contains (options, "autologin");
  if (tls && !glint_tls_mode_from_string (tls, &account->tls_mode))
    {
      g_printerr (_("Unknown TLS mode “%s”: use starttls, direct-tls or plaintext.\n"), tls);
      return 2;
    }

  if (password_file)
    {
      password = read_password (password_file, &error);
      if (password == NULL)
        {
          g_printerr (_("Could not read the password: %s\n"), error->message);
          return 1;
        }
      if (!glint_secrets_store_sync (bare, password, &error))
        {
          g_printerr (_("Could not save the password in the keyring: %s\n"), error->message);
          return 1;
        }
      account->save_password = TRUE;
    }
  if (!glint_account_save (account, path, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print (_("Account %s saved to %s\n"), bare, path);
  return 0;
}

/* Runs in the process that was started, before any window: --version and
 * --configure-account work without a display; the rest is handed to the
 * running Glint as actions. */
int
glint_application_handle_local (GApplication *app,
                                GVariantDict *options)
{
  const char *jid = NULL, *status = NULL;
  g_autoptr(GError) error = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("Glint %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_variant_dict_lookup (options, "configure-account", "&s", &jid))
    return configure_account (options, jid);

  if (g_variant_dict_contains (options, "quit"))
    {
      if (!g_application_register (app, NULL, &error))
        return 1;
      if (g_application_get_is_remote (app))
        g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
      return 0;
    }

  if (g_variant_dict_lookup (options, "open-chat", "&s", &jid)
      || g_variant_dict_lookup (options, "set-status", "&s", &status)
      || has_window_option (options))
    {
      if (!g_application_register (app, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_application_activate (app);
      if (jid)
        g_action_group_activate_action (G_ACTION_GROUP (app), "open-chat", g_variant_new_string (jid));
      if (g_variant_dict_lookup (options, "set-status", "&s", &status))
        g_action_group_activate_action (G_ACTION_GROUP (app), "set-status", g_variant_new_string (status));
      for (guint i = 0; i < G_N_ELEMENTS (window_options); i++)
        if (g_variant_dict_contains (options, window_options[i]))
          g_action_group_activate_action (G_ACTION_GROUP (app), window_options[i], NULL);
      return g_application_get_is_remote (app) ? 0 : -1;
    }
  return -1;
}

/* glint-account.h: an account's connection settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GLINT_TLS_STARTTLS = 0, /* STARTTLS, required */
  GLINT_TLS_DIRECT = 1,   /* XEP-0368 direct TLS */
  GLINT_TLS_PLAINTEXT = 2 /* no TLS: only on the user's explicit choice */
} GlintTlsMode;

typedef struct
{
  char         *jid;        /* bare JID */
  char         *resource;
  char         *host;       /* nullable: SRV lookup of the domain */
  guint16       port;       /* 0: default */
  GlintTlsMode  tls_mode;
  gboolean      enabled;    /* logged in and shown; FALSE keeps it aside */
  gboolean      autologin;
  gboolean      save_password;
  gboolean      share_version; /* answer software-version queries (XEP-0092) */
  gboolean      share_idle;    /* answer last-activity queries with the idle time (XEP-0012) */
  gboolean      login_invisible; /* log in hidden (XEP-0186); never visible where the server cannot hide */
  char        **pins;       /* pinned SHA-256 certificate fingerprints */
  char         *sasl_mechanism; /* the strongest the server has offered; NULL: none seen yet */
} GlintAccount;

/* What an account tells others about itself, as flags. */
typedef enum
{
  GLINT_SHARE_VERSION = 1 << 0,
  GLINT_SHARE_IDLE    = 1 << 1,
} GlintSharing;

GlintAccount *glint_account_new            (const char          *jid);
GlintSharing  glint_account_get_sharing    (const GlintAccount  *account);
char         *glint_account_new_resource   (void);
GlintAccount *glint_account_copy           (const GlintAccount  *account);
void          glint_account_free           (GlintAccount        *account);
gboolean      glint_account_has_pin        (const GlintAccount  *account,
                                            const char          *fingerprint);
void          glint_account_add_pin        (GlintAccount        *account,
                                            const char          *fingerprint);
gboolean      glint_account_remove_pin     (GlintAccount        *account,
                                            const char          *fingerprint);
char         *glint_fingerprint_normalize  (const char          *fingerprint);
int           glint_sasl_rank              (const char          *mechanism);
const char   *glint_tls_mode_to_string     (GlintTlsMode         mode);
gboolean      glint_tls_mode_from_string   (const char          *str,
                                            GlintTlsMode        *mode);

/* Persistence in $XDG_CONFIG_HOME/glint/accounts.ini; never holds a password. */
GPtrArray    *glint_account_load_all       (const char          *path,
                                            GError             **error);
gboolean      glint_account_save           (const GlintAccount  *account,
                                            const char          *path,
                                            GError             **error);
gboolean      glint_account_remove         (const char          *jid,
                                            const char          *path,
                                            GError             **error);
GlintAccount *glint_account_load           (const char          *jid,
                                            const char          *path);
void          glint_account_keep_earned    (GlintAccount        *account,
                                            const GlintAccount  *known);
gboolean      glint_account_save_earned    (const GlintAccount  *account,
                                            const char          *path,
                                            GError             **error);
char         *glint_account_default_path   (void);
gboolean      glint_make_private_dir       (const char          *dir,
                                            GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlintAccount, glint_account_free)

G_END_DECLS

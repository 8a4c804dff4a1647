/* glint-test-peer.h: the other person in integration tests
 *
 * A slixmpp client (tests/harness/peer.py) driven by JSON lines, so that
 * what Glint sends is read by an independent XMPP implementation.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "glint-client.h"
#include "glint-session.h"

G_BEGIN_DECLS

typedef struct _GlintTestPeer GlintTestPeer;

GlintTestPeer *glint_test_peer_start   (const char    *jid,
                                        const char    *password,
                                        const char    *extra_arg);
GlintTestPeer *glint_test_peer_start_on (const char  *peer_env,
                                         const char  *jid,
                                         const char  *password,
                                         const char  *extra_arg);
void           glint_test_peer_command (GlintTestPeer *peer,
                                        const char    *json);
JsonObject    *glint_test_peer_expect  (GlintTestPeer *peer,
                                        const char    *event,
                                        const char    *member,
                                        const char    *value);
/* @event NULL: any event. */
JsonObject    *glint_test_peer_wait_for (GlintTestPeer *peer,
                                         const char    *event,
                                         const char    *member,
                                         const char    *value,
                                         guint          timeout_s);
void           glint_test_peer_stop    (GlintTestPeer *peer);
void           glint_test_peer_forget_reported (GlintTestPeer *peer);
JsonObject    *glint_test_peer_get_ready (GlintTestPeer *peer);
void           glint_test_peer_send    (GlintTestPeer *peer,
                                        const char    *to,
                                        const char    *body);
JsonObject    *glint_test_peer_query   (GlintTestPeer *peer,
                                        const char    *to,
                                        const char    *xmlns,
                                        const char    *node);
char          *glint_test_caps_ver_of  (const char    *disco_xml,
                                        const char    *want_node);

/* Helpers shared by the integration tests. */
GlintClient   *glint_test_client_new   (GlintStore    *store,
                                        const char    *config_path);
gboolean       glint_test_wait         (gboolean     (*done) (gpointer),
                                        gpointer       data,
                                        guint          timeout_s);
gboolean       glint_test_wait_state   (GlintSession  *session,
                                        GlintConnectionState state,
                                        guint          timeout_s);
GlintAccount  *glint_test_account      (const char    *user,
                                        const char    *domain_env);
const char    *glint_test_env          (const char    *name);
void           glint_test_run_ctl      (const char    *verb);
char          *glint_test_make_dir     (const char    *prefix);
void           glint_test_remove_tree  (const char    *path);

G_END_DECLS

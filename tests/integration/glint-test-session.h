/* glint-test-session.h: the fixture and waits the session tests share
 *
 * Each test logs a GlintClient in to the harness's servers; what the
 * session reports is gathered in the fixture for the test to wait on.
 */
#pragma once

#include "glint-test-peer.h"

G_BEGIN_DECLS

typedef struct
{
  char         *dir;
  GlintStore   *store;
  GlintClient  *client;
  GlintSession *session;       /* the account logged in last */
  GPtrArray    *added;         /* GlintMessage* seen through message-added */
  GPtrArray    *requests;      /* jids asking to subscribe */
  GlintCertInfo *cert;
  GPtrArray    *chat_states;   /* "jid state" strings */
} Fixture;

typedef struct
{
  Fixture    *f;
  const char *body;
} BodyWait;

typedef struct
{
  GlintStore *store;
  const char *account;
  const char *peer;
} PendingWait;

typedef struct
{
  Fixture    *f;
  const char *peer;
  const char *body;
  GlintMessageState state;
} StateOfBody;

void               on_message_added   (GlintSession        *session,
                                       GlintMessage        *msg,
                                       Fixture             *f);
void               setup              (Fixture             *f,
                                       gconstpointer        data);
void               session_login      (Fixture             *f,
                                       const GlintAccount  *account,
                                       const char          *password);
void               teardown           (Fixture             *f,
                                       gconstpointer        data);
void               login              (Fixture             *f,
                                       const char          *user);
void               expect_failure     (Fixture             *f,
                                       const GlintAccount  *account,
                                       const char          *password,
                                       GlintConnectionError want);
char               *jid_of            (const char          *user);
gboolean           archive_caught_up  (gpointer             data);
gboolean           roster_loaded      (gpointer             data);
gboolean           own_presence_sent  (gpointer             data);
gboolean           stream_managed     (gpointer             data);
gboolean           has_incoming       (gpointer             data);
gint64             count_in_store     (Fixture             *f,
                                       const char          *peer,
                                       const char          *body);
gboolean           outbox_empty       (gpointer             data);
const GlintMessage *added_with_body   (Fixture             *f,
                                       const char          *body);
gboolean           keep_waking        (gpointer             data);
gboolean           may_see_us         (gpointer             data);
gboolean           is_gone            (gpointer             data);
GlintMessageState  state_of           (Fixture             *f,
                                       const char          *peer,
                                       const char          *body);
gboolean           body_in_state      (gpointer             data);
gboolean           has_request        (gpointer             data);

/* A contact of @session's, @jid, shows @presence (and @status, unless NULL). */
typedef struct
{
  GlintSession *session;
  const char   *jid;
  GlintPresence presence;
  const char   *status;
} PresenceWait;

gboolean           presence_matches   (gpointer             data);

G_END_DECLS

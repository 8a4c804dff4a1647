/* glint-test-session.c: the fixture and waits the session tests share */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "glint-test-session.h"

void
on_message_added (GlintSession *session, GlintMessage *msg, Fixture *f)
{
  g_ptr_array_add (f->added, glint_message_copy (msg));
}

static void
on_subscription_request (GlintSession *session, const char *jid, Fixture *f)
{
  g_ptr_array_add (f->requests, g_strdup (jid));
}

static void
on_certificate (GlintSession *session, GlintCertInfo *cert, Fixture *f)
{
  glint_cert_info_free (f->cert);
  f->cert = glint_cert_info_copy (cert);
}

static void
on_chat_state (GlintSession *session, const char *jid, const char *state, Fixture *f)
{
  g_ptr_array_add (f->chat_states, g_strdup_printf ("%s %s", jid, state));
}

void
setup (Fixture *f, gconstpointer data)
{
  g_autofree char *db = NULL;
  g_autofree char *config = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = glint_test_make_dir ("glint-it");
  db = g_build_filename (f->dir, "history.db", NULL);
  config = g_build_filename (f->dir, "accounts.ini", NULL);
  f->store = glint_store_new (db, &error);
  g_assert_no_error (error);
  f->client = glint_test_client_new (f->store, config);
  f->added = g_ptr_array_new_with_free_func ((GDestroyNotify) glint_message_free);
  f->requests = g_ptr_array_new_with_free_func (g_free);
  f->chat_states = g_ptr_array_new_with_free_func (g_free);
}

/* Logs in to @account's session, made and watched on first use. */
void
session_login (Fixture            *f,
               const GlintAccount *account,
               const char         *password)
{
  gboolean is_new = glint_client_lookup_session (f->client, account->jid) == NULL;

  f->session = glint_client_add_account (f->client, account);
  if (is_new)
    {
      g_signal_connect (f->session, "message-added", G_CALLBACK (on_message_added), f);
      g_signal_connect (f->session, "subscription-request", G_CALLBACK (on_subscription_request), f);
      g_signal_connect (f->session, "certificate-rejected", G_CALLBACK (on_certificate), f);
      g_signal_connect (f->session, "chat-state", G_CALLBACK (on_chat_state), f);
    }
  glint_session_login (f->session, account, password);
}

void
teardown (Fixture *f, gconstpointer data)
{
  if (f->session)
    {
      glint_session_logout (f->session);
      glint_test_wait_state (f->session, GLINT_CONNECTION_DISCONNECTED, 3);
    }
  f->session = NULL;
  g_clear_object (&f->client);
  g_clear_object (&f->store);
  g_ptr_array_unref (f->added);
  g_ptr_array_unref (f->requests);
  g_ptr_array_unref (f->chat_states);
  glint_cert_info_free (f->cert);
  glint_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Logging in as @account fails for the reason @want. */
void
expect_failure (Fixture            *f,
                const GlintAccount *account,
                const char         *password,
                GlintConnectionError want)
{
  session_login (f, account, password);
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_FAILED, 30));
  g_assert_cmpint (glint_session_get_error (f->session), ==, want);
}

gboolean
archive_caught_up (gpointer data)
{
  return glint_session_get_archive_caught_up (data);
}

void
login (Fixture *f, const char *user)
{
  g_autoptr(GlintAccount) account = glint_test_account (user, "GLINT_TEST_DOMAIN");
  g_autofree char *password = g_strdup_printf ("%s-pw", user);

  session_login (f, account, password);
  g_assert_true (glint_test_wait_state (f->session, GLINT_CONNECTION_CONNECTED, 20));
  /* What the archive brings at login comes first, then the test. */
  g_assert_true (glint_test_wait (archive_caught_up, f->session, 30));
}

char *
jid_of (const char *user)
{
  return g_strdup_printf ("%s@%s", user, glint_test_env ("GLINT_TEST_DOMAIN"));
}

gboolean
roster_loaded (gpointer data)
{
  return glint_session_get_roster_loaded (data);
}

gboolean
own_presence_sent (gpointer data)
{
  return glint_session_get_presence_sent (data);
}

gboolean
stream_managed (gpointer data)
{
  return glint_session_get_stream_management (data);
}


gboolean
has_incoming (gpointer data)
{
  BodyWait *w = data;
  for (guint i = 0; i < w->f->added->len; i++)
    {
      GlintMessage *msg = w->f->added->pdata[i];
      if (msg->direction == GLINT_DIRECTION_IN && g_strcmp0 (msg->body, w->body) == 0)
        return TRUE;
    }
  return FALSE;
}

gint64
count_in_store (Fixture *f, const char *peer, const char *body)
{
  g_autoptr(GPtrArray) page = glint_store_page_before (f->store, glint_session_get_account_jid (f->session),
                                                       peer, G_MAXINT64, G_MAXINT64, 1000, NULL);
  gint64 n = 0;

  for (guint i = 0; i < page->len; i++)
    if (g_strcmp0 (((GlintMessage *) page->pdata[i])->body, body) == 0)
      n++;
  return n;
}


gboolean
outbox_empty (gpointer data)
{
  PendingWait *w = data;
  g_autoptr(GPtrArray) pending = glint_store_pending (w->store, w->account, NULL);
  return pending && pending->len == 0;
}

const GlintMessage *
added_with_body (Fixture *f, const char *body)
{
  for (guint i = 0; i < f->added->len; i++)
    if (g_strcmp0 (((GlintMessage *) f->added->pdata[i])->body, body) == 0)
      return f->added->pdata[i];
  return NULL;
}

gboolean
keep_waking (gpointer data)
{
  return G_SOURCE_CONTINUE;
}


/* { f, jid }: the contact may see our presence. */
gboolean
may_see_us (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];
  GlintContact *contact = glint_session_lookup_contact (f->session, ((gpointer *) data)[1]);
  const char *sub = contact ? glint_contact_get_subscription (contact) : NULL;

  return g_strcmp0 (sub, "from") == 0 || g_strcmp0 (sub, "both") == 0;
}

/* { f, jid }: no longer a contact. */
gboolean
is_gone (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];

  return glint_session_lookup_contact (f->session, ((gpointer *) data)[1]) == NULL;
}


GlintMessageState
state_of (Fixture *f, const char *peer, const char *body)
{
  g_autoptr(GPtrArray) page = glint_store_page_before (f->store, glint_session_get_account_jid (f->session),
                                                       peer, G_MAXINT64, G_MAXINT64, 100, NULL);

  for (guint i = 0; page && i < page->len; i++)
    if (g_strcmp0 (((GlintMessage *) page->pdata[i])->body, body) == 0)
      return ((GlintMessage *) page->pdata[i])->state;
  return -1;
}

gboolean
body_in_state (gpointer data)
{
  StateOfBody *w = data;

  return state_of (w->f, w->peer, w->body) == w->state;
}

gboolean
has_request (gpointer data)
{
  Fixture *f = ((gpointer *) data)[0];
  for (guint i = 0; i < f->requests->len; i++)
    if (g_strcmp0 (f->requests->pdata[i], ((gpointer *) data)[1]) == 0)
      return TRUE;
  return FALSE;
}

gboolean
presence_matches (gpointer data)
{
  PresenceWait *w = data;
  GlintContact *contact = glint_session_lookup_contact (w->session, w->jid);

  return contact && glint_contact_get_presence (contact) == w->presence
         && (w->status == NULL || g_strcmp0 (glint_contact_get_status (contact), w->status) == 0);
}

/* glint-session-private.h: what the client that owns sessions tells them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "glint-command.h"
#include "glint-session.h"

G_BEGIN_DECLS

struct _GlintSession
{
  GObject               parent_instance;
  GlintStore           *store;
  char                 *config_path;
  GlintTransport       *transport;
  GlintAccount         *account;
  char                 *password;
  GListStore           *roster;
  GHashTable           *contacts;       /* bare jid -> GlintContact */
  GHashTable           *roster_seen;    /* jids in the roster being loaded */
  GPtrArray            *unsaved;        /* messages the store could not take yet */
  GPtrArray            *batch;          /* copies of what this slice stored, until it commits */
  gboolean              in_batch;
  guint                 conflicts;      /* resource conflicts since the last login */
  guint                 retry_id;       /* trying again to save what is unsaved */
  GlintConnectionState  state;
  GlintConnectionError  error;
  char                 *own_show;
  gboolean              presence_sent;  /* this stream has our presence */
  char                 *own_status;
  gboolean              invisible_supported;
  gboolean              stream_management;
  gboolean              roster_loaded;
  gboolean              allow_attention;
  GHashTable           *attention_shown; /* bare jid -> when (monotonic µs) */
  gint64              (*now_us) (void);
};


void glint_session_handle_event (GlintSession *self,
                                 GlintEvent   *event);
void glint_session_begin_batch  (GlintSession *self);
void glint_session_end_batch    (GlintSession *self,
                                 const char   *failure);
void glint_session_set_clock    (GlintSession  *self,
                                 gint64       (*now_us) (void));

/* Shared by the session's files. */
void     glint_session_push             (GlintSession       *self,
                                         GlintCommand       *cmd);
void     glint_session_send_stored      (GlintSession       *self,
                                         const GlintMessage *msg);
gboolean glint_session_apply_correction (GlintSession       *self,
                                         const GlintMessage *msg);
void     glint_session_send_receipt     (GlintSession       *self,
                                         const GlintMessage *msg);
gboolean glint_session_wants_attention  (GlintSession       *self,
                                         const char         *bare);

G_END_DECLS

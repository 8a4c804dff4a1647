/* glint-stanza-private.h: what the stanza files share (worker thread only)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "glint-stanza.h"

G_BEGIN_DECLS

char          *glint_stanza_clean_id        (const char               *id);
char          *glint_stanza_text            (xmpp_stanza_t            *stanza);
gint64         glint_stanza_delay_ms        (const GlintStanzaContext *ctx,
                                             xmpp_stanza_t            *message);
gboolean       glint_stanza_parse_forwarded (const GlintStanzaContext *ctx,
                                             xmpp_stanza_t            *message,
                                             gboolean                  outgoing,
                                             GPtrArray                *events);
xmpp_stanza_t *glint_stanza_new_element     (xmpp_ctx_t               *ctx,
                                             const char               *name,
                                             const char               *ns);
void           glint_stanza_add_form_field  (xmpp_stanza_t            *form,
                                             const char               *var,
                                             const char               *type,
                                             const char               *value);
void           glint_stanza_add_text_child  (xmpp_stanza_t            *parent,
                                             const char               *name,
                                             const char               *text);

gboolean       glint_stanza_parse_groupchat (const GlintStanzaContext *ctx,
                                             GlintStanzaRoom          *room,
                                             xmpp_stanza_t            *message,
                                             GPtrArray                *events);
gboolean       glint_stanza_parse_occupant  (const GlintStanzaContext *ctx,
                                             GlintStanzaRoom          *room,
                                             xmpp_stanza_t            *presence,
                                             GPtrArray                *events);
gboolean       glint_stanza_parse_private   (const GlintStanzaContext *ctx,
                                             xmpp_stanza_t            *message,
                                             gboolean                  outgoing,
                                             GPtrArray                *events);
gboolean       glint_stanza_parse_pep_event (const GlintStanzaContext *ctx,
                                             xmpp_stanza_t            *message,
                                             GPtrArray                *events);
gboolean       glint_stanza_is_invitation   (xmpp_stanza_t            *message);
gboolean       glint_stanza_parse_invitation (const GlintStanzaContext *ctx,
                                              xmpp_stanza_t            *message,
                                              GPtrArray                *events);
char          *glint_stanza_nick_of         (const char               *from);
char          *glint_stanza_trusted_id      (xmpp_stanza_t            *message,
                                             const char               *by);

gboolean       glint_stanza_keep_archived   (GPtrArray                *found,
                                             const char               *archive_id,
                                             const char               *archive,
                                             gint64                    time_ms,
                                             GPtrArray                *events);

G_END_DECLS

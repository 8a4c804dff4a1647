/* glint-xml-guard.h: refuse the XML that RFC 6120 forbids in a stream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void     glint_xml_guard_enable       (void);
gboolean glint_xml_guard_take_refusal (void);

G_END_DECLS

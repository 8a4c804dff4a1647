/* glint-test-full-disk.h: a disk that fills up on demand, without root
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void glint_test_full_disk_install   (void);
void glint_test_full_disk_set_full  (gboolean full);
void glint_test_full_disk_uninstall (void);

G_END_DECLS

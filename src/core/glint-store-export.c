/* glint-store-export.c: one conversation written out as plain text or HTML
 *
 * The export reads on a connection of its own in a thread, so a long
 * history never holds the main thread, and writes through
 * g_file_replace(), so the file appears whole or not at all. In HTML
 * every piece of text is escaped, and the page forbids scripts and
 * anything fetched besides, so a message can never become markup or
 * reach out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glint-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "glint-store-private.h"

/* What is written before it goes to the file. */
#define FLUSH_BYTES (64 * 1024)

typedef struct
{
  char              *account;
  char              *peer;
  GlintExportFormat  format;
  GFile             *file;
} ExportArgs;

static void
export_args_free (ExportArgs *args)
{
  g_free (args->account);
  g_free (args->peer);
  g_clear_object (&args->file);
  g_free (args);
}

static char *
format_time (gint64 time_ms)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (time_ms / 1000);

  return g_date_time_format (when, "%Y-%m-%d %H:%M:%S");
}

static const char *
sender_of (const GlintMessage *msg)
{
  if (msg->occupant_nick && *msg->occupant_nick)
    return msg->occupant_nick;
  return msg->direction == GLINT_DIRECTION_OUT ? msg->account : msg->peer;
}

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);

  g_string_append (out, escaped);
}

static void
begin (GString          *out,
       const ExportArgs *args)
{
  g_autofree char *title = g_strdup_printf (_("Conversation with %s"), args->peer);
  g_autofree char *account = g_strdup_printf (_("Account: %s"), args->account);

  if (args->format == GLINT_EXPORT_TEXT)
    {
      g_string_append_printf (out, "%s\n%s\n\n", title, account);
      return;
    }
  g_string_append (out, "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
                        "<meta http-equiv=\"Content-Security-Policy\""
                        " content=\"default-src 'none'; style-src 'unsafe-inline'\">\n<title>");
  append_escaped (out, title);
  g_string_append (out, "</title>\n<style>\n"
                        "body { font-family: sans-serif; max-width: 60em; margin: 2em auto; }\n"
                        ".msg { margin: 0.3em 0; white-space: pre-wrap; overflow-wrap: anywhere; }\n"
                        ".time { color: #77767b; font-size: smaller; }\n"
                        ".in .who { color: #1c71d8; } .out .who { color: #26a269; }\n"
                        "</style>\n</head>\n<body>\n<h1>");
  append_escaped (out, title);
  g_string_append (out, "</h1>\n<p>");
  append_escaped (out, account);
  g_string_append (out, "</p>\n");
}

static void
append_message (GString            *out,
                const GlintMessage *msg,
                GlintExportFormat   format)
{
  g_autofree char *when = format_time (msg->time_ms);

  if (format == GLINT_EXPORT_TEXT)
    {
      /* Later lines of a message are indented, so every line that starts
       * at the margin starts a message. */
      g_auto(GStrv) lines = g_strsplit (msg->body, "\n", -1);

      g_string_append_printf (out, "[%s] %s: %s\n", when, sender_of (msg), lines[0]);
      for (guint i = 1; lines[i]; i++)
        g_string_append_printf (out, "    %s\n", lines[i]);
      return;
    }
  g_string_append_printf (out, "<p class=\"msg %s\"><span class=\"time\">%s</span> <b class=\"who\">",
                          msg->direction == GLINT_DIRECTION_OUT ? "out" : "in", when);
  append_escaped (out, sender_of (msg));
  g_string_append (out, "</b>: ");
  append_escaped (out, msg->body);
  g_string_append (out, "</p>\n");
}

static gboolean
flush (GOutputStream  *stream,
       GString        *out,
       GCancellable   *cancellable,
       GError        **error)
{
  gboolean ok = g_output_stream_write_all (stream, out->str, out->len, NULL, cancellable, error);

  g_string_truncate (out, 0);
  return ok;
}

static gint64
export_on (sqlite3       *db,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  const ExportArgs *args = data;
  g_autoptr(GFileOutputStream) file = NULL;
  g_autoptr(GString) out = g_string_sized_new (FLUSH_BYTES + 4096);
  sqlite3_stmt *stmt = NULL;
  gint64 written = 0;
  gboolean ok;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT " MESSAGE_COLUMNS " FROM message m"
                               " JOIN conversation c ON c.id = m.conversation_id"
                               " JOIN account a ON a.id = c.account_id"
                               " WHERE a.jid = ?1 AND c.peer = ?2 ORDER BY m.time, m.id", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      glint_store_set_sqlite_error (db, rc, _("the history"), error);
      return -1;
    }
  /* Exported history is as private as the history itself. */
  file = g_file_replace (args->file, NULL, FALSE, G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                         cancellable, error);
  ok = file != NULL;
  if (ok)
    begin (out, args);
  sqlite3_bind_text (stmt, 1, args->account, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, args->peer, -1, SQLITE_TRANSIENT);
  while (ok && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GlintMessage) msg = glint_store_message_from_row (stmt);

      append_message (out, msg, args->format);
      written++;
      if (out->len >= FLUSH_BYTES)
        ok = flush (G_OUTPUT_STREAM (file), out, cancellable, error);
    }
  if (ok && rc != SQLITE_DONE)
    {
      glint_store_set_sqlite_error (db, rc, _("the history"), error);
      ok = FALSE;
    }
  sqlite3_finalize (stmt);
  if (ok && args->format == GLINT_EXPORT_HTML)
    g_string_append (out, "</body>\n</html>\n");
  ok = ok && flush (G_OUTPUT_STREAM (file), out, cancellable, error);
  /* Closing is what puts the file in place; after an error the old file
   * stays as it was. */
  if (file && !ok)
    {
      g_autoptr(GCancellable) abandon = g_cancellable_new ();

      g_cancellable_cancel (abandon);
      g_output_stream_close (G_OUTPUT_STREAM (file), abandon, NULL);
    }
  ok = ok && g_output_stream_close (G_OUTPUT_STREAM (file), cancellable, error);
  return ok ? written : -1;
}

/* Writes the conversation of @account with @peer to @file, oldest first. */
void
glint_store_export_async (GlintStore          *self,
                          const char          *account,
                          const char          *peer,
                          GlintExportFormat    format,
                          GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  ExportArgs *args = g_new0 (ExportArgs, 1);

  g_task_set_source_tag (task, glint_store_export_async);
  args->account = g_strdup (account);
  args->peer = g_strdup (peer);
  args->format = format;
  args->file = g_object_ref (file);
  glint_store_run_job (self, task, SQLITE_OPEN_READONLY, export_on, args, (GDestroyNotify) export_args_free);
}

/* How many messages were written, or -1 with @error set. */
gint64
glint_store_export_finish (GlintStore    *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  return g_task_propagate_int (G_TASK (result), error);
}

#!/usr/bin/python3
"""Desktop test: older history from the server's archive. carol has written
200 messages to the user's phone before Glint ever ran; Glint's first login
brings the newest of them only. Scrolling carol's chat up past the oldest
stored message asks the archive for older ones, page by page, until the
first; each is stored once and the first is shown.

Usage (inside tests/harness/xmpp-env.py):
  test-archive.py GLINT_BINARY SCHEMA_DIR [SCREENSHOT_DIR]

Prints TAP.
"""

import importlib.util
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("desktop", os.path.join(HERE, "test-desktop.py"))
desktop_mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(desktop_mod)
Tap, Peer, Desktop, A11y, wait_for = (desktop_mod.Tap, desktop_mod.Peer, desktop_mod.Desktop,
                                      desktop_mod.A11y, desktop_mod.wait_for)
APP_ID = desktop_mod.APP_ID
N = 200


def action(env, name, *args):
    return subprocess.run(["gapplication", "action", APP_ID, name] + list(args), env=env, timeout=30,
                          capture_output=True, text=True)


def stored(db_path, sql, *args):
    try:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            return db.execute(sql, args).fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return -1


def inner(glint, schema_dir, shots):
    tap = Tap()
    workdir = tempfile.mkdtemp(prefix="glint-archive-")
    domain = os.environ["GLINT_TEST_DOMAIN"]
    alice, carol = f"alice@{domain}", f"carol@{domain}"
    desktop = Desktop(workdir)
    env = desktop.app_env(schema_dir)
    os.environ["DISPLAY"] = desktop.display
    history = os.path.join(workdir, "data", "glint", "history.db")
    list_name = f"Conversation with {carol}"
    glint_proc = None
    peers = []
    a11y = A11y()

    def count(text=None):
        if text is None:
            return stored(history, "SELECT count(*) FROM message WHERE body LIKE 'from carol %'")
        return stored(history, "SELECT count(*) FROM message WHERE body = ?", text)

    try:
        configured = subprocess.run([glint, "--configure-account", alice, "--server", os.environ["GLINT_TEST_HOST"],
                                     "--port", os.environ["GLINT_TEST_PORT"], "--password-file", "-",
                                     "--autologin"], input="alice-pw\n", capture_output=True, text=True,
                                    env=env, timeout=60)
        if configured.returncode != 0:
            raise RuntimeError(configured.stderr)
        # Before Glint: the phone gets carol's messages, the archive keeps them.
        phone = Peer(alice, "alice-pw")
        peers.append(phone)
        carol_peer = Peer(carol, "carol-pw")
        peers.append(carol_peer)
        carol_peer.command(cmd="burst", to=alice, count=N, prefix="from carol")
        if phone.expect(lambda e: e.get("event") == "message" and e.get("body") == f"from carol {N - 1}", 60) is None:
            raise RuntimeError("the phone did not get carol's messages")

        log = open(os.path.join(workdir, "glint.log"), "a")
        glint_proc = subprocess.Popen([glint], env=env, stdout=log, stderr=log)
        if wait_for(lambda: a11y.find_named("Contacts"), 60) is None:
            raise RuntimeError("the contact list did not show")
        first = wait_for(lambda: count(f"from carol {N - 1}") == 1 or None, 60)
        newest_only = count()
        tap.ok(first and 0 < newest_only < N,
               "the first login brings the newest of carol's messages from the archive, not all", newest_only)

        action(env, "open-conversation", f"('{alice}', '{carol}')")
        shown = wait_for(lambda: desktop_mod.in_view(a11y, f"from carol {N - 1}", list_name), 20)
        tap.ok(shown, "carol's chat opens on her newest message", shown)

        # Scroll up with the wheel over the history, as a person would, until
        # the first message is there (or long enough to be sure it is not).
        view = a11y.find(lambda n: n.get_name() == list_name and n.get_role_name() == "list")
        box = view.get_extents(a11y.Atspi.CoordType.WINDOW) if view else None
        wid = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{list_name}$"],
                             env=env, capture_output=True, text=True).stdout.split()[0]

        def scroll_to_first():
            if box is not None:
                subprocess.run(["xdotool", "mousemove", "--window", wid, str(box.x + box.width // 2),
                                str(box.y + box.height // 2), "click", "--repeat", "15", "--delay", "10", "4"],
                               env=env, check=True)
            return desktop_mod.in_view(a11y, "from carol 0", list_name) or None

        first_shown = wait_for(scroll_to_first, 90)
        if shots:
            desktop.screenshot(os.path.join(shots, "archive-older.png"))
        total = count()
        distinct = stored(history, "SELECT count(DISTINCT body) FROM message WHERE body LIKE 'from carol %'")
        jump = a11y.find_named("New messages ↓")
        offered = jump is not None and jump.get_state_set().contains(a11y.Atspi.StateType.VISIBLE)
        tap.ok(first_shown and total == N and distinct == N,
               f"scrolling up fetches the older ones page by page down to the first, each of the {N} stored once",
               (first_shown, total, distinct))
        tap.ok(not offered, "older messages are not announced as new ones below", offered)
    except Exception as exc:  # a broken step is a failure, never a skip
        tap.ok(False, "the test ran to the end", repr(exc))
    finally:
        if glint_proc and glint_proc.poll() is None:
            action(env, "quit")
            try:
                glint_proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                glint_proc.kill()
        for peer in peers:
            peer.stop()
        desktop.stop()
        tap.show_log_if_failed(os.path.join(workdir, "glint.log"))
        shutil.rmtree(workdir, ignore_errors=True)
    return tap.done()


if __name__ == "__main__":
    sys.exit(desktop_mod.run_tap(__doc__, inner))

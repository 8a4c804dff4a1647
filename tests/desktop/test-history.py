#!/usr/bin/python3
"""Desktop test: the history window. Messages from two contacts, in several
languages, are searched (accents folded, one contact or all), a hit opens
its conversation at that message, and a conversation is exported to HTML
with its text escaped. What came while Glint was closed is fetched from the
server's archive at the next start, quietly; old history is pruned.

Usage (inside tests/harness/xmpp-env.py):
  test-history.py GLINT_BINARY SCHEMA_DIR [SCREENSHOT_DIR]

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
N_AFTER = 120  # messages after the one looked for: it is not on the chat's first page


def action(env, name, *args):
    return subprocess.run(["gapplication", "action", APP_ID, name] + list(args), env=env, timeout=30,
                          capture_output=True, text=True)


def count_in(db_path, sql, *args):
    try:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            return db.execute(sql, args).fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return -1


def seed_old(db_path, account, peer, count, when_ms):
    """@count messages of @peer, all sent at @when_ms and after, written
    beside the running Glint as an older Glint would have left them."""
    db = sqlite3.connect(db_path, timeout=30)
    try:
        conversation = db.execute("SELECT c.id FROM conversation c JOIN account a ON a.id = c.account_id"
                                  " WHERE a.jid = ? AND c.peer = ?", (account, peer)).fetchone()[0]
        db.executemany("INSERT INTO message (conversation_id, direction, sender, time, body, state)"
                       " VALUES (?, 0, ?, ?, ?, 2)",
                       ((conversation, peer, when_ms + i, f"old message {i}") for i in range(count)))
        db.commit()
    finally:
        db.close()


def answers(env):
    """One round trip to Glint's main thread: its actions, over D-Bus."""
    listed = subprocess.run(["gdbus", "call", "--session", "--dest", APP_ID, "--object-path",
                             "/" + APP_ID.replace(".", "/"), "--method", "org.gtk.Actions.List"],
                            env=env, capture_output=True, text=True, timeout=30)
    return listed.returncode == 0 and "history-retention" in listed.stdout


def retention(tap, env, a11y, history, alice, bob):
    """Keeping 90 days: what is older is deleted in the background, what is
    newer stays, and Glint answers while it works."""
    import time
    n_old = 60000
    old_ms = int(time.time() * 1000) - 400 * 24 * 3600 * 1000
    newer = count_in(history, "SELECT count(*) FROM message")
    seed_old(history, alice, bob, n_old, old_ms)
    before = count_in(history, "SELECT count(*) FROM message WHERE time < ?", old_ms + n_old)
    action(env, "history-retention", "'90-days'")
    # Poll Glint itself while the deletion runs: an answer that came back
    # while old messages were still being deleted (some gone, some left)
    # shows the main thread was free meanwhile.
    answered_during = 0
    left = before
    deadline = time.monotonic() + 300
    while left > 0 and time.monotonic() < deadline:
        ok = answers(env) and a11y.find_named("Contacts") is not None
        after = count_in(history, "SELECT count(*) FROM message WHERE time < ?", old_ms + n_old)
        if ok and 0 < after < before:
            answered_during += 1
        left = after
    kept = count_in(history, "SELECT count(*) FROM message")
    tap.ok(before == n_old and left == 0 and kept == newer,
           f"keeping 90 days deletes the {n_old} older messages and keeps the {newer} newer ones",
           (before, left, kept, newer))
    tap.ok(answered_during > 0, "Glint answered over D-Bus and to the screen reader while it deleted",
           answered_during)
    still = answers(env)
    tap.ok(still, "and still answers after")


def catch_up(tap, env, a11y, desktop, history, glint, log, alice, bob, bob_peer, shots):
    """Messages the phone got while Glint was closed come from the server's
    archive when it starts again: all of them, once each, while the contact
    list says how many so far; none is notified and no chat opens for them.
    Returns the new Glint process."""
    import time
    n = 3000
    action(env, "quit")
    gone = wait_for(lambda: a11y.app() is None or None, 30)
    phone = Peer(alice, "alice-pw")
    try:
        bob_peer.command(cmd="burst", to=alice, count=n, prefix="while away")
        got = phone.expect(lambda e: e.get("event") == "message" and e.get("body") == f"while away {n - 1}", 120)
    finally:
        phone.stop()
    notified_before = len(desktop.notify_calls())
    proc = subprocess.Popen([glint], env=env, stdout=log, stderr=log)
    progress = set()
    stored = 0
    polls = 0
    started = time.monotonic()
    deadline = started + 120
    while time.monotonic() < deadline:
        polls += 1
        label = a11y.find(lambda node: (a11y.text_of(node) or "").endswith("from the server…")
                          and node.get_state_set().contains(a11y.Atspi.StateType.VISIBLE))
        if label is not None:
            text = a11y.text_of(label)
            # Once the bar has slid in, well into the catch-up.
            if shots and text not in progress and text.startswith("Fetched 1000 "):
                desktop.screenshot(os.path.join(shots, "catch-up.png"))
            progress.add(text)
        stored = count_in(history, "SELECT count(DISTINCT body) FROM message WHERE body LIKE 'while away %'")
        if stored == n:
            break
    rows = count_in(history, "SELECT count(*) FROM message WHERE body LIKE 'while away %'")
    tap.ok(gone and got is not None and stored == n and rows == n,
           f"the {n} messages that came while Glint was closed are fetched from the archive, each once",
           (gone, got is not None, stored, rows))
    tap.ok(any(text.startswith("Fetched ") for text in progress),
           "the contact list shows how many messages the server has sent so far",
           (sorted(progress)[:3], polls, round(time.monotonic() - started, 2)))
    hidden = wait_for(lambda: a11y.find(lambda node: (a11y.text_of(node) or "").endswith("from the server…")
                                        and node.get_state_set().contains(a11y.Atspi.StateType.VISIBLE)) is None
                      or None, 20)
    notes = [note for note in desktop.notify_calls()[notified_before:] if "while away" in note[4]]
    opened = a11y.find_named(f"Conversation with {bob}")
    tap.ok(hidden and not notes and opened is None,
           "once they are in the progress goes, and none of them was notified or opened a chat",
           (hidden, notes[:2], opened is not None))
    return proc


def inner(glint, schema_dir, shots):
    tap = Tap()
    workdir = tempfile.mkdtemp(prefix="glint-history-")
    domain = os.environ["GLINT_TEST_DOMAIN"]
    alice, bob, carol = f"alice@{domain}", f"bob@{domain}", f"carol@{domain}"
    desktop = Desktop(workdir)
    env = desktop.app_env(schema_dir)
    os.environ["DISPLAY"] = desktop.display
    history = os.path.join(workdir, "data", "glint", "history.db")
    export_path = os.path.join(workdir, "bob.html")
    glint_proc = None
    peers = []
    a11y = A11y()

    def hits():
        """The rows of the history window's list of hits."""
        found = a11y.find_in_window("History", "Messages found")
        return [n for n in a11y.walk(found) if n.get_role_name() == "list item"] if found else []

    def hit_names():
        return [n.get_name() or "" for n in hits()]

    def search_entry():
        return a11y.find_in_window("History", "Search the history")

    def search(text, expect):
        """Types @text into the focused search field; waits for @expect rows."""
        field = search_entry()
        wid = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^History$"], env=env,
                             capture_output=True, text=True).stdout.split()[0]
        subprocess.run(["xdotool", "windowfocus", "--sync", wid], env=env, check=True)
        subprocess.run(["xdotool", "key", "ctrl+a", "BackSpace"], env=env, check=True)
        wait_for(lambda: a11y.text_of(field) == "", 5)
        subprocess.run(["xdotool", "type", "--delay", "20", text], env=env, check=True)
        typed = wait_for(lambda: a11y.text_of(field) == text, 10)
        counted = wait_for(lambda: len(hits()) == expect or None, 15)
        return typed and counted

    try:
        configured = subprocess.run([glint, "--configure-account", alice, "--server", os.environ["GLINT_TEST_HOST"],
                                     "--port", os.environ["GLINT_TEST_PORT"], "--password-file", "-",
                                     "--autologin"], input="alice-pw\n", capture_output=True, text=True,
                                    env=env, timeout=60)
        if configured.returncode != 0:
            raise RuntimeError(configured.stderr)
        bob_peer = Peer(bob, "bob-pw")
        peers.append(bob_peer)
        carol_peer = Peer(carol, "carol-pw")
        peers.append(carol_peer)
        log = open(os.path.join(workdir, "glint.log"), "a")
        glint_proc = subprocess.Popen([glint], env=env, stdout=log, stderr=log)
        if wait_for(lambda: a11y.find_named("Contacts"), 60) is None:
            raise RuntimeError("the contact list did not show")
        # Glint is online once a message to it arrives.
        bob_peer.command(cmd="send", to=alice, body="Rendez-vous au café à midi")
        if not wait_for(lambda: count_in(history, "SELECT count(*) FROM message") == 1 or None, 60):
            raise RuntimeError("the first message was not stored")
        bob_peer.command(cmd="send", to=alice, body="see you at the Walrus pub")
        bob_peer.command(cmd="send", to=alice, body="明日東京に行きます")
        bob_peer.command(cmd="send", to=alice, body="<b>not bold</b> & <script>alert(1)</script>")
        bob_peer.command(cmd="burst", to=alice, count=N_AFTER, prefix="afterwards")
        carol_peer.command(cmd="send", to=alice, body="another walrus, from carol")
        total = 5 + N_AFTER
        stored = wait_for(lambda: count_in(history, "SELECT count(*) FROM message") == total or None, 60)
        tap.ok(stored, f"{total} messages from two contacts are stored",
               count_in(history, "SELECT count(*) FROM message"))

        # Ctrl+H is app.history; the field has the focus and says its limit.
        action(env, "history")
        field = wait_for(search_entry, 20)
        attributes = (field.get_attributes() or {}) if field else {}
        tap.ok(field is not None and "up to 16 words" in attributes.get("placeholder-text", "")
               and a11y.find_text("Search Your History") is not None,
               "the history window opens, its search field says its limit and the page says what to do",
               attributes)

        # Every contact: both walruses; accents folded; any script.
        both = search("walrus", 2)
        names = hit_names()
        tap.ok(both and any(f"{bob} wrote" in n for n in names) and any(f"{carol} wrote" in n for n in names)
               and a11y.find_text("2 messages found") is not None,
               "searching every contact finds the walrus of each, named by who wrote it", names)
        folded = search("CAFE", 1)
        tap.ok(folded and "café" in hit_names()[0], "“CAFE” finds “café”", hit_names())
        tokyo = search("東京", 1)
        tap.ok(tokyo and "東京" in hit_names()[0], "“東京” is found inside a sentence without spaces",
               hit_names())
        none = search("heron", 0)
        tap.ok(none and wait_for(lambda: a11y.find_text("No Messages Found"), 10) is not None,
               "a word no message has finds nothing, and the window says so")
        if shots:
            search("walrus", 2)
            desktop.screenshot(os.path.join(shots, "history-window.png"))

        # One contact: carol's walrus is left out (and bob's, the control, is found).
        action(env, "history-of", f"('{alice}', '{bob}')")
        only_bob = search("walrus", 1)
        tap.ok(only_bob and f"{bob}" not in hit_names()[0] and "Walrus pub" in hit_names()[0]
               and "carol" not in hit_names()[0],
               "narrowed to bob, the search finds his walrus and not carol's", hit_names())

        # Enter opens the hit: bob's chat, at that message, with its neighbours.
        subprocess.run(["xdotool", "key", "Return"], env=env, check=True)
        list_name = f"Conversation with {bob}"
        shown = wait_for(lambda: desktop_mod.in_view(a11y, "see you at the Walrus pub", list_name), 20)
        around = desktop_mod.in_view(a11y, "明日東京に行きます", list_name)
        jump = a11y.find_named("New messages ↓")
        away_from_newest = jump is not None and jump.get_state_set().contains(a11y.Atspi.StateType.VISIBLE)
        tap.ok(shown and around and away_from_newest,
               "the hit opens bob's chat at that message, with the next one beside it, away from the newest",
               (shown, around, away_from_newest))
        if shots:
            desktop.screenshot(os.path.join(shots, "history-opened.png"))

        # Export as HTML: every message, the markup in them escaped.
        exported = action(env, "export-history", f"('{alice}', '{bob}', 'html', 'file://{export_path}')")
        said = wait_for(lambda: a11y.find(lambda n: (a11y.text_of(n) or "").startswith(
            f"{4 + N_AFTER} messages exported to")), 20)
        content = open(export_path, encoding="utf-8").read() if os.path.exists(export_path) else ""
        tap.ok(exported.returncode == 0 and said is not None and content.count('class="msg') == 4 + N_AFTER
               and "&lt;b&gt;not bold&lt;/b&gt; &amp; &lt;script&gt;" in content
               and "<script>" not in content and "<b>not bold" not in content,
               "the conversation is exported to HTML: every message, its markup escaped, and the window says so",
               (exported.stderr, content.count('class="msg'), said is not None))
        refused = action(env, "export-history", f"('{alice}', '{bob}', 'pdf', 'file://{export_path}.pdf')")
        error = wait_for(lambda: a11y.find(lambda n: "is not a format Glint exports" in (a11y.text_of(n) or "")), 10)
        tap.ok(error is not None and not os.path.exists(export_path + ".pdf"),
               "an unknown export format is refused in words and nothing is written", refused.stderr)
        glint_proc = catch_up(tap, env, a11y, desktop, history, glint, log, alice, bob, bob_peer, shots)
        retention(tap, env, a11y, history, alice, bob)
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

#!/usr/bin/python3
"""Desktop test: the real Glint under Xvfb, read the way a screen reader would.

Usage (inside tests/harness/xmpp-env.py, which provides the server):
  test-desktop.py GLINT_BINARY SCHEMA_DIR [SCREENSHOT_DIR]

It starts a private D-Bus session (re-running itself under dbus-run-session),
Xvfb, gnome-keyring and a mock notification daemon (python3-dbusmock), sets
up an account with `glint --configure-account`, starts Glint, and talks to it
as bob with the slixmpp peer. It prints TAP.
"""

import json
import re
import os
import shlex
import subprocess
import sys
import tempfile
import time

PYTHON = "/usr/bin/python3"
HERE = os.path.dirname(os.path.abspath(__file__))
APP_ID = "io.github.glintim.Glint"
MARKUP_TEXT = "<b>bold</b> & <i>x</i>"
COMPOSED_TEXT = "Sent from the composer ✓"
CORRECTED_TEXT = "Sent from the composer, corrected ✓"
# The schema version this Glint writes (glint_store_get_latest_version()).
HISTORY_SCHEMA = 5
ESCAPED_MARKUP = "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;x&lt;/i&gt;"


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, detail=""):
        self.n += 1
        if cond:
            print(f"ok {self.n} {name}", flush=True)
        else:
            self.failed += 1
            print(f"not ok {self.n} {name}", flush=True)
            if detail:
                for line in str(detail).splitlines():
                    print(f"# {line}", flush=True)
        return cond

    def show_log_if_failed(self, log_path):
        """The end of Glint's log, when something failed, as TAP comments."""
        if self.failed and os.path.exists(log_path):
            with open(log_path) as log:
                for line in log.read().splitlines()[-40:]:
                    print(f"# glint: {line}")

    def done(self):
        print(f"1..{self.n}", flush=True)
        return 1 if self.failed else 0


def glint_version(glint):
    """What `glint --version` says after the name ("0.2.0")."""
    out = subprocess.run([glint, "--version"], capture_output=True, text=True, timeout=30).stdout.split()
    return out[-1] if out else ""


def wait_for(predicate, timeout, interval=0.5):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


class Peer:
    """The slixmpp peer of tests/harness/peer.py, one JSON line at a time."""

    def __init__(self, jid, password, *args):
        cmd = shlex.split(os.environ["GLINT_TEST_PEER"]) + [jid, password] + list(args)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.fd = self.proc.stdout.fileno()
        self.pending = b""
        self.seen = []
        if not self.expect(lambda e: e.get("event") == "ready", 30):
            raise RuntimeError("the peer did not log in")

    def command(self, **cmd):
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()

    def expect(self, match, timeout):
        """Waits for an event @match accepts, keeping the others for later."""
        import select
        end = time.monotonic() + timeout
        while True:
            for event in self.seen:
                if match(event):
                    self.seen.remove(event)
                    return event
            left = end - time.monotonic()
            if left <= 0:
                return None
            # Read the pipe unbuffered: a buffered reader would hide lines
            # that arrived together from select().
            ready, _, _ = select.select([self.fd], [], [], left)
            if not ready:
                return None
            chunk = os.read(self.fd, 65536)
            if not chunk:
                return None
            self.pending += chunk
            *lines, self.pending = self.pending.split(b"\n")
            self.seen.extend(json.loads(line) for line in lines if line.strip())

    def forget(self):
        """Drops every event seen so far, so that what follows is new."""
        self.command(cmd="ping")
        self.expect(lambda e: e.get("event") == "ok" and e.get("cmd") == "ping", 10)
        self.seen.clear()

    def stop(self):
        try:
            self.command(cmd="quit")
            self.proc.stdin.close()
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()


class Desktop:
    """Xvfb, gnome-keyring and a notification daemon on the private bus."""

    def __init__(self, workdir):
        self.procs = []
        self.workdir = workdir
        read_fd, write_fd = os.pipe()
        xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x900x24",
                                 "-nolisten", "tcp", "-noreset"], pass_fds=[write_fd],
                                stderr=subprocess.DEVNULL)
        os.close(write_fd)
        self.procs.append(xvfb)
        with os.fdopen(read_fd) as f:
            self.display = ":" + f.readline().strip()

        # The keyring's files live in the test's folder, never in the home of
        # whoever runs the tests, and start empty every run.
        keyring_home = os.path.join(workdir, "keyring-home")
        os.makedirs(keyring_home, exist_ok=True)
        keyring = subprocess.run(["gnome-keyring-daemon", "--unlock", "--components=secrets"],
                                 input="desktop-test-keyring", capture_output=True, text=True, timeout=30,
                                 env=dict(os.environ, HOME=keyring_home,
                                          XDG_DATA_HOME=os.path.join(keyring_home, "data")))
        for line in keyring.stdout.splitlines():
            if "=" in line:
                key, value = line.split("=", 1)
                os.environ[key] = value

        self.notifyd = subprocess.Popen([PYTHON, "-m", "dbusmock", "--session", "--template",
                                         "notification_daemon"], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        self.procs.append(self.notifyd)
        wait_for(lambda: subprocess.run(["gdbus", "introspect", "--session", "--dest",
                                         "org.freedesktop.Notifications", "--object-path",
                                         "/org/freedesktop/Notifications"],
                                        capture_output=True).returncode == 0, 15)

    def notify_calls(self):
        out = subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.Notifications",
                              "--object-path", "/org/freedesktop/Notifications", "--method",
                              "org.freedesktop.DBus.Mock.GetCalls"], capture_output=True, text=True)
        from gi.repository import GLib
        calls = GLib.Variant.parse(None, out.stdout.strip(), None, None).unpack()[0]
        return [args for (_, method, args) in calls if method == "Notify"]

    def click_notification(self, notification_id):
        subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.Notifications",
                        "--object-path", "/org/freedesktop/Notifications", "--method",
                        "org.freedesktop.DBus.Mock.EmitSignal", "org.freedesktop.Notifications",
                        "ActionInvoked", "us", f"[<uint32 {notification_id}>, <'default'>]"],
                       capture_output=True, check=True)

    def app_env(self, schema_dir, settings_backend="memory"):
        """The environment Glint runs in on this display: a private home,
        the accessibility bus, criticals fatal."""
        workdir = self.workdir
        env = dict(os.environ)
        env.update({
            "DISPLAY": self.display, "GDK_BACKEND": "x11", "GSK_RENDERER": "cairo",
            "GSETTINGS_BACKEND": settings_backend, "GSETTINGS_SCHEMA_DIR": schema_dir, "HOME": workdir,
            "XDG_CONFIG_HOME": os.path.join(workdir, "config"),
            "XDG_DATA_HOME": os.path.join(workdir, "data"),
            "XDG_CACHE_HOME": os.path.join(workdir, "cache"),
            "G_DEBUG": "fatal-criticals", "GTK_A11Y": "atspi", "NO_AT_BRIDGE": "0",
            "XDG_RUNTIME_DIR": os.environ.get("XDG_RUNTIME_DIR", workdir),
        })
        return env

    def screenshot(self, path):
        return subprocess.run(["import", "-display", self.display, "-window", "root", path],
                              capture_output=True).returncode == 0

    def stop(self):
        for proc in reversed(self.procs):
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()


class A11y:
    """Glint's accessibility tree over AT-SPI."""

    def __init__(self):
        import gi
        gi.require_version("Atspi", "2.0")
        from gi.repository import Atspi
        self.Atspi = Atspi

    def app(self):
        desktop = self.Atspi.get_desktop(0)
        for i in range(desktop.get_child_count()):
            child = desktop.get_child_at_index(i)
            if child is not None and child.get_name() == "glint":
                return child
        return None

    def walk(self, node, depth=0):
        if node is None or depth > 60:
            return
        yield node
        try:
            count = node.get_child_count()
        except Exception:
            return
        for i in range(count):
            try:
                child = node.get_child_at_index(i)
            except Exception:
                continue
            yield from self.walk(child, depth + 1)

    def text_of(self, node):
        try:
            text = node.get_text_iface()
            if text is not None:
                return text.get_text(0, text.get_character_count())
        except Exception:
            pass
        return None

    def find(self, predicate):
        app = self.app()
        for node in self.walk(app):
            try:
                if predicate(node):
                    return node
            except Exception:
                continue
        return None

    def find_in_window(self, title, prefix):
        """A node of the window titled @title whose name starts with @prefix."""
        app = self.app()
        for i in range(app.get_child_count() if app else 0):
            window = app.get_child_at_index(i)
            if window is not None and window.get_name() == title:
                for node in self.walk(window):
                    if (node.get_name() or "").startswith(prefix):
                        return node
        return None

    def find_named(self, name):
        return self.find(lambda n: n.get_name() == name)

    def find_text(self, text):
        return self.find(lambda n: self.text_of(n) == text)

    def window_titles(self):
        app = self.app()
        if app is None:
            return []
        return [app.get_child_at_index(i).get_name() for i in range(app.get_child_count())]


def click(a11y, node, title, env):
    """Clicks the middle of @node in the window titled @title, as a person would."""
    wid = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{re.escape(title)}$"],
                         env=env, capture_output=True, text=True).stdout.split()[0]
    # With no window manager, a window comes to the front only when raised.
    subprocess.run(["xdotool", "windowraise", wid], env=env, check=True)
    subprocess.run(["xdotool", "windowfocus", "--sync", wid], env=env, check=True)
    box = node.get_extents(a11y.Atspi.CoordType.WINDOW)
    subprocess.run(["xdotool", "mousemove", "--window", wid, str(box.x + box.width // 2),
                    str(box.y + box.height // 2), "click", "1"], env=env, check=True)


def type_into(a11y, node, title, text, env):
    """Clicks into @node and types @text there once it has the keyboard focus."""
    click(a11y, node, title, env)
    focused = wait_for(lambda: node.get_state_set().contains(a11y.Atspi.StateType.FOCUSED), 10)
    # GTK 4.8 gives a search entry no FOCUSED state: for one, what it holds
    # afterwards tells where the typing went.
    search_entry = node.get_role_name() == "entry"
    if not focused and not search_entry:
        raise AssertionError("%r never took the keyboard focus" % node.get_name())
    subprocess.run(["xdotool", "key", "ctrl+a", "BackSpace"], env=env, check=True)
    subprocess.run(["xdotool", "type", "--delay", "15", text], env=env, check=True)
    if search_entry and not wait_for(lambda: a11y.text_of(node) == text, 10):
        raise AssertionError("typing into %r did not reach it: %r" % (node.get_name(), a11y.text_of(node)))


def garbled_database(path):
    """Writes a database at @path whose table's root page is junk; returns its bytes."""
    import sqlite3
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)")
    db.executemany("INSERT INTO note (body) VALUES (?)", [("someone's note %d" % i,) for i in range(300)])
    db.commit()
    root = db.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'note'").fetchone()[0]
    page = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    with open(path, "r+b") as f:
        f.seek((root - 1) * page)
        f.write(b"\x5a" * 512)
    with open(path, "rb") as f:
        return f.read()


def links(tap, glint, env, a11y, domain):
    """xmpp: links that ask more than a chat (XEP-0147), handed to the
    running Glint."""
    eve = f"eve@{domain}"
    subprocess.run([glint, f"xmpp:{eve}?message;body=Hello%20from%20a%20%3Cb%3Elink%3C%2Fb%3E"], env=env,
                   capture_output=True, timeout=30)
    composer = wait_for(lambda: a11y.find_named(f"Message to {eve}"), 20)
    drafted = wait_for(lambda: composer is not None and a11y.text_of(composer) == "Hello from a <b>link</b>", 20)
    tap.ok(drafted, "?message;body= writes the message into the chat's composer, as plain text, unsent",
           a11y.text_of(composer) if composer else None)

    frank = f"frank@{domain}"
    subprocess.run([glint, f"xmpp:{frank}?roster;name=Frank%20F;group=Work"], env=env, capture_output=True,
                   timeout=30)
    address = wait_for(lambda: a11y.find(lambda n: n.get_name() == "Address" and n.get_role_name() == "text"
                                         and a11y.text_of(n) == frank), 20)
    name = a11y.find(lambda n: n.get_name() == "Name" and n.get_role_name() == "text")
    group = a11y.find(lambda n: n.get_name() == "Group" and n.get_role_name() == "text")
    suggested = (address is not None and name is not None and a11y.text_of(name) == "Frank F"
                 and group is not None and a11y.text_of(group) == "Work")
    if address is not None:
        click(a11y, address, "Add Contact", env)
        subprocess.run(["xdotool", "key", "Escape"], env=env, check=True)
    closed = wait_for(lambda: "Add Contact" not in a11y.window_titles(), 10)
    tap.ok(suggested and closed, "?roster offers to add the contact, with the name and group the link suggests; "
           "nothing is added unless the user says so", (suggested, closed))

    room = f"room@conference.{domain}"
    subprocess.run([glint, f"xmpp:{room}?join"], env=env, capture_output=True, timeout=30)
    room_field = wait_for(lambda: a11y.find(lambda n: n.get_name() == "Room address" and n.get_role_name() == "text"
                                            and a11y.text_of(n) == room), 20)
    nick_field = a11y.find(lambda n: n.get_name() == "Nickname" and n.get_role_name() == "text")
    offered = room_field is not None and nick_field is not None and a11y.text_of(nick_field) == "alice"
    if room_field is not None:
        click(a11y, room_field, "Join a Room", env)
        subprocess.run(["xdotool", "key", "Escape"], env=env, check=True)
    closed = wait_for(lambda: "Join a Room" not in a11y.window_titles(), 10)
    tap.ok(offered and closed, "?join opens Join a Room with the room and the user's name filled in; nothing is "
           "joined unless the user says so", (offered, closed))


def login_dialog(tap, glint, env, a11y):
    """First start with no account: the login window, a wrong password, then the right one."""
    domain = os.environ["GLINT_TEST_DOMAIN"]
    title = "Log In to Glint"
    # A history database with a garbled page, which SQLite meets only when
    # it reads that page: Glint must find it at start, say so and leave the
    # file alone.
    import glob
    import sqlite3
    history = os.path.join(env["XDG_DATA_HOME"], "glint", "history.db")
    os.makedirs(os.path.dirname(history), exist_ok=True)
    junk = garbled_database(history)
    proc = subprocess.Popen([glint], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        told = wait_for(lambda: a11y.find(lambda n: (a11y.text_of(n) or "").startswith(
            "The history database is damaged")), 60)
        asides = [a for a in glob.glob(history + ".corrupt-*") if not a.endswith(("-wal", "-shm"))]
        kept = False
        if len(asides) == 1:
            with open(asides[0], "rb") as f:
                kept = f.read() == junk
        fresh = sqlite3.connect(f"file:{history}?mode=ro", uri=True)
        version = fresh.execute("PRAGMA user_version").fetchone()[0]
        fresh.close()
        tap.ok(told is not None and kept and version == HISTORY_SCHEMA,
               "a history with a damaged page is reported in words at start, kept byte for byte beside, "
               "and a new one started",
               (asides, version))
        if told is not None:
            click(a11y, button(a11y, "Close"), "Glint Error", env)

        def field(name):
            return a11y.find(lambda n: n.get_name() == name and n.get_role_name() in
                             ("text", "password text", "spin button"))

        address = wait_for(lambda: field("Address"), 60)
        tap.ok(address is not None, "with no account, the login window is shown")
        if address is None:
            return
        no_leaked_names(tap, a11y, "the login window")
        type_into(a11y, address, title, f"alice@{domain}", env)
        type_into(a11y, field("Password"), title, "not-the-password", env)
        click(a11y, a11y.find(lambda n: n.get_name() == "Advanced" and n.get_role_name() == "push button"),
              title, env)
        host = wait_for(lambda: field("Host"), 10)
        port_text = a11y.text_of(field("Port")) if field("Port") else None
        tap.ok(port_text == "", "an empty port shows as empty, not as 0", repr(port_text))
        type_into(a11y, host, title, os.environ["GLINT_TEST_HOST"], env)
        type_into(a11y, field("Port"), title, os.environ["GLINT_TEST_PORT"], env)
        subprocess.run(["xdotool", "key", "Tab"], env=env, check=True)
        click(a11y, a11y.find(lambda n: (n.get_name() or "").endswith("Log In") and n.get_role_name() == "push button"), title, env)
        refused = wait_for(lambda: a11y.find_text("The server did not accept the address or password."), 30)
        tap.ok(refused is not None, "a wrong password is reported in the login window in words")

        type_into(a11y, field("Password"), title, "alice-pw", env)
        cleared = wait_for(lambda: a11y.find_text("The server did not accept the address or password.") is None, 10)
        tap.ok(refused is not None and cleared, "editing the fields clears the stale error")
        subprocess.run(["xdotool", "key", "Return"], env=env, check=True)
        contacts = wait_for(lambda: a11y.find_named("Contacts") and not field("Address"), 30)
        tap.ok(contacts, "the right password logs in and the contact list replaces the login window")
    finally:
        subprocess.run(["gapplication", "action", APP_ID, "quit"], env=env, capture_output=True, timeout=30)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def untrusted_certificate(tap, glint, env, a11y, shots_dir):
    """A server whose certificate this computer does not trust: the window
    says what is wrong in words, is as tall as its content, and trusting
    the certificate logs in. (A profile of its own.)"""
    domain = os.environ["GLINT_TEST_UNTRUSTED_DOMAIN"]
    title = "Log In to Glint"
    profile = dict(env)
    base = tempfile.mkdtemp(prefix="untrusted-", dir=env["HOME"])
    profile.update({"XDG_CONFIG_HOME": os.path.join(base, "config"),
                    "XDG_DATA_HOME": os.path.join(base, "data")})
    proc = subprocess.Popen([glint], env=profile, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def field(name):
            return a11y.find(lambda n: n.get_name() == name and n.get_role_name() in
                             ("text", "password text", "spin button"))

        address = wait_for(lambda: field("Address"), 60)
        if address is None:
            tap.ok(False, "a certificate nobody vouches for is explained in words, in a window that fits it")
            return
        type_into(a11y, address, title, f"dave@{domain}", profile)
        type_into(a11y, field("Password"), title, "dave-pw", profile)
        click(a11y, a11y.find(lambda n: n.get_name() == "Advanced" and n.get_role_name() == "push button"),
              title, profile)
        type_into(a11y, wait_for(lambda: field("Host"), 10), title, os.environ["GLINT_TEST_HOST"], profile)
        type_into(a11y, field("Port"), title, os.environ["GLINT_TEST_PORT"], profile)
        subprocess.run(["xdotool", "key", "Tab"], env=profile, check=True)
        click(a11y, button(a11y, "Log In"), title, profile)

        dialog_title = "Untrusted Certificate"
        words = wait_for(lambda: a11y.find(lambda n: "is self-signed" in (a11y.text_of(n) or "")), 30)
        raw = a11y.find(lambda n: (a11y.text_of(n) or "").strip() in ("self-signed certificate",
                                                                      "self signed certificate"))
        window = a11y.find(lambda n: n.get_role_name() == "frame" and n.get_name() == dialog_title) \
            or a11y.find(lambda n: n.get_name() == dialog_title)
        trust = a11y.find_in_window(dialog_title, "Trust and Connect")
        fits = False
        if window is not None and trust is not None:
            frame = window.get_extents(a11y.Atspi.CoordType.SCREEN)
            box = trust.get_extents(a11y.Atspi.CoordType.WINDOW)
            fits = 0 < frame.height <= 640 and box.y + box.height >= frame.height * 0.7
            if shots_dir:
                subprocess.run(["import", "-display", env["DISPLAY"], "-window", "root",
                                os.path.join(shots_dir, "untrusted-certificate.png")])
        no_leaked_names(tap, a11y, "the certificate window")
        cancel = a11y.find_in_window(dialog_title, "Don’t Connect")
        safe_focus = cancel is not None and wait_for(
            lambda: cancel.get_state_set().contains(a11y.Atspi.StateType.FOCUSED), 5)
        tap.ok(words is not None and raw is None and fits and safe_focus,
               "a certificate nobody vouches for is explained in words, in a window that fits it, "
               "with the focus on Don’t Connect", (words is not None, raw is not None, fits, safe_focus))

        if trust is not None:
            click(a11y, trust, dialog_title, profile)
        contacts = wait_for(lambda: a11y.find_named("Contacts") and not field("Address"), 30)
        tap.ok(contacts, "trusting the certificate logs in")
    finally:
        subprocess.run(["gapplication", "action", APP_ID, "quit"], env=profile, capture_output=True, timeout=30)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


UPGRADE_ROWS = 120000   # about 20 MiB: a history Glint calls large


def make_v2_history(path, rows):
    """A history as Glint's schema 2 wrote it, with @rows messages."""
    import sqlite3
    fixture = os.path.join(HERE, "..", "fixtures", "history-v2.sql")
    db = sqlite3.connect(path)
    with open(fixture) as f:
        db.executescript(f.read())
    db.executemany("INSERT INTO message (conversation_id, direction, sender, time, body, xmpp_id, origin_id, state)"
                   " VALUES (1, 0, 'bob@example.org/phone', ?, ?, ?, ?, 2)",
                   ((1700000010000 + i, f"old message {i}", f"x{i}", f"upgrade-{i}") for i in range(rows)))
    db.commit()
    count = db.execute("SELECT count(*) FROM message").fetchone()[0]
    db.close()
    return count


def upgrade_window(tap, glint, env, a11y):
    """A large history of an older Glint: the start says it is migrating,
    then goes on; every row is kept."""
    import sqlite3
    history = os.path.join(env["XDG_DATA_HOME"], "glint", "history.db")
    os.makedirs(os.path.dirname(history), exist_ok=True)
    before = make_v2_history(history, UPGRADE_ROWS)
    proc = subprocess.Popen([glint], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        shown = wait_for(lambda: a11y.find_named("Updating the history"), 30, interval=0.05)
        tap.ok(shown is not None, "migrating a large history shows a window with progress")
        login = wait_for(lambda: a11y.find(lambda n: n.get_name() == "Address"), 120)
        gone = wait_for(lambda: a11y.find_named("Updating the history") is None, 10)
        db = sqlite3.connect(history)
        version = db.execute("PRAGMA user_version").fetchone()[0]
        after = db.execute("SELECT count(*) FROM message").fetchone()[0]
        db.close()
        tap.ok(login is not None and gone and version == HISTORY_SCHEMA and after == before,
               "then the start goes on, with every message kept", (version, before, after))
    finally:
        subprocess.run(["gapplication", "action", APP_ID, "quit"], env=env, capture_output=True, timeout=30)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(history + suffix):
                os.unlink(history + suffix)


LEAK_ROLES = ("label", "image", "push button", "toggle button", "check box", "text", "entry",
              "password text", "list item", "page tab", "combo box", "spin button")


def leaked_names(a11y):
    """Names a screen reader would read that are no words of Glint's: a
    widget's type ("GtkLabel"), "(None)", a name said twice ("Send Send"),
    or a control's mnemonic mark ("Log in _automatically").
    What GTK 4.8 builds inside a drop-down or a password entry (its caps
    lock icon), and the icons libadwaita 1.2 puts in its view switcher
    (AdwIndicatorBin), are theirs and left out."""
    found = []
    named = []

    def walk(node, inside_dropdown):
        if node is None:
            return
        role = node.get_role_name()
        if node.get_name():
            named.append(node)
        name = node.get_name() or ""
        half = len(name) // 2
        mnemonic = role in ("check box", "push button", "toggle button", "radio button") and re.search(
            r"(^|[\s(])_\w|[a-z]_[a-z]", name) and "@" not in name
        theirs = inside_dropdown or (role == "image" and node.get_parent() is not None
                                     and node.get_parent().get_name() == "AdwIndicatorBin")
        if role in LEAK_ROLES and not theirs and (
                name.startswith("Gtk") or name == "(None)" or mnemonic
                or (len(name) % 2 == 1 and name[:half] == name[half + 1:] and name[half] == " ")):
            chain = []
            parent = node.get_parent()
            while parent is not None and len(chain) < 3:
                chain.append(f"{parent.get_role_name()}:{parent.get_name()}")
                parent = parent.get_parent()
            found.append((role, name, " < ".join(chain)))
        for i in range(node.get_child_count()):
            walk(node.get_child_at_index(i), inside_dropdown or role in ("combo box", "password text"))

    walk(a11y.app(), False)
    return found, len(named)


def no_leaked_names(tap, a11y, where):
    """Passes only on a tree that is there: a missing or empty one (no
    application, or too few named nodes to be Glint's windows) fails."""
    leaks, named = leaked_names(a11y)
    tap.ok(named >= 10 and not leaks, f"no accessible name in {where} is a widget's type or said twice",
           (named, leaks))


def button(a11y, label):
    return a11y.find(lambda n: n.get_role_name() == "push button" and (n.get_name() or "").endswith(label))


def contact_list(tap, glint, env, a11y, carol_jid):
    """Add a contact through the dialog, answer its request, then find, filter and open it."""
    carol = Peer(carol_jid, "carol-pw", "--accept-subscriptions")
    try:
        # Escape closes a dialog, with the focus in it.
        subprocess.run(["gapplication", "action", APP_ID, "add-contact"], env=env, check=True)
        address = wait_for(lambda: a11y.find(lambda n: n.get_name() == "Address" and n.get_role_name() == "text"), 20)
        if address is not None:
            click(a11y, address, "Add Contact", env)
        subprocess.run(["xdotool", "key", "Escape"], env=env, check=True)
        escaped = wait_for(lambda: "Add Contact" not in a11y.window_titles(), 10)
        tap.ok(address is not None and escaped, "Escape closes the Add Contact window", a11y.window_titles())

        subprocess.run(["gapplication", "action", APP_ID, "add-contact"], env=env, check=True)
        address = wait_for(lambda: a11y.find(lambda n: n.get_name() == "Address" and n.get_role_name() == "text"), 20)
        type_into(a11y, address, "Add Contact", carol_jid, env)
        type_into(a11y, a11y.find(lambda n: n.get_name() == "Name" and n.get_role_name() == "text"),
                  "Add Contact", "Carol C", env)
        type_into(a11y, a11y.find(lambda n: n.get_name() == "Group" and n.get_role_name() == "text"),
                  "Add Contact", "Friends", env)
        click(a11y, button(a11y, "Add"), "Add Contact", env)
        asked = carol.expect(lambda e: e.get("event") == "subscribe", 20)
        tap.ok(asked is not None, "Add Contact asks the contact for a subscription")

        request = wait_for(lambda: a11y.find_text(f"{carol_jid} wants to add you as a contact"), 20)
        tap.ok(request is not None and "Contact Request" not in a11y.window_titles(),
               "the contact's own request is asked in the contact list, in no window of its own")
        if request is not None:
            click(a11y, button(a11y, "Accept"), "Glint", env)
        approved = carol.expect(lambda e: e.get("event") == "subscribed", 20)
        tap.ok(approved is not None, "accepting the request tells the contact")

        group = wait_for(lambda: a11y.find_named("Friends (1/1)"), 20)
        row = wait_for(lambda: a11y.find_in_window("Glint", "Carol C, Online"), 20)
        tap.ok(group is not None and row is not None,
               "the contact list shows the group with its count and the contact online")

        # Extended away is said in words, never as the protocol's "xa".
        carol.command(cmd="presence", show="xa", status="gone fishing")
        xa = wait_for(lambda: a11y.find_in_window("Glint", "Carol C, Extended away"), 20)
        raw = a11y.find(lambda n: ", xa" in (n.get_name() or "") or a11y.text_of(n) == "xa")
        carol.command(cmd="presence", show=None, status=None)
        online_again = wait_for(lambda: a11y.find_in_window("Glint", "Carol C, Online"), 20)
        tap.ok(xa is not None and raw is None and online_again is not None,
               "a contact's extended away shows as \"Extended away\", not \"xa\"",
               (xa is not None, raw is not None, online_again is not None))

        search = a11y.find(lambda n: n.get_name() == "Find a contact" and n.get_role_name() in ("text", "entry"))
        type_into(a11y, search, "Glint", "nobody-by-that-name", env)
        hidden = wait_for(lambda: a11y.find_in_window("Glint", "Carol C,") is None, 10)
        no_match = wait_for(lambda: a11y.find_text("No contacts match"), 10)
        no_groups = wait_for(lambda: a11y.find_in_window("Glint", "Friends") is None, 10)
        tap.ok(no_match is not None and no_groups,
               "a filter that matches nobody says so and shows no empty group headers")
        type_into(a11y, search, "Glint", "carol", env)
        shown = wait_for(lambda: a11y.find_in_window("Glint", "Carol C,"), 10)
        tap.ok(hidden and shown, "the filter box hides and shows contacts as typed", f"hidden={hidden} shown={shown}")

        subprocess.run(["gapplication", "action", APP_ID, "set-status", "'dnd:In a meeting'"], env=env, check=True)
        seen = carol.expect(lambda e: e.get("event") == "presence" and e.get("show") == "dnd", 20)
        tap.ok(seen is not None and seen.get("status") == "In a meeting",
               "set-status over D-Bus reaches the contact as dnd with the message", seen)
        entry = a11y.find(lambda n: n.get_name() == "Status message" and n.get_role_name() in ("text", "entry"))
        synced = wait_for(lambda: entry is not None and a11y.text_of(entry) == "In a meeting", 10)
        tap.ok(synced, "a status set over D-Bus shows in the contact list's status field",
               entry and a11y.text_of(entry))

        subprocess.run(["gapplication", "action", APP_ID, "set-status", "'offline'"], env=env, check=True)
        gone = carol.expect(lambda e: e.get("event") == "presence" and e.get("type") == "unavailable", 20)
        offline_banner = wait_for(lambda: a11y.find_text("You are offline."), 10)
        subprocess.run(["gapplication", "action", APP_ID, "set-status", "'online'"], env=env, check=True)
        back = carol.expect(lambda e: e.get("event") == "presence" and e.get("type") == "available", 30)
        tap.ok(gone is not None and offline_banner is not None and back is not None,
               "going offline says so in the contact list, and coming back online logs in again")

        row = wait_for(lambda: a11y.find_in_window("Glint", "Carol C, Online"), 20)
        wid = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^Glint$"], env=env,
                             capture_output=True, text=True).stdout.split()[0]
        subprocess.run(["xdotool", "windowraise", wid], env=env, check=True)
        box = row.get_extents(a11y.Atspi.CoordType.WINDOW)
        subprocess.run(["xdotool", "mousemove", "--window", wid, str(box.x + box.width // 2),
                        str(box.y + box.height // 2), "click", "--repeat", "2", "--delay", "80", "1"],
                       env=env, check=True)
        opened = wait_for(lambda: "Conversation with Carol C" in a11y.window_titles(), 15)
        tap.ok(opened, "double-clicking a contact opens the conversation", a11y.window_titles())

        # Enter in the filter opens the first contact it shows.
        subprocess.run(["gapplication", "action", APP_ID, "open-chat", f"'bob@{carol_jid.split('@')[1]}'"],
                       env=env, check=True)
        left = wait_for(lambda: "Conversation with Carol C" not in a11y.window_titles(), 10)
        click(a11y, search, "Glint", env)
        subprocess.run(["xdotool", "key", "Return"], env=env, check=True)
        entered = wait_for(lambda: "Conversation with Carol C" in a11y.window_titles(), 15)
        tap.ok(left and entered, "Enter in the filter opens the first contact it shows", a11y.window_titles())

        # carol's markable message arrives in the chat shown: Glint tells her
        # it was read (XEP-0333), as she may see its presence.
        carol.command(cmd="raw", xml=f"<message to='alice@{carol_jid.split('@')[1]}' type='chat' id='read-me-1'>"
                                     f"<body>read me</body><markable xmlns='urn:xmpp:chat-markers:0'/></message>")
        marker = carol.expect(lambda e: e.get("event") == "message" and e.get("displayed") == "read-me-1", 20)
        tap.ok(marker is not None, "a message that arrives in the chat on screen is marked read for its sender")

        # Prosody has no invisibility: asking for it must not show us.
        carol.forget()
        subprocess.run(["gapplication", "action", APP_ID, "set-status", "'invisible'"], env=env, check=True)
        refused = wait_for(lambda: a11y.find(lambda n: "does not support being invisible" in
                                             (a11y.text_of(n) or n.get_name() or "")), 20)
        leaked = carol.expect(lambda e: e.get("event") == "presence" and e.get("type") == "available"
                              and e.get("from", "").startswith("alice@"), 3)
        close = a11y.find_in_window("Glint Error", "Close")
        if close is not None:
            click(a11y, close, "Glint Error", env)
        closed = wait_for(lambda: "Glint Error" not in a11y.window_titles(), 10)
        # The positive control: a real change does reach Carol.
        subprocess.run(["gapplication", "action", APP_ID, "set-status", "'away:Back soon'"], env=env, check=True)
        away = carol.expect(lambda e: e.get("event") == "presence" and e.get("show") == "away", 20)
        tap.ok(refused is not None and closed and leaked is None and away is not None,
               "invisible where the server cannot hide us is refused in words, and no presence leaks",
               leaked)

    finally:
        carol.stop()


def in_view(a11y, text, list_name):
    """Whether the message @text is on screen inside the list @list_name."""
    view = a11y.find(lambda n: n.get_name() == list_name and n.get_role_name() == "list")
    node = next((n for n in a11y.walk(view) if a11y.text_of(n) == text), None) if view else None
    if node is None or view is None:
        return False
    # GTK 4 knows positions within its window only.
    box = node.get_extents(a11y.Atspi.CoordType.WINDOW)
    area = view.get_extents(a11y.Atspi.CoordType.WINDOW)
    return box.height > 0 and box.y >= area.y - 1 and box.y + box.height <= area.y + area.height + 1


def follow_and_jump(tap, env, a11y, peer, alice_full, bob_jid, shots_dir):
    """At the bottom, the view follows new messages; scrolled up, it stays
    and offers to jump to the newest."""
    title = f"Conversation with {bob_jid}"
    list_name = f"Conversation with {bob_jid}"
    peer.command(cmd="burst", to=alice_full, count=40, prefix="line")
    followed = wait_for(lambda: in_view(a11y, "line 39", list_name), 20)
    if shots_dir:
        subprocess.run(["import", "-display", env["DISPLAY"], "-window", "root",
                        os.path.join(shots_dir, "following.png")])
    tap.ok(followed, "a chat at the bottom shows each new message as it arrives")

    view = a11y.find(lambda n: n.get_name() == list_name and n.get_role_name() == "list")
    wid = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{re.escape(title)}$"], env=env,
                         capture_output=True, text=True).stdout.split()[0]
    box = view.get_extents(a11y.Atspi.CoordType.WINDOW)
    subprocess.run(["xdotool", "mousemove", "--window", wid, str(box.x + box.width // 2),
                    str(box.y + box.height // 2), "click", "--repeat", "40", "--delay", "30", "4"],
                   env=env, check=True)
    scrolled = wait_for(lambda: in_view(a11y, "line 0", list_name), 10)
    peer.command(cmd="send", to=alice_full, body="while you were reading")
    offered = wait_for(lambda: a11y.find_named("New messages ↓"), 20)
    stayed = not in_view(a11y, "while you were reading", list_name)
    tap.ok(scrolled and offered is not None and stayed,
           "scrolled up, a new message leaves the view where it is and offers to jump to it",
           (scrolled, offered is not None, stayed))
    if offered is not None:
        click(a11y, offered, title, env)
    jumped = wait_for(lambda: in_view(a11y, "while you were reading", list_name), 10)
    tap.ok(jumped, "the jump button shows the newest message")

    # An xmpp: link in a message opens the chat in Glint itself.
    frank = "frank@" + bob_jid.split("@")[1]
    peer.command(cmd="send", to=alice_full, body=f"xmpp:{frank}")
    link = wait_for(lambda: in_view(a11y, f"xmpp:{frank}", list_name) and a11y.find_text(f"xmpp:{frank}"), 20)
    if link:
        box = link.get_extents(a11y.Atspi.CoordType.WINDOW)
        subprocess.run(["xdotool", "mousemove", "--window", wid, str(box.x + 30), str(box.y + box.height // 2),
                        "click", "1"], env=env, check=True)
    opened = wait_for(lambda: f"Conversation with {frank}" in a11y.window_titles(), 15)
    tap.ok(bool(link) and opened, "an xmpp: link in a message opens that chat in Glint", a11y.window_titles())


def search_chat(tap, env, a11y, bob_jid, shots_dir):
    """Ctrl+F searches the chat; a hit shows its message; a search over the
    word limit is refused in words; Escape gives the focus back."""
    title = f"Conversation with {bob_jid}"
    list_name = f"Conversation with {bob_jid}"
    subprocess.run(["gapplication", "action", APP_ID, "open-chat", f"'{bob_jid}'"], env=env, check=True)
    wait_for(lambda: title in a11y.window_titles(), 10)
    wid = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{re.escape(title)}$"], env=env,
                         capture_output=True, text=True).stdout.split()[0]
    subprocess.run(["xdotool", "windowraise", wid], env=env, check=True)
    subprocess.run(["xdotool", "windowfocus", "--sync", wid], env=env, check=True)

    def entry():
        """The search field, which is in the tree only while the bar is open
        (GTK 4.8 reports no FOCUSED state for a search entry: the composer
        losing it tells where the focus went)."""
        return a11y.find(lambda n: n.get_name() == "Search this chat" and n.get_role_name() in ("entry", "text"))

    def focused(node):
        return node is not None and node.get_state_set().contains(a11y.Atspi.StateType.FOCUSED)

    composer = a11y.find_named(f"Message to {bob_jid}")
    was_closed = entry() is None and wait_for(lambda: focused(composer), 10)
    subprocess.run(["xdotool", "key", "ctrl+f"], env=env, check=True)
    # The keyboard focus left the composer for the field that appeared.
    field = wait_for(lambda: not focused(composer) and entry(), 10) or None
    attributes = (field.get_attributes() or {}) if field is not None else {}
    says_limit = "up to 16 words" in attributes.get("placeholder-text", "")
    tap.ok(was_closed and field is not None and says_limit,
           "Ctrl+F opens the chat's search field with the focus in it, and it says its limit",
           (was_closed, attributes))
    if field is None:
        return
    subprocess.run(["xdotool", "type", "--delay", "20", "line 3"], env=env, check=True)
    typed = wait_for(lambda: a11y.text_of(field) == "line 3", 5)
    found = wait_for(lambda: a11y.find_text("1 message found"), 15)
    hit = wait_for(lambda: a11y.find(lambda n: n.get_role_name() == "list item"
                                     and "line 3" in (n.get_name() or "")), 5)
    if shots_dir:
        subprocess.run(["import", "-display", env["DISPLAY"], "-window", "root",
                        os.path.join(shots_dir, "search.png")])
    # Scroll the view away first, so showing the hit has to move it.
    view = a11y.find(lambda n: n.get_name() == list_name and n.get_role_name() == "list")
    box = view.get_extents(a11y.Atspi.CoordType.WINDOW)
    subprocess.run(["xdotool", "mousemove", "--window", wid, str(box.x + box.width // 2),
                    str(box.y + box.height // 2), "click", "--repeat", "40", "--delay", "20", "4"],
                   env=env, check=True)
    away = wait_for(lambda: not in_view(a11y, "line 3", list_name), 10)
    if hit is not None:
        click(a11y, hit, title, env)
    shown = wait_for(lambda: in_view(a11y, "line 3", list_name), 10)
    tap.ok(typed and found is not None and hit is not None and away and shown,
           "a search finds the one message with those words, and choosing it shows the message",
           (typed, found is not None, hit is not None, away, shown))

    # Over the limit: refused in words, in the search bar (the control above
    # found a message with the same field).
    field = entry()
    type_into(a11y, field, title, " ".join("w%d" % i for i in range(17)), env)
    refused = wait_for(lambda: a11y.find(lambda n: "at most 16" in (a11y.text_of(n) or "")), 15)
    tap.ok(refused is not None and a11y.find_text("1 message found") is None,
           "a search of 17 words is refused, and the search bar says the limit")

    subprocess.run(["xdotool", "key", "Escape"], env=env, check=True)
    back = wait_for(lambda: entry() is None and focused(composer), 10)
    tap.ok(back, "Escape closes the search bar and the composer has the focus again")


def giant_messages(tap, env, a11y, peer, alice_full, bob_jid):
    """One 200 KB word, and one letter with 100,000 combining accents: the
    chat shows what comes next at once, and a long message opens further on
    demand."""
    title = f"Conversation with {bob_jid}"
    list_name = f"Conversation with {bob_jid}"
    # Back to the newest (the search left the view on its hit).
    jump = a11y.find_named("New messages ↓")
    if jump is not None and jump.get_state_set().contains(a11y.Atspi.StateType.VISIBLE):
        click(a11y, jump, title, env)
    peer.command(cmd="send", to=alice_full, body="x" * (200 * 1024))
    peer.command(cmd="send", to=alice_full, body="a" + "\u0301" * 100000)
    peer.command(cmd="send", to=alice_full, body="after the giants")
    # Glint 0.1 spent 30 s and more laying these out on the main thread.
    shown = wait_for(lambda: in_view(a11y, "after the giants", list_name), 20)
    tap.ok(shown, "a 200 KB word and a letter with 100,000 accents do not hold up the next message")

    def longest_text():
        view = a11y.find(lambda n: n.get_name() == list_name and n.get_role_name() == "list")
        return max((len(a11y.text_of(n) or "") for n in a11y.walk(view)), default=0)

    more = wait_for(lambda: a11y.find_named("Show more of this message"), 10)
    before = longest_text()
    if more is not None:
        click(a11y, more, title, env)
    grown = wait_for(lambda: longest_text() > before, 10)
    tap.ok(more is not None and 0 < before <= 4096 and grown,
           "a long message shows its first part, and Show more shows more of it", (more is not None, before))


def request_flood(tap, env, a11y, alice_full, bob_jid, shots_dir):
    """Several people ask at once while the user types: the requests wait in
    the contact list with a count, no window opens, the focus stays."""
    domain = bob_jid.split("@")[1]
    alice = alice_full.split("/")[0]
    askers = [Peer(f"{name}@{domain}", f"{name}-pw") for name in ("grace", "heidi")]
    try:
        subprocess.run(["gapplication", "action", APP_ID, "open-chat", f"'{bob_jid}'"], env=env, check=True)
        title = f"Conversation with {bob_jid}"
        wait_for(lambda: title in a11y.window_titles(), 15)
        composer = a11y.find_named(f"Message to {bob_jid}")
        click(a11y, composer, title, env)
        focused = wait_for(lambda: composer.get_state_set().contains(a11y.Atspi.StateType.FOCUSED), 10)
        windows = sorted(a11y.window_titles())
        for asker in askers:
            asker.command(cmd="subscribe", to=alice)
        counted = wait_for(lambda: a11y.find_text("2 contact requests"), 20)
        rows = [a11y.find_text(f"{name}@{domain} wants to add you as a contact") for name in ("grace", "heidi")]
        kept = composer.get_state_set().contains(a11y.Atspi.StateType.FOCUSED)
        tap.ok(focused and counted is not None and all(rows) and kept and sorted(a11y.window_titles()) == windows,
               "requests from several people wait in the contact list with a count; no window opens and "
               "the composer keeps the focus", (focused, counted is not None, [r is not None for r in rows], kept,
                                               a11y.window_titles()))

        deny = a11y.find(lambda n: n.get_role_name() == "push button" and n.get_name() == "Deny")
        if deny is not None:
            click(a11y, deny, "Glint", env)
        if shots_dir:
            subprocess.run(["import", "-display", env["DISPLAY"], "-window", "root",
                            os.path.join(shots_dir, "contact-requests.png")])
        fewer = wait_for(lambda: a11y.find_text("1 contact request"), 10)
        denied = [wait_for(lambda a=asker: any(e.get("event") == "unsubscribed" for e in a.seen)
                           or a.expect(lambda e: e.get("event") == "unsubscribed", 1), 15) for asker in askers]
        tap.ok(deny is not None and fewer is not None and sum(bool(d) for d in denied) == 1,
               "denying one tells that person, and the count goes down",
               (deny is not None, fewer is not None, denied))
    finally:
        for asker in askers:
            asker.stop()


def window_size_kept(tap, env, a11y, bob_jid):
    """The chat window's size, changed by the user, is the size of the next
    one."""
    title = f"Conversation with {bob_jid}"
    subprocess.run(["gapplication", "action", APP_ID, "open-chat", f"'{bob_jid}'"], env=env, check=True)
    wait_for(lambda: title in a11y.window_titles(), 15)

    def frame():
        node = a11y.find(lambda n: n.get_role_name() == "frame" and n.get_name() == title)
        if node is None:
            return None
        box = node.get_extents(a11y.Atspi.CoordType.SCREEN)
        return (box.width, box.height)

    before = frame()
    wid = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{re.escape(title)}$"], env=env,
                         capture_output=True, text=True).stdout.split()[0]
    subprocess.run(["xdotool", "windowsize", wid, "760", "560"], env=env, check=True)
    resized = wait_for(lambda: frame() is not None and frame() != before and frame(), 10)
    window = a11y.find(lambda n: n.get_role_name() == "frame" and n.get_name() == title)
    close = next((n for n in a11y.walk(window) if n.get_role_name() == "push button"
                  and n.get_name() == "Close"), None) if window else None
    if close is not None:
        click(a11y, close, title, env)
    gone = wait_for(lambda: not any(t.startswith("Conversation with ") for t in a11y.window_titles()), 10)
    subprocess.run(["gapplication", "action", APP_ID, "open-chat", f"'{bob_jid}'"], env=env, check=True)
    again = wait_for(lambda: title in a11y.window_titles() and frame(), 15)
    tap.ok(bool(resized) and gone and again == resized,
           "a chat window's size, changed by the user, is kept for the next one", (before, resized, gone, again))


def stranger(tap, env, a11y, peer, alice_full, bob_jid, carol_jid):
    """A message from someone not in the contacts: their chat says so, with
    Add and Block; blocked, what they send no longer arrives."""
    domain = bob_jid.split("@")[1]
    erin_jid = f"erin@{domain}"
    title = f"Conversation with {erin_jid}"
    erin = Peer(erin_jid, "erin-pw")
    try:
        erin.command(cmd="send", to=alice_full, body="hello from a stranger")
        erin.expect(lambda e: e.get("event") == "ok" and e.get("cmd") == "send", 30)
        subprocess.run(["gapplication", "action", APP_ID, "open-chat", f"'{erin_jid}'"], env=env, check=True)
        opened = wait_for(lambda: title in a11y.window_titles(), 15)
        said = wait_for(lambda: a11y.find_text(f"{erin_jid} is not in your contacts."), 15)
        add = a11y.find_in_window(title, "Add to Contacts")
        block = a11y.find_in_window(title, "Block")
        arrived = wait_for(lambda: a11y.find_text("hello from a stranger"), 15)
        # Control: a contact's chat (Carol's, added above) has no such line.
        subprocess.run(["gapplication", "action", APP_ID, "open-chat", f"'{carol_jid}'"], env=env, check=True)
        on_carol = wait_for(lambda: "Conversation with Carol C" in a11y.window_titles(), 15)
        contact_quiet = on_carol and a11y.find_text(f"{carol_jid} is not in your contacts.") is None
        not_listed = a11y.find_in_window("Glint", erin_jid) is None
        tap.ok(opened and said is not None and add is not None and block is not None and arrived
               and contact_quiet and not_listed,
               "a stranger's chat says they are not in the contacts, with Add and Block, and the contact "
               "list does not show them; a contact's chat has no such line",
               (opened, said is not None, add is not None, block is not None, arrived, contact_quiet, not_listed))

        subprocess.run(["gapplication", "action", APP_ID, "open-chat", f"'{erin_jid}'"], env=env, check=True)
        wait_for(lambda: title in a11y.window_titles(), 15)
        block = wait_for(lambda: a11y.find_in_window(title, "Block"), 10)
        if block is not None:
            click(a11y, block, title, env)
        blocked = wait_for(lambda: a11y.find(lambda n: (a11y.text_of(n) or "").startswith(
            f"You blocked {erin_jid}")), 10)
        # What Erin sends now is dropped; her roster request after it is
        # answered only once the server has dealt with the message, and
        # Bob's message is the barrier that shows everything before it came.
        erin.command(cmd="send", to=alice_full, body="sent after the block")
        erin.command(cmd="roster")
        erin.expect(lambda e: e.get("event") == "roster", 30)
        peer.command(cmd="send", to=alice_full, body="barrier after the block")
        history = os.path.join(env["XDG_DATA_HOME"], "glint", "history.db")
        import sqlite3
        db = sqlite3.connect(f"file:{history}?mode=ro", uri=True)
        try:
            came = lambda body: db.execute("SELECT count(*) FROM message WHERE body = ?", (body,)).fetchone()[0]
            barrier_stored = wait_for(lambda: came("barrier after the block") == 1, 20)
            dropped = came("sent after the block") == 0
            before = came("hello from a stranger") == 1
        finally:
            db.close()
        tap.ok(blocked is not None and barrier_stored and dropped and before,
               "after Block, what the stranger sends no longer arrives (what came before stays)",
               (blocked is not None, barrier_stored, dropped, before))
    finally:
        erin.stop()


def showing(a11y, title):
    app = a11y.app()
    for i in range(app.get_child_count() if app else 0):
        window = app.get_child_at_index(i)
        if window is not None and window.get_name() == title:
            return window.get_state_set().contains(a11y.Atspi.StateType.SHOWING)
    return False


def close_and_ask(tap, env, a11y, peer, alice_full, bob_jid, carol_jid, glint_proc):
    """Closing the contact list with chats open hides it; quitting with
    unread messages asks first."""
    subprocess.run(["gapplication", "action", APP_ID, "show-contacts"], env=env, check=True)
    close = wait_for(lambda: a11y.find_in_window("Glint", "Close"), 10)
    if close is not None:
        click(a11y, close, "Glint", env)
    hidden = wait_for(lambda: not showing(a11y, "Glint"), 10)
    chats = [t for t in a11y.window_titles() if t.startswith("Conversation with ")]
    tap.ok(close is not None and hidden and glint_proc.poll() is None and chats and showing(a11y, chats[0]),
           "closing the contact list with chats open hides it, and Glint goes on", a11y.window_titles())

    # A message to a tab not shown is unread; the user's quit asks first.
    subprocess.run(["gapplication", "action", APP_ID, "open-chat", f"'{carol_jid}'"], env=env, check=True)
    wait_for(lambda: f"Conversation with {carol_jid}" in a11y.window_titles(), 10)
    peer.command(cmd="send", to=alice_full, body="unread when you quit")
    wait_for(lambda: a11y.find(lambda n: (n.get_name() or "").startswith(f"{bob_jid}, ")
                               and "unread" in (n.get_name() or "")), 20)
    subprocess.run(["gapplication", "action", APP_ID, "request-quit"], env=env, check=True)
    asked = wait_for(lambda: a11y.find(lambda n: "unread message" in (a11y.text_of(n) or n.get_name() or "")), 20)
    cancel = a11y.find_in_window("Quit Glint", "Cancel")
    if cancel is not None:
        click(a11y, cancel, "Quit Glint", env)
    gone = wait_for(lambda: "Quit Glint" not in a11y.window_titles(), 10)
    tap.ok(asked is not None and gone and glint_proc.poll() is None,
           "quitting with unread messages asks first, and Cancel keeps Glint running")
    subprocess.run(["gapplication", "action", APP_ID, "show-contacts"], env=env, check=True)


def configure_account(glint, env):
    domain = os.environ["GLINT_TEST_DOMAIN"]
    result = subprocess.run([glint, "--configure-account", f"alice@{domain}",
                             "--server", os.environ["GLINT_TEST_HOST"],
                             "--port", os.environ["GLINT_TEST_PORT"],
                             "--password-file", "-", "--autologin"],
                            input="alice-pw\n", capture_output=True, text=True, env=env, timeout=60)
    return result


def inner(glint, schema_dir, shots):
    tap = Tap()
    workdir = tempfile.mkdtemp(prefix="glint-desktop-")
    domain = os.environ["GLINT_TEST_DOMAIN"]
    bob_jid = f"bob@{domain}"
    carol_jid = f"carol@{domain}"
    desktop = Desktop(workdir)
    env = dict(os.environ)
    env.update({
        "DISPLAY": desktop.display,
        "GDK_BACKEND": "x11",
        "GSK_RENDERER": "cairo",
        "GTK_A11Y": "atspi",
        "GSETTINGS_BACKEND": "memory",
        "GSETTINGS_SCHEMA_DIR": schema_dir,
        "HOME": workdir,
        "XDG_CONFIG_HOME": os.path.join(workdir, "config"),
        "XDG_DATA_HOME": os.path.join(workdir, "data"),
        "XDG_CACHE_HOME": os.path.join(workdir, "cache"),
        "XDG_RUNTIME_DIR": os.environ.get("XDG_RUNTIME_DIR", workdir),
        "NO_AT_BRIDGE": "0",
    })
    os.environ["DISPLAY"] = desktop.display
    glint_proc = None
    peer = None
    log_path = os.path.join(workdir, "glint.log")
    try:
        upgrade_window(tap, glint, env, A11y())
        untrusted_certificate(tap, glint, env, A11y(), shots)
        login_dialog(tap, glint, env, A11y())
        configured = configure_account(glint, env)
        tap.ok(configured.returncode == 0, "glint --configure-account stores the account and the password",
               configured.stderr)
        accounts = os.path.join(workdir, "config", "glint", "accounts.ini")
        with open(accounts) as f:
            saved = f.read()
        tap.ok("alice-pw" not in saved and "autologin=true" in saved,
               "the account file holds settings but never the password", saved)

        peer = Peer(bob_jid, "bob-pw")
        with open(log_path, "w") as log:
            glint_proc = subprocess.Popen([glint], env=env, stdout=log, stderr=log)

        a11y = A11y()
        contacts = wait_for(lambda: a11y.find_named("Contacts"), 60)
        tap.ok(contacts is not None, "the contact list window is shown and readable over AT-SPI")

        # Only a logged-in Glint can receive this: it proves the keyring
        # gave the saved password back.
        alice_full = f"alice@{domain}"
        peer.command(cmd="send", to=alice_full, body=MARKUP_TEXT)
        shown = wait_for(lambda: a11y.find_text(MARKUP_TEXT), 60)
        tap.ok(shown is not None, "auto-login with the password from the keyring; a message from the "
               "peer opens a tab and its markup is shown as text")
        banner = a11y.find_named("Connection status")
        tap.ok(banner is None or a11y.text_of(banner) == "", "no connection problem is reported",
               banner and a11y.text_of(banner))
        tab = wait_for(lambda: a11y.find(lambda n: (n.get_name() or "").startswith(bob_jid + ", ")), 10)
        tap.ok(tab is not None, "the tab names the contact and presence", tab and tab.get_name())

        notes = wait_for(lambda: [n for n in desktop.notify_calls() if bob_jid in n[3]], 20)
        body_ok = bool(notes) and notes[0][4] in (MARKUP_TEXT, ESCAPED_MARKUP)
        tap.ok(body_ok, "a desktop notification names the sender and escapes the text",
               notes and notes[0])

        if shots:
            os.makedirs(shots, exist_ok=True)
            tap.ok(desktop.screenshot(os.path.join(shots, "conversation.png")), "screenshot taken")

        peer.command(cmd="send", to=alice_full, body="a second message")
        more = wait_for(lambda: [n for n in desktop.notify_calls() if bob_jid in n[3]], 20)
        replaced = wait_for(lambda: [n for n in desktop.notify_calls() if n[4] == "a second message"], 20)
        tap.ok(len(replaced) == 1 and replaced[0][1] != 0,
               "a second message updates the notification instead of stacking a new one", replaced)
        # By the time the second message was notified, a repeat of the first
        # would have been too: it was notified once.
        firsts = [n for n in desktop.notify_calls() if n[4] in (MARKUP_TEXT, ESCAPED_MARKUP)]
        tap.ok(len(firsts) == 1, "the first message of a chat is notified once", firsts)

        action = subprocess.run(["gapplication", "action", APP_ID, "open-chat", f"'{carol_jid}'"],
                                env=env, capture_output=True, text=True, timeout=30)
        carol_tab = wait_for(lambda: a11y.find_named(f"Conversation with {carol_jid}"), 20)
        tap.ok(action.returncode == 0 and carol_tab is not None,
               "gapplication action open-chat over D-Bus opens a tab", action.stderr)

        dave = f"dave@{os.environ['GLINT_TEST_UNTRUSTED_DOMAIN']}"
        cli = subprocess.run([glint, "--open-chat", dave], env=env, capture_output=True, text=True, timeout=30)
        dave_tab = wait_for(lambda: a11y.find_named(f"Conversation with {dave}"), 20)
        tap.ok(cli.returncode == 0 and dave_tab is not None,
               "glint --open-chat hands the chat to the running Glint", cli.stderr)

        uri = subprocess.run([glint, f"xmpp:eve@{domain}"], env=env,
                             capture_output=True, text=True, timeout=30)
        eve_tab = wait_for(lambda: a11y.find_named(f"Conversation with eve@{domain}"), 20)
        tap.ok(uri.returncode == 0 and eve_tab is not None, "an xmpp: link opens a chat", uri.stderr)
        links(tap, glint, env, a11y, domain)

        # The id the notification server gave bob's notification: the one
        # his second message replaced.
        if notes and replaced:
            desktop.click_notification(replaced[0][1])
        titles = wait_for(lambda: f"Conversation with {bob_jid}" in a11y.window_titles(), 20)
        tap.ok(titles, "clicking the notification brings that conversation to the front",
               a11y.window_titles())

        # Type as a person does: click into the composer, type, press Enter.
        composer = a11y.find_named(f"Message to {bob_jid}")
        got = None
        if composer is not None:
            wid = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^Conversation with {bob_jid}$"],
                                 env=env, capture_output=True, text=True).stdout.split()[0]
            subprocess.run(["xdotool", "windowfocus", "--sync", wid], env=env, check=True)
            # Click into the composer, as a person would before typing.
            box = composer.get_extents(a11y.Atspi.CoordType.WINDOW)
            subprocess.run(["xdotool", "mousemove", "--window", wid, str(box.x + box.width // 2),
                            str(box.y + box.height // 2), "click", "1"], env=env, check=True)
            focused = wait_for(lambda: composer.get_state_set().contains(a11y.Atspi.StateType.FOCUSED), 10)
            if not focused:
                raise RuntimeError("the composer did not get the keyboard focus")
            subprocess.run(["xdotool", "type", "--delay", "20", COMPOSED_TEXT], env=env, check=True)
            wait_for(lambda: a11y.text_of(composer) == COMPOSED_TEXT, 5)
            subprocess.run(["xdotool", "key", "Return"], env=env, check=True)
            got = peer.expect(lambda e: e.get("event") == "message" and e.get("body") == COMPOSED_TEXT, 20)
        if got is None and shots:
            desktop.screenshot(os.path.join(shots, "typing-failed.png"))
        tap.ok(got is not None, "text typed into the composer and sent with Enter reaches the peer",
               f"composer text: {a11y.text_of(composer)!r}; peer saw: {peer.seen[-3:]}"
               if composer else "no composer in the accessibility tree")

        # bob's client confirms it (XEP-0184): the message says so.
        def says_delivered():
            return a11y.find(lambda n: n.get_role_name() == "label"
                             and (a11y.text_of(n) or "").endswith("· delivered"))

        before_receipt = says_delivered() is None
        if got is not None:
            peer.command(cmd="raw", xml=f"<message to='{alice_full}' type='chat'>"
                                        f"<received xmlns='urn:xmpp:receipts' id='{got.get('id')}'/></message>")
        delivered = wait_for(says_delivered, 20)
        tap.ok(got is not None and got.get("receipt_requested") and before_receipt and delivered is not None,
               "Glint asks for a receipt, and the message says \"delivered\" once bob's client confirms it",
               (got and got.get("receipt_requested"), before_receipt, delivered is not None))

        # bob's client says he read it (XEP-0333): "seen" takes "delivered"'s place.
        if got is not None:
            peer.command(cmd="raw", xml=f"<message to='{alice_full}' type='chat'>"
                                        f"<displayed xmlns='urn:xmpp:chat-markers:0' id='{got.get('id')}'/></message>")
        read = wait_for(lambda: a11y.find(lambda n: n.get_role_name() == "label"
                                          and (a11y.text_of(n) or "").endswith("· seen")), 20)
        tap.ok(read is not None and says_delivered() is None,
               "the message says \"seen\" once bob's client says he read it", read is not None)

        # Up in the empty composer brings the message back to correct it.
        fixed = None
        editing = None
        if composer is not None and composer.get_state_set().contains(a11y.Atspi.StateType.FOCUSED):
            subprocess.run(["xdotool", "key", "Up"], env=env, check=True)
            editing = wait_for(lambda: a11y.text_of(composer) == COMPOSED_TEXT
                               and a11y.find_text("Correcting your last message. Escape cancels."), 10)
            subprocess.run(["xdotool", "key", "ctrl+a", "BackSpace"], env=env, check=True)
            subprocess.run(["xdotool", "type", "--delay", "20", CORRECTED_TEXT], env=env, check=True)
            wait_for(lambda: a11y.text_of(composer) == CORRECTED_TEXT, 5)
            subprocess.run(["xdotool", "key", "Return"], env=env, check=True)
            fixed = peer.expect(lambda e: e.get("event") == "message" and e.get("body") == CORRECTED_TEXT, 20)
        edited = wait_for(lambda: a11y.find_text(CORRECTED_TEXT) and a11y.find(
            lambda n: n.get_role_name() == "label" and " · edited" in (a11y.text_of(n) or "")), 20)
        tap.ok(editing is not None and fixed is not None and got is not None
               and fixed.get("replaces") == got.get("id") and edited and a11y.find_text(COMPOSED_TEXT) is None,
               "Up in the empty composer corrects the last message: bob gets it as a correction, and the "
               "chat shows the new text, marked edited, in place of the old",
               (editing is not None, fixed and fixed.get("replaces"), got and got.get("id"), bool(edited)))

        # Our own /me is in the third person, with our address.
        own_action = None
        if composer is not None and composer.get_state_set().contains(a11y.Atspi.StateType.FOCUSED):
            subprocess.run(["xdotool", "type", "--delay", "20", "/me waves"], env=env, check=True)
            wait_for(lambda: a11y.text_of(composer) == "/me waves", 5)
            subprocess.run(["xdotool", "key", "Return"], env=env, check=True)
            own_action = wait_for(lambda: a11y.find_text(f"* alice@{domain} waves"), 20)
        tap.ok(own_action is not None and a11y.find_text("* Me waves") is None,
               "your own /me shows your address, not \"Me\"")

        # The contact typing shows in the conversation.
        peer.command(cmd="chat_state", to=alice_full, state="composing")
        typing = wait_for(lambda: a11y.find_text(f"{bob_jid} is typing…"), 20)
        tap.ok(typing is not None, "the peer's typing notification is shown")

        def title_is(jid):
            return wait_for(lambda: f"Conversation with {jid}" in a11y.window_titles(), 10)

        def keys(*names):
            subprocess.run(["xdotool", "key"] + list(names), env=env, check=True)

        def composer_focused(jid):
            def check():
                node = a11y.find_named(f"Message to {jid}")
                return node is not None and node.get_state_set().contains(a11y.Atspi.StateType.FOCUSED)
            return wait_for(check, 10)

        keys("alt+2")
        on_carol = title_is(carol_jid) and composer_focused(carol_jid)
        keys("ctrl+Next")
        on_dave = title_is(dave) and composer_focused(dave)
        keys("ctrl+Prior", "ctrl+Prior")
        back_on_bob = title_is(bob_jid) and composer_focused(bob_jid)
        tap.ok(on_carol and on_dave and back_on_bob,
               "Alt+2, Ctrl+Page Down and Ctrl+Page Up switch tabs, and the shown chat's composer has the focus",
               a11y.window_titles())

        keys("ctrl+w")
        closed = wait_for(lambda: a11y.find_text(MARKUP_TEXT) is None, 10)
        shown = [t for t in a11y.window_titles() if t.startswith("Conversation with ")]
        next_focused = bool(shown) and composer_focused(shown[0][len("Conversation with "):])
        tap.ok(closed and next_focused, "Ctrl+W closes the conversation's tab and the next chat's composer "
               "has the focus", shown)
        subprocess.run(["gapplication", "action", APP_ID, "open-chat", f"'{bob_jid}'"], env=env, check=True)
        again = wait_for(lambda: a11y.find_text(MARKUP_TEXT) and a11y.find_text(CORRECTED_TEXT), 20)
        tap.ok(again, "reopening the chat shows the earlier messages from the history")

        no_leaked_names(tap, a11y, "the contact list and the chats")
        follow_and_jump(tap, env, a11y, peer, alice_full, bob_jid, shots)
        search_chat(tap, env, a11y, bob_jid, shots)
        giant_messages(tap, env, a11y, peer, alice_full, bob_jid)
        contact_list(tap, glint, env, a11y, carol_jid)
        stranger(tap, env, a11y, peer, alice_full, bob_jid, carol_jid)
        request_flood(tap, env, a11y, alice_full, bob_jid, shots)
        window_size_kept(tap, env, a11y, bob_jid)

        close_and_ask(tap, env, a11y, peer, alice_full, bob_jid, carol_jid, glint_proc)

        quit_run = subprocess.run(["gapplication", "action", APP_ID, "quit"], env=env,
                                  capture_output=True, text=True, timeout=30)
        try:
            code = glint_proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            code = None
        tap.ok(quit_run.returncode == 0 and code == 0, "the quit action ends Glint cleanly", code)
        history = os.path.join(env["XDG_DATA_HOME"], "glint", "history.db")
        wal = history + "-wal"
        import sqlite3
        db = sqlite3.connect(f"file:{history}?mode=ro&immutable=1", uri=True)
        kept = db.execute("SELECT count(*) FROM message").fetchone()[0]
        db.close()
        tap.ok(kept > 0 and (not os.path.exists(wal) or os.path.getsize(wal) == 0),
               "after quitting, the history file holds every message and its log is folded in",
               (kept, os.path.exists(wal) and os.path.getsize(wal)))
    except Exception as exc:  # a broken step is a failure, never a skip
        tap.ok(False, "desktop test ran to the end", repr(exc))
    finally:
        if glint_proc and glint_proc.poll() is None:
            glint_proc.kill()
        if peer:
            peer.stop()
        desktop.stop()
        tap.show_log_if_failed(log_path)
    return tap.done()


def run_tap(doc, inner_func):
    """Runs @inner_func (GLINT, SCHEMA_DIR, SHOTS) on a private D-Bus
    session, its TAP on the real standard output."""
    if len(sys.argv) < 3:
        print(doc, file=sys.stderr)
        return 2
    if os.environ.get("GLINT_DESKTOP_INNER") != "1":
        # Services the private bus starts write to its stdout: keep TAP apart.
        tap_fd = os.dup(1)
        env = dict(os.environ, GLINT_DESKTOP_INNER="1", GLINT_TAP_FD=str(tap_fd))
        # The accessibility bus puts its socket in XDG_RUNTIME_DIR, or else
        # in the home folder, where two tests at once would share (and one
        # remove) it: each run gets a folder of its own.
        env["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="glint-runtime-")
        return subprocess.call(["dbus-run-session", "--", PYTHON] + sys.argv, env=env,
                               stdout=sys.stderr, pass_fds=[tap_fd])
    if os.environ.get("GLINT_TAP_FD"):
        sys.stdout = os.fdopen(int(os.environ["GLINT_TAP_FD"]), "w")
    shots = sys.argv[3] if len(sys.argv) > 3 else None
    if shots:
        os.makedirs(shots, exist_ok=True)
    return inner_func(os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), shots)


if __name__ == "__main__":
    sys.exit(run_tap(__doc__, inner))

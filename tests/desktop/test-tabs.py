#!/usr/bin/python3
"""Desktop test: the conversation tab strip (scroll and wrap, switched live),
history that is not saved, a contact's request for attention, in the real Glint with a real GSettings
backend (a key file) so preferences outlive a restart.

Usage (inside tests/harness/xmpp-env.py):
  test-tabs.py GLINT_BINARY SCHEMA_DIR [SCREENSHOT_DIR]

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
N_CHATS = 25


def action(env, name, *args):
    return subprocess.run(["gapplication", "action", APP_ID, name] + list(args), env=env, timeout=30,
                          capture_output=True, text=True)


def tabs(a11y, domain):
    """Every conversation tab of the test, with its box on the screen."""
    found = []
    app = a11y.app()
    for node in a11y.walk(app):
        try:
            if node.get_role_name() == "page tab" and f"@{domain}" in (node.get_name() or ""):
                box = node.get_extents(a11y.Atspi.CoordType.WINDOW)
                found.append((node.get_name(), box.x, box.y, box.width, box.height, node))
        except Exception:
            continue
    return found


def window_box(a11y, prefix):
    """The visible box of the tab strip, in the window's coordinates."""
    strip = a11y.find(lambda n: n.get_role_name() == "page tab list")
    return strip.get_extents(a11y.Atspi.CoordType.WINDOW) if strip else None


def rows_of(found):
    return sorted({t[2] for t in found})


def count_in(db_path, body):
    try:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            return db.execute("SELECT count(*) FROM message WHERE body = ?", (body,)).fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return -1


def window_id(env, title):
    found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"], env=env,
                           capture_output=True, text=True).stdout.split()
    return found[0] if found else None


IDLE = ["org.gnome.Mutter.IdleMonitor", "/org/gnome/Mutter/IdleMonitor/Core"]


def idle_call(env, method, *args):
    return subprocess.run(["gdbus", "call", "--session", "--dest", IDLE[0], "--object-path", IDLE[1],
                           "--method", "org.freedesktop.DBus.Mock." + method] + list(args),
                          env=env, capture_output=True, text=True, timeout=30)


def start_idle_monitor(env):
    """GNOME's idle monitor, as a mock: each watch added gets the next id."""
    proc = subprocess.Popen([desktop_mod.PYTHON, "-m", "dbusmock", "--session", IDLE[0], IDLE[1], IDLE[0]],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not wait_for(lambda: idle_call(env, "GetCalls").returncode == 0, 15):
        raise RuntimeError("the mock idle monitor did not start")
    next_id = "self.n = getattr(self, 'n', 0) + 1; ret = dbus.UInt32(self.n)"
    for method, sig_in, sig_out, code in (("AddIdleWatch", "t", "u", next_id), ("AddUserActiveWatch", "", "u", next_id),
                                          ("RemoveWatch", "u", "", ""), ("GetIdletime", "", "t", "ret = dbus.UInt64(0)")):
        added = idle_call(env, "AddMethod", IDLE[0], method, sig_in, sig_out, code)
        if added.returncode != 0:
            raise RuntimeError(added.stderr)
    return proc


LOCK = ["org.gnome.ScreenSaver", "/org/gnome/ScreenSaver"]


def start_screen_saver(env):
    proc = subprocess.Popen([desktop_mod.PYTHON, "-m", "dbusmock", "--session", LOCK[0], LOCK[1], LOCK[0]],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not wait_for(lambda: lock_call(env, "GetCalls").returncode == 0, 15):
        raise RuntimeError("the mock screen saver did not start")
    return proc


def lock_call(env, method, *args):
    return subprocess.run(["gdbus", "call", "--session", "--dest", LOCK[0], "--object-path", LOCK[1],
                           "--method", "org.freedesktop.DBus.Mock." + method] + list(args),
                          env=env, capture_output=True, text=True, timeout=30)


def watch_ids(env):
    """The id each watch got, in the order Glint added them: (method, argument, id)."""
    calls = idle_call(env, "GetCalls").stdout
    found = []
    import re
    for method, args in re.findall(r"'(AddIdleWatch|AddUserActiveWatch)', \[([^\]]*)\]", calls):
        found.append((method, args.strip(), len(found) + 1))
    return found


def fire(env, watch_id):
    return idle_call(env, "EmitSignal", IDLE[0], "WatchFired", "u", f"[<uint32 {watch_id}>]")


def auto_away(tap, env, peer, alice):
    """Idle past the thresholds: bob sees alice away, then extended away, then
    available when she comes back."""
    def shows(want):
        return peer.expect(lambda e: e.get("event") == "presence" and e.get("from", "").startswith(alice)
                           and e.get("show") == want, 20)

    idle_watches = [w for w in watch_ids(env) if w[0] == "AddIdleWatch"]
    if len(idle_watches) < 2:
        raise RuntimeError(f"Glint did not watch the idle time: {watch_ids(env)}")
    away_id, xa_id = idle_watches[-2][2], idle_watches[-1][2]
    peer.forget()
    fire(env, away_id)
    away = shows("away")
    fire(env, xa_id)
    xa = shows("xa")
    active = wait_for(lambda: [w for w in watch_ids(env) if w[0] == "AddUserActiveWatch"] or None, 10)
    if active:
        fire(env, active[-1][2])
    back = shows(None)
    tap.ok(away is not None and xa is not None and back is not None,
           "idle: bob sees alice away, then extended away, then available again on activity",
           (away is not None, xa is not None, back is not None, idle_watches))
    # A locked screen is away at once; unlocked, available.
    peer.forget()
    lock_call(env, "EmitSignal", LOCK[0], "ActiveChanged", "b", "[<true>]")
    locked = shows("away")
    lock_call(env, "EmitSignal", LOCK[0], "ActiveChanged", "b", "[<false>]")
    unlocked = shows(None)
    tap.ok(locked is not None and unlocked is not None,
           "locking the screen makes alice away to bob, unlocking available", (locked is not None, unlocked is not None))
    tap.ok(away is not None and away.get("idle_since") and xa is not None
           and xa.get("idle_since") == away.get("idle_since") and back is not None and back.get("idle_since") is None,
           "idle presences say since when (XEP-0319); back, none does",
           (away and away.get("idle_since"), xa and xa.get("idle_since"), back and back.get("idle_since")))


def open_recent(a11y, env):
    """Opens the menu of recent status messages; returns its item names."""
    button = a11y.find(lambda n: n.get_name() == "Saved and Recent Status Messages" and n.get_role_name() != "label")
    if button is None:
        return []
    desktop_mod.click(a11y, button, "Glint", env)
    items = wait_for(lambda: [n for n in a11y.walk(a11y.app())
                              if n.get_role_name() in ("menu item", "push button")
                              and (n.get_name() or "") in ("At lunch", "Back soon")] or None, 10) or []
    return items


def recent_messages(tap, env, a11y, peer, alice):
    """Status messages set (over D-Bus here) are offered again, newest
    first; picking one sends it."""
    action(env, "set-status", "'away:At lunch'")
    action(env, "set-status", "'online:Back soon'")
    focus(env, "Glint")
    items = open_recent(a11y, env)
    names = [n.get_name() for n in items]
    peer.forget()
    # A popover's items are not where AT-SPI says in GTK 4.8: the keyboard
    # picks the second, "At lunch" (the first has the focus).
    for key in ("Down", "Return"):
        subprocess.run(["xdotool", "key", key], env=env, check=True)
    sent = peer.expect(lambda e: e.get("event") == "presence" and e.get("from", "").startswith(alice)
                       and e.get("status") == "At lunch", 20)
    tap.ok(set(names) == {"At lunch", "Back soon"} and sent is not None,
           "the status messages used lately are offered, and picking one sends it", (names, sent is not None))


def save_status_messages(tap, env, a11y):
    """A status message saved in Preferences, and one saved over D-Bus,
    both listed there at once."""
    action(env, "preferences-page", "'chats'")
    entry = wait_for(lambda: a11y.find(lambda n: n.get_name() == "Status message to save"
                                       and n.get_role_name() == "text"), 20)
    if entry is None:
        raise RuntimeError("Preferences has no field for a status message to save")
    # The group is at the end of the page: scroll it into view, as a person would.
    wid = window_id(env, "Preferences")
    height = int(subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid], env=env, capture_output=True,
                                text=True).stdout.split("HEIGHT=")[1].split()[0])
    for _ in range(20):
        box = entry.get_extents(a11y.Atspi.CoordType.WINDOW)
        if 0 < box.y and box.y + box.height < height - 20:
            break
        subprocess.run(["xdotool", "mousemove", "--window", wid, "200", str(height // 2), "click", "--repeat", "5",
                        "--delay", "20", "5"], env=env, check=True)
        wait_for(lambda: entry.get_extents(a11y.Atspi.CoordType.WINDOW).y != box.y, 2, interval=0.1)
    desktop_mod.type_into(a11y, entry, "Preferences", "Writing a report", env)
    desktop_mod.click(a11y, a11y.find(lambda n: n.get_name() == "Save Status Message"
                                      and n.get_role_name() == "push button"), "Preferences", env)
    action(env, "save-status-message", "('dnd', 'Deep in work')")
    listed = wait_for(lambda: {n.get_name() for n in a11y.walk(a11y.app()) if n.get_role_name() == "list item"
                               or n.get_role_name() == "label"} >= {"Writing a report", "Deep in work"}, 10)
    subprocess.run(["xdotool", "key", "Escape"], env=env, check=True)
    tap.ok(listed, "a status message saved in Preferences, and one saved over D-Bus, are listed there")


def saved_status_messages(tap, env, a11y, peer, alice):
    """After a restart the saved messages head the status menu, each with
    its status; picking the first sends it."""
    focus(env, "Glint")
    button = a11y.find(lambda n: n.get_name() == "Saved and Recent Status Messages" and n.get_role_name() != "label")
    desktop_mod.click(a11y, button, "Glint", env)
    wanted = {"Available: Writing a report", "Do not disturb: Deep in work"}
    items = wait_for(lambda: {n.get_name() for n in a11y.walk(a11y.app())
                              if n.get_role_name() in ("menu item", "push button")} & wanted == wanted, 10)
    peer.forget()
    subprocess.run(["xdotool", "key", "Return"], env=env, check=True)
    sent = peer.expect(lambda e: e.get("event") == "presence" and e.get("from", "").startswith(alice)
                       and e.get("status") == "Writing a report" and e.get("show") is None, 20)
    tap.ok(items and sent is not None,
           "saved status messages outlive a restart, head the status menu with their status, and one picked is sent",
           (items, sent is not None))


def window_size(env, wid):
    if wid is None:
        return None
    geometry = subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid], env=env, capture_output=True,
                              text=True).stdout
    box = dict(line.split("=", 1) for line in geometry.split() if "=" in line)
    return (box.get("WIDTH"), box.get("HEIGHT")) if box else None


def urgent(env, title):
    """Whether the X window titled @title has the urgency hint (ICCCM WM_HINTS)."""
    wid = window_id(env, title)
    if wid is None:
        return None
    hints = subprocess.run(["xprop", "-id", wid, "WM_HINTS"], env=env, capture_output=True, text=True).stdout
    return "urgent" in hints.lower() or "urgency" in hints.lower()


def focus(env, title):
    wid = window_id(env, title)
    if wid:
        subprocess.run(["xdotool", "windowraise", wid], env=env, check=True)
        subprocess.run(["xdotool", "windowfocus", "--sync", wid], env=env, check=True)
    return wid


def send_key(tap, env, a11y, peer, alice, bob):
    """Chats → Ctrl+Enter sends: Enter starts a new line; Enter sends again
    once the preference is back."""
    composer = a11y.find_named(f"Message to {bob}")
    focus(env, f"Conversation with {bob}")
    focused = wait_for(lambda: composer.get_state_set().contains(a11y.Atspi.StateType.FOCUSED), 10)
    action(env, "send-key", "'ctrl-enter'")
    peer.forget()
    subprocess.run(["xdotool", "type", "--delay", "20", "line one"], env=env, check=True)
    subprocess.run(["xdotool", "key", "Return"], env=env, check=True)
    subprocess.run(["xdotool", "type", "--delay", "20", "line two"], env=env, check=True)
    subprocess.run(["xdotool", "key", "ctrl+Return"], env=env, check=True)
    got = peer.expect(lambda e: e.get("event") == "message", 20)
    tap.ok(focused and got is not None and got.get("body") == "line one\nline two",
           "with Ctrl+Enter to send, Enter starts a new line and Ctrl+Enter sends both lines",
           got and got.get("body"))
    action(env, "send-key", "'enter'")
    subprocess.run(["xdotool", "type", "--delay", "20", "just enter"], env=env, check=True)
    subprocess.run(["xdotool", "key", "Return"], env=env, check=True)
    got = peer.expect(lambda e: e.get("event") == "message", 20)
    tap.ok(got is not None and got.get("body") == "just enter", "back to Enter: Enter sends",
           got and got.get("body"))


def attention(tap, env, a11y, peer, alice, bob):
    """XEP-0224: a contact's request marks the conversation window urgent
    until it is focused; another within 30 s does not."""
    buzz = f"<message to='{alice}' type='headline'><attention xmlns='urn:xmpp:attention:0'/></message>"
    chats = f"Conversation with {bob}"
    # bob becomes a contact: strangers cannot ask for attention.
    peer.command(cmd="subscribe", to=alice)
    action(env, "answer-subscription", f"('{alice}', '{bob}', true)")
    subscribed = peer.expect(lambda e: e.get("event") == "subscribed", 30)
    focus(env, "Glint")
    action(env, "open-chat", f"'{bob}'")
    chat_shown = wait_for(lambda: window_id(env, chats), 10)
    focus(env, "Glint")
    calm = urgent(env, chats) is False
    peer.command(cmd="raw", xml=buzz)
    marked = wait_for(lambda: urgent(env, chats), 20)
    tap.ok(subscribed is not None and chat_shown and calm and marked,
           "a contact's attention request marks the conversation window urgent (it was not before)",
           (subscribed is not None, chat_shown, calm, marked))
    focus(env, chats)
    cleared = wait_for(lambda: urgent(env, chats) is False, 10)
    tap.ok(cleared, "focusing the window clears the urgency")

    send_key(tap, env, a11y, peer, alice, bob)

    focus(env, "Glint")
    peer.command(cmd="raw", xml=buzz)
    peer.command(cmd="send", to=alice, body="after the second buzz")
    shown = wait_for(lambda: a11y.find_text("after the second buzz"), 20)
    tap.ok(shown is not None and urgent(env, chats) is False,
           "a second request within 30 s does not (the message sent after it is shown)")


def inner(glint, schema_dir, shots):
    tap = Tap()
    workdir = tempfile.mkdtemp(prefix="glint-tabs-")
    domain = os.environ["GLINT_TEST_DOMAIN"]
    alice, bob = f"alice@{domain}", f"bob@{domain}"
    peers = [bob] + [f"user{i:02}@{domain}" for i in range(1, N_CHATS)]
    desktop = Desktop(workdir)
    # The real key file backend: what is set must be there after a restart.
    env = desktop.app_env(schema_dir, "keyfile")
    os.environ["DISPLAY"] = desktop.display
    history = os.path.join(workdir, "data", "glint", "history.db")
    glint_proc = None
    peer = None
    idle_monitor = None
    screen_saver = None
    a11y = A11y()

    def start():
        log = open(os.path.join(workdir, "glint.log"), "a")
        proc = subprocess.Popen([glint], env=env, stdout=log, stderr=log)
        if wait_for(lambda: a11y.find_named("Contacts"), 60) is None:
            raise RuntimeError("the contact list did not show")
        return proc

    def stop(proc):
        action(env, "quit")
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise RuntimeError("Glint did not quit")

    def composer_focused(jid):
        def check():
            node = a11y.find_named(f"Message to {jid}")
            return node is not None and node.get_state_set().contains(a11y.Atspi.StateType.FOCUSED)
        return wait_for(check, 10)

    try:
        configured = subprocess.run([glint, "--configure-account", alice, "--server", os.environ["GLINT_TEST_HOST"],
                                     "--port", os.environ["GLINT_TEST_PORT"], "--password-file", "-",
                                     "--autologin"], input="alice-pw\n", capture_output=True, text=True,
                                    env=env, timeout=60)
        if configured.returncode != 0:
            raise RuntimeError(configured.stderr)
        peer = Peer(bob, "bob-pw")
        idle_monitor = start_idle_monitor(env)
        screen_saver = start_screen_saver(env)
        glint_proc = start()

        for jid in peers:
            action(env, "open-chat", f"'{jid}'")
        opened = wait_for(lambda: len(tabs(a11y, domain)) == N_CHATS or None, 60)
        tap.ok(opened, f"{N_CHATS} chats open, each a page tab", len(tabs(a11y, domain)))

        # Scroll: one row, and the menu lists every chat.
        found = tabs(a11y, domain)
        tap.ok(len(found) == N_CHATS and len(rows_of(found)) == 1,
               "scroll: the tabs are in one row", rows_of(found))
        window = window_box(a11y, "Conversation with")
        hidden = [t for t in found if window and (t[1] < window.x or t[1] + t[3] > window.x + window.width)]
        tap.ok(len(hidden) > 0, "scroll: with 25 chats some tabs are scrolled out of the window",
               (window and (window.x, window.width), [t[1:5] for t in found]))
        menu_button = a11y.find(lambda n: n.get_name() == "All Conversations" and n.get_role_name() != "label")
        if menu_button is None:
            raise RuntimeError("no menu of all conversations")
        desktop_mod.click(a11y, menu_button, f"Conversation with {peers[-1]}", env)
        items = wait_for(lambda: [n for n in a11y.walk(a11y.app())
                                  if n.get_role_name() in ("menu item", "push button", "check menu item")
                                  and any((n.get_name() or "").startswith(p) for p in peers)] or None, 10) or []
        tap.ok(len(items) == N_CHATS, "scroll: the menu of all conversations lists every chat", len(items))
        if shots:
            desktop.screenshot(os.path.join(shots, "tabs-scroll-menu.png"))
        subprocess.run(["xdotool", "key", "Escape"], env=env, check=True)

        # An unread badge: bob writes while the tab next to his is shown
        # (his first, so that his is in view).
        action(env, "open-chat", f"'{bob}'")
        composer_focused(bob)
        action(env, "open-chat", f"'{peers[1]}'")
        composer_focused(peers[1])
        peer.command(cmd="send", to=alice, body="a message for the badge")
        unread = wait_for(lambda: a11y.find(lambda n: n.get_role_name() == "page tab"
                                            and (n.get_name() or "").startswith(bob)
                                            and "1 unread message" in (n.get_name() or "")), 30)
        window = window_box(a11y, "Conversation with")
        box = unread.get_extents(a11y.Atspi.CoordType.WINDOW) if unread else None
        tap.ok(unread is not None and window is not None and window.x <= box.x
               and box.x + box.width <= window.x + window.width,
               "scroll: the unread count is on bob's tab, which is in view",
               unread and unread.get_name())
        if shots:
            desktop.screenshot(os.path.join(shots, "tabs-scroll.png"))

        # bob's tab scrolled out of view: the back arrow says an unread chat
        # is there, the forward one does not; in view again, neither does.
        def arrow(name):
            return a11y.find(lambda n: (n.get_name() or "").startswith(name) and n.get_role_name() == "push button")

        marked_back = "Scroll Tabs Back (unread chats there)"
        calm_before = arrow(marked_back) is None
        action(env, "open-chat", f"'{peers[-1]}'")
        composer_focused(peers[-1])
        marked = wait_for(lambda: arrow(marked_back), 10)
        forward = arrow("Scroll Tabs Forward")
        if shots:
            desktop.screenshot(os.path.join(shots, "tabs-scroll-unread-beyond.png"))
        action(env, "open-chat", f"'{peers[1]}'")
        composer_focused(peers[1])
        # The strip shows peers[1] whole; bob's tab, before it, may still be
        # cut: the back arrow brings it in.
        for _ in range(10):
            back = arrow(marked_back)
            if back is None:
                break
            desktop_mod.click(a11y, back, f"Conversation with {peers[1]}", env)
            wait_for(lambda: arrow(marked_back) is None, 2)
        unmarked = wait_for(lambda: arrow(marked_back) is None and arrow("Scroll Tabs Back") is not None, 10)
        tap.ok(calm_before and marked is not None and forward is not None
               and forward.get_name() == "Scroll Tabs Forward" and unmarked,
               "scroll: with bob's unread tab out of view the back arrow says so, and stops once it is back",
               (calm_before, marked is not None, forward and forward.get_name(), unmarked))

        # Wrap, switched live: several rows, every tab inside the window,
        # the chat shown and the focus in its composer unchanged.
        switched = action(env, "tab-layout", "'wrap'")
        wrapped = wait_for(lambda: len(rows_of(tabs(a11y, domain))) >= 2 or None, 10)
        found = tabs(a11y, domain)
        window = window_box(a11y, "Conversation with")
        inside = window is not None and all(window.x <= t[1] and t[1] + t[3] <= window.x + window.width
                                            and window.y <= t[2] for t in found)
        tap.ok(switched.returncode == 0 and wrapped and inside and len(found) == N_CHATS,
               "wrap: the switch is live, the tabs take several rows and every one is in the window",
               (rows_of(found), switched.stderr))
        selected = [t for t in found if t[5].get_state_set().contains(a11y.Atspi.StateType.SELECTED)]
        tap.ok(len(selected) == 1 and selected[0][0].startswith(peers[1]) and composer_focused(peers[1]),
               "wrap: the same chat is shown and its composer keeps the focus", [t[0] for t in selected])
        badge = [t for t in found if t[0].startswith(bob) and "1 unread message" in t[0]]
        tap.ok(len(badge) == 1, "wrap: the unread count stays on bob's tab", [t[0] for t in found[:1]])
        if shots:
            desktop.screenshot(os.path.join(shots, "tabs-wrap.png"))

        # Back to scroll, and tabs at the bottom: both kept after a restart.
        action(env, "tab-layout", "'scroll'")
        one_row = wait_for(lambda: len(rows_of(tabs(a11y, domain))) == 1 or None, 10)
        tap.ok(one_row, "scroll again: one row", rows_of(tabs(a11y, domain)))

        # History off: shown, not stored; on again: stored.
        # A boolean preference's action toggles it, as a switch does.
        action(env, "save-history")
        action(env, "open-chat", f"'{bob}'")
        said = wait_for(lambda: a11y.find_text("History is off: this conversation is not saved."), 10)
        peer.command(cmd="send", to=alice, body="while history is off")
        shown = wait_for(lambda: a11y.find_text("while history is off"), 30)
        tap.ok(said is not None and shown is not None and count_in(history, "while history is off") == 0
               and count_in(history, "a message for the badge") == 1,
               "history off: the chat says so, shows the message and the database does not have it "
               "(an earlier message is there)",
               (count_in(history, "while history is off"), count_in(history, "a message for the badge")))
        action(env, "save-history")
        wait_for(lambda: a11y.find_text("History is off: this conversation is not saved.") is None, 10)
        peer.command(cmd="send", to=alice, body="history is on again")
        stored = wait_for(lambda: count_in(history, "history is on again") == 1 or None, 30)
        tap.ok(stored, "history on again: the next message is stored")

        attention(tap, env, a11y, peer, alice, bob)
        auto_away(tap, env, peer, alice)

        recent_messages(tap, env, a11y, peer, alice)
        save_status_messages(tap, env, a11y)

        action(env, "tab-layout", "'wrap'")
        action(env, "tab-position", "'bottom'")
        # The contact list, resized by the user, comes back at that size.
        roster = window_id(env, "Glint")
        roster_before = window_size(env, roster)
        subprocess.run(["xdotool", "windowsize", roster, "420", "640"], env=env, check=True)
        # Glint itself has taken the new size (it reads it before quitting).
        def roster_frame():
            node = a11y.find(lambda n: n.get_role_name() == "frame" and n.get_name() == "Glint")
            box = node.get_extents(a11y.Atspi.CoordType.SCREEN) if node else None
            return (box.width, box.height) if box else None

        frame_before = roster_frame()
        wait_for(lambda: roster_frame() not in (None, frame_before), 10)
        roster_resized = wait_for(lambda: window_size(env, roster) != roster_before and window_size(env, roster), 10)
        stop(glint_proc)
        glint_proc = start()
        action(env, "open-chat", f"'{bob}'")
        action(env, "open-chat", f"'{peers[1]}'")
        composer = wait_for(lambda: a11y.find_named(f"Message to {peers[1]}"), 20)
        found = wait_for(lambda: tabs(a11y, domain) if len(tabs(a11y, domain)) == 2 else None, 20) or []
        below = composer is not None and found and all(
            t[2] > composer.get_extents(a11y.Atspi.CoordType.WINDOW).y for t in found)
        keyfile = os.path.join(workdir, "config", "glib-2.0", "settings", "keyfile")
        with open(keyfile) as f:
            saved = f.read()
        tap.ok(below and "tab-layout='wrap'" in saved and "tab-position='bottom'" in saved,
               "after a restart the tabs are still at the bottom and wrapping (the key file has both)",
               saved)
        focus(env, "Glint")
        kept = [n.get_name() for n in open_recent(a11y, env)]
        subprocess.run(["xdotool", "key", "Escape"], env=env, check=True)
        tap.ok(set(kept) == {"At lunch", "Back soon"}, "the recent status messages are still offered after a restart",
               kept)
        saved_status_messages(tap, env, a11y, peer, alice)
        roster_again = wait_for(lambda: window_size(env, window_id(env, "Glint")), 10)
        tap.ok(roster_resized and roster_again == roster_resized and roster_resized != roster_before,
               "the contact list opens at the size it was left at", (roster_before, roster_resized, roster_again))

        # Ctrl+? shows the keyboard shortcuts; Escape closes them.
        focus(env, "Glint")
        subprocess.run(["xdotool", "key", "ctrl+question"], env=env, check=True)
        shortcuts = wait_for(lambda: a11y.find_text("Reopen the last closed chat"), 10)
        if shots:
            desktop.screenshot(os.path.join(shots, "shortcuts.png"))
        subprocess.run(["xdotool", "key", "Escape"], env=env, check=True)
        closed = wait_for(lambda: a11y.find_text("Reopen the last closed chat") is None, 10)
        tap.ok(shortcuts is not None and closed, "Ctrl+? shows the keyboard shortcuts, and Escape closes them",
               (shortcuts is not None, closed))
        action(env, "about")
        about = wait_for(lambda: a11y.find_text(desktop_mod.glint_version(glint)), 10)
        if shots:
            desktop.screenshot(os.path.join(shots, "about.png"))
        tap.ok(about is not None, "About names Glint's version", desktop_mod.glint_version(glint))
    except Exception as exc:  # a broken step is a failure, never a skip
        tap.ok(False, "the test ran to the end", repr(exc))
    finally:
        for mock in (idle_monitor, screen_saver):
            if mock:
                mock.terminate()
        if glint_proc and glint_proc.poll() is None:
            glint_proc.terminate()
            try:
                glint_proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                glint_proc.kill()
        if peer:
            peer.stop()
        desktop.stop()
        tap.show_log_if_failed(os.path.join(workdir, "glint.log"))
        shutil.rmtree(workdir, ignore_errors=True)
    return tap.done()


if __name__ == "__main__":
    sys.exit(desktop_mod.run_tap(__doc__, inner))

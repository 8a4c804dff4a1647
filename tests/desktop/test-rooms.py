#!/usr/bin/python3
"""Desktop test: group chat. The user joins a room from Join a Room, sees
bob there and what he writes (as text, never markup), answers, completes
his nick with Tab, talks to him privately, is sent out by bob (a
moderator) and joins again from the room's banner, sees carol come as a
line of the conversation (and no more lines once hidden), is notified
as the room's choice says, joins another room from bob's invitation, and
makes a room with a name and subject, which, its tab closed and opened
again, is entered again as a room.

Usage (inside tests/harness/xmpp-env.py):
  test-rooms.py GLINT_BINARY SCHEMA_DIR [SCREENSHOT_DIR]

Prints TAP.
"""

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("desktop", os.path.join(HERE, "test-desktop.py"))
desktop_mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(desktop_mod)
Tap, Peer, Desktop, A11y, wait_for = (desktop_mod.Tap, desktop_mod.Peer, desktop_mod.Desktop,
                                      desktop_mod.A11y, desktop_mod.wait_for)
click, type_into, in_view = desktop_mod.click, desktop_mod.type_into, desktop_mod.in_view
APP_ID = desktop_mod.APP_ID


def action(env, name, *args):
    return subprocess.run(["gapplication", "action", APP_ID, name] + list(args), env=env, timeout=30,
                          capture_output=True, text=True)


def peer_join(peer, room, nick):
    """The peer enters @room; a room it made takes the default settings."""
    peer.command(cmd="raw", xml=f"<presence to='{room}/{nick}'><x xmlns='http://jabber.org/protocol/muc'/></presence>")
    own = peer.expect(lambda e: e.get("event") == "presence" and e.get("from") == f"{room}/{nick}"
                      and 110 in (e.get("muc_codes") or []), 20)
    if own is None:
        raise RuntimeError("the peer did not get into the room")
    if 201 in own.get("muc_codes"):
        peer.command(cmd="raw", xml=f"<iq type='set' id='cfg' to='{room}'><query xmlns="
                                    "'http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' "
                                    "type='submit'/></query></iq>")
    peer.command(cmd="ping")
    peer.expect(lambda e: e.get("event") == "ok" and e.get("cmd") == "ping", 10)


def listed(a11y, nick):
    """The row of @nick in the room's list of people, or None."""
    people = a11y.find(lambda n: n.get_name() == "People in the room" and n.get_role_name() == "list")
    return next((n for n in a11y.walk(people) if a11y.text_of(n) == nick), None) if people else None


def unread(a11y, tab_name):
    """How many messages the tab of @tab_name says wait unread."""
    import re
    tab = a11y.find(lambda n: (n.get_name() or "").startswith(tab_name + ","))
    found = re.search(r"(\d+) unread message", tab.get_name()) if tab else None
    return int(found.group(1)) if found else 0


def inner(glint, schema_dir, shots):
    tap = Tap()
    workdir = tempfile.mkdtemp(prefix="glint-rooms-")
    domain = os.environ["GLINT_TEST_DOMAIN"]
    alice, bob = f"alice@{domain}", f"bob@{domain}"
    name = "lounge-" + uuid.uuid4().hex[:8]
    room = f"{name}@{os.environ['GLINT_TEST_MUC_DOMAIN']}"
    title = f"Conversation with {name}"
    list_name = f"Conversation with {room}"
    desktop = Desktop(workdir)
    env = desktop.app_env(schema_dir)
    os.environ["DISPLAY"] = desktop.display
    glint_proc = None
    peers = []
    a11y = A11y()
    try:
        configured = subprocess.run([glint, "--configure-account", alice, "--server", os.environ["GLINT_TEST_HOST"],
                                     "--port", os.environ["GLINT_TEST_PORT"], "--password-file", "-",
                                     "--autologin"], input="alice-pw\n", capture_output=True, text=True,
                                    env=env, timeout=60)
        if configured.returncode != 0:
            raise RuntimeError(configured.stderr)
        # bob makes the room, so he is its moderator.
        bob_peer = Peer(bob, "bob-pw")
        peers.append(bob_peer)
        peer_join(bob_peer, room, "bob")

        log = open(os.path.join(workdir, "glint.log"), "a")
        glint_proc = subprocess.Popen([glint], env=env, stdout=log, stderr=log)
        if wait_for(lambda: a11y.find_named("Contacts"), 60) is None:
            raise RuntimeError("the contact list did not show")

        action(env, "join-room")
        room_field = wait_for(lambda: a11y.find(lambda n: n.get_name() == "Room address"
                                                and n.get_role_name() == "text"), 20)
        nick_field = a11y.find(lambda n: n.get_name() == "Nickname" and n.get_role_name() == "text")
        tap.ok(room_field is not None and nick_field is not None and a11y.text_of(nick_field) == "alice",
               "Join a Room asks for the room, with the user's name as the nickname",
               a11y.text_of(nick_field) if nick_field else None)
        type_into(a11y, room_field, "Join a Room", room, env)
        subprocess.run(["xdotool", "key", "Return"], env=env, check=True)
        joined = wait_for(lambda: title in a11y.window_titles() or None, 20)
        bob_listed = wait_for(lambda: listed(a11y, "bob"), 20)
        tap.ok(joined and bob_listed is not None, "Join opens the room's tab, and bob is listed in it",
               a11y.window_titles())

        bob_peer.command(cmd="send", to=room, body="hello <b>room</b>", type="groupchat")
        shown = wait_for(lambda: in_view(a11y, "hello <b>room</b>", list_name), 20)
        tap.ok(shown, "bob's words show in the room as he wrote them, never as markup", shown)
        if shots:
            desktop.screenshot(os.path.join(shots, "room.png"))
        # The rest in the dark style; a picture of it below, to look at.
        action(env, "color-scheme", "'dark'")

        composer = a11y.find_named(f"Message to {room}")
        type_into(a11y, composer, title, "bo", env)
        subprocess.run(["xdotool", "key", "Tab"], env=env, check=True)
        completed = wait_for(lambda: a11y.text_of(composer) == "bob: " or None, 10)
        tap.ok(completed, "Tab completes bob's nick at the start of a message", a11y.text_of(composer))
        if shots:
            desktop.screenshot(os.path.join(shots, "room-dark.png"))
        subprocess.run(["xdotool", "type", "--delay", "15", "lunch?"], env=env, check=True)
        subprocess.run(["xdotool", "key", "Return"], env=env, check=True)
        got = bob_peer.expect(lambda e: e.get("event") == "message" and e.get("body") == "bob: lunch?", 20)
        tap.ok(got is not None and got.get("type") == "groupchat" and got.get("from") == f"{room}/alice",
               "what the user writes reaches the room, from the user's nick", got)

        # A double click on bob: a private conversation, apart from the room.
        wid = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"], env=env,
                             capture_output=True, text=True).stdout.split()[0]
        row = listed(a11y, "bob")
        box = row.get_extents(a11y.Atspi.CoordType.WINDOW)
        subprocess.run(["xdotool", "mousemove", "--window", wid, str(box.x + box.width // 2),
                        str(box.y + box.height // 2), "click", "--repeat", "2", "--delay", "80", "1"],
                       env=env, check=True)
        private = wait_for(lambda: a11y.find_named(f"Message to {room}/bob"), 20)
        if private is not None:
            type_into(a11y, private, "Conversation with bob", "just you", env)
            subprocess.run(["xdotool", "key", "Return"], env=env, check=True)
        got = bob_peer.expect(lambda e: e.get("event") == "message" and e.get("body") == "just you", 20)
        tap.ok(private is not None and got is not None and got.get("type") == "chat"
               and got.get("from") == f"{room}/alice",
               "a double click on bob opens a private conversation through the room", got)
        subprocess.run(["xdotool", "key", "ctrl+w"], env=env, check=True)

        bob_peer.command(cmd="raw", xml=f"<iq type='set' id='kick' to='{room}'><query xmlns="
                                        "'http://jabber.org/protocol/muc#admin'><item nick='alice' role='none'>"
                                        "<reason>testing</reason></item></query></iq>")
        said = "You were removed from this room by a moderator. Reason: testing"
        banner = wait_for(lambda: a11y.find_text(said), 20)
        again = a11y.find_named("Join Again")
        tap.ok(banner is not None and again is not None,
               "sent out by a moderator: the room says so in words and offers to join again", banner)
        if shots:
            desktop.screenshot(os.path.join(shots, "room-kicked.png"))
        if again is not None:
            click(a11y, again, title, env)
        back = bob_peer.expect(lambda e: e.get("event") == "presence" and e.get("from") == f"{room}/alice"
                               and e.get("type") == "available", 20)
        gone = wait_for(lambda: a11y.find_text(said) is None or None, 20)
        tap.ok(back is not None and gone, "Join Again brings the user back into the room", (back, gone))

        # Who comes and goes: a line in the conversation, which the user
        # can hide; bob's words still show then (the control).
        carol = Peer(f"carol@{domain}", "carol-pw")
        peers.append(carol)
        peer_join(carol, room, "carol")
        came = wait_for(lambda: in_view(a11y, "carol joined", list_name), 20)
        tap.ok(came, "someone coming in is a line in the room's conversation", came)
        if shots:
            desktop.screenshot(os.path.join(shots, "room-notices.png"))
        action(env, "show-room-notices")
        hidden = wait_for(lambda: a11y.find_text("carol joined") is None or None, 10)
        carol.command(cmd="raw", xml=f"<presence type='unavailable' to='{room}/carol'/>")
        wait_for(lambda: listed(a11y, "carol") is None or None, 20)
        bob_peer.command(cmd="send", to=room, body="carol went", type="groupchat")
        after = wait_for(lambda: in_view(a11y, "carol went", list_name), 20)
        tap.ok(hidden and after and a11y.find_text("carol left") is None,
               "hidden, those lines go and no more come, while messages still show",
               (hidden, after, a11y.find_text("carol left") is not None))
        action(env, "show-room-notices")

        # Notifications follow the room's choice, the room out of sight:
        # mentions only at first (the preference), then none, then all.
        action(env, "open-chat", f"'{bob}'")
        wait_for(lambda: f"Conversation with {bob}" in a11y.window_titles() or None, 20)

        def notified(body):
            return [n for n in desktop.notify_calls() if n[4] == body]
        bob_peer.command(cmd="send", to=room, body="nothing for you", type="groupchat")
        bob_peer.command(cmd="send", to=room, body="alice: look here", type="groupchat")
        mention = wait_for(lambda: notified("alice: look here"), 20)
        tap.ok(mention and f"bob in {room}" in mention[0][3] and not notified("nothing for you"),
               "in a room, only a message naming the user is notified, with who and where",
               mention and mention[0])
        action(env, "room-notify", f"('{room}', 'none')")
        before = unread(a11y, name)
        bob_peer.command(cmd="send", to=room, body="alice: quiet now", type="groupchat")
        # Glint has it (one more unread) before the room is set to all.
        wait_for(lambda: unread(a11y, name) > before or None, 20)
        action(env, "room-notify", f"('{room}', 'all')")
        bob_peer.command(cmd="send", to=room, body="everyone hears this", type="groupchat")
        everything = wait_for(lambda: notified("everyone hears this"), 20)
        tap.ok(everything and not notified("alice: quiet now") and unread(a11y, name) > before,
               "a room set to never notify is quiet even for a mention; set to all, every message notifies",
               ([n[4] for n in desktop.notify_calls()], before, unread(a11y, name)))

        # An invitation from a contact: asked, and joined on Join.
        other = f"{name}-2@{os.environ['GLINT_TEST_MUC_DOMAIN']}"
        phone = Peer(alice, "alice-pw")
        peers.append(phone)
        phone.command(cmd="raw", xml=f"<iq type='set' id='r1'><query xmlns='jabber:iq:roster'>"
                                     f"<item jid='{bob}' name='Bob'/></query></iq>")
        wait_for(lambda: a11y.find_text("Bob"), 20)
        bob_peer.command(cmd="raw", xml=f"<message to='{alice}'><x xmlns='jabber:x:conference' jid='{other}' "
                                        "reason='&lt;b&gt;come&lt;/b&gt;'/></message>")
        asked = wait_for(lambda: a11y.find_text(f"Bob invites you to {other}: “<b>come</b>”"), 20)
        join = a11y.find_in_window("Invitation to a Room", "Join")
        if join is not None:
            click(a11y, join, "Invitation to a Room", env)
        opened = wait_for(lambda: f"Conversation with {name}-2" in a11y.window_titles() or None, 20)
        tap.ok(asked is not None and opened, "a contact's invitation asks, as plain text, and Join opens the room",
               (asked is not None, a11y.window_titles()))

        # Create a Room: the new room takes the subject written, and bob,
        # coming in, is told its name.
        made = f"{name}-made@{os.environ['GLINT_TEST_MUC_DOMAIN']}"
        action(env, "create-room")
        address = wait_for(lambda: a11y.find(lambda n: n.get_name() == "Room address"
                                             and n.get_role_name() == "text"), 20)
        type_into(a11y, address, "Create a Room", made, env)
        type_into(a11y, a11y.find_named("Room name"), "Create a Room", "Team <room>", env)
        type_into(a11y, a11y.find_named("Room subject"), "Create a Room", "Plans for Friday", env)
        subprocess.run(["xdotool", "key", "Return"], env=env, check=True)
        # The dialog, gone, no longer holds the subject: it is the room's.
        opened = wait_for(lambda: "Create a Room" not in a11y.window_titles()
                          and any(t in a11y.window_titles() for t in (f"Conversation with {name}-made",
                                                                      "Conversation with Team <room>")), 30)
        about = wait_for(lambda: a11y.find_text("Plans for Friday"), 30) if opened else None
        named = wait_for(lambda: a11y.find_text("Team <room>"), 30) if opened else None
        bob_peer.command(cmd="query", to=made, xmlns="http://jabber.org/protocol/disco#info")
        info = bob_peer.expect(lambda e: e.get("event") == "query_result", 20)
        tap.ok(about is not None and named is not None and info
               and 'name="Team &lt;room&gt;"' in (info.get("xml") or ""),
               "Create a Room makes the room with the name and subject written; its tab shows the name as text",
               (about is not None, named is not None, a11y.window_titles(), info))
        if shots:
            desktop.screenshot(os.path.join(shots, "room-created.png"))

        # Closed, the room's tab leaves the room (the last one out, it is
        # gone); opened again (Ctrl+Shift+T) it is a room again, entered
        # again: a room's page, titled by the room, never a chat with a
        # stranger at its address (which would be titled by the address).
        subprocess.run(["xdotool", "key", "ctrl+w"], env=env, check=True)
        closed = wait_for(lambda: "Conversation with Team <room>" not in a11y.window_titles() or None, 20)
        subprocess.run(["xdotool", "key", "ctrl+shift+t"], env=env, check=True)
        again = wait_for(lambda: f"Conversation with {name}-made" in a11y.window_titles() or None, 30)
        stranger = a11y.find_text(f"{made} is not in your contacts.")
        tap.ok(closed and again and stranger is None,
               "a room's tab closed and opened again enters the room again, as a room",
               (closed, again, stranger is not None, a11y.window_titles()))
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

#!/usr/bin/python3
"""Desktop test: the screenshots of Glint's metainfo (data/screenshots), taken
from the real app. alice has two contacts with names and groups, bob
available with a status and carol away; bob and alice have talked (on her
phone, so it comes from the archive). The contact list and bob's chat are
each saved as a picture of their window, and checked to show what they
should over AT-SPI first.

Usage (inside tests/harness/xmpp-env.py):
  test-screenshots.py GLINT_BINARY SCHEMA_DIR [SCREENSHOT_DIR]
build-aux/update-screenshots copies the pictures into data/screenshots.
Prints TAP.
"""

import importlib.util
import os
import shutil
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

TALK = [
    ("bob", "Hi Alice! Are we still on for lunch tomorrow?"),
    ("alice", "Yes! 12:30 at the usual place?"),
    ("bob", "Perfect, I’ll book a table by the window."),
    ("alice", "Great, see you there!"),
]


def window_picture(env, title, path):
    """Saves the window titled @title, as drawn, to @path; returns its size."""
    wid = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"], env=env,
                         capture_output=True, text=True).stdout.split()
    if not wid:
        return None
    subprocess.run(["xdotool", "windowraise", wid[0]], env=env, check=True)
    subprocess.run(["import", "-window", wid[0], path], env=env, check=True)
    size = subprocess.run(["identify", "-format", "%w %h", path], capture_output=True, text=True).stdout.split()
    return tuple(int(v) for v in size) if len(size) == 2 else None


def befriend(alice_phone, peer, name, group, domain):
    jid = f"{peer}@{domain}"
    alice_phone.command(cmd="raw", xml=f"<iq type='set' id='roster-{peer}'><query xmlns='jabber:iq:roster'>"
                                       f"<item jid='{jid}' name='{name}'><group>{group}</group></item></query></iq>")
    alice_phone.command(cmd="subscribe", to=jid)
    if alice_phone.expect(lambda e: e.get("event") == "subscribe" and e.get("from", "").startswith(jid), 20):
        alice_phone.command(cmd="approve", to=jid)
    return alice_phone.expect(lambda e: e.get("event") == "subscribed" and e.get("from", "").startswith(jid), 20)


def inner(glint, schema_dir, shots):
    tap = Tap()
    workdir = tempfile.mkdtemp(prefix="glint-screenshots-")
    out = shots or os.path.join(workdir, "shots")
    os.makedirs(out, exist_ok=True)
    domain = os.environ["GLINT_TEST_DOMAIN"]
    alice, bob = f"alice@{domain}", f"bob@{domain}"
    desktop = Desktop(workdir)
    env = desktop.app_env(schema_dir)
    os.environ["DISPLAY"] = desktop.display
    a11y = A11y()
    peers = []
    glint_proc = None
    try:
        configured = subprocess.run([glint, "--configure-account", alice, "--server", os.environ["GLINT_TEST_HOST"],
                                     "--port", os.environ["GLINT_TEST_PORT"], "--password-file", "-",
                                     "--autologin"], input="alice-pw\n", capture_output=True, text=True,
                                    env=env, timeout=60)
        if configured.returncode != 0:
            raise RuntimeError(configured.stderr)
        alice_phone = Peer(alice, "alice-pw")
        peers.append(alice_phone)
        bob_peer = Peer(bob, "bob-pw", "--accept-subscriptions")
        peers.append(bob_peer)
        carol_peer = Peer(f"carol@{domain}", "carol-pw", "--accept-subscriptions")
        peers.append(carol_peer)
        if not (befriend(alice_phone, "bob", "Bob Baker", "Friends", domain)
                and befriend(alice_phone, "carol", "Carol Cruz", "Work", domain)):
            raise RuntimeError("bob and carol did not become alice's contacts")
        bob_peer.command(cmd="presence", status="At the café")
        carol_peer.command(cmd="presence", show="away", status="In a meeting until 3")
        # Each line reaches the other before the next is written, so the
        # archive keeps them in the order of the talk.
        for who, body in TALK:
            sender, to, receiver = (bob_peer, alice, alice_phone) if who == "bob" else (alice_phone, bob, bob_peer)
            sender.command(cmd="send", to=to, body=body)
            if not receiver.expect(lambda e, b=body: e.get("event") == "message" and e.get("body") == b, 20):
                raise RuntimeError(f"“{body}” did not arrive")
        alice_phone.stop()
        peers.remove(alice_phone)

        log = open(os.path.join(workdir, "glint.log"), "a")
        glint_proc = subprocess.Popen([glint], env=env, stdout=log, stderr=log)
        listed = wait_for(lambda: a11y.find_in_window("Glint", "Bob Baker, Online: At the café")
                          and a11y.find_in_window("Glint", "Carol Cruz, Away"), 60)
        contacts = window_picture(env, "Glint", os.path.join(out, "contacts.png")) if listed else None
        tap.ok(listed and contacts and contacts[0] >= 250 and contacts[1] >= 400,
               "the contact list shows both contacts with their state, and is saved as a picture", contacts)

        subprocess.run(["gapplication", "action", APP_ID, "open-conversation", f"('{alice}', '{bob}')"],
                       env=env, check=True)
        title = "Conversation with Bob Baker"
        shown = wait_for(lambda: all(desktop_mod.in_view(a11y, body, title) for _, body in TALK), 30)
        chat = window_picture(env, title, os.path.join(out, "conversation.png")) if shown else None
        tap.ok(shown and chat and chat[0] >= 400 and chat[1] >= 300,
               "bob's chat shows the whole talk, both sides, and is saved as a picture", chat)
    except Exception as exc:  # a broken step is a failure, never a skip
        tap.ok(False, "the test ran to the end", repr(exc))
    finally:
        if glint_proc and glint_proc.poll() is None:
            subprocess.run(["gapplication", "action", APP_ID, "quit"], env=env, capture_output=True, timeout=30)
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

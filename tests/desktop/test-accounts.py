#!/usr/bin/python3
"""Desktop test: two accounts on two servers in the real Glint, and a second
Glint (another profile) on one of those accounts.

Usage (inside two tests/harness/xmpp-env.py, Prosody's outside and
ejabberd's inside with --prefix GLINT_TEST2):
  test-accounts.py GLINT_BINARY SCHEMA_DIR [SCREENSHOT_DIR]

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
PYTHON = desktop_mod.PYTHON


def profile_env(base, workdir, display, schema_dir):
    env = dict(base)
    env.update({
        "DISPLAY": display, "GDK_BACKEND": "x11", "GSK_RENDERER": "cairo",
        "GSETTINGS_BACKEND": "memory", "GSETTINGS_SCHEMA_DIR": schema_dir, "HOME": workdir,
        "XDG_CONFIG_HOME": os.path.join(workdir, "config"),
        "XDG_DATA_HOME": os.path.join(workdir, "data"),
        "XDG_CACHE_HOME": os.path.join(workdir, "cache"),
        "G_DEBUG": "fatal-criticals",
    })
    return env


def configure(glint, env, user, prefix):
    jid = f"{user}@{os.environ[prefix + '_DOMAIN']}"
    return subprocess.run([glint, "--configure-account", jid, "--server", os.environ["GLINT_TEST_HOST"],
                           "--port", os.environ[prefix + "_PORT"], "--password-file", "-", "--autologin"],
                          input=f"{user}-pw\n", capture_output=True, text=True, env=env, timeout=60)


SECOND_PROFILE = """
set -e
eval "$(printf 'second-keyring' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
"$GLINT" --configure-account "$JID" --server "$HOST" --port "$PORT" --password-file - --autologin <<EOF2
alice-pw
EOF2
exec "$GLINT"
"""


def count_in(db_path, body):
    try:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            return db.execute("SELECT count(*) FROM message WHERE body = ?", (body,)).fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def inner(glint, schema_dir, shots):
    tap = Tap()
    workdir = tempfile.mkdtemp(prefix="glint-accounts-")
    domain = os.environ["GLINT_TEST_DOMAIN"]
    domain2 = os.environ["GLINT_TEST2_DOMAIN"]
    alice, bob_account = f"alice@{domain}", f"bob@{domain2}"
    desktop = Desktop(workdir)
    env = profile_env(os.environ, workdir, desktop.display, schema_dir)
    env.update({"GTK_A11Y": "atspi", "NO_AT_BRIDGE": "0",
                "XDG_RUNTIME_DIR": os.environ.get("XDG_RUNTIME_DIR", workdir)})
    os.environ["DISPLAY"] = desktop.display
    log_path = os.path.join(workdir, "glint.log")
    glint_proc = second = None
    other = None
    prosody_peer = ejabberd_peer = None
    try:
        first = configure(glint, env, "alice", "GLINT_TEST")
        added = configure(glint, env, "bob", "GLINT_TEST2")
        with open(os.path.join(workdir, "config", "glint", "accounts.ini")) as f:
            saved = f.read()
        tap.ok(first.returncode == 0 and added.returncode == 0
               and f"[{alice}]" in saved and f"[{bob_account}]" in saved,
               "--configure-account adds a second account beside the first", saved)

        prosody_peer = Peer(f"bob@{domain}", "bob-pw")
        ejabberd_peer = Peer(f"carol@{domain2}", "carol-pw", "--port", os.environ["GLINT_TEST2_PORT"])
        with open(log_path, "w") as log:
            glint_proc = subprocess.Popen([glint], env=dict(env, G_MESSAGES_DEBUG="glint-session"),
                                          stdout=log, stderr=log)
        a11y = A11y()
        tap.ok(wait_for(lambda: a11y.find_named("Contacts"), 60) is not None, "the contact list is shown")

        # One message to each account: each opens its own tab.
        to_alice, to_bob = "for the account on Prosody", "for the account on ejabberd"
        prosody_peer.command(cmd="send", to=alice, body=to_alice)
        ejabberd_peer.command(cmd="send", to=bob_account, body=to_bob)
        shown = wait_for(lambda: a11y.find_text(to_alice) and a11y.find_text(to_bob), 60)
        tap.ok(bool(shown), "a message to each account is shown")
        tabs = wait_for(lambda: a11y.find(lambda n: (n.get_name() or "").startswith(f"bob@{domain}, "))
                        and a11y.find(lambda n: (n.get_name() or "").startswith(f"carol@{domain2}, ")), 10)
        tap.ok(bool(tabs), "each conversation has its own tab")
        on_account = wait_for(lambda: a11y.find(lambda n: (a11y.text_of(n) or "").endswith(f"· with {alice}")
                                                or (a11y.text_of(n) or "").endswith(f"· with {bob_account}")), 10)
        tap.ok(on_account is not None, "with two accounts, a conversation says which account it is on")

        # Two notifications, one per conversation, each saying which account.
        notes = wait_for(lambda: [n for n in desktop.notify_calls() if n[4] in (to_alice, to_bob)]
                         if len([n for n in desktop.notify_calls() if n[4] in (to_alice, to_bob)]) >= 2
                         else None, 20) or []
        titles = sorted(n[3] for n in notes)
        tap.ok(len(notes) == 2 and all(n[1] == 0 for n in notes)
               and any(alice in t for t in titles) and any(bob_account in t for t in titles),
               "each account's message gets its own notification naming the account", notes)
        if shots:
            os.makedirs(shots, exist_ok=True)
            desktop.screenshot(os.path.join(shots, "two-accounts.png"))

        # A second Glint, another profile, on alice's account: both stay on.
        other = tempfile.mkdtemp(prefix="glint-second-")
        other_env = profile_env(os.environ, other, desktop.display, schema_dir)
        other_env.update({"GLINT": glint, "JID": alice, "HOST": os.environ["GLINT_TEST_HOST"],
                          "PORT": os.environ["GLINT_TEST_PORT"], "GTK_A11Y": "none", "NO_AT_BRIDGE": "1",
                          "G_MESSAGES_DEBUG": "glint-session"})
        second_log = os.path.join(other, "glint.log")
        with open(second_log, "w") as log:
            second = subprocess.Popen(["dbus-run-session", "--", "sh", "-c", SECOND_PROFILE],
                                      env=other_env, stdout=log, stderr=log)
        logged_in = wait_for(lambda: "Roster loaded" in open(second_log).read(), 60)
        tap.ok(bool(logged_in), "a second Glint on the same account logs in (the positive control)")

        after = "after the second device logged in"
        prosody_peer.command(cmd="send", to=alice, body=after)
        still_here = wait_for(lambda: a11y.find_text(after), 30)
        second_db = os.path.join(other, "data", "glint", "history.db")
        both = wait_for(lambda: count_in(second_db, after) == 1, 30)
        banner = a11y.find_named("Connection status")
        with open(log_path) as f:
            first_log = f.read()
        # The log is read (it holds the first log-in), and holds no conflict.
        tap.ok(still_here is not None and bool(both) and "Roster loaded" in first_log
               and "Resource conflict" not in first_log
               and (banner is None or "Another client" not in (a11y.text_of(banner) or "")),
               "the first Glint is not logged out: no conflict, and both devices get the next message",
               banner and a11y.text_of(banner))

        # Preferences → Accounts: both accounts with their state; turning
        # one off logs it out and keeps it, turning it on logs it in again.
        subprocess.run(["gapplication", "action", desktop_mod.APP_ID, "preferences-page", "'accounts'"],
                       env=env, timeout=30)
        row = wait_for(lambda: a11y.find_named(f"{bob_account}, Online"), 20)
        tap.ok(row is not None and a11y.find_named(f"{alice}, Online") is not None,
               "Preferences lists every account with its state")
        # Laid out on the page now shown.
        switch = wait_for(lambda: a11y.find(lambda n: n.get_name() == f"Use {bob_account}"
                                            and n.get_extents(a11y.Atspi.CoordType.WINDOW).width > 0), 20)
        if switch is None:
            raise RuntimeError("no switch for the second account")
        desktop_mod.click(a11y, switch, "Preferences", env)
        off = wait_for(lambda: a11y.find_named(f"{bob_account}, Disabled"), 20)
        with open(os.path.join(workdir, "config", "glint", "accounts.ini")) as f:
            saved = f.read()
        bob_section = saved.split(f"[{bob_account}]", 1)[1].split("\n[", 1)[0]
        tap.ok(off is not None and "enabled=false" in bob_section
               and a11y.find_named(f"{alice}, Online") is not None,
               "turning an account off logs it out, keeps it, and leaves the other online", bob_section)
        def bob_invisible():
            """bob's "Log in invisible" box (the second row's), and whether the
            row says his server cannot hide him."""
            boxes = sorted((n for n in a11y.walk(a11y.app()) if n.get_name() == "Log in invisible"
                            and n.get_role_name() == "check box"),
                           key=lambda n: n.get_extents(a11y.Atspi.CoordType.WINDOW).y)
            if len(boxes) != 2:
                return None, False, False
            said = any(a11y.text_of(n) == "This server cannot make you invisible."
                       and n.get_state_set().contains(a11y.Atspi.StateType.VISIBLE)
                       for n in a11y.walk(boxes[1].get_parent()))
            return boxes[1], boxes[1].get_state_set().contains(a11y.Atspi.StateType.SENSITIVE), said

        _, offered_offline, said_offline = bob_invisible()
        switch = wait_for(lambda: a11y.find_named(f"Use {bob_account}"), 10)
        desktop_mod.click(a11y, switch, "Preferences", env)
        back = wait_for(lambda: a11y.find_named(f"{bob_account}, Online"), 30)
        tap.ok(back is not None, "turning it on again logs it in")
        withheld = wait_for(lambda: bob_invisible()[1] is False and bob_invisible()[2], 20)
        tap.ok(offered_offline and not said_offline and withheld,
               "“Log in invisible” is offered until the server is known to lack invisibility; then it is "
               "not, and the row says why", (offered_offline, said_offline, withheld))

        desktop_mod.no_leaked_names(tap, a11y, "Preferences")

        # The version is told only once the account's box is ticked; the
        # live stream answers at once.
        def alice_section():
            with open(os.path.join(workdir, "config", "glint", "accounts.ini")) as f:
                return f.read().split(f"[{alice}]", 1)[1].split("\n[", 1)[0]

        def ask_version():
            resource = next(line.split("=", 1)[1] for line in alice_section().splitlines()
                            if line.startswith("resource="))
            prosody_peer.forget()
            prosody_peer.command(cmd="query", to=f"{alice}/{resource}", xmlns="jabber:iq:version")
            return prosody_peer.expect(lambda e: e.get("event") == "query_result", 20) or {}

        refused = ask_version()
        # alice's row is the first (accounts in the order they were added).
        boxes = sorted((n for n in a11y.walk(a11y.app())
                        if n.get_name() == "Tell contacts which version of Glint this is"
                        and n.get_role_name() == "check box"),
                       key=lambda n: n.get_extents(a11y.Atspi.CoordType.WINDOW).y)
        if len(boxes) != 2:
            raise RuntimeError(f"{len(boxes)} version check boxes, not one per account")
        share = boxes[0]
        desktop_mod.click(a11y, share, "Preferences", env)
        saved = wait_for(lambda: "share-version=true" in alice_section(), 10)
        told = ask_version()
        tap.ok(refused.get("condition") == "service-unavailable" and saved and told.get("type") == "result"
               and "Glint" in (told.get("xml") or ""),
               "ticking “Tell contacts which version of Glint this is” saves it, and the live stream answers "
               "(it refused before)", (refused.get("condition"), bool(saved), told.get("type")))
        if shots:
            desktop.screenshot(os.path.join(shots, "preferences-accounts.png"))

        # The password changed on the server: asked twice, Change offered
        # only once both match; the server takes it (the old one no longer
        # logs in) and so does the keyring (the login window below has it).
        subprocess.run(["gapplication", "action", desktop_mod.APP_ID, "change-password", f"'{alice}'"], env=env,
                       timeout=30)
        new_entry = wait_for(lambda: a11y.find(lambda n: n.get_name() == "New password"
                                               and n.get_role_name() == "password text"), 20)
        again_entry = a11y.find(lambda n: n.get_name() == "The new password again"
                                and n.get_role_name() == "password text")
        change = a11y.find(lambda n: n.get_role_name() == "push button" and (n.get_name() or "").endswith("Change"))
        if new_entry is None or again_entry is None or change is None:
            raise RuntimeError("the password window is not as expected")
        desktop_mod.type_into(a11y, new_entry, "Change Password", "alice-new-pw", env)
        offered_early = change.get_state_set().contains(a11y.Atspi.StateType.SENSITIVE)
        desktop_mod.type_into(a11y, again_entry, "Change Password", "alice-new-pw", env)
        offered = wait_for(lambda: change.get_state_set().contains(a11y.Atspi.StateType.SENSITIVE) or None, 10)
        if shots:
            desktop.screenshot(os.path.join(shots, "password-dialog.png"))
        subprocess.run(["xdotool", "key", "Return"], env=env, check=True)
        changed = wait_for(lambda: a11y.find_text(f"The password of {alice} was changed."), 30)
        try:
            Peer(alice, "alice-pw").stop()
            old_refused = False
        except RuntimeError:
            old_refused = True
        new_peer = Peer(alice, "alice-new-pw")
        new_peer.stop()
        tap.ok(not offered_early and offered and changed is not None and old_refused,
               "the password is changed on the server from Preferences: typed twice, the new one logs in, "
               "the old one does not", (offered_early, offered, changed is not None, old_refused))

        # The login window for an account with a saved password has it:
        # Log In works without typing it.
        subprocess.run(["gapplication", "action", desktop_mod.APP_ID, "edit-account", f"'{alice}'"], env=env,
                       timeout=30)
        login_button = wait_for(lambda: a11y.find(lambda n: n.get_role_name() == "push button"
                                                  and (n.get_name() or "").endswith("Log In")), 20)
        password = a11y.find(lambda n: n.get_name() == "Password" and n.get_role_name() == "password text")
        filled = wait_for(lambda: password is not None and len(a11y.text_of(password) or "") > 0, 20)
        if login_button is not None:
            desktop_mod.click(a11y, login_button, "Log In to Glint", env)
        closed = wait_for(lambda: "Log In to Glint" not in a11y.window_titles(), 30)
        if shots and not closed:
            desktop.screenshot(os.path.join(shots, "accounts-login-stuck.png"))
        tap.ok(login_button is not None and filled and closed and a11y.find_text("Enter your password.") is None,
               "the login window offers the saved password again", a11y.window_titles())

        # Adding a contact asks which account it is for.
        subprocess.run(["gapplication", "action", desktop_mod.APP_ID, "add-contact"], env=env, timeout=30)
        chooser = wait_for(lambda: a11y.find(lambda n: n.get_name() == "Account"
                                             and n.get_role_name() != "label"), 20)
        tap.ok(chooser is not None, "with two accounts, the Add Contact window asks which account")
        cancel = a11y.find(lambda n: n.get_role_name() == "push button" and (n.get_name() or "") == "Cancel")
        if cancel is not None:
            desktop_mod.click(a11y, cancel, "Add Contact", env)
    except Exception as exc:  # a broken step is a failure, never a skip
        tap.ok(False, "the test ran to the end", repr(exc))
    finally:
        for proc in (second, glint_proc):
            if proc and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        for peer in (prosody_peer, ejabberd_peer):
            if peer:
                peer.stop()
        desktop.stop()
        tap.show_log_if_failed(log_path)
        for folder in (workdir, other):
            if folder:
                shutil.rmtree(folder, ignore_errors=True)
    return tap.done()


if __name__ == "__main__":
    sys.exit(desktop_mod.run_tap(__doc__, inner))

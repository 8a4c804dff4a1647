#!/usr/bin/python3
"""Desktop test: creating an account from the login window (XEP-0077). A
name that is taken is refused in words and the form stays, with what was
typed; a new name is made, saved, its password kept in the keyring, and it
logs in.

Usage (inside tests/harness/xmpp-env.py):
  test-register.py GLINT_BINARY SCHEMA_DIR [SCREENSHOT_DIR]

Prints TAP.
"""

import importlib.util
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("desktop", os.path.join(HERE, "test-desktop.py"))
desktop_mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(desktop_mod)
Tap, Desktop, A11y, wait_for = desktop_mod.Tap, desktop_mod.Desktop, desktop_mod.A11y, desktop_mod.wait_for
APP_ID = desktop_mod.APP_ID
TITLE = "Create an Account"
DELETE_TITLE = "Delete the Account from Its Server?"


def keyring_items(jid):
    out = subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.secrets",
                          "--object-path", "/org/freedesktop/secrets", "--method",
                          "org.freedesktop.Secret.Service.SearchItems", "{'jid': '%s'}" % jid],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError("the keyring did not answer: " + out.stderr)
    return out.stdout.count("/org/freedesktop/secrets/collection/")


def inner(glint, schema_dir, shots):
    tap = Tap()
    workdir = tempfile.mkdtemp(prefix="glint-register-")
    domain = os.environ["GLINT_TEST_DOMAIN"]
    name = "fresh%06d" % random.randrange(10 ** 6)
    jid = f"{name}@{domain}"
    desktop = Desktop(workdir)
    env = desktop.app_env(schema_dir)
    os.environ["DISPLAY"] = desktop.display
    glint_proc = None
    a11y = A11y()

    def node(name, roles, title=TITLE):
        """The node named @name in the window titled @title (both windows
        have an Advanced button)."""
        app = a11y.app()
        for i in range(app.get_child_count() if app else 0):
            window = app.get_child_at_index(i)
            if window is not None and window.get_name() == title:
                for n in a11y.walk(window):
                    if n.get_name() == name and n.get_role_name() in roles:
                        return n
        return None

    def button(label, title=TITLE):
        return node(label, ("push button",), title)

    def visible_text(text):
        found = a11y.find(lambda n: a11y.text_of(n) == text)
        return found is not None and found.get_state_set().contains(a11y.Atspi.StateType.VISIBLE)

    try:
        log = open(os.path.join(workdir, "glint.log"), "a")
        glint_proc = subprocess.Popen([glint], env=env, stdout=log, stderr=log)
        create = wait_for(lambda: button("Create an account", "Log In to Glint"), 60)
        if create is None:
            raise RuntimeError("the login window offers no way to create an account")
        desktop_mod.click(a11y, create, "Log In to Glint", env)
        server = wait_for(lambda: node("Server", ("text",)), 20)
        tap.ok(server is not None and TITLE in a11y.window_titles(),
               "the login window opens the account creation window", a11y.window_titles())
        desktop_mod.type_into(a11y, server, TITLE, domain, env)
        desktop_mod.click(a11y, button("Advanced"), TITLE, env)
        desktop_mod.type_into(a11y, wait_for(lambda: node("Host", ("text",)), 10), TITLE,
                              os.environ["GLINT_TEST_HOST"], env)
        desktop_mod.type_into(a11y, node("Port", ("text",)), TITLE, os.environ["GLINT_TEST_PORT"], env)
        desktop_mod.click(a11y, button("Connect"), TITLE, env)

        username = wait_for(lambda: node("Username (required)", ("text",)), 30)
        password = node("Password (required)", ("password text",))
        tap.ok(username is not None and password is not None,
               "over TLS the server's form asks a username and a password, marked required")
        if shots:
            desktop.screenshot(os.path.join(shots, "register-form.png"))

        # Taken: refused in words, the form stays with what was typed.
        desktop_mod.type_into(a11y, username, TITLE, "alice", env)
        desktop_mod.type_into(a11y, password, TITLE, "fresh-pw", env)
        # The test server asks an email too (an extra field of its form).
        desktop_mod.type_into(a11y, node("Email (required)", ("text",)), TITLE, "fresh@example.org", env)
        desktop_mod.click(a11y, button("Create Account"), TITLE, env)
        refused = wait_for(lambda: a11y.find(lambda n: (a11y.text_of(n) or "").startswith(
            "That username is taken")), 30)
        tap.ok(refused is not None and TITLE in a11y.window_titles() and keyring_items("alice@" + domain) == 0,
               "a name that is taken is refused in words; nothing is saved", a11y.window_titles())

        # The control: a new name is made and logs in.
        desktop_mod.type_into(a11y, node("Username (required)", ("text",)), TITLE, name, env)
        desktop_mod.click(a11y, button("Create Account"), TITLE, env)
        asked_again = wait_for(lambda: node("Username (required)", ("text",)) and
                               a11y.text_of(node("Username (required)", ("text",))) == name and
                               button("Create Account") and
                               button("Create Account").get_state_set().contains(a11y.Atspi.StateType.SENSITIVE),
                               30)
        # After a refusal the server is asked again, keeping what was typed.
        if asked_again:
            desktop_mod.click(a11y, button("Create Account"), TITLE, env)
        online = wait_for(lambda: a11y.find_named("Contacts") and TITLE not in a11y.window_titles(), 40)
        with open(os.path.join(workdir, "config", "glint", "accounts.ini")) as f:
            saved = f.read()
        tap.ok(online and f"[{jid}]" in saved and keyring_items(jid) == 1,
               "a new name is made: saved, its password in the keyring, and logged in",
               (bool(online), f"[{jid}]" in saved))

        # Deleted from the server, once its address is typed.
        subprocess.run(["gapplication", "action", APP_ID, "delete-account", f"'{jid}'"], env=env, timeout=30)
        delete = wait_for(lambda: button("Delete Account", DELETE_TITLE), 20)
        offered_early = delete is not None and delete.get_state_set().contains(a11y.Atspi.StateType.SENSITIVE)
        field = node("The account’s address, to confirm", ("text",), DELETE_TITLE)
        desktop_mod.type_into(a11y, field, DELETE_TITLE, jid, env)
        offered = wait_for(lambda: delete.get_state_set().contains(a11y.Atspi.StateType.SENSITIVE) or None, 10)
        desktop_mod.click(a11y, delete, DELETE_TITLE, env)
        said = wait_for(lambda: a11y.find_text(f"The account {jid} was deleted from its server."), 30)

        def kept():
            with open(os.path.join(workdir, "config", "glint", "accounts.ini")) as f:
                return f"[{jid}]" in f.read()

        gone = wait_for(lambda: not kept() and keyring_items(jid) == 0, 10)
        tap.ok(not offered_early and offered and said is not None and gone,
               "Delete is offered only once the address is typed; the server deletes the account, and Glint "
               "forgets it and its password", (offered_early, bool(offered), said is not None, gone))

        # The desktop file's action, through the command line, reaches the running Glint.
        before = TITLE in a11y.window_titles()
        cli = subprocess.run([glint, "--create-account"], env=env, capture_output=True, text=True, timeout=30)
        shown = wait_for(lambda: TITLE in a11y.window_titles(), 20)
        tap.ok(not before and cli.returncode == 0 and shown,
               "glint --create-account (the desktop file's action) opens the window in the running Glint",
               (before, cli.returncode, cli.stderr))
    except Exception as exc:  # a broken step is a failure, never a skip
        tap.ok(False, "the test ran to the end", repr(exc))
    finally:
        if glint_proc and glint_proc.poll() is None:
            subprocess.run(["gapplication", "action", APP_ID, "quit"], env=env, capture_output=True, timeout=30)
            try:
                glint_proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                glint_proc.kill()
        desktop.stop()
        tap.show_log_if_failed(os.path.join(workdir, "glint.log"))
        shutil.rmtree(workdir, ignore_errors=True)
    return tap.done()


if __name__ == "__main__":
    sys.exit(desktop_mod.run_tap(__doc__, inner))

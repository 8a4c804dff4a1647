#!/usr/bin/python3
"""Desktop test: the newcomer's demo (build-aux/demo.sh) runs Glint logged
in to its private server, and leaves nothing in the user's own keyring.

Usage: test-demo.py GLINT_BINARY SCHEMA_DIR [SCREENSHOT_DIR]

Prints TAP.
"""

import importlib.util
import os
import signal
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
spec = importlib.util.spec_from_file_location("desktop", os.path.join(HERE, "test-desktop.py"))
desktop_mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(desktop_mod)
Tap, Desktop, wait_for = desktop_mod.Tap, desktop_mod.Desktop, desktop_mod.wait_for


def keyring_items(jid):
    """The user's keyring items for @jid (the session's Secret Service)."""
    out = subprocess.run(["gdbus", "call", "--session", "--dest", "org.freedesktop.secrets",
                          "--object-path", "/org/freedesktop/secrets", "--method",
                          "org.freedesktop.Secret.Service.SearchItems", "{'jid': '%s'}" % jid],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError("the keyring did not answer: " + out.stderr)
    return out.stdout.count("/org/freedesktop/secrets/collection/")


def window_shown(env, title):
    return subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{title}$"], env=env,
                          capture_output=True).returncode == 0


def inner(glint, schema_dir, shots):
    tap = Tap()
    workdir = tempfile.mkdtemp(prefix="glint-demo-test-")
    desktop = Desktop(workdir)
    env = dict(os.environ)
    env.update({
        "DISPLAY": desktop.display,
        "GDK_BACKEND": "x11",
        "GSK_RENDERER": "cairo",
        "GSETTINGS_BACKEND": "memory",
        "GSETTINGS_SCHEMA_DIR": schema_dir,
        "HOME": workdir,
        "XDG_CONFIG_HOME": os.path.join(workdir, "config"),
        "XDG_DATA_HOME": os.path.join(workdir, "data"),
        "XDG_CACHE_HOME": os.path.join(workdir, "cache"),
    })
    demo = None
    try:
        # Control: an account the user sets up is found in their keyring.
        stored = subprocess.run([glint, "--configure-account", "carol@example.org", "--password-file", "-"],
                                input="carol-pw\n", capture_output=True, text=True, env=env, timeout=60)
        control = keyring_items("carol@example.org")
        tap.ok(stored.returncode == 0 and control == 1, "an account of the user's own is in their keyring",
               (stored.stderr, control))

        demo = subprocess.Popen([os.path.join(TOP, "build-aux", "demo.sh"), glint], env=env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        chat = wait_for(lambda: window_shown(env, "Conversation with bob@glint.test"), 120)
        if shots:
            desktop.screenshot(os.path.join(shots, "demo.png"))
        during = keyring_items("alice@glint.test")
        tap.ok(chat and during == 0, "the demo logs in to bob's chat with nothing in the user's keyring",
               (chat, during))
    except Exception as exc:  # a broken step is a failure, never a skip
        tap.ok(False, "the demo test ran to the end", repr(exc))
    finally:
        if demo is not None and demo.poll() is None:
            os.killpg(demo.pid, signal.SIGTERM)
            try:
                demo.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(demo.pid, signal.SIGKILL)
        try:
            after = keyring_items("alice@glint.test")
            tap.ok(after == 0 and keyring_items("carol@example.org") == 1,
                   "after the demo, the user's keyring holds nothing of it and all of their own", after)
        except Exception as exc:
            tap.ok(False, "the keyring answers after the demo", repr(exc))
        desktop.stop()
    return tap.done()


if __name__ == "__main__":
    sys.exit(desktop_mod.run_tap(__doc__, inner))

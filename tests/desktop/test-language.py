#!/usr/bin/python3
"""Desktop test: Glint in German. With LANGUAGE=de the login window, its
fields and its buttons are German; the control is the same start without
it, in English.

Usage:
  test-language.py GLINT_BINARY SCHEMA_DIR [SCREENSHOT_DIR]
with GLINT_LOCALEDIR naming the built catalogues. Prints TAP.
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
Tap, Desktop, A11y, wait_for = desktop_mod.Tap, desktop_mod.Desktop, desktop_mod.A11y, desktop_mod.wait_for
APP_ID = desktop_mod.APP_ID


def names_in(a11y, title):
    app = a11y.app()
    for i in range(app.get_child_count() if app else 0):
        window = app.get_child_at_index(i)
        if window is not None and window.get_name() == title:
            return {n.get_name() for n in a11y.walk(window) if n.get_name()}
    return set()


def start(glint, env, a11y, title):
    proc = subprocess.Popen([glint], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    names = wait_for(lambda: names_in(a11y, title) or None, 60) or set()
    return proc, names


def stop(proc, env):
    subprocess.run(["gapplication", "action", APP_ID, "quit"], env=env, capture_output=True, timeout=30)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def inner(glint, schema_dir, shots):
    tap = Tap()
    workdir = tempfile.mkdtemp(prefix="glint-language-")
    desktop = Desktop(workdir)
    env = desktop.app_env(schema_dir)
    env["LANG"] = "C.UTF-8"
    os.environ["DISPLAY"] = desktop.display
    a11y = A11y()
    proc = None
    try:
        if not os.path.isdir(env.get("GLINT_LOCALEDIR", "")):
            raise RuntimeError("GLINT_LOCALEDIR names no built catalogues")
        proc, english = start(glint, env, a11y, "Log In to Glint")
        stop(proc, env)
        german_env = dict(env, LANGUAGE="de")
        proc, german = start(glint, german_env, a11y, "Bei Glint anmelden")
        if shots:
            desktop.screenshot(os.path.join(shots, "login-de.png"))
        stop(proc, german_env)
        proc = None
        want_de = {"Adresse", "Passwort", "Anmelden", "Abbrechen", "Erweitert"}
        want_en = {"Address", "Password", "Log In", "Cancel", "Advanced"}
        tap.ok(want_en <= english and want_de <= german and not (want_en & german),
               "LANGUAGE=de shows the login window in German; without it, in English",
               (sorted(want_de - german), sorted(want_en & german), sorted(want_en - english)))
    except Exception as exc:  # a broken step is a failure, never a skip
        tap.ok(False, "the test ran to the end", repr(exc))
    finally:
        if proc and proc.poll() is None:
            proc.kill()
        desktop.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return tap.done()


if __name__ == "__main__":
    sys.exit(desktop_mod.run_tap(__doc__, inner))

#!/usr/bin/python3
"""Desktop test: Glint follows the desktop's light or dark style, read from
the settings portal (a mock on the private bus) at start and as it changes,
and the Appearance preference overrides it.

Usage: test-appearance.py GLINT_BINARY SCHEMA_DIR [SCREENSHOT_DIR]

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
Tap, Desktop, wait_for = desktop_mod.Tap, desktop_mod.Desktop, desktop_mod.wait_for
APP_ID = desktop_mod.APP_ID
PYTHON = desktop_mod.PYTHON
PORTAL = ["org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop"]
SETTINGS = "org.freedesktop.portal.Settings"
PREFER_DARK, PREFER_LIGHT = 1, 2


def mock_call(env, method, *args):
    return subprocess.run(["gdbus", "call", "--session", "--dest", PORTAL[0], "--object-path", PORTAL[1],
                           "--method", "org.freedesktop.DBus.Mock." + method] + list(args),
                          env=env, capture_output=True, text=True, timeout=30)


def start_portal(env, scheme):
    """A settings portal whose Read gives @scheme (the value wrapped twice,
    as the real portal's Read does)."""
    proc = subprocess.Popen([PYTHON, "-m", "dbusmock", "--session", PORTAL[0], PORTAL[1], SETTINGS],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if not wait_for(lambda: mock_call(env, "GetCalls").returncode == 0, 15):
        raise RuntimeError("the mock portal did not start")
    added = mock_call(env, "AddMethod", SETTINGS, "Read", "ss", "v",
                      f"ret = dbus.UInt32({scheme}, variant_level=2) "
                      "if args == ['org.freedesktop.appearance', 'color-scheme'] else None")
    if added.returncode != 0:
        raise RuntimeError(added.stderr)
    return proc


def brightness(env, wid):
    """The window's mean brightness, 0 (black) to 1 (white), from a shot of
    the screen cut to the window's box."""
    geometry = subprocess.run(["xdotool", "getwindowgeometry", "--shell", wid], env=env, capture_output=True,
                              text=True).stdout
    box = dict(line.split("=", 1) for line in geometry.split())
    shot = subprocess.run(["import", "-display", env["DISPLAY"], "-window", "root", "-crop",
                           f"{box['WIDTH']}x{box['HEIGHT']}+{box['X']}+{box['Y']}", "-colorspace", "Gray",
                           "-format", "%[fx:mean]", "info:"], env=env, capture_output=True, text=True)
    try:
        return float(shot.stdout.strip())
    except ValueError:
        return None


def inner(glint, schema_dir, shots):
    tap = Tap()
    workdir = tempfile.mkdtemp(prefix="glint-appearance-")
    desktop = Desktop(workdir)
    env = dict(os.environ)
    env.update({
        "DISPLAY": desktop.display, "GDK_BACKEND": "x11", "GSK_RENDERER": "cairo",
        "GSETTINGS_BACKEND": "memory", "GSETTINGS_SCHEMA_DIR": schema_dir, "HOME": workdir,
        "XDG_CONFIG_HOME": os.path.join(workdir, "config"),
        "XDG_DATA_HOME": os.path.join(workdir, "data"),
        "XDG_CACHE_HOME": os.path.join(workdir, "cache"),
        "G_DEBUG": "fatal-criticals",
        "XDG_RUNTIME_DIR": os.environ.get("XDG_RUNTIME_DIR", workdir),
    })
    glint_proc = None
    portal = None

    def action(name, *args):
        return subprocess.run(["gapplication", "action", APP_ID, name] + list(args), env=env, timeout=30,
                              capture_output=True, text=True)

    try:
        portal = start_portal(env, PREFER_DARK)
        log = open(os.path.join(workdir, "glint.log"), "a")
        glint_proc = subprocess.Popen([glint], env=env, stdout=log, stderr=log)
        wid = wait_for(lambda: (subprocess.run(["xdotool", "search", "--onlyvisible", "--pid",
                                                str(glint_proc.pid)], env=env, capture_output=True,
                                               text=True).stdout.split() or [None])[0], 60)
        if wid is None:
            raise RuntimeError("no Glint window showed")

        dark = wait_for(lambda: (brightness(env, wid) or 1) < 0.4, 20)
        read = "Read" in mock_call(env, "GetCalls").stdout
        tap.ok(dark and read, "at start Glint asks the portal and is dark, as the desktop is",
               (brightness(env, wid), read))
        if shots:
            desktop.screenshot(os.path.join(shots, "appearance-dark.png"))

        emitted = mock_call(env, "EmitSignal", SETTINGS, "SettingChanged", "ssv",
                            f"[<'org.freedesktop.appearance'>, <'color-scheme'>, <<uint32 {PREFER_LIGHT}>>]")
        light = wait_for(lambda: (brightness(env, wid) or 0) > 0.6, 20)
        tap.ok(emitted.returncode == 0 and light, "the desktop turns light: so does Glint, at once",
               (emitted.stderr, brightness(env, wid)))
        if shots:
            desktop.screenshot(os.path.join(shots, "appearance-light.png"))

        action("color-scheme", "'dark'")
        forced = wait_for(lambda: (brightness(env, wid) or 1) < 0.4, 20)
        action("color-scheme", "'system'")
        back = wait_for(lambda: (brightness(env, wid) or 0) > 0.6, 20)
        tap.ok(forced and back, "Appearance → Dark makes it dark on a light desktop; Follow the system, light again",
               (forced, back))
    except Exception as exc:  # a broken step is a failure, never a skip
        tap.ok(False, "the test ran to the end", repr(exc))
    finally:
        if glint_proc and glint_proc.poll() is None:
            action("quit")
            try:
                glint_proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                glint_proc.kill()
        if portal:
            portal.terminate()
            portal.wait(timeout=10)
        desktop.stop()
        tap.show_log_if_failed(os.path.join(workdir, "glint.log"))
        shutil.rmtree(workdir, ignore_errors=True)
    return tap.done()


if __name__ == "__main__":
    sys.exit(desktop_mod.run_tap(__doc__, inner))

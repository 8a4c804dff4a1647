#!/usr/bin/python3
"""Joining a crowded room: 500 occupants and 2,000 archived messages.

Usage (inside tests/harness/xmpp-env.py):
  bench-room.py GLINT_BINARY SCHEMA_DIR [OCCUPANTS] [BACKLOG]

Glint runs under Xvfb (cairo renderer) with GLINT_BENCH_STATS; the crowd
(tests/harness/crowd.py) is in the room first. Prints the time from asking
to join to the first frame that painted a message of the room, the longest
the main loop was held from the join until the newest message is stored,
and the resident memory before and after. Figures, not pass/fail.
"""

import importlib.util
import json
import os
import select
import shlex
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("desktop", os.path.join(HERE, "..", "desktop", "test-desktop.py"))
desktop_mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(desktop_mod)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def stored(db_path, body):
    try:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute("SELECT count(*) FROM message WHERE body = ?", (body,)).fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def read_until(proc, word, timeout):
    """Reads the crowd's lines until one names @word."""
    end = time.monotonic() + timeout
    buffer = b""
    while time.monotonic() < end:
        if select.select([proc.stdout], [], [], 1.0)[0]:
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            buffer += chunk
            for line in buffer.split(b"\n"):
                if line.strip() and json.loads(line).get("event") == word:
                    return True
                if line.strip() and json.loads(line).get("event") == "error":
                    raise RuntimeError(line.decode())
    return False


def stats(env, path, reset):
    if os.path.exists(path):
        os.unlink(path)
    subprocess.run(["gapplication", "action", desktop_mod.APP_ID, "bench-stats", "true" if reset else "false"],
                   env=env, timeout=30)
    desktop_mod.wait_for(lambda: os.path.exists(path), 10)
    with open(path) as f:
        return {k: int(v) for k, v in (line.split() for line in f if line.strip())}


def main():
    glint, schema_dir = (os.path.abspath(a) for a in sys.argv[1:3])
    occupants = int(sys.argv[3]) if len(sys.argv) > 3 else 500
    backlog = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
    if os.environ.get("GLINT_DESKTOP_INNER") != "1":
        env = dict(os.environ, GLINT_DESKTOP_INNER="1")
        return subprocess.call(["dbus-run-session", "--", desktop_mod.PYTHON] + sys.argv, env=env)

    workdir = tempfile.mkdtemp(prefix="glint-bench-room-")
    domain = os.environ["GLINT_TEST_DOMAIN"]
    room = f"bench-{uuid.uuid4().hex[:8]}@{os.environ['GLINT_TEST_MUC_DOMAIN']}"
    desk = desktop_mod.Desktop(workdir)
    path = os.path.join(workdir, "bench-stats.txt")
    env = dict(os.environ)
    env.update({
        "DISPLAY": desk.display, "GDK_BACKEND": "x11", "GSK_RENDERER": "cairo",
        "GTK_A11Y": "none", "NO_AT_BRIDGE": "1", "GLINT_BENCH_STATS": path,
        "GSETTINGS_BACKEND": "memory", "GSETTINGS_SCHEMA_DIR": schema_dir, "HOME": workdir,
        "XDG_CONFIG_HOME": os.path.join(workdir, "config"),
        "XDG_DATA_HOME": os.path.join(workdir, "data"),
        "XDG_CACHE_HOME": os.path.join(workdir, "cache"),
        "G_MESSAGES_DEBUG": "glint-session",
    })
    db_path = os.path.join(env["XDG_DATA_HOME"], "glint", "history.db")
    crowd = glint_proc = None
    try:
        crowd = subprocess.Popen(shlex.split(os.environ["GLINT_TEST_CROWD"])
                                 + [f"crowd@{domain}", "crowd-pw", room, str(occupants), "--backlog", str(backlog)],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        started = time.monotonic()
        if not read_until(crowd, "ready", 600):
            print("# the crowd did not get in", flush=True)
            return 1
        print(f"# machine: {os.cpu_count()} cores; renderer: cairo under Xvfb; the crowd took "
              f"{time.monotonic() - started:.0f} s to come in", flush=True)
        desktop_mod.configure_account(glint, env)
        glint_proc = subprocess.Popen([glint], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        buffer = b""
        deadline = time.monotonic() + 60
        while b"Roster loaded" not in buffer and time.monotonic() < deadline:
            if select.select([glint_proc.stdout], [], [], 1.0)[0]:
                buffer += os.read(glint_proc.stdout.fileno(), 65536)
        time.sleep(2)
        rss0 = rss_kib(glint_proc.pid)
        stats(env, path, True)
        t0 = time.monotonic()
        subprocess.run(["gapplication", "action", desktop_mod.APP_ID, "enter-room",
                        f"('alice@{domain}', '{room}', 'alice', '')"], env=env, timeout=30)
        done = desktop_mod.wait_for(lambda: stored(db_path, f"backlog {backlog - 1}") == 1 or None, 120,
                                    interval=0.1)
        elapsed = time.monotonic() - t0
        time.sleep(1)
        figures = stats(env, path, False)
        rss1 = rss_kib(glint_proc.pid)
        painted = figures.get("first_message_painted_us", 0)
        print(f"room_join_{occupants}_occupants_{backlog}_backlog newest stored "
              f"{'yes' if done else 'no'} after {elapsed:.2f} s", flush=True)
        if painted:
            print(f"room_first_message_painted_ms {(painted / 1e6 - t0) * 1000:.0f}", flush=True)
        else:
            print("room_first_message_painted_ms none painted", flush=True)
        print(f"room_loop_gap_max_ms {figures['loop_gap_max_us'] / 1000:.1f} (longest the main loop was held)",
              flush=True)
        print(f"room_rss_kib before {rss0} after {rss1} (+{rss1 - rss0})", flush=True)
    finally:
        if glint_proc is not None:
            subprocess.run(["gapplication", "action", desktop_mod.APP_ID, "quit"], env=env, timeout=30,
                           capture_output=True)
            try:
                glint_proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                glint_proc.kill()
        if crowd is not None:
            crowd.stdin.close()
            crowd.wait(timeout=60)
        desk.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Start-up and memory figures for Glint next to a minimal GTK 4 window.

Usage (inside tests/harness/xmpp-env.py):
  bench-desktop.py GLINT_BINARY MINIMAL_BINARY SCHEMA_DIR [RUNS]

Both programs run under the same Xvfb, D-Bus session and GSK renderer
(cairo: Xvfb has no GPU, and GL in software costs every GTK app the same).
Prints one figure a line; nothing here passes or fails.
"""

import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("desktop", os.path.join(HERE, "..", "desktop", "test-desktop.py"))
desktop_mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(desktop_mod)

N_CONTACTS = 500


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def time_first_frame(cmd, env, runs):
    times = []
    for _ in range(runs):
        start = time.monotonic()
        subprocess.run(cmd, env=dict(env, GLINT_EXIT_AFTER_FIRST_FRAME="1"), timeout=60,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.monotonic() - start) * 1000)
    return statistics.median(times), min(times)


def fill_roster(domain):
    peer = desktop_mod.Peer(f"alice@{domain}", "alice-pw")
    for i in range(N_CONTACTS):
        xml = (f"<iq type='set' id='fill{i}'><query xmlns='jabber:iq:roster'>"
               f"<item jid='contact{i}@{domain}' name='Contact {i}'><group>Group {i % 20}</group></item>"
               f"</query></iq>")
        peer.command(cmd="raw", xml=xml)
    # The server applies the pushes in its own time: ask until all are there.
    count = 0
    deadline = time.monotonic() + 60
    while count < N_CONTACTS and time.monotonic() < deadline:
        peer.command(cmd="roster")
        roster = peer.expect(lambda e: e.get("event") == "roster", 30)
        count = len(roster["items"]) if roster else 0
        time.sleep(0.5)
    peer.stop()
    return count


def idle_rss(cmd, env, ready_line=None, settle=5.0):
    import select
    # GLib writes debug messages to standard output.
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    ready = ready_line is None
    deadline = time.monotonic() + 60
    buffer = b""
    while not ready and time.monotonic() < deadline:
        if select.select([proc.stdout], [], [], 1.0)[0]:
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            buffer += chunk
            ready = ready_line.encode() in buffer
    if not ready:
        print(f"# not ready; output: {buffer[-600:]!r}", flush=True)
    time.sleep(settle)
    value = rss_kib(proc.pid)
    proc.terminate()
    proc.wait(timeout=10)
    return value if ready else None


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])   # utime + stime


def stored(db_path, prefix):
    import sqlite3
    try:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute("SELECT count(*) FROM message WHERE body LIKE ?", (prefix + " %",)).fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def burst(glint, env, domain, count=10000):
    """COUNT messages from a peer into the running app, the chat open."""
    stats = os.path.join(env["HOME"], "bench-stats.txt")
    env = dict(env, GLINT_BENCH_STATS=stats)
    db_path = os.path.join(env["XDG_DATA_HOME"], "glint", "history.db")
    proc = subprocess.Popen([glint], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peer = desktop_mod.Peer(f"bob@{domain}", "bob-pw")
    try:
        # Logged in once the peer's first message is stored; then its chat is open.
        peer.command(cmd="send", to=f"alice@{domain}", body="warm-up 0")
        if not desktop_mod.wait_for(lambda: stored(db_path, "warm-up") == 1, 60):
            print("# the app did not log in", flush=True)
            return
        subprocess.run(["gapplication", "action", desktop_mod.APP_ID, "bench-stats", "true"], env=env, timeout=30)
        time.sleep(2)
        rss0, cpu0 = rss_kib(proc.pid), cpu_ticks(proc.pid)
        subprocess.run(["gapplication", "action", desktop_mod.APP_ID, "bench-stats", "true"], env=env, timeout=30)
        t0 = time.monotonic()
        peer.command(cmd="burst", to=f"alice@{domain}", count=count, prefix="burst")
        done = desktop_mod.wait_for(lambda: stored(db_path, "burst") >= count, 300, interval=0.2)
        elapsed = time.monotonic() - t0
        time.sleep(1)   # the last slice shown
        rss1, cpu1 = rss_kib(proc.pid), cpu_ticks(proc.pid)
        subprocess.run(["gapplication", "action", desktop_mod.APP_ID, "bench-stats", "false"], env=env, timeout=30)
        desktop_mod.wait_for(lambda: os.path.exists(stats), 10)
        with open(stats) as f:
            gap_us = int(f.read().split()[1])
        hz = os.sysconf("SC_CLK_TCK")
        print(f"burst_{count}_stored {'all' if done else stored(db_path, 'burst')} in {elapsed:.1f} s", flush=True)
        print(f"burst_loop_gap_max_ms {gap_us / 1000:.1f} (longest the main loop was held)", flush=True)
        print(f"burst_cpu_us_per_message {(cpu1 - cpu0) / hz * 1e6 / count:.0f}", flush=True)
        print(f"burst_rss_growth_kib_per_1000 {(rss1 - rss0) / (count / 1000):.0f} "
              f"(rss {rss0} -> {rss1} KiB)", flush=True)
    finally:
        peer.stop()
        subprocess.run(["gapplication", "action", desktop_mod.APP_ID, "quit"], env=env, timeout=30,
                       capture_output=True)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def main():
    glint, minimal, schema_dir = (os.path.abspath(a) for a in sys.argv[1:4])
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 7
    if os.environ.get("GLINT_DESKTOP_INNER") != "1":
        env = dict(os.environ, GLINT_DESKTOP_INNER="1")
        return subprocess.call(["dbus-run-session", "--", desktop_mod.PYTHON] + sys.argv, env=env)

    workdir = tempfile.mkdtemp(prefix="glint-bench-")
    domain = os.environ["GLINT_TEST_DOMAIN"]
    desk = desktop_mod.Desktop(workdir)
    env = dict(os.environ)
    env.update({
        "DISPLAY": desk.display, "GDK_BACKEND": "x11", "GSK_RENDERER": "cairo",
        "GTK_A11Y": "none", "NO_AT_BRIDGE": "1",
        "GSETTINGS_BACKEND": "memory", "GSETTINGS_SCHEMA_DIR": schema_dir, "HOME": workdir,
        "XDG_CONFIG_HOME": os.path.join(workdir, "config"),
        "XDG_DATA_HOME": os.path.join(workdir, "data"),
        "XDG_CACHE_HOME": os.path.join(workdir, "cache"),
    })
    try:
        desktop_mod.configure_account(glint, env)
        print(f"# machine: {os.cpu_count()} cores; renderer: cairo under Xvfb; {runs} runs each", flush=True)

        med, best = time_first_frame([minimal], env, runs)
        print(f"startup_first_frame_ms minimal_gtk4 median={med:.0f} min={best:.0f}", flush=True)
        med, best = time_first_frame([glint], env, runs)
        print(f"startup_first_frame_ms glint median={med:.0f} min={best:.0f} "
              "(contact list of a saved account, logging in)", flush=True)

        filled = fill_roster(domain)
        base = idle_rss([minimal], env)
        print(f"rss_idle_kib minimal_gtk4 {base}", flush=True)
        rss = idle_rss([glint], dict(env, G_MESSAGES_DEBUG="glint-session"),
                       ready_line=f"Roster loaded: {filled} contacts")
        print(f"rss_idle_kib glint_logged_in_{filled}_contacts {rss if rss else 'roster not loaded'}", flush=True)
        if os.environ.get("GLINT_BENCH_BURST", "1") == "1":
            burst(glint, env, domain)
    finally:
        desk.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

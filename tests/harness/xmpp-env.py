#!/usr/bin/python3
"""Run a command next to a private, throw-away Prosody server for Glint's tests.

Usage:
  xmpp-env.py [--keep] [--debug] [--server prosody|ejabberd] [--prefix VAR] -- COMMAND [ARGS...]
  xmpp-env.py [--keep] [--debug] --demo
  xmpp-env.py --ctl DIR stop-server|kill-server|start-server|status
  xmpp-env.py --ctl DIR forget-occupant ROOM@SERVICE/NICK   (Prosody only)

The server gets a private CA, accounts alice/bob/carol@glint.test and
dave@untrusted.test (password "<user>-pw"), c2s with STARTTLS and a direct
TLS port, both on 127.0.0.1 only.  untrusted.test presents a self-signed
certificate that is not issued by the private CA.

COMMAND runs with these variables added (see ENV_DOC below) and xmpp-env.py
exits with its exit status after stopping Prosody.  --demo prints the
variables as KEY=VALUE lines, then READY, and runs until stdin closes or a
SIGTERM/SIGINT arrives.  --ctl talks to a running xmpp-env.py (its
GLINT_TEST_DIR) to stop or restart the server on the same ports and data,
or to make a room forget an occupant without telling anyone (a room
service that lost its state, for XEP-0410's self-ping).

--server ejabberd runs ejabberd 23.01 instead of Prosody (not with --demo):
same accounts, ports and certificates; the node runs as the ejabberd user
with its config, spool, logs and Erlang cookie in TMP/ejabberd and a fixed
distribution port instead of epmd.  It takes a few seconds to start.

--prefix VAR names the variables VAR_DOMAIN, VAR_PORT and so on instead of
GLINT_TEST_*, so that one xmpp-env.py can run inside another: two servers
at once. SSL_CERT_FILE then trusts both private CAs.
"""

import ctypes
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

PYTHON = "/usr/bin/python3"
HERE = os.path.dirname(os.path.abspath(__file__))
DOMAIN = "glint.test"
MUC_DOMAIN = "conference." + DOMAIN
UNTRUSTED = "untrusted.test"
ACCOUNTS = [("alice", DOMAIN), ("bob", DOMAIN), ("carol", DOMAIN),
            ("dave", UNTRUSTED), ("erin", DOMAIN), ("grace", DOMAIN), ("heidi", DOMAIN),
            ("ivan", DOMAIN), ("crowd", DOMAIN)]
BIG_ROSTER_USER = "erin"       # Prosody only: a roster of BIG_ROSTER_SIZE contacts
BIG_ROSTER_SIZE = 10000
HOST = "127.0.0.1"
START_TIMEOUT = 20.0     # seconds for Prosody to accept streams
STOP_TIMEOUT = 10.0      # seconds for a clean shutdown before SIGKILL
COMMAND_GRACE = 5.0      # seconds for COMMAND to exit after a signal
STATE_FILE = "state.json"
CTL_SOCKET = "ctl.sock"

ENV_DOC = """\
GLINT_TEST_DOMAIN            glint.test (trusted: cert from GLINT_TEST_CA)
GLINT_TEST_UNTRUSTED_DOMAIN  untrusted.test (self-signed cert)
GLINT_TEST_MUC_DOMAIN        conference.glint.test (MUC service)
GLINT_TEST_HOST              127.0.0.1
GLINT_TEST_PORT              c2s port (STARTTLS, required)
GLINT_TEST_TLS_PORT          c2s direct TLS port (XEP-0368 style)
GLINT_TEST_CA                PEM file of the private CA
SSL_CERT_FILE                same file (OpenSSL default trust store)
SSL_CERT_DIR                 an empty directory (no system CAs are trusted)
GLINT_TEST_PEER              command prefix for peer.py
GLINT_TEST_CROWD             command prefix for crowd.py (many occupants of a room)
GLINT_TEST_HOSTILE           command prefix for hostile-server.py
GLINT_TEST_FAULT_PROXY       command prefix for fault-proxy.py (TARGET_HOST TARGET_PORT)
GLINT_TEST_CTL               command prefix; append stop-server/kill-server/start-server
GLINT_TEST_DIR               the server's temporary directory"""

OPENSSL_CNF = """\
# Throw-away CA and server certificates for Glint's tests.
[req]
distinguished_name = dn
prompt = no

[dn]
CN = unused

[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[server_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:{domain}, DNS:{muc}
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always

[untrusted_ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:{untrusted}
subjectKeyIdentifier = hash
"""

# Prosody 0.12 installs its SIGTERM handler in mod_posix, which is left out
# here (daemonizing, pidfile and user switching are not wanted in tests).
# Without a handler SIGTERM kills it at once; this small module gives a clean
# shutdown instead (clients get <system-shutdown/>, storage is closed).
SIGNAL_MODULE = """\
-- Clean shutdown on SIGTERM/SIGINT for the throw-away test server.
module:set_global();
local ok, signal = pcall(require, "util.signal");
if not ok then
\tmodule:log("warn", "util.signal missing: SIGTERM will not shut down cleanly");
\treturn;
end
local prosody = _G.prosody;
module:add_timer(0, function ()
\tfor _, name in ipairs({ "SIGTERM", "SIGINT" }) do
\t\tsignal.signal(name, function ()
\t\t\tmodule:log("info", "Received %s, shutting down", name);
\t\t\tprosody.main_thread:run(function ()
\t\t\t\tprosody.unlock_globals();
\t\t\t\tprosody.shutdown("Received " .. name);
\t\t\t\tprosody.lock_globals();
\t\t\tend);
\t\tend);
\tend
end);
"""


class Failure(Exception):
    """A set-up step failed; the message says why."""


class Terminated(Exception):
    """Raised from the SIGINT/SIGTERM handler in the main thread."""

    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum


def log(msg):
    try:
        print("xmpp-env: " + msg, file=sys.stderr, flush=True)
    except (OSError, ValueError):
        pass


def ensure_std_fds():
    """Give fds 0-2 something valid (CI may start us with them closed)."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            new = os.open(os.devnull, os.O_RDWR)
            if new != fd:
                os.dup2(new, fd)
                os.close(new)
    if sys.stdout is None:
        sys.stdout = open(1, "w", closefd=False)
    if sys.stderr is None:
        sys.stderr = open(2, "w", closefd=False)


def lua_str(value):
    value = str(value)
    if "\n" in value or "\r" in value or "\0" in value:
        raise Failure("unusable path for the Prosody config: %r" % value)
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_file(path, text, mode=0o644):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    os.chmod(path, mode)


def write_json_atomic(path, data):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)


def free_ports(count):
    """Ports the kernel hands out now; all held open together to be distinct."""
    socks = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind((HOST, 0))
            socks.append(s)
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def run_checked(argv, what, **kw):
    proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, **kw)
    if proc.returncode != 0:
        raise Failure("%s failed (exit %d): %s" % (
            what, proc.returncode, proc.stdout.decode(errors="replace").strip()))
    return proc


# --- certificates -----------------------------------------------------------

def make_certificates(tmp):
    """Private CA, CA-signed glint.test cert, self-signed untrusted.test cert."""
    ca_dir = os.path.join(tmp, "ca")
    cert_dir = os.path.join(tmp, "certs")
    os.mkdir(ca_dir, 0o700)
    os.mkdir(cert_dir, 0o700)
    cnf = os.path.join(ca_dir, "openssl.cnf")
    write_file(cnf, OPENSSL_CNF.format(domain=DOMAIN, muc=MUC_DOMAIN,
                                       untrusted=UNTRUSTED))
    env = dict(os.environ, OPENSSL_CONF=cnf)
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    ca_key, ca_crt = os.path.join(ca_dir, "ca.key"), os.path.join(ca_dir, "ca.crt")
    csr = os.path.join(ca_dir, DOMAIN + ".csr")
    srv_key = os.path.join(cert_dir, DOMAIN + ".key")
    srv_crt = os.path.join(cert_dir, DOMAIN + ".crt")
    bad_key = os.path.join(cert_dir, UNTRUSTED + ".key")
    bad_crt = os.path.join(cert_dir, UNTRUSTED + ".crt")
    jobs = [
        (["openssl", "req", "-x509", "-config", cnf, *ec, "-keyout", ca_key,
          "-out", ca_crt, "-days", "30", "-subj", "/O=Glint tests/CN=Glint Test CA",
          "-extensions", "ca_ext"], "CA certificate"),
        (["openssl", "req", "-new", "-config", cnf, *ec, "-keyout", srv_key,
          "-out", csr, "-subj", "/CN=" + DOMAIN], "server key"),
        (["openssl", "req", "-x509", "-config", cnf, *ec, "-keyout", bad_key,
          "-out", bad_crt, "-days", "30", "-subj", "/CN=" + UNTRUSTED,
          "-extensions", "untrusted_ext"], "self-signed certificate"),
    ]
    procs = [(subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, env=env), what)
             for argv, what in jobs]
    for proc, what in procs:
        out = proc.communicate()[0]
        if proc.returncode != 0:
            raise Failure("openssl (%s) failed: %s" % (
                what, out.decode(errors="replace").strip()))
    serial = str(int.from_bytes(os.urandom(8), "big") >> 1)
    run_checked(["openssl", "x509", "-req", "-in", csr, "-CA", ca_crt, "-CAkey", ca_key,
                 "-set_serial", serial, "-days", "30", "-extfile", cnf,
                 "-extensions", "server_ext", "-out", srv_crt],
                "signing the server certificate", env=env)
    empty = os.path.join(ca_dir, "no-system-cas")
    os.mkdir(empty, 0o755)
    return {"ca": ca_crt, "empty_cert_dir": empty, "cert_dir": cert_dir, "cert": srv_crt, "key": srv_key,
            "untrusted_cert": bad_crt, "untrusted_key": bad_key}


# --- Prosody configuration --------------------------------------------------

def write_config(tmp, pki, c2s_port, tls_port, debug):
    plugin_dir = os.path.join(tmp, "plugins")
    os.mkdir(plugin_dir, 0o755)
    write_file(os.path.join(plugin_dir, "mod_glint_test_signals.lua"), SIGNAL_MODULE)
    data_dir = os.path.join(tmp, "data")
    os.mkdir(data_dir, 0o700)

    def ssl_block(cert, key):
        return "{ certificate = %s; key = %s; }" % (lua_str(cert), lua_str(key))

    trusted = ssl_block(pki["cert"], pki["key"])
    untrusted = ssl_block(pki["untrusted_cert"], pki["untrusted_key"])
    text = """\
-- Prosody config for Glint's tests, written by xmpp-env.py. Throw-away.
run_as_root = true
daemonize = false
pidfile = {pidfile}
data_path = {data}
plugin_paths = {{ {plugins} }}
log = {{ {{ levels = {{ min = {level} }}, to = "file", filename = {logfile} }} }}

interfaces = {{ "{host}" }}
local_interfaces = {{ "{host}" }}
c2s_interfaces = {{ "{host}" }}
c2s_ports = {{ {c2s} }}
c2s_direct_tls_interfaces = {{ "{host}" }}
c2s_direct_tls_ports = {{ {tls} }}
s2s_ports = {{ }}
s2s_interfaces = {{ }}
http_interfaces = {{ "{host}" }}
http_ports = {{ }}
https_ports = {{ }}

c2s_require_encryption = true
-- mod_register: accounts are made, changed and removed in-band (XEP-0077),
-- only over TLS, on 127.0.0.1 only.
allow_registration = true
min_seconds_between_registrations = 0
-- A form with more than XEP-0077's two fields: an email (required), a name.
additional_registration_fields = {{ "email+"; "name" }}
authentication = "internal_hashed"
storage = "internal"

-- Certificates. STARTTLS: the certificate comes from the VirtualHost's ssl,
-- chosen by the stream's to=. Direct TLS: one context per host for SNI, built
-- from the certs dir (<host>.crt/.key) overlaid with c2s_direct_tls_ssl as
-- seen from that host. The global c2s_direct_tls_ssl fixes the certificate
-- for clients without SNI (else an arbitrary one from the certs dir), and
-- untrusted.test must override it or its SNI context inherits glint.test's
-- ("prosodyctl check config" wrongly says to move it to the global section).
certificates = {certs}
c2s_direct_tls_ssl = {trusted}

modules_enabled = {{
\t"roster"; "saslauth"; "tls"; "disco"; "carbons"; "pep"; "ping";
\t"smacks"; "mam"; "blocklist"; "vcard"; "private"; "register"; "lastactivity";
\t"presence"; "message"; "iq"; "bookmarks"; "glint_test_signals"; "admin_shell";
}}
modules_disabled = {{ "s2s"; "s2s_auth_certs"; "posix"; }}

VirtualHost "{domain}"
\tssl = {trusted}

VirtualHost "{untrusted}"
\tssl = {untrusted_ssl}
\tc2s_direct_tls_ssl = {untrusted_ssl}

Component "{muc}" "muc"
\tssl = {trusted}
\tmodules_enabled = {{ "muc_mam" }}
""".format(pidfile=lua_str(os.path.join(tmp, "prosody.pid")), data=lua_str(data_dir),
           plugins=lua_str(plugin_dir), level=lua_str("debug" if debug else "info"),
           logfile=lua_str(os.path.join(tmp, "prosody.log")), host=HOST,
           c2s=c2s_port, tls=tls_port, certs=lua_str(pki["cert_dir"]), trusted=trusted,
           untrusted_ssl=untrusted, domain=DOMAIN, untrusted=UNTRUSTED, muc=MUC_DOMAIN)
    path = os.path.join(tmp, "prosody.cfg.lua")
    write_file(path, text)
    return path


def write_big_roster(data_dir):
    """Give BIG_ROSTER_USER a roster of BIG_ROSTER_SIZE contacts, a group
    each, in Prosody's internal storage (read when the user logs in)."""
    folder = os.path.join(data_dir, DOMAIN.replace(".", "%2e"), "roster")
    os.makedirs(folder, 0o700, exist_ok=True)
    lines = ["return {", "\t[false] = { [\"version\"] = 1; };"]
    for i in range(BIG_ROSTER_SIZE):
        lines.append('\t["contact%d@%s"] = { ["subscription"] = "both"; ["name"] = "Contact %d"; '
                     '["groups"] = { ["Team %d"] = true; }; };' % (i, DOMAIN, i, i % 40))
    lines.append("};")
    write_file(os.path.join(folder, BIG_ROSTER_USER + ".dat"), "\n".join(lines) + "\n")


def register_accounts(config):
    """Create the test accounts with prosodyctl (two at a time: 2 cores)."""
    pending = [(user, host, user + "-pw") for user, host in ACCOUNTS]
    running = []
    while pending or running:
        while pending and len(running) < 2:
            user, host, password = pending.pop(0)
            argv = ["prosodyctl", "--config", config, "register", user, host, password]
            running.append((subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                             stdout=subprocess.PIPE,
                                             stderr=subprocess.STDOUT), user, host))
        proc, user, host = running.pop(0)
        out = proc.communicate()[0]
        if proc.returncode != 0:
            raise Failure("prosodyctl register %s %s failed: %s" % (
                user, host, out.decode(errors="replace").strip()))


# --- ejabberd configuration -------------------------------------------------

# ejabberdctl re-runs itself through su when started by root, so the node
# runs as this user: its files live in a directory it owns.
EJABBERD_USER = "ejabberd"
EJABBERD_START_TIMEOUT = 45.0   # an Erlang node starts much slower than Prosody

EJABBERD_YML = """\
# ejabberd config for Glint's tests, written by xmpp-env.py. Throw-away.
hosts:
  - {domain}
  - {untrusted}
loglevel: {level}
# ejabberd picks a certificate by the names in it: glint.test (with its MUC
# name) from the private CA, untrusted.test self-signed.  Each file holds
# certificate and key.
certfiles:
  - {trusted_pem}
  - {untrusted_pem}
ca_file: {ca}
default_db: mnesia
auth_method: internal
acme:
  auto: false
s2s_access: none
# Tests make accounts one after another from one address (XEP-0077).
registration_timeout: infinity
listen:
  -
    port: {c2s}
    ip: "{host}"
    module: ejabberd_c2s
    starttls_required: true
    max_stanza_size: 262144
  -
    port: {tls}
    ip: "{host}"
    module: ejabberd_c2s
    tls: true
    max_stanza_size: 262144
modules:
  mod_roster: {{}}
  mod_disco: {{}}
  mod_caps: {{}}
  mod_ping: {{}}
  mod_carboncopy: {{}}
  mod_stream_mgmt: {{}}
  mod_mam:
    db_type: mnesia
    default: always
  mod_offline: {{}}
  mod_last: {{}}
  mod_register:
    access: all
    ip_access: all
  mod_privacy: {{}}
  mod_blocking: {{}}
  mod_private: {{}}
  mod_vcard: {{}}
  mod_pubsub:
    plugins:
      - flat
      - pep
  mod_muc:
    host: "conference.@HOST@"
    max_users: 1000
    max_user_conferences: 1000
    default_room_options:
      mam: true
      max_users: 1000
"""

# Sourced by ejabberdctl (a shell script) instead of /etc/ejabberd/ejabberdctl.cfg.
# ERL_DIST_PORT gives the node a fixed distribution port that ejabberdctl's
# helper nodes connect to directly: no epmd is started.
EJABBERDCTL_CFG = """\
# ejabberdctl settings for Glint's tests, written by xmpp-env.py. Throw-away.
ERLANG_NODE={node}
ERL_DIST_PORT={dist_port}
ERL_EPMD_ADDRESS={host}
ERL_OPTIONS="-env ERL_CRASH_DUMP_BYTES 0 -kernel inet_dist_use_interface {{127,0,0,1}}"
EJABBERD_BYPASS_WARNINGS=true
"""

EJABBERD_INETRC = """\
{lookup,["file","native"]}.
{host,{127,0,0,1}, ["localhost"]}.
"""


def ejabberd_ids():
    import grp
    import pwd
    if shutil.which("ejabberdctl") is None:
        raise Failure("ejabberdctl not found: is the ejabberd package installed?")
    try:
        pw = pwd.getpwnam(EJABBERD_USER)
    except KeyError:
        raise Failure("no user %r: is the ejabberd package installed?" % EJABBERD_USER)
    return pw.pw_uid, pw.pw_gid, grp.getgrgid(pw.pw_gid).gr_name


def write_ejabberd_config(tmp, pki, c2s_port, tls_port, dist_port, debug):
    """Config, ctl config, spool, logs and home in TMP/ejabberd, owned by ejabberd."""
    uid, gid, _ = ejabberd_ids()
    os.chmod(tmp, 0o711)    # the node must reach TMP/ejabberd, not list TMP
    base = os.path.join(tmp, "ejabberd")
    dirs = {name: os.path.join(base, name) for name in ("spool", "logs", "home")}
    os.mkdir(base, 0o700)
    for path in dirs.values():
        os.mkdir(path, 0o700)

    def pem(name, cert, key):
        path = os.path.join(base, name + ".pem")
        with open(cert, encoding="ascii") as c, open(key, encoding="ascii") as k:
            write_file(path, c.read() + k.read(), 0o600)
        return path

    ca = os.path.join(base, "ca.crt")     # TMP/ca is not readable by the node
    shutil.copyfile(pki["ca"], ca)
    yml = os.path.join(base, "ejabberd.yml")
    write_file(yml, EJABBERD_YML.format(
        domain=DOMAIN, untrusted=UNTRUSTED, level="debug" if debug else "info",
        trusted_pem=json.dumps(pem(DOMAIN, pki["cert"], pki["key"])),
        untrusted_pem=json.dumps(pem(UNTRUSTED, pki["untrusted_cert"],
                                     pki["untrusted_key"])),
        c2s=c2s_port, tls=tls_port, host=HOST, ca=json.dumps(ca)))
    node = "glint-%s@localhost" % os.path.basename(tmp).replace("_", "-").lower()
    write_file(os.path.join(base, "ejabberdctl.cfg"), EJABBERDCTL_CFG.format(
        node=shlex.quote(node), dist_port=dist_port, host=HOST))
    write_file(os.path.join(base, "inetrc"), EJABBERD_INETRC)
    # A private cookie, so no other node on this machine can talk to ours.
    write_file(os.path.join(dirs["home"], ".erlang.cookie"),
               os.urandom(16).hex().upper(), 0o400)
    for root, subdirs, files in os.walk(base):
        for name in [root] + [os.path.join(root, f) for f in subdirs + files]:
            os.chown(name, uid, gid)
    return {"config": yml, "ctl_dir": base, "node": node, "spool": dirs["spool"],
            "logs": dirs["logs"], "home": dirs["home"]}


def ejabberdctl_argv(st, *args):
    return ["ejabberdctl", "--config-dir", st["ctl_dir"], "--config", st["config"],
            "--ctl-config", os.path.join(st["ctl_dir"], "ejabberdctl.cfg"),
            "--logs", st["logs"], "--spool", st["spool"], "--node", st["node"]] + list(args)


def ejabberd_env(st):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GLINT_TEST_", "ERL_"))}
    env.pop("SSL_CERT_FILE", None)
    env.update(HOME=st["home"], EJABBERD_CONFIG_PATH=st["config"],
               EJABBERD_LOG_PATH=os.path.join(st["logs"], "ejabberd.log"),
               SPOOL_DIR=st["spool"], LOGS_DIR=st["logs"], ERL_EPMD_ADDRESS=HOST,
               EJABBERD_PID_PATH=os.path.join(st["spool"], "ejabberd.pid"))
    return env


def ejabberd_popen_kw(st, **kw):
    uid, gid, _ = ejabberd_ids()
    return dict(cwd=st["spool"], env=ejabberd_env(st), user=uid, group=gid,
                extra_groups=[], stdin=subprocess.DEVNULL, **kw)


def register_ejabberd_accounts(st):
    """ejabberdctl register for each account (needs the running node)."""
    pending = [(user, host, user + "-pw") for user, host in ACCOUNTS]
    running = []
    while pending or running:
        while pending and len(running) < 2:
            user, host, password = pending.pop(0)
            argv = ejabberdctl_argv(st, "register", user, host, password)
            running.append((subprocess.Popen(argv, stdout=subprocess.PIPE,
                                             stderr=subprocess.STDOUT,
                                             **ejabberd_popen_kw(st)), user, host))
        proc, user, host = running.pop(0)
        out = proc.communicate()[0]
        if proc.returncode != 0:
            raise Failure("ejabberdctl register %s %s failed (exit %d): %s" % (
                user, host, proc.returncode, out.decode(errors="replace").strip()))


# --- the server process -----------------------------------------------------

_libc = ctypes.CDLL(None, use_errno=True)
_PR_SET_PDEATHSIG = 1


def _prosody_child_setup(parent_pid):
    # Runs in the forked child: die with the thread that started us, so a
    # SIGKILLed xmpp-env.py never leaves a Prosody behind.
    def setup():
        _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        if os.getppid() != parent_pid:
            os._exit(1)
    return setup


def log_tail(path, lines=30):
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 16384))
            data = f.read().decode(errors="replace").splitlines()
        return "\n".join(data[-lines:])
    except OSError as e:
        return "(no log: %s)" % e


def stream_ready(port, domain, timeout=1.0):
    """True if Prosody answers a stream to `domain` with STARTTLS offered."""
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as s:
            s.sendall(("<?xml version='1.0'?><stream:stream to='%s' version='1.0' "
                       "xmlns='jabber:client' "
                       "xmlns:stream='http://etherx.jabber.org/streams'>" % domain).encode())
            data = b""
            deadline = time.monotonic() + timeout
            while b"</stream:features>" not in data and b"</stream:stream>" not in data:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                s.settimeout(left)
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
            try:
                s.sendall(b"</stream:stream>")
            except OSError:
                pass
            return b"urn:ietf:params:xml:ns:xmpp-tls" in data
    except OSError:
        return False


def port_open(port):
    try:
        with socket.create_connection((HOST, port), timeout=0.5):
            return True
    except OSError:
        return False


class Server:
    """Owns the Prosody process; used by the main thread and the ctl thread."""

    def __init__(self, state):
        self.state = state
        self.proc = None
        self.closing = False
        self.lock = threading.RLock()

    def save(self):
        write_json_atomic(os.path.join(self.state["dir"], STATE_FILE), self.state)

    def start(self):
        with self.lock:
            if self.closing:
                raise Failure("the environment is shutting down")
            if self.proc is not None and self.proc.poll() is None:
                return "already running"
            st = self.state
            console = open(st["console_log"], "ab")
            env = {k: v for k, v in os.environ.items() if not k.startswith("GLINT_TEST_")}
            env.pop("SSL_CERT_FILE", None)
            try:
                self.proc = subprocess.Popen(
                    ["prosody", "-F", "--config", st["config"]], cwd=st["dir"], env=env,
                    stdin=subprocess.DEVNULL, stdout=console, stderr=subprocess.STDOUT,
                    start_new_session=True, preexec_fn=_prosody_child_setup(os.getpid()))
            finally:
                console.close()
            st["pid"], st["running"] = self.proc.pid, True
            self.save()
            return self._wait_ready("Prosody", START_TIMEOUT, 0.05)

    def _exited_while_starting(self):
        self._forget()

    def _wait_ready(self, name, timeout, interval):
        """Waits until both hosts answer a stream that offers STARTTLS and the
        direct TLS port accepts connections."""
        st = self.state
        deadline = time.monotonic() + timeout
        while True:
            if self.proc.poll() is not None:
                code = self.proc.returncode
                self._exited_while_starting()
                raise Failure("%s exited (status %s) while starting; log tail:\n%s\n%s"
                              % (name, code, log_tail(st["log"]), log_tail(st["console_log"], 10)))
            if (stream_ready(st["c2s_port"], DOMAIN)
                    and stream_ready(st["c2s_port"], UNTRUSTED)
                    and port_open(st["tls_port"])):
                return "started"
            if time.monotonic() > deadline:
                self.stop()
                raise Failure("%s did not accept streams on port %d within %.0f s; "
                              "log tail:\n%s\n%s" % (name, st["c2s_port"], timeout,
                                                      log_tail(st["log"]),
                                                      log_tail(st["console_log"], 10)))
            time.sleep(interval)

    def _stopped(self, name):
        """Forgets the process, then waits until its ports are closed."""
        self._forget()
        deadline = time.monotonic() + 5
        ports = (self.state["c2s_port"], self.state["tls_port"])
        while any(port_open(p) for p in ports):
            if time.monotonic() > deadline:
                raise Failure("ports %s still accept connections after %s stopped" % (ports, name))
            time.sleep(0.05)
        return "stopped"

    def _forget(self):
        self.proc = None
        self.state["pid"], self.state["running"] = None, False
        self.save()

    def shutdown(self):
        """Final stop: no ctl request may start the server again."""
        with self.lock:
            self.closing = True
            return self.stop()

    def forget_occupant(self, occupant):
        """Makes a room forget @occupant (room@service/nick) without a word to
        anyone, as a room service that lost its state would (the case
        XEP-0410 is for), through Prosody's admin shell."""
        room = occupant.split("/", 1)[0]
        lua = (">local room = prosody.hosts[%s].modules.muc.get_room_from_jid(%s); "
               "local occupant = room and room:get_occupant_by_nick(%s); "
               "if not occupant then return 'no such occupant' end; "
               "occupant.role = nil; room:save_occupant(occupant); return 'forgotten'"
               % (lua_str(MUC_DOMAIN), lua_str(room), lua_str(occupant)))
        out = run_checked(["prosodyctl", "--config", self.state["config"], "shell", lua],
                          "prosodyctl shell").stdout.decode(errors="replace")
        if "forgotten" not in out:
            raise Failure("the room did not forget %s: %s" % (occupant, out.strip()[-300:]))
        return "forgotten"

    def kill(self):
        """Stops Prosody with SIGKILL: no stream is closed, nothing is saved
        on the way out, as when a server crashes."""
        with self.lock:
            if self.proc is None:
                return "not running"
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.wait()
            return self._stopped("Prosody")

    def stop(self):
        with self.lock:
            if self.proc is None:
                return "not running"
            proc = self.proc
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
                try:
                    proc.wait(STOP_TIMEOUT)
                except subprocess.TimeoutExpired:
                    log("Prosody ignored SIGTERM for %.0f s, killing it" % STOP_TIMEOUT)
            try:
                os.killpg(proc.pid, signal.SIGKILL)   # anything left in its group
            except (ProcessLookupError, PermissionError):
                pass
            proc.wait()
            return self._stopped("Prosody")


def group_pids(pgid):
    """Processes still in process group PGID (from /proc)."""
    pids = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % name, "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except (OSError, IndexError):
            continue
        # fields[0] is the state, [2] the process group; zombies are gone already
        if len(fields) > 2 and int(fields[2]) == pgid and fields[0] != b"Z":
            pids.append(int(name))
    return pids


class EjabberdServer(Server):
    """Owns an ejabberd node run by `ejabberdctl foreground` in its own session.

    The session leader is ejabberdctl's shell, which waits for the Erlang VM;
    stopping sends SIGTERM to the whole group (the VM shuts down cleanly on
    SIGTERM) and waits until every process of the group is gone."""

    def start(self):
        with self.lock:
            if self.closing:
                raise Failure("the environment is shutting down")
            if self.proc is not None and self.proc.poll() is None:
                return "already running"
            st = self.state
            console = open(st["console_log"], "ab")
            try:
                self.proc = subprocess.Popen(
                    ejabberdctl_argv(st, "foreground"), stdout=console,
                    stderr=subprocess.STDOUT, start_new_session=True,
                    preexec_fn=_prosody_child_setup(os.getpid()),
                    **ejabberd_popen_kw(st))
            finally:
                console.close()
            st["pid"], st["running"] = self.proc.pid, True
            self.save()
            return self._wait_ready("ejabberd", EJABBERD_START_TIMEOUT, 0.1)

    def _exited_while_starting(self):
        # The Erlang VM may leave children behind: stop the whole group.
        self.stop()

    def stop(self):
        with self.lock:
            if self.proc is None:
                return "not running"
            proc = self.proc
            pgid = proc.pid
            for sig, wait in ((signal.SIGTERM, STOP_TIMEOUT), (signal.SIGKILL, 5.0)):
                # SIGTERM spares the shell, so it stays to reap the VM.
                for pid in group_pids(pgid):
                    if pid != pgid or sig == signal.SIGKILL:
                        try:
                            os.kill(pid, sig)
                        except ProcessLookupError:
                            pass
                deadline = time.monotonic() + wait
                while group_pids(pgid) and time.monotonic() < deadline:
                    proc.poll()
                    time.sleep(0.05)
                if not group_pids(pgid):
                    break
                if sig == signal.SIGTERM:
                    log("ejabberd ignored SIGTERM for %.0f s, killing it" % wait)
            proc.wait()
            return self._stopped("ejabberd")


# --- control socket ---------------------------------------------------------

def ctl_address(tmp):
    path = os.path.join(tmp, CTL_SOCKET)
    if len(path.encode()) < 100:
        return path
    return "\0glint-xmpp-env-" + os.path.basename(tmp)   # abstract socket


def serve_ctl(server, listener):
    """Answer one-line requests: stop-server, kill-server (Prosody: SIGKILL),
    start-server, status."""
    while True:
        try:
            conn, _ = listener.accept()
        except OSError:
            return   # listener closed at shutdown
        with conn:
            try:
                conn.settimeout(10)
                req = b""
                while not req.endswith(b"\n") and len(req) < 256:
                    chunk = conn.recv(256)
                    if not chunk:
                        break
                    req += chunk
                verb = req.decode(errors="replace").strip()
                if verb == "stop-server":
                    reply = "ok " + server.stop()
                elif verb == "kill-server" and hasattr(server, "kill"):
                    reply = "ok " + server.kill()
                elif verb == "start-server":
                    reply = "ok " + server.start()
                elif verb == "status":
                    reply = "ok " + json.dumps(server.state, sort_keys=True)
                elif verb.startswith("forget-occupant ") and hasattr(server, "forget_occupant"):
                    reply = "ok " + server.forget_occupant(verb.split(" ", 1)[1])
                else:
                    reply = "error unknown request %r" % verb
            except Failure as e:
                reply = "error " + str(e)
            except Exception as e:   # keep serving; report to the caller
                reply = "error %s: %s" % (type(e).__name__, e)
            try:
                conn.settimeout(10)
                conn.sendall((reply.replace("\n", "\\n") + "\n").encode())
            except OSError:
                pass


def ctl_main(argv):
    verbs = ("stop-server", "kill-server", "start-server", "status")
    if not (len(argv) == 2 and argv[1] in verbs or len(argv) == 3 and argv[1] == "forget-occupant"):
        print("usage: xmpp-env.py --ctl DIR stop-server|kill-server|start-server|status|"
              "forget-occupant ROOM/NICK", file=sys.stderr)
        return 2
    tmp, verb = argv[0], " ".join(argv[1:])
    try:
        with open(os.path.join(tmp, STATE_FILE), encoding="utf-8") as f:
            state = json.load(f)
    except (OSError, ValueError) as e:
        print("xmpp-env --ctl: no server state in %s: %s" % (tmp, e), file=sys.stderr)
        return 1
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            start_timeout = (EJABBERD_START_TIMEOUT if state.get("server") == "ejabberd"
                             else START_TIMEOUT)
            s.settimeout(start_timeout + STOP_TIMEOUT + 15)
            s.connect(state["ctl_socket"])
            s.sendall((verb + "\n").encode())
            reply = b""
            while not reply.endswith(b"\n"):
                chunk = s.recv(65536)
                if not chunk:
                    break
                reply += chunk
    except OSError as e:
        print("xmpp-env --ctl: cannot reach the xmpp-env.py of %s: %s" % (tmp, e),
              file=sys.stderr)
        return 1
    text = reply.decode(errors="replace").strip().replace("\\n", "\n")
    if text.startswith("ok"):
        if verb == "status":
            print(text[3:])
        return 0
    print("xmpp-env --ctl %s: %s" % (verb, text or "no reply"), file=sys.stderr)
    return 1


# --- main -------------------------------------------------------------------

def trust_bundle(state):
    """The CA file to trust: this server's, plus an outer harness's when
    one runs around this one (two servers at once)."""
    outer = os.environ.get("GLINT_TEST_CA")
    if not outer or not os.path.exists(outer):
        return state["ca"]
    bundle = os.path.join(state["dir"], "trust-bundle.pem")
    with open(bundle, "w") as out:
        for path in (outer, state["ca"]):
            with open(path) as f:
                out.write(f.read())
    return bundle


def build_env(state, var_prefix="GLINT_TEST"):
    def prefix(script, *extra):
        return " ".join(shlex.quote(x) for x in (PYTHON, os.path.join(HERE, script)) + extra)
    env = {
        "GLINT_TEST_DOMAIN": DOMAIN,
        "GLINT_TEST_UNTRUSTED_DOMAIN": UNTRUSTED,
        "GLINT_TEST_MUC_DOMAIN": MUC_DOMAIN,
        "GLINT_TEST_HOST": HOST,
        "GLINT_TEST_PORT": str(state["c2s_port"]),
        "GLINT_TEST_TLS_PORT": str(state["tls_port"]),
        "GLINT_TEST_CA": state["ca"],
        "SSL_CERT_DIR": state["empty_cert_dir"],
        "GLINT_TEST_PEER": prefix("peer.py"),
        "GLINT_TEST_CROWD": prefix("crowd.py"),
        "GLINT_TEST_HOSTILE": prefix("hostile-server.py"),
        "GLINT_TEST_FAULT_PROXY": prefix("fault-proxy.py"),
        "GLINT_TEST_CTL": prefix("xmpp-env.py", "--ctl", state["dir"]),
        "GLINT_TEST_DIR": state["dir"],
    }
    if var_prefix != "GLINT_TEST":
        env = {k.replace("GLINT_TEST", var_prefix, 1): v for k, v in env.items()}
        env["SSL_CERT_DIR"] = state["empty_cert_dir"]
        # peer.py reads GLINT_TEST_PORT, which belongs to the outer server.
        env[var_prefix + "_PEER"] = prefix("peer.py", "--port", str(state["c2s_port"]))
    env["SSL_CERT_FILE"] = trust_bundle(state)
    return env


def usage(code):
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    print("\nVariables given to COMMAND:\n" + ENV_DOC, file=sys.stderr)
    return code


def parse_args(argv):
    opts = {"keep": False, "debug": False, "demo": False, "command": [],
            "server": "prosody", "prefix": "GLINT_TEST"}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            opts["command"] = argv[i + 1:]
            break
        if arg == "--keep":
            opts["keep"] = True
        elif arg == "--debug":
            opts["debug"] = True
        elif arg == "--demo":
            opts["demo"] = True
        elif arg == "--server" or arg.startswith("--server="):
            if arg == "--server":
                i += 1
                if i >= len(argv):
                    raise Failure("--server needs prosody or ejabberd")
                value = argv[i]
            else:
                value = arg.split("=", 1)[1]
            if value not in ("prosody", "ejabberd"):
                raise Failure("unknown server %r (prosody or ejabberd)" % value)
            opts["server"] = value
        elif arg == "--prefix":
            i += 1
            if i >= len(argv) or not argv[i].replace("_", "").isalnum():
                raise Failure("--prefix needs a variable name prefix")
            opts["prefix"] = argv[i]
        elif arg in ("-h", "--help"):
            return None
        elif arg.startswith("-"):
            raise Failure("unknown option %s" % arg)
        else:
            opts["command"] = argv[i:]
            break
        i += 1
    if opts["demo"] == bool(opts["command"]):
        raise Failure("give either --demo or -- COMMAND")
    if opts["demo"] and opts["server"] != "prosody":
        raise Failure("--demo runs Prosody only")
    return opts


def on_signal(signum, frame):
    raise Terminated(signum)


def run_command(command, env):
    """Run COMMAND; on SIGINT/SIGTERM give it a grace period, then stop it."""
    try:
        proc = subprocess.Popen(command, env=env)
    except OSError as e:
        log("cannot run %s: %s" % (command[0], e))
        return 127
    try:
        proc.wait()
    except Terminated as t:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if t.signum == signal.SIGTERM:   # a terminal ^C already reached it
            try:
                proc.send_signal(signal.SIGTERM)
            except ProcessLookupError:
                pass
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                proc.wait(COMMAND_GRACE)
                break
            except subprocess.TimeoutExpired:
                log("command still running, sending %s" % signal.Signals(sig).name)
                proc.send_signal(sig)
        proc.wait()
        return 128 + t.signum
    return proc.returncode if proc.returncode >= 0 else 128 - proc.returncode


def demo(env):
    try:
        for key in sorted(env):
            print("%s=%s" % (key, env[key]))
        print("READY", flush=True)
    except BrokenPipeError:
        return 0
    while True:
        try:
            if not os.read(0, 65536):
                return 0
        except OSError:
            return 0


def main(argv):
    ensure_std_fds()
    if argv[:1] == ["--ctl"]:
        return ctl_main(argv[1:])
    try:
        opts = parse_args(argv)
    except Failure as e:
        log(str(e))
        return usage(2)
    if opts is None:
        return usage(0)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)   # a closed stdout must not skip clean-up
    t0 = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="glint-xmpp-")
    server = listener = None
    code = 1
    try:
        pki = make_certificates(tmp)
        if opts["server"] == "ejabberd":
            c2s_port, tls_port, dist_port = free_ports(3)
            ej = write_ejabberd_config(tmp, pki, c2s_port, tls_port, dist_port,
                                       opts["debug"])
            state = dict(ej, dir=tmp, server="ejabberd", c2s_port=c2s_port,
                         tls_port=tls_port, dist_port=dist_port, ca=pki["ca"],
                         empty_cert_dir=pki["empty_cert_dir"],
                         log=os.path.join(ej["logs"], "ejabberd.log"),
                         console_log=os.path.join(tmp, "ejabberd.console"),
                         ctl_socket=ctl_address(tmp), main_pid=os.getpid(),
                         pid=None, running=False)
            name, server_class = "ejabberd", EjabberdServer
        else:
            c2s_port, tls_port = free_ports(2)
            config = write_config(tmp, pki, c2s_port, tls_port, opts["debug"])
            register_accounts(config)
            write_big_roster(os.path.join(tmp, "data"))
            state = {"dir": tmp, "config": config, "c2s_port": c2s_port, "tls_port": tls_port,
                     "ca": pki["ca"], "empty_cert_dir": pki["empty_cert_dir"],
                     "log": os.path.join(tmp, "prosody.log"),
                     "console_log": os.path.join(tmp, "prosody.console"),
                     "ctl_socket": ctl_address(tmp), "main_pid": os.getpid(),
                     "pid": None, "running": False}
            name, server_class = "Prosody", Server
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(state["ctl_socket"])
        listener.listen(4)
        server = server_class(state)
        server.start()
        if server_class is EjabberdServer:
            register_ejabberd_accounts(state)   # ejabberdctl needs the running node
        threading.Thread(target=serve_ctl, args=(server, listener), daemon=True).start()
        log("%s ready on %s ports %d (STARTTLS) and %d (TLS) after %.2f s"
            % (name, HOST, c2s_port, tls_port, time.monotonic() - t0))
        env = build_env(state, opts["prefix"])
        if opts["demo"]:
            code = demo(env)
        else:
            code = run_command(opts["command"], dict(os.environ, **env))
    except Terminated as t:
        code = 128 + t.signum
    except Failure as e:
        log(str(e))
        code = 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        # Stop Prosody before closing the ctl socket: a Prosody started by the
        # ctl thread gets SIGKILL (PR_SET_PDEATHSIG) when that thread ends.
        if server is not None:
            try:
                server.shutdown()
            except Failure as e:
                log(str(e))
                code = code or 1
        if listener is not None:
            try:
                listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            listener.close()
        if opts["keep"]:
            log("kept %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/python3
"""A fake XMPP server that strips STARTTLS, for Glint's downgrade tests.

Usage:
  hostile-server.py --report FILE [--domain glint.test] [--password PW]...
                    [--timeout 60] [--max-connections 20] [--verbose]

Listens on a free port on 127.0.0.1 and prints that port as the first line
on stdout.  Every client stream gets <stream:features> with no <starttls/>,
only SASL PLAIN and SCRAM-SHA-1 and the legacy iq-auth feature.  A client
that sends <auth> gets <failure><not-authorized/></failure> and the stream
is closed; a <starttls/> sent anyway gets a TLS <failure/>; a legacy
jabber:iq:auth "get" is answered with the password field so that a client
willing to use it reveals itself with the "set".

After each connection closes (and at start and exit) FILE is rewritten:
  {"connections": N, "auth_attempted": bool, "password_sent": bool,
   "starttls_attempted": bool, "port": P, "received": ["...", ...]}
"received" has everything each connection sent (one string per connection,
undecodable bytes replaced).  auth_attempted is true if any client sent an
<auth> element, a jabber:iq:auth iq, or a password (plain or inside any
base64 text); --password adds to the default test passwords.

Stops after --timeout seconds in total, after --max-connections connections
have come and gone, or when stdin is closed (stdin is only watched when it
is a pipe, socket or terminal, so </dev/null does not stop it at once).
"""

import argparse
import base64
import binascii
import json
import os
import re
import selectors
import socket
import stat
import sys
import threading
import time

DEFAULT_PASSWORDS = ["alice-pw", "bob-pw", "carol-pw", "dave-pw"]
CONN_IDLE_TIMEOUT = 15.0
MAX_RECORD = 1 << 20        # bytes kept per connection

NS_SASL = "urn:ietf:params:xml:ns:xmpp-sasl"
NS_TLS = "urn:ietf:params:xml:ns:xmpp-tls"

RE_STREAM_OPEN = re.compile(rb"<(?:[\w.-]+:)?stream\b[^>]*>")
RE_AUTH = re.compile(rb"<auth\b[^>]*?(?:/>|>.*?</auth\s*>)", re.S)
RE_AUTH_START = re.compile(rb"<auth\b")
RE_STARTTLS = re.compile(rb"<starttls\b")
RE_IQ_START = re.compile(rb"<iq\b")
RE_IQ = re.compile(rb"<iq\b[^>]*?(?:/>|>.*?</iq\s*>)", re.S)
RE_STREAM_CLOSE = re.compile(rb"</(?:[\w.-]+:)?stream\s*>")
RE_ATTR = r"""\b%s\s*=\s*(?:'([^']*)'|"([^"]*)")"""
RE_B64 = re.compile(rb"[A-Za-z0-9+/]{4,}={0,2}")

verbose = False

# mode: (what comes before the stream header, the mechanism's text)
PLAIN_MODES = {
    "plain-only": ("", "PLAIN"),
    "plain-entity": ("<!DOCTYPE stream:stream [<!ENTITY m 'PLAIN'>]>", "&m;"),
    "plain-comment": ("", "PL<!-- a comment -->AIN"),
    "plain-instruction": ("", "PL<?glint an instruction?>AIN"),
    # Registration (XEP-0077) on a plain stream: a hostile form, and one
    # too large to read.
    "register-hostile": ("", "PLAIN"),
    "register-flood": ("", "PLAIN"),
}
REGISTER_FIELDS = {"register-hostile": 2000, "register-flood": 10000}
CAPTCHA_BYTES = 300 * 1024   # over what Glint shows, under what it reads at once


def hostile_form(fields):
    """A registration form with markup and a bidi override in its words, a
    CAPTCHA picture too large to show, and @fields more fields."""
    parts = ["<query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='form'>"
             "<title>&lt;b&gt;Join&lt;/b&gt;</title>"
             "<instructions>&lt;b&gt;Bold&lt;/b&gt; \u202eevil</instructions>"
             "<field var='ocr' label='Read this'><required/><media xmlns='urn:xmpp:media-element'>"
             "<uri type='image/png'>cid:big@bob.xmpp.org</uri></media></field>"]
    parts += ["<field var='f%d' label='&lt;i&gt;field %d&lt;/i&gt;'/>" % (i, i) for i in range(fields)]
    parts.append("</x></query><data xmlns='urn:xmpp:bob' cid='big@bob.xmpp.org' type='image/png'>")
    parts.append(base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * CAPTCHA_BYTES).decode())
    parts.append("</data>")
    return "".join(parts)


def debug(msg):
    if verbose:
        print("hostile-server: " + msg, file=sys.stderr, flush=True)


def attr(tag, name):
    m = re.search((RE_ATTR % name).encode(), tag)
    if not m:
        return None
    return (m.group(1) if m.group(1) is not None else m.group(2)).decode(errors="replace")


def contains_password(data, passwords):
    """Password in clear, or inside any base64-looking run of the data."""
    secrets = [p.encode() for p in passwords if p]
    if any(s in data for s in secrets):
        return True
    for m in RE_B64.finditer(data):
        token = m.group(0)
        token += b"=" * (-len(token) % 4)
        try:
            decoded = base64.b64decode(token, validate=True)
        except (binascii.Error, ValueError):
            continue
        if any(s in decoded for s in secrets):
            return True
    return False


class Report:
    """Shared results, written to FILE as JSON after every change."""

    def __init__(self, path, port, passwords):
        self.path = path
        self.port = port
        self.passwords = passwords
        self.lock = threading.Lock()
        self.connections = 0
        self.auth = False
        self.starttls = False
        self.received = []

    def add(self, conn):
        with self.lock:
            self.connections += 1
            self.auth = self.auth or conn.auth
            self.starttls = self.starttls or conn.starttls
            self.received.append(bytes(conn.data))
            self.write_locked()

    def write(self):
        with self.lock:
            self.write_locked()

    def write_locked(self):
        leaked = any(contains_password(d, self.passwords) for d in self.received)
        doc = {
            "connections": self.connections,
            "auth_attempted": self.auth or leaked,
            "password_sent": leaked,
            "starttls_attempted": self.starttls,
            "port": self.port,
            "received": [d.decode("utf-8", "replace") for d in self.received],
        }
        tmp = self.path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=1, ensure_ascii=False)
            f.write("\n")
        os.replace(tmp, self.path)


class Connection:
    """One client: read, answer the few things we understand, record it all."""

    def __init__(self, sock, number, domain, deadline, mode="strip-starttls"):
        self.mode = mode
        self.sock = sock
        self.number = number
        self.domain = domain
        self.deadline = deadline
        self.data = bytearray()
        self.pos = 0           # how far self.data has been handled
        self.opened = False
        self.auth = False
        self.starttls = False
        self.register_asked = False
        self.done = False

    def send(self, text):
        try:
            self.sock.sendall(text.encode())
            debug("conn %d <- %s" % (self.number, text))
        except OSError:
            self.done = True

    def close_stream(self, text=""):
        self.send(text + "</stream:stream>")
        self.done = True

    def run(self):
        try:
            while not self.done:
                left = min(CONN_IDLE_TIMEOUT, self.deadline - time.monotonic())
                if left <= 0:
                    break
                self.sock.settimeout(left)
                try:
                    chunk = self.sock.recv(65536)
                except socket.timeout:
                    break
                except OSError:
                    break
                if not chunk:
                    break
                debug("conn %d -> %r" % (self.number, chunk))
                if len(self.data) < MAX_RECORD:
                    self.data += chunk[:MAX_RECORD - len(self.data)]
                self.handle()
        finally:
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.sock.close()

    def handle(self):
        while not self.done:
            rest = bytes(self.data[self.pos:])
            if not self.opened:
                m = RE_STREAM_OPEN.search(rest)
                if not m:
                    return
                self.opened = True
                self.pos += m.end()
                self.send_features()
                continue
            found = []
            for kind, regex in (("auth", RE_AUTH_START), ("starttls", RE_STARTTLS),
                                ("iq", RE_IQ_START),
                                ("close", RE_STREAM_CLOSE),
                                ("reopen", RE_STREAM_OPEN)):
                m = regex.search(rest)
                if m:
                    found.append((m.start(), kind))
            if not found:
                return
            start, kind = min(found)
            if kind == "auth":
                self.auth = True
                m = RE_AUTH.match(rest, start)
                if not m:
                    return   # wait for the whole element (and its payload)
                self.pos += m.end()
                self.close_stream("<failure xmlns='%s'><not-authorized/></failure>" % NS_SASL)
            elif kind == "starttls":
                self.starttls = True
                self.pos += start + len(b"<starttls")
                self.close_stream("<failure xmlns='%s'/>" % NS_TLS)
            elif kind == "iq":
                m = RE_IQ.match(rest, start)
                if not m:
                    return
                self.pos += m.end()
                self.handle_iq(m.group(0))
            elif kind == "close":
                self.pos += start + len(b"</stream")
                self.close_stream()
            else:   # a stream restart: answer it like the first one
                self.pos += rest.index(b">", start) + 1
                self.send_features()

    def send_bytes(self, data):
        try:
            self.sock.sendall(data)
        except OSError:
            self.done = True

    def send_features(self):
        if self.mode == "starttls-failure":
            # STARTTLS offered, and then refused with <failure/>.
            self.send(
                "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                "xmlns:stream='http://etherx.jabber.org/streams' id='hostile-%d' "
                "from='%s' version='1.0' xml:lang='en'>"
                "<stream:features><starttls xmlns='%s'><required/></starttls>"
                "<mechanisms xmlns='%s'><mechanism>PLAIN</mechanism></mechanisms></stream:features>"
                % (self.number, self.domain, NS_TLS, NS_SASL))
            return
        if self.mode in PLAIN_MODES:
            # A plain stream (the client chose no TLS) offering only PLAIN:
            # a login downgrade for a client that saw SCRAM before. The
            # other modes say the same with XML that XMPP forbids: a client
            # that reads it logs in.
            prolog, mechanism = PLAIN_MODES[self.mode]
            self.send(
                "<?xml version='1.0'?>%s<stream:stream xmlns='jabber:client' "
                "xmlns:stream='http://etherx.jabber.org/streams' id='hostile-%d' "
                "from='%s' version='1.0' xml:lang='en'>"
                "<stream:features><mechanisms xmlns='%s'><mechanism>%s</mechanism></mechanisms>"
                "</stream:features>" % (prolog, self.number, self.domain, NS_SASL, mechanism))
            return
        if self.mode != "strip-starttls":
            self.send_hostile()
            return
        self.send(
            "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            "xmlns:stream='http://etherx.jabber.org/streams' id='hostile-%d' "
            "from='%s' version='1.0' xml:lang='en'>"
            "<stream:features><mechanisms xmlns='%s'><mechanism>PLAIN</mechanism>"
            "<mechanism>SCRAM-SHA-1</mechanism></mechanisms>"
            "<auth xmlns='http://jabber.org/features/iq-auth'/></stream:features>"
            % (self.number, self.domain, NS_SASL))

    STREAM_HEADER = ("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
                     "id='hostile' from='%s' version='1.0'>")

    def send_hostile(self):
        """Malformed or hostile XML in place of the features; then wait."""
        header = (self.STREAM_HEADER % self.domain).encode()
        if self.mode == "doctype":
            entities = "<!ENTITY a0 'aaaaaaaaaaaaaaaaaaaa'>" + "".join(
                "<!ENTITY a%d '%s'>" % (i, ("&a%d;" % (i - 1)) * 10) for i in range(1, 10))
            self.send_bytes(("<?xml version='1.0'?><!DOCTYPE stream:stream [%s]>" % entities).encode()
                            + header + b"<stream:features>&a9;</stream:features>")
        elif self.mode == "bad-utf8":
            self.send_bytes(b"<?xml version='1.0'?>" + header
                            + b"<stream:features><x>\xff\xfe\xc3\x28\xed\xa0\x80</x></stream:features>")
        elif self.mode == "deep":
            self.send_bytes(b"<?xml version='1.0'?>" + header + b"<stream:features>" + b"<x>" * 1000000)
        elif self.mode == "huge":
            self.send_bytes(b"<?xml version='1.0'?>" + header + b"<stream:features><x>")
            chunk = b"A" * (1 << 20)
            for _ in range(32):
                if self.done:
                    break
                self.send_bytes(chunk)
        elif self.mode in ("wide", "wide-within"):
            # A flat list of children: libstrophe's cost grows with its square.
            count = 100000 if self.mode == "wide" else 6000
            self.send_bytes(b"<?xml version='1.0'?>" + header + b"<stream:features>"
                            + b"<a/>" * count
                            + b"<mechanisms xmlns='%s'><mechanism>PLAIN</mechanism></mechanisms>"
                            % NS_SASL.encode() + b"</stream:features>")
        elif self.mode == "endless-tag":
            # A tag that never closes: expat buffers it.
            self.send_bytes(b"<?xml version='1.0'?>" + header + b"<stream:features><x a='")
            chunk = b"A" * (1 << 20)
            for _ in range(32):
                if self.done:
                    break
                self.send_bytes(chunk)
        elif self.mode == "many-attributes":
            # One tag with 100,000 attributes: each is added by walking a chain.
            self.send_bytes(b"<?xml version='1.0'?>" + header + b"<stream:features><x "
                            + b"".join(b"a%d='' " % i for i in range(100000)) + b"/></stream:features>")
        elif self.mode == "garbage":
            self.send_bytes(b"\x00\x01\x02 this is not XML at all <<<>>> \x00" * 100)

    def handle_iq(self, iq):
        head = iq[:iq.index(b">") + 1]
        iq_id = attr(head, "id") or ""
        iq_type = attr(head, "type") or ""
        quoted_id = iq_id.replace("&", "&amp;").replace("'", "&apos;").replace("<", "&lt;")
        if b"jabber:iq:auth" in iq:
            if iq_type == "get":
                self.send("<iq type='result' id='%s'><query xmlns='jabber:iq:auth'>"
                          "<username/><password/><resource/></query></iq>" % quoted_id)
                return
            self.auth = True
            self.close_stream("<iq type='error' id='%s'><error type='auth'>"
                              "<not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                              "</error></iq>" % quoted_id)
        elif b"jabber:iq:register" in iq and self.mode in REGISTER_FIELDS:
            self.register_asked = True
            if iq_type == "get":
                self.send("<iq type='result' id='%s'>%s</iq>" % (quoted_id, hostile_form(REGISTER_FIELDS[self.mode])))
            else:
                self.send("<iq type='error' id='%s'><error type='cancel'>"
                          "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>" % quoted_id)
        elif iq_type in ("get", "set"):
            # Not authenticated: nothing else is allowed.
            self.send("<iq type='error' id='%s'><error type='auth'>"
                      "<not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                      "</error></iq>" % quoted_id)


def stdin_watchable():
    try:
        mode = os.fstat(0).st_mode
    except OSError:
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode) or os.isatty(0)


def main():
    global verbose
    ap = argparse.ArgumentParser(description="XMPP server that offers no STARTTLS.")
    ap.add_argument("--report", required=True, help="JSON report file")
    ap.add_argument("--domain", default="glint.test")
    ap.add_argument("--password", action="append", default=[],
                    help="also look for this password (repeatable)")
    ap.add_argument("--timeout", type=float, default=60.0, help="total run time, seconds")
    ap.add_argument("--max-connections", type=int, default=20)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--mode", default="strip-starttls",
                    choices=["strip-starttls", "starttls-failure", *PLAIN_MODES, "doctype", "bad-utf8", "deep", "huge",
                             "wide", "wide-within", "endless-tag", "many-attributes", "garbage"],
                    help="strip-starttls: offer no STARTTLS (default); plain-only: offer only SASL "
                         "PLAIN and no STARTTLS (plain-entity, plain-comment, plain-instruction: "
                         "the same through a DOCTYPE's entity, a comment or a processing "
                         "instruction, which XMPP forbids); the others answer the "
                         "stream with hostile XML: an entity bomb in a DOCTYPE, invalid UTF-8, "
                         "1,000,000 nested elements, 32 MiB of text, 100,000 children of one "
                         "element (wide-within: 6,000, and no STARTTLS), a tag that never "
                         "ends, a tag with 100,000 attributes, or bytes that are not XML")
    args = ap.parse_args()
    verbose = args.verbose

    deadline = time.monotonic() + args.timeout
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    report = Report(args.report, port, DEFAULT_PASSWORDS + args.password)
    report.write()
    try:
        print(port, flush=True)
    except BrokenPipeError:
        pass

    sel = selectors.DefaultSelector()
    sel.register(listener, selectors.EVENT_READ, "listen")
    if stdin_watchable():
        sel.register(0, selectors.EVENT_READ, "stdin")
    threads = []
    conns = []
    accepted = 0
    stop = False
    while not stop:
        left = deadline - time.monotonic()
        if left <= 0:
            debug("time is up")
            break
        if accepted >= args.max_connections and not any(t.is_alive() for t in threads):
            debug("connection limit reached")
            break
        for key, _ in sel.select(min(left, 0.5)):
            if key.data == "stdin":
                try:
                    if not os.read(0, 4096):
                        debug("stdin closed")
                        stop = True
                except OSError:
                    stop = True
            elif key.data == "listen" and accepted < args.max_connections:
                try:
                    sock, _addr = listener.accept()
                except (BlockingIOError, InterruptedError):
                    continue
                sock.setblocking(True)
                accepted += 1
                conn = Connection(sock, accepted, args.domain, deadline, args.mode)
                conns.append(conn)

                def serve(c=conn):
                    c.run()
                    report.add(c)
                t = threading.Thread(target=serve, daemon=True)
                t.start()
                threads.append(t)
                if accepted >= args.max_connections:
                    sel.unregister(listener)
                    listener.close()
    sel.close()
    if listener.fileno() >= 0:
        listener.close()
    for c in conns:             # wake up readers still waiting
        c.done = True
        try:
            c.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    for t in threads:
        t.join(5)
    report.write()
    return 0


if __name__ == "__main__":
    sys.exit(main())

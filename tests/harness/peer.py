#!/usr/bin/python3
"""The "other person" in Glint's tests: an XMPP client driven by JSON lines.

Usage:
  peer.py JID PASSWORD [--host H] [--port P] [--direct-tls] [--echo]
          [--accept-subscriptions] [--verbose]

Connects with STARTTLS (or direct TLS with --direct-tls) to H:P, by default
GLINT_TEST_HOST and GLINT_TEST_PORT (GLINT_TEST_TLS_PORT with --direct-tls),
verifying the server against SSL_CERT_FILE or GLINT_TEST_CA.  The resource
is "peer".

stdin: one JSON command per line, handled in order (commands sent before
"ready" wait for it):
  {"cmd":"send","to":J,"body":T,"type":"chat","state":null|"active"}
                                                   -> ok with id, origin_id
  {"cmd":"chat_state","to":J,"state":"composing"}
  {"cmd":"burst","to":J,"count":N,"prefix":T,"type":"chat"}
                                                   (N messages "T i", in order)
  {"cmd":"presence","show":"away"|null,"status":T|null,"type":null|"unavailable",
   "priority":N}
  {"cmd":"subscribe","to":J}  {"cmd":"approve","to":J}  {"cmd":"deny","to":J}
  {"cmd":"unsubscribe","to":J}
  {"cmd":"roster"}                                 -> roster event, then ok
  {"cmd":"raw","xml":"<...>"}                      (sent as-is, even malformed)
  {"cmd":"query","to":J,"xmlns":NS,"node":N|null}  -> query_result with type
                                                   (result|error), condition, xml
  {"cmd":"ping"}                                   (just ok: a barrier)
  {"cmd":"quit"}                                   (disconnect, exit 0)
stdout: one JSON event per line: ready, message (with "receipt": the id a
  XEP-0184 receipt confirms, "receipt_requested", and "replaces": the id
  a XEP-0308 correction replaces, and "displayed": the id a XEP-0333 marker
  names), chat_state, presence
  (with caps_node, caps_hash, caps_ver when it has entity capabilities;
  a message with invite_room and invite_reason for a XEP-0249 invitation),
  (with muc_codes, muc_role and muc_nick from a room's presence),
  subscribe, subscribed, unsubscribe, unsubscribed, roster, query_result, ok,
  error, disconnected.  Logging goes to stderr.
Exit status: 0 after quit or stdin EOF, 1 if connecting or logging in
failed, 3 if the server closed the connection.
"""

import argparse
import asyncio
import json
import logging
import os
import sys
import threading
import uuid

from xml.etree import ElementTree

import slixmpp
from slixmpp.exceptions import IqError, IqTimeout
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

NS_CHATSTATES = "http://jabber.org/protocol/chatstates"
NS_SID = "urn:xmpp:sid:0"
NS_ROSTER = "jabber:iq:roster"
NS_CLIENT = "jabber:client"
NS_SASL = "urn:ietf:params:xml:ns:xmpp-sasl"
NS_CAPS = "http://jabber.org/protocol/caps"
NS_MUC_USER = "http://jabber.org/protocol/muc#user"
CHAT_STATES = ("active", "composing", "paused", "inactive", "gone")
LOGIN_TIMEOUT = 30.0
ECHO_DELAY = 0.3

log = logging.getLogger("peer")


def emit(event, **fields):
    """Write one event line to stdout."""
    fields = dict({"event": event}, **fields)
    try:
        sys.stdout.write(json.dumps(fields, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        pass   # nobody listens any more; the stdin EOF will end us


def child(xml, ns, name):
    return xml.find("{%s}%s" % (ns, name))


class Peer(slixmpp.ClientXMPP):
    def __init__(self, jid, password, echo=False, accept=False):
        super().__init__(jid, password)
        self.echo = echo
        self.accept = accept
        self.ready = False
        self.quitting = False
        self.exit_code = 0
        self.finished = self.loop.create_future()
        self.commands = asyncio.Queue()
        self.subscribed_to = set()
        # Subscriptions are handled here, not by slixmpp's automatic rules.
        self.roster.auto_authorize = None
        self.roster.auto_subscribe = False
        self.register_plugin("xep_0030")
        self.register_plugin("xep_0085")
        self.register_plugin("xep_0359")
        # slixmpp 1.8 would still try SCRAM on a stream without TLS (for
        # example against hostile-server.py); never authenticate in clear.
        self.add_filter("out", self.tls_guard)
        self.add_event_handler("session_start", self.on_session_start)
        # slixmpp's "message" event only covers stanzas with a <body>; this
        # sees every message stanza (chat states, errors, receipts) once.
        self.register_handler(Callback(
            "Peer message", MatchXPath("{%s}message" % NS_CLIENT), self.on_message))
        self.add_event_handler("presence", self.on_presence)
        self.add_event_handler("failed_all_auth", self.on_failed_auth)
        self.add_event_handler("connection_failed", self.on_connection_failed)
        self.add_event_handler("ssl_invalid_chain", self.on_invalid_chain)
        self.add_event_handler("stream_error", self.on_stream_error)
        self.add_event_handler("disconnected", self.on_disconnected)

    # --- life cycle ---------------------------------------------------------

    def finish(self, code):
        if not self.finished.done():
            self.exit_code = code
            self.finished.set_result(code)

    def fail(self, message):
        """Login-time failure: report, drop the connection, exit 1."""
        if self.finished.done():
            return
        emit("error", message=message)
        self.quitting = True
        self.cancel_connection_attempt()
        if self.transport:
            self.abort()
        self.finish(1)

    def tls_guard(self, stanza):
        if stanza.xml.tag == "{%s}auth" % NS_SASL:
            tls = self.transport is not None and \
                self.transport.get_extra_info("ssl_object") is not None
            if not tls:
                self.loop.call_soon(self.fail, "no TLS on the stream; not authenticating")
                return None
        return stanza

    async def on_session_start(self, _event):
        try:
            await self.fetch_roster()
        except Exception as e:   # IqError, IqTimeout
            log.warning("initial roster fetch failed: %s", e)
        self.send_presence()
        self.ready = True
        emit("ready", jid=str(self.boundjid))
        asyncio.ensure_future(self.command_loop())

    def on_failed_auth(self, _event):
        self.fail("authentication failed for %s" % self.boundjid.bare)

    def on_connection_failed(self, error):
        self.fail("connection failed: %s" % error)

    def on_invalid_chain(self, error):
        self.fail("TLS certificate verification failed: %s" % error)

    def on_stream_error(self, error):
        emit("error", message="stream error: %s %s" % (
            error["condition"], error["text"] or ""))
        if not self.ready:
            self.fail("stream error before login: %s" % error["condition"])

    def on_disconnected(self, _reason):
        if self.finished.done():
            return
        emit("disconnected")
        if self.quitting:
            self.finish(0)
        elif not self.ready:
            self.fail("disconnected before login completed")
        else:
            self.finish(3)

    def login_timeout(self):
        if not self.ready:
            self.fail("no session after %.0f s" % LOGIN_TIMEOUT)

    def quit(self):
        if self.quitting:
            return
        self.quitting = True
        if self.transport:
            self.disconnect(wait=2.0)
        else:
            emit("disconnected")
            self.finish(0)

    # --- incoming -----------------------------------------------------------

    def on_message(self, msg):
        xml = msg.xml
        body_el = child(xml, NS_CLIENT, "body")
        body = None if body_el is None else (body_el.text or "")
        state = None
        for el in xml:
            if el.tag.startswith("{%s}" % NS_CHATSTATES):
                state = el.tag.split("}", 1)[1]
                break
        origin = child(xml, NS_SID, "origin-id")
        receipt = child(xml, "urn:xmpp:receipts", "received")
        asks_receipt = child(xml, "urn:xmpp:receipts", "request") is not None
        replace = child(xml, "urn:xmpp:message-correct:0", "replace")
        displayed = child(xml, "urn:xmpp:chat-markers:0", "displayed")
        sender = xml.get("from") or ""
        mtype = xml.get("type") or "normal"
        if body is None and state is not None and mtype != "error":
            emit("chat_state", **{"from": sender, "state": state})
            return
        fields = {"from": sender, "to": xml.get("to") or str(self.boundjid),
                  "type": mtype, "body": body, "id": xml.get("id"),
                  "origin_id": None if origin is None else origin.get("id"),
                  "chat_state": state,
                  "receipt": None if receipt is None else receipt.get("id"),
                  "receipt_requested": asks_receipt,
                  "replaces": None if replace is None else replace.get("id"),
                  "displayed": None if displayed is None else displayed.get("id")}
        if mtype == "error":
            fields["error"] = msg["error"]["condition"] or None
        invite = child(xml, "jabber:x:conference", "x")
        if invite is not None:
            fields.update(invite_room=invite.get("jid"), invite_reason=invite.get("reason"))
        emit("message", **fields)
        if (self.echo and body and mtype in ("chat", "normal")
                and not body.startswith("Echo: ")):
            asyncio.ensure_future(self.echo_back(sender, body, mtype))

    async def echo_back(self, to, body, mtype):
        self.send_chat_state(to, "composing")
        await asyncio.sleep(ECHO_DELAY)
        self.send_body(to, "Echo: " + body, mtype, state="active")

    def on_presence(self, pres):
        xml = pres.xml
        ptype = xml.get("type") or "available"
        sender = slixmpp.JID(xml.get("from") or self.boundjid.bare)
        if ptype in ("subscribe", "subscribed", "unsubscribe", "unsubscribed"):
            emit(ptype, **{"from": sender.bare})
            if ptype == "subscribe" and self.accept:
                self.send_presence(pto=sender.bare, ptype="subscribed")
                if sender.bare not in self.subscribed_to:
                    self.subscribed_to.add(sender.bare)
                    self.send_presence(pto=sender.bare, ptype="subscribe")
            return
        show_el = child(xml, NS_CLIENT, "show")
        status_el = child(xml, NS_CLIENT, "status")
        idle_el = child(xml, "urn:xmpp:idle:1", "idle")
        fields = {"from": str(sender), "type": ptype,
                  "show": None if show_el is None else (show_el.text or ""),
                  "status": None if status_el is None else (status_el.text or ""),
                  "idle_since": None if idle_el is None else idle_el.get("since")}
        if ptype == "error":
            fields["error"] = pres["error"]["condition"] or None
        muc = child(xml, NS_MUC_USER, "x")
        if muc is not None:
            item = child(muc, NS_MUC_USER, "item")
            fields.update(muc_codes=sorted(int(st.get("code", "0")) for st in muc.findall(
                              "{%s}status" % NS_MUC_USER)),
                          muc_role=None if item is None else item.get("role"),
                          muc_nick=None if item is None else item.get("nick"))
        caps = child(xml, NS_CAPS, "c")
        if caps is not None:
            fields.update(caps_node=caps.get("node"), caps_hash=caps.get("hash"), caps_ver=caps.get("ver"))
        emit("presence", **fields)

    # --- outgoing -----------------------------------------------------------

    def send_body(self, to, body, mtype="chat", state=None):
        msg = self.make_message(mto=to, mbody=body, mtype=mtype)
        msg["id"] = str(uuid.uuid4())
        msg["origin_id"]["id"] = msg["id"]
        if state:
            msg["chat_state"] = state
        msg.send()
        return msg["id"]

    def send_chat_state(self, to, state):
        msg = self.make_message(mto=to, mtype="chat")
        msg["chat_state"] = state
        msg.send()

    async def fetch_roster(self):
        # No roster version: always get the full list, not "unchanged".
        iq = self.Iq()
        iq["type"] = "get"
        iq.enable("roster")
        resp = await iq.send(timeout=15)
        items = []
        query = child(resp.xml, NS_ROSTER, "query")
        for item in ([] if query is None else query):
            if item.tag != "{%s}item" % NS_ROSTER:
                continue
            items.append({
                "jid": item.get("jid"), "name": item.get("name"),
                "subscription": item.get("subscription") or "none",
                "ask": item.get("ask"),
                "groups": [g.text or "" for g in item.findall("{%s}group" % NS_ROSTER)],
            })
            if item.get("subscription") in ("to", "both") or item.get("ask"):
                self.subscribed_to.add(item.get("jid"))
        return items

    # --- commands -----------------------------------------------------------

    def queue_line(self, line):
        self.commands.put_nowait(line)

    async def command_loop(self):
        while True:
            line = await self.commands.get()
            if line is None:   # stdin EOF
                self.quit()
                return
            line = line.strip()
            if not line:
                continue
            try:
                cmd = json.loads(line)
                if not isinstance(cmd, dict) or not isinstance(cmd.get("cmd"), str):
                    raise ValueError("expected an object with a \"cmd\" string")
            except ValueError as e:
                emit("error", message="bad command line %r: %s" % (line[:200], e))
                continue
            try:
                done = await self.run_command(cmd)
            except Exception as e:
                emit("error", cmd=cmd["cmd"], message="%s: %s" % (type(e).__name__, e))
                continue
            if done:
                return

    async def run_command(self, cmd):
        name = cmd["cmd"]

        def need(key):
            value = cmd.get(key)
            if not isinstance(value, str) or not value:
                raise ValueError("%s needs a %r string" % (name, key))
            return value

        if name == "send":
            mtype = cmd.get("type") or "chat"
            used = self.send_body(need("to"), cmd.get("body") or "", mtype,
                                  state=cmd.get("state"))
            emit("ok", cmd=name, id=used, origin_id=used)
        elif name == "burst":
            # COUNT messages "PREFIX i" in order, yielding now and then so
            # the stream is written as it goes.
            to, prefix = need("to"), cmd.get("prefix") or "burst"
            count = int(cmd.get("count") or 0)
            for i in range(count):
                self.send_body(to, "%s %d" % (prefix, i), cmd.get("type") or "chat")
                if i % 100 == 99:
                    await asyncio.sleep(0)
            emit("ok", cmd=name, count=count)
        elif name == "chat_state":
            state = need("state")
            if state not in CHAT_STATES:
                raise ValueError("unknown chat state %r" % state)
            self.send_chat_state(need("to"), state)
            emit("ok", cmd=name)
        elif name == "presence":
            if cmd.get("type") == "unavailable":
                self.send_presence(ptype="unavailable", pstatus=cmd.get("status"))
            elif cmd.get("type"):
                raise ValueError("presence type must be null or \"unavailable\"")
            else:
                self.send_presence(pshow=cmd.get("show"), pstatus=cmd.get("status"),
                                   ppriority=cmd.get("priority"))
            emit("ok", cmd=name)
        elif name in ("subscribe", "approve", "deny", "unsubscribe"):
            ptype = {"subscribe": "subscribe", "approve": "subscribed",
                     "deny": "unsubscribed", "unsubscribe": "unsubscribe"}[name]
            to = slixmpp.JID(need("to")).bare
            if name == "subscribe":
                self.subscribed_to.add(to)
            self.send_presence(pto=to, ptype=ptype)
            emit("ok", cmd=name)
        elif name == "roster":
            items = await self.fetch_roster()
            emit("roster", items=items)
            emit("ok", cmd=name)
        elif name == "raw":
            xml = cmd.get("xml")
            if not isinstance(xml, str):
                raise ValueError("raw needs an \"xml\" string")
            self.send_raw(xml)
            emit("ok", cmd=name, length=len(xml.encode()))
        elif name == "query":
            iq = self.Iq()
            iq["type"] = "get"
            iq["to"] = need("to")
            query = ElementTree.Element("{%s}query" % need("xmlns"))
            if cmd.get("node"):
                query.set("node", cmd["node"])
            iq.xml.append(query)
            try:
                resp = await iq.send(timeout=15)
                emit("query_result", type="result", condition=None, xml=str(resp))
            except IqError as e:
                emit("query_result", type="error", condition=e.iq["error"]["condition"], xml=str(e.iq))
            except IqTimeout:
                emit("query_result", type="timeout", condition=None, xml=None)
            emit("ok", cmd=name)
        elif name == "ping":
            emit("ok", cmd=name)
        elif name == "quit":
            emit("ok", cmd=name)
            self.quit()
            return True
        else:
            raise ValueError("unknown command %r" % name)
        return False


def read_stdin(peer):
    """Thread: hand stdin lines to the event loop; None means EOF.

    Reads fd 0 directly: a daemon thread blocked inside sys.stdin's buffered
    reader makes the interpreter abort at exit (it holds the buffer lock).
    """
    loop = peer.loop
    pending = b""
    while True:
        try:
            chunk = os.read(0, 65536)
        except InterruptedError:
            continue
        except OSError:
            chunk = b""
        if not chunk:
            break
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for raw in lines:
            try:
                loop.call_soon_threadsafe(peer.queue_line, raw.decode("utf-8", "replace"))
            except RuntimeError:
                return   # loop closed: we are exiting
    try:
        if pending:
            loop.call_soon_threadsafe(peer.queue_line, pending.decode("utf-8", "replace"))
        loop.call_soon_threadsafe(peer.queue_line, None)
    except RuntimeError:
        pass


def main():
    ap = argparse.ArgumentParser(description="JSON-lines driven XMPP peer for tests.")
    ap.add_argument("jid")
    ap.add_argument("password")
    ap.add_argument("--host", default=os.environ.get("GLINT_TEST_HOST", "127.0.0.1"))
    ap.add_argument("--port", type=int)
    ap.add_argument("--direct-tls", action="store_true",
                    help="TLS from the first byte (default port GLINT_TEST_TLS_PORT)")
    ap.add_argument("--echo", action="store_true",
                    help='answer each chat message with "Echo: <body>"')
    ap.add_argument("--accept-subscriptions", action="store_true",
                    help="approve subscription requests and subscribe back")
    ap.add_argument("--verbose", action="store_true", help="debug log on stderr")
    args = ap.parse_args()

    logging.basicConfig(stream=sys.stderr,
                        level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="peer %(levelname)s %(name)s: %(message)s")
    port = args.port or int(os.environ.get(
        "GLINT_TEST_TLS_PORT" if args.direct_tls else "GLINT_TEST_PORT", "0") or 0)
    if not port:
        emit("error", message="no port: give --port or set GLINT_TEST_PORT")
        return 1
    jid = slixmpp.JID(args.jid)
    jid.resource = "peer"
    # slixmpp 1.8 still looks the loop up with get_event_loop().
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    peer = Peer(jid, args.password, echo=args.echo, accept=args.accept_subscriptions)
    ca = os.environ.get("SSL_CERT_FILE") or os.environ.get("GLINT_TEST_CA")
    if ca:
        peer.ca_certs = ca
    # The stream itself sends whitespace keepalives; nothing else is needed.
    peer.connect((args.host, port), use_ssl=args.direct_tls, force_starttls=True)
    loop.call_later(LOGIN_TIMEOUT, peer.login_timeout)
    threading.Thread(target=read_stdin, args=(peer,), daemon=True).start()
    try:
        code = loop.run_until_complete(peer.finished)
    except KeyboardInterrupt:
        code = 130
    return code


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""A crowd in a room for Glint's tests: N occupants, each a stream of its own
(one account, N resources), and a backlog said before the others come.

Usage:
  crowd.py JID PASSWORD ROOM N [--backlog M] [--flood K]

Connects with STARTTLS to GLINT_TEST_HOST:GLINT_TEST_PORT, verifying the
server against SSL_CERT_FILE or GLINT_TEST_CA. Occupant i is "guest-i"; the
first makes the room (taking its default settings) and says M messages
"backlog i"; then the others come. Then it prints {"event":"ready"}.
With --flood, once stdin says "flood", K presence changes go out, spread
over the crowd, then guest-0 says "after the flood", and
{"event":"flooded"} is printed. The crowd leaves when
stdin closes.
"""

import argparse
import asyncio
import json
import logging
import os
import sys
import threading

import slixmpp

NS_MUC = "http://jabber.org/protocol/muc"
NS_MUC_USER = "http://jabber.org/protocol/muc#user"
NS_OWNER = "http://jabber.org/protocol/muc#owner"
CONCURRENT_LOGINS = 25


def emit(event, **fields):
    sys.stdout.write(json.dumps(dict({"event": event}, **fields)) + "\n")
    sys.stdout.flush()


class Guest(slixmpp.ClientXMPP):
    def __init__(self, jid, password, room, nick, first):
        super().__init__(jid, password)
        self.room, self.nick, self.first = room, nick, first
        self.started = asyncio.get_event_loop().create_future()
        self.inside = asyncio.get_event_loop().create_future()
        self.heard = asyncio.get_event_loop().create_future()
        self.awaited = None
        self.add_event_handler("session_start", self.on_start)
        self.add_event_handler("presence", self.on_presence)
        self.add_event_handler("message", self.on_groupchat)
        self.add_event_handler("failed_all_auth", lambda e: self.fail("login failed"))
        self.add_event_handler("connection_failed", lambda e: self.fail("connection failed: %s" % e))

    def fail(self, why):
        if not self.started.done():
            self.started.set_exception(RuntimeError(why))

    def on_start(self, _event):
        if not self.started.done():
            self.started.set_result(True)

    def enter(self):
        presence = self.make_presence(pto="%s/%s" % (self.room, self.nick))
        x = slixmpp.xmlstream.ET.SubElement(presence.xml, "{%s}x" % NS_MUC)
        slixmpp.xmlstream.ET.SubElement(x, "{%s}history" % NS_MUC, maxstanzas="0")
        presence.send()

    def on_groupchat(self, message):
        if message["type"] == "groupchat" and message["body"] == self.awaited and not self.heard.done():
            self.heard.set_result(True)

    def on_presence(self, presence):
        if presence["from"].full != "%s/%s" % (self.room, self.nick):
            return
        if presence["type"] == "error" and not self.inside.done():
            self.inside.set_exception(RuntimeError("the room refused %s: %s" % (self.nick, presence["error"]["condition"])))
            return
        x = presence.xml.find("{%s}x" % NS_MUC_USER)
        codes = [s.get("code") for s in x.findall("{%s}status" % NS_MUC_USER)] if x is not None else []
        if "201" in codes:
            iq = self.make_iq_set(ito=self.room)
            query = slixmpp.xmlstream.ET.SubElement(iq.xml, "{%s}query" % NS_OWNER)
            slixmpp.xmlstream.ET.SubElement(query, "{jabber:x:data}x", type="submit")
            iq.send()
        if not self.inside.done():
            self.inside.set_result(True)


async def run(args, lines):
    guests = []
    limit = asyncio.Semaphore(CONCURRENT_LOGINS)
    ca = os.environ.get("SSL_CERT_FILE") or os.environ.get("GLINT_TEST_CA")
    host = os.environ.get("GLINT_TEST_HOST", "127.0.0.1")
    port = int(os.environ["GLINT_TEST_PORT"])

    async def arrive(i):
        async with limit:
            guest = Guest("%s/crowd-%d" % (args.jid, i), args.password, args.room, "guest-%d" % i, i == 0)
            if ca:
                guest.ca_certs = ca
            guest.connect((host, port), force_starttls=True)
            await asyncio.wait_for(guest.started, 60)
            guest.enter()
            await asyncio.wait_for(guest.inside, 60)
            guests.append(guest)

    # The first makes the room and says the backlog (before the others
    # come, or each message would go to all of them); then everyone else,
    # a few at a time.
    await arrive(0)
    first = guests[0]
    first.awaited = "backlog %d" % (args.backlog - 1) if args.backlog else None
    for i in range(args.backlog):
        first.send_message(mto=args.room, mbody="backlog %d" % i, mtype="groupchat")
        if i % 100 == 99:
            await asyncio.sleep(0)
    if args.backlog:
        await asyncio.wait_for(first.heard, 120)
    await asyncio.gather(*(arrive(i) for i in range(1, args.n)))
    # In nick order, whatever order they came in.
    guests.sort(key=lambda g: int(g.nick.split("-")[1]))
    emit("ready", occupants=len(guests))
    while True:
        line = await lines.get()
        if line is None:
            break
        if line.strip() == "flood":
            for k in range(args.flood):
                guest = guests[k % len(guests)]
                guest.send_presence(pto="%s/%s" % (args.room, guest.nick), pshow="away" if k % 2 else "dnd",
                                    pstatus="flood %d" % k)
                if k % 100 == 99:
                    await asyncio.sleep(0)
            # Then a message, for a test to see that what follows a flood arrives.
            guests[0].send_message(mto=args.room, mbody="after the flood", mtype="groupchat")
            emit("flooded", count=args.flood)
    for guest in guests:
        guest.disconnect(wait=0)
    await asyncio.sleep(0.5)
    # What slixmpp leaves pending at the end is no error of the crowd's.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("jid")
    ap.add_argument("password")
    ap.add_argument("room")
    ap.add_argument("n", type=int)
    ap.add_argument("--backlog", type=int, default=0)
    ap.add_argument("--flood", type=int, default=0)
    args = ap.parse_args()
    logging.basicConfig(stream=sys.stderr, level=getattr(logging, os.environ.get("CROWD_LOG", "ERROR")))
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    lines = asyncio.Queue()

    def read_stdin():
        for raw in sys.stdin:
            loop.call_soon_threadsafe(lines.put_nowait, raw)
        loop.call_soon_threadsafe(lines.put_nowait, None)

    threading.Thread(target=read_stdin, daemon=True).start()
    try:
        loop.run_until_complete(run(args, lines))
    except Exception as exc:
        emit("error", message=repr(exc))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

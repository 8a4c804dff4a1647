#!/usr/bin/python3
"""A TCP proxy between Glint and the test server that can fail on demand.

Usage:
  fault-proxy.py TARGET_HOST TARGET_PORT

Listens on 127.0.0.1 (a free port) and forwards each connection to
TARGET_HOST:TARGET_PORT byte for byte (TLS passes through untouched).

stdin: one JSON command per line:
  {"cmd":"freeze"}   stop moving bytes either way, on every connection, and
                     hold new connections unanswered: a network that hangs
  {"cmd":"thaw"}     move bytes again
  {"cmd":"cut"}      reset every connection (RST to the client, the server's
                     side closed): a network that drops
  {"cmd":"quit"}
stdout: one JSON event per line: {"event":"ready","port":N}, then
  {"event":"ok","cmd":C,"connections":N} after each command.
"""

import asyncio
import json
import socket
import struct
import sys


class Proxy:
    def __init__(self, host, port):
        self.host = host
        self.port = port
        self.frozen = False
        self.thawed = asyncio.Event()
        self.thawed.set()
        self.links = set()

    async def pump(self, reader, writer):
        try:
            while True:
                await self.thawed.wait()
                data = await reader.read(65536)
                if not data:
                    break
                # A freeze that came while this read waited holds its bytes.
                await self.thawed.wait()
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            try:
                writer.close()
            except OSError:
                pass

    async def serve(self, client_reader, client_writer):
        await self.thawed.wait()
        try:
            server_reader, server_writer = await asyncio.open_connection(self.host, self.port)
        except OSError:
            client_writer.close()
            return
        link = (client_writer, server_writer)
        self.links.add(link)
        try:
            await asyncio.gather(self.pump(client_reader, server_writer),
                                 self.pump(server_reader, client_writer))
        finally:
            self.links.discard(link)

    def cut(self):
        count = len(self.links)
        for client_writer, server_writer in list(self.links):
            sock = client_writer.get_extra_info("socket")
            try:
                # Linger 0: close() sends RST, as a dropped route would.
                if sock is not None:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            except OSError:
                pass   # this one closed on its own meanwhile
            client_writer.transport.abort()
            server_writer.transport.abort()
        self.links.clear()
        return count


def emit(event, **fields):
    sys.stdout.write(json.dumps(dict({"event": event}, **fields)) + "\n")
    sys.stdout.flush()


async def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    proxy = Proxy(sys.argv[1], int(sys.argv[2]))
    server = await asyncio.start_server(proxy.serve, "127.0.0.1", 0)
    emit("ready", port=server.sockets[0].getsockname()[1])
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while True:
        line = await reader.readline()
        if not line:
            break
        cmd = json.loads(line).get("cmd")
        if cmd == "freeze":
            proxy.thawed.clear()
        elif cmd == "thaw":
            proxy.thawed.set()
        elif cmd == "cut":
            proxy.cut()
        elif cmd == "quit":
            break
        emit("ok", cmd=cmd, connections=len(proxy.links))
    server.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))

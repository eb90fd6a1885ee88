"""A TCP forwarder between one service and a shared server, to cut that service off (and
reconnect it) while the server itself, and every other test, carries on."""

from __future__ import annotations

import asyncio
import contextlib


class TcpProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._transports: set[asyncio.WriteTransport] = set()
        self._pumps: set[asyncio.Task[None]] = set()

    async def open(self) -> int:
        """Listen (on the same port again after a cut) and forward every connection."""
        self._server = await asyncio.start_server(self._forward, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]
        return self.port

    async def cut(self) -> None:
        """Refuse new connections and reset the open ones, as a server that went away."""
        if self._server is not None:
            self._server.close()
        for transport in list(self._transports):
            transport.abort()
        for pump in list(self._pumps):
            pump.cancel()
        await asyncio.gather(*self._pumps, return_exceptions=True)
        if self._server is not None:
            await self._server.wait_closed()
            self._server = None

    async def _forward(self, client_in: asyncio.StreamReader, client: asyncio.StreamWriter) -> None:
        try:
            server_in, server = await asyncio.open_connection(*self.target)
        except OSError:
            client.transport.abort()
            return
        for writer in (client, server):
            self._transports.add(writer.transport)
        pumps = [
            asyncio.create_task(self._pump(client_in, server)),
            asyncio.create_task(self._pump(server_in, client)),
        ]
        self._pumps.update(pumps)
        # either side closing ends both directions
        _, pending = await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
        for pump in pending:
            pump.cancel()
        await asyncio.gather(*pumps, return_exceptions=True)
        self._pumps.difference_update(pumps)
        for writer in (client, server):
            self._transports.discard(writer.transport)
            writer.transport.abort()

    @staticmethod
    async def _pump(source: asyncio.StreamReader, sink: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while chunk := await source.read(65536):
                sink.write(chunk)
                await sink.drain()

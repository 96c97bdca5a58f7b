"""The background workers in a process of their own, so that acknowledging a delivery never
waits behind them for the event loop or the CPU.

The web process starts the child with the `spawn` method and keeps the write end of a pipe to
it. After each commit it writes one byte: `EVENTS_STORED` when the inbox has new events,
`REPLIES_STORED` when an operator's reply waits in the outbox; the child wakes the matching
worker. The pipe is also the child's lifeline: once it closes (the web process stopped, or
was killed), the child finishes the work in hand, releases its leases and exits. A child
that ends on its own is started again after `RESTART_DELAY` seconds; nothing it held is
lost, since its leases run out. The child runs at a lower priority (`NICENESS`), so under a
burst the acknowledgements get the CPU first and the workers catch up after it.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
from collections.abc import Awaitable, Callable
from multiprocessing.connection import Connection
from typing import Any, Protocol

log = logging.getLogger(__name__)

EVENTS_STORED = b"e"
REPLIES_STORED = b"r"
RESTART_DELAY = 1.0
NICENESS = 5
_STOP_GRACE = 15.0
"""Seconds a stopping child has to finish (its workers take up to 10), before it is killed."""


class Woken(Protocol):
    """What the child's workers do on a byte from the web process."""

    def events_stored(self) -> None: ...

    def replies_stored(self) -> None: ...


class WorkerProcess:
    """The child process that runs `target(settings, wake)`; `wake` is the pipe's read end,
    which `target` passes to `serve_wakeups`."""

    def __init__(self, target: Callable[[Any, Connection], None], settings: Any) -> None:
        self._target = target
        self._settings = settings
        self._context = multiprocessing.get_context("spawn")
        self._process: Any = None
        self._wake: Connection | None = None
        self._watching: asyncio.Task[None] | None = None
        self._stopping = False

    def start(self) -> None:
        """Start the child, and watch it: one that ends on its own is started again."""
        self._launch()
        self._watching = asyncio.create_task(self._restart_when_ended(), name="worker-process-watch")

    def events_stored(self) -> None:
        """Tell the child that new events are stored."""
        self._signal(EVENTS_STORED)

    def replies_stored(self) -> None:
        """Tell the child that new replies wait in the outbox."""
        self._signal(REPLIES_STORED)

    async def stop(self) -> None:
        """Close the pipe, so the child finishes and exits; kill it if it has not after `_STOP_GRACE` s."""
        self._stopping = True
        if self._watching is not None:
            self._watching.cancel()
        if self._wake is not None:
            self._wake.close()
        process = self._process
        if process is None:
            return
        await asyncio.to_thread(process.join, _STOP_GRACE)
        if process.is_alive():
            log.error("the workers' process did not stop in %.0f s: killed", _STOP_GRACE)
            process.kill()
            await asyncio.to_thread(process.join)

    def _launch(self) -> None:
        reader, writer = self._context.Pipe(duplex=False)
        process = self._context.Process(target=self._target, args=(self._settings, reader), name="meterbot-workers")
        process.start()
        reader.close()
        os.set_blocking(writer.fileno(), False)
        self._process, self._wake = process, writer
        log.info("workers started in process %d", process.pid)

    def _signal(self, what: bytes) -> None:
        if self._wake is None or self._wake.closed:
            return
        try:
            os.write(self._wake.fileno(), what)
        except BlockingIOError:
            pass  # the pipe is full of wake-ups the child has still to read: it is awake
        except OSError:
            pass  # the child has ended: the one started next looks at the queues first

    async def _restart_when_ended(self) -> None:
        loop = asyncio.get_running_loop()
        while not self._stopping:
            ended = loop.create_future()
            loop.add_reader(self._process.sentinel, ended.set_result, None)
            try:
                await ended
            finally:
                loop.remove_reader(self._process.sentinel)
            self._process.join()
            log.error("the workers' process ended with exit code %s: starting another in %.0f s",
                      self._process.exitcode, RESTART_DELAY)
            assert self._wake is not None
            self._wake.close()
            await asyncio.sleep(RESTART_DELAY)
            self._launch()


async def serve_wakeups(wake: Connection, workers: Woken, stopped: Callable[[], Awaitable[None]]) -> None:
    """In the child: pass the web process's bytes on to `workers` until the pipe closes or
    SIGTERM comes, then await `stopped()`. SIGINT is left to the web process (a Ctrl+C
    reaches both), which then closes the pipe."""
    loop = asyncio.get_running_loop()
    ended = asyncio.Event()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    loop.add_signal_handler(signal.SIGTERM, ended.set)

    def readable() -> None:
        try:
            received = os.read(wake.fileno(), 4096)
        except BlockingIOError:
            return
        if not received:
            ended.set()
            return
        if EVENTS_STORED in received:
            workers.events_stored()
        if REPLIES_STORED in received:
            workers.replies_stored()

    os.set_blocking(wake.fileno(), False)
    loop.add_reader(wake.fileno(), readable)
    try:
        await ended.wait()
    finally:
        loop.remove_reader(wake.fileno())
        await stopped()

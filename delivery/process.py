"""The background workers in processes of their own, so that acknowledging a delivery never
waits behind them for the event loop or the CPU.

The web process starts the children with the `spawn` method and keeps the write end of a
pipe to each. After each commit it writes one byte to each: `EVENTS_STORED` when the inbox
has new events, `REPLIES_STORED` when an operator's reply waits in the outbox; a child wakes
the matching worker. The pipe is also a child's lifeline: once it closes (the web process
stopped, or was killed), the child finishes the work in hand, releases its leases and exits.
A child that ends on its own is started again after `RESTART_DELAY` seconds; nothing it held
is lost, since its leases run out.

Under a burst the acknowledgements come first, and the workers catch up after it: the
children run at a lower priority (`NICENESS`), and their event workers yield while the web
process's deliveries wait to be committed (`WaitingDeliveries`, a flag in shared memory),
as they do in one process on SQLite.
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
NICENESS = 10
_LOOK_AGAIN = 0.002
"""Seconds between two looks at `WaitingDeliveries` while a worker waits for the commit."""
_STOP_GRACE = 15.0
"""Seconds a stopping child has to finish (its workers take up to 10), before it is killed."""


class Woken(Protocol):
    """What the child's workers do on a byte from the web process."""

    def events_stored(self) -> None: ...

    def replies_stored(self) -> None: ...


class WaitingDeliveries:
    """Whether the web process's deliveries wait to be committed, in memory shared with the
    workers' processes: the web process `set`s it, a child's event worker reads it as its
    `delivery.answering.Deliveries`."""

    def __init__(self, context: Any) -> None:
        self._flag = context.RawValue("b", 0)

    def set(self, waiting: bool) -> None:
        """Say whether deliveries wait to be committed."""
        self._flag.value = waiting

    @property
    def committing(self) -> bool:
        """Whether deliveries wait to be committed."""
        return bool(self._flag.value)

    async def committed(self, at_most: float) -> None:
        """Return once no delivery waits to be committed, or after `at_most` seconds."""
        loop = asyncio.get_running_loop()
        until = loop.time() + at_most
        while self._flag.value and loop.time() < until:
            await asyncio.sleep(_LOOK_AGAIN)


Target = Callable[[Any, Connection, WaitingDeliveries], None]
"""A workers' process: `target(settings, wake, deliveries)`."""


class WorkerProcesses:
    """`count` child processes, each running `target(settings, wake, deliveries)`; `wake` is
    the read end of the child's pipe, which `target` passes to `serve_wakeups`, and
    `deliveries` this object's `deliveries`, which the web process's inbox sets. The children
    share the queues through their leases, as the workers of several instances do."""

    def __init__(self, target: Target, settings: Any, count: int = 1) -> None:
        self._target = target
        self._settings = settings
        self._context = multiprocessing.get_context("spawn")
        self.deliveries = WaitingDeliveries(self._context)
        self._children: list[_Child] = [_Child() for _ in range(count)]
        self._watching: list[asyncio.Task[None]] = []
        self._stopping = False

    def start(self) -> None:
        """Start the children, and watch them: one that ends on its own is started again."""
        for child in self._children:
            child.launch(self._context, self._target, self._settings, self.deliveries)
            self._watching.append(asyncio.create_task(self._restart_when_ended(child), name="worker-process-watch"))

    def events_stored(self) -> None:
        """Tell the children that new events are stored."""
        for child in self._children:
            child.signal(EVENTS_STORED)

    def replies_stored(self) -> None:
        """Tell the children that new replies wait in the outbox."""
        for child in self._children:
            child.signal(REPLIES_STORED)

    async def stop(self) -> None:
        """Close the pipes, so the children finish and exit; kill one that has not after `_STOP_GRACE` s."""
        self._stopping = True
        for watching in self._watching:
            watching.cancel()
        for child in self._children:
            child.close()
        await asyncio.gather(*(child.join() for child in self._children))

    async def _restart_when_ended(self, child: _Child) -> None:
        while not self._stopping:
            code = await child.ended()
            log.error("a workers' process ended with exit code %s: starting another in %.0f s", code, RESTART_DELAY)
            child.close()
            await asyncio.sleep(RESTART_DELAY)
            child.launch(self._context, self._target, self._settings, self.deliveries)


class _Child:
    """One workers' process and the write end of its pipe."""

    def __init__(self) -> None:
        self._process: Any = None
        self._wake: Connection | None = None

    def launch(self, context: Any, target: Target, settings: Any, deliveries: WaitingDeliveries) -> None:
        reader, writer = context.Pipe(duplex=False)
        self._process = context.Process(target=target, args=(settings, reader, deliveries), name="meterbot-workers")
        self._process.start()
        reader.close()
        os.set_blocking(writer.fileno(), False)
        self._wake = writer
        log.info("workers started in process %d", self._process.pid)

    def signal(self, what: bytes) -> None:
        if self._wake is None or self._wake.closed:
            return
        try:
            os.write(self._wake.fileno(), what)
        except BlockingIOError:
            pass  # the pipe is full of wake-ups the child has still to read: it is awake
        except OSError:
            pass  # the child has ended: the one started next looks at the queues first

    async def ended(self) -> int | None:
        """Wait until the process ends; its exit code."""
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        loop.add_reader(self._process.sentinel, done.set_result, None)
        try:
            await done
        finally:
            loop.remove_reader(self._process.sentinel)
        self._process.join()
        return self._process.exitcode  # type: ignore[no-any-return]

    def close(self) -> None:
        if self._wake is not None:
            self._wake.close()

    async def join(self) -> None:
        process = self._process
        if process is None:
            return
        await asyncio.to_thread(process.join, _STOP_GRACE)
        if process.is_alive():
            log.error("a workers' process did not stop in %.0f s: killed", _STOP_GRACE)
            process.kill()
            await asyncio.to_thread(process.join)


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

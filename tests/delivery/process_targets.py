"""Targets for `WorkerProcesses` in `test_process.py`: importable, since the child is spawned."""

from __future__ import annotations

import os
from multiprocessing.connection import Connection
from pathlib import Path

from delivery.process import WaitingDeliveries, serve_wakeups
from runtime import run_loop


class _Journal:
    """Notes in `path`, a line each, what the web process said and when the child stopped;
    with each wake-up for events, whether the web process's deliveries wait to be committed."""

    def __init__(self, path: Path, deliveries: WaitingDeliveries) -> None:
        self._path = path
        self._deliveries = deliveries

    def note(self, line: str) -> None:
        with self._path.open("a") as journal:
            journal.write(f"{line}\n")

    def events_stored(self) -> None:
        self.note("events, deliveries waiting" if self._deliveries.committing else "events")

    def replies_stored(self) -> None:
        self.note("replies")


def journal(path: Path, wake: Connection, deliveries: WaitingDeliveries) -> None:
    """Note the start (with the process id), every wake-up and the stop in `path`."""
    notes = _Journal(path, deliveries)
    notes.note(f"started {os.getpid()}")

    async def stopped() -> None:
        notes.note("stopped")

    run_loop(serve_wakeups(wake, notes, stopped))


def crash_once(path: Path, wake: Connection, deliveries: WaitingDeliveries) -> None:
    """End at once with exit code 3 the first time; keep a journal in `path` the next."""
    if not path.exists():
        path.write_text("crashed\n")
        os._exit(3)
    journal(path, wake, deliveries)

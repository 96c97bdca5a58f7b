"""The workers' own process: woken through its pipe, stopped by closing it, started again when it ends."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from delivery.process import WorkerProcesses
from tests.delivery.process_targets import crash_once, journal

pytestmark = pytest.mark.anyio


async def _until(path: Path, done: Callable[[list[str]], bool], timeout: float = 20.0) -> list[str]:
    """The journal's lines once `done` holds for them; fails after `timeout` seconds."""
    async with asyncio.timeout(timeout):
        while True:
            lines = path.read_text().splitlines() if path.exists() else []
            if done(lines):
                return lines
            await asyncio.sleep(0.02)


async def test_the_child_is_woken_for_events_and_replies_and_stops_when_the_pipe_closes(tmp_path: Path) -> None:
    notes = tmp_path / "journal"
    process = WorkerProcesses(journal, notes)
    process.start()
    try:
        started = await _until(notes, lambda lines: len(lines) == 1)
        assert started[0].startswith("started ") and int(started[0].split()[1]) != os.getpid()
        process.events_stored()
        await _until(notes, lambda lines: "events" in lines)
        process.replies_stored()
        await _until(notes, lambda lines: "replies" in lines)
    finally:
        await process.stop()
    assert notes.read_text().splitlines()[-1] == "stopped"


async def test_the_child_sees_whether_the_web_process_s_deliveries_wait(tmp_path: Path) -> None:
    notes = tmp_path / "journal"
    process = WorkerProcesses(journal, notes)
    process.start()
    try:
        await _until(notes, lambda lines: len(lines) == 1)
        process.deliveries.set(True)
        process.events_stored()
        await _until(notes, lambda lines: "events, deliveries waiting" in lines)
        process.deliveries.set(False)
        process.events_stored()
        await _until(notes, lambda lines: "events" in lines)
    finally:
        await process.stop()


async def test_a_child_that_ends_on_its_own_is_started_again(tmp_path: Path) -> None:
    notes = tmp_path / "journal"
    process = WorkerProcesses(crash_once, notes)
    process.start()
    try:
        lines = await _until(notes, lambda lines: any(line.startswith("started") for line in lines))
        assert lines[0] == "crashed"
        process.events_stored()
        await _until(notes, lambda lines: "events" in lines)
    finally:
        await process.stop()


async def test_sigterm_to_the_child_stops_it_gracefully_and_another_takes_over(tmp_path: Path) -> None:
    notes = tmp_path / "journal"
    process = WorkerProcesses(journal, notes)
    process.start()
    try:
        first = int((await _until(notes, lambda lines: len(lines) == 1))[0].split()[1])
        process.events_stored()  # once it is answered, the child handles SIGTERM
        await _until(notes, lambda lines: "events" in lines)
        os.kill(first, signal.SIGTERM)
        lines = await _until(notes, lambda lines: len(lines) == 4)
        assert lines[2] == "stopped" and lines[3].startswith("started ") and int(lines[3].split()[1]) != first
    finally:
        await process.stop()


async def test_wake_ups_while_no_child_runs_are_dropped_without_error(tmp_path: Path) -> None:
    process = WorkerProcesses(journal, tmp_path / "journal")
    process.events_stored()
    process.replies_stored()
    await process.stop()
    assert not (tmp_path / "journal").exists()


async def test_every_child_is_woken_and_stopped(tmp_path: Path) -> None:
    notes = tmp_path / "journal"
    processes = WorkerProcesses(journal, notes, 2)
    processes.start()
    try:
        started = await _until(notes, lambda lines: sum(line.startswith("started") for line in lines) == 2)
        assert len({line for line in started if line.startswith("started")}) == 2
        processes.events_stored()
        await _until(notes, lambda lines: lines.count("events") == 2)
    finally:
        await processes.stop()
    assert notes.read_text().splitlines().count("stopped") == 2


async def test_waiting_for_the_deliveries_ends_when_they_are_committed_or_after_at_most() -> None:
    deliveries = WorkerProcesses(journal, None).deliveries
    loop = asyncio.get_running_loop()
    started = loop.time()
    await deliveries.committed(at_most=1.0)
    assert loop.time() - started < 0.1  # nothing waits
    deliveries.set(True)
    started = loop.time()
    await deliveries.committed(at_most=0.05)
    assert deliveries.committing and 0.05 <= loop.time() - started < 1.0
    loop.call_later(0.02, deliveries.set, False)
    await deliveries.committed(at_most=5.0)
    assert not deliveries.committing

"""The photo reader runs off the event loop, in a bounded pool of worker processes."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from photos.pool import PhotoReader
from photos.results import Outcome
from tests.photos.synthetic import meter_photo

pytestmark = pytest.mark.anyio

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def reader() -> Iterator[PhotoReader]:
    reader = PhotoReader(workers=1, waiting=2, timeout=60)
    yield reader
    reader.close()


async def test_the_loop_keeps_answering_while_a_photo_is_read(reader: PhotoReader) -> None:
    photo = meter_photo(0, "drum", hard=False)
    ticks = 0
    longest = 0.0

    async def tick() -> None:
        nonlocal ticks, longest
        while True:
            started = time.perf_counter()
            await asyncio.sleep(0.01)
            longest = max(longest, time.perf_counter() - started)
            ticks += 1

    ticker = asyncio.create_task(tick())
    result = await reader.read_photo(photo.jpeg, photo.digits, None)
    ticker.cancel()
    assert result.text == photo.value
    assert ticks > 20 and longest < 0.5


async def test_photos_past_the_waiting_limit_are_answered_busy_at_once(reader: PhotoReader) -> None:
    photo = meter_photo(1, "lcd", hard=False)
    results = await asyncio.gather(*(reader.read_photo(photo.jpeg, photo.digits, None) for _ in range(3)))
    assert sorted(r.outcome for r in results) == [Outcome.BUSY, Outcome.READ, Outcome.READ]


async def test_a_read_past_the_time_limit_is_busy() -> None:
    impatient = PhotoReader(timeout=0.001)
    try:
        photo = meter_photo(2, "drum", hard=False)
        assert (await impatient.read_photo(photo.jpeg, photo.digits, None)).outcome is Outcome.BUSY
    finally:
        impatient.close()


async def test_a_broken_photo_is_answered_without_raising(reader: PhotoReader) -> None:
    assert (await reader.read_photo(b"broken", 6, None)).outcome is Outcome.BROKEN


def test_the_server_never_loads_the_readers_libraries() -> None:
    """They cost about 50 MB in every process that imports them; only the workers need them."""
    code = "import sys, app; print(sorted({m.split('.')[0] for m in sys.modules} & {'cv2', 'onnxruntime', 'rapidocr', 'PIL'}))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert loaded.stdout.strip() == "[]"

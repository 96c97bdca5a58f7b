"""Reading photos off the event loop, in a small pool of worker processes.

The OCR is CPU-bound for about half a second a photo, so it runs in other processes:
acknowledgements and text replies never wait for it, and a crash of the native code
takes down a worker, not the server. The pool is bounded twice: `workers` photos are read
at once, and no more than `waiting` are accepted at a time; past that, or past `timeout`,
the answer is `Outcome.BUSY`, which asks the customer to type the reading.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from photos import worker
from photos.results import Outcome, PhotoResult

log = logging.getLogger(__name__)

PHOTOS_PER_WORKER = 200  # a worker is replaced after this many, so its memory stays flat


class PhotoReader:
    """The service's photo reader: create it once (in the app's lifespan), `close` it at the end."""

    def __init__(self, workers: int = 1, waiting: int = 8, timeout: float = 30.0) -> None:
        self._workers = workers
        self._waiting = waiting
        self._timeout = timeout
        self._pending = 0
        self._pool: ProcessPoolExecutor | None = None

    async def read_photo(self, image: bytes, digits: int, last: int | None) -> PhotoResult:
        """Read the register of a meter with `digits` whole digits; see `reading.read_meter`.

        Never raises: a full queue, a time-out or a dead worker give `Outcome.BUSY`.
        """
        if self._pending >= self._waiting:
            return PhotoResult(None, Outcome.BUSY)
        self._pending += 1
        try:
            work = asyncio.get_running_loop().run_in_executor(self._executor(), worker.read, image, digits, last)
            return await asyncio.wait_for(work, self._timeout)
        except TimeoutError:
            return PhotoResult(None, Outcome.BUSY)
        except BrokenProcessPool:
            log.exception("a photo worker died; the pool starts again")
            self._discard()
            return PhotoResult(None, Outcome.BUSY)
        finally:
            self._pending -= 1

    def close(self, wait: bool = False) -> None:
        """Stop the workers; photos still queued are dropped. With `wait`, return once they ended."""
        self._discard(wait)

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                self._workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=worker.start,
                max_tasks_per_child=PHOTOS_PER_WORKER,
            )
        return self._pool

    def _discard(self, wait: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=wait, cancel_futures=True)
            self._pool = None


"""Logging refused requests without letting a flood of them fill the disk.

Channel-neutral: any door can keep one `RefusalLog` and call `refused(reason)` for each request
it turns away. The first refusal for a reason is logged at once; further ones within
`interval` seconds are only counted, and the next line for that reason says how many were
left out.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_INTERVAL = 60.0


@dataclass
class _Tally:
    logged_at: float
    suppressed: int = 0


class RefusalLog:
    """At most one warning per reason per `interval` seconds, with a count of those left out.

    `clock` gives seconds on a monotonic scale (default `time.monotonic`). Reasons are a small
    fixed set of texts, one tally each, written to the log as they are: never a secret, a
    request body or anything a client chooses.
    """

    def __init__(self, logger: logging.Logger, interval: float = DEFAULT_INTERVAL,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._logger = logger
        self._interval = interval
        self._clock = clock
        self._tallies: dict[str, _Tally] = {}

    def refused(self, reason: str) -> None:
        """Record one refusal for `reason`, logging it unless one was logged within `interval`."""
        now = self._clock()
        tally = self._tallies.get(reason)
        if tally is not None and now - tally.logged_at < self._interval:
            tally.suppressed += 1
            return
        suppressed = tally.suppressed if tally is not None else 0
        self._tallies[reason] = _Tally(now)
        if suppressed:
            self._logger.warning("refused: %s (and %d more since the last such line)", reason, suppressed)
        else:
            self._logger.warning("refused: %s", reason)

"""The retention worker: empties message texts and raw deliveries older than `RETENTION_DAYS`.

Events and replies keep their rows (delivery ids recognise redeliveries, counts feed the
metrics) with their payload emptied; accepted readings are billing records and stay whole.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from delivery.polling import PollingWorker
from delivery.timing import Clock, WorkerTiming
from models.sql import execute

log = logging.getLogger(__name__)

_EVERY = 3600.0
"""Seconds between passes."""
_EMPTY = "'{}'"
# Pending rows are left alone: they are still to be answered or sent.
_EXPIRE = (
    f"UPDATE inbound_event SET payload = {_EMPTY} WHERE received_at < $1 AND status <> 'pending' AND payload <> {_EMPTY}",
    f"UPDATE outgoing_message SET payload = {_EMPTY} WHERE created_at < $1 AND status <> 'pending' AND payload <> {_EMPTY}",
)


async def expire(before: datetime) -> int:
    """Empty the payloads of events and replies stored before `before`; how many rows."""
    emptied = 0
    for statement in _EXPIRE:
        rows, _ = await execute(statement, [before])
        emptied += rows
    return emptied


class RetentionWorker(PollingWorker):
    """Runs `expire` about once an hour with the app's clock."""

    def __init__(self, worker_id: str, retention_days: int, clock: Clock, timing: WorkerTiming) -> None:
        super().__init__("retention worker", worker_id, clock, timing)
        self._keep = timedelta(days=retention_days)

    async def work_once(self) -> int:
        """One pass; always reports no more work, so the worker sleeps until the next hour."""
        emptied = await expire(self._clock() - self._keep)
        if emptied:
            log.info("retention: %d stored messages older than %s emptied", emptied, self._keep)
        return 0

    async def idle_timeout(self) -> float:
        return _EVERY

"""Rate limits counted in the database, so that every instance counts the same requests.

A `Limit` allows at most `most` counted requests of one subject (a client address, a typed
account number) within any `period`. Subjects are stored as a SHA-256 digest, so a row's size
never depends on what was typed. Hits older than the period are pruned as new ones come.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from starlette.requests import Request

from models.hits import prune_hits, recent_hits, record_hit


@dataclass(frozen=True)
class Limit:
    """At most `most` requests counted under `rule` per subject within any `period`."""

    rule: str
    most: int
    period: timedelta

    async def wait(self, subject: str, now: datetime) -> timedelta | None:
        """How long until `subject` is under the limit again; None when it is now."""
        hits = await recent_hits(self.rule, _digest(subject), now - self.period, self.most)
        if len(hits) < self.most:
            return None
        return hits[-1] + self.period - now

    async def count(self, subject: str, now: datetime) -> None:
        """Count one request of `subject` at `now`."""
        await prune_hits(self.rule, now - self.period)
        await record_hit(self.rule, _digest(subject), now)

    async def admit(self, subject: str, now: datetime) -> timedelta | None:
        """Count the request when `subject` is under the limit (None); else how long to wait.

        A refused request is not counted, so the wait it is told holds.
        """
        wait = await self.wait(subject, now)
        if wait is None:
            await self.count(subject, now)
        return wait


def client_address(request: Request) -> str:
    """The client's address: uvicorn puts the one `X-Forwarded-For` gives here when the request
    comes through a proxy on the loopback address (`serving.py`), else the peer's own."""
    return request.client.host if request.client else ""


def _digest(subject: str) -> str:
    return hashlib.sha256(subject.encode("utf-8", "surrogatepass")).hexdigest()

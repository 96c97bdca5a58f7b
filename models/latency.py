"""The reply latency histogram, kept in the database so every process and instance adds to one.

The migration creates a row for every bucket. A row counts the replies sent within `le` seconds of their message arriving; `le` of
`+Inf` counts all of them and its `total` is the sum of their latencies.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from tortoise import fields
from tortoise.expressions import F
from tortoise.models import Model

BUCKETS = (0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)
"""Upper bounds in seconds of the histogram's buckets, besides +Inf."""
INF = "+Inf"


class LatencyBucket(Model):
    """Replies observed within `le` seconds (not cumulative: the exposition adds them up)."""

    le = fields.CharField(max_length=16, primary_key=True)
    count = fields.BigIntField(default=0)
    total = fields.FloatField(default=0.0)

    class Meta:
        table = "latency_bucket"


def bucket_of(seconds: float) -> str:
    """The label of the smallest bucket that holds `seconds`."""
    index = bisect.bisect_left(BUCKETS, seconds)
    return INF if index == len(BUCKETS) else str(BUCKETS[index])


async def observe(latencies: Iterable[float]) -> None:
    """Add `latencies` (seconds) to the histogram, one update per bucket touched."""
    counts: dict[str, tuple[int, float]] = {}
    for seconds in latencies:
        count, total = counts.get(bucket_of(seconds), (0, 0.0))
        counts[bucket_of(seconds)] = (count + 1, total + seconds)
    for le, (count, total) in counts.items():
        await LatencyBucket.filter(le=le).update(count=F("count") + count, total=F("total") + total)

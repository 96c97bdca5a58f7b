"""Leases on queue rows, so that several worker processes never handle one row twice.

A queue (`inbound_event`, `outgoing_message`) is worked one key (a sender's address) at
a time: a worker leases every pending row of a key whose oldest pending row (its head) is
free, handles them in `id` order, and releases what it did not finish. Keys stay in order
across processes because the head of a leased key is leased too. On PostgreSQL the heads
are locked with `FOR UPDATE SKIP LOCKED` while they are claimed, so two workers claiming
at once take different keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

from tortoise.models import Model

from models.sql import fetch, on_sqlite

PENDING = "pending"
Row = TypeVar("Row", bound=Model)
_HEADS_PER_CLAIM = 4


async def claim_keys(
    table: str, key: str, worker: str, now: datetime, until: datetime, limit: int, due: str = ""
) -> list[str]:
    """Lease to `worker` every pending row of up to `limit` keys whose head no live lease holds
    and matches the SQL condition `due` (where `$1` is `now`), if given; return those keys.

    One statement, so nothing can change between reading the heads and leasing them (a retry
    time recorded meanwhile, say), and a claim costs one round trip. A few times more heads
    than keys are read: some may be leased or not due.
    """
    lock = "" if on_sqlite() else " FOR UPDATE SKIP LOCKED"
    rows = await fetch(
        f"WITH heads AS (SELECT MIN(id) AS id FROM {table} WHERE status = '{PENDING}' "
        f"GROUP BY {key} ORDER BY MIN(id) LIMIT {int(limit) * _HEADS_PER_CLAIM}), "
        f"free AS (SELECT {key} FROM {table} WHERE id IN (SELECT id FROM heads) AND status = '{PENDING}' "
        f"AND (claimed_until IS NULL OR claimed_until < $1){f' AND ({due})' if due else ''} "
        f"ORDER BY id LIMIT {int(limit)}{lock}) "
        f"UPDATE {table} SET claimed_by = $2, claimed_until = $3 "
        f"WHERE status = '{PENDING}' AND {key} IN (SELECT {key} FROM free) RETURNING {key}",
        [now, worker, until],
    )
    return list(dict.fromkeys(str(row[key]) for row in rows))


async def release_claims(model: type[Model], worker: str) -> None:
    """Clear `worker`'s leases on the pending rows it did not finish."""
    await model.filter(status=PENDING, claimed_by=worker).update(claimed_by=None, claimed_until=None)


def by_key(rows: Sequence[Row], key: str) -> list[list[Row]]:
    """`rows` split into one list per value of `key`, each in the order given."""
    queues: dict[object, list[Row]] = {}
    for row in rows:
        queues.setdefault(getattr(row, key), []).append(row)
    return list(queues.values())

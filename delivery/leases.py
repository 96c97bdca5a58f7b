"""Leases on queue rows, so that several worker processes never handle one row twice.

A queue (`inbound_event`, `outgoing_message`) is worked one key (a sender's address) at
a time: a worker leases every pending row of a key whose oldest pending row (its head) is
free, handles them in `id` order, and releases what it did not finish. Keys stay in order
across processes because the head of a leased key is leased too. On PostgreSQL the heads
are locked with `FOR UPDATE SKIP LOCKED` while they are claimed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

from tortoise import Tortoise
from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.transactions import in_transaction

PENDING = "pending"
Row = TypeVar("Row", bound=Model)
_HEADS_PER_CLAIM = 4


async def head_ids(table: str, key: str, claims: int) -> list[int]:
    """The id of the oldest pending row of some keys, oldest first, for up to `claims` claims.

    A few times more heads than claims are read: some may be leased or waiting for a retry.
    """
    limit = claims * _HEADS_PER_CLAIM
    connection = Tortoise.get_connection("default")
    rows = await connection.execute_query_dict(
        f"SELECT MIN(id) AS head FROM {table} WHERE status = '{PENDING}' "
        f"GROUP BY {key} ORDER BY head LIMIT {int(limit)}"
    )
    return [int(row["head"]) for row in rows]


async def claim_heads(
    model: type[Model], key: str, heads: Sequence[int], worker: str, now: datetime, until: datetime,
    limit: int, due: Q | None = None,
) -> list[str]:
    """Lease to `worker` the keys of up to `limit` `heads` that no live lease holds and that
    match `due`, if given; return those keys.

    A head handled since it was read is no head any more: only pending ones are claimed. `due`
    is checked in the claim's own transaction, so a retry time recorded since the heads were
    read is not missed.
    """
    if not heads:
        return []
    async with in_transaction():
        free = model.filter(id__in=list(heads), status=PENDING).filter(
            Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
        )
        if due is not None:
            free = free.filter(due)
        rows = await free.order_by("id").limit(limit).select_for_update(skip_locked=True).only("id", key)
        keys = [str(getattr(row, key)) for row in rows]
        if keys:
            await model.filter(status=PENDING, **{f"{key}__in": keys}).update(
                claimed_by=worker, claimed_until=until
            )
    return keys


async def release_claims(model: type[Model], worker: str) -> None:
    """Clear `worker`'s leases on the pending rows it did not finish."""
    await model.filter(status=PENDING, claimed_by=worker).update(claimed_by=None, claimed_until=None)


def by_key(rows: Sequence[Row], key: str) -> list[list[Row]]:
    """`rows` split into one list per value of `key`, each in the order given."""
    queues: dict[object, list[Row]] = {}
    for row in rows:
        queues.setdefault(getattr(row, key), []).append(row)
    return list(queues.values())

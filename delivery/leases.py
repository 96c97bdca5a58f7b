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
from tortoise.models import Model
from tortoise.transactions import in_transaction

from models.sql import execute, fetch, on_sqlite

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
    table: str, key: str, heads: Sequence[int], worker: str, now: datetime, until: datetime, limit: int,
    due: str = "",
) -> list[str]:
    """Lease to `worker` the keys of up to `limit` `heads` that no live lease holds and that
    match the SQL condition `due` (where `$1` is `now`), if given; return those keys.

    A head handled since it was read is no head any more: only pending ones are claimed. `due`
    is checked in the claim's own transaction, so a retry time recorded since the heads were
    read is not missed. Plain statements: a claim's long lists of ids and keys cost the ORM
    more to build than the database to run.
    """
    if not heads:
        return []
    ids = ", ".join(str(int(head)) for head in heads)
    lock = "" if on_sqlite() else " FOR UPDATE SKIP LOCKED"
    async with in_transaction():
        rows = await fetch(
            f"SELECT id, {key} FROM {table} WHERE id IN ({ids}) AND status = '{PENDING}' "
            f"AND (claimed_until IS NULL OR claimed_until < $1){f' AND ({due})' if due else ''} "
            f"ORDER BY id LIMIT {int(limit)}{lock}",
            [now],
        )
        keys = [str(row[key]) for row in rows]
        if keys:
            wanted = ", ".join(f"${number}" for number in range(3, len(keys) + 3))
            await execute(
                f"UPDATE {table} SET claimed_by = $1, claimed_until = $2 WHERE status = '{PENDING}' AND {key} IN ({wanted})",
                [worker, until, *keys],
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

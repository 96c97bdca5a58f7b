"""What the bot's queues hold after a run, read from its database (the `db` fixture's connection).

The end-to-end tests judge the bot by the Send API calls it made; these readings add what
only the database shows: work left pending, events handled out of order, replies stored twice.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from tortoise import Tortoise

from delivery.addresses import external_id


async def _rows(sql: str) -> list[dict[str, Any]]:
    return list(await Tortoise.get_connection("default").execute_query_dict(sql))


async def pending() -> dict[str, int]:
    """How many inbound events and outgoing messages are still pending."""
    events = await _rows("SELECT COUNT(*) AS n FROM inbound_event WHERE status = 'pending'")
    messages = await _rows("SELECT COUNT(*) AS n FROM outgoing_message WHERE status = 'pending'")
    return {"events": int(events[0]["n"]), "messages": int(messages[0]["n"])}


async def leased() -> int:
    """How many pending rows of either queue a worker still holds."""
    rows = await _rows(
        "SELECT (SELECT COUNT(*) FROM inbound_event WHERE status = 'pending' AND claimed_by IS NOT NULL)"
        " + (SELECT COUNT(*) FROM outgoing_message WHERE status = 'pending' AND claimed_by IS NOT NULL) AS n"
    )
    return int(rows[0]["n"])


async def stored_replies() -> Counter[str]:
    """How many outgoing messages were stored for each recipient."""
    rows = await _rows("SELECT address, COUNT(*) AS n FROM outgoing_message GROUP BY address")
    return Counter({external_id(row["address"]): int(row["n"]) for row in rows})


async def stored_twice(allowed: dict[str, set[int]]) -> list[str]:
    """The senders whose stored reply count is not one of `allowed[sender]`: some event of
    theirs was handled twice (or not at all)."""
    stored = await stored_replies()
    return [f"{psid}: {stored[psid]} stored" for psid, counts in allowed.items() if stored[psid] not in counts]


async def out_of_order_senders() -> list[str]:
    """Senders one of whose events was handled before an earlier-stored one."""
    rows = await _rows(
        "SELECT address, handled_at FROM inbound_event WHERE handled_at IS NOT NULL ORDER BY address, id"
    )
    late: list[str] = []
    previous: dict[str, Any] = {}
    for row in rows:
        psid, handled = external_id(row["address"]), row["handled_at"]
        if psid in previous and handled < previous[psid] and psid not in late:
            late.append(psid)
        previous[psid] = handled
    return late

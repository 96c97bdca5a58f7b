"""A sender's or recipient's address: the channel and the id that channel knows them by."""

from __future__ import annotations


def address(channel: str, external_id: str) -> str:
    """`channel:external id`, the key that the inbox and the outbox order and lease by."""
    return f"{channel}:{external_id}"


def external_id(address: str) -> str:
    """The channel's own id in `address`."""
    return address.partition(":")[2]

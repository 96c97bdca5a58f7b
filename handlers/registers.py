"""Meter registers T1, T2, T3 of a three-zone meter, whose zones differ from meter to meter.

The parser reads `T1` as day and `T2` as night (CONTRACT section 4), which a three-zone meter
does not have. So when a three-zone reading names its registers, the values are taken in the
order written and each register's zone is asked once (`ORDERS`) and kept for the account.
"""

from __future__ import annotations

import re
from itertools import permutations
from typing import Any

from models.zones import ZONES_BY_COUNT

_REGISTER = re.compile(r"(?<![\w.])[тt][\s\-.]?([123])(?![\d.,])", re.IGNORECASE)
ORDERS: tuple[tuple[str, ...], ...] = tuple(permutations(ZONES_BY_COUNT[3]))
"""Every way the zones may be spread over T1, T2, T3; the usual one (пік, напівпік, ніч) first."""


def registers_in(text: str) -> list[int]:
    """The registers named in `text` in order (`T1 1300 T2 3400 T3 2200`: 1, 2, 3), when it
    names each of T1, T2 and T3 once; else nothing."""
    found = [int(number) for number in _REGISTER.findall(text)]
    return found if sorted(found) == [1, 2, 3] else []


def rezoned(readings: list[list[Any]], registers: list[int], order: tuple[str, ...]) -> list[list[Any]]:
    """The values in the order written, each given the zone of its register in `order`."""
    if len(readings) != len(registers):
        return readings
    return [[order[register - 1], value] for register, (_, value) in zip(registers, readings, strict=True)]


def order_named(text: str) -> tuple[str, ...] | None:
    """The order a `REGISTERS:peak,half_peak,night` payload names, if it is one of `ORDERS`."""
    order = tuple(text.split(","))
    return order if order in ORDERS else None

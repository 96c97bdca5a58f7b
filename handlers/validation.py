"""Reading checks (CONTRACT section 6): a parsed reading against the account's meter.

The rules, in the order they are applied:

1. **Zones.** Values are matched to the meter's zones (`models.zones.ZONES_BY_COUNT`). Labelled
   values go to their zone; unlabelled ones fill the remaining zones in the order the bot asks
   for them (day, night / peak, half-peak, night). A `total` sent beside a complete multi-zone
   reading is ignored. Any other mismatch (too few or too many values, a zone the meter does not
   have, a zone twice) is refused with the zones expected.
2. **Digits.** A value with more whole digits than the meter shows is refused.
3. **Not below the last.** A value below the last accepted one is refused, unless it is a
   plausible *rollover*: the meter passed its last digit, and the use that implies,
   `10**digits - last + value`, is at most the monthly threshold times the months elapsed.
   A plausible rollover is asked about ("Так"/"Ні"). A value equal to the last one is accepted.
4. **Usual use.** When the total use of all zones since the last reading exceeds
   `BOT_MAX_MONTHLY_KWH` (default 1,500 kWh) times the whole months elapsed (at least one),
   the reading is asked about before it is stored.

Zones without a last known value accept any value that fits the meter's digits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum


class Problem(Enum):
    """Why a reading is refused."""

    ZONES = "zones"
    DIGITS = "digits"
    BELOW_LAST = "below_last"
    NO_PREVIOUS = "no_previous"


class Doubt(Enum):
    """Why a reading needs the sender's "Так" before it is stored."""

    ROLLOVER = "rollover"
    HIGH_USE = "high_use"


@dataclass(frozen=True)
class Meter:
    """What the checks need to know about an account's meter and its last accepted reading."""

    zones: tuple[str, ...]
    digits: int
    last: dict[str, int | None]
    months_elapsed: int = 1


@dataclass(frozen=True)
class Verdict:
    """The outcome: `problem` refuses; otherwise `values` are stored, after "Так" if `doubts`."""

    values: dict[str, int] = field(default_factory=dict)
    problem: Problem | None = None
    zone: str | None = None
    doubts: tuple[Doubt, ...] = ()
    use: int = 0


def check(readings: Sequence[tuple[str | None, int]], meter: Meter, max_monthly_kwh: int) -> Verdict:
    """Check `readings` (zone or None, value) against `meter`."""
    values = assign_zones(readings, meter.zones)
    if values is None:
        return Verdict(problem=Problem.ZONES)
    return check_values(values, meter, max_monthly_kwh)


def check_values(values: dict[str, int], meter: Meter, max_monthly_kwh: int) -> Verdict:
    """Check values already matched to zones (rules 2 to 4)."""
    limit = 10**meter.digits
    for zone, value in values.items():
        if value >= limit:
            return Verdict(values, Problem.DIGITS, zone)
    allowance = max_monthly_kwh * max(1, meter.months_elapsed)
    use, rolled = 0, False
    for zone, value in values.items():
        last = meter.last.get(zone)
        if last is None:
            continue
        if value >= last:
            use += value - last
            continue
        if limit - last + value > allowance:
            return Verdict(values, Problem.BELOW_LAST, zone)
        use, rolled = use + limit - last + value, True
    doubts = ((Doubt.ROLLOVER,) if rolled else ()) + ((Doubt.HIGH_USE,) if use > allowance else ())
    return Verdict(values, doubts=doubts, use=use)


def assign_zones(readings: Sequence[tuple[str | None, int]], zones: tuple[str, ...]) -> dict[str, int] | None:
    """Match values to `zones` (rule 1), or None when they do not fit the meter."""
    labelled = [(zone, value) for zone, value in readings if zone is not None]
    unlabelled = [value for zone, value in readings if zone is None]
    if len(zones) > 1 and len(readings) == len(zones) + 1:
        labelled = [(zone, value) for zone, value in labelled if zone != "total"]
    values = dict(labelled)
    if len(values) != len(labelled) or not set(values) <= set(zones):
        return None
    remaining = [zone for zone in zones if zone not in values]
    if len(remaining) != len(unlabelled):
        return None
    values.update(zip(remaining, unlabelled))
    return {zone: values[zone] for zone in zones}


def repeat_last(meter: Meter) -> Verdict:
    """"Same as before": the last accepted reading again, refused when a zone has none."""
    known = {zone: value for zone in meter.zones if (value := meter.last.get(zone)) is not None}
    if len(known) != len(meter.zones):
        return Verdict(problem=Problem.NO_PREVIOUS)
    return Verdict(known)

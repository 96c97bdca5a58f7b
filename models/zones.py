"""Tariff zones: which zones a meter with one, two or three zones reports, in the order asked."""

ZONE_NAMES = ("total", "day", "night", "peak", "half_peak")

ZONES_BY_COUNT: dict[int, tuple[str, ...]] = {
    1: ("total",),
    2: ("day", "night"),
    3: ("peak", "half_peak", "night"),
}

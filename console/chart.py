"""The readings chart as inline SVG, drawn on the server: stacked bars per day and channel,
window days shaded. Only presentation attributes, so the pages' CSP (no inline styles) holds."""

from __future__ import annotations

from html import escape

from console.glance import Day

WIDTH, HEIGHT = 700, 220
_TOP, _BOTTOM, _LEFT = 10, 30, 40
COLOURS = ("#0b3d2e", "#0a5c8a", "#f2a900", "#8a3ffc", "#b00020", "#5a6570")
"""One colour per channel, in the order of the legend."""


def colour_of(channels: list[str], channel: str) -> str:
    """The colour of `channel` in the chart and its legend."""
    return COLOURS[channels.index(channel) % len(COLOURS)]


def chart(days: list[Day], channels: list[str]) -> str:
    """The SVG markup of the chart (values escaped), labelled for screen readers."""
    most = max((day.total for day in days), default=0) or 1
    step = (WIDTH - _LEFT) / max(len(days), 1)
    plot = HEIGHT - _TOP - _BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="chart-title" class="chart"><title id="chart-title">Прийняті показники за днями</title>',
        f'<text x="0" y="{_TOP + 10}" font-size="11">{most}</text>',
        f'<line x1="{_LEFT}" y1="{HEIGHT - _BOTTOM}" x2="{WIDTH}" y2="{HEIGHT - _BOTTOM}" stroke="#5a6570"/>',
    ]
    for index, day in enumerate(days):
        x = _LEFT + index * step
        if day.in_window:
            parts.append(f'<rect class="window" x="{x:.1f}" y="{_TOP}" width="{step:.1f}" height="{plot}" fill="#fff3cd"/>')
        bottom = float(HEIGHT - _BOTTOM)
        for channel in channels:
            count = day.counts.get(channel, 0)
            if count:
                height = plot * count / most
                bottom -= height
                parts.append(
                    f'<rect class="bar" data-day="{day.day.isoformat()}" data-channel="{escape(channel)}" '
                    f'data-count="{count}" x="{x + 1:.1f}" y="{bottom:.1f}" width="{max(step - 2, 1):.1f}" '
                    f'height="{height:.1f}" fill="{colour_of(channels, channel)}"><title>{day.day:%d.%m} '
                    f'{escape(channel)}: {count}</title></rect>'
                )
        if index % 7 == 0:
            parts.append(f'<text x="{x:.1f}" y="{HEIGHT - 10}" font-size="11">{day.day:%d.%m}</text>')
    parts.append("</svg>")
    return "".join(parts)

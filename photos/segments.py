"""Seven-segment digits read by their segments, where the OCR engine takes an 8 for a 0.

Given the box the engine found around a register, the row is cut out upright and made
black and white; each tall blob of ink is a digit, and the seven places of its segments
say which. A small blob at the foot of the row is the decimal point: digits after it
are the fraction. A row that is light on dark (drums), or any blob that is no digit,
gives `None`, and the engine's own reading stands.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from photos.geometry import level_row

HEIGHT = 80  # the row is cut out at this height in pixels
_BOX = 0.7  # the engine's box fills this share of the height, in the middle
_MARGIN = 1.0  # of the box's height, added on each side
_CODES = {
    "abcdef": "0", "bc": "1", "abdeg": "2", "abcdg": "3", "bcfg": "4",
    "acdfg": "5", "acdefg": "6", "abcf": "7", "abc": "7", "abcdefg": "8", "abcdfg": "9",
    "cdefg": "6", "abcfg": "9",  # a 6 without its top bar, a 9 without its foot
}
_PLACES = {  # (left, top, right, bottom) of each segment's place, as shares of the digit's box
    "a": (0.25, 0.0, 0.75, 0.2), "g": (0.25, 0.38, 0.75, 0.62), "d": (0.25, 0.8, 0.75, 1.0),
    "f": (0.0, 0.15, 0.3, 0.42), "b": (0.7, 0.15, 1.0, 0.42),
    "e": (0.0, 0.58, 0.3, 0.85), "c": (0.7, 0.58, 1.0, 0.85),
}


@dataclass(frozen=True)
class Reading:
    """The digits of a seven-segment row, split at its decimal point."""

    whole: str
    fraction: str


def read_row(image: np.ndarray, corners: np.ndarray) -> Reading | None:
    """The seven-segment digits inside the engine's box `corners`, or `None` if not such a row."""
    row = level_row(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), corners, HEIGHT, _BOX, _MARGIN)
    if _light_on_dark(row):
        return None
    ink = _ink(row)
    blobs = _blobs(ink)
    upright = [b for b in blobs if 0.25 * HEIGHT <= b[3] <= 0.8 * HEIGHT]  # taller is a frame
    if not upright:
        return None
    digits = [b for b in upright if b[3] >= 0.6 * max(h for _, _, _, h in upright)]
    tall = float(np.median([h for _, _, _, h in digits]))
    top = int(np.median([y for _, y, _, _ in digits]))
    bottom = int(np.median([y + h for _, y, _, h in digits]))
    width = float(np.percentile([w for _, _, w, _ in digits], 80))
    chars = [_digit(ink[top:bottom], x, w, width) for x, _, w, _ in digits]
    if None in chars:
        return None
    text = "".join(c for c in chars if c)
    point = _point(blobs, digits, tall, bottom)
    return Reading(text[:point], text[point:]) if point is not None else Reading(text, "")


def _light_on_dark(row: np.ndarray) -> bool:
    """Whether the engine's box, in the middle of the row, holds light digits on a dark ground."""
    side = int(_MARGIN * _BOX * HEIGHT)
    edge = int((1 - _BOX) / 2 * HEIGHT)
    box = row[edge:HEIGHT - edge, side:row.shape[1] - side]
    _, dark = cv2.threshold(box, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    return cv2.countNonZero(dark) > 0.5 * dark.size


def _ink(row: np.ndarray) -> np.ndarray:
    """Dark ink as white on black; the threshold follows the light across the row, so a glare
    on one side does not wash out its digits."""
    block = HEIGHT // 2 + 1
    return cv2.adaptiveThreshold(row, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 12)


def _blobs(ink: np.ndarray) -> list[tuple[int, int, int, int]]:
    """The boxes (x, y, width, height) of the characters, left to right.

    The segments of one digit may stand apart: blobs that overlap from left to right are
    one character. Blobs that touch the edge or are wider than a digit (the display's
    frame) are left out.
    """
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink)
    height, width = ink.shape
    boxes = sorted(
        (int(x), int(y), int(w), int(h))
        for x, y, w, h, area in stats[1:]
        if x > 0 and y > 0 and x + w < width and y + h < height and area > 4 and w < 0.8 * HEIGHT
    )
    chars: list[tuple[int, int, int, int]] = []
    for x, y, w, h in boxes:
        if chars and x < chars[-1][0] + chars[-1][2] - 0.3 * min(w, chars[-1][2]):
            cx, cy, cw, ch = chars.pop()
            right, low = max(cx + cw, x + w), max(cy + ch, y + h)
            x, y = cx, min(cy, y)
            w, h = right - x, low - y
        chars.append((x, y, w, h))
    return chars


def _digit(row: np.ndarray, x: int, w: int, width: float) -> str | None:
    """The digit whose blob starts at `x`: its box is `width` wide, up to its right edge."""
    if w < 0.5 * width:
        return "1"
    above_point = row[: int(0.85 * row.shape[0]), x:x + w]  # a decimal point may touch the digit
    columns = np.flatnonzero(above_point.max(axis=0))
    if columns.size == 0:
        return None
    right = x + int(columns[-1]) + 1
    cell = row[:, max(0, right - round(width)):right]
    lit = "".join(name for name, place in _PLACES.items() if _lit(cell, place, name in "adg"))
    return _CODES.get("".join(sorted(lit, key="abcdefg".index)))


def _lit(cell: np.ndarray, place: tuple[float, float, float, float], lying: bool) -> bool:
    """Whether a bar crosses the place: a row of it (a column, for an upright bar) mostly ink."""
    height, width = cell.shape
    left, top, right, bottom = place
    zone = cell[int(top * height):max(int(bottom * height), int(top * height) + 1),
                int(left * width):max(int(right * width), int(left * width) + 1)]
    return float(zone.mean(axis=1 if lying else 0).max()) > 0.6 * 255


def _point(blobs: list[tuple[int, int, int, int]], digits: list[tuple[int, int, int, int]],
           tall: float, bottom: int) -> int | None:
    """How many digits stand before a decimal point, if there is one between two digits."""
    for x, y, w, h in blobs:
        small = w < 0.35 * tall and h < 0.3 * tall and y + h >= bottom - 0.15 * tall
        before = sum(1 for d in digits if 2 * d[0] + d[2] < 2 * x + w)  # centres left of the point
        if small and 0 < before < len(digits):
            return before
    return None

"""Reading the register of a meter from a photo: the value, or "ask the customer to type it".

The register is the tallest number on the face: a row of drums or an LCD. Serial numbers,
years and ratings are printed smaller. The red fraction drums are painted over before
the OCR, and fraction digits read without their point are cut off. A value is returned
only when exactly one register-sized number fits the meter's digit count and is not
below the last reading; anything less sure is `None`.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import cv2
import numpy as np

from photos import ocr, segments
from photos.geometry import level_row
from photos.images import ImageRefused, decode
from photos.register import Number, numbers
from photos.results import Outcome, PhotoResult

log = logging.getLogger(__name__)

CONFIDENT = 0.8  # the engine's lowest score for any piece of the register
REGISTER_SIZED = 0.8  # a number at least this tall, against the tallest, may be the register
FRACTION_DIGITS = 2  # at most this many fraction digits follow the whole ones
MISREAD_DIGITS = 2  # the engine may take this many seven-segment digits for others (8 for 0)
REREAD_HEIGHT = 48  # pixels: the height the engine reads a line at
REREAD_MARGIN = 0.8  # box heights added on each side of a row read again
SECOND_LOOK = 0.6  # the scale of the second look at a photo where no register was found


def read_meter(image: bytes, digits: int, last: int | None) -> PhotoResult:
    """Read the register of a meter with `digits` whole digits from an encoded photo.

    Blocking and CPU-bound (about half a second); never raises.
    """
    try:
        pixels = decode(image)
    except ImageRefused as refused:
        return PhotoResult(None, Outcome.TOO_LARGE if refused.too_large else Outcome.BROKEN)
    try:
        pixels = hide_red(pixels)  # the photo as decoded is let go
        return _read(pixels, digits, last)
    except Exception:
        log.exception("reading a photo failed")
        return PhotoResult(None, Outcome.BROKEN)


def _read(image: np.ndarray, digits: int, last: int | None) -> PhotoResult:
    """The register's value; when no number of the meter's digits was found, a second look at the
    photo made smaller (the engine sometimes finds a row of drums only at another scale)."""
    result = choose(_numbers(image, digits), digits, last)
    if result.outcome not in (Outcome.NOT_FOUND, Outcome.SHORT):
        return result
    smaller = cv2.resize(image, None, fx=SECOND_LOOK, fy=SECOND_LOOK, interpolation=cv2.INTER_AREA)
    again = choose(_numbers(smaller, digits), digits, last)
    return again if again.outcome is Outcome.READ else result


def _numbers(image: np.ndarray, digits: int) -> list[Number]:
    """The numbers on the face, tallest first, the register-sized ones read a second time."""
    found = numbers(ocr.texts(image))
    return [_again(image, n, digits) if n.height >= REGISTER_SIZED * found[0].height else n for n in found]


def _again(image: np.ndarray, number: Number, digits: int) -> Number:
    """A seven-segment row read by its segments; a row short of digits read with room on each side.

    The engine's box sometimes leaves out the first or the last drums; the row is read again
    with room for one drum on each side, then for every drum missing, and a reading counts
    only when it has just the meter's digits.
    """
    by_segments = segments.read_row(image, number.corners)
    if by_segments:
        return with_segments(number, by_segments)
    if len(number.whole) >= digits:
        return number
    for margin in (REREAD_MARGIN, REREAD_MARGIN + digits - len(number.whole)):
        wider = ocr.line(level_row(image, number.corners, REREAD_HEIGHT, 1.0, margin))
        again = numbers([wider]) if wider else []
        if len(again) == 1 and len(again[0].whole) == digits:
            return replace(number, whole=again[0].whole, fraction=again[0].fraction, score=again[0].score)
    return number


def with_segments(number: Number, by_segments: segments.Reading) -> Number:
    """The number as its segments tell it, where that agrees with the engine; else unsure (score 0)."""
    if _agree(number.whole + number.fraction, by_segments.whole + by_segments.fraction):
        return replace(number, whole=by_segments.whole, fraction=by_segments.fraction)
    return replace(number, score=0.0)


def _agree(engine: str, by_segments: str) -> bool:
    """Whether the segments tell the engine's digits, up to a few look-alikes or a few it missed."""
    if len(engine) == len(by_segments):
        return sum(a != b for a, b in zip(engine, by_segments, strict=True)) <= MISREAD_DIGITS
    remaining = iter(by_segments)
    return len(engine) < len(by_segments) and all(digit in remaining for digit in engine)


def choose(found: list[Number], digits: int, last: int | None) -> PhotoResult:
    """The register's value among the numbers on the face (tallest first), or why not."""
    sized = [n for n in found if n.height >= REGISTER_SIZED * found[0].height] if found else []
    if not sized:
        return PhotoResult(None, Outcome.NOT_FOUND)
    fitting = {text for n in sized if n.score >= CONFIDENT and (text := _whole(n, digits))}
    if not fitting:
        short = any(len(n.whole) < digits for n in sized)
        return PhotoResult(None, Outcome.SHORT if short else Outcome.UNSURE)
    above = {text for text in fitting if last is None or int(text) >= last}
    if not above:
        return PhotoResult(None, Outcome.BELOW_LAST)
    if len(above) > 1:
        return PhotoResult(None, Outcome.UNSURE)
    return PhotoResult(above.pop(), Outcome.READ)


def _whole(number: Number, digits: int) -> str | None:
    if len(number.whole) == digits:
        return number.whole
    if not number.fraction and digits < len(number.whole) <= digits + FRACTION_DIGITS:
        return number.whole[:digits]  # the fraction digits, read without their point
    return None


def hide_red(image: np.ndarray) -> np.ndarray:
    """The image with every red drum-shaped patch painted black, its digit with it."""
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    red = cv2.bitwise_or(cv2.inRange(hsv, (0, 90, 60), (10, 255, 255)), cv2.inRange(hsv, (170, 90, 60), (180, 255, 255)))
    red = cv2.morphologyEx(red, cv2.MORPH_CLOSE, np.ones((5, 5), np.uint8))
    contours, _ = cv2.findContours(red, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    area = image.shape[0] * image.shape[1]
    hidden = image.copy()
    for contour in contours:
        hull = cv2.convexHull(contour)
        if _drum_shaped(contour, hull, area):
            cv2.fillConvexPoly(hidden, hull, (20, 20, 20))
    return hidden


def _drum_shaped(contour: np.ndarray, hull: np.ndarray, image_area: int) -> bool:
    hull_area = cv2.contourArea(hull)
    if not 0.0004 * image_area <= hull_area <= 0.02 * image_area:
        return False
    _, _, width, height = cv2.boundingRect(hull)
    return 0.8 <= height / width <= 3.5 and cv2.contourArea(contour) >= 0.6 * hull_area

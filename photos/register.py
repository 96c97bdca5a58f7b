"""From the lines of text on a meter's face to the numbers that may be its register.

The engine splits a row of drums into pieces, reads an `O` for a `0` and prints the
"kWh" beside the digits, sometimes a full-width digit; here the pieces of one row are joined
again, look-alike letters and full-width digits become ASCII digits and the unit goes. A line with a word on it (`No`, `imp/kWh`, `50Hz`) is
no register.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from photos.ocr import Text

_UNIT = re.compile(r"(k\s*w\s*[·.*]?\s*h|квт\S*|кbт\S*|\s[kк][wв]?)\s*$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{2,}")
_LOOKALIKES = str.maketrans("OoDQIl|i!ZzSsBbGgqT", "0000111112255866997")
_NUMERIC = re.compile(r"[\d.,]*\d[\d.,]*", re.ASCII)
_NUMBER = re.compile(r"(\d+)(?:[.,](\d+))?", re.ASCII)


@dataclass(frozen=True)
class Number:
    """A number on the face: `whole` keeps its leading zeros; `height` is in pixels."""

    whole: str
    fraction: str
    height: float
    score: float
    corners: np.ndarray = field(compare=False, repr=False)  # of the whole row


@dataclass(frozen=True)
class _Piece:
    text: str
    corners: np.ndarray
    centre: np.ndarray
    along: np.ndarray  # unit vector along the line of text
    width: float
    height: float
    score: float


def numbers(texts: list[Text]) -> list[Number]:
    """The numbers on the face, pieces of one row joined, tallest first."""
    pieces = sorted((p for p in map(_piece, texts) if p), key=lambda p: float(p.centre[0]))
    rows: list[list[_Piece]] = []
    for piece in pieces:
        row = next((row for row in rows if _continues(row[-1], piece)), None)
        if row is None:
            rows.append([piece])
        elif _overlaps(row[-1], piece):
            row[-1] = max(row[-1], piece, key=lambda p: p.width)
        else:
            row.append(piece)
    found = [number for number in map(_number, rows) if number]
    return sorted(found, key=lambda n: n.height, reverse=True)


def _piece(text: Text) -> _Piece | None:
    plain = _UNIT.sub("", unicodedata.normalize("NFKC", text.text)).replace(" ", "")
    if _WORD.search(plain):
        return None
    plain = plain.translate(_LOOKALIKES)
    if not _NUMERIC.fullmatch(plain):
        return None
    top_left, top_right, bottom_right, bottom_left = text.corners
    top = top_right - top_left
    width = float(np.linalg.norm(top))
    height = float(np.linalg.norm(bottom_left - top_left) + np.linalg.norm(bottom_right - top_right)) / 2
    if width == 0:
        return None
    return _Piece(plain, text.corners, text.corners.mean(axis=0), top / width, width, height, text.score)


def _continues(left: _Piece, right: _Piece) -> bool:
    """Whether `right` is the next piece of the same row of digits as `left`."""
    offset = right.centre - left.centre
    along = float(offset @ left.along)
    across = abs(float(offset[0] * left.along[1] - offset[1] * left.along[0]))
    gap = along - (left.width + right.width) / 2
    similar = 0.6 < right.height / left.height < 1.7
    return along > 0 and similar and across < 0.4 * left.height and gap < 1.2 * left.height


def _overlaps(left: _Piece, right: _Piece) -> bool:
    """Whether `right` covers at least half of `left` or the other way round: the engine found
    the same digits twice (a drum alone, and the row it belongs to)."""
    along = float((right.centre - left.centre) @ left.along)
    shared = min(left.width / 2, along + right.width / 2) - max(-left.width / 2, along - right.width / 2)
    return shared >= 0.5 * min(left.width, right.width)


def _number(row: list[_Piece]) -> Number | None:
    match = _NUMBER.fullmatch("".join(piece.text for piece in row))
    if match is None:
        return None
    return Number(
        whole=match[1],
        fraction=match[2] or "",
        height=max(piece.height for piece in row),
        score=min(piece.score for piece in row),
        corners=np.array([row[0].corners[0], row[-1].corners[1], row[-1].corners[2], row[0].corners[3]]),
    )

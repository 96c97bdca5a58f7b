"""What reading a photo gives: the value, or why the customer is asked to type it.

Kept apart from the reader so that the server, which only waits for results, never loads
the image and OCR libraries (they live in the worker processes, `photos.worker`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    """Why a photo gave a value or did not; every outcome but READ asks to type it."""

    READ = "read"
    TOO_LARGE = "too_large"  # over the byte or pixel cap
    BROKEN = "broken"  # not a JPEG, PNG or WebP that decodes
    NOT_FOUND = "not_found"  # no number that could be a register
    SHORT = "short"  # fewer digits than the meter has
    BELOW_LAST = "below_last"  # the value read is below the last accepted reading
    UNSURE = "unsure"  # several registers, a low score, or too many digits
    BUSY = "busy"  # the readers were all busy or took too long


@dataclass(frozen=True)
class PhotoResult:
    """The register's whole digits with leading zeros (`"0012345"`), or `None` with the reason."""

    text: str | None
    outcome: Outcome

    @property
    def value(self) -> int | None:
        """The reading as a number, or `None`: ask the customer to type it."""
        return None if self.text is None else int(self.text)

"""Reading synthetic meter photos through the real OCR engine (about half a second each)."""

from __future__ import annotations

import socket

import cv2
import numpy as np
import pytest

from photos import ocr
from photos.reading import hide_red, read_meter
from photos.results import Outcome
from tests.photos.synthetic import meter_photo


@pytest.mark.parametrize("style", ["drum", "lcd"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_clean_photos_read_with_their_leading_zeros(style: str, seed: int) -> None:
    photo = meter_photo(seed, style, hard=False)
    assert photo.value.startswith("0")
    result = read_meter(photo.jpeg, photo.digits, None)
    assert (result.text, result.outcome) == (photo.value, Outcome.READ)


@pytest.mark.parametrize(("style", "seed"), [("drum", 3), ("drum", 39), ("drum", 110), ("lcd", 3)])
def test_turned_blurred_and_lit_photos_read_too(style: str, seed: int) -> None:
    """Drum seeds 39 and 110: the engine's box leaves out a drum, and the row is read again."""
    photo = meter_photo(seed, style)
    assert read_meter(photo.jpeg, photo.digits, int(photo.value) - 5).text == photo.value


@pytest.mark.parametrize("seed", [0, 2, 4])
def test_a_row_the_engine_misses_or_cuts_short_is_looked_at_again(seed: int) -> None:
    """019999 on these faces: the engine finds no row at all (2), or drums one by one with the
    narrow 1 missed (0, 4); a smaller copy of the photo, and a wider second reading, find it."""
    photo = meter_photo(seed, "drum", hard=False, value="019999")
    assert read_meter(photo.jpeg, 6, 12210).text == "019999"


@pytest.mark.parametrize(("style", "seed"), [("drum", 0), ("lcd", 1), ("lcd", 4)])
def test_the_fraction_is_left_out(style: str, seed: int) -> None:
    """The red drum, and the digits after an LCD's point (lcd 1 shows 00331283.8)."""
    photo = meter_photo(seed, style, hard=False)
    assert photo.fraction
    assert read_meter(photo.jpeg, photo.digits, None).text == photo.value


def test_the_red_fraction_drum_is_painted_over_with_its_digit() -> None:
    photo = meter_photo(0, "drum", hard=False)
    image = cv2.imdecode(np.frombuffer(photo.jpeg, np.uint8), cv2.IMREAD_COLOR)
    hsv = cv2.cvtColor(hide_red(image), cv2.COLOR_BGR2HSV)
    red = cv2.inRange(hsv, (0, 120, 80), (10, 255, 255)) | cv2.inRange(hsv, (170, 120, 80), (180, 255, 255))
    assert cv2.countNonZero(red) < 50


def test_a_value_below_the_last_reading_or_short_of_digits_is_not_offered() -> None:
    photo = meter_photo(1, "drum", hard=False)
    below = read_meter(photo.jpeg, photo.digits, int(photo.value) + 1)
    assert (below.value, below.outcome) == (None, Outcome.BELOW_LAST)
    short = read_meter(photo.jpeg, photo.digits + 3, None)
    assert (short.value, short.outcome) == (None, Outcome.SHORT)


def test_a_blank_photo_has_no_register() -> None:
    _, blank = cv2.imencode(".png", np.full((600, 800, 3), 210, np.uint8))
    assert read_meter(blank.tobytes(), 6, None).outcome is Outcome.NOT_FOUND


@pytest.mark.parametrize(
    ("data", "outcome"),
    [(b"\x89PNG broken", Outcome.BROKEN), (b"\0" * (10 * 1024 * 1024 + 1), Outcome.TOO_LARGE)],
)
def test_broken_and_oversized_images_ask_to_type_it(data: bytes, outcome: Outcome) -> None:
    result = read_meter(data, 6, None)
    assert (result.value, result.outcome) == (None, outcome)


def test_the_models_load_from_the_installed_package_without_any_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object) -> None:
        raise AssertionError("the engine tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    ocr.engine.cache_clear()
    photo = meter_photo(2, "drum", hard=False)
    assert read_meter(photo.jpeg, photo.digits, None).text == photo.value
    assert all(path.is_file() and "site-packages" in path.parts for path in ocr.MODEL_FILES)


"""Choosing the register among the numbers on a face, and joining the engine's pieces."""

from __future__ import annotations

import numpy as np

from photos.ocr import Text
from photos.reading import choose, with_segments
from photos.register import Number, numbers
from photos.results import Outcome
from photos.segments import Reading


def _text(text: str, left: float, top: float, width: float, height: float, score: float = 0.99) -> Text:
    corners = [[left, top], [left + width, top], [left + width, top + height], [left, top + height]]
    return Text(np.array(corners, np.float32), text, score)


def _number(whole: str, height: float = 60, fraction: str = "", score: float = 0.99) -> Number:
    return Number(whole, fraction, height, score, np.zeros((4, 2), np.float32))


def test_pieces_of_one_row_are_joined_and_lookalikes_become_digits() -> None:
    found = numbers([_text("0O1", 100, 100, 120, 60), _text("2345 kWh", 235, 102, 220, 58)])
    assert [(n.whole, n.fraction) for n in found] == [("0012345", "")]


def test_a_digit_found_both_alone_and_in_its_row_counts_once() -> None:
    """Drum 4 of 012345: the engine gave a box for the first drum and one for the whole row."""
    found = numbers([_text("0", 332, 270, 48, 51), _text("012345", 350, 262, 268, 70)])
    assert [n.whole for n in found] == ["012345"]
    touching = numbers([_text("01", 100, 100, 80, 60), _text("2345", 175, 100, 160, 60)])
    assert [n.whole for n in touching] == ["012345"]


def test_full_width_and_other_scripts_digits_become_ascii_or_no_number() -> None:
    found = numbers([_text("0\uff112300", 100, 100, 240, 60)])
    assert [number.whole for number in found] == ["012300"]
    assert numbers([_text("\u0661\u0662\u0663\u0664\u0665", 100, 100, 240, 60)]) == []


def test_lines_with_words_are_no_numbers() -> None:
    lines = ["No 5198453", "220V 5(60)A 50Hz", "3200 imp/kWh", "NIK 2102", "kWh"]
    assert numbers([_text(line, 100, 100 + 50 * i, 300, 30) for i, line in enumerate(lines)]) == []


def test_the_tallest_number_is_the_register_and_smaller_decoys_are_ignored() -> None:
    found = [_number("0012345"), _number("5198453", height=30), _number("2008", height=30)]
    assert choose(found, 7, None).text == "0012345"


def test_a_register_sized_number_that_does_not_fit_gives_way_to_one_that_does() -> None:
    assert choose([_number("2102", height=62), _number("0012345", height=60)], 7, None).text == "0012345"


def test_two_register_sized_numbers_that_fit_are_a_conflict() -> None:
    result = choose([_number("0012345"), _number("0099999", height=55)], 7, None)
    assert (result.value, result.outcome) == (None, Outcome.UNSURE)


def test_fraction_digits_are_left_out() -> None:
    assert choose([_number("0012345", fraction="6")], 7, None).text == "0012345"
    assert choose([_number("00123456")], 7, None).text == "0012345"  # the point was not read


def test_fewer_digits_than_the_meter_asks_to_type_it() -> None:
    assert choose([_number("12345")], 7, None).outcome is Outcome.SHORT


def test_the_last_reading_rules_out_a_lower_value() -> None:
    assert choose([_number("0012345")], 7, 12345).value == 12345
    assert choose([_number("0012345")], 7, 12346).outcome is Outcome.BELOW_LAST
    assert choose([_number("0012345"), _number("0099999", height=55)], 7, 50000).text == "0099999"


def test_a_low_score_or_nothing_found_asks_to_type_it() -> None:
    assert choose([_number("0012345", score=0.5)], 7, None).value is None
    assert choose([], 7, None).outcome is Outcome.NOT_FOUND


def test_segments_correct_the_engine_only_where_they_agree() -> None:
    engine = _number("0033120", fraction="3")  # an 8 taken for a 0
    assert with_segments(engine, Reading("00331283", "")).whole == "00331283"
    assert with_segments(_number("003086", fraction="0"), Reading("0030861", "0")).whole == "0030861"
    shifted = with_segments(_number("016005912"), Reading("16005912", ""))
    assert choose([shifted], 8, None).value is None

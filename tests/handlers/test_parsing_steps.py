"""Focused tests of the parser's steps: normalising, number words, tokens and their rules."""

from __future__ import annotations

import pytest

from handlers.normalising import normalise
from handlers.numbers import replace_number_words
from handlers.openings import can_begin, openings
from handlers.rules import RULES
from handlers.tokens import tokenize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Пoкaзи 12345", "покази 12345"),  # Latin o and a inside a Cyrillic word
        ("KB. 45", "кв. 45"),  # a word made only of look-alikes
        ("D-8432 N-2917 T1", "d-8432 n-2917 t1"),  # labels stay for the zone rules
        ("Слов’янськ, підʼїзд, м`ята", "слов'янськ, під'їзд, м'ята"),
        ("12\u00a0345 12\u2009345 12\u202f345", "12 345 12 345 12 345"),
        ("день — 8432 – ніч", "день - 8432 - ніч"),
        ("12   345", "12 345"),
        ("Рахунок\r\n123\r456", "рахунок\n123\n456"),
        ("лічи\u00adльник", "лічильник"),  # a soft hyphen is dropped
    ],
)
def test_normalise_gives_one_spelling(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("words", "digits"),
    [
        ("дванадцять тисяч триста сорок п'ять", "12345"),
        ("двенадцать тысяч", "12000"),
        ("одна тисяча двісті", "1200"),
        ("сто", "100"),
        ("сорок тисяч п'ятсот", "40500"),
        ("вісім чотири три два", "8432"),  # dictated digits
        ("нуль один два", "012"),
        ("двадцять дванадцять", "20 12"),  # a teen cannot follow a ten: two numbers
        ("вісім тисяч два дві тисячі", "8002 2000"),
        ("12 тис. 345", "12345"),
        ("5 тисяч", "5000"),
        ("два лічильники", "два лічильники"),  # a lone small number word stays a word
        ("три дні", "три дні"),
        ("просто сто", "просто 100"),  # only whole words: no `сто` inside `просто`
        ("одинадцять тисяч", "11000"),
        ("м'ята о'дві п'ять", "м'ята о'дві п'ять"),  # `о'дві` is one word, not a number word
    ],
)
def test_number_words_become_digits(words: str, digits: str) -> None:
    assert replace_number_words(words) == digits


def test_rule_names_are_unique() -> None:
    names = [rule.name for rule in RULES]
    assert len(names) == len(set(names))


def test_zone_rules_name_contract_zones_and_other_rules_none() -> None:
    zones = {"day", "night", "peak", "half_peak", "total"}
    for rule in RULES:
        assert set(rule.zones) <= zones
        assert bool(rule.zones) == (rule.kind == "zone"), rule.name


@pytest.mark.parametrize(
    ("text", "taken_by"),
    [
        ("о/р 0991234567", "account_label"),  # an account label wins over a phone number
        ("0991234567", "phone"),
        ("15.8.1", "register_day"),  # not the date 15 August
        ("12.08", "date_numeric"),
        ("12.345", "number"),  # three digits after the point: thousands
        ("8432", "number"),
        ("добрий день", "greeting"),  # not a day label
        ("день", "day"),
        ("д 8432", "day_letter"),
        ("2 лічильники", "count"),
        ("спожито 150", "consumption"),
        ("3 черга", "outage_queue"),
    ],
)
def test_the_first_token_names_the_rule_that_took_it(text: str, taken_by: str) -> None:
    assert tokenize(normalise(text))[0].rule.name == taken_by


def test_a_one_letter_label_needs_a_number_right_after_it() -> None:
    assert [token.rule.name for token in tokenize("д, покази")] == ["word", "reading_word"]


@pytest.mark.parametrize(
    ("pattern", "can", "cannot"),
    [
        (r"(?<![a-z])(?:тел|моб)\.?", "тм", "1a .е"),
        (r"(?:\+\s*)?\(?0[0-9]", "+(0", "1 -"),
        (r"[^\W\d_]+", "aдαß", "1_ -"),
        (r"x?(?:ab)*[0-9]{1,2}", "xa05", "yb"),
        (r"\s*[.!?]+|(?=a)\d", ".!? \u00a0٣", "a-"),
        (r"(?P<x>[./])(?P=x)", "./", "a"),
        (r"(?i:д)", "дДz", ""),  # flags inside: any character
    ],
)
def test_a_rule_is_tried_only_where_it_can_begin(pattern: str, can: str, cannot: str) -> None:
    found = openings(pattern)
    assert all(can_begin(found, character) for character in can)
    assert not any(can_begin(found, character) for character in cannot)


def test_a_rule_that_can_match_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="empty string"):
        openings(r"(?<![0-9])[0-9]*")

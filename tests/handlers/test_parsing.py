"""The parser against the shared examples and our own customer-style cases (data/*.jsonl).

Each case holds a text and the CONTRACT section 4 object `python main.py parse` must print for
it. `examples.jsonl` is the shared sample set; `independent.jsonl` was written from the contract
by someone who had not seen the parser or its cases; `cases.jsonl` groups our cases by rule,
each rule with texts whose numbers must be taken and texts whose numbers must not.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

import pytest

from handlers.parsing import MeterValue, ParseResult, explain, parse

DATA = Path(__file__).parent / "data"


def _load(name: str) -> list[dict[str, object]]:
    with open(DATA / name, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


EXAMPLES = _load("examples.jsonl") + _load("independent.jsonl")
CASES = _load("cases.jsonl")


def _expected(case: dict[str, object]) -> dict[str, object]:
    return {key: case[key] for key in ("accounts", "readings", "same_as_before")}


@pytest.mark.parametrize("case", EXAMPLES, ids=[f"{c['category']}-{i}" for i, c in enumerate(EXAMPLES)])
def test_shared_examples(case: dict[str, object]) -> None:
    assert parse(str(case["text"])).to_dict() == _expected(case)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['category']}-{i}" for i, c in enumerate(CASES)])
def test_own_cases(case: dict[str, object]) -> None:
    assert parse(str(case["text"])).to_dict() == _expected(case)


def test_own_cases_cover_each_rule_both_ways() -> None:
    """At least 300 cases; every rule has texts it must take and texts it must reject."""
    assert len(CASES) >= 300
    musts = Counter((str(case["category"]), str(case["must"])) for case in CASES)
    for category in {str(case["category"]) for case in CASES}:
        assert musts[category, "reject"] > 0, category
        assert category == "noise" or musts[category, "take"] > 0, category


def test_result_is_frozen_and_serialises_with_contract_keys() -> None:
    result = parse("о/р 1234567 день 8432 ніч 2917 без змін")
    assert result == ParseResult(
        accounts=("1234567",),
        readings=(MeterValue("day", 8432), MeterValue("night", 2917)),
        same_as_before=True,
    )
    assert list(result.to_dict()) == ["accounts", "readings", "same_as_before"]
    assert json.dumps(result.to_dict(), ensure_ascii=False) == result.to_json() == (
        '{"accounts": ["1234567"], "readings": [{"zone": "day", "value": 8432}, '
        '{"zone": "night", "value": 2917}], "same_as_before": true}'
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.same_as_before = False  # type: ignore[misc]


def test_nothing_found_gives_the_empty_object() -> None:
    assert parse("Коли дадуть світло?").to_dict() == {"accounts": [], "readings": [], "same_as_before": False}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("покази 12345 тел 0991234567", "phone_label"),
        ("+38 (050) 123-45-67", "phone"),
        ("30.03", "date_numeric"),
        ("1 листопада", "date_words"),
        ("10:30", "time"),
        ("350 грн", "money"),
        ("2026 р.", "year"),
        ("кв. 12", "house"),
        ("лічильник №0123456789", "meter_serial"),
        ("15.8.1", "register_day"),
        ("3 дні", "count"),
    ],
)
def test_explain_names_the_rule_that_rejected_a_number(text: str, rule: str) -> None:
    assert rule in [name for name, _ in explain(text)]


def test_explain_shows_the_numbers_taken() -> None:
    assert explain("Д-8432") == [("day_letter", "д"), ("number", "8432")]

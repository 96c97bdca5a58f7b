"""Property tests: a reading rendered in any supported spelling parses back to its values.

Spellings vary the number format (thousands separators, no-break and thin spaces, fractions,
leading zeros), the zone labels (words in both languages, short forms, letters, register
names), their order, labels before values, after them or listed before them, look-alike
Latin letters, case and the greeting around the reading. Arbitrary text never makes the
parser raise.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.parsing import MeterValue, parse

ZONES = ("day", "night", "peak", "half_peak", "total")
LABELS = {
    "day": ["день", "денний", "День", "дн.", "вдень", "дневной", "T1", "Т1", "т1", "15.8.1", "1.8.1", "Д", "D", "д"],
    "night": ["ніч", "нічний", "ночь", "ночной", "нч", "T2", "Т2", "15.8.2", "1.8.2", "Н", "N", "н"],
    "peak": ["пік", "пик", "Пік"],
    "half_peak": ["напівпік", "полупик", "напів-пік"],
    "total": ["загальний", "сумарний", "общий", "T0", "Т0", "15.8.0", "1.8.0"],
}
METER_LAYOUTS = [("day", "night"), ("peak", "half_peak", "night"), ("total",), ("total", "day", "night")]
# Latin letters that look like Cyrillic ones, as customers mix them in.
LOOKALIKES = {"а": "a", "е": "e", "і": "i", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "к": "k"}
SPACES = [" ", "\u00a0", "\u2009"]
GREETINGS = ["", "Добрий день! ", "Доброго дня.\n", "Здравствуйте, ", "Покази: ", "Показники лічильника "]
THANKS = ["", " Дякую", "\nГарного дня!", " 🙏", ". Спасибо"]


@st.composite
def numbers(draw: st.DrawFn, value: int) -> str:
    """`value` written in one of the spellings CONTRACT section 4 reads as `value`."""
    digits = str(value)
    style = draw(st.sampled_from(["plain", "zeros", "grouped", "fraction"]))
    if style == "zeros" and len(digits) < 6:
        return "0" * draw(st.integers(1, 6 - len(digits))) + digits
    if style == "grouped" and value >= 1000:
        separator = draw(st.sampled_from(SPACES + [".", ","]))
        groups = [digits[max(0, end - 3):end] for end in range(len(digits), 0, -3)][::-1]
        return separator.join(groups)
    if style == "fraction":
        # A point after a day-sized number reads as a date (`12.05`), so small values take a comma.
        point = draw(st.sampled_from([",", "."] if value > 31 else [","]))
        return digits + point + str(draw(st.integers(0, 99)))
    return digits


@st.composite
def lookalike(draw: st.DrawFn, label: str) -> str:
    """`label` with some Cyrillic letters swapped for Latin look-alikes, in some case."""
    letters = [LOOKALIKES[ch] if ch in LOOKALIKES and draw(st.booleans()) else ch for ch in label]
    word = "".join(letters)
    return draw(st.sampled_from([word, word.upper(), word.capitalize()]))


def _is_letter(label: str) -> bool:
    return len(label) == 1


@st.composite
def labelled_readings(draw: st.DrawFn) -> tuple[str, list[MeterValue]]:
    """A message with each zone's label right before its value, zones in any order."""
    zones = draw(st.permutations(draw(st.sampled_from(METER_LAYOUTS))))
    values = [draw(st.integers(100, 999_999)) for _ in zones]
    parts = []
    for zone, value in zip(zones, values):
        label = draw(lookalike(draw(st.sampled_from(LABELS[zone]))))
        gap = draw(st.sampled_from([" ", "-", ": ", " - ", "=", " — "] + (["", "."] if label.isalpha() else [])))
        parts.append(f"{label}{gap}{draw(numbers(value))}")
    joiner = draw(st.sampled_from([" ", ", ", "; ", "\n", " / "]))
    text = draw(st.sampled_from(GREETINGS)) + joiner.join(parts) + draw(st.sampled_from(THANKS))
    return text, [MeterValue(zone, value) for zone, value in zip(zones, values)]


@st.composite
def listed_readings(draw: st.DrawFn) -> tuple[str, list[MeterValue]]:
    """Labels listed before their values: `день/ніч 8432/2917`."""
    zones = draw(st.permutations(draw(st.sampled_from(METER_LAYOUTS))))
    values = [draw(st.integers(100, 999_999)) for _ in zones]
    words = [draw(st.sampled_from([w for w in LABELS[zone] if not _is_letter(w)])) for zone in zones]
    separator = draw(st.sampled_from(["/", " / ", ", "]))
    labels = separator.join([draw(lookalike(word)) for word in words])
    listed = separator.join(draw(numbers(value)) for value in values)
    text = f"{labels}{draw(st.sampled_from([' ', ': ', ' - ', chr(10)]))}{listed}"
    return text, [MeterValue(zone, value) for zone, value in zip(zones, values)]


@given(labelled_readings())
@settings(max_examples=300)
def test_labelled_readings_parse_back(case: tuple[str, list[MeterValue]]) -> None:
    text, readings = case
    assert list(parse(text).readings) == readings


@st.composite
def readings_before_labels(draw: st.DrawFn) -> tuple[str, list[MeterValue]]:
    """Each value followed by its label: `8432 день, 2917 ніч`, `8432 (Т1)`."""
    zones = draw(st.permutations(draw(st.sampled_from(METER_LAYOUTS))))
    values = [draw(st.integers(100, 999_999)) for _ in zones]
    parts = []
    for zone, value in zip(zones, values):
        label = draw(lookalike(draw(st.sampled_from([w for w in LABELS[zone] if not _is_letter(w)]))))
        shape = draw(st.sampled_from(["{v} {l}", "{v} ({l})", "{v} - {l}", "{v}-{l}"]))
        parts.append(shape.format(v=draw(numbers(value)), l=label))
    text = draw(st.sampled_from(GREETINGS)) + draw(st.sampled_from([", ", "; ", "\n"])).join(parts)
    return text, [MeterValue(zone, value) for zone, value in zip(zones, values)]


@given(readings_before_labels())
@settings(max_examples=200)
def test_labels_after_their_values_parse_back(case: tuple[str, list[MeterValue]]) -> None:
    text, readings = case
    assert list(parse(text).readings) == readings


@given(listed_readings())
@settings(max_examples=200)
def test_listed_labels_keep_their_order(case: tuple[str, list[MeterValue]]) -> None:
    text, readings = case
    assert list(parse(text).readings) == readings


@given(st.integers(0, 999_999), st.sampled_from(GREETINGS), st.sampled_from(THANKS), st.data())
def test_an_unlabelled_reading_parses_back(value: int, greeting: str, thanks: str, data: st.DataObject) -> None:
    result = parse(greeting + data.draw(numbers(value)) + thanks)
    assert result.readings == (MeterValue(None, value),)
    assert result.accounts == ()


@given(
    st.from_regex(r"[0-9]{7,12}", fullmatch=True),
    st.sampled_from(["о/р", "ос. рах.", "особовий рахунок №", "рахунок", "л/с", "лицевой счет", "ОР", "рах."]),
    st.integers(100, 99_999),
    st.data(),
)
def test_an_account_and_a_reading_parse_back(digits: str, label: str, value: int, data: st.DataObject) -> None:
    labelled = data.draw(st.booleans()) or _looks_like_a_phone(digits)
    account = f"{data.draw(lookalike(label))} {digits}" if labelled else digits
    result = parse(f"{account}, покази {value}")
    assert result.accounts == (digits,)
    assert result.readings == (MeterValue(None, value),)


def _looks_like_a_phone(digits: str) -> bool:
    """A bare run that is a Ukrainian phone number (0XX..., 80XX..., 380XX...) is not an account."""
    return any(digits.startswith(prefix) and len(digits) == len(prefix) + 9 for prefix in ("0", "80", "380"))


@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    _check_shape(text)


@given(st.text(alphabet="0123456789 .,-/:№()+днтДНТT1грнкв'’\n ", max_size=60))
def test_digit_heavy_text_never_raises(text: str) -> None:
    _check_shape(text)


def _check_shape(text: str) -> None:
    result = parse(text)
    assert all(account.isdigit() for account in result.accounts)
    assert all(reading.zone in ZONES + (None,) and reading.value >= 0 for reading in result.readings)
    assert isinstance(result.same_as_before, bool)

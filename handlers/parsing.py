"""Meter readings, account numbers and "same as before" from a customer's text (CONTRACT section 4).

`parse(text)` is pure: no I/O, regular expressions compiled once at import. It runs in named
steps, each in its own module so the rule that took or rejected a number is easy to find:

1. normalise (`handlers.normalising`): case, apostrophes, spaces, dashes, Latin look-alike
   letters, numbers in words (`handlers.numbers`).
2. tokenize (`handlers.tokens`): one scanner of the named rules in `handlers.rules` masks
   what is not a reading (dates, times, phones, money, years, addresses, meter serials,
   register names, counts), finds labelled accounts, zone labels and numbers.
   `explain(text)` lists the tokens with the rule that took each.
3. pair (`handlers.pairing`): zone labels with numbers, bare 7-12 digit runs as accounts.
4. same as before (this module): a phrase saying the reading has not changed.

Choices where the contract is silent:
- A zone label reaches the next number across separators, noise (a date, a phone) and filler
  words (`кВт`, `лічильника`, `показ`), but not across another word or the end of a sentence:
  `день народження 12345` and `Доброї ночі! 12345` give a reading without a zone.
- Labels listed before values pair in order (`день/ніч 8432/2917`); the same zone named twice
  in a row counts once (`Т1 (день) 8432`). Labels after their values (`8432 день, 2917 ніч`)
  and values listed before their labels (`12045/5033 (день/ніч)`) pair too.
- A 7-12 digit run right after a zone word is that zone's reading, not an account.
- A number with `кВт` is a reading (`150 кВт`, `12345 кВт·год`), as in the shared examples;
  but a number a consumption word names (`спожито 150 кВт`, `різниця 150`, `витратили 230`)
  is not: the contract's readings are meter values, and consumption is a difference of two.
  Counts of other things (`3 дні`, `2 лічильники`, `50 %`, `2-тарифний`) are not readings.
- A lone number word below 100 (`два лічильники`) stays a word; see `handlers.numbers`.
- An account named twice is listed once. A bare run of 13 digits or more is neither.
- A one-letter label does not take a bare 7-12 digit run: `Іваненко Д. 1234567` is an account.
- A dotted `dd.mm` with a valid day and month is a date (`12.03`), so is `dd/mm`; with a comma
  it is a number with a fraction (`12,03` is 12).
- `сума 11349` (no currency, no kopecks) is the total zone, as after `Т1 ... Т2 ...`;
  `сума 350,50`, `суму 350`, `до сплати 432` are money.
- `лічильник 12345678` (eight digits or more right after the meter word) is a serial number;
  `лічильник 12345` is a reading. `Т3` and `1.8.3` are register names without a contract zone:
  not values, and the value after them has no zone.
- `номер договору 12345` names an account, as customers call their account their contract.
- `з 10 до 14` is a time range, `1)` / `1.` before a value numbers a list, `№1` names a meter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.normalising import normalise
from handlers.pairing import pair
from handlers.tokens import tokenize

_DIGIT = re.compile(r"[0-9]")
_SAME_AS_BEFORE = re.compile(
    r"(?<![а-яіїєґ])(?:"
    r"без\s+змін|без\s+изменени|(?:нічого\s+|ничего\s+)?не\s+(?:змін|измен|мінял|менял|поменял|помінял)"
    r"|(?:так[а-яіїєґ]*|ті|те|той|та|то|тот|тих|тем|тім)\s+(?:ж\s+|же\s+)?сам[а-яіїєґ]*"
    r"|(?:так[а-яіїєґ]+|ті|те|тот|тех|тих)\s+(?:ж|же)(?![а-яіїєґ])(?!\s+(?:день|дня|час|время|самий|самое))"
    r"|(?:як|как)\s+(?:і\s+|и\s+)?(?:у\s+|в\s+)?(?:минул|попередн|прошл|предыдущ)[а-яіїєґ]*\s+(?:раз|місяц|месяц)"
    r"|(?:як|как)\s+(?:і\s+|и\s+)?(?:у\s+|в\s+)?(?:минулий|прошлый)\s+раз"
    r"|(?:як|как)\s+(?:і|и)\s+(?:були|было|были)|аналогічн|аналогичн|незмінн|неизменн|прежн|так\s+само|те\s+саме"
    r"|(?:що|что)\s+(?:й|і|и)\s+(?:у\s+|в\s+)?(?:минул|попередн|прошл|предыдущ)[а-яіїєґ]*\s+(?:раз|місяц|месяц)"
    r"|(?:минул|попередн|прошл|предыдущ|стар)[а-яіїєґ]*\s+показ|по-?\s?старому"
    r"|(?:як|как)\s+(?:і\s+|и\s+)?(?:було|было)|повтор[а-яіїєґ]*\s+(?:минул|попередн|прошл|предыдущ)|однаков|одинаков"
    r"|нульов[а-яіїєґ]*\s+споживан|споживан[а-яіїєґ]*\s+нульов|нічого\s+не\s+спожи|не\s+рух"
    r"|не\s+крут|не\s+користу|не\s+пользу|не\s+пользова"
    r")"
)


@dataclass(frozen=True)
class MeterValue:
    """One meter value; `zone` is None when the text does not name it."""

    zone: str | None  # "day" | "night" | "peak" | "half_peak" | "total" | None
    value: int


@dataclass(frozen=True)
class ParseResult:
    """What a text says: accounts, readings and whether the reading is unchanged."""

    accounts: tuple[str, ...]
    readings: tuple[MeterValue, ...]
    same_as_before: bool

    def to_dict(self) -> dict[str, object]:
        """The CONTRACT section 4 JSON object."""
        return {
            "accounts": list(self.accounts),
            "readings": [{"zone": reading.zone, "value": reading.value} for reading in self.readings],
            "same_as_before": self.same_as_before,
        }

    def to_json(self) -> str:
        """The CONTRACT section 4 object as one line, as `json.dumps(self.to_dict())` writes it.

        Written directly, several times faster than `json.dumps`: accounts are ASCII digits and
        zones plain names, so nothing needs escaping.
        """
        accounts = ", ".join(f'"{account}"' for account in self.accounts)
        readings = ", ".join(map(_reading_json, self.readings))
        same = "true" if self.same_as_before else "false"
        return f'{{"accounts": [{accounts}], "readings": [{readings}], "same_as_before": {same}}}'


def _reading_json(reading: MeterValue) -> str:
    zone = "null" if reading.zone is None else f'"{reading.zone}"'
    return f'{{"zone": {zone}, "value": {reading.value}}}'


def parse(text: str) -> ParseResult:
    """Parse a customer's message into accounts, readings and "same as before"."""
    normalised = normalise(text)
    # Accounts and readings are digits (number words are digits by now): without one, none.
    accounts, readings = pair(tokenize(normalised)) if _DIGIT.search(normalised) else ([], [])
    return ParseResult(
        accounts=tuple(dict.fromkeys(accounts)),
        readings=tuple(MeterValue(zone, value) for zone, value in readings),
        same_as_before=_SAME_AS_BEFORE.search(normalised) is not None,
    )


def explain(text: str) -> list[tuple[str, str]]:
    """Each token of `text` as (rule name, normalised text): why a number was or was not taken."""
    return [(token.rule.name, token.text) for token in tokenize(normalise(text))]

"""The form's fields as posted, and the checks of their format before any account is looked up.

The names are the contract's (section 3). A text field may hold anything a browser sends; it
is shown back as typed (up to `MAX_TEXT` characters) and read only when its format is plain:
an account number of 7 to 12 ASCII digits (spaces and hyphens allowed, as in the chat) and
meter values of ASCII digits (spaces between groups allowed). Anything else gets a notice
tied to its field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from handlers.onboarding import typed_number
from models.zones import ZONE_NAMES
from webform import texts

TEXT_FIELDS = ("account", "surname", *ZONE_NAMES)
"""The text fields in the order the form shows them (`total`, `day`, `night`, `peak`, `half_peak`)."""
SAME_AS_BEFORE = "same_as_before"
CONFIRM = "confirm"
ORDER = (*TEXT_FIELDS, SAME_AS_BEFORE, CONFIRM)
"""Every field, in the order the form shows them (and the keyboard reaches them)."""
MAX_TEXT = 100
_VALUE = re.compile(r"[0-9]{1,3}(?:[ \u00a0\u2009\u202f]?[0-9]{3})*|[0-9]+")


@dataclass(frozen=True)
class Notice:
    """A message on the form, about `fields` (in the form's order; it is shown above the first)."""

    text: str
    fields: tuple[str, ...]

    @classmethod
    def about(cls, text: str, names: Iterable[str]) -> Notice:
        return cls(text, tuple(sorted(set(names), key=ORDER.index)))


@dataclass(frozen=True)
class Typed:
    """The form as posted: each text field as typed, and the two boxes."""

    text: dict[str, str] = field(default_factory=dict)
    same_as_before: bool = False
    confirm: bool = False

    @classmethod
    def from_form(cls, form: Mapping[str, str]) -> Typed:
        """The fields of a posted form; a box counts as ticked when it is posted at all."""
        return cls({name: form.get(name, "") for name in TEXT_FIELDS}, SAME_AS_BEFORE in form, CONFIRM in form)

    def shown(self, name: str) -> str:
        """What to show in field `name`: what was typed, cut to `MAX_TEXT` characters."""
        return self.text.get(name, "")[:MAX_TEXT]


@dataclass(frozen=True)
class Filled:
    """A form whose fields have a plain format: what to look up and check."""

    number: str
    surname: str
    readings: tuple[tuple[str, int], ...]
    same_as_before: bool
    confirm: bool


class Invalid(Exception):
    """Some fields do not have the format they need; `notices` say which and why."""

    def __init__(self, notices: tuple[Notice, ...]) -> None:
        super().__init__(notices)
        self.notices = notices


def filled(typed: Typed) -> Filled:
    """The plain values of `typed`; raises `Invalid` with the notices of the fields that are not.

    Fields with the same problem share one notice.
    """
    problems = {name: problem for name in TEXT_FIELDS if (problem := _problem(name, typed.text.get(name, "")))}
    notices = [
        Notice.about(text, [name for name, problem in problems.items() if problem == text])
        for text in dict.fromkeys(problems.values())
    ]
    values = {zone: text.strip() for zone in ZONE_NAMES if (text := typed.text.get(zone, "")).strip()}
    if typed.same_as_before and values:
        notices.append(Notice.about(texts.SAME_AND_VALUES, [SAME_AS_BEFORE, *values]))
    if notices:
        raise Invalid(tuple(notices))
    return Filled(
        _number(typed.text.get("account", "")) or "", typed.text.get("surname", "").strip(),
        tuple((zone, int(_digits(text))) for zone, text in values.items()), typed.same_as_before, typed.confirm,
    )


def _problem(name: str, text: str) -> str | None:
    """What is wrong with the format of field `name`, if anything."""
    if len(text) > MAX_TEXT:
        return texts.TOO_LONG
    if name == "account":
        return None if _number(text) else texts.ACCOUNT_FORMAT
    if name == "surname":
        return None if any(char.isalpha() for char in text) else texts.SURNAME_MISSING
    return None if not text.strip() or _VALUE.fullmatch(text.strip()) else texts.VALUE_FORMAT


def _number(text: str) -> str | None:
    """The account number in `text`, read as the chat reads a typed one, in ASCII digits only."""
    number = typed_number(text)
    return number if number is not None and number.isascii() else None


def _digits(text: str) -> str:
    return "".join(char for char in text if char.isdigit())

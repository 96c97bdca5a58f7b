"""The last step of parsing: zone labels paired with numbers, bare long runs filed as accounts.

A text lays its labels out in one of three ways, tried in this order:
- labels after their values, `8432 день, 2917 ніч`: a number directly followed by a label
  starts the text's values and a label ends them; each label names the number before it;
- values all listed before as many labels, `12045/5033 (день/ніч)`: paired in order;
- otherwise labels before their values, `день 8432 ніч 2917`, `день/ніч 8432/2917`: each
  label waits for the next number. A label stops waiting at an ordinary word or the end of a
  sentence (`день народження 12345`), not at fillers (`кВт`), noise or a line break.
A number no label names is a reading, or an account when it is a bare run of 7 to 12 digits
(13 or more: neither). A zone word before a bare long run makes it a reading; a one-letter
label does not (`Іваненко Д. 1234567` is an account).
"""

from __future__ import annotations

import dataclasses
import re

from handlers.rules import ACCOUNT, NUMBER, STOP, WORD, ZONE, Rule
from handlers.tokens import Token
from models.numbering import ACCOUNT_DIGITS

Reading = tuple[str | None, int]  # (zone or None, value)

_NUMBER_PARTS = re.compile(r"[0-9]+")
_FRACTION = re.compile(r"[.,][0-9]{1,2}$")


def pair(tokens: list[Token]) -> tuple[list[str], list[Reading]]:
    """Accounts and (zone, value) readings of a text's tokens, in order of appearance."""
    if _labels_follow_values(tokens):
        return _pair_postfix(tokens)
    if _values_listed_before_labels(tokens):
        return _pair_lists(tokens)
    return _pair_prefix(tokens)


def _pair_prefix(tokens: list[Token]) -> tuple[list[str], list[Reading]]:
    """Pairing when each zone label comes before its number (or labels before the values)."""
    accounts: list[str] = []
    readings: list[Reading] = []
    pending: list[Rule] = []  # zone labels still waiting for their numbers, one zone each
    for token in tokens:
        kind = token.kind
        if kind == ACCOUNT:
            accounts.append(token.digits)
        elif kind == ZONE:
            pending.extend(_one_zone_labels(token.rule, pending))
        elif kind == NUMBER:
            label = pending.pop(0) if pending else None
            if label is None or (label.letter and _is_long_run(token)):
                _take_unlabelled(token.text, accounts, readings)
            else:
                readings.append((label.zones[0], _value(token.text)))
        elif kind in (WORD, STOP):
            pending.clear()
    return accounts, readings


def _one_zone_labels(rule: Rule, pending: list[Rule]) -> list[Rule]:
    """A label per zone the rule names, skipping a zone named again right away (`Т1 (день)`)."""
    labels: list[Rule] = []
    for zone in rule.zones:
        last = labels[-1] if labels else pending[-1] if pending else None
        if last is None or last.zones[0] != zone:
            labels.append(dataclasses.replace(rule, zones=(zone,)))
    return labels


def _labels_follow_values(tokens: list[Token]) -> bool:
    """Whether the text reads `8432 день, 2917 ніч`: a number, its label, ..., a label last."""
    places = [i for i, token in enumerate(tokens) if token.kind in (ZONE, NUMBER) and not _is_long_run(token)]
    if len(places) < 2 or tokens[places[0]].kind != NUMBER or tokens[places[-1]].kind != ZONE:
        return False
    following = (token.kind for token in tokens[places[0] + 1:] if token.kind in (ZONE, NUMBER, WORD, STOP))
    return next(following, None) == ZONE


def _values_listed_before_labels(tokens: list[Token]) -> bool:
    """Whether the text reads `12045/5033 (день/ніч)`: all values, then as many labels."""
    places = [i for i, token in enumerate(tokens) if token.kind in (ZONE, NUMBER) and not _is_long_run(token)]
    kinds = [tokens[i].kind for i in places]
    values = kinds.count(NUMBER)
    if values < 2 or len(kinds) == values or kinds != [NUMBER] * values + [ZONE] * (len(kinds) - values):
        return False
    between = tokens[places[values - 1] + 1:places[values]]
    zones = sum(len(tokens[i].rule.zones) for i in places[values:])
    return zones == values and not any(token.kind in (WORD, STOP) for token in between)


def _pair_lists(tokens: list[Token]) -> tuple[list[str], list[Reading]]:
    """Pairing values listed before their labels, in order."""
    accounts: list[str] = []
    values: list[Reading] = []
    for token in tokens:
        if token.kind == ACCOUNT:
            accounts.append(token.digits)
        elif token.kind == NUMBER:
            _take_unlabelled(token.text, accounts, values)
    zones = [zone for token in tokens if token.kind == ZONE for zone in token.rule.zones]
    return accounts, [(zone, value) for zone, (_, value) in zip(zones, values)]


def _pair_postfix(tokens: list[Token]) -> tuple[list[str], list[Reading]]:
    """Pairing when each zone label follows its number, with no other word between them."""
    accounts: list[str] = []
    readings: list[Reading] = []
    labelled = True
    for token in tokens:
        if token.kind == ACCOUNT:
            accounts.append(token.digits)
        elif token.kind == NUMBER:
            labelled = not _take_unlabelled(token.text, accounts, readings)
        elif token.kind == ZONE and not labelled:
            readings[-1] = (token.rule.zones[0], readings[-1][1])
            labelled = True
        elif token.kind in (WORD, STOP):
            labelled = True
    return accounts, readings


def _take_unlabelled(text: str, accounts: list[str], readings: list[Reading]) -> bool:
    """File a number no label names: a bare 7-12 digit run is an account; True if a reading."""
    if text.isdigit() and len(text) >= ACCOUNT_DIGITS.start:
        if len(text) in ACCOUNT_DIGITS:
            accounts.append(text)
        return False
    readings.append((None, _value(text)))
    return True


def _is_long_run(token: Token) -> bool:
    """A bare run of 7 digits or more: an account, or neither when longer than 12 digits."""
    return token.kind == NUMBER and token.text.isdigit() and len(token.text) >= ACCOUNT_DIGITS.start


def _value(text: str) -> int:
    """The whole part of a number: separators between digit groups go, a fraction is dropped."""
    return int("".join(_NUMBER_PARTS.findall(_FRACTION.sub("", text))))


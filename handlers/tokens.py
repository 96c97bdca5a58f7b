"""The middle step of parsing: cut normalised text into tokens, each named by its rule.

The rules of `handlers.rules.RULES` are tried at each place in the text; the leftmost match
wins and, at the same place, the rule listed first. Text no rule takes (spaces, punctuation,
emoji) is left out. A number taken by a noise rule (a date, a phone, money, ...) is thereby
not a reading, and its token names the rule that took it.

At a place the scanner tries only the rules that can begin with the character there
(`handlers.openings`), as one pattern per set of such rules, compiled when first needed: a
digit has some fifteen candidates, most letters fewer than ten, out of fifty rules.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from handlers.openings import can_begin, openings
from handlers.rules import RULES, Rule

_RULE_BY_GROUP = {f"r{index}": rule for index, rule in enumerate(RULES)}
_OPENINGS = [openings(rule.pattern) for rule in RULES]
# No rule starts with a space or these separators: each scanner steps over them after its token.
_SEPARATORS = r"[\s,:/\-]*"
_SKIP = re.compile(_SEPARATORS)


class Token(NamedTuple):
    """A piece of normalised text and the rule that took it."""

    rule: Rule
    text: str

    @property
    def kind(self) -> str:
        return self.rule.kind

    @property
    def digits(self) -> str:
        """The digits a labelled account ends with."""
        return self.text[len(self.text.rstrip("0123456789")):]


def tokenize(normalised: str) -> list[Token]:
    """Cut normalised text into tokens, in order of appearance."""
    tokens: list[Token] = []
    position, end = _SKIP.match(normalised).end(), len(normalised)  # type: ignore[union-attr]
    while position < end:
        scanner = _scanner_at(normalised[position])
        match = scanner.match(normalised, position) if scanner is not None else None
        if match is None:  # no rule takes this character
            position = _SKIP.match(normalised, position + 1).end()  # type: ignore[union-attr]
        else:
            rule = match.lastgroup
            tokens.append(Token(_RULE_BY_GROUP[rule], match.group(rule)))  # type: ignore[index, arg-type]
            position = match.end()
    return tokens


@functools.cache
def _scanner_at(character: str) -> re.Pattern[str] | None:
    """The rules that can match where `character` stands, in precedence order; None if none."""
    candidates = tuple(index for index, found in enumerate(_OPENINGS) if can_begin(found, character))
    return _scanner(candidates) if candidates else None


@functools.cache
def _scanner(candidates: tuple[int, ...]) -> re.Pattern[str]:
    rules = "|".join(f"(?P<r{index}>{RULES[index].pattern})" for index in candidates)
    return re.compile(f"(?:{rules}){_SEPARATORS}")

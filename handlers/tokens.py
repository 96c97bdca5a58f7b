"""The middle step of parsing: cut normalised text into tokens, each named by its rule.

One scanner built from `handlers.rules.RULES` tries every rule at each place in the text; the
leftmost match wins and, at the same place, the rule listed first. Text no rule takes
(spaces, punctuation, emoji) is left out. A number taken by a noise rule (a date, a phone,
money, ...) is thereby not a reading, and its token names the rule that took it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers.rules import RULES, Rule

_RULE_BY_GROUP = {f"r{index}": rule for index, rule in enumerate(RULES)}
# No rule starts with a space or these separators; skipping them with one cheap look-ahead
# instead of trying every rule there halves the scanning time.
_SCANNER = re.compile(
    r"(?=[^\s,:/\-])(?:" + "|".join(f"(?P<r{index}>{rule.pattern})" for index, rule in enumerate(RULES)) + ")"
)


@dataclass(frozen=True)
class Token:
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
    for match in _SCANNER.finditer(normalised):
        group = match.lastgroup
        assert group is not None, "every alternative of the scanner is a named rule"
        tokens.append(Token(_RULE_BY_GROUP[group], match.group()))
    return tokens

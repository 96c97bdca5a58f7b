"""Which characters a match of a regular expression can begin with.

The scanner of `handlers.tokens` asks this of every rule once, at import, so that at each place
in a text it tries only the rules that can match there: a digit, a `д` or a `₴` each have a
handful of rules that can start with them out of the fifty. The answer comes from the parse
tree of Python's own `re` module; whatever it does not follow (a back reference, `.`, flags
inside the pattern) counts as "any character", so the answer may be too wide but never too
narrow. A pattern that can match the empty string is refused: a scanner rule must take text.
"""

from __future__ import annotations

import re
from re import _constants as sre  # type: ignore[attr-defined]  # the parse tree's vocabulary
from re import _parser  # type: ignore[attr-defined]  # re's own parser: no stubs, hence Any below
from typing import Any

Item = tuple[Any, Any]  # an item of a parse tree: (operation, its argument)
# An opening: the first item of a parse tree that takes a character, a literal or a set.
Opening = Item
_ANY_CHARACTER = None  # an opening this module does not follow: any character may begin there
_CATEGORIES = {
    sre.CATEGORY_DIGIT: re.compile(r"\d"), sre.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    sre.CATEGORY_SPACE: re.compile(r"\s"), sre.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    sre.CATEGORY_WORD: re.compile(r"\w"), sre.CATEGORY_NOT_WORD: re.compile(r"\W"),
}


def openings(pattern: str) -> list[Opening] | None:
    """The literals and sets a match of `pattern` can begin with; None: any character."""
    parsed = _parser.parse(pattern)
    if parsed.state.flags & ~re.UNICODE:
        return _ANY_CHARACTER
    found = _openings(list(parsed))
    if found is not _ANY_CHARACTER and found[1]:
        raise ValueError(f"a scanner rule must not match the empty string: {pattern!r}")
    return _ANY_CHARACTER if found is _ANY_CHARACTER else found[0]


def can_begin(openings: list[Opening] | None, character: str) -> bool:
    """Whether a match with these openings can begin with `character`."""
    if openings is _ANY_CHARACTER:
        return True
    code = ord(character)
    return any(code == value if op is sre.LITERAL else _in_set(value, character) for op, value in openings)


def _openings(items: list[Item]) -> tuple[list[Opening], bool] | None:
    """The openings of a sequence of items, and whether the whole sequence can match nothing."""
    found: list[Opening] = []
    for op, value in items:
        if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
            continue  # takes no character
        if op in (sre.LITERAL, sre.IN):
            return found + [(op, value)], False
        inner = _inner(op, value)
        if inner is _ANY_CHARACTER:
            return _ANY_CHARACTER
        found += inner[0]
        if not inner[1]:
            return found, False
    return found, True


def _inner(op: Any, value: Any) -> tuple[list[Opening], bool] | None:
    """The openings of a group, an alternation or a repeat, and whether it can match nothing."""
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, sub = value
        return _ANY_CHARACTER if add_flags or del_flags else _openings(list(sub))
    if op is sre.BRANCH:
        found: list[Opening] = []
        empty = False
        for alternative in value[1]:
            inner = _openings(list(alternative))
            if inner is _ANY_CHARACTER:
                return _ANY_CHARACTER
            found += inner[0]
            empty = empty or inner[1]
        return found, empty
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        least, _, sub = value
        inner = _openings(list(sub))
        return _ANY_CHARACTER if inner is _ANY_CHARACTER else (inner[0], inner[1] or least == 0)
    return _ANY_CHARACTER


def _in_set(items: list[Item], character: str) -> bool:
    code = ord(character)
    negated = False
    hit = False
    for op, value in items:
        if op is sre.NEGATE:
            negated = True
        elif op is sre.LITERAL:
            hit = hit or code == value
        elif op is sre.RANGE:
            hit = hit or value[0] <= code <= value[1]
        elif op is sre.CATEGORY and value in _CATEGORIES:
            hit = hit or _CATEGORIES[value].match(character) is not None
        else:
            return True  # not followed: say yes
    return hit != negated

"""Splitting a reply's text into messages a channel can carry (CONTRACT section 7).

A text over the channel's limit is split between paragraphs; a paragraph still too long,
between lines, then after a sentence, then between words. Nothing is dropped.
"""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[.!?…](?=\s)")


def split_text(text: str, limit: int) -> list[str]:
    """`text` in parts of at most `limit` characters, each cut at the most natural boundary."""
    parts: list[str] = []
    rest = text.strip()
    while len(rest) > limit:
        cut = _cut_at(rest, limit)
        parts.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        parts.append(rest)
    return parts


def _cut_at(text: str, limit: int) -> int:
    window = text[: limit + 1]
    for boundary in ("\n\n", "\n"):
        found = window.rfind(boundary, 0, limit)
        if found > 0:
            return found
    sentences = [match.end() for match in _SENTENCE_END.finditer(window, 0, limit)]
    if sentences:
        return sentences[-1]
    space = window.rfind(" ", 0, limit)
    return space if space > 0 else limit

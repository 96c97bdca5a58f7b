"""Splitting a long reply between paragraphs, lines, sentences and words, never dropping text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from delivery.splitting import split_text


def test_split_prefers_paragraphs() -> None:
    text = "а" * 900 + "\n" + "б" * 500 + "\n\n" + "в" * 1000
    assert split_text(text, 2000) == ["а" * 900 + "\n" + "б" * 500, "в" * 1000]


def test_split_prefers_lines_then_sentences_then_spaces() -> None:
    lines = "а" * 1500 + "\n" + "б" * 1000
    assert split_text(lines, 2000) == ["а" * 1500, "б" * 1000]
    sentences = "Перше речення. " * 100 + "Останнє"
    parts = split_text(sentences, 100)
    assert all(part.endswith(".") for part in parts[:-1])
    words = "слово " * 500
    assert all(not part.startswith(" ") and len(part) <= 100 for part in split_text(words, 100))
    assert split_text("ж" * 250, 100) == ["ж" * 100, "ж" * 100, "ж" * 50]


@given(st.text(alphabet=st.sampled_from("ab .\n!"), max_size=600), st.integers(min_value=5, max_value=80))
def test_split_parts_are_within_the_limit_and_keep_every_word(text: str, limit: int) -> None:
    parts = split_text(text, limit)
    assert all(1 <= len(part) <= limit for part in parts)
    assert "".join("".join(parts).split()) == "".join(text.split())

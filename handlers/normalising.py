"""The first step of parsing: one spelling for what customers type many ways (CONTRACT section 4).

`normalise` lower-cases the text; unifies apostrophes, dashes, spaces (a run of them counts
as one, so `12  345` is still one number) and line breaks; puts Cyrillic letters in place of
their Latin look-alikes inside Cyrillic words (`пoкaзи` typed with Latin o and a); and writes
numbers given in words as digits. Positions are not kept: later steps work on the normalised
text only.
"""

from __future__ import annotations

import re
import unicodedata

from handlers.numbers import replace_number_words

_CHARACTERS = str.maketrans(
    {
        **dict.fromkeys("’ʼ‘`´′ʹꞌ＇", "'"),
        **dict.fromkeys("\u00a0\u2007\u2009\u202f\u200a\u2002\u2003\u2004\u2005\u2006\u2008\t\v\f", " "),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", ""),
        "\r": "\n",
        "ё": "е",
        "ï": "ї",
    }
)
# Most texts have none of those characters: finding one is cheaper than translating every one.
_TRANSLATED = re.compile("[" + re.escape("".join(map(chr, _CHARACTERS))) + "]")
_SPACES = re.compile(r" {2,}")
_LOOKALIKES = str.maketrans("aceiopxykmthb", "асеіорхукмтнв")
_HAS_LATIN = re.compile(r"[a-z]")
# A word that mixes Cyrillic and Latin letters, or one made only of Latin look-alikes
# (`i` for `і`, `KB` for `кв`, `OP` for `ор`), but not inside an e-mail address or a link;
# `d`, `n` and `t1` are labels and stay as they are. A short slash abbreviation counts as one
# word (`o/p`, `л/c`), though a slash elsewhere keeps links as they are.
_MIXED_WORD = re.compile(
    r"(?<![a-zа-яіїєґ'])(?:(?<![0-9./@])[a-zа-яіїєґ]{1,2}/[a-zа-яіїєґ]{1,2}(?![a-zа-яіїєґ0-9'/@])|(?=[a-z']*[а-яіїєґ])(?=[а-яіїєґ']*[a-z])[a-zа-яіїєґ']+|(?<![.@/])[aceiopxykmthb]+(?![a-zа-яіїєґ0-9'@/]))"
)


def normalise(text: str) -> str:
    """Return the text in the one spelling the later parsing steps expect."""
    text = unicodedata.normalize("NFC", text).lower().replace("\r\n", "\n")
    if _TRANSLATED.search(text):
        text = text.translate(_CHARACTERS)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    if _HAS_LATIN.search(text):
        text = _MIXED_WORD.sub(_cyrillic, text)
    return replace_number_words(text)


def _cyrillic(match: re.Match[str]) -> str:
    return match.group().translate(_LOOKALIKES)

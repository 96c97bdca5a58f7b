"""Numbers written in words, Ukrainian or Russian, turned into digits (CONTRACT section 4).

`replace_number_words("дванадцять тисяч триста сорок п'ять")` is `"12345"`. A run of words
is read the way people say numbers: hundreds, then tens or a teen, then units, with `тисяч`
multiplying what came before it. A run of bare units is a dictated digit string
(`"вісім чотири три два"` is `"8432"`, `"нуль один"` keeps its leading zero). A word that
cannot continue the number being read starts a new one, so a run may hold several numbers.

Digits may take a word for thousands too: `"12 тис. 345"` is `"12345"`.

Only runs of two or more words, or a single word worth at least 100 (`сто`, `тисяча`), are
replaced: a lone `один`/`два`/`три` is far more often a count (`два лічильники`) than a value.
"""

from __future__ import annotations

import re

_UNIT, _TEEN, _TEN, _HUNDRED, _THOUSAND = range(5)

_WORDS: dict[str, tuple[int, int]] = {}


def _add(kind: int, value: int, *spellings: str) -> None:
    for spelling in spellings:
        _WORDS[spelling] = (kind, value)


_add(_UNIT, 0, "нуль", "ноль")
_add(_UNIT, 1, "один", "одна", "одне", "одно", "одну")
_add(_UNIT, 2, "два", "дві", "две")
_add(_UNIT, 3, "три")
_add(_UNIT, 4, "чотири", "четыре")
_add(_UNIT, 5, "п'ять", "пять")
_add(_UNIT, 6, "шість", "шесть")
_add(_UNIT, 7, "сім", "семь")
_add(_UNIT, 8, "вісім", "восемь")
_add(_UNIT, 9, "дев'ять", "девять")
_add(_TEEN, 10, "десять")
_add(_TEEN, 11, "одинадцять", "одиннадцать", "одинадцать")
_add(_TEEN, 12, "дванадцять", "двенадцать", "двенадцять")
_add(_TEEN, 13, "тринадцять", "тринадцать")
_add(_TEEN, 14, "чотирнадцять", "четырнадцать")
_add(_TEEN, 15, "п'ятнадцять", "пятнадцять", "пятнадцать")
_add(_TEEN, 16, "шістнадцять", "шестнадцать")
_add(_TEEN, 17, "сімнадцять", "семнадцать")
_add(_TEEN, 18, "вісімнадцять", "восемнадцать")
_add(_TEEN, 19, "дев'ятнадцять", "девятнадцять", "девятнадцать")
_add(_TEN, 20, "двадцять", "двадцать")
_add(_TEN, 30, "тридцять", "тридцать")
_add(_TEN, 40, "сорок")
_add(_TEN, 50, "п'ятдесят", "пятдесят", "пятьдесят")
_add(_TEN, 60, "шістдесят", "шестьдесят")
_add(_TEN, 70, "сімдесят", "семьдесят")
_add(_TEN, 80, "вісімдесят", "восемьдесят")
_add(_TEN, 90, "дев'яносто", "девяносто")
_add(_HUNDRED, 100, "сто")
_add(_HUNDRED, 200, "двісті", "двести")
_add(_HUNDRED, 300, "триста")
_add(_HUNDRED, 400, "чотириста", "четыреста")
_add(_HUNDRED, 500, "п'ятсот", "пятсот", "пятьсот")
_add(_HUNDRED, 600, "шістсот", "шестьсот")
_add(_HUNDRED, 700, "сімсот", "семьсот")
_add(_HUNDRED, 800, "вісімсот", "восемьсот")
_add(_HUNDRED, 900, "дев'ятсот", "девятсот", "девятьсот")
_add(_THOUSAND, 1000, "тисяча", "тисячі", "тисяч", "тысяча", "тысячи", "тысяч", "тисячу", "тысячу")

# A word, with the apostrophe Ukrainian spelling puts inside it (already normalised to ').
_WORD = re.compile(r"[а-яіїєґ]+(?:'[а-яіїєґ]+)*")
# What may stand between two words of one spoken number.
_JOINER = re.compile(r"[ \-]+")
# Digits with a word for thousands: "12 тис. 345", "5 тисяч".
_DIGIT_THOUSANDS = re.compile(
    r"(?<![0-9])([0-9]{1,3})\s*(?:тисяч[аіу]?|тис|тысяч[аиу]?|тыс)(?![а-яіїєґ])\.?(?:\s*([0-9]{1,3})(?![0-9]))?"
)


def replace_number_words(text: str) -> str:
    """Return `text` (lower case, normalised) with every run of number words as digits."""
    if "тис" in text or "тыс" in text:
        text = _DIGIT_THOUSANDS.sub(_thousands, text)
    runs = _runs(text)
    if not runs:
        return text
    pieces: list[str] = []
    position = 0
    for start, end, words in runs:
        numbers = _read(words)
        if len(words) == 1 and int(numbers[0]) < 100:
            continue
        pieces.append(text[position:start])
        pieces.append(" ".join(numbers))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _thousands(match: re.Match[str]) -> str:
    return str(int(match.group(1)) * 1000 + int(match.group(2) or 0))


def _runs(text: str) -> list[tuple[int, int, list[str]]]:
    """Spans of consecutive number words, each with its words."""
    runs: list[tuple[int, int, list[str]]] = []
    if _WORDS.keys().isdisjoint(_WORD.findall(text)):  # most texts: one pass in C, no number word
        return runs
    for match in _WORD.finditer(text):
        word = match.group()
        if word not in _WORDS:
            continue
        if runs and _JOINER.fullmatch(text, runs[-1][1], match.start()):
            start, _, words = runs[-1]
            runs[-1] = (start, match.end(), words + [word])
        else:
            runs.append((match.start(), match.end(), [word]))
    return runs


def _read(words: list[str]) -> list[str]:
    """The numbers a run of number words says, as digit strings."""
    if len(words) > 1 and all(_WORDS[word][0] == _UNIT for word in words):
        return ["".join(str(_WORDS[word][1]) for word in words)]
    numbers: list[str] = []
    total, group, last = 0, 0, _THOUSAND + 1
    for word in words:
        kind, value = _WORDS[word]
        if not _continues(kind, last, total):
            numbers.append(str(total + group))
            total, group, last = 0, 0, _THOUSAND + 1
        if kind == _THOUSAND:
            total, group = max(group, 1) * 1000, 0
        else:
            group += value
        last = kind
    numbers.append(str(total + group))
    return numbers


def _continues(kind: int, last: int, total: int) -> bool:
    """Whether a word of `kind` can follow a word of kind `last` within one number."""
    if kind == _THOUSAND:
        return total == 0 and last != _THOUSAND
    if last == _TEEN:
        return False
    if last == _TEN:
        return kind == _UNIT
    return kind < last

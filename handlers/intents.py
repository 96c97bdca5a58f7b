"""Typed commands and common questions: the payload a customer's words stand for.

A message is compared with the known phrases of each intent, Ukrainian and Russian, after
lower-casing and dropping punctuation. A phrase matches the whole message exactly or with a
typo or two (`_allowed_typos`); a question (`Intent.within`) is also found inside a longer
message ("хочу поговорити з оператором"). Guards keep readings and short words safe: a message
with a digit matches only exactly, and words under five letters never match with a typo
("так" is not "там"). When two intents are equally close, neither is taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from handlers import payloads


@dataclass(frozen=True)
class Intent:
    """What a customer may type for `payload`; `within`: also inside a longer message."""

    payload: str
    phrases: tuple[str, ...]
    within: bool = False


INTENTS: tuple[Intent, ...] = (
    Intent(payloads.CANCEL, ("скасувати", "скасуй", "відміна", "відмінити", "стоп", "отмена", "отменить",
                             "cancel", "stop")),
    Intent(payloads.GET_STARTED, ("почати", "start", "привіт", "вітаю", "добрий день", "доброго дня", "привет",
                                  "здравствуйте", "добрый день", "начать")),
    Intent(payloads.HELP, ("допомога", "довідка", "help", "помощь", "справка", "меню", "?")),
    Intent(payloads.MY_ACCOUNTS, ("мої рахунки", "рахунки", "мои счета", "счета")),
    Intent(payloads.SUBMIT_READING, ("передати показники", "передати показник", "показники", "показання",
                                     "передать показания", "показания")),
    Intent(payloads.REPEAT_PREVIOUS, ("повторити попередній", "повторити попередні", "повторити",
                                      "повторить предыдущие", "повторить")),
    Intent(payloads.LINK_ANOTHER, ("додати рахунок", "підключити рахунок", "добавить счет", "подключить счет")),
    Intent(payloads.CONFIRM_YES, ("так", "да", "yes", "ок", "ok", "так, видалити", "так, відв'язати")),
    Intent(payloads.CONFIRM_NO, ("ні", "нет", "no", "ні, залишити")),
    Intent(payloads.THANKS, ("дякую", "дуже дякую", "щиро дякую", "дякую вам", "спасибі", "спасибо",
                             "большое спасибо", "thanks", "thank you")),
    Intent(payloads.PERSON, ("оператор", "оператора", "оператором", "людина", "людиною", "жива людина",
                             "зв'язатися з оператором", "з'єднайте з оператором", "поговорити з людиною",
                             "человек", "живой человек", "связаться с оператором", "соедините с оператором",
                             "поговорить с человеком", "консультант"), within=True),
    Intent(payloads.LAST_SENT, ("що я передав", "що я передала", "мої показники", "мої показання",
                                "останні показники", "что я передал", "что я передала", "мои показания",
                                "последние показания"), within=True),
    Intent(payloads.WINDOW, ("коли передавати", "коли передавати показники", "коли подавати показники",
                             "коли можна передати показники", "до якого числа передавати", "когда передавать",
                             "когда передавать показания", "когда подавать показания", "до какого числа"),
           within=True),
    Intent(payloads.ESTIMATE, ("чому рахунок за середнім", "чому нараховано за середнім", "чому за середнім",
                               "рахунок за середнім", "почему счет по среднему", "почему начислили по среднему",
                               "почему по среднему", "счет по среднему"), within=True),
    Intent(payloads.CORRECT, ("виправити", "виправити показники", "помилка в показниках", "я помилився",
                              "я помилилася", "исправить", "исправить показания", "я ошибся", "я ошиблась"),
           within=True),
    Intent(payloads.FORGET, ("видалити мої дані", "видаліть мої дані", "видалити дані", "удалить мои данные",
                             "удалите мои данные", "удалить данные"), within=True),
    Intent(payloads.STOP_REMINDING, ("не нагадувати", "не нагадуйте", "без нагадувань", "відписатися",
                                     "відписатись", "не напоминать", "не напоминайте", "без напоминаний",
                                     "отписаться"), within=True),
    Intent(payloads.REMIND, ("нагадувати", "нагадуйте", "нагадування", "напоминать", "напоминайте",
                             "напоминания")),
)
_NOT_WORDS = re.compile(r"[^\w']+")
_APOSTROPHES = str.maketrans("’ʼ‘`´", "'''''")


def _words(text: str) -> list[str]:
    """The message's words in lower case, punctuation dropped; a lone "?" is kept (help)."""
    if text.strip() == "?":
        return ["?"]
    return _NOT_WORDS.sub(" ", text.lower().translate(_APOSTROPHES)).split()


_PHRASES = tuple(
    (" ".join(_words(phrase)), intent.payload, intent.within) for intent in INTENTS for phrase in intent.phrases
)
_EXACT = {phrase: payload for phrase, payload, _ in _PHRASES}
_LONGEST_PHRASE_WORDS = max(len(phrase.split()) for phrase, _, _ in _PHRASES)
_MIN_TYPO_LENGTH = 5
_MAX_WORDS_SEARCHED = 12


def typed_command(text: str) -> str | None:
    """The payload `text` stands for: a typed command or a common question, if any."""
    words = _words(text)
    exact = _EXACT.get(" ".join(words))
    if exact is not None or not words or any(char.isdigit() for char in text):
        return exact
    whole = _closest(" ".join(words), within_only=False)
    if whole is not None or len(words) > _MAX_WORDS_SEARCHED:
        return whole
    return _inside(words)


def _inside(words: list[str]) -> str | None:
    """A question's phrase found in a run of the message's words, longest runs first."""
    for size in range(min(len(words), _LONGEST_PHRASE_WORDS), 0, -1):
        found = {_closest(" ".join(words[start:start + size]), within_only=True)
                 for start in range(len(words) - size + 1)} - {None}
        if len(found) == 1:
            return found.pop()
    return None


def _closest(words: str, *, within_only: bool) -> str | None:
    """The one payload whose phrase is nearest to `words` within the typos allowed."""
    best, payloads_found = _allowed_typos(words), set[str]()
    for phrase, payload, within in _PHRASES:
        if within_only and not within:
            continue
        distance = _distance(words, phrase, best)
        if distance < best:
            best, payloads_found = distance, set()
        if distance <= best:
            payloads_found.add(payload)
    return payloads_found.pop() if len(payloads_found) == 1 else None


def _allowed_typos(words: str) -> int:
    """No typo in a short word, one in a word of up to eight letters, two in longer text."""
    if len(words) < _MIN_TYPO_LENGTH:
        return 0
    return 1 if len(words) <= 8 else 2


def _distance(first: str, second: str, limit: int) -> int:
    """Levenshtein distance, or `limit + 1` as soon as it is known to exceed `limit`."""
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous = list(range(len(second) + 1))
    for row, char in enumerate(first, start=1):
        current = [row]
        for column, other in enumerate(second, start=1):
            current.append(min(previous[column] + 1, current[-1] + 1, previous[column - 1] + (char != other)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]

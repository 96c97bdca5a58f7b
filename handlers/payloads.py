"""Quick-reply and postback payloads. They carry internal ids, never account numbers."""

from __future__ import annotations

import re

GET_STARTED = "GET_STARTED"
SUBMIT_READING = "SUBMIT_READING"
MY_ACCOUNTS = "MY_ACCOUNTS"
HELP = "HELP"
CANCEL = "CANCEL"
LINK_ANOTHER = "LINK_ANOTHER"
CONFIRM_YES = "CONFIRM_YES"
CONFIRM_NO = "CONFIRM_NO"
REPEAT_PREVIOUS = "REPEAT_PREVIOUS"
PERSON = "PERSON"
FORGET_ME = "FORGET_ME"
FORGET_CONFIRMED = "FORGET_CONFIRMED"
THANKS = "THANKS"
"""Only typed ("Дякую"), never offered as a button."""
ACCOUNT_PREFIX = "ACCOUNT:"
UNLINK_PREFIX = "UNLINK:"


def choose_account(link_id: int) -> str:
    """The payload that picks the account of link `link_id`."""
    return f"{ACCOUNT_PREFIX}{link_id}"


def unlink(link_id: int) -> str:
    """The payload that removes link `link_id`."""
    return f"{UNLINK_PREFIX}{link_id}"


def id_after(payload: str | None, prefix: str) -> int | None:
    """The id in `<prefix><id>`, or None when `payload` is not of that form."""
    if payload is None or not payload.startswith(prefix):
        return None
    rest = payload.removeprefix(prefix)
    return int(rest) if rest.isdigit() else None


_TYPED = {
    CANCEL: ("скасувати", "скасуй", "відміна", "відмінити", "стоп", "отмена", "cancel", "stop"),
    GET_STARTED: ("почати", "start", "привіт", "вітаю", "добрий день", "доброго дня", "привет", "здравствуйте"),
    HELP: ("допомога", "довідка", "help", "помощь", "меню", "?"),
    MY_ACCOUNTS: ("мої рахунки", "рахунки", "мои счета"),
    SUBMIT_READING: ("передати показники", "передати показник", "показники", "показання"),
    REPEAT_PREVIOUS: ("повторити попередній", "повторити попередні", "повторити"),
    LINK_ANOTHER: ("додати рахунок", "підключити рахунок"),
    CONFIRM_YES: ("так", "да", "yes", "ок", "ok"),
    CONFIRM_NO: ("ні", "нет", "no"),
    PERSON: (
        "оператор", "оператора", "людина", "жива людина", "зв'язатися з оператором", "зв'язок з оператором",
        "з'єднати з оператором", "покличте оператора", "человек", "живой человек", "связаться с оператором",
        "связь с оператором", "соедините с оператором", "позовите оператора",
    ),
    FORGET_ME: (
        "видалити мої дані", "видаліть мої дані", "видалити дані", "удалить мои данные", "удалите мои данные",
        "удалить данные",
    ),
    THANKS: ("дякую", "дуже дякую", "щиро дякую", "дякую вам", "спасибі", "спасибо", "thanks", "thank you"),
}
TYPED_COMMANDS = {words: payload for payload, typed in _TYPED.items() for words in typed}
"""Short texts that mean the same as a quick reply, e.g. "Так" typed instead of tapped."""
_NOT_WORDS = re.compile(r"[^\w'?]+")


def typed_command(text: str) -> str | None:
    """The payload a typed command stands for (case and punctuation ignored), if any."""
    words = " ".join(_NOT_WORDS.split(text.lower().replace("’", "'"))).strip()
    return TYPED_COMMANDS.get(words)

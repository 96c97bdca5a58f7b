"""Quick-reply and postback payloads. They carry internal ids, never account numbers."""

from __future__ import annotations

GET_STARTED = "GET_STARTED"
SUBMIT_READING = "SUBMIT_READING"
MY_ACCOUNTS = "MY_ACCOUNTS"
HELP = "HELP"
CANCEL = "CANCEL"
LINK_ANOTHER = "LINK_ANOTHER"
CONFIRM_YES = "CONFIRM_YES"
CONFIRM_NO = "CONFIRM_NO"
REPEAT_PREVIOUS = "REPEAT_PREVIOUS"
REMIND = "REMIND"
"""Subscribe to the monthly reminder of the window (offered only where the channel allows it)."""
STOP_REMINDING = "STOP_REMINDING"
THANKS = "THANKS"
"""Only typed ("Дякую"), never offered as a button."""
PERSON = "PERSON"
LAST_SENT = "LAST_SENT"
WINDOW = "WINDOW"
ESTIMATE = "ESTIMATE"
CORRECT = "CORRECT"
FORGET = "FORGET"
REGISTERS_PREFIX = "REGISTERS:"
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


def registers(order: tuple[str, ...]) -> str:
    """The payload that says which zones registers T1, T2, T3 show, in that order."""
    return REGISTERS_PREFIX + ",".join(order)

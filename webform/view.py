"""What the templates show: the form with its notices in place, and the confirmation."""

from __future__ import annotations

from dataclasses import dataclass

from handlers.recording import Stored
from handlers.texts import day_name, mask, month_name
from webform import texts
from webform.fields import Notice, Typed


@dataclass(frozen=True)
class FormView:
    """The form as shown: what was typed, the notices, and whether `confirm` is asked for.

    Each notice is shown above the first field it is about, and every field it is about is
    described by it (`aria-describedby`), so a screen reader reads it with the field.
    """

    typed: Typed
    notices: tuple[Notice, ...] = ()
    ask_confirm: bool = False

    def value(self, name: str) -> str:
        return self.typed.shown(name)

    @property
    def shows_confirm(self) -> bool:
        """The `confirm` box is shown when asked for, and kept when it was ticked."""
        return self.ask_confirm or self.typed.confirm

    def invalid(self, name: str) -> bool:
        """A notice is about the field and says something is wrong (a question about `confirm` does not)."""
        return not self.ask_confirm and any(name in notice.fields for notice in self.notices)

    def describedby(self, name: str, hint: str | None = None) -> str:
        """The ids of the field's hint (if any) and of the notices about it."""
        notices = [_id(number) for number, notice in self._numbered() if name in notice.fields]
        return " ".join([hint, *notices] if hint else notices)

    def notices_above(self, name: str) -> list[tuple[str, str]]:
        """The (id, text) of the notices shown above field `name`."""
        return [(_id(number), notice.text) for number, notice in self._numbered() if notice.fields[0] == name]

    def _numbered(self) -> list[tuple[int, Notice]]:
        return list(enumerate(self.notices, start=1))


@dataclass(frozen=True)
class ConfirmationView:
    """The confirmation page: the chat's confirmation, then the stored values one by one."""

    paragraphs: list[str]
    account: str
    values: list[tuple[str, int]]
    period: str
    correction: str

    @classmethod
    def of(cls, stored: Stored) -> ConfirmationView:
        month = stored.month
        return cls(
            paragraphs=stored.confirmation().text.split("\n\n"),
            account=mask(stored.account.number),
            values=[(texts.FIELD_NAMES[zone], value) for zone, value in stored.values.items()],
            period=month_name(month) if month else texts.OUTSIDE_WINDOW,
            correction=texts.correction(day_name(month.window_closes()) if month else None),
        )


def _id(number: int) -> str:
    return f"notice-{number}"

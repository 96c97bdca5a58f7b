"""Reply texts: Ukrainian plurals, masking, short choices."""

from __future__ import annotations

import pytest

from handlers import texts


@pytest.mark.parametrize(("count", "word"), [(1, "хвилину"), (2, "хвилини"), (4, "хвилини"), (5, "хвилин"),
                                             (11, "хвилин"), (12, "хвилин"), (21, "хвилину"), (22, "хвилини")])
def test_plural_forms(count: int, word: str) -> None:
    assert texts.plural(count, "хвилину", "хвилини", "хвилин") == word


def test_an_account_is_shown_by_its_last_four_digits() -> None:
    assert texts.mask("0012345") == "…2345"


def test_the_short_address_drops_the_settlement() -> None:
    assert texts.short_address("м. Краматорськ, вул. Миру 5, кв. 12") == "вул. Миру 5, кв. 12"
    assert texts.short_address("вул. Миру 5") == "вул. Миру 5"


def test_fixed_replies_offer_few_short_choices() -> None:
    for reply in (texts.help_reply(), texts.welcome(True), texts.welcome(False), texts.ask_account()):
        assert len(reply.choices) <= 13
        assert all(len(choice.title) <= 20 for choice in reply.choices)

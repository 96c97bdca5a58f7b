"""A closed account (`accounts close`) in the conversation: no new readings, no new links."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from models.accounts import Account, set_closed
from models.readings import Reading
from tests.channels.dialogue import Customer, DirectDoor, load_registry

pytestmark = pytest.mark.anyio
CLOSED_AT = datetime(2026, 11, 20, tzinfo=UTC)


async def test_a_reading_for_a_closed_account_is_refused_with_the_phone_lines(db: str) -> None:
    await load_registry()
    customer = Customer(DirectDoor(), "100")
    await customer.links("1234567", "Шевченко")
    assert await set_closed("1234567", CLOSED_AT)
    answer = await customer.says("12345")
    assert answer.startswith("Рахунок …4567 закрито") and "1234567" not in answer
    assert "+38 (093/096/099) 450 0 473 або 0-800-301-497" in answer
    assert await Reading.all().count() == 0
    assert await set_closed("1234567", None)
    assert "прийнято" in await customer.says("12345")


async def test_linking_a_closed_account_answers_as_for_an_unknown_one(db: str) -> None:
    await load_registry()
    await set_closed("1234567", CLOSED_AT)
    closed = await Customer(DirectDoor(), "100").links("1234567", "Шевченко")
    unknown = await Customer(DirectDoor(), "200").links("9999999", "Шевченко")
    assert closed == unknown and "не збігаються" in closed
    assert (await Account.get(number="1234567")).closed_at == CLOSED_AT

"""Photos of the meter through every door (CONTRACT section 6): the value read is asked about,
and only a value the customer confirmed is checked and stored, like a typed one."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from handlers import payloads
from models.readings import Reading
from tests.channels.conftest import Talk
from tests.channels.dialogue import Customer, stored
from tests.photos.reader import warmed_up
from tests.photos.synthetic import meter_photo

pytestmark = pytest.mark.anyio

QUESTION = "Я бачу 012345 — це ваші показники?"


@pytest.fixture
async def linked(talk: Talk) -> AsyncIterator[Customer]:
    """A customer of the one-zone, six-digit account 1234567 (last reading 12210), photos read."""
    await warmed_up()
    customer = talk()
    await customer.links("1234567", "Шевченко")
    yield customer


def drums(value: str) -> bytes:
    return meter_photo(5, "drum", hard=False, value=value).jpeg


async def test_a_photo_is_asked_about_and_stored_once_confirmed(linked: Customer) -> None:
    assert await linked.sends_photo(drums("012345")) == QUESTION
    assert linked.offered() == ["Так", "Ні, введу сам"]
    assert await stored("1234567") == []

    assert await linked.taps_title("Так") == "Показники за листопад 2026 прийнято — …4567: 12345. Дякуємо!"
    reading = await Reading.get(account__number="1234567")
    assert (reading.total, reading.from_photo) == (12345, True)


async def test_no_stores_nothing_and_the_typed_reading_is_taken(linked: Customer) -> None:
    await linked.sends_photo(meter_photo(2, "lcd", hard=False, value="012345").jpeg)
    assert "надішліть одне число" in await linked.taps_title("Ні, введу сам")
    assert await stored("1234567") == []

    assert "прийнято — …4567: 12350" in await linked.says("12350")
    reading = await Reading.get(account__number="1234567")
    assert (reading.total, reading.from_photo) == (12350, False)


async def test_a_number_typed_instead_of_tapping_is_the_reading(linked: Customer) -> None:
    await linked.sends_photo(drums("012345"))
    assert "прийнято — …4567: 12346" in await linked.says("012346")
    assert [row["total"] for row in await stored("1234567")] == [12346]


async def test_anything_else_while_asked_repeats_the_question(linked: Customer) -> None:
    await linked.sends_photo(drums("012345"))
    assert await linked.says("що?") == QUESTION
    assert "прийнято" in await linked.taps_title("Так")


async def test_a_confirmed_value_goes_through_the_checks_of_a_typed_one(linked: Customer) -> None:
    assert await linked.sends_photo(drums("019999")) == "Я бачу 019999 — це ваші показники?"
    doubt = await linked.taps_title("Так")
    assert "Зберегти для рахунку …4567: 19999?" in doubt and await stored("1234567") == []
    assert "прийнято — …4567: 19999" in await linked.taps_title("Так")
    assert (await Reading.get(account__number="1234567")).from_photo


@pytest.mark.parametrize("image", [b"", b"not an image at all", drums("012100")], ids=["empty", "broken", "below"])
async def test_a_photo_not_read_asks_to_type_and_stores_nothing(linked: Customer, image: bytes) -> None:
    answer = await linked.sends_photo(image)
    assert answer.startswith("Не вдалося прочитати показники з фото. Рахунок …4567: надішліть")
    assert "прийнято — …4567: 12300" in await linked.says("12300")


async def test_a_photo_with_a_caption_is_read_as_its_text(linked: Customer) -> None:
    assert "прийнято — …4567: 12400" in await linked.sends_photo(drums("012345"), caption="12400")


async def test_a_meter_with_zones_is_typed(talk: Talk) -> None:
    customer = talk()
    await customer.links("7654321", "Коваленко")
    answer = await customer.sends_photo(drums("012345"))
    assert "лише однозонні" in answer and "день 8432 ніч 2917" in answer
    assert "день 8500, ніч 2900" in await customer.says("8500 2900")


async def test_with_several_accounts_the_account_is_chosen_first(linked: Customer) -> None:
    await linked.presses(payloads.LINK_ANOTHER)
    await linked.links("6789012", "Мельник-Сидоренко")
    assert "Рахунок …9012" in await linked.sends_photo(drums("012345"))  # the account just linked
    await linked.presses(payloads.CANCEL)
    assert "Для якого рахунку це фото?" in await linked.sends_photo(drums("012345"))
    await linked.taps_title("…4567")
    assert await linked.sends_photo(drums("012345")) == QUESTION
    assert "прийнято — …4567: 12345" in await linked.taps_title("Так")

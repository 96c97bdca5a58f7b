"""The form's two limits, kept in the database: posts per address, wrong surnames per account."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from models.readings import Reading
from tests.channels.dialogue import IN_WINDOW, Customer, DirectDoor
from tests.webform.site import form_site
from tests.webform.test_submit import SHEVCHENKO, main_of

pytestmark = pytest.mark.anyio

WRONG = {"account": "1234567", "surname": "Шевчук", "total": "12300"}


async def test_the_21st_post_from_one_address_in_ten_minutes_waits(db: str) -> None:
    async with form_site(db) as site:
        visitor = await site.visitor("203.0.113.5")
        site.clock.set(IN_WINDOW)
        for _ in range(20):
            assert (await visitor.post(account="bad")).status_code == 200
        site.clock.set(IN_WINDOW + timedelta(minutes=3))
        refused = await visitor.post(**SHEVCHENKO, total="12300")
        neighbour = await (await site.visitor("198.51.100.7")).post(**SHEVCHENKO, total="12300")
        site.clock.set(IN_WINDOW + timedelta(minutes=10, seconds=30))
        later = await visitor.post(**SHEVCHENKO, total="12400")
    assert refused.status_code == 429
    assert 420 <= int(refused.headers["retry-after"]) < 430  # the test clock runs on between sets
    assert re.fullmatch(
        "Забагато спроб Забагато спроб з вашої адреси. Спробуйте знову через [78] хвилин, після 12:10. "
        "Повернутися до форми", main_of(refused.text)
    )
    assert neighbour.status_code == 200 and later.status_code == 200
    assert [reading.total for reading in await Reading.all().order_by("id")] == [12300, 12400]


async def test_more_than_ten_wrong_surnames_for_an_account_from_any_addresses_wait_an_hour(db: str) -> None:
    async with form_site(db) as site:
        site.clock.set(IN_WINDOW)
        for number in range(10):
            page = await (await site.visitor(f"203.0.113.{number}")).post(**WRONG)
            assert "не збігаються" in main_of(page.text)
        holder = await site.visitor("198.51.100.7")
        site.clock.set(IN_WINDOW + timedelta(minutes=5))
        refused = await holder.post(**SHEVCHENKO, total="12300")
        other_account = await holder.post(account="7654321", surname="Коваленко", day="8200", night="2900")
        site.clock.set(IN_WINDOW + timedelta(hours=1, seconds=30))
        later = await holder.post(**SHEVCHENKO, total="12300")
    assert refused.status_code == 429 and "Забагато невдалих спроб для цього номера рахунку." in main_of(refused.text)
    assert 3300 <= int(refused.headers["retry-after"]) < 3330
    assert other_account.status_code == 200 and later.status_code == 200
    assert await Reading.all().count() == 2


async def test_an_unknown_account_is_limited_like_a_known_one(db: str) -> None:
    async with form_site(db) as site:
        for number in range(10):
            await (await site.visitor(f"203.0.113.{number}")).post(account="7777777", surname="Шевченко")
        known = [await (await site.visitor("198.51.100.7")).post(**WRONG) for _ in range(10)]
        unknown = await (await site.visitor("198.51.100.8")).post(account="7777777", surname="Шевченко")
        wrong = await (await site.visitor("198.51.100.9")).post(**WRONG)
    assert all(page.status_code == 200 for page in known)
    assert unknown.status_code == wrong.status_code == 429
    assert main_of(unknown.text) == main_of(wrong.text)


async def test_the_forms_account_limit_never_locks_the_chat(db: str) -> None:
    async with form_site(db) as site:
        for number in range(11):
            await (await site.visitor(f"203.0.113.{number}")).post(**WRONG)
        customer = Customer(DirectDoor(), "100")
        assert "підключено" in await customer.links("1234567", "Шевченко")


async def test_the_limits_are_shared_through_the_database_by_every_instance(db: str) -> None:
    async with form_site(db) as first:
        visitor = await first.visitor("203.0.113.5")
        for _ in range(20):
            await visitor.post(account="bad")
        for number in range(10):
            await (await first.visitor(f"198.51.100.{number}")).post(**WRONG)
    async with form_site(db, registry=False) as second:
        assert (await (await second.visitor("203.0.113.5")).post(**SHEVCHENKO, total="12300")).status_code == 429
        assert (await (await second.visitor("192.0.2.1")).post(**SHEVCHENKO, total="12300")).status_code == 429
        assert (await (await second.visitor("192.0.2.2")).post(account="7654321", surname="Коваленко")).status_code == 200

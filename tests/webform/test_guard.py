"""What the form refuses before it looks at a reading: forged posts, huge bodies, odd input."""

from __future__ import annotations

import pytest

from models.hits import Hit
from models.readings import Reading
from settings import Settings, WebSettings
from tests.webform.site import form_site
from tests.webform.test_submit import SHEVCHENKO, described, main_of, value

pytestmark = pytest.mark.anyio


async def test_a_post_without_a_valid_token_is_refused_and_stores_nothing(db: str) -> None:
    async with form_site(db) as site:
        visitor = await site.visitor()
        other = await site.visitor()
        refused = [
            await visitor.client.post("/form", data={**SHEVCHENKO, "total": "12300"}),
            await visitor.client.post("/form", data={**SHEVCHENKO, "total": "12300", "csrf_token": "0" * 64}),
            await visitor.client.post("/form", data={**SHEVCHENKO, "total": "12300", "csrf_token": other.token}),
        ]
        visitor.client.cookies.clear()
        refused.append(await visitor.post(**SHEVCHENKO, total="12300"))
    assert [page.status_code for page in refused] == [403] * 4
    assert "Сторінка застаріла" in main_of(refused[0].text)
    assert await Reading.all().count() == 0 and await Hit.all().count() == 0


async def test_a_body_over_the_cap_is_413_and_stores_nothing(db: str) -> None:
    async with form_site(db) as site:
        visitor = await site.visitor()
        page = await visitor.post(account="1234567", total="12300", surname="Ш" * 1_000_000)
    assert page.status_code == 413 and "Форма надто велика" in main_of(page.text)
    assert await Reading.all().count() == 0


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"account": "１２３４５６７"}, "account", "Вкажіть номер особового рахунку цифрами"),
        ({"account": "12345"}, "account", "Вкажіть номер особового рахунку цифрами"),
        ({"account": "1234567😀"}, "account", "Вкажіть номер особового рахунку цифрами"),
        ({"surname": "😀😀"}, "surname", "Вкажіть прізвище власника рахунку літерами."),
        ({"surname": ""}, "surname", "Вкажіть прізвище власника рахунку літерами."),
        ({"total": "１２３００"}, "total", "Вкажіть показник лише цифрами"),
        ({"total": "12300😀"}, "total", "Вкажіть показник лише цифрами"),
        ({"total": "12300,5"}, "total", "Вкажіть показник лише цифрами"),
        ({"total": "-12300"}, "total", "Вкажіть показник лише цифрами"),
        ({"total": "٣٤٥"}, "total", "Вкажіть показник лише цифрами"),
        ({"total": "1\x002300"}, "total", "Вкажіть показник лише цифрами"),
        ({"surname": "Ш" * 101}, "surname", "Задовге значення."),
        ({"total": "1" * 5000}, "total", "Задовге значення."),
    ],
)
async def test_odd_input_gets_a_clear_notice_on_its_field_and_stores_nothing(
    db: str, fields: dict[str, str], field: str, words: str
) -> None:
    async with form_site(db) as site:
        page = await (await site.visitor()).post(**{**SHEVCHENKO, "total": "12300", **fields})
    assert page.status_code == 200
    assert words in described(page.text, field)[0]
    assert await Reading.all().count() == 0


async def test_what_was_typed_is_shown_back_escaped_and_cut_to_the_fields_length(db: str) -> None:
    async with form_site(db) as site:
        page = await (await site.visitor()).post(account='"><script>alert(1)</script>', surname="Ш" * 300, total="12300")
    assert "<script>" not in page.text
    assert value(page.text, "account") == "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
    assert value(page.text, "surname") == "Ш" * 100


async def test_broken_utf8_is_read_as_replacement_characters(db: str) -> None:
    async with form_site(db) as site:
        visitor = await site.visitor()
        body = f"csrf_token={visitor.token}&account=1234567&surname=%ED%A0%80%FF&total=12300".encode()
        page = await visitor.client.post("/form", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert page.status_code == 200
    assert "Вкажіть прізвище власника рахунку літерами." in described(page.text, "surname")[0]


async def test_instances_without_a_configured_secret_accept_each_others_tokens(db: str) -> None:
    async with form_site(db) as first:
        visitor = await first.visitor()
        cookies, token = dict(visitor.client.cookies), visitor.token
    async with form_site(db, registry=False) as second:
        other = await second.visitor()
        other.client.cookies.update(cookies)
        other.token = token
        assert (await other.post(**SHEVCHENKO, total="12300")).status_code == 200


async def test_a_configured_secret_signs_the_tokens(db: str) -> None:
    async with form_site(db, settings=Settings(database_url=db, web=WebSettings(session_secret="one"))) as first:
        visitor = await first.visitor()
        cookies, token = dict(visitor.client.cookies), visitor.token
    async with form_site(db, registry=False, settings=Settings(database_url=db, web=WebSettings(session_secret="two"))) as second:
        other = await second.visitor()
        other.client.cookies.update(cookies)
        other.token = token
        assert (await other.post(**SHEVCHENKO, total="12300")).status_code == 403

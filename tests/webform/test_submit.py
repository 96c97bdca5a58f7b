"""`POST /form`: the chat's checks and words, tied to the fields; stored with channel `web`."""

from __future__ import annotations

import re

import pytest

from models.readings import Reading
from tests.channels.dialogue import OUTSIDE_WINDOW
from tests.webform.site import form_site

pytestmark = pytest.mark.anyio

SHEVCHENKO = {"account": "1234567", "surname": "Шевченко"}  # 1 zone, 6 digits, last 12210
KOVALENKO = {"account": "7654321", "surname": "Коваленко"}  # 2 zones, 5 digits, last 8100 / 2800
BONDARENKO = {"account": "2345678", "surname": "Бондаренко"}  # 3 zones, last 2105 / 1203 / 3310
MELNYK = {"account": "6789012", "surname": "Мельник-Сидоренко"}  # 1 zone, 5 digits, last 99850
DYACHUK = {"account": "0012345", "surname": "Д'ячук"}  # 2 zones, no previous reading


def main_of(page: str) -> str:
    """The page's `<main>`, without markup."""
    inner = page[page.index("<main>"):page.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", inner)).strip()


def described(page: str, field: str) -> list[str]:
    """The texts of the notices that describe `field`."""
    found = re.search(rf'<input [^>]*id="{field}"[^>]*>', page)
    assert found, field
    ids = re.search(r'aria-describedby="([^"]*)"', found.group(0))
    texts = []
    for id_ in (ids.group(1).split() if ids else []):
        notice = re.search(rf'<p class="error" id="{id_}">([^<]*)</p>', page)
        if notice:
            texts.append(notice.group(1))
    return texts


def invalid(page: str, field: str) -> bool:
    found = re.search(rf'<input [^>]*id="{field}"[^>]*>', page)
    return found is not None and 'aria-invalid="true"' in found.group(0)


def value(page: str, field: str) -> str:
    found = re.search(rf'<input [^>]*id="{field}"[^>]*value="([^"]*)"', page)
    assert found, field
    return found.group(1)


async def _stored() -> list[Reading]:
    return await Reading.all().order_by("id")


async def test_a_reading_in_the_window_is_confirmed_on_the_page_and_stored_from_the_web(db: str) -> None:
    async with form_site(db) as site:
        page = await (await site.visitor()).post(**SHEVCHENKO, total="12 345")
    assert page.status_code == 200
    text = main_of(page.text)
    assert "Показники за листопад 2026 прийнято — …4567: 12345. Дякуємо!" in text
    assert "Особовий рахунок …4567" in text and "Загальний 12345 кВт·год" in text
    assert "Розрахунковий місяць листопад 2026" in text
    assert "Надішліть правильні показники цією ж формою до 3 грудня включно" in text
    assert "1234567" not in page.text
    [reading] = await _stored()
    assert (reading.channel, reading.sender_id, reading.period, reading.total) == ("web", None, "2026-11", 12345)


async def test_each_zone_is_confirmed_with_its_name(db: str) -> None:
    async with form_site(db) as site:
        page = await (await site.visitor()).post(**BONDARENKO, peak="2200", half_peak="1300", night="3400")
    text = main_of(page.text)
    assert "пік 2200, напівпік 1300, ніч 3400" in text
    assert "Пік 2200 кВт·год Напівпік 1300 кВт·год Ніч 3400 кВт·год" in text


async def test_outside_the_window_the_page_says_when_it_is_and_that_last_month_is_estimated(db: str) -> None:
    async with form_site(db) as site:
        site.clock.set(OUTSIDE_WINDOW)
        page = await (await site.visitor()).post(**SHEVCHENKO, total="12300")
    text = main_of(page.text)
    assert "за листопад — з 29 листопада по 3 грудня" in text
    assert "Жовтень буде нараховано за середнім споживанням" in text
    assert "Розрахунковий місяць поза періодом прийому показників" in text
    assert "Зателефонуйте, і оператор виправить показники" in text
    assert (await _stored())[0].period is None


async def test_a_second_reading_in_the_period_replaces_the_first(db: str) -> None:
    async with form_site(db) as site:
        visitor = await site.visitor()
        await visitor.post(**SHEVCHENKO, total="12400")
        page = await visitor.post(**SHEVCHENKO, total="12300")
    assert "Вони замінили надіслані раніше за листопад" in main_of(page.text)
    assert [reading.total for reading in await _stored()] == [12400, 12300]


async def test_an_unknown_account_and_a_wrong_surname_get_the_same_page(db: str) -> None:
    async with form_site(db) as site:
        visitor = await site.visitor()
        unknown = await visitor.post(account="7777777", surname="Шевченко", total="12300")
        wrong = await visitor.post(account="1234567", surname="Шевчук", total="12300")
    assert unknown.status_code == wrong.status_code == 200
    assert unknown.text.replace("7777777", "N") == wrong.text.replace("1234567", "N").replace("Шевчук", "Шевченко")
    assert described(wrong.text, "account") == described(wrong.text, "surname") == [
        "Номер рахунку або прізвище не збігаються з нашими даними. "
        "Перевірте їх і надішліть прізвище ще раз або інший номер рахунку."
    ]
    assert await _stored() == []


async def test_the_wrong_zones_name_the_fields_the_meter_needs_and_keep_what_was_typed(db: str) -> None:
    async with form_site(db) as site:
        page = await (await site.visitor()).post(**KOVALENKO, total="10950", peak="12")
    message = "Лічильник рахунку …4321 має дві зони (день, ніч). Заповніть поля «День» і «Ніч»."
    for field in ("day", "night", "total", "peak"):
        assert described(page.text, field) == [message] and invalid(page.text, field)
    assert not invalid(page.text, "half_peak")
    assert (value(page.text, "total"), value(page.text, "peak"), value(page.text, "account")) == ("10950", "12", "7654321")
    assert value(page.text, "surname") == "Коваленко"
    assert await _stored() == []


async def test_a_three_zone_meter_asks_for_peak_half_peak_and_night(db: str) -> None:
    async with form_site(db) as site:
        page = await (await site.visitor()).post(**BONDARENKO, day="2200")
    assert "Заповніть поля «Пік», «Напівпік» і «Ніч»." in described(page.text, "peak")[0]


async def test_an_empty_reading_asks_for_the_meters_fields(db: str) -> None:
    async with form_site(db) as site:
        page = await (await site.visitor()).post(**SHEVCHENKO)
    assert described(page.text, "total") == ["Лічильник рахунку …4567 має одну зону. Заповніть поле «Загальний»."]


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({**KOVALENKO, "day": "123456", "night": "2900"}, "day",
         "Показник «день» 123456 має забагато цифр: лічильник показує не більше 5 цифр до коми. Перевірте й надішліть ще раз."),
        ({**KOVALENKO, "day": "8200", "night": "2700"}, "night",
         "Показник «ніч» 2700 менший за останній прийнятий (2800). Перевірте й надішліть ще раз."),
        ({**SHEVCHENKO, "total": "12000"}, "total", "Показник 12000 менший за останній прийнятий (12210)."),
    ],
)
async def test_refusals_use_the_chats_words_tied_to_their_field(db: str, fields: dict[str, str], field: str, words: str) -> None:
    async with form_site(db) as site:
        page = await (await site.visitor()).post(**fields)
    assert page.status_code == 200
    assert words in described(page.text, field)[0] and invalid(page.text, field)
    assert "Показники не збережено" in main_of(page.text)
    assert await _stored() == []


async def test_an_implausible_jump_asks_to_tick_confirm_then_is_stored(db: str) -> None:
    async with form_site(db) as site:
        visitor = await site.visitor()
        asked = await visitor.post(**SHEVCHENKO, total="19000")
        assert 'name="confirm"' not in (await visitor.client.get("/form")).text
        assert 'name="confirm"' in asked.text and await _stored() == []
        [question] = described(asked.text, "confirm")
        assert question == ("Споживання 6790 кВт·год значно більше за звичайне. Зберегти для рахунку …4567: 19000? "
                            "Якщо все правильно, позначте «Так, показники правильні» і надішліть форму ще раз.")
        assert not invalid(asked.text, "total") and value(asked.text, "total") == "19000"
        done = await visitor.post(**SHEVCHENKO, total="19000", confirm="1")
    assert "Показники за листопад 2026 прийнято — …4567: 19000." in main_of(done.text)
    assert [reading.total for reading in await _stored()] == [19000]


async def test_a_rollover_asks_to_tick_confirm(db: str) -> None:
    async with form_site(db) as site:
        visitor = await site.visitor()
        asked = await visitor.post(**MELNYK, total="00120")
        assert "лічильник перейшов через нуль?" in described(asked.text, "confirm")[0]
        await visitor.post(**MELNYK, total="120", confirm="on")
    assert [reading.total for reading in await _stored()] == [120]


async def test_same_as_before_stores_the_last_reading_again(db: str) -> None:
    async with form_site(db) as site:
        page = await (await site.visitor()).post(**KOVALENKO, same_as_before="1")
    assert "день 8100, ніч 2800" in main_of(page.text)
    [reading] = await _stored()
    assert (reading.day, reading.night, reading.channel) == (8100, 2800, "web")


async def test_same_as_before_without_a_previous_reading_asks_for_the_values(db: str) -> None:
    async with form_site(db) as site:
        page = await (await site.visitor()).post(**DYACHUK, same_as_before="1")
    assert described(page.text, "same_as_before") == [
        "Попередніх показників для рахунку …2345 ще немає. Заповніть поля «День» і «Ніч»."
    ]
    assert 'checked' in re.search(r'<input [^>]*id="same_as_before"[^>]*>', page.text).group(0)  # type: ignore[union-attr]
    assert await _stored() == []


async def test_same_as_before_with_new_values_asks_for_one_or_the_other(db: str) -> None:
    async with form_site(db) as site:
        page = await (await site.visitor()).post(**SHEVCHENKO, same_as_before="1", total="12300")
    assert described(page.text, "total") == described(page.text, "same_as_before") == [
        "Або позначте «Без змін», або впишіть нові показники — не те й інше разом."
    ]
    assert await _stored() == []

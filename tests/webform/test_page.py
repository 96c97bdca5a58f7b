"""`GET /form`: a page in Ukrainian with exactly the contract's fields, each labelled, nothing from elsewhere."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.webform.site import form_site

pytestmark = pytest.mark.anyio


class _Elements(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {name: value or "" for name, value in attrs}))


def elements(page: str, tag: str) -> list[dict[str, str]]:
    parser = _Elements()
    parser.feed(page)
    return [attrs for name, attrs in parser.tags if name == tag]


async def test_the_form_has_the_contracts_fields_each_with_a_label(db: str) -> None:
    async with form_site(db) as site:
        page = await (await site.visitor()).client.get("/form")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<html lang="uk">' in page.text
    inputs = elements(page.text, "input")
    names = [attrs["name"] for attrs in inputs]
    assert names == ["csrf_token", "account", "surname", "total", "day", "night", "peak", "half_peak", "same_as_before"]
    labelled = {attrs["for"] for attrs in elements(page.text, "label")}
    assert {attrs["id"] for attrs in inputs if attrs["type"] != "hidden"} == labelled
    numeric = {attrs["name"] for attrs in inputs if attrs.get("inputmode") == "numeric"}
    assert numeric == {"account", "total", "day", "night", "peak", "half_peak"}
    assert [form["action"] for form in elements(page.text, "form")] == ["/form"]
    assert elements(page.text, "button")[0]["type"] == "submit"


async def test_the_page_needs_no_script_and_loads_nothing_from_other_hosts(db: str) -> None:
    async with form_site(db) as site:
        page = await (await site.visitor()).client.get("/form")
    assert "<script" not in page.text
    references = re.findall(r'(?:src|href|action)="([^"]*)"', page.text)
    assert references and all(reference.startswith("/") for reference in references)
    assert page.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


async def test_the_zones_are_explained_in_plain_words(db: str) -> None:
    async with form_site(db) as site:
        text = (await (await site.visitor()).client.get("/form")).text
    assert "одна зона (одне число) — лише «Загальний»" in text
    assert "дві зони — «День» і «Ніч»" in text
    assert "три зони — «Пік», «Напівпік» і «Ніч»" in text


async def test_the_page_sets_a_host_only_http_only_lax_cookie(db: str) -> None:
    async with form_site(db) as site:
        cookie = (await (await site.visitor()).client.get("/form")).headers["set-cookie"]
    assert cookie.startswith("csrf=") and "domain" not in cookie.lower()
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower() and "secure" not in cookie.lower()

"""Every response of the app carries the security headers; the stylesheet is served by the bot."""

from __future__ import annotations

import pytest

from settings import Settings
from tests.messenger.harness import running_bot

pytestmark = pytest.mark.anyio


async def test_every_response_forbids_framing_sniffing_referrers_and_other_hosts(db: str) -> None:
    async with running_bot(Settings(database_url=db)) as (client, _):
        for path in ("/healthz", "/static/site.css", "/nowhere"):
            headers = (await client.get(path)).headers
            assert headers["x-frame-options"] == "DENY"
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["referrer-policy"] == "no-referrer"
            policy = dict(part.strip().split(" ", 1) for part in headers["content-security-policy"].split(";"))
            assert policy["default-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
            assert all(source in ("'self'", "'none'") for sources in policy.values() for source in sources.split())


async def test_the_stylesheet_is_served_by_the_bot(db: str) -> None:
    async with running_bot(Settings(database_url=db)) as (client, _):
        response = await client.get("/static/site.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert "http" not in response.text

"""The browser harness itself: a phone-sized headless Chromium reaches the served app."""

from __future__ import annotations

from pathlib import Path

from tests.web.browser import chromium, requires_chromium
from tests.web.served import served_app

pytestmark = requires_chromium


def test_a_360_pixel_chromium_loads_the_served_stylesheet(database_url: str, tmp_path: Path) -> None:
    with served_app(database_url, tmp_path) as served, chromium() as browser:
        browser.get(f"{served.url}/static/site.css")
        assert "box-sizing" in browser.page_source
        assert browser.execute_script("return screen.width") == 360

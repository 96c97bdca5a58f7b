"""A headless Chromium for tests: Debian's `chromium` driven through `chromium-driver`.

Nothing is downloaded: Selenium is pointed at the installed browser and driver. The browser
starts with a fresh profile, no background traffic, and a phone-sized viewport (360 CSS
pixels wide by default) through Chromium's device emulation.

    with chromium() as browser:
        browser.get(f"{served.url}/form")
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = Path("/usr/bin/chromium")
DRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-dev-shm-usage",
)

requires_chromium = pytest.mark.skipif(
    not (CHROMIUM.exists() and DRIVER.exists()),
    reason="apt-get install chromium chromium-driver to run the browser tests",
)


@contextmanager
def chromium(width: int = 360, height: int = 780) -> Iterator[webdriver.Chrome]:
    """A headless Chromium whose viewport is `width` x `height` CSS pixels, closed on exit."""
    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.add_experimental_option(
        "mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2.0}}
    )
    browser = webdriver.Chrome(options=options, service=Service(executable_path=str(DRIVER)))
    try:
        yield browser
    finally:
        browser.quit()
        shutil.rmtree(profile, ignore_errors=True)

"""PUBLIC_URL and SESSION_SECRET, as the pages read them."""

from __future__ import annotations

from pathlib import Path

import pytest

from settings import ConfigError, load_settings


def test_the_secret_stays_out_of_repr_and_https_makes_cookies_secure(tmp_path: Path) -> None:
    settings = load_settings({"SESSION_SECRET": "s3cr3t-value", "PUBLIC_URL": "https://bot.example.org/"},
                             tmp_path / ".env")
    assert settings.web.session_secret == "s3cr3t-value"
    assert settings.web.public_url == "https://bot.example.org"
    assert settings.web.secure_cookies
    assert "s3cr3t-value" not in repr(settings)


def test_without_them_the_secret_is_left_to_the_database_and_cookies_are_not_secure(tmp_path: Path) -> None:
    settings = load_settings({}, tmp_path / ".env")
    assert settings.web.session_secret == "" and not settings.web.secure_cookies


def test_a_public_url_that_is_not_http_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="PUBLIC_URL"):
        load_settings({"PUBLIC_URL": "bot.example.org"}, tmp_path / ".env")

"""Configuration from the environment and an optional `.env` file (CONTRACT section 1).

Real environment variables win over the `.env` file. A malformed value raises
`ConfigError` with one line that names the variable; the command line prints it and exits.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_DATABASE_URL = "sqlite://data/bot.sqlite3"
DEFAULT_GRAPH_URL = "https://graph.facebook.com/v25.0"
DEFAULT_VIBER_API_URL = "https://chatapi.viber.com/pa"
DEFAULT_VIBER_BOT_NAME = "ДТЕК Донецькі електромережі"
MAX_VIBER_BOT_NAME = 28
DEFAULT_TELEGRAM_API_URL = "https://api.telegram.org"
DEFAULT_HANDOVER_APP_ID = "263902037430900"
"""Meta's Page Inbox: where a Messenger thread goes when the customer asks for a person."""
DEFAULT_RETENTION_DAYS = 90
DEFAULT_TIMEZONE = "Europe/Kyiv"
DEFAULT_MAX_MONTHLY_KWH = 1500
DEFAULT_LINK_ATTEMPTS = 5
DEFAULT_MESSAGES_PER_MINUTE = 20
_DATABASE_SCHEMES = ("sqlite://", "postgres://", "postgresql://", "asyncpg://", "psycopg://")


class ConfigError(Exception):
    """A configuration value or a command's argument is malformed; the message is one line for the user."""


class CommandError(Exception):
    """A command cannot do what it was asked (exit code 1); the message is one line for the user."""


@dataclass(frozen=True)
class ConversationSettings:
    """What the conversation needs: its clock's zone and its limits."""

    timezone: ZoneInfo = ZoneInfo(DEFAULT_TIMEZONE)
    # BOT_MAX_MONTHLY_KWH: use above this many kWh per month since the last reading (all zones
    # together) is asked about before it is stored; so is a meter rollover above it.
    max_monthly_kwh: int = DEFAULT_MAX_MONTHLY_KWH
    # BOT_LINK_ATTEMPTS: failed linking attempts allowed per sender in any hour; once reached,
    # linking is refused to that sender until the oldest failure is an hour old.
    link_attempts: int = DEFAULT_LINK_ATTEMPTS
    # Not read from the environment: the app names the channels whose doors allow reminders
    # (`Channel.reminders`), and only their senders are offered the monthly reminder.
    reminder_channels: frozenset[str] = frozenset()


@dataclass(frozen=True)
class MessengerSettings:
    """The Messenger channel's settings (FB_*); secrets are left out of `repr`."""

    app_secret: str = field(default="", repr=False)
    verify_token: str = field(default="", repr=False)
    page_access_token: str = field(default="", repr=False)
    graph_url: str = DEFAULT_GRAPH_URL
    handover_app_id: str = DEFAULT_HANDOVER_APP_ID


@dataclass(frozen=True)
class WebSettings:
    """The pages' settings: the secret that signs their tokens (SESSION_SECRET; when empty, one
    generated once and kept in the database)."""

    session_secret: str = field(default="", repr=False)


@dataclass(frozen=True)
class ViberSettings:
    """The Viber channel's settings (VIBER_*): on when the auth token is set, which stays out of `repr`."""

    auth_token: str = field(default="", repr=False)
    api_url: str = DEFAULT_VIBER_API_URL
    bot_name: str = DEFAULT_VIBER_BOT_NAME
    """The sender name shown on every message: 1 to 28 characters."""


@dataclass(frozen=True)
class TelegramSettings:
    """The Telegram channel's settings (TG_*); the channel is on when `bot_token` is set.

    The token is part of every Bot API URL, so it is kept out of `repr` like the secret.
    """

    bot_token: str = field(default="", repr=False)
    webhook_secret: str = field(default="", repr=False)
    api_url: str = DEFAULT_TELEGRAM_API_URL


@dataclass(frozen=True)
class Settings:
    """The service's configuration, grouped by who uses it; no secret reaches `repr` or a log."""

    database_url: str = DEFAULT_DATABASE_URL
    conversation: ConversationSettings = ConversationSettings()
    messenger: MessengerSettings = MessengerSettings()
    web: WebSettings = WebSettings()
    telegram: TelegramSettings = TelegramSettings()
    viber: ViberSettings = ViberSettings()
    public_url: str = ""
    """PUBLIC_URL: the bot's public https:// base, for `telegram setup`, `viber setup` and links it sends."""
    # BOT_MESSAGES_PER_MINUTE: messages of one sender answered within a minute; the next one
    # gets a single notice and the rest of the flood is stored but not answered.
    messages_per_minute: int = DEFAULT_MESSAGES_PER_MINUTE
    # RETENTION_DAYS: message texts and raw deliveries older than this are deleted.
    retention_days: int = DEFAULT_RETENTION_DAYS

    @property
    def secure_cookies(self) -> bool:
        """Cookies carry `Secure` when the public base (PUBLIC_URL) is https."""
        return self.public_url.startswith("https://")

    def __repr__(self) -> str:
        return (
            f"Settings(database_url={without_password(self.database_url)!r}, "
            f"conversation={self.conversation!r}, messenger={self.messenger!r}, telegram={self.telegram!r}, "
            f"viber={self.viber!r}, web={self.web!r}, public_url={self.public_url!r})"
        )


def load_settings(environ: Mapping[str, str] | None = None, env_file: Path | None = None) -> Settings:
    """Read the settings from `environ` (default: the process environment) over `.env`."""
    values = read_env_file(env_file or Path(".env"))
    values.update(os.environ if environ is None else environ)
    return Settings(
        database_url=_database_url(values.get("DATABASE_URL") or DEFAULT_DATABASE_URL),
        conversation=ConversationSettings(
            timezone=_timezone(values.get("BOT_TIMEZONE") or DEFAULT_TIMEZONE),
            max_monthly_kwh=_positive("BOT_MAX_MONTHLY_KWH", values, DEFAULT_MAX_MONTHLY_KWH),
            link_attempts=_positive("BOT_LINK_ATTEMPTS", values, DEFAULT_LINK_ATTEMPTS),
        ),
        messenger=MessengerSettings(
            app_secret=values.get("FB_APP_SECRET", ""),
            verify_token=values.get("FB_VERIFY_TOKEN", ""),
            page_access_token=values.get("FB_PAGE_ACCESS_TOKEN", ""),
            graph_url=_http_url("FB_GRAPH_URL", values.get("FB_GRAPH_URL") or DEFAULT_GRAPH_URL),
            handover_app_id=_app_id(values.get("FB_HANDOVER_APP_ID") or DEFAULT_HANDOVER_APP_ID),
        ),
        web=WebSettings(session_secret=values.get("SESSION_SECRET", "")),
        viber=ViberSettings(
            auth_token=values.get("VIBER_AUTH_TOKEN", ""),
            api_url=_http_url("VIBER_API_URL", values.get("VIBER_API_URL") or DEFAULT_VIBER_API_URL),
            bot_name=_viber_bot_name(values.get("VIBER_BOT_NAME", "").strip() or DEFAULT_VIBER_BOT_NAME),
        ),
        telegram=TelegramSettings(
            bot_token=values.get("TG_BOT_TOKEN", ""),
            webhook_secret=values.get("TG_WEBHOOK_SECRET", ""),
            api_url=_http_url("TG_API_URL", values.get("TG_API_URL") or DEFAULT_TELEGRAM_API_URL),
        ),
        public_url=_http_url("PUBLIC_URL", values["PUBLIC_URL"]) if values.get("PUBLIC_URL") else "",
        messages_per_minute=_positive("BOT_MESSAGES_PER_MINUTE", values, DEFAULT_MESSAGES_PER_MINUTE),
        retention_days=_positive("RETENTION_DAYS", values, DEFAULT_RETENTION_DAYS),
    )


def read_env_file(path: Path) -> dict[str, str]:
    """Parse `NAME=value` lines; blank lines, comments and `export ` prefixes are allowed."""
    if not path.is_file():
        return {}
    values: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.removeprefix("export ").partition("=")
        if not sep or not name.strip().isidentifier():
            raise ConfigError(f"{path}:{number}: expected NAME=value")
        values[name.strip()] = _unquote(value.strip())
    return values


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _database_url(url: str) -> str:
    if not url.startswith(_DATABASE_SCHEMES):
        raise ConfigError(f"DATABASE_URL must start with one of {', '.join(_DATABASE_SCHEMES)}")
    return url


def _http_url(name: str, url: str) -> str:
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"{name} must be an http:// or https:// URL")
    return url.rstrip("/")


def _viber_bot_name(name: str) -> str:
    if len(name) > MAX_VIBER_BOT_NAME:
        raise ConfigError(f"VIBER_BOT_NAME must have at most {MAX_VIBER_BOT_NAME} characters, not {len(name)}")
    return name


def _app_id(text: str) -> str:
    if not (text.isdigit() and text.isascii()):
        raise ConfigError("FB_HANDOVER_APP_ID must be a numeric app id")
    return text


def _timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"BOT_TIMEZONE: unknown time zone {name!r}") from None


def _positive(name: str, values: Mapping[str, str], default: int) -> int:
    text = values.get(name) or str(default)
    if not text.isdigit() or int(text) < 1:
        raise ConfigError(f"{name} must be a whole number of at least 1")
    return int(text)


def without_password(url: str) -> str:
    """`url` with its password, if any, replaced by `***`: safe to log or print."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    return f"{scheme}{sep}{credentials.split(':', 1)[0]}:***@{host}"

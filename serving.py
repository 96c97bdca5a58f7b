"""`main.py serve`: the app under uvicorn, stopped gracefully by SIGTERM or Ctrl+C with exit code 0."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from app import create_app
from models.database import close_database, connect, describe
from runtime import collect_garbage_less_often, usable_cores
from settings import Settings

log = logging.getLogger(__name__)
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
TRUSTED_PROXY = "127.0.0.1"
"""Only a proxy on the loopback address may name the client with `X-Forwarded-For` (CONTRACT section 3)."""


class _Server(uvicorn.Server):
    """uvicorn's server, but a stop signal ends `serve()` normally instead of being re-raised."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        loop = asyncio.get_running_loop()
        for stop in _STOP_SIGNALS:
            loop.add_signal_handler(stop, self.handle_exit, stop, None)
        try:
            yield
        finally:
            for stop in _STOP_SIGNALS:
                loop.remove_signal_handler(stop)


async def serve(settings: Settings, host: str, port: int) -> int:
    """Serve the webhook and run the workers until a stop signal; the exit code. On PostgreSQL
    the workers run in processes of their own (`worker_processes`).

    A database that does not answer raises `DatabaseError` before anything listens.
    """
    await connect(settings.database_url)
    await close_database()
    log.info("database: %s", describe(settings.database_url))
    announce_messenger(settings)
    announce_viber(settings)
    announce_telegram(settings)
    app = create_app(settings, worker_processes=worker_processes(settings.database_url))
    config = uvicorn.Config(
        app, host=host, port=port, lifespan="on", log_config=None, access_log=False,
        proxy_headers=True, forwarded_allow_ips=TRUSTED_PROXY,
    )
    server = _Server(config)
    collect_garbage_less_often()
    await server.serve()
    return 0 if server.started else 1


def worker_processes(database_url: str) -> int:
    """How many workers' processes `serve` starts: none on SQLite, which takes one writer at a
    time, so the workers stay in the web process; on PostgreSQL one per core this process may
    use but one, which is left to the web process and the database (at least one)."""
    if database_url.startswith("sqlite:"):
        return 0
    return max(1, usable_cores() - 1)


def announce_messenger(settings: Settings) -> None:
    """One line at start: the Messenger channel is on, or a warning naming the secrets it lacks."""
    missing = [(name, refused) for name, value, refused in (
        ("FB_APP_SECRET", settings.messenger.app_secret, "every delivery"),
        ("FB_VERIFY_TOKEN", settings.messenger.verify_token, "the subscription handshake"),
    ) if not value]
    if missing:
        names, refusals = zip(*missing)
        log.warning("Messenger channel: %s not set, so /webhook refuses %s", " and ".join(names), " and ".join(refusals))
    elif not settings.messenger.page_access_token:
        log.warning("Messenger channel on at /webhook, but FB_PAGE_ACCESS_TOKEN is not set: replies are logged, not sent")
    else:
        log.info("Messenger channel on at /webhook")


def announce_viber(settings: Settings) -> None:
    """One line at start: the Viber channel is on, or a warning that it is off for want of its token."""
    if settings.viber.auth_token:
        log.info("Viber channel on at /viber/webhook, sending as %r", settings.viber.bot_name)
    else:
        log.warning("Viber channel off: VIBER_AUTH_TOKEN is not set, so /viber/webhook answers 404")
def announce_telegram(settings: Settings) -> None:
    """One line at start: the Telegram channel is on, or a warning naming the setting it lacks."""
    telegram = settings.telegram
    if not telegram.bot_token:
        log.warning("Telegram channel off: TG_BOT_TOKEN is not set, so /telegram/webhook answers 404")
    elif not telegram.webhook_secret:
        log.warning("Telegram channel: TG_WEBHOOK_SECRET is not set, so /telegram/webhook refuses every update")
    else:
        log.info("Telegram channel on at /telegram/webhook")

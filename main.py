"""Command line of the meter-reading bot (CONTRACT section 2): `meterbot --help` or `python main.py --help`."""

from __future__ import annotations

import argparse
import codecs
import itertools
import sys
from collections.abc import Callable, Coroutine, Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

from runtime import configure_logging, run_loop, usable_cores
from settings import CommandError, ConfigError, Settings, load_settings

Command = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]


async def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    from models.database import apply_migrations, close_database, describe

    await apply_migrations(settings.database_url)
    await close_database()
    print(f"migrations applied to {describe(settings.database_url)}")
    return 0


async def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from serving import serve

    return await serve(settings, args.host, args.port)


async def _accounts_import(args: argparse.Namespace, settings: Settings) -> int:
    from models.database import apply_migrations, close_database, describe
    from models.registry import read_registry_file, save_accounts

    accounts = read_registry_file(Path(args.file), _today(settings), sys.stderr)
    if accounts is None:
        return 1
    await apply_migrations(settings.database_url)
    print(f"database: {describe(settings.database_url)}")
    try:
        counts = await save_accounts(accounts, sys.stderr if sys.stderr.isatty() else None)
    finally:
        await close_database()
    print(f"accounts: {counts}")
    return 0


async def _readings_export(args: argparse.Namespace, settings: Settings) -> int:
    from models.database import close_database, open_existing
    from models.export import check_period, export_readings, export_to_file

    period = None if args.period is None else check_period(args.period, _today(settings))
    await open_existing(settings.database_url)
    try:
        if args.output is None:
            await export_readings(sys.stdout, settings.conversation.timezone, period)
        else:
            await export_to_file(Path(args.output), settings.conversation.timezone, period)
    finally:
        await close_database()
    return 0


async def _accounts_close(args: argparse.Namespace, settings: Settings) -> int:
    from models.accounts import set_closed
    from models.database import close_database, open_existing

    await open_existing(settings.database_url)
    try:
        if not await set_closed(args.account, datetime.now(UTC) if args.closing else None):
            raise CommandError(f"account {args.account} is not in the registry")
    finally:
        await close_database()
    print(f"account {args.account} is {'closed' if args.closing else 'open'}")
    return 0


async def _parse(args: argparse.Namespace, settings: Settings) -> int:
    from handlers.parsing import parse

    if args.texts:
        for text in args.texts:
            print(parse(text).to_json(), flush=True)
    else:
        _parse_lines(sys.stdin.buffer, sys.stdout.buffer)
    return 0


_PARALLEL_FROM = 200
"""Lines in one read of stdin from which the rest is parsed on every core: a file, a full pipe."""


def _parse_lines(stdin: BinaryIO, stdout: BinaryIO) -> None:
    """Each line of `stdin` parsed into one JSON line on `stdout`.

    Lines end at a line feed only; the bytes are UTF-8 whatever the locale, a bad one replaced.
    Lines are answered as they arrive: all those at hand at once, in one write. Once a read
    brings `_PARALLEL_FROM` lines or more and the process may use several cores, the blocks of
    lines from there on are parsed by one forked process per core and written in their order.
    """
    import multiprocessing

    cores = usable_cores() if "fork" in multiprocessing.get_all_start_methods() else 1
    blocks = _line_blocks(stdin)
    for block in blocks:
        if len(block) >= _PARALLEL_FROM and cores > 1:
            with multiprocessing.get_context("fork").Pool(cores) as pool:
                for answers in pool.imap(_answers, itertools.chain([block], blocks)):
                    stdout.write(answers)
                    stdout.flush()
            return
        stdout.write(_answers(block))
        stdout.flush()


def _line_blocks(stdin: BinaryIO) -> Iterator[list[str]]:
    """The lines of `stdin`, in blocks of those that arrived together (a read of up to 64 KiB)."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    unfinished: list[str] = []  # the pieces of a line whose line feed has not arrived yet
    while True:
        chunk = stdin.read1(1 << 16)  # type: ignore[attr-defined]  # what has arrived, up to 64 KiB
        *lines, rest = decoder.decode(chunk, final=not chunk).split("\n")
        if lines:
            lines[0] = "".join(unfinished) + lines[0]
            unfinished.clear()
        unfinished.append(rest)
        if not chunk and (last := "".join(unfinished)):
            lines.append(last)
        if lines:
            yield lines
        if not chunk:
            return


def _answers(lines: list[str]) -> bytes:
    """The JSON lines that answer `lines`, as one UTF-8 block."""
    from handlers.parsing import parse

    return "".join(parse(line.rstrip("\r")).to_json() + "\n" for line in lines).encode()


async def _chat(args: argparse.Namespace, settings: Settings) -> int:
    from delivery.timing import system_clock
    from handlers.chat import chat
    from models.database import close_database, open_existing

    await open_existing(settings.database_url)
    try:
        await chat(settings.conversation, args.psid, sys.stdin, sys.stdout, system_clock)
    finally:
        await close_database()
    return 0


async def _profile_setup(args: argparse.Namespace, settings: Settings) -> int:
    from messenger.graph import new_http_client
    from messenger.profile import set_up_profile

    async with new_http_client() as http:
        return await set_up_profile(settings.messenger, http, dry_run=args.dry_run, out=sys.stdout, err=sys.stderr)


async def _viber_setup(args: argparse.Namespace, settings: Settings) -> int:
    from messenger.graph import new_http_client
    from viber.setup import set_up_webhook

    async with new_http_client() as http:
        return await set_up_webhook(settings, http, out=sys.stdout, err=sys.stderr)


async def _telegram_setup(args: argparse.Namespace, settings: Settings) -> int:
    from messenger.graph import new_http_client
    from telegram_door.setup import set_up_telegram

    async with new_http_client() as http:
        return await set_up_telegram(settings, http, out=sys.stdout, err=sys.stderr)


async def _reminders_send(args: argparse.Namespace, settings: Settings) -> int:
    from app import enabled_channels
    from delivery.reminding import send_reminders
    from delivery.timing import system_clock
    from messenger.graph import new_http_client
    from models.database import close_database, open_existing

    await open_existing(settings.database_url)
    try:
        async with new_http_client() as http:
            channels = enabled_channels(settings, http, system_clock)
            timezone = settings.conversation.timezone
            return await send_reminders(channels, timezone, system_clock, out=sys.stdout, err=sys.stderr)
    finally:
        await close_database()


async def _operators(args: argparse.Namespace, settings: Settings) -> int:
    from console import operators
    from models.database import close_database, open_existing

    password = ""
    if args.action == "add":
        operators.check_name(args.name)
        password = operators.read_password(sys.stdin)
    await open_existing(settings.database_url)
    try:
        if args.action == "add":
            await operators.add_operator(args.name, password)
        elif args.action == "remove":
            await operators.remove_operator(args.name)
        else:
            print("\n".join(await operators.operator_names()))
    finally:
        await close_database()
    if args.action != "list":
        print(f"operator {args.name} {'added' if args.action == 'add' else 'removed'}")
    return 0


async def _senders_forget(args: argparse.Namespace, settings: Settings) -> int:
    from models.database import close_database, open_existing
    from models.forgetting import forget_sender

    await open_existing(settings.database_url)
    try:
        if not await forget_sender(args.channel, args.id):
            raise CommandError(f"no sender {args.id!r} on channel {args.channel!r}")
    finally:
        await close_database()
    print(f"forgot sender {args.id} of {args.channel}: links, state and message texts deleted, readings kept")
    return 0


def _today(settings: Settings) -> date:
    """The operator's date, in `BOT_TIMEZONE`."""
    return datetime.now(settings.conversation.timezone).date()


def _port(value: str) -> int:
    if not (value.isascii() and value.isdigit() and 1 <= int(value) <= 65535):
        raise argparse.ArgumentTypeError(f"{value!r} is not a port: expected a whole number from 1 to 65535")
    return int(value)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage mistakes are one line on stderr (exit code 2)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _one_action(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str, about: str, action: str,
    does: str, run: Command,
) -> None:
    """A command group with a single action and no arguments of its own (`viber setup`, ...)."""
    group = commands.add_parser(name, help=about)
    group.add_subparsers(dest="action", required=True, metavar="ACTION").add_parser(action, help=does).set_defaults(run=run)


def build_parser() -> argparse.ArgumentParser:
    """The command line's argument parser, with a sub-command per CONTRACT section 2 entry."""
    parser = _Parser(description="Meter readings for DTEK Donetsk electric grids: Messenger, Telegram, Viber and a web form.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="apply migrations, serve the webhook, run the workers")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on, 1-65535 (default 8000)")
    serve.set_defaults(run=_serve)

    migrate = commands.add_parser("migrate", help="apply pending schema migrations and exit")
    migrate.set_defaults(run=_migrate)

    accounts = commands.add_parser("accounts", help="the account registry")
    accounts_commands = accounts.add_subparsers(dest="action", required=True, metavar="ACTION")
    importing = accounts_commands.add_parser(
        "import", help="load or update accounts from a CSV file; any invalid row imports nothing"
    )
    importing.add_argument("file", metavar="FILE", help="account registry CSV (UTF-8, header row)")
    importing.set_defaults(run=_accounts_import)
    for action, closing, does in (("close", True, "take no new readings or links"), ("reopen", False, "take them again")):
        closer = accounts_commands.add_parser(action, help=f"the account will {does}; its history stays in exports")
        closer.add_argument("account", metavar="ACCOUNT", help="account number")
        closer.set_defaults(run=_accounts_close, closing=closing)

    readings = commands.add_parser("readings", help="accepted meter readings")
    readings_commands = readings.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = readings_commands.add_parser("export", help="write accepted readings as CSV")
    export.add_argument(
        "--period", metavar="YYYY-MM",
        help="only the last accepted reading of each account for this billing month (a past or the current one)",
    )
    export.add_argument("--output", metavar="FILE", help="write to FILE instead of stdout")
    export.set_defaults(run=_readings_export)

    parse = commands.add_parser(
        "parse", help="parse texts (or stdin lines) and print one JSON object per input"
    )
    parse.add_argument("texts", nargs="*", metavar="TEXT", help="texts to parse; use -- before texts starting with -")
    parse.set_defaults(run=_parse)

    chat = commands.add_parser("chat", help="talk to the bot in the terminal")
    chat.add_argument("--psid", default="terminal", help="sender id to talk as, on channel chat (default: terminal)")
    chat.set_defaults(run=_chat)

    profile = commands.add_parser("profile", help="the page's Messenger profile")
    profile_commands = profile.add_subparsers(dest="action", required=True, metavar="ACTION")
    setup = profile_commands.add_parser(
        "setup", help="set Get Started, the greeting and the persistent menu"
    )
    setup.add_argument("--dry-run", action="store_true", help="print the request instead of sending it")
    setup.set_defaults(run=_profile_setup)

    _one_action(commands, "viber", "the Viber bot", "setup",
                "register {PUBLIC_URL}/viber/webhook with set_webhook and the events the bot handles", _viber_setup)
    _one_action(commands, "telegram", "the Telegram bot", "setup",
                "register {PUBLIC_URL}/telegram/webhook and set the bot's commands and description", _telegram_setup)
    _one_action(commands, "reminders", "the monthly reminder of the submission window", "send",
                "queue the current (or next) window's reminder for every subscriber not reminded yet", _reminders_send)

    operators = commands.add_parser("operators", help="the operator console's sign-ins")
    operators_commands = operators.add_subparsers(dest="action", required=True, metavar="ACTION")
    for action, text in (("add", "add an operator; the password is read from stdin, or asked twice on a terminal"),
                         ("remove", "remove an operator and end their sessions")):
        command = operators_commands.add_parser(action, help=text)
        command.add_argument("name", metavar="NAME", help="the operator's sign-in name")
        command.set_defaults(run=_operators)
    operators_commands.add_parser("list", help="list the operators' names").set_defaults(run=_operators)

    senders = commands.add_parser("senders", help="people who wrote to the bot")
    senders_commands = senders.add_subparsers(dest="action", required=True, metavar="ACTION")
    forget = senders_commands.add_parser(
        "forget", help="delete what is kept about one sender, as the in-chat \"delete my data\" does"
    )
    forget.add_argument("channel", metavar="CHANNEL", help="messenger, telegram, viber, web or chat")
    forget.add_argument("id", metavar="ID", help="the id the channel knows the sender by")
    forget.set_defaults(run=_senders_forget)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. An operator's mistake ends it with one line on stderr, no traceback:
    exit code 2 for a malformed setting or argument, 1 for a command that cannot do its work.
    """
    args = build_parser().parse_args(argv)
    configure_logging()
    try:
        settings = load_settings()
        run: Command = args.run
        return run_loop(run(args, settings))
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

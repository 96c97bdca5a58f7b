"""Command line of the meter-reading bot (CONTRACT section 2): `python main.py --help`."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Coroutine, Sequence
from pathlib import Path
from typing import Any

import uvloop

from settings import ConfigError, Settings, load_settings

Command = Callable[[argparse.Namespace, Settings], Coroutine[Any, Any, int]]


async def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    from models.database import apply_migrations, close_database

    await apply_migrations(settings.database_url)
    await close_database()
    print("migrations applied")
    return 0


async def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from serving import serve

    return await serve(settings, args.host, args.port)


async def _accounts_import(args: argparse.Namespace, settings: Settings) -> int:
    from models.database import apply_migrations, close_database
    from models.registry import import_accounts

    await apply_migrations(settings.database_url)
    try:
        return await import_accounts(Path(args.file), sys.stdout, sys.stderr)
    finally:
        await close_database()


async def _readings_export(args: argparse.Namespace, settings: Settings) -> int:
    from models.database import apply_migrations, close_database
    from models.export import export_readings

    await apply_migrations(settings.database_url)
    try:
        if args.output is None:
            await export_readings(sys.stdout, settings.conversation.timezone, args.period)
        else:
            with open(args.output, "w", encoding="utf-8", newline="") as output:
                await export_readings(output, settings.conversation.timezone, args.period)
    finally:
        await close_database()
    return 0


async def _parse(args: argparse.Namespace, settings: Settings) -> int:
    import io
    import json

    from handlers.parsing import parse

    for stream in (sys.stdin, sys.stdout):  # UTF-8 whatever the locale; a bad byte is not fatal
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(encoding="utf-8", errors="replace")
    texts = args.texts or (line.rstrip("\r\n") for line in sys.stdin)
    for text in texts:
        print(json.dumps(parse(text).to_dict(), ensure_ascii=False), flush=True)
    return 0


async def _chat(args: argparse.Namespace, settings: Settings) -> int:
    from delivery.timing import system_clock
    from handlers.chat import chat
    from models.database import apply_migrations, close_database

    await apply_migrations(settings.database_url)
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


async def _operators(args: argparse.Namespace, settings: Settings) -> int:
    from console import operators
    from models.database import apply_migrations, close_database

    try:
        if args.action == "add":
            operators.check_name(args.name)
            password = operators.read_password(sys.stdin)
        await apply_migrations(settings.database_url)
        try:
            if args.action == "add":
                await operators.add_operator(args.name, password)
            elif args.action == "remove":
                await operators.remove_operator(args.name)
            else:
                print("\n".join(await operators.operator_names()))
        finally:
            await close_database()
    except operators.OperatorError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.action != "list":
        print(f"operator {args.name} {'added' if args.action == 'add' else 'removed'}")
    return 0


async def _senders_forget(args: argparse.Namespace, settings: Settings) -> int:
    from models.database import apply_migrations, close_database
    from models.forgetting import forget_sender

    await apply_migrations(settings.database_url)
    try:
        forgotten = await forget_sender(args.channel, args.id)
    finally:
        await close_database()
    if not forgotten:
        print(f"error: no sender {args.id!r} on channel {args.channel!r}", file=sys.stderr)
        return 1
    print(f"forgot sender {args.id} of {args.channel}: links, state and message texts deleted, readings kept")
    return 0


def _period(value: str) -> str:
    year, dash, month = value.partition("-")
    if not (dash and len(year) == 4 and year.isdigit() and month.isdigit() and len(month) == 2):
        raise argparse.ArgumentTypeError("expected YYYY-MM, for example 2026-11")
    if not 1 <= int(month) <= 12:
        raise argparse.ArgumentTypeError("the month must be 01 to 12")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The `main.py` argument parser, with a sub-command per CONTRACT section 2 entry."""
    parser = argparse.ArgumentParser(
        prog="main.py", description="Messenger bot for DTEK Donetsk electric grids' meter readings."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser("serve", help="apply migrations, serve the webhook, run the workers")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
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

    readings = commands.add_parser("readings", help="accepted meter readings")
    readings_commands = readings.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = readings_commands.add_parser("export", help="write accepted readings as CSV")
    export.add_argument(
        "--period", type=_period, metavar="YYYY-MM",
        help="only the last accepted reading of each account for this billing month",
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
    """Run one command; configuration errors end it with one line and exit code 2."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("tortoise").setLevel(logging.WARNING)
    try:
        settings = load_settings()
        run: Command = args.run
        return uvloop.run(run(args, settings))
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())

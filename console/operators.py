"""`operators add NAME | remove NAME | list`: the console's sign-ins, from the command line."""

from __future__ import annotations

import getpass
import re
from typing import TextIO

from tortoise.exceptions import IntegrityError

from console.passwords import hash_password
from models.operators import Operator
from settings import CommandError

_NAME = re.compile(r"[\w.@-]{1,64}")
MIN_PASSWORD = 8


class OperatorError(CommandError):
    """A mistake in an operators command; the message is one line for the user (exit code 1)."""


def read_password(stdin: TextIO) -> str:
    """The new password: asked twice on a terminal, else the first line of `stdin`."""
    if stdin.isatty():
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            raise OperatorError("the two passwords differ")
    else:
        password = stdin.readline().rstrip("\r\n")
    if len(password) < MIN_PASSWORD:
        raise OperatorError(f"the password must have at least {MIN_PASSWORD} characters")
    return password


def check_name(name: str) -> None:
    """Raise `OperatorError` unless `name` can be an operator's name."""
    if not _NAME.fullmatch(name):
        raise OperatorError("a name has 1 to 64 letters, digits or . _ @ -")


async def add_operator(name: str, password: str) -> None:
    """A new operator `name` who signs in with `password`."""
    check_name(name)
    try:
        await Operator.create(name=name, password_hash=hash_password(password))
    except IntegrityError:
        raise OperatorError(f"operator {name!r} already exists") from None


async def remove_operator(name: str) -> None:
    """Remove `name`; their sessions end with them."""
    if not await Operator.filter(name=name).delete():
        raise OperatorError(f"no operator {name!r}")


async def operator_names() -> list[str]:
    """Every operator's name, sorted."""
    return [str(name) for name in await Operator.all().order_by("name").values_list("name", flat=True)]

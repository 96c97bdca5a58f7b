"""`python main.py parse` end to end, in a fresh process, from a directory with no `.env`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

MAIN = Path(__file__).resolve().parents[2] / "main.py"


def _run(tmp_path: Path, *args: str, stdin: str | None = None) -> list[dict[str, object]]:
    done = subprocess.run(
        [sys.executable, str(MAIN), "parse", *args],
        input=stdin, capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, timeout=30, check=True,
    )
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_each_argument_gives_one_json_line(tmp_path: Path) -> None:
    assert _run(tmp_path, "о/р 1234567 Д-8432 Н-2917", "без змін") == [
        {"accounts": ["1234567"], "readings": [{"zone": "day", "value": 8432}, {"zone": "night", "value": 2917}],
         "same_as_before": False},
        {"accounts": [], "readings": [], "same_as_before": True},
    ]


def test_arguments_after_a_double_dash_are_texts(tmp_path: Path) -> None:
    assert _run(tmp_path, "--", "-12345", "--help") == [
        {"accounts": [], "readings": [{"zone": None, "value": 12345}], "same_as_before": False},
        {"accounts": [], "readings": [], "same_as_before": False},
    ]


def test_without_arguments_each_stdin_line_is_a_text(tmp_path: Path) -> None:
    lines = _run(tmp_path, stdin="Покази 12345\n\nдень 8432 ніч 2917\r\n")
    assert lines == [
        {"accounts": [], "readings": [{"zone": None, "value": 12345}], "same_as_before": False},
        {"accounts": [], "readings": [], "same_as_before": False},
        {"accounts": [], "readings": [{"zone": "day", "value": 8432}, {"zone": "night", "value": 2917}],
         "same_as_before": False},
    ]


def test_output_keeps_ukrainian_text_unescaped_and_opens_no_database(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(MAIN), "parse", "рахунок 0123456"],
        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, timeout=30, check=True,
    )
    assert done.stdout == '{"accounts": ["0123456"], "readings": [], "same_as_before": false}\n'
    assert list(tmp_path.iterdir()) == []


def test_stdin_lines_are_answered_as_they_arrive(tmp_path: Path) -> None:
    with subprocess.Popen(
        [sys.executable, str(MAIN), "parse"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True, encoding="utf-8", cwd=tmp_path,
    ) as process:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write("12345\n")
        process.stdin.flush()
        first = json.loads(process.stdout.readline())
        process.stdin.close()
        assert process.wait(timeout=30) == 0
    assert first == {"accounts": [], "readings": [{"zone": None, "value": 12345}], "same_as_before": False}


def test_stdin_in_another_locale_or_with_a_bad_byte_still_parses(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(MAIN), "parse"], input="покази 12345 \u00ab\n".encode() + b"\xff 4521\n",
        capture_output=True, cwd=tmp_path, timeout=30, check=True, env={"LC_ALL": "C", "PATH": ""},
    )
    assert [json.loads(line)["readings"] for line in done.stdout.decode("utf-8").splitlines()] == [
        [{"zone": None, "value": 12345}], [{"zone": None, "value": 4521}],
    ]


def test_lines_in_bulk_and_then_one_by_one_are_answered_in_order(tmp_path: Path) -> None:
    """A first read of many lines hands the rest to one process per core; every answer keeps
    its line's place, and a line that arrives alone afterwards is still answered at once."""
    from handlers.parsing import parse

    bulk = [f"покази {10000 + number}" if number % 3 else f"день {number} ніч {number + 7}" for number in range(2000)]
    with subprocess.Popen(
        [sys.executable, str(MAIN), "parse"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True, encoding="utf-8", cwd=tmp_path,
    ) as process:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write("".join(line + "\n" for line in bulk))
        process.stdin.flush()
        answered = [process.stdout.readline() for _ in bulk]
        process.stdin.write("без змін\n")
        process.stdin.flush()
        last = process.stdout.readline()
        process.stdin.close()
        assert process.wait(timeout=30) == 0
    assert answered == [parse(line).to_json() + "\n" for line in bulk]
    assert json.loads(last)["same_as_before"] is True

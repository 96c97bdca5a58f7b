"""The parser's output, to the byte, for thousands of realistic texts recorded in data/golden.jsonl.

The file holds every hand-written test text and the generated mix of `tests.handlers.corpus`,
each with the object the parser gave when it was recorded. A speed-up must not change one
byte of it, through `parse()` or through `python main.py parse`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from handlers.parsing import parse
from tests.handlers.corpus import GOLDEN

MAIN = Path(__file__).resolve().parents[2] / "main.py"


def _golden() -> list[tuple[str, str]]:
    """Each recorded text with the line `python main.py parse` printed for it."""
    pairs = []
    with open(GOLDEN, encoding="utf-8") as lines:
        for line in lines:
            case = json.loads(line)
            pairs.append((case.pop("text"), json.dumps(case, ensure_ascii=False)))
    return pairs


GOLDEN_CASES = _golden()


def test_golden_file_is_large_and_varied() -> None:
    assert len(GOLDEN_CASES) >= 5000
    outputs = [json.loads(output) for _, output in GOLDEN_CASES]
    assert sum(1 for output in outputs if output["readings"]) > 3000
    assert sum(1 for output in outputs if output["accounts"]) > 1000
    assert sum(1 for output in outputs if output["same_as_before"]) > 300
    assert sum(1 for output in outputs if output == {"accounts": [], "readings": [], "same_as_before": False}) > 500


def test_parse_reproduces_the_golden_file() -> None:
    changed = [
        (text, expected, actual)
        for text, expected in GOLDEN_CASES
        if (actual := json.dumps(parse(text).to_dict(), ensure_ascii=False)) != expected
    ]
    assert changed == []


def test_to_json_writes_what_json_dumps_writes() -> None:
    assert [parse(text).to_json() for text, _ in GOLDEN_CASES] == [expected for _, expected in GOLDEN_CASES]


def test_cli_prints_the_golden_lines_byte_for_byte(tmp_path: Path) -> None:
    """One stdin line per text (texts holding a line break left out), answered line for line."""
    cases = [(text, expected) for text, expected in GOLDEN_CASES if "\n" not in text and "\r" not in text]
    stdin = "".join(text + "\n" for text, _ in cases).encode("utf-8")
    done = subprocess.run(
        [sys.executable, str(MAIN), "parse"], input=stdin, capture_output=True, cwd=tmp_path, timeout=120, check=True,
    )
    assert done.stdout.decode("utf-8") == "".join(expected + "\n" for _, expected in cases)


def test_cli_splits_stdin_on_line_feeds_only(tmp_path: Path) -> None:
    """A carriage return inside a line, other line separators and bad bytes stay in the text."""
    lines = [
        "покази 12345\rдень 8432", "день 8432\u2028ніч 2917", "о/р 1234567\x0b12345", "ніч 2917\r\r",
        "", "\ufeff12345", "\x85 4521", "покази 12 345\x1c", "Д-8432 Н-2917",
    ]
    stdin = "\n".join(lines).encode("utf-8") + b"\n\xff 4521\r\n\xd0 \xd0\n12\xe2\x80"
    done = subprocess.run(
        [sys.executable, str(MAIN), "parse"], input=stdin, capture_output=True, cwd=tmp_path, timeout=30, check=True,
    )
    texts = [line.rstrip("\r") for line in stdin.decode("utf-8", errors="replace").split("\n")]
    expected = "".join(json.dumps(parse(text).to_dict(), ensure_ascii=False) + "\n" for text in texts)
    assert done.stdout.decode("utf-8") == expected


def test_cli_reads_a_line_longer_than_a_chunk(tmp_path: Path) -> None:
    texts = ["сорок тисяч п'ятсот 12 345 " * 10000, "ніч 2917"]  # the last line without a line feed
    done = subprocess.run(
        [sys.executable, str(MAIN), "parse"], input="\n".join(texts).encode("utf-8"), capture_output=True,
        cwd=tmp_path, timeout=60, check=True,
    )
    assert done.stdout.decode("utf-8") == "".join(parse(text).to_json() + "\n" for text in texts)

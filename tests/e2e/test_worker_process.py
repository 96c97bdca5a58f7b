"""On PostgreSQL `serve` answers from a workers' process of its own, which never outlives it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import requires_postgres
from tests.e2e.harness import Burst, ServedBot, all_answered, conversations, eventually, fake_graph, learn_replies, webhook

pytestmark = pytest.mark.anyio

TEXTS = ("Добрий день", "дякую")


def _python_children(bot: ServedBot) -> list[int]:
    """The Python processes `serve` started (the workers' process, multiprocessing's tracker)."""
    return [pid for pid in bot.process_tree()[1:] if "python" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    return status != "Z"


@requires_postgres
async def test_the_workers_process_answers_and_ends_when_serve_is_killed(db: str, tmp_path: Path) -> None:
    async with fake_graph() as graph:
        bot = ServedBot(db, graph.url, tmp_path / "serve.log")
        await bot.start()
        try:
            children = _python_children(bot)
            assert children, "serve started no workers' process"
            async with webhook([bot]) as hook:
                steps = await learn_replies(hook, graph, TEXTS, "learner")
                burst = Burst(conversations(20, TEXTS))
                await burst.run(hook, concurrency=8)
            await eventually(lambda: all_answered(graph, burst, steps), 20.0, "every message answered")
            bot.kill()
            await bot.wait_exit(5.0)
            await eventually(lambda: not any(_alive(pid) for pid in children), 20.0, "the workers' process ended")
        finally:
            await bot.close()

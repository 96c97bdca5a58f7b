"""A black-box harness for the served bot: real `serve` processes, a fake Graph API, signed deliveries.

It relies only on the outward contract (CONTRACT sections 1 to 3): the environment, the
`serve` command, `GET /healthz`, `POST /webhook` with `X-Hub-Signature-256`, and the Send API
calls the bot makes to `{FB_GRAPH_URL}/me/messages`. The end-to-end tests and
`benchmarks/load.py` share it.

- `FakeGraph` runs the Send API on a free local port in the caller's event loop, checks the
  page token and `appsecret_proof` of every call, records each accepted message with its
  arrival time, and fails on demand (HTTP 500, error 613, or refused connections).
- `ServedBot` runs `python main.py serve` as a subprocess and can stop it with SIGTERM or
  SIGKILL; its output goes to a log file.
- `Webhook` posts signed Meta-shaped deliveries to one or several bots.
- `replies_match` tells whether the replies a recipient got are the expected ones, allowing
  a reply to repeat where a process died between the Send API's answer and its record.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import uvicorn

from tests.e2e.rawhttp import RawClient, RequestFailed
from tests.servers import asgi_body, free_port, until_healthy

REPO = Path(__file__).resolve().parents[2]
APP_SECRET = "e2e-app-secret"
VERIFY_TOKEN = "e2e-verify-token"
PAGE_TOKEN = "e2e-page-token"
PAGE_ID = "100000000000001"
GRAPH_VERSION = "v25.0"


def signature(app_secret: str, body: bytes) -> str:
    """The `X-Hub-Signature-256` value Meta sends with `body`."""
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def appsecret_proof(app_secret: str, token: str) -> str:
    """The Graph API `appsecret_proof` of `token`: HMAC-SHA256 keyed by the app secret, hex."""
    return hmac.new(app_secret.encode(), token.encode(), hashlib.sha256).hexdigest()


def text_delivery(psid: str, mid: str, text: str) -> bytes:
    """A delivery of one text message from `psid`, as Meta posts it."""
    now = int(time.time() * 1000)
    event = {
        "sender": {"id": psid},
        "recipient": {"id": PAGE_ID},
        "timestamp": now,
        "message": {"mid": mid, "text": text},
    }
    delivery = {"object": "page", "entry": [{"id": PAGE_ID, "time": now, "messaging": [event]}]}
    return json.dumps(delivery, ensure_ascii=False).encode()


class Outage(Enum):
    """How the fake Graph API fails while `FakeGraph.outage` is set."""

    SERVER_ERROR = "server error"
    RATE_LIMITED = "rate limited"


@dataclass(frozen=True)
class SentReply:
    """One Send API call the fake accepted: to whom, what (text or sender action), when."""

    recipient: str
    text: str
    at: float


@dataclass
class FakeGraph:
    """The Send API of one page on 127.0.0.1; `stop()` makes it refuse connections until `start()`."""

    page_token: str = PAGE_TOKEN
    app_secret: str = APP_SECRET
    latency: float = 0.0
    slow: dict[str, float] = field(default_factory=dict)
    """Recipients whose calls take their own time in seconds, instead of `latency`."""
    outage: Outage | None = None
    replies: list[SentReply] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    refused_calls: int = 0
    port: int = field(default_factory=free_port)
    _server: uvicorn.Server | None = None
    _task: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        """The value for `FB_GRAPH_URL`."""
        return f"http://127.0.0.1:{self.port}/{GRAPH_VERSION}"

    async def start(self) -> None:
        """Listen on `port` (the same port after a `stop()`)."""
        config = uvicorn.Config(self._app, host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="off", ws="none", backlog=4096, interface="asgi3")
        self._server = uvicorn.Server(config)
        self._task = asyncio.create_task(self._server.serve())
        while not self._server.started:
            if self._task.done():
                self._task.result()
            await asyncio.sleep(0.01)

    async def stop(self) -> None:
        """Close the port: calls are refused until `start()`."""
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task
            self._server = self._task = None

    def by_recipient(self) -> dict[str, list[str]]:
        """The texts each recipient got, in the order they arrived."""
        texts: dict[str, list[str]] = {}
        for reply in self.replies:
            texts.setdefault(reply.recipient, []).append(reply.text)
        return texts

    async def _app(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """A bare ASGI app, so the fake costs the load generator's process little CPU."""
        if scope["type"] != "http":
            return
        if scope["method"] != "POST" or scope["path"] != f"/{GRAPH_VERSION}/me/messages":
            await _respond(send, 404, {"error": {"message": "unknown path", "code": 803}})
            return
        body = await asgi_body(receive)
        status, answer = await self._answer(parse_qs(scope["query_string"].decode()), json.loads(body))
        await _respond(send, status, answer)

    async def _answer(self, params: dict[str, list[str]], body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        problems = self._auth_problems(params)
        if problems:
            self.violations.extend(problems)
            return _graph_error(400, 190, "; ".join(problems))
        recipient = str(body.get("recipient", {}).get("id", ""))
        latency = self.slow.get(recipient, self.latency)
        if latency:
            await asyncio.sleep(latency)
        if self.outage is Outage.SERVER_ERROR:
            self.refused_calls += 1
            return _graph_error(500, 2, "Service temporarily unavailable")
        if self.outage is Outage.RATE_LIMITED:
            self.refused_calls += 1
            return _graph_error(400, 613, "Calls to this api have exceeded the rate limit.")
        self.replies.append(SentReply(recipient, _text_of(body), time.monotonic()))
        return 200, {"recipient_id": recipient, "message_id": f"m_{len(self.replies)}"}

    def _auth_problems(self, params: dict[str, list[str]]) -> list[str]:
        problems = []
        if params.get("access_token") != [self.page_token]:
            problems.append("wrong or missing access_token")
        if params.get("appsecret_proof") != [appsecret_proof(self.app_secret, self.page_token)]:
            problems.append("wrong or missing appsecret_proof")
        return problems


def _text_of(body: dict[str, Any]) -> str:
    message = body.get("message")
    if isinstance(message, dict) and isinstance(message.get("text"), str):
        return str(message["text"])
    return f"<{body.get('sender_action', 'no text')}>"


def _graph_error(status: int, code: int, message: str) -> tuple[int, dict[str, Any]]:
    return status, {"error": {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "fake"}}


async def _respond(send: Any, status: int, answer: dict[str, Any]) -> None:
    await send({"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": json.dumps(answer).encode()})


@asynccontextmanager
async def fake_graph(latency: float = 0.0) -> AsyncIterator[FakeGraph]:
    """A started `FakeGraph`, stopped on exit."""
    graph = FakeGraph(latency=latency)
    await graph.start()
    try:
        yield graph
    finally:
        await graph.stop()


class ServedBot:
    """One `python main.py serve` process on a free port; its output goes to `log_path`."""

    def __init__(self, database_url: str, graph_url: str, log_path: Path, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "FB_APP_SECRET": APP_SECRET,
            "FB_VERIFY_TOKEN": VERIFY_TOKEN,
            "FB_PAGE_ACCESS_TOKEN": PAGE_TOKEN,
            "FB_GRAPH_URL": graph_url,
            "PYTHONUNBUFFERED": "1",
            **(env or {}),
        }
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        """The process id of the running `serve`."""
        assert self._process is not None, "the bot is not started"
        return self._process.pid

    async def start(self, timeout: float = 30.0) -> None:
        """Start `serve` and return once `GET /healthz` answers 200."""
        command = [sys.executable, "main.py", "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(command, cwd=REPO, env=self._env, stdout=log,
                                             stderr=subprocess.STDOUT)
        async with httpx.AsyncClient(timeout=1.0) as client:
            try:
                await until_healthy(client, self.url, timeout, self._still_running)
            except TimeoutError:
                raise TimeoutError(f"serve did not become healthy in {timeout} s: {self.log_tail()}") from None

    def _still_running(self) -> None:
        assert self._process is not None, "the bot is not started"
        if self._process.poll() is not None:
            raise RuntimeError(f"serve exited with {self._process.returncode}: {self.log_tail()}")

    def kill(self) -> None:
        """SIGKILL: the process dies at once, whatever it was doing."""
        self._signal(signal.SIGKILL)

    def terminate(self) -> None:
        """SIGTERM: ask the process to shut down gracefully."""
        self._signal(signal.SIGTERM)

    async def wait_exit(self, timeout: float) -> int:
        """The exit code, once the process has ended; raises `TimeoutError` after `timeout` s."""
        assert self._process is not None, "the bot is not started"
        deadline = time.monotonic() + timeout
        while self._process.poll() is None:
            if time.monotonic() > deadline:
                raise TimeoutError(f"serve still runs after {timeout} s")
            await asyncio.sleep(0.02)
        return self._process.returncode

    async def close(self) -> None:
        """Make sure the process is gone (SIGKILL when it does not stop on SIGTERM)."""
        if self._process is None or self._process.poll() is not None:
            return
        self.terminate()
        try:
            await self.wait_exit(15.0)
        except TimeoutError:
            self.kill()
            await self.wait_exit(5.0)

    def peak_rss_kib(self) -> int:
        """The largest peak resident memory (VmHWM) in KiB of `serve` and its child processes
        (the workers' process on PostgreSQL), read while they run."""
        return max(peak_rss_kib(pid) for pid in self.process_tree())

    def cpu_seconds(self) -> float:
        """The CPU time (user and system) that `serve` and its child processes have used so far."""
        total = 0.0
        for pid in self.process_tree():
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def process_tree(self) -> list[int]:
        """The process ids of `serve` and of its children, and theirs."""
        return process_tree(self.pid)

    def log_tail(self, lines: int = 30) -> str:
        """The last lines of the process's output, for failure messages."""
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def _signal(self, number: signal.Signals) -> None:
        assert self._process is not None, "the bot is not started"
        if self._process.poll() is None:
            self._process.send_signal(number)


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants: the children that any of its threads started, and theirs."""
    tree, index = [pid], 0
    while index < len(tree):
        for children in Path(f"/proc/{tree[index]}/task").glob("*/children"):
            tree += [int(child) for child in children.read_text().split()]
        index += 1
    return tree


def peak_rss_kib(pid: int) -> int:
    """The peak resident memory (VmHWM) of a running process, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc status")


@asynccontextmanager
async def served_bots(count: int, database_url: str, graph_url: str, logs: Path,
                      env: dict[str, str] | None = None) -> AsyncIterator[list[ServedBot]]:
    """`count` started `serve` processes on one database; all are stopped on exit."""
    bots = [ServedBot(database_url, graph_url, logs / f"serve-{index}.log", env) for index in range(count)]
    try:
        for bot in bots:
            await bot.start()
        yield bots
    finally:
        await asyncio.gather(*(bot.close() for bot in bots))


@dataclass(frozen=True)
class Message:
    """One text message a sender sends."""

    psid: str
    mid: str
    text: str


class Webhook:
    """Posts signed deliveries to the bots' `POST /webhook`, spreading them round-robin."""

    def __init__(self, urls: Sequence[str], app_secret: str = APP_SECRET) -> None:
        self._client = RawClient()
        self._urls = list(urls)
        self._secret = app_secret
        self._next = 0

    async def post(self, body: bytes, headers: dict[str, str] | None = None, url: str | None = None) -> int | None:
        """POST `body` signed (unless `headers` are given); the status, or None when the request failed."""
        target = url or self._pick()
        sent = headers if headers is not None else {"X-Hub-Signature-256": signature(self._secret, body)}
        try:
            return await self._client.post(target + "/webhook", body, {"Content-Type": "application/json", **sent})
        except RequestFailed:
            return None

    async def send(self, message: Message) -> bool:
        """Deliver `message`; True when a bot acknowledged it with 200."""
        return await self.post(text_delivery(message.psid, message.mid, message.text)) == 200

    async def aclose(self) -> None:
        """Close the connections."""
        await self._client.aclose()

    def _pick(self) -> str:
        url = self._urls[self._next % len(self._urls)]
        self._next += 1
        return url


@asynccontextmanager
async def webhook(bots: Sequence[ServedBot]) -> AsyncIterator[Webhook]:
    """A `Webhook` to `bots`, closed on exit."""
    hook = Webhook([bot.url for bot in bots])
    try:
        yield hook
    finally:
        await hook.aclose()


@dataclass
class Burst:
    """Conversations sent at once: each sender's messages in order, senders concurrently.

    A sender stops at its first message that is not acknowledged (its later ones are never
    sent), so every acknowledged message follows only acknowledged ones of its sender.
    """

    conversations: dict[str, list[Message]]
    acknowledged: dict[str, list[Message]] = field(default_factory=dict)
    sent_at: dict[str, float] = field(default_factory=dict)
    acknowledged_at: dict[str, float] = field(default_factory=dict)

    @property
    def acknowledged_count(self) -> int:
        """How many messages were acknowledged so far."""
        return sum(len(messages) for messages in self.acknowledged.values())

    async def run(self, webhook: Webhook, concurrency: int) -> None:
        """Send every conversation, at most `concurrency` requests in flight."""
        gate = asyncio.Semaphore(concurrency)
        await asyncio.gather(*(self._converse(webhook, gate, messages) for messages in self.conversations.values()))

    async def _converse(self, webhook: Webhook, gate: asyncio.Semaphore, messages: list[Message]) -> None:
        for message in messages:
            async with gate:
                self.sent_at[message.mid] = time.monotonic()
                if not await webhook.send(message):
                    return
                self.acknowledged_at[message.mid] = time.monotonic()
            self.acknowledged.setdefault(message.psid, []).append(message)


def conversations(senders: int, texts: Sequence[str], prefix: str = "e2e") -> dict[str, list[Message]]:
    """`senders` distinct senders, each sending `texts` in order, with unique mids."""
    psids = [f"{prefix}-{index:06d}" for index in range(senders)]
    return {psid: [Message(psid, f"m-{psid}-{step}", text) for step, text in enumerate(texts)] for psid in psids}


async def learn_replies(webhook: Webhook, graph: FakeGraph, texts: Sequence[str], psid: str,
                        quiet: float = 0.5, timeout: float = 20.0) -> list[list[str]]:
    """The replies a new sender gets to each of `texts` in turn, learnt by talking to the bot.

    After each message it waits for a first reply and then for `quiet` seconds without another.
    """
    steps: list[list[str]] = []
    for step, text in enumerate(texts):
        before = len(graph.by_recipient().get(psid, []))
        assert await webhook.send(Message(psid, f"m-{psid}-learn-{step}", text)), "the bot refused a delivery"
        await wait_quiet(graph, lambda seen=before: len(graph.by_recipient().get(psid, [])) > seen, quiet, timeout)
        steps.append(graph.by_recipient()[psid][before:])
    return steps


async def eventually(condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Wait until `condition()` holds; raises `TimeoutError` naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not within {timeout} s")
        await asyncio.sleep(0.05)


def all_answered(graph: FakeGraph, burst: Burst, steps: Sequence[Sequence[str]]) -> bool:
    """Whether every sender got at least the replies to its acknowledged messages."""
    got = graph.by_recipient()
    return all(
        len(got.get(psid, [])) >= len(expected_replies(steps, len(messages)))
        for psid, messages in burst.acknowledged.items()
    )


def handled_counts(burst: Burst) -> dict[str, set[int]]:
    """How many messages of each sender of `burst` the bot may have stored: its acknowledged
    ones, or one more (a message stored but not acknowledged before a crash)."""
    counts = {}
    for psid, messages in burst.conversations.items():
        acknowledged = len(burst.acknowledged.get(psid, []))
        counts[psid] = {acknowledged, min(acknowledged + 1, len(messages))}
    return counts


def reply_counts(burst: Burst, steps: Sequence[Sequence[str]]) -> dict[str, set[int]]:
    """How many replies each sender of `burst` may have had stored."""
    return {
        psid: {len(expected_replies(steps, count)) for count in counts}
        for psid, counts in handled_counts(burst).items()
    }


async def wait_quiet(graph: FakeGraph, done: Callable[[], bool], quiet: float, timeout: float) -> None:
    """Wait until `done()` holds and no reply has arrived for `quiet` seconds; raises `TimeoutError`."""
    deadline = time.monotonic() + timeout
    while True:
        last = graph.replies[-1].at if graph.replies else 0.0
        if done() and time.monotonic() - last >= quiet:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"replies did not settle in {timeout} s")
        await asyncio.sleep(0.05)


def expected_replies(steps: Sequence[Sequence[str]], messages: int) -> list[str]:
    """The replies to the first `messages` messages of a conversation, as learnt in `steps`."""
    return [text for step in steps[:messages] for text in step]


def repeats(received: Sequence[str], expected: Sequence[str]) -> int | None:
    """How many replies of `received` are immediate repeats, when it is `expected` with some
    replies repeated once in place; None when it is not.

    A repeat is what a process killed between the Send API's success and its record leaves.
    """
    # The j in `reachable`: the replies read so far are `expected[:j]` with repeats.
    reachable = {0}
    for text in received:
        reachable = {j + 1 for j in reachable if j < len(expected) and expected[j] == text} | {
            j for j in reachable if j > 0 and expected[j - 1] == text
        }
    return len(received) - len(expected) if len(expected) in reachable else None


def replies_match(graph: FakeGraph, burst: Burst, steps: Sequence[Sequence[str]],
                  may_repeat: bool) -> tuple[list[str], int]:
    """Check the replies every sender of `burst` got against the learnt `steps`.

    Returns the problems and the number of repeated replies; repeats are problems unless
    `may_repeat`.
    """
    got = graph.by_recipient()
    problems: list[str] = []
    total = 0
    for psid, counts in handled_counts(burst).items():
        found = [repeats(got.get(psid, []), expected_replies(steps, count)) for count in sorted(counts)]
        allowed = [count for count in found if count is not None and (may_repeat or count == 0)]
        if allowed:
            total += min(allowed)
        else:
            problems.append(f"{psid}: {sorted(counts)} messages stored, replies {_labels(got.get(psid, []), steps)}")
    return problems, total


def _labels(received: Sequence[str], steps: Sequence[Sequence[str]]) -> str:
    """`received` in short: each reply as the number of the message it answers in `steps` ("?" if none)."""
    known = {text: str(step + 1) for step in reversed(range(len(steps))) for text in steps[step]}
    return " ".join(known.get(text, "?") for text in received)

"""A person on Messenger: the thread goes to Page Inbox, the bot keeps quiet until it comes back."""

from __future__ import annotations

import dataclasses

import httpx
import pytest

from settings import Settings
from tests.messenger.door import SECRET, SETTINGS
from tests.messenger.fake_graph import FakeGraph
from tests.messenger.harness import delivery, event, post_delivery, postback_event, running_bot, text_event

pytestmark = pytest.mark.anyio

PSID = "4242"


def _texts(graph: FakeGraph) -> list[str]:
    return [body["message"]["text"] for body in graph.messages if body["recipient"]["id"] == PSID]


async def _ask_for_a_person(graph: FakeGraph, settings: Settings, *after: dict[str, object]) -> None:
    """Ask for a person, then post the deliveries `after`, each once the previous was answered."""
    async with httpx.AsyncClient(transport=graph.transport()) as http:
        async with running_bot(settings, http_client=http) as (client, workers):
            for body in (delivery(text_event(PSID, "m_1", "Оператор")), *after):
                assert (await post_delivery(client, SECRET, body)).status_code == 200
                await workers.wait_idle()


async def test_the_thread_passes_to_page_inbox_after_the_reply(db: str) -> None:
    graph = FakeGraph(SETTINGS.page_access_token, SECRET)
    await _ask_for_a_person(graph, Settings(database_url=db, messenger=SETTINGS))
    assert graph.passes == [
        {"recipient": {"id": PSID}, "target_app_id": "263902037430900", "metadata": "customer asked for a person"}
    ]
    assert len(_texts(graph)) == 1 and "оператору" in _texts(graph)[0]
    assert graph.violations == []


async def test_the_bot_is_silent_in_standby_and_answers_once_the_thread_is_back(db: str) -> None:
    graph = FakeGraph(SETTINGS.page_access_token, SECRET)
    settings = Settings(database_url=db, messenger=dataclasses.replace(SETTINGS, handover_app_id="777"))
    in_standby = delivery(standby=(text_event(PSID, "m_2", "Допомога"),))
    returned = delivery(event(PSID, pass_thread_control={"new_owner_app_id": "123", "metadata": "done"}))
    again = delivery(postback_event(PSID, "m_3", "HELP"))
    await _ask_for_a_person(graph, settings, in_standby)
    assert graph.passes[0]["target_app_id"] == "777" and len(_texts(graph)) == 1
    await _ask_for_a_person(graph, settings, returned, again)
    assert len(_texts(graph)) == 2 and "Як передати показники" in _texts(graph)[-1]


async def test_a_refused_pass_gives_the_phone_lines(db: str) -> None:
    graph = FakeGraph(SETTINGS.page_access_token, SECRET)
    graph.refuse_passes = True
    await _ask_for_a_person(graph, Settings(database_url=db, messenger=SETTINGS))
    assert graph.passes == []
    texts = _texts(graph)
    assert len(texts) == 2 and "0-800-301-497" in texts[1] and "450 0 473" in texts[1]

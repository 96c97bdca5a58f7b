"""`GET /metrics`: the Prometheus exposition, counted from the database, no personal data."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.channels.dialogue import Customer, load_registry
from tests.messenger.door import messenger_door
from tests.photos.reader import warmed_up
from tests.photos.synthetic import meter_photo

pytestmark = pytest.mark.anyio


def _samples(text: str) -> dict[str, float]:
    return {
        f"{sample.name}{sorted(sample.labels.items()) if sample.labels else ''}": sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def test_metrics_count_events_readings_refusals_and_latency(db: str) -> None:
    await load_registry()
    async with messenger_door(db) as door:
        customer = Customer(door, sender="31337")
        await customer.links("1234567", "Шевченко")
        await customer.says("100")  # below the last reading: refused
        await customer.says("12345")
        await warmed_up()
        await customer.sends_photo(meter_photo(5, "drum", hard=False, value="012400").jpeg)
        await customer.taps_title("Так")
        answer = await door.client.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain; version=")
    samples = _samples(answer.text)
    assert samples["bot_events_received_total[('channel', 'messenger')]"] == 6
    assert samples["bot_readings_accepted_total[('channel', 'messenger')]"] == 2
    assert samples["bot_readings_from_photos_total[('channel', 'messenger')]"] == 1
    assert sum(value for name, value in samples.items() if name.startswith("bot_readings_refused_total")) == 1
    assert samples["bot_inbox_pending"] == 0 and samples["bot_outbox_pending"] == 0
    assert samples["bot_reply_latency_seconds_count"] == samples["bot_reply_latency_seconds_bucket[('le', '+Inf')]"]
    assert samples["bot_reply_latency_seconds_count"] >= 4
    assert "31337" not in answer.text and "1234567" not in answer.text and "Шевченко" not in answer.text


async def test_failed_sends_are_counted_once_per_message(db: str) -> None:
    from tests.messenger.fake_graph import Failure

    async with messenger_door(db) as door:
        door.graph.fail_next(Failure(status=400, code=100), times=1)
        await Customer(door, sender="7").says("Привіт")
        text = (await door.client.get("/metrics")).text
    assert _samples(text)["bot_sends_failed_total[('channel', 'messenger')]"] == 1

"""`GET /metrics`: the Prometheus text exposition, computed from the database at each scrape.

Counters are counts of rows that are never deleted (events keep their row when retention
empties it, readings stay, refusals and failures are rows of their own), gauges are counts of
pending rows, and the latency histogram is a table every sender worker adds to. So the figures
are the same whichever process or instance answers the scrape, and survive restarts: scrape
one instance (or the load balancer), not each one, and do not sum across instances. No label
holds personal data: only channel names and refusal reasons.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response

from console import figures


class _Snapshot(Collector):
    """Metric families already read from the database (collectors cannot await)."""

    def __init__(self, families: list[Metric]) -> None:
        self._families = families

    def collect(self) -> Iterator[Metric]:
        yield from self._families


def _counter(name: str, documentation: str, label: str, values: dict[str, int]) -> Metric:
    family = CounterMetricFamily(name, documentation, labels=[label])
    for value, count in sorted(values.items()):
        family.add_metric([value], count)
    return family


async def families() -> list[Metric]:
    """Every metric the service exposes, read now."""
    buckets, total = await figures.reply_latency()
    latency = HistogramMetricFamily(
        "bot_reply_latency_seconds", "Seconds from a message's arrival to its reply reaching the platform."
    )
    latency.add_metric([], buckets, total)
    return [
        _counter("bot_events_received", "Events stored by the webhooks.", "channel", await figures.events_received()),
        _counter("bot_readings_accepted", "Readings accepted.", "channel", await figures.readings_accepted()),
        _counter("bot_readings_from_photos", "Readings accepted that were read from a photo and confirmed.", "channel",
                 await figures.readings_from_photos()),
        _counter("bot_readings_refused", "Readings refused, by the check they failed.", "reason",
                 await figures.readings_refused()),
        _counter("bot_sends_failed", "Replies that failed for good.", "channel", await figures.sends_failed()),
        GaugeMetricFamily("bot_inbox_pending", "Events waiting to be answered.", value=await figures.inbox_pending()),
        GaugeMetricFamily("bot_outbox_pending", "Replies waiting to be sent.", value=await figures.outbox_pending()),
        latency,
    ]


async def metrics(request: Request) -> Response:
    """`GET /metrics`."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_Snapshot(await families()))
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

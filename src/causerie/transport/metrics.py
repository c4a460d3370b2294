"""Prometheus metrics, one registry per app (so tests can run many apps)."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from causerie.realtime.hub import Hub

_LATENCY_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.connections = Gauge(
            "causerie_ws_connections",
            "Open WebSocket connections on this node",
            registry=self.registry,
        )
        self.messages = Counter(
            "causerie_messages_sent", "Messages accepted and stored", registry=self.registry
        )
        self.send_to_ack = Histogram(
            "causerie_send_to_ack_seconds",
            "From a send frame to its durable ack",
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.send_to_delivery = Histogram(
            "causerie_send_to_delivery_seconds",
            "From a send's arrival (the message's time) to its frame written to this "
            "node's members; on other nodes it includes the broker hop",
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self._hub_collector: HubCollector | None = None
        self.http_requests = Counter(
            "causerie_http_requests",
            "HTTP requests by status class",
            ["status"],
            registry=self.registry,
        )

    def watch_hub(self, hub: Hub) -> None:
        """Expose ``hub``'s counters (once per app; a restart replaces them)."""
        if self._hub_collector is not None:
            self.registry.unregister(self._hub_collector)
        self._hub_collector = HubCollector(hub)
        hub.observe_delivery = self.send_to_delivery.observe
        self.registry.register(self._hub_collector)


class HubCollector(Collector):
    """The hub's own counters, read at scrape time (the hot path only adds
    integers; no metric objects on the per-recipient loop)."""

    def __init__(self, hub: Hub) -> None:
        self._hub = hub

    def collect(self) -> Iterator[Metric]:
        stats = self._hub.stats
        for name, value, text in (
            ("causerie_deliveries", stats.deliveries, "Message frames handed to connections"),
            ("causerie_withheld", stats.withheld, "Withheld frames (blocks) handed out"),
            ("causerie_gap_fills", stats.gap_fills, "Gaps read back from the database"),
            ("causerie_slow_disconnects", stats.slow_disconnects, "Connections closed 4008"),
        ):
            yield CounterMetricFamily(name, text, value=value)
        yield GaugeMetricFamily(
            "causerie_hub_connections",
            "Connections registered in this hub",
            value=self._hub.connection_count,
        )
        yield GaugeMetricFamily(
            "causerie_hub_rooms", "Rooms with local subscribers", value=self._hub.room_count
        )
        yield GaugeMetricFamily(
            "causerie_outbox_frames", "Frames queued in all outboxes", value=self._hub.queued
        )
        yield GaugeMetricFamily(
            "causerie_outbox_bytes",
            "Bytes written to sockets and not yet taken by the kernel (direct path)",
            value=self._hub.buffered,
        )

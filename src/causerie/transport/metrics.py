"""Prometheus metrics, one registry per app (so tests can run many apps)."""

from __future__ import annotations

import hmac
from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from causerie.ports import BrokerSource, FilterSource, WriterSource
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
        self.broker_lag = Histogram(
            "causerie_broker_lag_seconds",
            "From this node queueing an event for Redis to this node receiving it back",
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.db_transactions = Histogram(
            "causerie_db_transaction_seconds",
            "Database transactions by name (the function that opened it): from asking "
            "for the unit of work (SQLite writers queue for the lock) to its commit or "
            "rollback",
            ["name", "write"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self._hub_collector: HubCollector | None = None
        self._pipeline_collector: PipelineCollector | None = None
        self.http_requests = Counter(
            "causerie_http_requests",
            "HTTP requests by status class",
            ["status"],
            registry=self.registry,
        )

    def watch_pipeline(
        self, writer: WriterSource, message_filter: FilterSource, broker: object
    ) -> None:
        """Expose the group commit's queue, the filter's verdicts and, for a
        broker that reports them (Redis), its counters and lag."""
        if self._pipeline_collector is not None:
            self.registry.unregister(self._pipeline_collector)
        source = broker if isinstance(broker, BrokerSource) else None
        if source is not None:
            source.observe_lag = self.broker_lag.observe
        self._pipeline_collector = PipelineCollector(writer, message_filter, source)
        self.registry.register(self._pipeline_collector)

    def observe_transaction(self, name: str, write: bool, seconds: float) -> None:
        """One transaction's latency (storage.uow.TransactionTiming)."""
        self.db_transactions.labels(name=name, write="true" if write else "false").observe(seconds)

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


class PipelineCollector(Collector):
    """The send path's queues and decisions, read at scrape time."""

    def __init__(
        self, writer: WriterSource, message_filter: FilterSource, broker: BrokerSource | None
    ) -> None:
        self._writer = writer
        self._filter = message_filter
        self._broker = broker

    def collect(self) -> Iterator[Metric]:
        writer = self._writer
        yield GaugeMetricFamily(
            "causerie_commit_queue", "Sends waiting for the next group commit", value=writer.pending
        )
        yield CounterMetricFamily(
            "causerie_commit_batches", "Group-commit transactions", value=writer.batches
        )
        yield CounterMetricFamily(
            "causerie_commit_replays",
            "Batches that failed and were replayed send by send",
            value=writer.replayed_batches,
        )
        verdicts = CounterMetricFamily(
            "causerie_filter_verdicts", "Safety filter decisions", labels=["decision"]
        )
        for decision in ("allow", "mask", "hold", "block"):
            verdicts.add_metric([decision], self._filter.verdicts.get(decision, 0))
        yield verdicts
        broker = self._broker
        if broker is None:
            return
        yield GaugeMetricFamily(
            "causerie_broker_queue", "Envelopes waiting to go to Redis", value=broker.queued
        )
        stats = broker.stats
        for name, value, text in (
            ("causerie_broker_published", stats.published, "Envelopes queued for Redis"),
            ("causerie_broker_received", stats.received, "Envelopes received from Redis"),
            ("causerie_broker_dropped", stats.dropped, "Envelopes dropped (queue full)"),
            ("causerie_broker_resyncs", stats.resyncs, "Resyncs after lost envelopes"),
            (
                "causerie_broker_decoded",
                stats.decoded,
                "Envelopes decoded for this node's hub (shared channel and watched rooms)",
            ),
        ):
            yield CounterMetricFamily(name, text, value=value)


def operator_may_read(
    scope_server: tuple[str, int] | None,
    authorization: str | None,
    token: str | None,
    operator_port: int | None,
) -> bool:
    """Whether a request may read ``/metrics``: it arrived on the operator
    listener (``--metrics-port``; the socket it came through, not a header,
    decides) or carries ``Authorization: Bearer <CAUSERIE_METRICS_TOKEN>``.
    Everyone else gets 404, as if there were nothing there: the figures
    describe the service's load and its members' activity."""
    if operator_port is not None and scope_server is not None and scope_server[1] == operator_port:
        return True
    if not token or not authorization or authorization[:7].lower() != "bearer ":
        return False
    return hmac.compare_digest(authorization[7:].strip().encode(), token.encode())

"""Prometheus metrics, one registry per app (so tests can run many apps)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

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
        self.http_requests = Counter(
            "causerie_http_requests",
            "HTTP requests by status class",
            ["status"],
            registry=self.registry,
        )

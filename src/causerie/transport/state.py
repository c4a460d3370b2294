"""The app's state, typed: what ``create_app`` and its lifespan start, as
the transport reads it (``state_of(request.app).deps``) instead of untyped
attributes of Starlette's ``app.state`` bag."""

from __future__ import annotations

from prometheus_client import CollectorRegistry
from starlette.datastructures import State
from starlette.types import ASGIApp

from causerie.ports import MemberDirectory
from causerie.realtime.node import Node
from causerie.services.deps import Deps
from causerie.services.filter_tally import TallyKeeper
from causerie.services.nearby import ConnectedSeen
from causerie.services.risk import RiskMonitor
from causerie.transport.metrics import Metrics


class CauserieState(State):
    """``app.state`` of a Causerie app. ``metrics`` exist from
    ``create_app``; the rest from the lifespan's start (reading them
    earlier raises ``AttributeError``, as Starlette's bag did)."""

    metrics: Metrics
    metrics_registry: CollectorRegistry
    deps: Deps
    node: Node
    risk: RiskMonitor
    nearby: MemberDirectory
    connected_seen: ConnectedSeen
    filter_tally: TallyKeeper


def state_of(app: ASGIApp) -> CauserieState:
    """The typed state of the Causerie app serving a request."""
    state = getattr(app, "state", None)
    if not isinstance(state, CauserieState):
        raise RuntimeError("not a Causerie app (create_app sets a CauserieState)")
    return state

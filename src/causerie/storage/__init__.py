"""Persistence over SQLAlchemy 2 async, for SQLite (embedded default) and
PostgreSQL. The only package that imports SQLAlchemy: everything else sees
the ports of ``causerie.ports`` and the domain dataclasses.

``app.py`` wiring::

    await upgrade(url)                      # create or migrate the schema
    engine = make_engine(url)
    uow_factory = make_uow_factory(engine)  # causerie.ports.UnitOfWorkFactory
    ...
    await engine.dispose()
"""

from __future__ import annotations

from causerie.storage.engine import async_url, make_engine
from causerie.storage.migrate import current_revision, head_revision, upgrade, upgrade_sync
from causerie.storage.uow import SqlUnitOfWork, make_uow_factory

__all__ = [
    "SqlUnitOfWork",
    "async_url",
    "current_revision",
    "head_revision",
    "make_engine",
    "make_uow_factory",
    "upgrade",
    "upgrade_sync",
]

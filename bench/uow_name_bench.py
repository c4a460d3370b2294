"""What naming a transaction by its caller costs (storage/uow.py).

    .venv/bin/python bench/uow_name_bench.py [--number 200000] [--repeat 7]

A unit of work opened without ``name=`` is named by ``caller_name``, a
``sys._getframe`` walk of two frames, for the latency histogram
(``causerie_db_transaction_seconds``). This prints, best of ``--repeat``
rounds, the nanoseconds of ``caller_name`` alone and of opening a unit of
work (not entering it: no connection) with and without a name. Divide by
the transactions per message (docs/benchmarks.md, "Naming transactions")
for its share of the message path."""

from __future__ import annotations

import argparse
import sys
import timeit
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from sqlalchemy.ext.asyncio import create_async_engine

from causerie.storage.uow import SqlUnitOfWorkFactory, caller_name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--number", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    factory = SqlUnitOfWorkFactory(create_async_engine("sqlite+aiosqlite:///:memory:"))

    def opened_named() -> object:
        return factory(write=True, name="storage.group_commit.GroupCommit._commit_batch")

    def opened_by_caller() -> object:
        return factory(write=True)

    cases: list[tuple[str, Callable[[], object]]] = [
        ("caller_name()", lambda: caller_name(1)),
        ("factory(write=True)  (frame walk)", opened_by_caller),
        ("factory(write=True, name=...)", opened_named),
    ]
    for label, case in cases:
        best = min(timeit.repeat(case, number=args.number, repeat=args.repeat)) / args.number
        print(f"{label:36s} {best * 1e9:7.0f} ns")


if __name__ == "__main__":
    main()

"""Group commit: concurrent sends share transactions, a refused message in a
batch undoes only itself, and seqs stay gapless."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest

from causerie.domain.errors import CauserieError
from causerie.domain.models import Viewer
from causerie.services.access import load_viewer
from causerie.services.deps import Deps
from causerie.services.messages import Held, Sent, submit
from causerie.storage.batch_uow import BatchUnitOfWork
from causerie.storage.group_commit import GroupCommit
from tests.harness import Server, room_for_band, set_trust, signup


async def send_message(deps: Deps, viewer: Viewer, room: str, client_id: str, text: str) -> Sent:
    """One send through the message path, waited for until its commit."""
    outcome = await (await submit(deps, viewer, room, client_id, text))
    assert not isinstance(outcome, Held)
    return outcome


async def test_concurrent_sends_share_commits_and_refusals_stay_isolated(server: Server) -> None:
    deps = server.app.state.deps
    adults = [await signup(server) for _ in range(3)]
    teen = await signup(server, age=16)
    for member in (*adults, teen):
        await set_trust(server, member.id, 2)
    room = await room_for_band(adults[0])
    teen_room = await room_for_band(teen)
    assert room != teen_room

    write_uows = 0
    real_factory = deps.uow

    def counting_factory(*, write: bool = False) -> Any:
        nonlocal write_uows
        write_uows += write
        return real_factory(write=write)

    deps.uow = counting_factory
    try:
        async with real_factory() as uow:
            viewers = [await load_viewer(uow, (await uow.users.get(m.id))) for m in (*adults, teen)]  # type: ignore[arg-type]

        async def one(index: int) -> Any:
            viewer = viewers[index % 4]
            target = teen_room if index % 4 == 3 else room
            if index % 10 == 0:
                target = teen_room if viewer.id != teen.id else room  # the other band: refused
            return await send_message(deps, viewer, target, f"c{index}", f"message {index}")

        results = await asyncio.gather(*(one(i) for i in range(40)), return_exceptions=True)
    finally:
        deps.uow = real_factory

    refused = [r for r in results if isinstance(r, Exception)]
    assert refused and all(isinstance(r, CauserieError) and r.code == "not_found" for r in refused)
    stored = [r.message for r in results if not isinstance(r, Exception)]
    by_room: dict[str, list[int]] = {}
    for message in stored:
        by_room.setdefault(message.room_id, []).append(message.seq)
    for seqs in by_room.values():
        assert sorted(seqs) == list(range(1, len(seqs) + 1))
    assert len(stored) + len(refused) == 40
    # Fewer write transactions than messages: commits were shared.
    assert write_uows < len(stored)


@pytest.mark.parametrize("count", [1, 5])
async def test_each_ack_follows_its_own_commit(server: Server, count: int) -> None:
    member = await signup(server, trust=2)
    room = await room_for_band(member)
    ws = await member.ws()
    await ws.join(room)
    for i in range(count):
        await ws.send_text(room, f"hello {i}", f"k{i}")
    acks = []
    while len(acks) < count:
        frame = await ws.recv()
        if frame["type"] == "ack":
            acks.append(frame)
            history = (await member.http.get(f"/api/v1/rooms/{room}/messages")).json()
            assert frame["id"] in {m["id"] for m in history["messages"]}
    assert sorted(a["seq"] for a in acks) == list(range(1, count + 1))


async def test_one_connection_pipelines_its_sends_in_order(server: Server) -> None:
    """A client need not wait for each ack: its sends share commits and
    still take seqs in the order it sent them."""
    writer = server.app.state.deps.writer
    member = await signup(server, trust=2)
    room = await room_for_band(member)
    ws = await member.ws()
    await ws.join(room)
    batches_before = writer.batches
    count = 30
    for i in range(count):
        await ws.send_text(room, f"in order {i}", f"p{i}")
    acks: dict[str, int] = {}
    while len(acks) < count:
        frame = await ws.recv()
        if frame["type"] == "ack":
            acks[frame["client_id"]] = frame["seq"]
    assert [acks[f"p{i}"] for i in range(count)] == list(range(1, count + 1))
    assert writer.batches - batches_before < count


async def test_a_failed_batch_is_replayed_send_by_send(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever spoils the one-statement batch insert (here: simulated), the
    batch is replayed message by message: nothing lost, nothing doubled."""
    from causerie.storage.repos.messages import SqlMessageRepo

    deps = server.app.state.deps
    writer = deps.writer
    members = [await signup(server, trust=2) for _ in range(3)]
    room = await room_for_band(members[0])
    async with deps.uow() as uow:
        viewers = [await load_viewer(uow, (await uow.users.get(m.id))) for m in members]  # type: ignore[arg-type]
    real_add_many = SqlMessageRepo.add_many
    failures = 0

    async def failing_once(self: SqlMessageRepo, batch: Any) -> None:
        nonlocal failures
        if failures == 0:
            failures += 1
            raise RuntimeError("simulated failure of the batch insert")
        await real_add_many(self, batch)

    monkeypatch.setattr(SqlMessageRepo, "add_many", failing_once)
    replayed_before = writer.replayed_batches
    checked_before = sum(deps.message_filter.verdicts.values())
    sends = [send_message(deps, viewers[i % 3], room, f"r{i}", f"replayed {i}") for i in range(12)]
    results = await asyncio.gather(*sends)
    assert failures == 1 and writer.replayed_batches == replayed_before + 1
    # Each send's filter decision is counted once, not once per attempt.
    assert sum(deps.message_filter.verdicts.values()) - checked_before == 12
    assert sorted(r.message.seq for r in results) == list(range(1, 13))
    assert not any(r.duplicate for r in results)
    # Retried sends find their original, and history holds each message once.
    again = await send_message(deps, viewers[0], room, "r0", "retried text")
    assert again.duplicate and again.message.id == results[0].message.id
    async with deps.uow() as uow:
        stored = await uow.messages.after(room, 0, 100, 100)
    assert [m.seq for m in stored] == list(range(1, 13))


async def test_two_group_commits_on_one_database_keep_seqs_gapless(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two nodes' group commits (two writers, one database) sending into the
    same room at once: each batch locks the room's row, so seqs come out
    gapless and unique without a collision on PostgreSQL (on SQLite the
    write lock already serialises the batches)."""
    deps = server.app.state.deps
    members = [await signup(server, trust=2) for _ in range(4)]
    room = await room_for_band(members[0])
    async with deps.uow() as uow:
        viewers = [await load_viewer(uow, (await uow.users.get(m.id))) for m in members]  # type: ignore[arg-type]
    if deps.settings.effective_database_url.startswith("postgresql"):
        # Make the two first batches overlap: both are inside their
        # transaction before either reads the room.
        both_open = asyncio.Barrier(2)
        real_prefetch = BatchUnitOfWork.prefetch

        async def prefetch_together(self: BatchUnitOfWork, *args: Any) -> None:
            if not both_open.broken and both_open.n_waiting < 2:
                try:
                    await asyncio.wait_for(both_open.wait(), 5)
                except (TimeoutError, asyncio.BrokenBarrierError):
                    await both_open.abort()
            await real_prefetch(self, *args)

        monkeypatch.setattr(BatchUnitOfWork, "prefetch", prefetch_together)
    nodes = [GroupCommit(deps.uow), GroupCommit(deps.uow)]
    on_node = [dataclasses.replace(deps, writer=node) for node in nodes]
    try:
        futures = [
            await submit(on_node[i % 2], viewers[i % 4], room, f"n{i}", f"from node {i % 2}")
            for i in range(40)
        ]
        results = await asyncio.gather(*futures)
    finally:
        for node in nodes:
            await node.close()
    assert sorted(r.message.seq for r in results if isinstance(r, Sent)) == list(range(1, 41))
    # Not rescued by the send-by-send replay: the batches never collided.
    assert [node.replayed_batches for node in nodes] == [0, 0]
    async with deps.uow() as uow:
        stored = await uow.messages.after(room, 0, 100, 100)
    assert [m.seq for m in stored] == list(range(1, 41))


async def test_a_batch_answers_its_senders_before_its_fan_out(server: Server) -> None:
    """Durable first, then the acks, then the fan-out: a closed-loop sender
    gets its acks and sends again while the node still writes the batch's
    messages to every member (docs/architecture.md, "The message path")."""
    from causerie.domain.events import Event

    deps = server.app.state.deps
    order: list[str] = []

    class Recording:
        async def publish(self, event: Event) -> None:
            order.append("published")

        async def publish_many(self, events: Any) -> None:
            order.extend("published" for _ in events)

    members = [await signup(server, trust=2) for _ in range(3)]
    room = await room_for_band(members[0])
    async with deps.uow() as uow:
        viewers = [await load_viewer(uow, (await uow.users.get(m.id))) for m in members]  # type: ignore[arg-type]
    node = GroupCommit(deps.uow.publishing_to(Recording()))
    on_node = dataclasses.replace(deps, writer=node)
    try:
        outcomes = [
            await submit(on_node, viewers[i % 3], room, f"a{i}", f"answered first {i}")
            for i in range(6)
        ]

        async def answered(outcome: Any) -> Any:
            result = await outcome
            order.append("answered")
            return result

        results = await asyncio.gather(*(answered(o) for o in outcomes))
        while len(order) < 12:  # the fan-out follows within a few loop turns
            await asyncio.sleep(0.01)
    finally:
        await node.close()
    assert all(isinstance(r, Sent) for r in results)
    assert node.batches == 1
    assert order == ["answered"] * 6 + ["published"] * 6

"""UnitOfWork contract: transactions, after-commit hooks and events, the write lock."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest
from tests.factories import Store, make_room, make_user

from causerie.domain.events import BlocksChanged, CloseUser, Event
from causerie.ports import UnitOfWorkFactory
from causerie.storage.uow import SqlUnitOfWorkFactory


async def test_leaving_without_commit_rolls_back(uow_factory: UnitOfWorkFactory) -> None:
    user = make_user()
    async with uow_factory(write=True) as uow:
        await uow.users.add(user)
        assert await uow.users.get(user.id) == user  # visible inside
    async with uow_factory() as uow:
        assert await uow.users.get(user.id) is None


async def test_an_exception_rolls_back_and_propagates(uow_factory: UnitOfWorkFactory) -> None:
    user = make_user()
    with pytest.raises(RuntimeError, match="boom"):
        async with uow_factory(write=True) as uow:
            await uow.users.add(user)
            raise RuntimeError("boom")
    async with uow_factory() as uow:
        assert await uow.users.get(user.id) is None


async def test_after_commit_runs_in_order_only_after_commit(
    uow_factory: UnitOfWorkFactory,
) -> None:
    user = make_user()
    ran: list[str] = []

    def hook(name: str, check_visible: bool = False):  # type: ignore[no-untyped-def]
        async def callback() -> None:
            if check_visible:
                # The commit is done: a fresh unit of work (even a writer,
                # so the lock is released) sees the data.
                async with uow_factory(write=True) as other:
                    assert await other.users.get(user.id) == user
            ran.append(name)

        return callback

    async with uow_factory(write=True) as uow:
        await uow.users.add(user)
        uow.after_commit(hook("first", check_visible=True))
        uow.after_commit(hook("second"))
        uow.after_commit(hook("third"))
        assert ran == []
        await uow.commit()
        assert ran == ["first", "second", "third"]


async def test_after_commit_never_runs_on_rollback(uow_factory: UnitOfWorkFactory) -> None:
    ran: list[str] = []

    async def callback() -> None:
        ran.append("ran")

    async with uow_factory(write=True) as uow:
        await uow.users.add(make_user())
        uow.after_commit(callback)
    with pytest.raises(ValueError):
        async with uow_factory(write=True) as uow:
            uow.after_commit(callback)
            raise ValueError
    assert ran == []


async def test_a_failing_callback_does_not_stop_the_others(
    uow_factory: UnitOfWorkFactory, caplog: pytest.LogCaptureFixture
) -> None:
    ran: list[str] = []
    user = make_user()

    async def fails() -> None:
        raise LookupError("broker down")

    async def works() -> None:
        ran.append("works")

    with pytest.raises(LookupError, match="broker down"):
        async with uow_factory(write=True) as uow:
            await uow.users.add(user)
            uow.after_commit(fails)
            uow.after_commit(works)
            await uow.commit()
    assert ran == ["works"]
    assert "after_commit callback failed" in caplog.text
    async with uow_factory() as uow:
        assert await uow.users.get(user.id) == user  # committed all the same


async def test_misuse_is_refused(uow_factory: UnitOfWorkFactory) -> None:
    uow = uow_factory(write=True)
    with pytest.raises(RuntimeError):
        await uow.commit()
    async with uow:
        await uow.commit()
        with pytest.raises(RuntimeError):
            await uow.commit()
        with pytest.raises(RuntimeError):
            uow.after_commit(asyncio.sleep)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError):
        async with uow:
            pass


async def test_readers_are_not_blocked_by_a_writer(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    user = make_user()
    await store(user)
    async with uow_factory(write=True) as writer:
        await writer.users.update(user.id, bio="uncommitted")
        async with uow_factory() as reader:
            got = await asyncio.wait_for(reader.users.get(user.id), timeout=5)
        assert got == user  # the reader sees the last committed state
        await writer.commit()


async def test_writers_wait_for_each_other(uow_factory: UnitOfWorkFactory, store: Store) -> None:
    room = make_room()
    await store(room)
    order: list[str] = []
    first_in = asyncio.Event()

    async def first() -> None:
        async with uow_factory(write=True) as uow:
            await uow.rooms.next_seq(room.id)
            order.append("first in")
            first_in.set()
            await asyncio.sleep(0.2)
            order.append("first out")
            await uow.commit()

    async def second() -> None:
        await first_in.wait()
        async with uow_factory(write=True) as uow:
            # SQLite queues at the door (BEGIN IMMEDIATE); PostgreSQL on the
            # room's row lock. Either way not before the first has committed.
            assert await uow.rooms.next_seq(room.id) == 2
            order.append("second got its seq")
            await uow.commit()

    await asyncio.wait_for(asyncio.gather(first(), second()), timeout=15)
    assert order == ["first in", "first out", "second got its seq"]
    async with uow_factory() as uow:
        got = await uow.rooms.get(room.id)
    assert got is not None and got.last_seq == 2


async def test_a_cancelled_writer_releases_the_lock(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    room = make_room()
    await store(room)
    inside = asyncio.Event()

    async def stuck() -> None:
        async with uow_factory(write=True) as uow:
            await uow.rooms.next_seq(room.id)
            inside.set()
            await asyncio.sleep(60)

    task = asyncio.create_task(stuck())
    await inside.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    async with asyncio.timeout(10), uow_factory(write=True) as uow:
        assert await uow.rooms.next_seq(room.id) == 1
        await uow.commit()


async def test_a_read_unit_of_work_refuses_writes(uow_factory: UnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        with pytest.raises(Exception, match=r"(?i)read.only|readonly"):
            await uow.users.add(make_user())


async def test_readers_and_writers_share_pooled_connections(
    uow_factory: UnitOfWorkFactory, store: Store
) -> None:
    # A pooled connection used by a reader must come back writable, and
    # one used by a writer must come back read-only for the next reader.
    room = make_room()
    await store(room)
    for expected in range(1, 8):
        async with uow_factory(write=True) as uow:
            assert await uow.rooms.next_seq(room.id) == expected
            await uow.commit()
        async with uow_factory() as uow:
            got = await uow.rooms.get(room.id)
            assert got is not None and got.last_seq == expected
            with pytest.raises(Exception, match=r"(?i)read.only|readonly"):
                await uow.rooms.next_seq(room.id)


class _Recorder:
    """An ``EventPublisher`` that keeps what it is handed, and checks that
    the change an event announces is already readable from another unit of
    work (published after a durable commit, never before)."""

    def __init__(self, uow_factory: UnitOfWorkFactory, user_id: str | None = None) -> None:
        self.events: list[Event] = []
        self._factory = uow_factory
        self._user_id = user_id

    async def publish(self, event: Event) -> None:
        if self._user_id is not None:
            async with self._factory() as reader:
                assert await reader.users.get(self._user_id) is not None
        self.events.append(event)

    async def publish_many(self, events: Sequence[Event]) -> None:
        for event in events:
            await self.publish(event)


async def test_an_event_published_in_a_committed_unit_of_work_is_delivered_after_commit(
    uow_factory: UnitOfWorkFactory,
) -> None:
    user = make_user()
    recorder = _Recorder(uow_factory, user.id)
    publishing = uow_factory.publishing_to(recorder)
    ran: list[str] = []

    async def callback() -> None:
        ran.append(f"callback after {len(recorder.events)} events")

    first, second = BlocksChanged((user.id, "a")), BlocksChanged((user.id, "b"))
    async with publishing(write=True) as uow:
        await uow.users.add(user)
        uow.publish(first)
        uow.after_commit(callback)
        uow.publish(second)
        assert recorder.events == []  # nothing before the commit
        await uow.commit()
    assert recorder.events == [first, second]
    assert ran == ["callback after 1 events"]  # queued order kept


async def test_an_event_published_in_a_rolled_back_unit_of_work_is_never_delivered(
    uow_factory: UnitOfWorkFactory,
) -> None:
    recorder = _Recorder(uow_factory)
    publishing = uow_factory.publishing_to(recorder)
    user = make_user()
    async with publishing(write=True) as uow:  # left without commit
        await uow.users.add(user)
        uow.publish(CloseUser(user.id, 4003, "ban"))
    with pytest.raises(ValueError):
        async with publishing(write=True) as uow:
            await uow.users.add(user)
            uow.publish(CloseUser(user.id, 4003, "ban"))
            raise ValueError
    async with publishing(write=True) as uow:  # a savepoint undone, the rest kept
        await uow.users.add(user)
        with pytest.raises(ValueError):
            async with uow.savepoint():
                uow.publish(CloseUser(user.id, 4003, "undone"))
                raise ValueError
        kept = CloseUser(user.id, 4003, "kept")
        uow.publish(kept)
        await uow.commit()
    assert recorder.events == [kept]


async def test_publishing_needs_a_publisher_and_an_open_unit_of_work(
    uow_factory: UnitOfWorkFactory,
) -> None:
    with pytest.raises(RuntimeError, match="publishes nowhere"):
        async with uow_factory(write=True) as uow:
            uow.publish(BlocksChanged(("a", "b")))
    uow = uow_factory.publishing_to(_Recorder(uow_factory))(write=True)
    with pytest.raises(RuntimeError):
        uow.publish(BlocksChanged(("a", "b")))


async def test_every_transaction_is_named_and_timed(uow_factory: UnitOfWorkFactory) -> None:
    assert isinstance(uow_factory, SqlUnitOfWorkFactory)
    seen: list[tuple[str, bool, float]] = []
    uow_factory.timing.observe = lambda name, write, seconds: seen.append((name, write, seconds))
    publishing = uow_factory.publishing_to(_Recorder(uow_factory))  # a twin reports too

    async def read_something() -> None:
        async with uow_factory() as uow:
            await uow.users.get("nobody")

    await read_something()
    async with publishing(write=True, name="explicit") as uow:
        await uow.users.add(make_user())
        await uow.commit()
    with pytest.raises(ValueError):
        async with uow_factory(write=True) as uow:
            raise ValueError  # a rollback is timed as well
    here = "test_storage_uow.test_every_transaction_is_named_and_timed"
    assert [write for _, write, _ in seen] == [False, True, True]
    assert seen[0][0].endswith(f"{here}.<locals>.read_something")  # the function asking
    assert seen[1][0] == "explicit"
    assert seen[2][0].endswith(here)
    assert all(seconds >= 0 for _, _, seconds in seen)

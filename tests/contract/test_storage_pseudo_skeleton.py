"""Migration 0008 recomputes ``users.pseudo_key`` as the confusable skeleton
(SQLite and PostgreSQL): look-alikes that were accepted before now collide,
the older account keeps the key, erased accounts keep theirs."""

from __future__ import annotations

from tests.factories import at, make_user

from causerie.safety.names import pseudo_key
from causerie.storage import make_engine, make_uow_factory, upgrade


async def test_pseudo_keys_become_skeletons(database_url: str) -> None:
    await upgrade(database_url, "0007")
    emilie = make_user(pseudo="Emilie", pseudo_key="emilie", created_at=at(0))
    copy = make_user(pseudo="EmiIie", pseudo_key="emiiie", created_at=at(60))  # capital i
    sam = make_user(pseudo="Sam_Lyon", pseudo_key="sam_lyon", created_at=at(5))
    erased = make_user(pseudo="Compte supprimé", pseudo_key="erased:x1", created_at=at(1))
    engine = make_engine(database_url)
    try:
        factory = make_uow_factory(engine)
        async with factory(write=True) as uow:
            for user in (emilie, copy, sam, erased):
                await uow.users.add(user)
            await uow.commit()
        await upgrade(database_url)
        async with factory() as uow:
            found = await uow.users.by_pseudo_key(pseudo_key("EMILIE"))
            assert found is not None and found.id == emilie.id
            assert pseudo_key("EmiIie") == pseudo_key("Emilie")
            kept_copy = await uow.users.get(copy.id)
            assert kept_copy is not None and kept_copy.pseudo_key == f"lookalike:{copy.id}"
            by_lookalike = await uow.users.by_pseudo_key(pseudo_key("Sarn.Lyon"))  # rn for m
            assert by_lookalike is not None and by_lookalike.id == sam.id
            kept_erased = await uow.users.get(erased.id)
            assert kept_erased is not None and kept_erased.pseudo_key == "erased:x1"
    finally:
        await engine.dispose()

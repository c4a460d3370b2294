"""Migration 0016 recomputes ``users.pseudo_key`` with leet digits and "vv"
folded (SQLite and PostgreSQL): "5am" and "VVendy" collide with "Sam" and
"Wendy", the older keeps the key; "Sami" stays its own."""

from __future__ import annotations

from tests.factories import at, make_user

from causerie.safety.names import pseudo_key
from causerie.storage import make_engine, make_uow_factory, upgrade


async def test_pseudo_keys_fold_digits_and_double_v(database_url: str) -> None:
    await upgrade(database_url, "0015")
    sam = make_user(pseudo="Sam", pseudo_key="sarn", created_at=at(0))
    copy = make_user(pseudo="5am", pseudo_key="5arn", created_at=at(30))
    sami = make_user(pseudo="Sami", pseudo_key="sarnl", created_at=at(40))
    vvendy = make_user(pseudo="VVendy", pseudo_key="vvendy", created_at=at(10))
    wendy = make_user(pseudo="Wendy", pseudo_key="wendy", created_at=at(20))
    engine = make_engine(database_url)
    try:
        factory = make_uow_factory(engine)
        async with factory(write=True) as uow:
            for user in (sam, copy, sami, vvendy, wendy):
                await uow.users.add(user)
            await uow.commit()
        await upgrade(database_url)
        async with factory() as uow:
            found = await uow.users.by_pseudo_key(pseudo_key("5AM"))
            assert found is not None and found.id == sam.id
            kept_copy = await uow.users.get(copy.id)
            assert kept_copy is not None and kept_copy.pseudo_key == f"lookalike:{copy.id}"
            kept_sami = await uow.users.get(sami.id)
            assert kept_sami is not None and kept_sami.pseudo_key == pseudo_key("Sami")
            # The older of the two keeps the key, whichever spelling it used.
            older = await uow.users.by_pseudo_key(pseudo_key("Wendy"))
            assert older is not None and older.id == vvendy.id
            newer = await uow.users.get(wendy.id)
            assert newer is not None and newer.pseudo_key == f"lookalike:{wendy.id}"
    finally:
        await engine.dispose()

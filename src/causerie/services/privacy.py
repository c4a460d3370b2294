"""What the privacy use cases share (docs/privacy.md): the storage door to
one person's data, the tombstone an erased account leaves, and the chunked
blanking of an erased author's messages (erasure and the retention sweep)."""

from __future__ import annotations

from causerie.domain.bands import ADULT_AGE, MIN_AGE, Band
from causerie.domain.events import MessageDeleted
from causerie.domain.models import AccountStatus, User
from causerie.ports import (
    PrivacyRepo,
    StorageUnitOfWork,
    UnitOfWorkFactory,
)

# Stored as the erased account's pseudo. The space makes it an impossible
# pseudonym: nobody can sign up as the tombstone and pass for the departed.
ERASED_PSEUDO = "membre supprimé"
ERASED_PSEUDO_EN = "deleted member"
# Blanked per write transaction: short enough that the group commit, queued
# behind the SQLite write lock, waits about 15 ms per chunk (100,000
# messages: 3.3 s in all, measured here), never the whole erasure.
ERASE_CHUNK = 500
# A live screen holds at most a few history pages of a room: only messages
# that recent are worth a ``deleted`` frame; older ones are simply gone from
# history and replay (``withheld``) when next fetched.
LIVE_WINDOW = 200


def privacy_repo(uow: StorageUnitOfWork) -> PrivacyRepo:
    """The ``PrivacyRepo`` of an open unit of work from ``deps.uow``."""
    return uow.privacy


def erased_key(user_id: str) -> str:
    """The ``pseudo_key`` of an erased account. Never the key of a real
    pseudonym (those have no ``:``): the old pseudonym is free again."""
    return f"erased:{user_id}"


def shown_pseudo(user: User, language: str) -> str:
    """A pseudo as shown to someone else: the tombstone, in their language,
    for an erased account."""
    if user.status is AccountStatus.ERASED:
        return ERASED_PSEUDO_EN if language == "en" else ERASED_PSEUDO
    return user.pseudo


def band_floor(band: Band) -> int:
    """The age an erased account keeps: its band's lowest, which says no
    more than the band (kept: rooms and messages belong to one band)."""
    return ADULT_AGE if band is Band.ADULT else MIN_AGE


async def blank_messages(uow_factory: UnitOfWorkFactory, author_id: str) -> int:
    """Blank every message of an erased author, ``ERASE_CHUNK`` per
    transaction; live rooms are told to drop the recent ones. Idempotent:
    what an earlier, interrupted run blanked is skipped. Returns how many."""
    done = 0
    after: str | None = None
    last_seqs: dict[str, int] = {}
    while True:
        async with uow_factory(write=True) as uow:
            chunk = await privacy_repo(uow).erase_messages(
                author_id, ERASED_PSEUDO, after, ERASE_CHUNK
            )
            drops: list[MessageDeleted] = []
            for message in chunk:
                if message.deleted:
                    continue  # a moderator removed it: screens dropped it then
                if message.room_id not in last_seqs:
                    room = await uow.rooms.get(message.room_id)
                    last_seqs[message.room_id] = room.last_seq if room else 0
                if message.seq > last_seqs[message.room_id] - LIVE_WINDOW:
                    drops.append(MessageDeleted(message.room_id, message.seq))
            for drop in drops:
                uow.publish(drop)
            await uow.commit()
        done += len(chunk)
        if len(chunk) < ERASE_CHUNK:
            return done
        after = chunk[-1].client_id

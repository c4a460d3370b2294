"""Search in the rooms one may read and in one's own conversations
(docs/protocol.md, "Search"). Through the door: the rooms searched are the
public rooms the viewer may see (an adult-only room only once attested) and
their private conversations with people they can still see; authors hidden
by a block either way are left out, and so are removed messages."""

from __future__ import annotations

from causerie.domain.errors import CauserieError, Invalid
from causerie.domain.models import Message, Viewer
from causerie.domain.text import clean_text
from causerie.services.access import ADULT_ONLY, check_account_open
from causerie.services.deps import Deps

# Each search is a scan (LIKE): a few a minute per member is plenty for a
# person and keeps the database out of reach of a script.
SEARCH_RULE = (10, 60.0)
MIN_QUERY, MAX_QUERY = 2, 100
LIMIT = 30


async def search_messages(
    deps: Deps, viewer: Viewer, query: str, room_id: str | None = None
) -> list[Message]:
    needle = clean_text(query)
    if not MIN_QUERY <= len(needle) <= MAX_QUERY:
        raise Invalid(field="q", min=MIN_QUERY, max=MAX_QUERY)
    check_account_open(viewer.user, deps.clock.now())
    await deps.rate_limit(f"search:user:{viewer.id}", SEARCH_RULE)
    async with deps.uow() as uow:
        user = await uow.users.get(viewer.id)
        if user is None:
            raise CauserieError("unauthenticated")
        viewer = Viewer(user=user, hidden=await uow.blocks.hidden_for(user.id))
        if room_id is not None:
            access = await deps.door.access_room(uow, viewer, room_id)
            room_ids = [access.room.id]
        else:
            public = deps.door.visible_rooms(viewer, await uow.rooms.list_public())
            room_ids = [
                r.id for r in public if r.requires != ADULT_ONLY or viewer.user.age_attested
            ]
            conversations = await uow.conversations.for_user(viewer.id)
            others = await uow.users.get_many([c.other(viewer.id) for c in conversations])
            for c in conversations:
                other = others.get(c.other(viewer.id))
                if other is not None and deps.door.may_see_user(viewer, other):
                    room_ids.append(c.room_id)
        return await uow.messages.search(room_ids, needle, LIMIT, viewer.hidden)

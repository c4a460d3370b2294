"""The contact/visibility policy: the single place that says who may see and
reach whom. Services call it only through ``services.access``; every path
(rooms, history, users, DMs, nearby, presence, WebSocket) goes through there.

Staff get no exception here on purpose: a moderator's own account lives in
one band like everyone else's; moderation tools reach content through the
moderation door, which is audited, never through the chat surfaces.
"""

from __future__ import annotations

from causerie.domain.models import AccountStatus, Room, RoomKind, User, Viewer


def may_see_user(viewer: Viewer, target: User) -> bool:
    """Same band, not blocked either way, not erased."""
    if target.id == viewer.id:
        return True
    if target.status is AccountStatus.ERASED:
        return False
    return target.band is viewer.band and target.id not in viewer.hidden


def may_see_public_room(viewer: Viewer, room: Room) -> bool:
    """A public room serves exactly one band."""
    if room.kind is not RoomKind.PUBLIC or room.archived:
        return False
    return viewer.band in room.bands

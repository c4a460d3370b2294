"""Request bodies (validated strictly) and response shapes (for OpenAPI).
Responses are built by the ``present_*`` functions from domain objects."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr

from causerie.domain.models import City, DmPolicy, Room, RoomKind, User
from causerie.domain.times import rfc3339
from causerie.ports import Gazetteer
from causerie.realtime.frames import message_body
from causerie.services.access import locked_out
from causerie.services.rooms import RoomView


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class GuestSignup(_Body):
    pseudo: StrictStr = Field(max_length=200)
    gender: Literal["female", "male", "nonbinary", "undisclosed"]
    age: StrictInt
    city: StrictStr = Field(max_length=200)
    # Additive: the language the account's notices, refusals and e-mails
    # speak. Absent: the language cookie, else Accept-Language.
    language: Literal["fr", "en"] | None = None


class Login(_Body):
    pseudo: StrictStr = Field(max_length=200)
    password: StrictStr = Field(max_length=1000)


class Register(_Body):
    password: StrictStr = Field(max_length=1000)
    email: StrictStr | None = Field(default=None, max_length=254)


class MeUpdate(_Body):
    nearby_visible: StrictBool | None = None
    dm_requests: Literal["everyone", "nobody"] | None = None
    # Photos from the people one talks with in private (docs/media.md).
    accept_images: StrictBool | None = None
    # Delivered/read in private conversations: off neither sends nor shows reads.
    read_receipts: StrictBool | None = None
    bio: StrictStr | None = Field(default=None, max_length=2000)
    language: Literal["fr", "en"] | None = None
    # A city name or id, as at sign-up; a few changes a day at most.
    city: StrictStr | None = Field(default=None, min_length=1, max_length=200)


class NewConversation(_Body):
    user_id: StrictStr = Field(max_length=64)
    text: StrictStr = Field(max_length=20000)
    client_id: StrictStr | None = Field(default=None, max_length=64)


class NewBlock(_Body):
    user_id: StrictStr = Field(max_length=64)


class MessageEditIn(_Body):
    # Normalised then capped at 2,000 characters by the service (too_long).
    text: StrictStr = Field(max_length=20000)


class CityRef(BaseModel):
    id: str
    name: str


class CityOut(BaseModel):
    id: str
    name: str
    region: str
    country: str


class PublicUserOut(BaseModel):
    id: str
    pseudo: str
    gender: str
    age: int
    city: CityRef
    band: Literal["teen", "adult"]
    bio: str = ""
    # Causerie+ members' badge (a cosmetic perk): "plus", or null.
    badge: str | None = None
    # Whether this member takes private-conversation requests at all
    # (their dm_requests setting), so a card can say so before anyone types.
    accepts_requests: bool | None = None


class UserOut(PublicUserOut):
    trust_level: int
    role: str
    status: str
    restrictions: dict[str, Any]
    settings: dict[str, Any]
    nearby_visible: bool
    dm_requests: str
    language: str
    has_password: bool
    age_attested: bool
    created_at: str
    # Trust visibility (docs/trust.md): what the account can do now, and how
    # to unlock more. Filled by GET /me.
    capabilities: list[str] | None = None
    next_level: dict[str, Any] | None = None
    # Causerie+ (docs/premium.md): {"plan", "until", "cancel_at_period_end"} or null.
    premium: dict[str, Any] | None = None
    # Photos (docs/media.md): the member's choice, or their band's default.
    accept_images: bool | None = None
    read_receipts: bool | None = None


class SessionOut(BaseModel):
    token: str
    csrf_token: str
    user: UserOut


class RoomOut(BaseModel):
    id: str
    name: str
    theme: str | None
    kind: Literal["public", "dm"]
    members_online: int
    requires: str | None
    description: str = ""
    last_seq: int = 0
    state: str | None = None
    other: PublicUserOut | None = None
    # Public rooms (issue 16): messages in the last hour, newest message time.
    recent_messages: int | None = None
    last_message_at: str | None = None
    # Private conversations: {"seq","text","author":{"id","pseudo"},"ts","image"?} or null.
    last_message: dict[str, Any] | None = None


class ReactionOut(BaseModel):
    emoji: str
    count: int
    mine: bool


class ReactionsOut(BaseModel):
    room: str
    seq: int
    reactions: list[ReactionOut]


class MessageOut(BaseModel):
    room: str
    seq: int
    id: str
    author: dict[str, str]
    text: str
    ts: str
    reply_to: int | None = None  # the seq this message answers (null: none)
    # Its author changed the text (docs/protocol.md, "Editing one's own message").
    edited: bool = False
    edited_at: str | None = None
    # The reactions as this reader may see them (docs/protocol.md, "Reactions").
    reactions: list[ReactionOut] = []


class HistoryOut(BaseModel):
    messages: list[MessageOut]
    has_more: bool


class BlockOut(BaseModel):
    user_id: str
    pseudo: str
    created_at: str


def present_city(city: City) -> dict[str, Any]:
    """Never coordinates."""
    return {"id": city.id, "name": city.name, "region": city.region, "country": city.country}


def _city_ref(gazetteer: Gazetteer, city_id: str) -> dict[str, str]:
    city = gazetteer.get(city_id)
    return {"id": city_id, "name": city.name if city else ""}


def present_public_user(user: User, gazetteer: Gazetteer) -> dict[str, Any]:
    return {
        "id": user.id,
        "pseudo": user.pseudo,
        "gender": user.gender.value,
        "age": user.age,
        "city": _city_ref(gazetteer, user.city_id),
        "band": user.band.value,
        "bio": user.bio,
        "accepts_requests": user.dm_requests is DmPolicy.EVERYONE,
    }


def present_user(user: User, gazetteer: Gazetteer, now: datetime) -> dict[str, Any]:
    """The account as its holder sees it. ``status`` is the one in force:
    a suspension whose term has passed no longer keeps the account out
    (``access.locked_out``, the server's own rule), so it reads "active"."""
    restrictions: dict[str, Any] = {}
    if user.muted_until is not None:
        restrictions["muted_until"] = rfc3339(user.muted_until)
    status = user.status.value
    if status in ("suspended", "banned"):
        if locked_out(user, now):
            restrictions[status] = rfc3339(user.status_until) if user.status_until else True
        else:
            status = "active"
    settings = {
        "nearby_visible": user.nearby_visible,
        "dm_requests": user.dm_requests.value,
        "language": user.language,
    }
    return {
        **present_public_user(user, gazetteer),
        "trust_level": user.trust_level,
        "role": user.role.value,
        "status": status,
        "restrictions": restrictions,
        "settings": settings,
        **settings,
        "has_password": user.has_password,
        "age_attested": user.age_attested,
        "created_at": rfc3339(user.created_at),
    }


def present_room(view: RoomView, gazetteer: Gazetteer) -> dict[str, Any]:
    room: Room = view.room
    out: dict[str, Any] = {
        "id": room.id,
        "name": view.name if view.name is not None else room.name,
        "theme": room.theme,
        "kind": room.kind.value,
        "members_online": view.members_online,
        "requires": room.requires,
        "description": room.description,
        "last_seq": room.last_seq,
    }
    if view.room.kind is RoomKind.PUBLIC:
        out["recent_messages"] = view.recent_messages
        out["last_message_at"] = rfc3339(view.last_message_at) if view.last_message_at else None
    if view.room.kind is RoomKind.DM:
        last = view.last_message
        out["last_message"] = None if last is None else message_body(last)
        out["last_message_at"] = rfc3339(last.created_at) if last else None
    if view.state is not None:
        out["state"] = view.state
    if view.other is not None:
        out["other"] = present_public_user(view.other, gazetteer)
    return out

"""Web Push (docs/web-client.md, "Notifications"): what a device subscribed
with, when a teen is left alone at night, and what a notification says.

A notification shows on a lock screen, where anyone holding or glancing at
the phone reads it: it names who wrote, never what they wrote (nor why a
report was answered). The text is read in the app, behind its session."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

from causerie.domain.bands import Band

# Teens are not woken up: no notification from 22:00 to 07:00, Paris time,
# unless they chose it on that device.
NIGHT_ZONE = ZoneInfo("Europe/Paris")
NIGHT_STARTS = time(22, 0)
NIGHT_ENDS = time(7, 0)
LANGUAGES = ("fr", "en")


class PushKind(StrEnum):
    PRIVATE_REQUEST = "private_request"
    PRIVATE_MESSAGE = "private_message"
    NOTICE = "notice"


class PushOutcome(StrEnum):
    SENT = "sent"
    # 404/410 from the push service: the browser dropped the subscription.
    GONE = "gone"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class PushSubscription:
    id: str
    user_id: str
    session_id: str | None
    endpoint: str
    p256dh: str
    auth: str
    lang: str
    at_night: bool
    created_at: datetime


def is_night(now: datetime) -> bool:
    local = now.astimezone(NIGHT_ZONE).time()
    return local >= NIGHT_STARTS or local < NIGHT_ENDS


def held_back(band: Band, subscription: PushSubscription, now: datetime) -> bool:
    """A teen's device stays quiet at night unless the teen chose otherwise."""
    return band is Band.TEEN and not subscription.at_night and is_night(now)


_TEXT = {
    ("fr", PushKind.PRIVATE_REQUEST): ("Nouvelle demande", "{pseudo} veut discuter avec toi."),
    ("en", PushKind.PRIVATE_REQUEST): ("New request", "{pseudo} would like to talk with you."),
    ("fr", PushKind.PRIVATE_MESSAGE): (
        "Nouveau message privé",
        "Nouveau message privé de {pseudo}.",
    ),
    ("en", PushKind.PRIVATE_MESSAGE): ("New private message", "New private message from {pseudo}."),
    ("fr", PushKind.NOTICE): ("Causerie", "Tu as une réponse de la modération."),
    ("en", PushKind.NOTICE): ("Causerie", "You have an answer from the moderators."),
}


def notification(
    kind: PushKind, lang: str, *, pseudo: str = "", url: str = "/#/"
) -> dict[str, str]:
    """The payload the service worker shows: title, body, the page it opens."""
    title, body = _TEXT[(lang if lang in LANGUAGES else "fr", kind)]
    return {"kind": kind.value, "title": title, "body": body.format(pseudo=pseudo), "url": url}

"""Guest sign-up, password accounts, sessions and the user's own settings."""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from causerie.domain.bands import band_for_age
from causerie.domain.errors import CauserieError, Conflict, Invalid, Unauthenticated
from causerie.domain.events import CLOSE_SESSION_ENDED, CloseSession
from causerie.domain.ids import new_id
from causerie.domain.models import DmPolicy, Gender, Session, User, Viewer
from causerie.domain.moderation import refusal_opens_case
from causerie.domain.text import validate_bio, validate_pseudo
from causerie.ports import UserPatch
from causerie.safety.names import check_name, pseudo_key
from causerie.services import evasion, held, login_guard, nearby
from causerie.services.access import check_account_open, check_can_act
from causerie.services.deps import Deps
from causerie.services.messages import Decision, filter_now

SESSION_TOUCH_EVERY = timedelta(minutes=5)
MIN_PASSWORD = 8
MAX_PASSWORD = 256
LANGUAGES = ("fr", "en")


@dataclass(frozen=True, slots=True)
class Authenticated:
    session: Session
    user: User
    # Who the caller blocks or is blocked by, when asked for: read in the
    # same unit of work as the session (one round trip for a viewer).
    hidden: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class NewSession:
    token: str
    session: Session
    user: User


def hash_token(token: str) -> str:
    """Tokens carry 256 random bits, so a fast hash is enough: a stolen
    database gives nothing that authenticates."""
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token_for(token: str) -> str:
    """The anti-CSRF value bound to a session token (double-submit cookie)."""
    return hashlib.sha256(b"csrf:" + token.encode()).hexdigest()[:32]


def _check_name_policy(text: str, kind: str) -> None:
    verdict = check_name(text, kind)
    if not verdict.allowed:
        raise CauserieError("name_not_allowed", reason=verdict.reason or "policy")


async def _open_session(deps: Deps, user: User) -> NewSession:
    token = secrets.token_urlsafe(32)
    now = deps.clock.now()
    session = Session(
        id=new_id(),
        user_id=user.id,
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + timedelta(days=deps.settings.session_days),
    )
    return NewSession(token=token, session=session, user=user)


async def signup_guest(
    deps: Deps,
    *,
    pseudo: str,
    gender: str,
    age: int,
    city: str,
    client_ip: str,
    device_id: str,
    language: str = "fr",
) -> NewSession:
    """Quick start: pseudo, gender, age, city — no e-mail. The account, its
    session and its ban-evasion screening are one unit of work: no account
    exists, and no session is valid, that has not been screened."""
    pseudo = validate_pseudo(pseudo)
    try:
        gender_value = Gender(gender)
    except ValueError:
        raise Invalid(field="gender") from None
    band = band_for_age(age)
    found = deps.gazetteer.resolve(city)
    if found is None:
        raise CauserieError("unknown_city")
    _check_name_policy(pseudo, "pseudo")
    await deps.rate_limit(f"signup:ip:{client_ip}", deps.settings.signup_per_ip)
    now = deps.clock.now()
    user = User(
        id=new_id(),
        pseudo=pseudo,
        pseudo_key=pseudo_key(pseudo),
        gender=gender_value,
        age=age,
        band=band,
        city_id=found.id,
        created_at=now,
        city_changed_at=now,
        language=language if language in LANGUAGES else "fr",
    )
    new = await _open_session(deps, user)
    async with deps.uow(write=True) as uow:
        if await uow.users.by_pseudo_key(user.pseudo_key) is not None:
            raise Conflict("pseudo_taken")
        await uow.users.add(user)
        await uow.sessions.add(new.session)
        user = await evasion.screen_signup(
            deps, uow, user, device_id=device_id, client_ip=client_ip
        )
        await uow.commit()
    return replace(new, user=user)


async def register(deps: Deps, auth: Authenticated, *, password: str, email: str | None) -> User:
    """Upgrade a guest to a password account; the pseudo stays."""
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise Invalid(field="password", min=MIN_PASSWORD, max=MAX_PASSWORD)
    if email is not None:
        email = email.strip()
        local, _, domain = email.partition("@")
        if not local or "." not in domain or len(email) > 254 or " " in email:
            raise Invalid(field="email")
    password_hash = await deps.passwords.hash(password)
    async with deps.uow(write=True) as uow:
        if await uow.users.password_hash(auth.user.id) is not None:
            raise Conflict("already_registered")
        await uow.users.set_password(auth.user.id, password_hash, email)
        user = await uow.users.get(auth.user.id)
        await uow.commit()
    assert user is not None
    return user


async def login(deps: Deps, *, pseudo: str, password: str, client_ip: str) -> NewSession:
    await deps.rate_limit(f"login:ip:{client_ip}", deps.settings.login_per_ip)
    key = pseudo_key(pseudo.strip())
    # Backoff per (pseudo, address), not a flat limit per pseudo that anyone
    # could use to keep the owner out (services/login_guard.py).
    await login_guard.check(deps, key, client_ip)
    async with deps.uow() as uow:
        user = await uow.users.by_pseudo_key(key)
        stored = await uow.users.password_hash(user.id) if user is not None else None
    # Always one argon2 verification, so the time taken does not tell
    # whether the pseudo exists or has a password.
    reference = stored if stored is not None else await login_guard.dummy_hash(deps.passwords)
    matches = await deps.passwords.verify(reference, password)
    if user is None or stored is None or not matches:
        await login_guard.failed(deps, key, client_ip)
        raise CauserieError("bad_credentials")
    await login_guard.succeeded(deps, key, client_ip)
    new = await _open_session(deps, user)
    async with deps.uow(write=True) as uow:
        await uow.sessions.add(new.session)
        await uow.commit()
    return new


async def authenticate(
    deps: Deps, token: str | None, *, with_hidden: bool = False
) -> Authenticated:
    """The session and user behind a bearer token, or ``Unauthenticated``;
    ``with_hidden``: and who they block or are blocked by, in the same read."""
    if not token or len(token) > 200:
        raise Unauthenticated()
    hidden: frozenset[str] | None = None
    async with deps.uow() as uow:
        session = await uow.sessions.by_token_hash(hash_token(token))
        if session is None or session.revoked_at is not None:
            raise Unauthenticated()
        if session.expires_at <= deps.clock.now():
            raise Unauthenticated()
        user = await uow.users.get(session.user_id)
        if user is not None and with_hidden:
            hidden = await uow.blocks.hidden_for(user.id)
    if user is None:
        raise Unauthenticated()
    now = deps.clock.now()
    if session.last_seen_at is None or now - session.last_seen_at >= SESSION_TOUCH_EVERY:
        # For the member's list of sessions; at most one write per session
        # every few minutes, not one per request.
        async with deps.uow(write=True) as uow:
            await uow.sessions.touch(session.id, now)
            await uow.commit()
        session = replace(session, last_seen_at=now)
    return Authenticated(session=session, user=user, hidden=hidden)


async def logout(deps: Deps, auth: Authenticated) -> None:
    async with deps.uow(write=True) as uow:
        await uow.sessions.revoke(auth.session.id, deps.clock.now())
        uow.publish(CloseSession(session_id=auth.session.id, code=CLOSE_SESSION_ENDED))
        await uow.commit()


async def update_me(deps: Deps, auth: Authenticated, changes: dict[str, Any]) -> User:
    # Behind the door: nothing changes while suspended or banned; the bio is
    # something others read, so a mute withdraws it as it does messages.
    check_account_open(auth.user, deps.clock.now())
    if "bio" in changes:
        check_can_act(auth.user, deps.clock.now())
    fields: UserPatch = {}
    if "nearby_visible" in changes:
        fields["nearby_visible"] = bool(changes["nearby_visible"])
    if "dm_requests" in changes:
        try:
            fields["dm_requests"] = DmPolicy(changes["dm_requests"])
        except ValueError:
            raise Invalid(field="dm_requests") from None
    if "bio" in changes:
        bio = validate_bio(str(changes["bio"]))
        if bio:
            bio = await _checked_bio(deps, auth.user, bio)
        fields["bio"] = bio
    if "language" in changes:
        if changes["language"] not in LANGUAGES:
            raise Invalid(field="language")
        fields["language"] = changes["language"]
    if "city" in changes:
        fields.update(await _city_change(deps, auth.user, str(changes["city"])))
    if not fields:
        return auth.user
    nearby_changed = "nearby_visible" in fields or "city_id" in fields
    if nearby_changed:
        # Whoever changes their nearby settings is active right now.
        fields["last_seen_at"] = deps.clock.now()
    async with deps.uow(write=True) as uow:
        user = await uow.users.update(auth.user.id, **fields)
        if nearby_changed:
            event = nearby.presence_of(user, deps.clock.now(), deps.settings)
            uow.publish(event)
        await uow.commit()
    return user


async def _checked_bio(deps: Deps, user: User, bio: str) -> str:
    """The name policy, then the message filter; a refusal that opens a case
    (a minor sexualised) is kept for moderators before the author is told."""
    verdict = check_name(bio, "bio")
    if not verdict.allowed:
        reason = verdict.reason or "policy"
        if refusal_opens_case([reason]):
            await held.refused_bio(deps, Viewer(user=user), bio, [reason])
        raise CauserieError("name_not_allowed", reason=reason)
    return await _filter_bio(deps, user, bio)


async def _filter_bio(deps: Deps, user: User, bio: str) -> str:
    """Everyone who opens the profile reads the bio: the message filter
    applies as to a public message (threats, doxxing, contact details masked
    for new accounts). A bio cannot wait for a moderator, so what a message
    would have held is refused."""
    screened = filter_now(deps, Viewer(user=user), bio, is_private=False)
    if screened.decision is Decision.BLOCKED_WITH_CASE:
        await held.refused_bio(deps, Viewer(user=user), bio, screened.reasons)
    if not screened.deliverable:
        raise CauserieError("blocked_by_filter", reasons=screened.reasons)
    return screened.text


async def _city_change(deps: Deps, user: User, name_or_id: str) -> UserPatch:
    """The fields of a move to another city, at most ``city_changes_per_day``
    a day: moving an account around cannot be used to triangulate anyone. A
    policy, not flood control, so ``--no-rate-limits`` does not lift it."""
    found = deps.gazetteer.resolve(name_or_id)
    if found is None:
        raise CauserieError("unknown_city")
    if found.id == user.city_id:
        return {}
    per_day = deps.settings.city_changes_per_day
    wait = await deps.limiter.hit(f"city:user:{user.id}", per_day, 86400.0)
    if wait > 0:
        raise CauserieError(
            "city_change_limited", retry_after=max(1, math.ceil(wait)), limit=per_day
        )
    return {"city_id": found.id, "city_changed_at": deps.clock.now()}


async def set_trust(deps: Deps, pseudo: str, level: int) -> User:
    """Operator override (``causerie users trust``)."""
    if not 0 <= level <= 4:
        raise Invalid(field="level")
    async with deps.uow(write=True) as uow:
        user = await uow.users.by_pseudo_key(pseudo_key(pseudo))
        if user is None:
            raise CauserieError("not_found")
        user = await uow.users.update(user.id, trust_level=level)
        await uow.commit()
    return user

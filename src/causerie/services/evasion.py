"""Ban evasion: each browser gets a long-lived random device cookie; at
sign-up its hash and the hash of the network address are kept. A new account
sharing the device of a banned account, or its network within
``evasion_window_days`` of the ban, is created but held: muted and at trust
0 until a moderator decides on the ``possible_ban_evasion`` case."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

from causerie.domain.models import User
from causerie.domain.moderation import CaseKind, DeviceSignal, TargetType
from causerie.services.cases import open_case, user_snapshot
from causerie.services.deps import Deps

# Until a moderator looks: long enough never to lapse unnoticed.
HOLD = timedelta(days=365)


def signal_hash(key: bytes, kind: str, value: str) -> str:
    """Only keyed hashes are stored: enough to compare, not to identify, nor
    to reverse by trying every address without the server's key."""
    return hmac.new(key, f"causerie:{kind}:{value}".encode(), hashlib.sha256).hexdigest()


async def screen_signup(deps: Deps, user: User, *, device_id: str, client_ip: str) -> User:
    """Record the new account's signals; hold it if they match a banned one."""
    now = deps.clock.now()
    signal = DeviceSignal(
        user_id=user.id,
        device_hash=signal_hash(deps.signal_key, "device", device_id),
        ip_hash=signal_hash(deps.signal_key, "ip", client_ip),
        seen_at=now,
    )
    window = timedelta(days=deps.settings.evasion_window_days)
    async with deps.uow(write=True) as uow:
        await uow.devices.record(signal)
        matches = await uow.devices.banned_matches(signal.device_hash, signal.ip_hash, user.id)
        bans = await uow.cases.last_ban_at({m.user_id for m, _ in matches})
        hits: dict[str, list[str]] = {}
        for match, same_device in matches:
            banned_at = bans.get(match.user_id)
            recent = banned_at is not None and now - banned_at <= window
            if same_device:
                hits.setdefault(match.user_id, []).append("same_device")
            elif recent and deps.settings.evasion_match_network:
                hits.setdefault(match.user_id, []).append("same_network")
        if hits:
            user = await uow.users.update(
                user.id, trust_level=0, muted_until=now + HOLD, trust_locked_until=now + HOLD
            )
            banned = await uow.users.get_many(hits)
            await open_case(
                deps,
                uow,
                kind=CaseKind.AUTOMATIC,
                target_type=TargetType.USER,
                target_id=user.id,
                subject_id=user.id,
                reason="possible_ban_evasion",
                signals=[
                    {"name": name, "banned_account": banned_id}
                    for banned_id, names in sorted(hits.items())
                    for name in names
                ],
                evidence={
                    "content": {"type": "signup", "user": user_snapshot(user)},
                    "context": [],
                    "users": [user_snapshot(u) for u in banned.values()],
                },
            )
        await uow.commit()
    return user

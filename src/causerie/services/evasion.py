"""Ban evasion, in proportion (docs/moderation.md, "Ban evasion").

Each browser gets a long-lived random device cookie; at sign-up the keyed
hashes of the device and of the network address are kept and compared with
banned accounts'. What a match does depends on what matched:

- the network alone (within ``evasion_window_days`` of the ban): a signal
  for moderators (a low-severity case), nothing else — French mobile
  carriers and schools put thousands of people behind one address, and an
  attacker could get a whole school muted on purpose;
- the device alone: a high-severity case for a moderator to look at, the
  account untouched (a shared family computer is not evasion);
- the device and at least one account signal (a pseudonym close to the
  banned one's, the same city and age, or a banned account erased since):
  a hold — muted and promotion-locked until a moderator decides — which the
  member is told about at once by a notice saying why, and can appeal.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from causerie.domain.models import AccountStatus, User
from causerie.domain.moderation import Action, CaseKind, DeviceSignal, NoticeKind, TargetType
from causerie.i18n import message
from causerie.ports import StorageUnitOfWork
from causerie.safety.names import pseudo_key
from causerie.services import legal_bans, notices
from causerie.services.cases import open_case, user_snapshot
from causerie.services.deps import Deps
from causerie.services.restrictions import Term, record_system_term

# Until a moderator looks (the member is told, and may appeal at once).
HOLD = timedelta(days=365)
# The signals in the order a statement of reasons lists them.
_SIGNALS = ("same_device", "similar_pseudo", "same_city_and_age", "banned_account_erased")
SIMILAR_PSEUDO_DISTANCE = 2


def signal_hash(key: bytes, kind: str, value: str) -> str:
    """Only keyed hashes are stored: enough to compare, not to identify, nor
    to reverse by trying every address without the server's key."""
    return hmac.new(key, f"causerie:{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def _distance(a: str, b: str) -> int:
    """Levenshtein distance (pseudonyms are short: 30 characters at most)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def account_signals(new: User, banned: User) -> list[str]:
    """What, beyond the device, ties the new account to the banned one."""
    found: list[str] = []
    if banned.status is AccountStatus.ERASED:
        # Nothing left to compare, and leaving a ban by erasure, then coming
        # back from the same device, is the pattern itself.
        found.append("banned_account_erased")
        return found
    a, b = pseudo_key(new.pseudo), pseudo_key(banned.pseudo)
    if a == b or _distance(a, b) <= SIMILAR_PSEUDO_DISTANCE or (len(b) >= 4 and b in a):
        found.append("similar_pseudo")
    if new.city_id == banned.city_id and abs(new.age - banned.age) <= 1:
        found.append("same_city_and_age")
    return found


@dataclass(frozen=True, slots=True)
class _Match:
    banned: User
    signals: list[str]

    @property
    def holds(self) -> bool:
        return "same_device" in self.signals and len(self.signals) > 1


def _hold_facts(user: User, matches: list[_Match]) -> str:
    names = {s for m in matches if m.holds for s in m.signals}
    listed = "; ".join(
        message(f"statement.evasion.{n}", user.language) for n in sorted(names, key=_SIGNALS.index)
    )
    return f"{listed}."


async def screen_signup(
    deps: Deps, uow: StorageUnitOfWork, user: User, *, device_id: str, client_ip: str
) -> User:
    """Record the new account's signals and act on matches with banned
    accounts, in the sign-up's own unit of work (no account exists, and no
    session is valid, unless it has been screened). Returns the account as
    it is now."""
    now = deps.clock.now()
    signal = DeviceSignal(
        user_id=user.id,
        device_hash=signal_hash(deps.signal_key, "device", device_id),
        ip_hash=signal_hash(deps.signal_key, "ip", client_ip),
        seen_at=now,
    )
    # A court's ban (loi SREN): refused outright, on the device alone (docs/legal.md).
    await legal_bans.check_signup(uow, now, signal.device_hash)
    await uow.devices.record(signal)
    found = await uow.devices.banned_matches(signal.device_hash, signal.ip_hash, user.id)
    if not found:
        return user
    window = timedelta(days=deps.settings.evasion_window_days)
    bans = await uow.cases.last_ban_at({m.user_id for m, _ in found})
    banned_users = await uow.users.get_many({m.user_id for m, _ in found})
    by_account: dict[str, list[str]] = {}
    for match, same_device in found:
        banned_at = bans.get(match.user_id)
        recent = banned_at is not None and now - banned_at <= window
        names = by_account.setdefault(match.user_id, [])
        if same_device:
            name = "same_device"
        elif recent and deps.settings.evasion_match_network:
            name = "same_network"
        else:
            continue
        if name not in names:
            names.append(name)
    matches: list[_Match] = []
    for banned_id, names in sorted(by_account.items()):
        banned = banned_users.get(banned_id)
        if not names or banned is None:
            continue
        if "same_device" in names:
            names.extend(account_signals(user, banned))
        matches.append(_Match(banned, names))
    if not matches:
        return user
    hold = any(m.holds for m in matches)
    device = any("same_device" in m.signals for m in matches)
    # The network alone is a weak hint: the lowest severity, nothing more.
    reason = "possible_ban_evasion" if device else "shared_network"
    if hold:
        user = await uow.users.update(
            user.id, trust_level=0, muted_until=now + HOLD, trust_locked_until=now + HOLD
        )
    case = await open_case(
        deps,
        uow,
        kind=CaseKind.AUTOMATIC,
        target_type=TargetType.USER,
        target_id=user.id,
        subject_id=user.id,
        reason=reason,
        signals=[
            {"name": name, "banned_account": m.banned.id, "held": hold}
            for m in matches
            for name in m.signals
        ],
        evidence={
            "content": {"type": "signup", "user": user_snapshot(user)},
            "context": [],
            "users": [user_snapshot(m.banned) for m in matches],
        },
    )
    if hold:
        # Never silent: the statement of reasons, and the appeal it opens.
        rule = message("statement.rule.ban_evasion", user.language)
        facts = _hold_facts(user, matches)
        hold_term = Term(Action.MUTE, now + HOLD, now)
        await record_system_term(uow, case.id, user.id, hold_term, rule, facts, now)
        await notices.send_notice(
            deps,
            uow,
            user,
            NoticeKind.SANCTION,
            notices.sanction_text(user, Action.MUTE, rule, facts, now + HOLD),
            rule=rule,
            facts=facts,
            appealable=True,
            case_id=case.id,
            action=Action.MUTE.value,
        )
    return user

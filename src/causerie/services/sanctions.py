"""A moderator's decision and its effect on an account, below both the
moderation door (``services/moderation.py``) and the appeals
(``services/appeals.py``), which both decide and lift: kept apart so
neither has to import the other."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from causerie.domain.errors import Invalid, NotAllowed
from causerie.domain.events import CLOSE_SUSPENDED, CloseUser
from causerie.domain.models import AccountStatus, User
from causerie.domain.moderation import Action, Case
from causerie.domain.rules import rule_by_id
from causerie.ports import UnitOfWork, UserPatch
from causerie.services.deps import Deps
from causerie.services.restrictions import STATUS_OF, Term

RULE_MAX, FACTS_MAX = 500, 4000
MAX_DURATION_HOURS = 24 * 365
# Open-ended sanctions lock trust "forever": far enough, and still a datetime.
FOREVER = timedelta(days=36500)


@dataclass(frozen=True, slots=True)
class Decision:
    action: Action
    rule: str
    facts: str
    duration_hours: int | None
    # A rule of the catalogue (domain/rules.py): the statement of reasons
    # cites it in the member's language.
    rule_id: str | None = None
    # ``reduce`` (appeals): the lighter sanction that replaces the appealed one.
    reduce_to: Action | None = None

    def rule_for(self, language: str) -> str:
        """The rule as the member reads it: the catalogue's words when one
        was chosen, else what the moderator wrote."""
        chosen = rule_by_id(self.rule_id) if self.rule_id else None
        return chosen.cite(language) if chosen is not None else self.rule


def parse_decision(
    action: str,
    rule: str | None,
    facts: str,
    duration_hours: int | None,
    rule_id: str | None = None,
    reduce_to: str | None = None,
) -> Decision:
    try:
        chosen = Action(action)
    except ValueError:
        raise Invalid(field="action") from None
    catalogued = rule_by_id(rule_id) if rule_id is not None else None
    if rule_id is not None and catalogued is None:
        raise Invalid(field="rule_id")
    rule, facts = (rule or "").strip(), facts.strip()
    if catalogued is not None:
        rule = catalogued.cite("fr")  # what the case records; notices cite it per language
    if not rule or len(rule) > RULE_MAX:
        raise Invalid(field="rule")
    if not facts or len(facts) > FACTS_MAX:
        raise Invalid(field="facts")
    if duration_hours is not None and not 1 <= duration_hours <= MAX_DURATION_HOURS:
        raise Invalid(field="duration_hours")
    if chosen is Action.MUTE and duration_hours is None:
        raise Invalid(field="duration_hours")
    lighter: Action | None = None
    if chosen is Action.REDUCE:
        try:
            lighter = Action(reduce_to or "")
        except ValueError:
            raise Invalid(field="reduce_to") from None
        if lighter not in (Action.SUSPEND, Action.MUTE, Action.WARN):
            raise Invalid(field="reduce_to")
        if lighter in (Action.SUSPEND, Action.MUTE) and duration_hours is None:
            raise Invalid(field="duration_hours")
    return Decision(chosen, rule, facts, duration_hours, rule_id, lighter)


async def sanction_account(
    deps: Deps, uow: UnitOfWork, user: User, action: Action, until: datetime | None
) -> User:
    """Apply a sanction's effect on the account; trust drops and stays
    locked (no automatic promotion) while it is in force."""
    now = deps.clock.now()
    fields: UserPatch = {}
    if action is Action.WARN:
        fields["trust_level"] = max(0, user.trust_level - 1)
        fields["trust_locked_until"] = now + timedelta(days=7)
    elif action is Action.MUTE:
        assert until is not None
        fields.update({"muted_until": until, "trust_level": 0, "trust_locked_until": until})
    elif action is Action.SUSPEND:
        fields.update(
            {
                "status": AccountStatus.SUSPENDED,
                "status_until": until,
                "trust_level": 0,
                "trust_locked_until": until or now + FOREVER,
            }
        )
    elif action is Action.BAN:
        fields.update(
            {
                "status": AccountStatus.BANNED,
                "status_until": None,
                "trust_level": 0,
                "trust_locked_until": now + FOREVER,
            }
        )
    _never_lighten(user, fields, now)
    if user.status is AccountStatus.ERASED:
        # The sanction is recorded on the case (a ban keeps the erased
        # account's device matched for ban evasion) but never brings the
        # account back: it stays erased.
        fields.pop("status", None)
        fields.pop("status_until", None)
    user = await uow.users.update(user.id, **fields)
    if action in (Action.SUSPEND, Action.BAN):
        # Every socket of the account, on every node; nothing else is
        # revoked: the account can still sign in to read notices and appeal.
        event = CloseUser(user.id, CLOSE_SUSPENDED, action.value)
        uow.publish(event)
    return user


def _never_lighten(user: User, fields: UserPatch, now: datetime) -> None:
    """A new sanction adds to what is in force and never shortens it: a
    one-hour suspension does not end a ban, a short mute does not cut a long
    one (each case keeps its own term; see services/restrictions.py)."""
    muted = user.muted_until
    if "muted_until" in fields and muted is not None:
        new = fields["muted_until"]
        if new is not None and muted > new:
            fields["muted_until"] = muted
    if "status" in fields and user.status in STATUS_OF.values():
        current_until = user.status_until
        if current_until is None or current_until > now:
            current = Term(_ACTION_OF[user.status], current_until)
            new_action = Action.BAN if fields["status"] is AccountStatus.BANNED else Action.SUSPEND
            if current.rank() > Term(new_action, fields.get("status_until")).rank():
                fields["status"], fields["status_until"] = user.status, current_until
    locked = user.trust_locked_until
    if "trust_locked_until" in fields and locked is not None:
        new_lock = fields["trust_locked_until"]
        if new_lock is not None and locked > new_lock:
            fields["trust_locked_until"] = locked


_ACTION_OF = {status: action for action, status in STATUS_OF.items()}


def check_other_moderator(case: Case, staff: User) -> None:
    """DSA art. 20: an appeal is decided by someone other than who acted."""
    if case.acted_by == staff.id:
        raise NotAllowed(reason="own_decision")

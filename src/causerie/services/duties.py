"""Separation of duties in moderation (docs/moderation.md, "Staff").

Staff rights hold only while the staff account itself is under no sanction;
nobody reads in full, or acts on, a case they are a party to (its subject, a
member of the reported conversation, a reporter, or the author of the
decision under appeal); cases about a staff account are for admins only; a
reporter's identity is shown to admins only. The audit log records every
action; these rules refuse the ones that must not happen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from causerie.domain.errors import NotAllowed, NotFound
from causerie.domain.incidents import merged_targets
from causerie.domain.models import Role, RoomKind, User
from causerie.domain.moderation import Case, CaseKind, TargetType
from causerie.ports import UnitOfWork
from causerie.services.access import sanctioned


def require_staff(user: User, now: datetime) -> None:
    """Staff, and under no sanction: a banned, suspended or muted moderator
    (or admin) is an ordinary member until it ends — the whole moderation
    section answers 404, as to anyone else."""
    if not user.is_staff or sanctioned(user, now):
        raise NotFound()


@dataclass(frozen=True, slots=True)
class Parties:
    """Who a case is about, who reported it, and who decided what it appeals."""

    subjects: frozenset[str]
    reporters: frozenset[str]
    deciders: frozenset[str]
    about_staff: bool

    def includes(self, user_id: str) -> bool:
        return user_id in self.subjects or user_id in self.reporters or user_id in self.deciders


async def _subjects(uow: UnitOfWork, case: Case) -> set[str]:
    found: set[str] = {case.subject_id} if case.subject_id else set()
    targets = [(case.target_type.value, case.target_id)]
    # A case that merged several sources (one per incident) keeps the
    # parties of each: a member of a flagged private conversation stays a
    # party when a report on one of its messages joined the case.
    targets += merged_targets(case)
    for target_type, target_id in targets:
        found |= await _target_subjects(uow, target_type, target_id, bool(case.subject_id))
    return found


async def _target_subjects(
    uow: UnitOfWork, target_type: str, target_id: str, has_subject: bool
) -> set[str]:
    found: set[str] = set()
    if target_type == TargetType.USER.value:
        found.add(target_id)
    elif target_type == TargetType.MESSAGE.value:
        # Cases on a message are opened with its author as the subject
        # (reports, held messages); the message is read anyway for its room:
        # in a private conversation every member is a party (the other
        # member is the one it was said to), wherever the case came from.
        message = await uow.messages.get(target_id)
        held = None if message is not None else await uow.held.get(target_id)
        author = message.author_id if message is not None else held.author_id if held else None
        if author is not None and not has_subject:
            found.add(author)
        room_id = message.room_id if message is not None else held.room_id if held else None
        if room_id is not None:
            found |= await _dm_members(uow, room_id)
    elif target_type == TargetType.ROOM.value:
        found |= await _dm_members(uow, target_id)
    return found


async def _dm_members(uow: UnitOfWork, room_id: str) -> set[str]:
    """Both members of a private conversation (nobody for a public room)."""
    room = await uow.rooms.get(room_id)
    if room is None or room.kind is not RoomKind.DM:
        return set()
    conversation = await uow.conversations.get(room.id)
    return set(conversation.members()) if conversation is not None else set()


async def parties(uow: UnitOfWork, case: Case) -> Parties:
    return (await parties_of(uow, [case]))[case.id]


async def parties_of(uow: UnitOfWork, cases: list[Case]) -> dict[str, Parties]:
    """The parties to each case (by id); the accounts read in one query."""
    found: dict[str, tuple[set[str], set[str], set[str]]] = {}
    reported = await uow.cases.reporters_of([c.id for c in cases])
    for case in cases:
        subjects = await _subjects(uow, case)
        reporters = set(reported.get(case.id, ()))
        deciders = {case.acted_by} if case.acted_by else set()
        if case.kind is CaseKind.APPEAL:
            # Whoever the appealed case was about or reported by is a party too.
            appealed_id = next((s.get("case") for s in case.signals if s.get("case")), None)
            appealed = await uow.cases.get(str(appealed_id)) if appealed_id else None
            if appealed is not None:
                subjects |= await _subjects(uow, appealed)
                reporters |= {r.reporter_id for r in await uow.cases.reports(appealed.id)}
                if appealed.acted_by:
                    deciders.add(appealed.acted_by)
                deciders |= {a.moderator_id for a in await uow.cases.actions(appealed.id)}
        found[case.id] = (subjects, reporters, deciders)
    staff = {
        u.id
        for u in (await uow.users.get_many({i for s, _, _ in found.values() for i in s})).values()
        if u.role is not Role.USER
    }
    return {
        case_id: Parties(
            subjects=frozenset(subjects),
            reporters=frozenset(reporters),
            deciders=frozenset(deciders),
            about_staff=bool(subjects & staff),
        )
        for case_id, (subjects, reporters, deciders) in found.items()
    }


def may_list(staff: User, found: Parties) -> bool:
    """Whether the case shows in ``staff``'s queue: not a party to it, and,
    for a case about staff, an admin."""
    if found.includes(staff.id):
        return False
    return not found.about_staff or staff.role is Role.ADMIN


def check_may_handle(staff: User, found: Parties) -> None:
    """Reading a case in full or acting on it: a party gets 403
    ``not_allowed``; a moderator asking for a case about staff gets 404, as
    if it did not exist (it is in the admins' queue only)."""
    if found.includes(staff.id):
        raise NotAllowed(reason="own_case")
    if found.about_staff and staff.role is not Role.ADMIN:
        raise NotFound()


def sees_reporters(staff: User) -> bool:
    """Reporters' identities are for admins (abuse of reporting, requests
    from authorities); a moderator decides on the content, not on who sent
    it, and sees a reporter only where the evidence itself shows them."""
    return staff.role is Role.ADMIN

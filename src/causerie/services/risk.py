"""The conversation risk scorer, live: every private message is folded into
its conversation's state after the commit (never on the ack's path).

The state is derivable from the stored messages, so it is only a cache: a
node that restarts, or that sees a conversation whose other side talks
through another node, catches up by reading the missing seqs from the
database. Work per message stays constant (the scorer's state is bounded by
the number of signal kinds).

One thing runs before delivery (session 7, review 12): ``held_reasons``
reads, inside the sender's write transaction, what the conversation would
become with the new message. When that message takes it to ``high`` for
recruitment or sextortion, with its author the suspect, the message is held
for a moderator instead of delivered (docs/safety.md, "Held by the
conversation"); a scorer flag alone only escalated before, and the message
that completed a split recruitment ("ma femme dort" / "viens" / "elle saura
rien") reached its reader. It never writes to the cached state: the stored
messages stay the state's only source.

When a conversation reaches ``medium`` or ``high`` the escalation hook opens
a moderation case with the signals; when a meeting is proposed, the other
member gets safety guidance, at most once per conversation per day; when
the parts of a sextortion add up, the other member gets the help card
(services/help_cards.py)."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from causerie.domain.models import AccountStatus, Message, User
from causerie.domain.moderation import NoticeKind
from causerie.safety import signals as sig
from causerie.safety.scorer import (
    Assessment,
    ConversationScorer,
    ConversationState,
    Participant,
    Signal,
    crimes_of,
)
from causerie.services import help_cards
from causerie.services.deps import Deps
from causerie.services.notices import send_notice

if TYPE_CHECKING:
    from causerie.ports import UnitOfWork

log = logging.getLogger(__name__)

LEVEL_ORDER = {"none": 0, "low": 1, "medium": 2, "high": 3}
ESCALATE_FROM = "medium"
NOTICE_EVERY = timedelta(days=1)
MEETING_WINDOW = timedelta(days=7)
REBUILD_LIMIT = 1000
# Held before delivery: the crimes of the seed (docs/moderation.md: top
# priority) when the new message takes the conversation to this level.
# A group ambush planned over several messages is one (s11ambush): the
# victim is lured to a place where several wait to beat or rob them.
HOLD_CRIMES = frozenset({"recruitment", "sextortion", "ambush"})
HOLD_LEVEL = "high"
HOLD_REASON = "conversation_risk"
SPLIT_REASON = "split_message"  # completes something cut over several messages
# On the ack's path, a conversation the node has not read yet is read from
# its last messages only (the background scorer still reads it all).
PEEK_LIMIT = 200
_LAST_SEQ = 2**31 - 1  # seqs are 32-bit integers in PostgreSQL

Escalate = Callable[[Deps, str, Assessment, Message], Awaitable[None]]

MEETING_CODE = "meeting_safety"
MEETING_NOTICE = {
    "fr": (
        "On te propose une rencontre. Pour ta sécurité : choisis un lieu public et "
        "fréquenté, en journée ; préviens un proche et dis-lui où tu vas ; viens "
        "accompagné·e si tu le peux ; ne monte pas dans la voiture de quelqu'un. Si quelque "
        "chose t'inquiète, signale la conversation."
    ),
    "en": (
        "Someone proposed to meet you. To stay safe: pick a busy public place, in daytime; tell "
        "a friend where you are going; bring someone along if you can; don't get into someone's "
        "car. If anything worries you, report the conversation."
    ),
}


@dataclass(slots=True)
class _Watch:
    state: ConversationState
    last_seq: int = 0
    escalated: str = "none"
    noticed_at: dict[str, datetime] = field(default_factory=dict)
    helped: bool = False  # the sextortion help card went out
    crimes: frozenset[str] = frozenset()  # escalated as recruitment/sextortion


# An ``Escalate`` callback: its signature is the protocol's, used or not.
async def log_escalation(deps: Deps, room_id: str, assessment: Assessment, msg: Message) -> None:  # noqa: ARG001
    log.warning(
        "risky conversation %s: %s %.2f %s",
        room_id, assessment.level, assessment.risk, [s.name for s in assessment.signals],
    )  # fmt: skip


class RiskMonitor:
    def __init__(self, escalate: Escalate = log_escalation, max_rooms: int = 20_000) -> None:
        self._scorer = ConversationScorer()
        self._rooms: OrderedDict[str, _Watch] = OrderedDict()
        self._locks: dict[str, asyncio.Lock] = {}
        self._meetings: dict[str, dict[str, datetime]] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self._max_rooms = max_rooms
        self.escalate = escalate

    def observe_later(self, deps: Deps, message: Message, members: tuple[str, ...]) -> None:
        """Schedule ``observe`` so the sender's ack never waits for it."""
        task = asyncio.get_running_loop().create_task(self.observe(deps, message, members))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def observe_edit_later(self, deps: Deps, message: Message, members: tuple[str, ...]) -> None:
        """An author edited a private message: its new text is read as one
        more line of the conversation (an edit is no way round the scorer)."""
        task = asyncio.get_running_loop().create_task(self.observe_edit(deps, message, members))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def observe_edit(self, deps: Deps, message: Message, members: tuple[str, ...]) -> None:
        try:
            await self._observe_edit(deps, message, members)
        except Exception:
            log.exception("risk scoring of an edit failed for room %s", message.room_id)

    async def _observe_edit(self, deps: Deps, message: Message, members: tuple[str, ...]) -> None:
        lock = self._locks.setdefault(message.room_id, asyncio.Lock())
        async with lock:
            watch = self._rooms.get(message.room_id)
            if watch is None or watch.last_seq < message.seq:
                # Not read this far yet: reading up to it reads the new text
                # from the database.
                return
            # What was said before stays in the state: the edit adds to it.
            watch.state, new_signals = self._scorer.add_message(
                watch.state, message.author_id, message.text
            )
            await self._judge(deps, watch, message, members, new_signals)

    async def held_reasons(
        self,
        deps: Deps,
        uow: UnitOfWork,
        room_id: str,
        author_id: str,
        text: str,
        members: tuple[str, ...],
    ) -> list[str]:
        """Why ``text`` from ``author_id`` must be held although the filter
        passed it: it takes the conversation to ``high`` for recruitment or
        sextortion, its author the suspect (``[crime, "conversation_risk"]``),
        or it completes an insult, a slur or (from a minor or a new account)
        contact details cut over the author's last short messages
        (``[reason, "split_message"]``, ``ConversationScorer.held_by_pieces``);
        else ``[]``. Read inside the sender's write transaction, so messages
        of the same group commit count; the cached state is not changed."""
        watch = self._rooms.get(room_id)
        if watch is None:
            users = await uow.users.get_many(members)
            now = deps.clock.now()
            state = self._scorer.start(
                [self._participant(users[m], now) for m in members if m in users]
            )
            earlier = await uow.messages.before(room_id, None, PEEK_LIMIT)
        else:
            state = watch.state
            earlier = await uow.messages.after(room_id, watch.last_seq, _LAST_SEQ, PEEK_LIMIT)
        for message in earlier:
            state, _ = self._scorer.add_message(state, message.author_id, message.text)
        after_state = self._scorer.add_message(state, author_id, text)[0]
        # An insult or contact details cut over the author's last short
        # messages: the earlier pieces were delivered, this one is held. The
        # crime check still runs: a message may do both, and its reasons say so.
        pieces = self._scorer.held_by_pieces(after_state, author_id)
        split = [*pieces, SPLIT_REASON] if pieces else []
        before = self._scorer.assess(state)
        after = self._scorer.assess(after_state)
        crimes = crimes_of(after) & HOLD_CRIMES
        if after.level != HOLD_LEVEL or not crimes or after.suspect_id != author_id:
            return split
        if before.level == HOLD_LEVEL and crimes <= crimes_of(before):
            return split  # already there: this message did not take it there
        return [*sorted(crimes), HOLD_REASON, *split]

    async def drain(self) -> None:
        """Wait for pending observations (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def observe(self, deps: Deps, message: Message, members: tuple[str, ...]) -> None:
        try:
            await self._observe(deps, message, members)
        except Exception:
            log.exception("risk scoring failed for room %s", message.room_id)

    async def _observe(self, deps: Deps, message: Message, members: tuple[str, ...]) -> None:
        lock = self._locks.setdefault(message.room_id, asyncio.Lock())
        async with lock:
            watch = self._rooms.get(message.room_id)
            if watch is None or watch.last_seq < message.seq - 1:
                watch = await self._catch_up(deps, message, members, watch)
            if message.seq <= watch.last_seq:
                return
            new_signals = self._fold(watch, message)
            self._rooms.move_to_end(message.room_id)
            while len(self._rooms) > self._max_rooms:
                evicted, _ = self._rooms.popitem(last=False)
                self._locks.pop(evicted, None)
            await self._judge(deps, watch, message, members, new_signals)

    async def _judge(
        self,
        deps: Deps,
        watch: _Watch,
        message: Message,
        members: tuple[str, ...],
        new_signals: list[Signal],
    ) -> None:
        """Escalate, offer help, give meeting guidance: what the state now says."""
        assessment = self._scorer.assess(watch.state)
        crimes = crimes_of(assessment)
        level = LEVEL_ORDER[assessment.level]
        # Escalate again when the level rises, or when a crime of the
        # seed appears at a level already escalated (its case is critical).
        if level > max(LEVEL_ORDER[watch.escalated], LEVEL_ORDER[ESCALATE_FROM] - 1) or (
            crimes - watch.crimes and level >= LEVEL_ORDER[ESCALATE_FROM]
        ):
            watch.escalated = max(
                watch.escalated, assessment.level, key=lambda name: LEVEL_ORDER[name]
            )
            watch.crimes |= crimes
            await self.escalate(deps, message.room_id, assessment, message)
        if not watch.helped and "sextortion" in crimes:
            watch.helped = True
            await help_cards.offer(
                deps, help_cards.SEXTORTION, message.room_id, assessment.suspect_id or ""
            )
        if any(s.name in sig.MEETING_SIGNALS for s in new_signals):
            await self._meeting_guidance(deps, watch, message, members)

    def _fold(self, watch: _Watch, message: Message) -> list[Signal]:
        watch.state, new = self._scorer.add_message(watch.state, message.author_id, message.text)
        watch.last_seq = message.seq
        return new

    async def _catch_up(
        self, deps: Deps, message: Message, members: tuple[str, ...], watch: _Watch | None
    ) -> _Watch:
        if watch is None:
            watch = _Watch(state=self._scorer.start(await self._participants(deps, members)))
        upto = message.seq - 1
        async with deps.uow() as uow:
            missing = await uow.messages.after(
                message.room_id, max(watch.last_seq, upto - REBUILD_LIMIT), upto, REBUILD_LIMIT
            )
        for earlier in missing:
            self._fold(watch, earlier)
        self._rooms[message.room_id] = watch
        return watch

    async def _participants(self, deps: Deps, members: tuple[str, ...]) -> list[Participant]:
        async with deps.uow() as uow:
            users = await uow.users.get_many(members)
        now = deps.clock.now()
        return [self._participant(users[m], now) for m in members if m in users]

    def _participant(self, user: User, now: datetime) -> Participant:
        targets = self._meetings.get(user.id, {})
        recent = sum(1 for at in targets.values() if now - at < MEETING_WINDOW)
        return Participant(
            id=user.id,
            declared_age=user.age,
            account_age_days=(now - user.created_at).total_seconds() / 86400,
            verified=user.age_attested,
            recent_meeting_targets=recent,
        )

    async def _meeting_guidance(
        self, deps: Deps, watch: _Watch, message: Message, members: tuple[str, ...]
    ) -> None:
        now = deps.clock.now()
        for other in members:
            if other == message.author_id:
                continue
            self._meetings.setdefault(message.author_id, {})[other] = now
            last = watch.noticed_at.get(other)
            if last is not None and now - last < NOTICE_EVERY:
                continue
            watch.noticed_at[other] = now
            # A stored notice, not only a frame: a member offline now reads
            # it when they come back (GET /notices), live ones see it at once.
            async with deps.uow(write=True) as uow:
                recipient = await uow.users.get(other)
                if recipient is None or recipient.status is AccountStatus.ERASED:
                    continue
                text = MEETING_NOTICE.get(recipient.language, MEETING_NOTICE["fr"])
                await send_notice(
                    deps,
                    uow,
                    recipient,
                    NoticeKind.SAFETY,
                    text,
                    room_id=message.room_id,
                    code=MEETING_CODE,
                )
                await uow.commit()

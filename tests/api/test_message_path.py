"""The send path's three steps as services see them: ``admit`` names the
filter's decision, ``submit`` resolves to an outcome — a held message is
one, not an error — and each decision is counted once."""

from __future__ import annotations

from causerie.domain.models import Viewer
from causerie.services.access import load_viewer
from causerie.services.deps import Deps
from causerie.services.messages import Decision, Held, Sent, admit, submit
from tests.harness import Server, room_for_band, signup


async def _viewer(deps: Deps, user_id: str) -> Viewer:
    async with deps.uow() as uow:
        user = await uow.users.get(user_id)
        assert user is not None
        return await load_viewer(uow, user)


async def test_admit_names_the_filters_decision_without_writing(server: Server) -> None:
    deps = server.app.state.deps
    member = await signup(server)
    room = await room_for_band(member)
    viewer = await _viewer(deps, member.id)
    texts = {
        "bonjour à tous": Decision.ACCEPTED,
        "je vais te tuer": Decision.HELD,
    }
    async with deps.uow(write=True) as uow:
        for text, decision in texts.items():
            admission = await admit(deps, uow, viewer, room, text)
            assert admission.decision is decision
            assert admission.access.room.id == room and admission.text == text
            assert admission.verdict is not None
        head = (await uow.rooms.heads([room]))[room]
    assert head == 0  # admitting takes no seq and writes nothing


async def test_a_held_send_resolves_to_held_and_is_kept_for_a_moderator(server: Server) -> None:
    deps = server.app.state.deps
    member = await signup(server)
    room = await room_for_band(member)
    viewer = await _viewer(deps, member.id)
    held_before = deps.message_filter.verdicts["hold"]
    outcome = await (await submit(deps, viewer, room, "kept-1", "je vais te tuer"))
    assert isinstance(outcome, Held)
    assert "threat" in outcome.reasons
    assert outcome.held.text == "je vais te tuer" and outcome.held.client_id == "kept-1"
    assert deps.message_filter.verdicts["hold"] == held_before + 1
    async with deps.uow() as uow:
        stored = await uow.held.get(outcome.held.id)
        assert (await uow.rooms.heads([room]))[room] == 0
    assert stored is not None and stored.case_id is not None
    # An ordinary send beside it is stored and acknowledged.
    sent = await (await submit(deps, viewer, room, "fine-1", "bonjour"))
    assert isinstance(sent, Sent) and sent.message.seq == 1 and not sent.duplicate

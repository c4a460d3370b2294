"""Help cards: a safety notice for the person a crime is aimed at.

When someone in a conversation is being sextorted (an intimate image, a
threat to send it, a demand), the other members get a stored ``safety``
notice and, live, a ``notice`` frame: do not pay, keep the evidence, report,
who to call (3018 in France), how to get the image taken down. Sent when
the filter holds a sextortion message and when the conversation scorer sees
the parts of one across messages; at most once a day per person.
"""

from __future__ import annotations

from datetime import timedelta

from causerie.domain.moderation import NoticeKind
from causerie.services.deps import Deps
from causerie.services.notices import send_notice

SEXTORTION = "sextortion"
EVERY = timedelta(days=1)
_RECENT = 50

TEXTS = {
    SEXTORTION: {
        "fr": (
            "Quelqu'un te menace de diffuser une image intime ? Tu n'es pas seul·e et ce "
            "n'est pas ta faute. Ne paie pas et n'envoie rien d'autre : payer n'arrête pas "
            "le chantage. Garde les preuves (ne supprime pas la conversation, fais des "
            "captures), bloque la personne et signale-la : nos modérateurs ont déjà le "
            "message. Appelle le 3018 (gratuit, anonyme, 7j/7) ou va sur 3018.fr. Pour "
            "faire retirer l'image : Take It Down (takeitdown.ncmec.org) si tu avais moins "
            "de 18 ans, StopNCII.org si tu es majeur·e. Tu peux aussi porter plainte à la "
            "police ou à la gendarmerie."
        ),
        "en": (
            "Is someone threatening to share an intimate image of you? You are not alone "
            "and it is not your fault. Don't pay and don't send anything else: paying does "
            "not stop the blackmail. Keep the evidence (don't delete the conversation, take "
            "screenshots), block the person and report them: our moderators already have "
            "the message. In France call 3018 (free, anonymous, every day) or visit "
            "3018.fr. To get the image taken down: Take It Down (takeitdown.ncmec.org) if "
            "you were under 18, StopNCII.org if you are an adult. You can also report it "
            "to the police."
        ),
    }
}


def text_for(card: str, language: str) -> str:
    texts = TEXTS[card]
    return texts.get(language, texts["fr"])


async def offer(
    deps: Deps, card: str, room_id: str, sender_id: str, case_id: str | None = None
) -> list[str]:
    """Send ``card`` to every member of the conversation ``room_id`` except
    ``sender_id``; returns who got it (not those who had it in the last day)."""
    now = deps.clock.now()
    sent: list[str] = []
    async with deps.uow(write=True) as uow:
        conversation = await uow.conversations.get(room_id)
        if conversation is None:
            return []
        others = [m for m in conversation.members() if m != sender_id]
        users = await uow.users.get_many(others)
        for user in users.values():
            text = text_for(card, user.language)
            recent = await uow.notices.for_user(user.id, _RECENT)
            if any(
                n.kind is NoticeKind.SAFETY and n.text == text and now - n.created_at < EVERY
                for n in recent
            ):
                continue
            await send_notice(deps, uow, user, NoticeKind.SAFETY, text, case_id=case_id)
            sent.append(user.id)
        await uow.commit()
    return sent

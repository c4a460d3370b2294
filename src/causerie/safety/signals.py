"""The conversation signals: names, weights and what each one means.

A weight is the evidence one occurrence adds to its sender's score; the
scorer turns scores into a risk between 0 and 1 (see ``scorer``). Names are
stable snake_case codes shown to moderators and written by
``causerie safety score``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SignalKind:
    name: str
    weight: float
    meaning: str


_KINDS = (
    SignalKind("age_question", 0.7, "asks the other person's age or whether they are a minor"),
    SignalKind("school_question", 0.8, "asks which school or class, or when school ends"),
    SignalKind("location_question", 0.6, "asks where the other person lives or their address"),
    SignalKind(
        "parents_absent", 1.1, "asks whether parents are home, watching, or check the phone"
    ),
    SignalKind("flattery", 0.5, "compliments maturity or looks, 'age is just a number'"),
    SignalKind("special_bond", 0.8, "claims a special bond, 'only I understand you', 'trust me'"),
    SignalKind("secrecy", 1.4, "asks to keep things secret or to delete the conversation"),
    SignalKind("off_platform", 1.1, "asks to move to another app or for a phone number"),
    SignalKind("gift_offer", 0.9, "offers gifts, money, game currency"),
    SignalKind("money_request", 1.0, "asks for money, gift cards, bank details"),
    SignalKind("photo_request", 1.0, "asks for photos, videos, the camera, clothing details"),
    SignalKind("meeting_proposal", 0.6, "proposes to meet in person"),
    SignalKind("meeting_alone", 1.2, "insists the other person comes alone or tells no one"),
    SignalKind("meeting_night", 0.8, "proposes a meeting late at night"),
    SignalKind("isolated_place", 1.2, "proposes an isolated place, a car"),
    SignalKind("private_place", 0.6, "proposes a meeting at someone's home"),
    SignalKind("video_refusal", 0.8, "refuses a video call or the camera"),
    SignalKind("place_change", 0.9, "changes the meeting place after a meeting was proposed"),
    SignalKind("personal_data", 0.8, "gives or shows a phone number, e-mail, address or handle"),
    SignalKind("age_mismatch", 1.2, "states an age far from the declared one"),
    SignalKind("threat", 2.2, "threatens violence or to leak images"),
    SignalKind("hate", 2.0, "hateful slur or dehumanising statement"),
    SignalKind("sexual_content", 0.9, "explicit sexual content"),
    SignalKind("minor_sexualisation", 3.5, "sexualises minors"),
    # Intent rules (checks/intent.py): the category fired in one message.
    SignalKind("recruitment", 4.0, "recruits strangers against someone who cannot consent"),
    SignalKind("sextortion", 3.5, "threatens to spread an intimate image unless paid"),
    SignalKind("doxxing", 2.2, "exposes someone else's address, school, routine or location"),
    SignalKind("scam", 1.8, "romance, crypto, customs-fee, gift-card or bank-code scam"),
    SignalKind("harassment", 2.0, "insults, degrades or tells someone to kill themselves"),
    # Their parts, which may come one per message.
    SignalKind("incapacitated_third_party", 1.0, "a third party asleep, drugged, 'won't know'"),
    SignalKind("covert_logistics", 0.8, "come at night, park away, no perfume, leave before dawn"),
    SignalKind("recruit_vetting", 0.6, "vets a recruit: discreet?, photo and age"),
    SignalKind("intimate_image", 0.6, "claims to hold an intimate image or recording"),
    SignalKind("image_audience", 0.6, "names who would receive it: family, school, followers"),
    SignalKind("coercion", 0.5, "'or else', a deadline, 'you choose'"),
    SignalKind("money_amount", 0.2, "an amount of money written with digits ('300€', '$50')"),
    SignalKind("insult", 0.6, "an insult or put-down aimed at someone"),
    # A group ambush's parts (checks/ambush.py), which may come one per message.
    SignalKind("ambush_lure", 0.5, "lures someone to a place: fake date, fake sale, fake profile"),
    SignalKind("ambush_group", 0.5, "a group waiting, a hiding place or a surprise attack"),
    SignalKind("ambush_violence", 0.5, "violence or robbery planned against a person"),
)
KINDS = {kind.name: kind for kind in _KINDS}

# Signals that describe a person's situation more than the sender's intent:
# they still appear in the explanation but a real victim's answers weigh less.
GROOMING_OPENERS = frozenset(
    {"age_question", "school_question", "parents_absent", "special_bond", "gift_offer"}
)
GROOMING_MOVES = frozenset(
    {"secrecy", "off_platform", "photo_request", "meeting_proposal", "sexual_content",
     "private_place", "meeting_alone"}
)  # fmt: skip
AMBUSH_DETAILS = frozenset(
    {"meeting_alone", "meeting_night", "isolated_place", "private_place", "video_refusal",
     "place_change"}
)  # fmt: skip
# A group ambush: two of its parts from one sender, in any order and message.
AMBUSH_PLAN_PARTS = frozenset({"ambush_lure", "ambush_group", "ambush_violence"})
MEETING_SIGNALS = frozenset({"meeting_proposal", "meeting_alone", "place_change"})
# Recruitment: a third party who cannot consent meets logistics or vetting.
RECRUITMENT_VICTIM = frozenset({"incapacitated_third_party"})
RECRUITMENT_MOVES = frozenset({"covert_logistics", "recruit_vetting", "meeting_night"})
# Sextortion parts: three of them from one sender, in any order and message.
SEXTORTION_PARTS = frozenset(
    {"intimate_image", "image_audience", "money_request", "money_amount", "coercion"}
)
# Signals that make a case a threat to life or safety, or top priority.
THREAT_TO_LIFE = frozenset({"recruitment"})


def weight(name: str) -> float:
    return KINDS[name].weight

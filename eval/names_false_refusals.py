"""How often ordinary pseudonyms are refused, and whether the adversarial ones
still are.

    .venv/bin/python eval/names_false_refusals.py [--count 4000] [--seed 5] [--show 20]

Ordinary pseudonyms are generated the way people build them: a first name or
a common word (French and English), sometimes two joined, then nothing,
digits, a year, a hex suffix (as clients and bots add: "fb164", "a3e8")
or a two-digit age-like number, with "_", ".", "-" or nothing between, in
several cases. Generated names are ordinary by construction, so every
refusal is a false one (the few generated names that really spell a stem,
e.g. a word that is a staff title, are reported among the refusals to read).

The adversarial list is the review-12 set the rules must keep refusing:
both figures are printed, before and after a change to ``names.py``.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter

from causerie.safety.names import check_name


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "lea emma jade louise alice chloe lina mia rose anna julia manon camille sarah ines zoe "
    "lucas hugo louis gabriel arthur jules adam raphael paul nathan tom theo noah ethan leo "
    "mathis enzo sacha maxime antoine clement bastien yanis amine karim nadia fatou moussa "
    "olivia amelia isla ava emily grace sophie ella lily freya oliver george harry jack "
    "charlie jacob thomas oscar william james henry alfie archie joshua daniel ben sam kevin "
    "abdel yasmine kenza ilyes rayan aya lucie margaux oceane romane pauline marion elodie "
    "julien nicolas vincent pierre francois benoit fabien cedric florian quentin romain"
)
WORDS = _words(
    "chat loup soleil lune etoile ocean foret pomme fraise cafe the musique guitare piano "
    "danse velo foot basket tennis rugby manga anime pixel gamer rider surf ski neige pluie "
    "orage nuage sky star moon sun wolf fox bear tiger lion shadow ghost dragon ninja pirate "
    "coffee tea cookie muffin pizza taco bubble honey sugar candy cherry peach mango lemon "
    "storm river lake hill rock metal jazz blues beat vibe dream happy lucky sunny cool "
    "abonne abonnee voyageur voyageuse lecteur lectrice reveur reveuse poete artiste "
    "bookworm traveller reader dreamer writer painter runner swimmer climber hiker baker"
)
SEPARATORS = ("", "", "_", ".", "-")


def _suffix(rng: random.Random) -> str:
    kind = rng.randrange(7)
    if kind == 0:
        return ""
    if kind == 1:
        return str(rng.randrange(1, 100))
    if kind == 2:
        return str(rng.randrange(1960, 2012))
    if kind == 3:
        return f"{rng.getrandbits(16):04x}"[: rng.randrange(3, 5)]
    if kind == 4:
        return f"{rng.getrandbits(24):06x}"
    if kind == 5:
        return str(rng.randrange(100, 1000))
    return f"{rng.randrange(0, 10000):04d}"


def _case(rng: random.Random, text: str) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return text.lower()
    if kind == 1:
        return text.capitalize()
    if kind == 2:
        return text.upper()
    return "".join(part.capitalize() for part in text.split(" "))


def ordinary(rng: random.Random) -> str:
    stems = [rng.choice(FIRST_NAMES if rng.random() < 0.6 else WORDS)]
    if rng.random() < 0.25:
        stems.append(rng.choice(WORDS if rng.random() < 0.5 else FIRST_NAMES))
    separator = rng.choice(SEPARATORS)
    body = _case(rng, " ".join(stems)).replace(" ", separator or "")
    suffix = _suffix(rng)
    return body + (rng.choice(SEPARATORS) if suffix else "") + suffix


ADVERSARIAL = (
    "daddy4teen", "teen4daddy", "Papa_pour_ado", "jeunette", "Jeunette_83", "coquine_14",
    "15ans_chaude", "cherche_lyceenne", "nymphette", "l0lita", "l0l1ta_2010", "barely18",
    "xXpedoXx", "sexy13", "Jeune_Sexy", "Adm1n", "causerie_staff", "Modérateur",
    "m o d e r a t o r", "nazi88", "n1gger", "Ηitler", "Police_Nationale", "PoIice_Nationale",
    "gendarmerie", "Gendarrnerie", "Ꮇoderator", "Аdmin", "ᎷᎾᎠᎾ", "Adrnin", "Mod_Team",
    "ｍｏｄｏ", "FBI_agent", "agent.fbi", "f.b.i", "FBI", "the_fbi_07", "bonne_14", "chaude13",
    "sexy_12yo", "p3d0", "s3xy_15", "h0t14", "hot_14", "daddy_4_teens",
    # Session 7: girlish names with a child's age, police/justice titles and slang.
    "minette14", "lolita_13", "Lola14chaude", "petite_13ans", "OPJ_Martin", "Flic_Lyon",
    "Keuf", "keufdu93", "Gendarme69", "Modo_officiel", "Juge_Dupont", "Cop_Mike",
    "Commissaire_Moreau",
)  # fmt: skip
# Real names and words that hold one of those stems and must stay allowed.
INNOCENT_LOOKALIKES = (
    "Martine", "Martin", "Flicka", "Flickr_fan", "Copain", "Copine", "Copernic", "Jugement",
    "Judith", "Detective_Conan", "Inspecteur_Gadget", "Minette", "Lea_14", "Lucas_14ans",
    "Petite_Lea", "Agent47", "Sergent_Pepper", "Bacon", "Scooby", "Keziah", "Gendron",
)  # fmt: skip


def with_hex(rng: random.Random) -> str:
    """A first name or word with a random hex suffix, as a client adds one."""
    body = _case(rng, rng.choice(FIRST_NAMES if rng.random() < 0.6 else WORDS))
    digits = rng.randrange(3, 9)
    return body + rng.choice(SEPARATORS) + f"{rng.getrandbits(4 * digits):0{digits}x}"


def _report(title: str, names: list[str], show: int) -> None:
    refused = [(name, check_name(name).reason) for name in names]
    refused = [(name, reason) for name, reason in refused if reason is not None]
    print(f"{title}: refused {len(refused)}/{len(names)} ({100 * len(refused) / len(names):.2f} %)")
    print("  by reason:", dict(Counter(reason for _, reason in refused)))
    for name, reason in refused[:show]:
        print(f"  {reason:22} {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--show", type=int, default=20)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    _report("ordinary pseudonyms", [ordinary(rng) for _ in range(args.count)], args.show)
    _report("with a hex suffix", [with_hex(rng) for _ in range(args.count)], args.show)
    kept = [name for name in ADVERSARIAL if check_name(name).allowed]
    print(f"adversarial refused: {len(ADVERSARIAL) - len(kept)}/{len(ADVERSARIAL)}")
    for name in kept:
        print(f"  allowed: {name}")
    wrong = [name for name in INNOCENT_LOOKALIKES if not check_name(name).allowed]
    print(f"innocent look-alikes refused: {len(wrong)}/{len(INNOCENT_LOOKALIKES)}")
    for name in wrong:
        print(f"  refused: {name} ({check_name(name).reason})")


if __name__ == "__main__":
    main()

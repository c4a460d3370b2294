"""Session 15: moves on minors that depend on who reads (the sender's band
and the room), read after the intent rules (``checks/intent``): a sexual
question put to a teen, minors sought "here" by an adult or by someone who
says they are grown in a teen room, a secret asked of a teen in private,
and a child named by birth year. Session 19: a minor named by age or school
year and leered at (``leered_at``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from causerie.safety import emoji, reported
from causerie.safety.normalise import canonical, phrase_pattern
from causerie.safety.verdict import Scanned, SenderContext

# "de 2015" / "from 2015" is a birth only after someone ("une fille de 2012",
# "girls from 2011"): session 28 found "ours is from 2015" (a consent form)
# and "la loi de 2015" read as a child's birth.
_BIRTH_YEAR = re.compile(
    r"\b(?:nee?s? en|born in|(?:file|files|meuf|meufs|gars|mec|mecs|garcon|garcons|ado|ados"
    r"|gamin|gamine|gamins|gamines|gosse|gosses|quelqu un|quelquun|qn|qi|qlqi|qlqn|personne"
    r"|gens|ceux|celes|les|des|go|gos|jeune|jeunes|any1|some1"
    r"|girl|girls|boy|boys|kid|kids|someone|anyone|people|those|ones|teen|tens|gf|bf)"
    r" (?:de|from|du))"
    r" (20[0-2]\d)\b"
)
_CHILD_YEARS = 14  # a child born this many years ago or less is under 15
# Session 17 (review s17b): "born 2010 or later", "nées en 2011", "né(e)s
# après 2009": someone born this recently is under 18.
_BORN = re.compile(
    r"\b(?:nee?s?|born|ne|nes)(?: in| en| apres| after| since| depuis)? (20[0-2]\d)\b"
)
_MINOR_YEARS = 17


def child_birth_year(text: str) -> bool:
    """A birth year that makes someone under 15 this year ("née en 2013"),
    on the canonical text."""
    born = _BIRTH_YEAR.search(text)
    return born is not None and int(born.group(1)) >= date.today().year - _CHILD_YEARS


def minor_birth_year(text: str) -> bool:
    """A birth given as a year that makes someone under 18 this year ("nées
    en 2011", "born 2010 or later"), on the canonical text."""
    return any(int(m.group(1)) >= date.today().year - _MINOR_YEARS for m in _BORN.finditer(text))


_IF_ASKED = re.compile(
    phrase_pattern(
        ["si quelqu un", "si qqn", "si un mec", "si un inconnu", "si on", "if anyone",
         "if someone", "if somebody", "if a guy", "if a stranger", "if any guy"]
    ).pattern
    + r" (?:\w+ ){0,2}(?:demande|demandent|asks|ask|asked|wants|veut)\b"
)  # fmt: skip


def sexual_probe(message: Scanned) -> bool:
    """Session 15: a sexual question or request put to the reader among
    teens ("t'es encore vierge ?", "what r u wearing rn 😏", "tu dors en
    quoi", "i could teach u things", "send one without the hoodie"): the
    guide's sexual talk with someone under 18. The training split's authors
    labelled 342 minor-sexualisation messages the rules let through, most of
    them such questions in a teen's private messages. Quoted in a report
    ("il m'a demandé 't'es vierge ?', je fais quoi") it is not the sender's."""
    # Session 22: "envoie une photo de toi en maillot du psg" is the club's
    # shirt, not a swimsuit (``jersey`` overlapping the probe).
    jerseys = message.hits_of("intent", "jersey")
    probes = [
        hit
        for hit in message.hits_of("intent", "sexual_probe")
        if not any(j.start < hit.end + 1 and hit.start <= j.start for j in jerseys)
    ]
    if not probes:
        return False
    # Session 19: a teen telling what someone asked of them ("un type m'a
    # demandé une photo en brassière, c normal ?") asks nothing; session 22
    # (review s22): nor does a warning of what someone might ask ("si
    # quelqu'un vous demande des photos en sous-vêtements, bloquez").
    if message.hits_of("intent", "reported_speech") or _IF_ASKED.search(message.normalised.text):
        return False
    return any(not reported.in_quotes(message, hit) for hit in probes)


# Minors named by age (10 to 17), school level or a word only a predator uses
# of them; "ados" or "lycéens" alone are not here (an adult room's "y a des
# lycéens qui révisent le bac ?").
_MINORS_NAMED = re.compile(
    r"(?<!y a )(?<!il y a )\b(?:1[0-7]|dix|onze|douze|treize|quatorze|quinze|seize)"
    r" ?(?:ans|a|yo|yos|y o|years? old)\b(?! ?(?:d ecart|de diference|de plus|de moins|apart|older"
    r"|younger|ago|de mariage|de relation|d experience|de carriere|of marriage|together))"
    r"|(?<!\d)(?<!\d )\b1[0-7] ?(?:-|a|ou|or|to|et|/| ) ?1[0-8]\b(?! ?\d)"
    r"|\b(?:petites|ptites|jeunettes|jeunetes|minettes|minetes|mineures|underage|jailbait"
    r"|young teens|young tens|yng girls|teen girls|ten girls|teen boys|ten boys|under 1[4-7]s?"
    r"|moins de 1[4-7]|colegienes|pre ?tens|schoolgirls|(?:en|de) (?:4e|3e|4eme|3eme|seconde)"
    r"|4e ou 3e|3e ou 4e|year (?:9|10|11)|young ones|midle schol(?:ers|girls|boys)|colegiens"
    r"|(?:copines?|meufs?|fil?les?|gf|girlfriend|girls?|bf|boyfriend|copain|mecs?|nieces?"
    r"|daughter|son|nephew|cousine|soeur|sister) (?:de |around |of |aged |about )?1[0-7]\b"
    r"|ten (?:gf|girlfriend|bf|boyfriend)|teen (?:gf|girlfriend|bf|boyfriend))\b"
)
# Session 28: numbers that label things, not ages ("on a deux places aux
# postes 12 et 14 pour dimanche", "chambres 14-15", "tables 12 à 16"): the
# word right before a pair or a range of numbers says what they count.
_COUNTED_WORDS = (
    "poste", "postes", "place", "places", "numéro", "numéros", "n°", "no", "chambre",
    "chambres", "table", "tables", "room", "rooms", "seat", "seats", "ligne", "lignes",
    "line", "lines", "bus", "page", "pages", "bâtiment", "bâtiments", "bat", "salle",
    "salles", "porte", "portes", "gate", "gates", "quai", "quais", "platform", "platforms",
    "case", "cases", "lot", "lots", "rang", "rangs", "row", "rows", "stand", "stands",
    "emplacement", "emplacements", "pitch", "pitches", "tente", "tentes", "tent", "tents",
    "chapitre", "chapitres", "chapter", "chapters", "épisode", "épisodes", "episode",
    "episodes", "saison", "saisons", "season", "seasons", "tome", "tomes", "niveau",
    "niveaux", "level", "levels", "étage", "étages", "floor", "floors", "trou", "trous",
    "hole", "holes", "terrain", "terrains", "court", "courts", "casier", "casiers",
    "locker", "lockers", "box", "boxes", "cabine", "cabines", "piste", "pistes",
    "question", "questions", "exercice", "exercices", "exo", "exos", "article", "articles",
    "semaine", "semaines", "week", "weeks", "jour", "jours", "day", "days", "heures",
    "hours", "mois", "months", "minutes", "km", "kg", "euros", "€", "pounds", "quid",
    "taille", "tailles", "size", "sizes", "pointure", "pointures", "mirador", "miradors",
    "secteur", "secteurs", "zone", "zones", "allée", "allées", "aisle", "aisles", "route",
    "routes", "départementale", "dossard", "dossards", "maillot", "maillots", "shirt",
    "shirts", "joueur", "joueurs", "player", "players", "tour", "tours", "round", "rounds",
    "match", "matchs", "matches", "journée", "journées", "kilomètre", "kilomètres",
    # review s28
    "couchette", "couchettes", "bungalow", "bungalows", "rangée", "rangées", "chalet",
    "chalets", "cabin", "cabins", "bunk", "bunks", "lit", "lits", "mobil-home", "mobile home",
    "billet", "billets", "ticket", "tickets", "stall", "stalls", "parcelle", "parcelles",
)  # fmt: skip
_COUNTED = re.compile(phrase_pattern(_COUNTED_WORDS).pattern + r" $")


def _ages_named(text: str) -> Iterator[re.Match[str]]:
    """``_MINORS_NAMED``'s matches that are ages, not numbers labelling
    things (``_COUNTED``)."""
    for m in _MINORS_NAMED.finditer(text):
        if m.group(0)[:1].isdigit() and _COUNTED.search(text[max(0, m.start() - 30) : m.start()]):
            continue
        yield m


def _age_span(original: str) -> bool:
    """``_AGE_SPAN`` on the original text, not after a word for a thing counted."""
    lowered = original.lower()
    return any(
        not _COUNTED.search(canonical(lowered[max(0, m.start() - 30) : m.start()]).rstrip() + " ")
        for m in _AGE_SPAN.finditer(original)
    )


_SEEK_VERB = re.compile(
    r"\b(?:cherche|recherche|jcherche|loking for|lf|seking|searching for|i want|je veux|jveux"
    r"|veux une|veux un|want a|want some)\b"
)
# Teens named generically: sought by someone who says they are grown.
# Read on the original text: the canonical one spells "teens" as "tens".
_TEENS_NAMED = re.compile(
    r"\b(?:ados?|adolescente?s?|teens?|teenagers?|mineure?s?|lyc[ée]ennes?|minors?)\b"
)
_AGE_SPAN = re.compile(r"(?<![\d.,:/])1[0-7]\s?[-/àa]\s?1[0-8](?![\d.,:/h])")
# A sender who says they are grown ("mec de 30 ans", "h 45", "i'm 25").
_ADULT_SELF = re.compile(
    r"\b(?:j ai|jai|g|i m|im|i am|mec de|hom?me de|h|m|male|guy|man) (?:[2-6]\d)"
    r"(?: ?(?:ans|yo|y o|m|h|f))?\b|^ ?[2-6]\d ?(?:ans|yo|m|h)\b"
)
# A parent's own child, a notice, a report or the news: nobody is sought.
_NOT_SEEKING = re.compile(
    r"\b(?:my|mon|ma|mes|our|nos|notre|stepdad|stepmom|dad|mom|mum|maman|papa|parent|parents"
    r"|if you are|if ur|if u r|si tu as|si vous avez|si t as|leave|quitte|quittez|adults only"
    r"|reserve aux majeurs|for a \d+ ?yo|she wants|he wants|elle veut|il veut|coach|tutor|prof"
    r"|babysit|baby sit|garder|sondage|survey|stage|internship|mentent|qui mentent|lie about"
    r"|lying about|font semblant|pretend|pretending"
    # Session 21 (review s21): a teacher's or a volunteer's pupils.
    r"|teacher|teachers|enseignant|enseignante|students|eleves|benevoles|volunteers"
    r"|aide aux devoirs|soutien scolaire|homework help)\b"
)


# Session 17 (review s17b): in a teen room or a teen's private chat, a
# sender who says they are an adult ("j'ai 26 ans mais chut, les modos
# aiment pas ça", "im 22 actually dont tell"): bands never mix, so either the
# account's age is a lie or a teen is talking to an adult; a moderator must
# see it. With the unit, or a hushed "actually" (canonical spelling:
# "actualy"); not "20 ans de retard", not "i'm 20 minutes late", not a
# birthday ("j'ai 18 ans demain": 18 is left out).
_GROWN = r"(?:19|[2-6]\d)"
_GROWN_SELF = re.compile(
    r"\b(?:j ai|jai|g|i m|im|i am)\s" + _GROWN + r"\s?(?:ans|yo|y o|years old|yrs)\b(?!\s(?:de|d))"
)
_GROWN_HUSHED = re.compile(
    r"\b(?:j ai|jai|g|i m|im|i am|presque|almost|nearly|en vrai|actualy|realy)\s" + _GROWN + r"\b"
)
_HUSH = re.compile(
    r"\b(?:chut|shh+|dont tell|don t tell|dis rien|dis le a personne|entre nous|between us|"
    r"modos?|mods?|en vrai|actualy|irl)\b"
)


def grown_in_teen_room(message: Scanned, ctx: SenderContext) -> bool:
    """A sender in the teen band who says they are an adult (above)."""
    if ctx.band != "teen" or message.hits_of("intent", "reported_speech"):
        return False
    text = message.normalised.text
    return _GROWN_SELF.search(text) is not None or (
        _GROWN_HUSHED.search(text) is not None and _HUSH.search(text) is not None
    )


def sought_here(message: Scanned, ctx: SenderContext) -> bool:
    """Session 15: minors sought in the room or on the site ("ya des meufs
    en 4e ou 3e ici ? mp moi", "where are the young teens on here", "teen
    boys 13-16 only"): by an adult anywhere, or in a teen room by someone
    who says they are grown ("mec de 30 ans ici, les filles de 15 16 ans
    vous êtes où ?"). A parent (the ``parent`` frame) is not seeking."""
    seeks = [
        h for h in message.hits_of("intent", "seek_here") if not reported.in_quotes(message, h)
    ]
    if not seeks or message.hits_of("frame", "parent"):
        return False
    names = {hit.entry.name for hit in message.hits_of("intent")}
    if not names.isdisjoint(reported.TOLD_CUES) or "slur_report" in names:
        return False
    text = message.normalised.text
    if _NOT_SEEKING.search(text):
        return False
    grown = bool(message.hits_of("intent", "adult_self")) or _ADULT_SELF.search(text) is not None
    teens = _TEENS_NAMED.search(message.text.lower()) is not None
    if teens and (grown or (ctx.band == "adult" and _SEEK_VERB.search(text))):
        # "h 35 cherche ado", "im 28m looking for a teen gf"; any teen
        # sought in an adult room, unless a service is named (babysitting).
        return not message.hits_of("intent", "child_service")
    if child_birth_year(text):
        return True  # "une fille née en 2012 ici ?"
    if ctx.band == "teen" and not grown:
        return False
    # The canonical text joins "13-15" into "1315": the original keeps it.
    return next(_ages_named(text), None) is not None or _age_span(message.text)


# A teen's own secret or news ("dont tell anyone but i like jake", "c notre
# secret, jkiffe Hugo", "secret santa", "can u keep a secret? i got into the
# art program"): not a secret asked about the two of them.
_OWN_SECRET = re.compile(  # on the canonical text: doubled letters single ("kife")
    r"\b(?:i like|i think|i failed|i cried|i got|i did|aplying|jkife|je kife|j kife"
    r"|kife|kifes|je like|jai rate|j ai rate|j ai eu|jai eu|amoureux|amoureuse"
    r"|crush|ma mere|ma soeur|mon frere|my mum|my mom|my dad|my sister|mon pere|secret santa"
    r"|santa|admirer|admirateur|cadeau|present|surprise|anniv|birthday|tu kifes|u like"
    r"|you like|t as pleure|u cried|you cried|piercing|tato|tatoo|enceinte|pregnant"
    r"|homecoming|formal|bal|prom|homework|devoirs|prof|mr|mrs|screenshot|screenshoted"
    r"|je lui ai achete|jlui ai achete|il dit|elle dit|il a dit|elle a dit|he said|she said"
    r"|keep a secret|garder un secret|jte dis un secret|je te dis un secret|i l tel you a secret"
    # session 17 (review s17b): a family surprise ("chut garde le secret, on
    # prépare les 50 ans de maman avec papa")
    r"|maman|papa|mamie|papi|papy|on prepare|we re planing|we are planing|fete|party)\b"
)


def secret_asked(message: Scanned) -> bool:
    """Session 15: in a teen's private messages, a secret asked of them about
    the two of them ("dis rien à tes parents pour nous", "our little secret
    🤫") is the guide's grooming move in one message, even alone. In the
    training split 203 of the 232 private teen messages with a secret asked
    are held or refused; the others are a teen's own news told in
    confidence (``_OWN_SECRET``) or a story told."""
    cues = {hit.entry.name for hit in reported.unquoted(message, "cue")}
    if "secrecy" not in cues - {hit.entry.name for hit in message.hits_of("suppress")}:
        return False
    names = {hit.entry.name for hit in reported.unquoted(message, "intent")}
    if not names.isdisjoint(reported.TOLD_CUES) or message.hits_of("frame", "story"):
        return False
    return _OWN_SECRET.search(message.normalised.text) is None


# Session 19: a minor named by age or school year and leered at ("my niece
# is 14 and already a looker, want pics?", "13yo girls on tiktok are driving
# me crazy", "elle a 14 ans mais elle en fait 18 👀", "the sixth form girls
# 🤤"). The training split's authors labelled 170 such minor-sexualisation
# messages that the rules and the learned layer let through. The leer is a
# word (``minor_leer``) or an emoji of drool, devil, tongue, aubergine
# or splash; not 😏 or 🔥, which teens use of themselves. The sender's own age
# ("j'ai 15 ans 🤤 j'ai faim") names nobody else.
_LEER_EMOJI = ("\U0001f924", "\U0001f608", "\U0001f445", "\U0001f4a6", "\U0001f346")
_OWN_AGE = re.compile(r"\b(?:j ai|jai|g|i m|im|i am|moi|me) (?:1[0-7]|quinze|seize|quatorze)\b")
_SCHOOL_YEAR = re.compile(
    r"\b(?:sixth form|year (?:7|8|9|10|11)|high schol|midle schol|colege girls"
    r"|en (?:6e|5e|4e|3e|6eme|5eme|4eme|3eme)|de (?:6e|5e|4e|3e|6eme|5eme|4eme|3eme|seconde)"
    r"|colegienes?|lycenes?|(?:une|les|des) (?:3e|4e|5e|6e|3eme|4eme|5eme|6eme))\b"
)
# "my niece is 14", "elle a 15 ans": an age said of someone (not minutes,
# hours or euros). Read on the canonical text, where "elle" is "ele" (session
# 27: "si elle a 15 c'est encore mieux" named nobody until then).
_IS_AGE = re.compile(
    r"\b(?:she s|shes|she is|he s|hes|he is|is|el{1,2}e a|il a|qui a) 1[0-7]\b"
    # The unit is a whole word: "elle a 15 mais…" is an age, "15 m" a length.
    r"(?! ?(?:h|min|mins|minutes|hours|heures|eur|euros|k|m|kg|pounds|quid|dollars)\b)"
)


def minor_named(message: Scanned) -> bool:
    """A minor named by age, birth year or school year. The canonical text
    spells "teen" as "ten" ("ten girls came"): the original tells them apart."""
    text = message.normalised.text
    return (
        any(
            not (m.group(0).startswith("ten ") and "teen" not in message.text.lower())
            for m in _ages_named(text)
        )
        or _SCHOOL_YEAR.search(text) is not None
        or _IS_AGE.search(text) is not None
        or minor_birth_year(text)
    )


def leered_at(message: Scanned) -> bool:
    """A minor named (``minor_named``) and leered at."""
    # The leer first: it is rare, and the age patterns cost a search each.
    # A leer word inside an innocent phrase the rules know ("smash the
    # competition at chess": ``!minor_sexualisation``) is no leer (session 27).
    innocent = message.hits_of("intent_suppress", "minor_sexualisation")
    leer = any(
        not reported.in_quotes(message, h) and not any(h.overlaps(i) for i in innocent)
        for h in message.hits_of("intent", "minor_leer")
    )
    if not (leer or emoji.any_of(message.text, _LEER_EMOJI)):
        return False
    text = message.normalised.text
    if not minor_named(message) or _OWN_AGE.search(text):
        return False
    if message.hits_of("frame", "parent"):
        return False
    # Told, asked about or reported (``reported.TOLD_CUES``): not the sender's leer.
    return {hit.entry.name for hit in message.hits_of("intent")}.isdisjoint(reported.TOLD_CUES)


# Session 21: minors sought by age by an adult with their parents kept out
# ("papa cool cherche ado 15-16 ans, pas de parents svp", "prefer a girl
# 15-16, I pay extra if she doesn't mention it to her parents", "cherche
# jeunes filles 15-17 ans pour shooting, discrétion parents"). The
# training split's authors wrote them in adult rooms, where the rules read
# "parents" as a parent's own talk (``_NOT_SEEKING``). The minor's parents,
# not the sender's own child: "ma fille de 16 ans part sans ses parents ?"
# seeks nobody (a seek, a price or a "discreet" is needed too).
_PARENTS_KEPT_OUT = re.compile(
    r"\b(?:pas de parents?|sans (?:les |ses |tes |leurs )?parents?|discretion (?:des "
    r"|vis a vis des )?"
    r"parents?|(?:parents?|darons?) (?:pas au courant|n ont pas a savoir|ont pas a savoir"
    r"|doivent pas"
    r" savoir)|(?:without|no|not|never) (?:tel{1,2}(?:ing)? |mention(?:ing)? it to |involv(?:e"
    r"|ing) )?"
    r"(?:her |his |their |the )?parents|(?:doesn t|doesnt|dont|don t|won t|wont|not|shouldn t"
    r"|shouldnt|should not|mustn t|must not|can t|cant|cannot|needn t) (?:tel{1,2}|mention"
    r" it to|mention to|involve) (?:her|his|their|the) (?:parents|mum|mom|dad|father|mother)"
    r"|(?:rather|prefer) (?:we |to )?(?:don t|dont|not) involve|parents (?:make|makes) (?:them|him"
    r"|her)"
    r" (?:tense|nervous|shy))\b"
)
_MINOR_WANTED = re.compile(
    r"\b(?:cherche|recherche|loking for|lf|seking|prefer|prefere|je prefere|i prefer|want|veux"
    r"|pay|paid|paying|payer|paye|remunere|remuneree|remuneres|cash|discret|discrete"
    r"|discretion|at my flat|at my place|at mine|chez moi|a mon apart|a domicile|at my house)\b"
)
# "15-16" before a comma too (``_AGE_SPAN`` stops at one: "15-16,5").
_AGES_SOUGHT = re.compile(
    r"(?<![\d.,:/])1[0-7] ?(?:-|/|à|a|to|ou|or) ?1[0-8](?! ?(?:h\b|€|eur|k\b|\d|[.,]\d))"
)
_PARENT_TALK = re.compile(r"\b(?:parents?|mamans?|papas?|mums?|moms?|mothers?|meres?)\b")


def _adults_own_words(message: Scanned, ctx: SenderContext) -> bool:
    """An adult sender speaking for themselves (no one else's words told)."""
    return ctx.band == "adult" and not message.hits_of("intent", "reported_speech")


def _minor_by_age(message: Scanned) -> bool:
    return minor_named(message) or _AGES_SOUGHT.search(message.text) is not None


# Session 21: a place where minors are asked for ("qqn connaît un serveur
# avec des gamines de 14-15 ans ? je m'ennuie", "any discord with 13-15 yo
# girls?"): by an adult, minors named by age, a place to find them.
_WHERE_MINORS = re.compile(
    r"\b(?:qn|quelqu un|qlq|kelkun|anyone|any1|anybody|somebody|someone|vous)"
    r" (?:conait|connait|conaisez|connaissez|know|knows|got|has|have|a)"
    r" (?:un |une |a |des |of a |of an |any )?"
    r"(?:serveur|server|serv|groupe|group|salon|room|discord|site|ap|apli|chat|insta|snap|telegram"
    r"|gc|lien|link)s?\b"
)


# Session 21: photos of someone else's children asked by a stranger with a
# body, a swap or a secret ("envoyez moi des photos de vos filles en
# justaucorps, 10-14 ans", "pics of Emily in her swimsuit, full length,
# just between us", "any grandads got pics of their teenage
# granddaughters? I'll swap"). A parent sharing a first day at school
# names no body and asks no swap.
_KIDS_PICS = re.compile(
    r"\b(?:photos?|pics?|pictures?|snaps?|vids?|videos?) (?:de |of )"
    r"(?:vos |tes |leurs |your |ur |their |his |her |sa |ses )?"
    r"(?:teenage |teen |tenage |ten |young |little |petites? |jeunes? )?"
    r"(?:fil?les?|fils|enfants?|gamins?|gamines?|petites fil?les|petits enfants|nieces?|neveux"
    r"|daughters?|sons?|kids?|girls?|boys?|granddaughters?|grandaughters?|grandkids"
    r"|grandchildren)\b"
    r"|\b(?:photos?|pics?|pictures?) (?:de |of )(?!(?:toi|moi|lui|nous|vous|you|me|him|us|them)\b)"
    r"[a-z]+ (?:en |in (?:her |his )?)(?:maillot|justaucorps"
    r"|swimsuit|swimming costume|leotard|bikini|pyjama|pajamas|tenue de sport|sports kit)\b"
)
_KIDS_PICS_MORE = re.compile(
    r"\b(?:maillot|justaucorps|swimsuit|swimming costume|leotard|bikini|pyjama|pajamas|lingerie"
    r"|bath|bain|shower|douche|ful length|en pied|en entier|swap|trade|echange|betwen us"
    r"|entre nous|just us|secret|discret|discrete|remunere|paid|dm only|en prive)\b"
)


_SEXUAL_OFFER = re.compile(
    r"\b(?:calins?|lingerie|shoting|massages?|bisous|nue?s?|naked|nude|cuddles?|swap|trade"
    r"|echange)\b"
)


# Session 21 (review s21): the same three moves in open words. A black-box
# reviewer wrote 60 ("qqn sait où y'a un serveur discord avec des filles de
# 12 ans ?", "where's the server with the 8th graders? link pls", "votre
# ado de 16 ans pourrait venir me voir seule, inutile de prévenir sa mère",
# "dads, anyone wanna trade bathtime pics of the kids? keep it private");
# the patterns above caught 28. Phrases as people write them, matched in
# canonical form.

_GRADES = phrase_pattern((
    "6th graders", "7th graders", "8th graders", "9th graders", "6th grade", "7th grade",
    "8th grade", "9th grade", "10th grade", "middle schoolers", "middle school", "year 7",
    "year 8", "year 9", "year 10", "year 7s", "year 8s", "year 9s", "collégiens",
    "collégiennes", "lycéennes de seconde", "des 6e", "des 5e", "des 4e", "des 3e",
    "en 6e", "en 5e", "en 4e", "en 3e", "year olds", "yr olds", "des 6ème", "des 5ème",
    "des 4ème", "des 3ème", "des 4ème/3ème", "under 15s", "under 14s", "under 16s",
))  # fmt: skip
_AGE_NUMBER = re.compile(r"\b(?:[6-9]|1[0-7])\b")
# A place to find people: named (a server, a group), or only "here" and
# "online", which need a word that asks (a question mark alone asks for
# advice as often: "how do you talk to a 10 year old about online safety?").
_PLACE = phrase_pattern((
    "serveur", "server", "discord", "groupe", "group", "group chat", "gc", "telegram", "tg",
    "snap", "insta", "roblox", "lien", "link",
))  # fmt: skip
_PLACE_SOFT = phrase_pattern(
    ("ici", "here", "on here", "around", "online", "en ligne", "hang out", "traînent")
)
_ASKING = phrase_pattern((
    "où", "ou", "where", "where's", "sait", "savez", "know", "svp", "pls", "plz", "please",
    "find", "trouver", "join", "rejoindre", "link", "lien", "y'a des", "ya des",
    "is there", "names of",
))  # fmt: skip
_PARENTS_OUT = phrase_pattern((
    "sans ses parents", "sans les parents", "sans tes parents", "sans vous", "sans sa mère",
    "sans son père", "without you around", "without u around", "without her parents",
    "inutile de prévenir", "pas la peine de prévenir", "pas besoin de prévenir",
    "dise rien à sa mère", "dise rien à ses parents", "dise rien à son père", "rien dire à",
    "dont tell her mum", "dont tell her mom", "don't tell her mum", "don't tell her mom",
    "don't tell his", "dont tell his", "not to tell u", "not to tell you", "mention it at home",
    "keep us secret", "keep us a secret", "notre petit secret", "ont pas à savoir",
    "n'ont pas à savoir", "no parents", "pas de parents", "not tell her parents",
    "pas besoin de prévenir les parents", "parents sont pas à la maison",
    "parents ne sont pas là", "parents aren't home", "parents arent home", "you're not home",
    "youre not home", "no parents involved", "pas un mot à tes parents",
))  # fmt: skip
_PHOTO = phrase_pattern((
    "photo", "photos", "pic", "pics", "picture", "pictures", "vidéo", "vidéos", "video",
    "videos", "snaps", "images",
))  # fmt: skip
_KIDS = phrase_pattern((
    "fille", "filles", "fils", "gamin", "gamins", "gamine", "gamines", "gosse", "gosses",
    "enfant", "enfants", "sa petite", "ta petite", "votre petite", "kid", "kids", "son",
    "daughter", "daughters", "niece", "nieces", "nephew", "children", "child", "ado",
    "your boy", "your girl", "of him", "of her", "d'elle", "de lui",
    "little ones", "your girls", "tes enfants", "vos enfants", "twins", "jumeaux",
))  # fmt: skip
_BODY_OR_TRADE = phrase_pattern((
    "maillot", "justaucorps", "swimsuit", "trunks", "leotard", "bikini", "bain", "bathtime",
    "bath time", "bath", "au bain", "baignoire", "shower", "douche", "pyjama", "lingerie",
    "swap", "trade", "échange", "échanger", "s'échange", "on s'échange", "contre des cadeaux",
    "j'achète", "i'll buy", "i'll pay", "send some back", "i'll send some back", "entre nous",
    "between us", "keep it private", "secret",
    "leotards", "swimsuits", "bathing suit", "bathing suits", "gym outfit", "privately",
    "just for me", "send more", "at the pool", "à la piscine",
))  # fmt: skip
_TOLD = phrase_pattern((
    "teacher", "teachers", "enseignant", "enseignante", "survivor", "signalement", "signalé",
    "signalez", "signaler", "signalez-le", "reminder from", "rappel du club", "if anyone else",
    "si quelqu'un d'autre", "if anyone asks", "si quelqu'un demande",
    "reported", "report", "when i was", "quand j'avais", "at 13", "at 14", "at 15", "à 13 ans",
    "à 14 ans", "à 15 ans", "bénévoles", "volunteers", "aide aux devoirs", "students", "élèves",
))  # fmt: skip
_DONT_POST = phrase_pattern((
    "ne publiez pas", "ne postez pas", "publiez pas", "postez pas", "évitez de publier",
    "évitez de poster", "don't post", "dont post", "never post", "avoid posting", "stop posting",
))  # fmt: skip
_OWN_CHILD_TRADE = phrase_pattern((
    "swap", "trade", "échange", "échanger", "s'échange", "send some back", "contre des cadeaux",
    "j'achète",
))  # fmt: skip


def _minor_said(message: Scanned) -> bool:
    text = message.normalised.text
    if _minor_by_age(message):
        return True
    grade = _GRADES.search(text)
    if grade is None:
        return False
    # "year olds" counts only with an age before it ("11 year olds"); "12
    # ans" is ``minor_named``'s, with its exceptions ("15 ans d'écart").
    if grade.group(0) in ("year olds", "yr olds"):
        return _AGE_NUMBER.search(text[: grade.start()][-4:]) is not None
    return True


def _told(message: Scanned) -> bool:
    """A report, a warning, a story, a teacher's or a survivor's words."""
    frames = ("report", "warning", "story")
    return any(message.hits_of("frame", f) for f in frames) or bool(
        _TOLD.search(message.normalised.text)
    )


def adult_moves_on_minors(message: Scanned, ctx: SenderContext) -> tuple[str, ...]:
    """Session 21's three moves of an adult on minors, each read by the
    first round's patterns and by the open words of the reviews (above):
    someone else's children's photos asked with a body, a swap or a
    secret; a place asked where minors named by age are; a minor sought
    with the parents kept out. Refused as a minor sexualised with a sexual
    word, a swap or a place; else held as grooming. A report, a warning, a
    story, a teacher's or a survivor's words make none of them."""
    if not _adults_own_words(message, ctx):
        return ()
    text = message.normalised.text
    sexual = _SEXUAL_OFFER.search(text) is not None or _OWN_CHILD_TRADE.search(text) is not None
    own_child = bool(message.hits_of("frame", "parent"))
    photos = bool(
        (_KIDS_PICS.search(text) and _KIDS_PICS_MORE.search(text))
        or (_PHOTO.search(text) and _KIDS.search(text) and _BODY_OR_TRADE.search(text))
    )
    # Advice not to post them ("ne publiez pas de photos de vos enfants en
    # maillot") asks for none; a parent's own child only for a swap.
    asked = photos and not _DONT_POST.search(text) and not _told(message)
    if asked and (not own_child or _OWN_CHILD_TRADE.search(text)):
        return ("minor_sexualisation",) if sexual else ("grooming",)
    # The cheap parts first: most messages name no place asked for and keep
    # no parent out, and then no minor need be looked for. A parent asking
    # for a group for parents ("un groupe pour les parents d'ados de 13-14
    # ans") names parents; keeping them out names them too. A question mark
    # asks for a named place ("server with 13 year olds?").
    asks = _ASKING.search(text) is not None
    named_place = _PLACE.search(text) is not None and (asks or "?" in message.text)
    place = (
        _WHERE_MINORS.search(text) is not None
        or named_place
        or (asks and _PLACE_SOFT.search(text) is not None)
    ) and not _PARENT_TALK.search(text)
    parents_out = (_PARENTS_KEPT_OUT.search(text) is not None and _MINOR_WANTED.search(text)) or (
        not own_child and _PARENTS_OUT.search(text) is not None
    )
    if not (place or parents_out) or not _minor_said(message):
        return ()
    # A parent's own talk, a coach or a babysitter only when they seek
    # (``_NOT_SEEKING`` names parents, which keeping them out names too).
    if _told(message) or (place and _NOT_SEEKING.search(text)):
        return ()
    return ("minor_sexualisation",) if place or sexual else ("grooming",)


# Session 26 (authors ea..ef): minors sought by age for something offered in
# private ("qui a moins de 16 ans ici ? je prends un élève gratuitement en
# privé, faut juste être discret", "young traders wanna be mentored 1 on 1?
# dm me, i prefer 15-16", "scouting young artists 14 to 16, dm me, no need
# to involve parents"): an age asked for, a private channel, and an offer or
# a secret. A tutor's or a coach's words are the cover here, so they excuse
# nothing (unlike ``sought_here``); a club's notice without a private
# channel ("cours gratuits aux 15-16 ans au CDI mardi") is not this.
# Written as people write them; ``phrase_pattern`` makes them canonical
# (doubled letters single: "add me" is "ad me"), review s26.
_PRIVATE_CHANNEL = phrase_pattern(
    ["dm me", "dm", "dms", "pm me", "pm", "inbox me", "message me", "msg me", "hmu", "hit me up",
     "text me", "mp moi", "en mp", "mp", "en pv", "mon pv", "pv moi", "en prive", "in private",
     "privately", "1 on 1", "one on one", "1 to 1", "seul a seul", "en tete a tete", "ecris moi",
     "ecrivez moi", "ajoute moi", "add me", "adds me", "who adds me", "qui m ajoute",
     "qui m ajoutent", "venez en dm", "venez en mp"]
)  # fmt: skip
_OFFER_OR_SECRET = phrase_pattern(
    ["mentor", "mentored", "mentoring", "mentorat", "je prends un eleve", "je prends des eleves",
     "prends un eleve", "eleve gratuitement", "scouting young", "scouting for", "scouting new",
     "casting", "showcase", "showcases", "travel paid", "studio paid", "all paid", "tout paye",
     "tous frais payes", "i ll pay", "i pay for", "je paie", "je paye", "je te paie", "je forme",
     "i teach", "i ll teach", "remunere", "remuneree", "remuneres", "remuneration",
     "discretion", "discretion assuree",
     "can help", "je peux aider", "peux t aider", "sponsor", "sponsored", "gifts", "cadeaux",
     "free robux", "robux", "vbucks", "v bucks", "skins gratos", "gift card", "gift cards",
     "easy money", "get rich", "argent facile", "discret", "discrete", "discreet",
     "no need to involve", "no need to tell", "sans les parents", "pas besoin des parents",
     "pas besoin de le dire", "pas besoin de dire", "parents savent pas", "dis rien", "dites rien",
     "don t tell", "dont tell", "keep it between", "between us", "entre nous", "chut",
     "on the low", "no questions asked", "je juge pas", "i don t judge", "no judgement",
     "no judgment"]
)  # fmt: skip
_YOUNG_ONES = phrase_pattern(
    f"{young} {who}"
    for young in ("young", "jeunes")
    for who in ("traders", "artists", "artistes", "talents", "models", "modeles", "mannequins",
                "players",
                "joueurs", "joueuses", "girls", "boys", "filles", "gars", "gamers", "creators",
                "createurs", "creatrices", "rappers", "rappeurs", "singers", "chanteurs",
                "chanteuses", "athletes", "footballers", "dancers", "danseurs", "danseuses")
)  # fmt: skip
# Ages asked without a unit or with "year olds": "who here is 13?", "any
# teens 14+", "any 15 year olds".
_BARE_AGE = re.compile(
    r"\b(?:who|qui|anyone|any1)(?: here| ici)? (?:is|a|est) 1[0-7]\b|\b1[0-7] ?(?:year|yr) olds?\b"
)
_PLUS_AGE = re.compile(r"(?<![\d.,])\b1[0-7] ?\+")  # on the original text: "14+"
# A report or the news about this very approach (warnings in general are
# ``_told``'s frames). Not "un mec", "attention", "careful": the sender's
# own words ("un type sympa ici, any girls 15-16 dm me", "careful girls
# 14-16, i can help u get rich, dm me"; review of the session's change).
_WARNED = phrase_pattern(
    ["article", "predator", "predators", "predateur", "predateurs", "pedo", "pedos",
     "signalez", "signalez le", "report him", "report them", "report it"]
)  # fmt: skip
_TEEN_SELF = re.compile(
    r"\b(?:j ai|jai|g|i m|im|i am|moi|we re|were|we are|on a|on est|nous avons)\s1[3-7]"
    r"(?:1[3-8])?\b"
    r"(?! ?(?:h|min|mins|minutes|k)\b)"
)


def offered_in_private(message: Scanned, ctx: SenderContext) -> tuple[str, ...]:
    """Minors sought by age with a private channel and an offer or a
    secret (above); not someone else's words, a parent's, or a warning.
    Refused as a minor sexualised when photos or a sexual offer are in it
    ("des meufs de 15-16 qui veulent gagner de l'argent facile en envoyant
    des photos ? mp"), else held as grooming."""
    text = message.normalised.text
    if not _PRIVATE_CHANNEL.search(text) or not _OFFER_OR_SECRET.search(text):
        return ()
    aged = (
        next(_ages_named(text), None) is not None
        or _AGES_SOUGHT.search(message.text) is not None
        or _BARE_AGE.search(text) is not None
        or _PLUS_AGE.search(message.text) is not None
        or (ctx.band == "teen" and _YOUNG_ONES.search(text) is not None)
    )
    if not aged or message.hits_of("frame", "parent") or _told(message) or _WARNED.search(text):
        return ()
    if _TEEN_SELF.search(text) or message.hits_of("intent", "reported_speech"):
        return ()  # a teen's offer to their peers ("im 16, dm me for duo tips")
    if _PHOTO.search(text) or _SEXUAL_OFFER.search(text):
        return ("minor_sexualisation",)
    return ("grooming",)

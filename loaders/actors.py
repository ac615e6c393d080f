"""Actors: a lexicon of armed forces, groups, states, organisations and monitors (loaders/data/actors.csv),
and who a sentence says did something (perpetrators) or says so (sources)."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Adjectives news uses for a party: "Russian airstrikes", "a Houthi missile".
ADJECTIVES = {"Russian": "Russian Armed Forces", "Houthi": "Houthis", "Houthi-led": "Houthis",
              "Israeli": "Israel Defense Forces", "American": "United States", "Turkish": "Turkey",
              "Iranian": "Iran", "Ukrainian": "Armed Forces of Ukraine", "Kurdish": "People's Protection Units",
              "jihadist": "Islamic State", "British": "United Kingdom", "French": "France"}
# Names of a side that depend on the country at war: "government forces" are Syria's in Syria, Sudan's in Sudan.
STATE_SIDE = ("government forces", "pro-government forces", "regime forces", "regime", "government troops",
              "the government", "security forces", "government warplanes", "government aircraft", "regime warplanes",
              "the army", "army troops")
REBEL_SIDE = ("rebels", "rebel", "rebel groups", "rebel factions", "rebel fighters", "opposition fighters",
              "opposition forces", "armed opposition", "opposition armed groups", "insurgents", "Islamist rebels")
STATE_FORCES = {"SY": "Syrian government", "SD": "Sudanese Armed Forces", "MM": "Tatmadaw", "IQ": "Iraqi security forces",
                "ET": "Ethiopian National Defense Force", "AF": "Afghan security forces", "SO": "Somali security forces",
                "ML": "Malian armed forces", "NG": "Nigerian armed forces", "YE": "Yemeni government forces",
                "LB": "Lebanese Armed Forces", "IL": "Israel Defense Forces", "UA": "Armed Forces of Ukraine",
                "RU": "Russian Armed Forces"}
REBELS = {"SY": "Syrian rebels"}
NOT_PERPETRATORS = {"Generic", "Monitor", "NewsOrganization", "NGO", "UNBody", "Government"}
SAY = r"(?:said|says|say|told|tells|reported|reports|confirmed|confirms|estimates?|estimated|documented|documents|" \
      r"noted|notes|added|stated|states|claimed|claims|announced|recorded|records|counted|published|put the|" \
      r"breaks down|broke down|shows|showed|revealed|reveals|" \
      r"put the death toll|according to)"
PERSON = re.compile(r"\b(?:(?:Mr|Mrs|Ms|Dr|Gen|Col|Sheikh)\.? )?(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|al-|Abu|Abdel|Abdul)"
                    r"(?: (?:al-|el-|bin |Abu |Abdel |Abdul |ibn )?[A-Z][a-z]+(?:-[A-Z][a-z]+)?){1,3}\b")


@dataclass(frozen=True)
class Actor:
    """A party of the lexicon, or a person or body known only by the name the text gives."""

    label: str
    aliases: tuple[str, ...] = ()
    kind: str = "Unknown"
    qid: str | None = None


STATE, REBEL = Actor("<state forces>", kind="Side"), Actor("<rebels>", kind="Side")


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    actor: Actor


@lru_cache(maxsize=1)
def lexicon() -> tuple[dict[str, Actor], re.Pattern, re.Pattern]:
    """Actors by label, and the alias patterns (case-sensitive names, case-insensitive common nouns)."""
    actors: dict[str, Actor] = {}
    alias_of: dict[str, Actor] = {}
    text = resources.files("loaders").joinpath("data/actors.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        actor = Actor(row["label"], tuple(a for a in row["aliases"].split("|") if a), row["kind"], row["qid"] or None)
        actors[actor.label] = actor
        for alias in (actor.label, *actor.aliases):
            alias_of.setdefault(alias, actor)
    for alias in STATE_SIDE:
        alias_of.setdefault(alias, STATE)
    for alias in (*REBEL_SIDE, "Rebel", "Islamist"):
        alias_of.setdefault(alias, REBEL)
    for adjective, label in ADJECTIVES.items():
        if label in actors:
            alias_of.setdefault(adjective, actors[label])
    lexicon.alias_of = alias_of  # type: ignore[attr-defined]
    names = sorted(alias_of, key=len, reverse=True)
    cased = [re.escape(a) for a in names if a != a.lower()]
    plain = [re.escape(a) for a in names if a == a.lower()]
    return actors, re.compile(rf"(?<![\w-])(?:{'|'.join(cased)})(?![\w-])"), re.compile(
        rf"(?<![\w-])(?:{'|'.join(plain)})(?![\w-])", re.I)


def actor_mentions(sentence: str, country: str | None = None) -> list[ActorMention]:
    """The lexicon's actors a sentence names, longest names first, not overlapping; "government forces" and
    "rebels" resolve to the sides of `country`, the country the article is about."""
    actors, cased, plain = lexicon()
    alias_of = lexicon.alias_of  # type: ignore[attr-defined]
    hits = [(m.start(), m.end(), m.group()) for p in (cased, plain) for m in p.finditer(sentence)]
    out: list[ActorMention] = []
    for start, end, name in sorted(hits, key=lambda h: (-(h[1] - h[0]), h[0])):
        actor = alias_of.get(name) or next((a for k, a in alias_of.items() if k.lower() == name.lower()), None)
        if actor in (STATE, REBEL):
            actor = _side(actor, name, country, actors)
        if actor and not any(m.start < end and start < m.end for m in out):
            out.append(ActorMention(start, end, actor))
    return sorted(out, key=lambda m: m.start)


def _side(side: Actor, name: str, country: str | None, actors: dict[str, Actor]) -> Actor:
    known = (STATE_FORCES if side is STATE else REBELS).get(country or "")
    if known in actors:
        return actors[known]
    kind = "ArmedForces" if side is STATE else "ArmedGroup"
    noun = "government forces" if side is STATE else "rebels"
    if country:
        from .gazetteer import gazetteer  # the country's English name
        place = gazetteer().countries.get(country)
        return Actor(f"{place.label if place else country} {noun}", (name.lower().removeprefix("the "),), kind)
    return Actor(name.lower().removeprefix("the "), (), kind)


# "<actor> killed", "<actor> has also abducted": the actor as the subject of a violent verb
AGENT_VERB = re.compile(r"\s+(?:(?:has|have|had|also|then|later|reportedly|allegedly)\s+){0,2}(?:launched|carried out|"
                        r"conducted|bombed|struck|shelled|attacked|fired|killed|hit|responded|executed|abducted|"
                        r"kidnapped|massacred|beheaded|murdered|shot)\b")


def perpetrators(sentence: str, mentions: list[ActorMention], triggers: list[tuple[int, int]],
                 sources: list[Actor]) -> list[Actor]:
    """Actors the sentence says carried out the act: '<actor> airstrikes', '<actor> executed', 'by <actor>',
    and those coordinated with one ('the United States and the United Kingdom responded with airstrikes').
    A country's name is a perpetrator only as the agent ('by Russia', 'Turkey shelled'), since it is more often
    the place; who holds, controls or backs a place is not who attacked it."""
    found: list[ActorMention] = []
    for m in mentions:
        if m.actor.kind in NOT_PERPETRATORS or m.actor in sources or _is_object(sentence, m):
            continue
        after = sentence[m.end:m.end + 45]
        before = sentence[max(0, m.start - 45):m.start]
        by = re.search(r"\b(?<!controlled )(?<!held )(?<!run )(?<!backed )(?<!supported )(?<!led )(?<!claimed )"
                       r"(?:by|between)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", before)
        if m.actor.kind == "Country":
            agent = bool(by) or bool(AGENT_VERB.match(after))
        else:
            agent = any(0 <= t0 - m.end <= 40 and not re.search(r"[,;.]|\b(?:against|on|in|of|for|to|from)\b",
                                                                sentence[m.end:t0]) for t0, _ in triggers)
            agent = agent or bool(by) or bool(AGENT_VERB.match(after)) or bool(
                re.match(r"\s+and\s+(?:its\s+allies|[\w-]+\s+)?[\w-]*\s*(?:air ?strikes|forces)", after))
        if agent and all(f.actor != m.actor for f in found):
            found.append(m)
    for m in mentions:  # "X and Y <act>": Y acts, so does X
        if m.actor.kind not in NOT_PERPETRATORS and all(f.actor != m.actor for f in found) and m.actor not in sources:
            if any(re.fullmatch(r"(?:,|,? and| and the|, and the|,? as well as(?: the)?)\s+", sentence[m.end:f.start])
                   for f in found):
                found.append(m)
    return [m.actor for m in sorted(found, key=lambda m: m.start)]


def clash_parties(sentence: str, mentions: list[ActorMention], found: list[Actor], sources: list[Actor]) -> list[Actor]:
    """In a clash both sides fight: the perpetrators plus those fought 'against', 'with' or 'between X and Y'."""
    out = list(found)
    for m in mentions:
        if m.actor.kind in NOT_PERPETRATORS or m.actor in sources or m.actor in out:
            continue
        before = sentence[max(0, m.start - 40):m.start]
        if re.search(r"\b(?:against|between|with)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", before) or (
                re.search(r"\bbetween\b[^,;.]{1,60}\band\s+(?:the\s+)?$", before)):
            out.append(m.actor)
    return out


def _is_object(sentence: str, m: ActorMention) -> bool:
    return bool(re.search(r"\b(?:against|on|targeting|targeted|from|drive|fight|fighting|of|in|at|across|near|into|"
                          r"inside|over|towards?)\s+(?:the\s+)?$", sentence[max(0, m.start - 20):m.start]))


SOURCE_NOUNS = (r"police|policemen|officials?|witness(?:es)?|residents?|medics|doctors|paramedics|nurses|activists?|"
                r"survivors?|sources|spokes(?:man|woman|person)|authorities|ministry|governor|mayor|monitor|"
                r"monitoring group|rescuers|rescue workers|health workers|aid workers|villagers|relatives|journalists|"
                r"report|observers|commanders?|military|army")
# "<the> <up to three modifiers> <source noun>": "local officials", "Yemeni security and medical officials"
SOURCE_PHRASE = re.compile(rf"\b(?:(?:the|a|an|two|three|four|several|some|many|other)\s+)?"
                           rf"((?:(?:[A-Za-z][\w’'-]*|and)\s+){{0,4}}?(?:{SOURCE_NOUNS}))\b", re.I)
NOT_MODIFIERS = {"the", "a", "an", "and", "said", "told", "but", "as", "in", "on", "at", "of", "to", "by", "that",
                 "when", "while", "who", "which", "according", "also", "had", "have", "has", "were", "was", "more"}
SAID_AFTER = re.compile(rf"\s*(?:of (?:the )?[A-Za-z][\w’'‘-]*(?: [A-Z][\w’'‘-]*)? )?"  # "residents of Gao said"
                        rf"(?:and others(?: from (?:\w+ ){{1,3}}?)? )?"  # "residents and others from the area told"
                        rf"(?:,[^,]{{0,80}},\s*)?(?:(?:news )?agency )?(?:and (?:[\w-]+ ){{0,3}}?[\w-]+ )?"  # "the agency and residents said"
                        rf"(?:have |has |had |also |later |previously )?{SAY}\b")
SAID_BEFORE = re.compile(r"(?:\b(?:according to|cited|citing|quoting|quoted)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,3}|"
                         r"\b(?:said|says)\s+(?:the\s+|a\s+)?)$", re.I)
DENIED = re.compile(r"^[^.;]{0,40}?\b(?:denied|denies|deny|rejected|dismissed)\b")


def sources(sentence: str, mentions: list[ActorMention], people: dict[str, str]) -> list[Actor]:
    """Who the sentence attributes its report to ('according to X', 'X said', 'X told Y'): lexicon actors,
    people the article names, and generic sources ('local officials', 'witnesses') named as written.
    An actor who denies (`X denied reports that...`) is not a source of the report; nor is the addressee
    of 'told'."""
    found: list[Actor] = []
    taken: list[tuple[int, int]] = []

    def attributed(start: int, end: int) -> bool:
        after = sentence[end:]
        if DENIED.match(after):
            return False
        before = SAID_BEFORE.search(sentence[max(0, start - 40):start])
        if before and re.search(r"\b(?:said|says)\s+(?:the\s+|a\s+)?$", before.group()) \
                and not re.match(r"\s*(?:[,.;]|$)", after):
            before = None  # "..., said the officials." names the speaker; "said the dead..." does not
        return bool(SAID_AFTER.match(after[:120]) or before
                    or re.match(rf"(?:[^,.;]{{0,40}}?\b(?:director|head|chief|spokesman|spokeswoman)\b[^,.;]{{0,30}})"
                                rf"\s*,?\s*{SAY}\b", after[:90]))

    def add(actor: Actor, start: int, end: int) -> None:
        taken.append((start, end))
        if all(a.label != actor.label for a in found):
            found.append(actor)

    for name in PERSON.finditer(sentence):
        if any(m.start <= name.start() < m.end for m in mentions) or not attributed(name.start(), name.end()):
            continue
        if full := _full_name(name.group(), people):
            add(Actor(full, kind="Person"), name.start(), name.end())
    for name in re.finditer(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b", sentence):  # "Bali said": a surname named before
        if name.group() in people and not _inside(name.start(), taken) and attributed(name.start(), name.end()) \
                and not any(m.start <= name.start() < m.end for m in mentions):
            add(Actor(people[name.group()], kind="Person"), name.start(), name.end())
    for phrase in SOURCE_PHRASE.finditer(sentence):
        words, end = phrase.group(1).split(), phrase.end(1)
        head = end - len(words[-1])
        if any(m.start <= head < m.end and m.actor.kind != "Generic" for m in mentions):
            continue
        start = phrase.start(1)
        named = [(m.start, m.end) for m in mentions if m.actor.kind != "Generic"]  # a phrase may begin inside one
        for i, word in enumerate(words[:-1]):  # "the news agency and residents": two sources, the last one here
            if words[i + 1] == "and" and re.fullmatch(rf"(?:{SOURCE_NOUNS}|agency|agencies)", word, re.I):
                start += len(" ".join(words[:i + 2])) + 1
                words = words[i + 2:]
                break
        while words:  # the longest attributed tail: "AFP cited rebel health authorities" -> "rebel health authorities"
            if words[0].lower() not in NOT_MODIFIERS and words[0] not in people and not any(a < start < b for a, b in named) \
                    and attributed(start, end):
                break
            start += len(words[0]) + 1
            words = words[1:]
        if not words or _inside(start, taken):
            continue
        if start == 0 and len(words) == 1:
            words = [words[0].lower()]
        add(Actor(" ".join(words), tuple(" ".join(words[i:]) for i in range(1, len(words))), kind="Generic"),
            start, end)
    for m in mentions:
        if m.actor.kind == "Generic" or _inside(m.start, taken) or not attributed(m.start, m.end):
            continue
        add(m.actor, m.start, m.end)
    return found


def _inside(at: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= at < b for a, b in spans)


def _full_name(name: str, people: dict[str, str]) -> str | None:
    """'Mr. Abu Leila' -> 'Omar Abu Leila' when the article named him in full before."""
    bare = re.sub(r"^(?:Mr|Mrs|Ms|Dr|Gen|Col)\.? ", "", name)
    if bare.split()[0] in ("The", "A", "In", "On", "But", "And", "He", "She", "They", "It"):
        return None
    return people.get(bare, bare)


def people_named(text: str) -> dict[str, str]:
    """Every way the text can later refer to a person it names in full: surname -> full name."""
    out: dict[str, str] = {}
    for m in PERSON.finditer(text):
        parts = m.group().split()
        if len(parts) >= 2 and not parts[0].endswith("."):
            for i in range(1, len(parts)):
                out.setdefault(" ".join(parts[i:]), m.group())
    return out

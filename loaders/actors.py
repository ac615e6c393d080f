"""Actors: a lexicon of armed forces, groups, states, organisations and monitors (loaders/data/actors.csv), the
actors a sentence names. Who did it is `perpetrators`' job; who says so, `sources`'."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .actor_phrases import state_forces_named, unnamed_armed, unnamed_label

# Adjectives news uses for a party: "Russian airstrikes", "a Houthi missile".
ADJECTIVES = {"Russian": "Russian Armed Forces", "Houthi": "Houthis", "Houthi-led": "Houthis",
              "Israeli": "Israel Defense Forces", "American": "United States", "Turkish": "Turkey",
              "Iranian": "Iran", "Ukrainian": "Armed Forces of Ukraine", "British": "United Kingdom", "French": "France"}
# Names of a side that depend on the country at war: "government forces" are Syria's in Syria, Sudan's in Sudan.
STATE_SIDE = ("government forces", "pro-government forces", "regime forces", "regime", "government troops",
              "the government", "security forces", "government warplanes", "government aircraft", "regime warplanes",
              "the army", "army troops", "the junta", "junta forces", "military junta", "junta troops", "junta soldiers",
              "the military", "the armed forces", "soldiers", "troops", "military", "army")
REBEL_SIDE = ("rebels", "rebel", "rebel groups", "rebel factions", "rebel fighters", "opposition fighters",
              "opposition forces", "armed opposition", "opposition armed groups", "insurgents", "Islamist rebels")
REBELS = {"SY": "Syrian rebels"}


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


@dataclass(frozen=True)
class Lexicon:
    """The actor table: actors by label, every alias's actor, and the patterns that find the aliases (names with a
    capital letter as written, all-lowercase ones in any case)."""

    actors: dict[str, Actor]
    alias_of: dict[str, Actor]
    forces_of: dict[str, Actor]  # a country's armed forces (its first ArmedForces row), by ISO code
    cased: re.Pattern
    plain: re.Pattern

    def actor(self, name: str) -> Actor | None:
        """The actor a name found in a text stands for."""
        return self.alias_of.get(name) or self.alias_of.get(name.lower())


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The actor table of loaders/data/actors.csv, with the sides' generic names and the adjectives of parties."""
    actors: dict[str, Actor] = {}
    alias_of: dict[str, Actor] = {}
    forces_of: dict[str, Actor] = {}
    text = resources.files(__package__).joinpath("data/actors.csv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines()):
        actor = Actor(row["label"], tuple(a for a in row["aliases"].split("|") if a), row["kind"], row["qid"] or None)
        actors[actor.label] = actor
        if actor.kind == "ArmedForces" and row["country"]:
            forces_of.setdefault(row["country"], actor)
        for alias in (actor.label, *actor.aliases):
            alias_of.setdefault(alias if alias != alias.lower() else alias.lower(), actor)
    for alias in STATE_SIDE:
        alias_of.setdefault(alias, STATE)
    for alias in (*REBEL_SIDE, "Rebel", "Islamist"):
        alias_of.setdefault(alias if alias != alias.lower() else alias.lower(), REBEL)
    for adjective, label in ADJECTIVES.items():
        if label in actors:
            alias_of.setdefault(adjective, actors[label])
    cased = _trie([a for a in alias_of if a != a.lower()])
    plain = _trie([a for a in alias_of if a == a.lower()])
    return Lexicon(actors, alias_of, forces_of, re.compile(rf"(?<![\w-])(?:{cased})(?![\w-])"),
                   re.compile(rf"(?<![\w-])(?:{plain})(?![\w-])", re.I))


def _trie(names: list[str]) -> str:
    """One pattern for many names, sharing their prefixes: the regex engine tries a few branches at each position
    instead of every name (thousands), and still prefers the longest name that ends at a word boundary."""
    root: dict = {}
    for name in names:
        node = root
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
        return body

    return pattern(root)


MEN = re.compile(r"soldiers|troops|fighters|militants|gunmen|militiamen|rebels|forces|men|combatants", re.I)


def actor_mentions(sentence: str, country: str | None = None) -> list[ActorMention]:
    """The actors a sentence names, longest names first, not overlapping: the table's; "government forces" and
    "rebels" as the sides of `country`, the country the article is about; a state's forces by nationality
    ("Eritrean troops"); and armed men it does not name ("unidentified gunmen")."""
    table = lexicon()
    hits = [(m.start(), m.end(), table.actor(m.group())) for p in (table.cased, table.plain)
            for m in p.finditer(sentence)]
    named = [h for h in hits if h[2] not in (STATE, REBEL)]
    sides = [h for h in hits if h[2] in (STATE, REBEL)]
    forces = [(start, end, state_forces(code, phrase)) for start, end, phrase, code in state_forces_named(sentence)]
    unnamed = [(start, end, Actor(*unnamed_label(phrase), kind="Unnamed"))
               for start, end, phrase in unnamed_armed(sentence)]
    out: list[ActorMention] = []
    # the table's names and nationalities' forces first ("Burma's military" over "Burma"), then the sides
    # ("soldiers"), then unnamed men; within each, the longest first
    for start, end, actor in (hit for group in (named + forces, sides, unnamed)
                              for hit in sorted(group, key=lambda h: (-(h[1] - h[0]), h[0]))):
        if actor in (STATE, REBEL):
            actor = _side(actor, sentence[start:end], country)
        if actor and not any(m.start < end and start < m.end for m in out):
            out.append(ActorMention(start, end, actor))
    out.sort(key=lambda m: m.start)
    # "M23 rebels", "RSF fighters", "Congolese army soldiers": the generic noun after a named party is its men
    men = {(start, end) for start, end, _ in sides if MEN.fullmatch(sentence[start:end])}  # not "M23 army clashes"
    return [m for i, m in enumerate(out) if not (
        (m.actor.kind in ("Unnamed", "Side") or (m.start, m.end) in men) and i
        and re.fullmatch(r"[\s-]?", sentence[out[i - 1].end:m.start]))]


def named_actors(text: str) -> set[Actor]:
    """The table's actors a text names anywhere (names only: no sides, nationalities or unnamed men)."""
    table = lexicon()
    return {a for p in (table.cased, table.plain) for m in p.finditer(text) if (a := table.actor(m.group()))
            and a not in (STATE, REBEL)}


def state_forces(country: str, phrase: str = "") -> Actor:
    """A country's armed forces: the table's row, else named after the country."""
    table = lexicon()
    if country in table.forces_of:
        return table.forces_of[country]
    from .gazetteer import demonyms, gazetteer
    place = gazetteer().countries.get(country)
    name = next((d for d, code in demonyms().items() if code == country), place.label if place else country)
    return Actor(f"{name} armed forces", tuple(dict.fromkeys(a for a in (phrase, f"{name} forces", f"{name} army",
                                                                       f"{name} military") if a)), "ArmedForces")


def _side(side: Actor, name: str, country: str | None) -> Actor:
    if side is STATE and country:
        return state_forces(country, name.lower().removeprefix("the "))
    if side is REBEL and country in REBELS and REBELS[country] in lexicon().actors:
        return lexicon().actors[REBELS[country]]
    return Actor(name.lower().removeprefix("the "), (), "ArmedForces" if side is STATE else "Unnamed")

"""What the story as a whole gives the incidents its sentences leave incomplete: the news of the day for an incident
told in the perfect, the date of an encyclopedia's infobox, the place the story is about or was filed from, the actor
it is about, the country at war for a tally, and one name per armed party."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from conflictkg.terms import EventType

from . import actors as actor_rules
from .actor_phrases import MILITANT_HEADS
from .dates import Span, event_dates, listed_dates
from .event_types import family
from .extract import PLACE_RANK, Context
from .gazetteer import Place, gazetteer
from .places import dateline_place, places_in
from .records import ArticleRecord
from .sentences import Sentence

if TYPE_CHECKING:
    from .incidents import Incident

LEDE_SENTENCES = 4  # headline, byline, dateline and the first sentence of the body
YEAR_IN_TEXT = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
# A lede in the present perfect or the headline present ("has killed", "kills") is the news of the day
LATEST_NEWS = re.compile(r"\b(?:has|have)(?: \w+ly)? (?:been )?\w+(?:ed|en)\b|\b(?:kills|hits|strikes|kill|hit)\b")
# "have been killed", "has left 20 dead", "have fled": news of the day when no date is given
PRESENT_PERFECT = re.compile(r"(?<!\bto )\b(?:has|have)(?: \w+ly| also| now)?(?: been)? (?!been\b)(?:\w+ed|\w+en|left|"
                             r"fled|lost|hit|shot|struck|torn|brought)\b")
# An encyclopedia's infobox, or a fact sheet, copied with the page: "- Date: 4–5 June 2021", "DateAugust 1, 2014"
# (the name glued to the value), "- Location: Solhan, Yagha Province", "- Perpetrators: Armenian Armed Forces"
INFOBOX_FIELD = re.compile(r"^(?:[-•*]\s*)?(Date|Location|Place|Perpetrators?|Perps?|Attackers?)(?![a-z])(?::\s*|\s*(?=[A-Z0-9]))"
                           r"(?=[A-Z0-9])([^(\n]{3,100})", re.M)
INFOBOX_LINES = 15


def story_defaults(incidents: list[Incident], published: dt.date | None, country: Place | None,
                   split: list[Sentence], context: Context) -> None:
    """Slots no mention states, from the story: the news of the day, an infobox's date, the place the story is about
    or was filed from, the country at war for a tally, and the actor the story is about."""
    infobox = Infobox.read(split, context)
    for incident in incidents:
        first = incident.first
        if incident.dates is None and infobox.dates is not None:
            incident.dates = infobox.dates  # an encyclopedia's "Date: 4–5 June 2021": when what it is about happened
        if first.index < INFOBOX_LINES and incident.type == EventType.CasualtyTally and first.sentence.paragraph == infobox.paragraph:
            # the infobox's own toll: its place and perpetrators are the infobox's
            incident.place, incident.place_name = (infobox.place, None) if infobox.place else (incident.place, incident.place_name)
            incident.perpetrators = incident.perpetrators or list(infobox.perpetrators)
        if incident.dates is None and published and (
                any(PRESENT_PERFECT.search(m.sentence.text) for m in incident.mentions)
                or (first.index < LEDE_SENTENCES and incident is incidents[0] and LATEST_NEWS.search(first.sentence.text))):
            incident.dates = (published, published)  # told in the perfect, or a headline's present: the news of the day
        if incident.place is None and incident.type == EventType.CasualtyTally and country is not None:
            incident.place, incident.place_name = country, None  # a war's tally counts in the country at war
    story = _story_place(incidents)
    filed_from = next((place for s in split[:LEDE_SENTENCES] if (place := dateline_place(s.text, set(
        [country.country_code] if country else [])))), None)
    if filed_from is not None:
        story = story or (filed_from, None)
        for incident in incidents:  # "a city in eastern Ukraine" told from KRAMATORSK is Kramatorsk
            if incident.place is not None and incident.place.broad \
                    and incident.place.country_code == filed_from.country_code and incident.type != EventType.CasualtyTally:
                incident.place, incident.place_name = filed_from, None
    if story is not None:
        for incident in incidents:
            if incident.place is None and incident.type != EventType.CasualtyTally:
                incident.place, incident.place_name = story
    # the actor the story is about: who did what its lede reports
    lede = next((i for i in incidents if i.perpetrators), None)
    # a clash lede that names both sides names no one the story is about; one that names one side names the attacker
    if lede is not None and lede.first.index < LEDE_SENTENCES and family(lede.type) == "violence" \
            and (lede.type != EventType.ArmedClash or len({a.label for a in lede.perpetrators if a.kind != "Unnamed"}) == 1):
        for incident in incidents:
            if not incident.perpetrators and family(incident.type) == family(lede.type) \
                    and incident.type != EventType.ArmedClash:  # a clash has two sides: the story's actor is not both
                # unnamed men carry no missiles or aircraft: an air or missile strike is not theirs by default
                incident.perpetrators = [a for a in lede.perpetrators if a.kind != "Unnamed"
                                         or incident.type not in (EventType.AirStrike, EventType.Shelling, EventType.ChemicalAttack)]


def main_country(text: str, mentioned: dict[str, int]) -> Place | None:
    """The country the article is about: the one it names most; on a tie, the one whose towns it names most."""
    if not mentioned:
        return None
    ranked = sorted(mentioned.values(), reverse=True)
    if len(ranked) == 1 or ranked[0] > ranked[1]:
        return gazetteer().countries[max(mentioned, key=mentioned.get)]
    counts = dict(mentioned)  # a tie: the towns decide
    for _, place in places_in(text, set(mentioned)):
        if not place.broad and place.country_code in counts:
            counts[place.country_code] += 1
    return gazetteer().countries[max(counts, key=counts.get)]


def one_actor_per_party(incidents: list[Incident], article: ArticleRecord, split: list[Sentence]) -> None:
    """Unnamed armed men ("gunmen", "the militants", "insurgents") are the armed group the article names, when it
    names one and only one, and names it in the incident's own sentences or in its lede (the group the story is
    about), not only in the background; an incident names each party once."""
    in_text = actor_rules.named_actors(article.text)
    named = {a for a in in_text if a.kind == "ArmedGroup"}
    group = next(iter(named)) if len(named) == 1 else None
    # "the coalition", "the alliance": the one coalition or alliance the article names, if only one
    leagues = {word: found.pop() if len(found := {a for a in in_text if any(
        word in n.lower().split() for n in (a.label, *a.aliases))}) == 1 else None for word in ("coalition", "alliance")}
    # the group the story is about: one its lede says did something, not one it names in passing
    story_group = group is not None and any(group in i.perpetrators for i in incidents
                                            if i.first.index < LEDE_SENTENCES)
    for incident in incidents:
        out: list[actor_rules.Actor] = []
        told = story_group or (group is not None and group in actor_rules.named_actors(
            " ".join(m.sentence.text for m in incident.mentions)))
        for actor in incident.perpetrators:
            if actor.kind == "Unnamed":
                if leagues.get(actor.label.split()[-1]):
                    actor = leagues[actor.label.split()[-1]]
                elif told and actor.label.split()[-1] in MILITANT_HEADS:
                    actor = group
                elif any(a.kind == "Unnamed" for a in out) and incident.type != EventType.ArmedClash:
                    continue  # "gunmen" and then "the attackers": one party
            if all(a.label != actor.label for a in out):
                out.append(actor)
        incident.perpetrators = out


@dataclass
class Infobox:
    """What an encyclopedia article's infobox says of the event it is about: when, where and who did it."""

    dates: Span | None = None
    place: Place | None = None
    perpetrators: tuple[actor_rules.Actor, ...] = ()
    paragraph: int | None = None

    @classmethod
    def read(cls, split: list[Sentence], context: Context) -> "Infobox":
        """The fields of the infobox among the article's first lines (none: an empty Infobox)."""
        box = cls()
        for sentence in split[:INFOBOX_LINES]:
            for m in INFOBOX_FIELD.finditer(sentence.text):
                name, value = m.group(1).lower(), m.group(2).strip()
                box.paragraph = sentence.paragraph
                if name == "date" and box.dates is None:
                    year = next((int(y) for y in YEAR_IN_TEXT.findall(value)), None)
                    box.dates = listed_dates(value) or event_dates(value, context.published, year)
                elif name in ("location", "place") and box.place is None:
                    named = places_in(value, context.countries, (), context.persons, context.places)
                    box.place = min((p for _, p in named), key=lambda p: PLACE_RANK[p.kind], default=None)
                elif name.startswith(("perp", "attacker")) and not box.perpetrators:
                    box.perpetrators = tuple(dict.fromkeys(
                        m.actor for m in actor_rules.actor_mentions(value, context.country)
                        if m.actor.kind not in ("Country", "Unnamed", "Side")))
        return box


def _story_place(incidents: list[Incident]) -> tuple[Place, str | None] | None:
    """The place (town or province) the article's sentences name most, if at least two name it and no other as often."""
    counts: dict = {}
    for mention in (m for incident in incidents for m in incident.mentions):
        place = mention.place
        if place is not None and not place.broad:
            key = (place.label, place.country_code)
            n, _ = counts.get(key, (0, None))
            counts[key] = (n + 1, (place, mention.place_name))
    if not counts:
        return None
    n, best = max(counts.values(), key=lambda c: c[0])
    if n < 2 or sum(1 for c in counts.values() if c[0] == n) > 1:
        return None
    return best

"""The incidents an article reports: its sentences' mentions linked to the incident each talks about, and each
incident's date, place, perpetrators and type taken from its mentions by the strength of their evidence.

News writing names the when, where and who of an incident once, then refers back ("The attack...", "During the
raid...", "It was the deadliest...", "he said"). A mention that refers back joins the most recent compatible
incident; one that introduces an incident ("In another attack", "A missile strike on ...") or contradicts the
incident before it (another place, another date) starts its own; one that says neither continues the incident
just reported when it is close by and compatible. The headline joins the incident of the lede it summarises."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from conflictkg.terms import EventType

from . import actors as actor_rules
from .casualties import Figure
from .dates import Span
from .event_types import GENERIC, family, victims_type
from .extract import PLACE_RANK, Context, IncidentMention, sentence_mentions
from .gazetteer import NOT_PLACES, PLACE_WORDS, Place, fold, gazetteer
from .places import named_places
from .records import ArticleRecord
from .sentences import HEADLINE, Sentence, sentences
from .sources import one_source_per_party, people_named
from .story import YEAR_IN_TEXT, main_country, one_actor_per_party, story_defaults

SAME, SIBLING = "same", "sibling"
BACK_WINDOW = (8, 4)  # sentences, paragraphs: how far back a mention that refers back may reach
NEAR_WINDOW = (3, 2)  # ... and a mention that says neither, to continue the incident just reported
AGGREGATE = re.compile(r"\b(?:across|throughout|in (?:several|various|different|many|multiple|separate) "
                       r"(?:parts|areas|places|towns|villages|provinces|regions|districts|attacks|strikes|raids)|"
                       r"in (?:a series of|a wave of) \w+|in (?:attacks|strikes|raids|clashes))\b", re.I)


@dataclass
class Incident:
    """One incident of one article, with every mention that reports it, in text order."""

    mentions: list[IncidentMention] = field(default_factory=list)
    type: str = ""
    dates: Span | None = None
    place: Place | None = None
    place_name: str | None = None
    perpetrators: list[actor_rules.Actor] = field(default_factory=list)
    parent: "Incident | None" = None  # the incident this one is told beside: its date, place and actors by default

    @property
    def figures(self) -> list[Figure]:
        """Every figure stated about the incident (each mention keeps its own)."""
        return [f for m in self.mentions for f in m.figures]

    @property
    def outcomes(self) -> set[str]:
        """What its mentions say happened to people (killed, injured...)."""
        return set().union(*(m.outcomes for m in self.mentions))

    @property
    def aggregate(self) -> bool:
        """Told as several acts at once ("strikes killed 54 people in attacks across Yemen"): a later mention with a
        place of its own is one of those acts, an incident of its own."""
        told = next((m for m in self.mentions if not m.heading), self.first)
        return bool(AGGREGATE.search(told.sentence.text)) and (self.place is None or self.place.broad)

    @property
    def first(self) -> IncidentMention:
        """The mention that reported it first."""
        return self.mentions[0]

    @property
    def last(self) -> IncidentMention:
        """The mention that reported it last."""
        return self.mentions[-1]

    def add(self, mention: IncidentMention) -> None:
        """One more sentence that reports it; the slots are worked out again."""
        self.mentions.append(mention)
        self.resolve()

    def resolve(self) -> None:
        """The slots from the mentions: each the best a mention states (see `_type`, `_dates`, `_place`)."""
        self.type = _type(self.mentions)
        # an aggregate keeps its span: "On Saturday" in a story of the weekend's attacks dates one of them
        told = next((i for i, m in enumerate(self.mentions) if not m.heading), 0)
        stated = _dates(self.mentions[:told + 1] if self.aggregate else self.mentions)
        self.dates = stated or (self.parent.dates if self.parent and not self.mentions[0].timed else None)
        self.place, self.place_name = _place(self.mentions)
        if self.place is None and self.parent is not None:
            self.place, self.place_name = self.parent.place, self.parent.place_name
        self.perpetrators = _perpetrators(self.mentions)
        if not self.perpetrators and self.parent is not None and self.type != EventType.Displacement:
            # who fled an attack did not carry it out; unnamed men of one act are not known to be those of another
            self.perpetrators = [a for a in self.parent.perpetrators if a.kind != "Unnamed"]


def article_incidents(article: ArticleRecord) -> list[Incident]:
    """Every incident the article reports, in the order it first reports them."""
    published = article.published.date() if isinstance(article.published, dt.datetime) else article.published
    mentioned = gazetteer().country_counts(article.text)
    people = people_named(article.text)
    country = main_country(article.text, mentioned)
    context = Context(published, set(mentioned), people, _person_names(people),
                      country.country_code if country else None, named_places(article.text, set(mentioned)))
    incidents: list[Incident] = []
    split = sentences(article.text)
    years = [(m.end(), int(m.group(1))) for m in YEAR_IN_TEXT.finditer(article.text)] if not published else []
    seen: set[str] = set()
    for index, sentence in enumerate(split):
        if len(sentence.text) > HEADLINE // 3 and fold(sentence.text) in seen:
            continue  # a sentence printed twice (a photo caption repeating the text) reports nothing new
        seen.add(fold(sentence.text))
        dated = next((i.dates for i in reversed(incidents) if i.dates and i.type != EventType.CasualtyTally), None)
        # an undated article's "on June 4" is in the year of the incident it was telling, else the last year named
        context.year = None if published else dated[1].year if dated else _last_year(years, sentence.end)
        # a tally sums up; the incident the article was telling is the last one before it
        context.incident_type = next((i.type for i in reversed(incidents) if i.type != EventType.CasualtyTally), None)
        context.anchor = dated
        found = sentence_mentions(sentence, index, context)
        for mention in found:
            mention.heading = index == 0 and _is_heading(sentence, article)
            incident, parent = _incident_of(mention, incidents, split)
            if incident is not None:
                incident.add(mention)
            elif _stands_alone(mention):
                incidents.append(Incident(parent=parent))
                incidents[-1].add(mention)
        for mention in found:
            context.speakers.heard(mention.sources)
        context.agent = _agent(sentence.text, found, context.agent)
    for incident in incidents:
        _headline_restated(incident)
    story_defaults(incidents, published, country, split, context)
    one_actor_per_party(incidents, article, split)
    one_source_per_party([m for incident in incidents for m in incident.mentions])
    return incidents


def _headline_restated(incident: Incident) -> None:
    """A headline's toll that its story states again ("Strikes kill 27" over "...killed 27 people") is the story's
    figure: the headline keeps its quote, the figure stays with the sentence that tells it in full."""
    told = [f for m in incident.mentions if not m.heading for f in m.figures]
    for m in incident.mentions:
        if m.heading:
            m.figures = [f for f in m.figures if not any(
                f.outcome == t.outcome and (f.count == t.count or f.count is None) for t in told)]


def _incident_of(mention: IncidentMention, incidents: list[Incident],
                 split: list[Sentence]) -> tuple[Incident | None, Incident | None]:
    """The incident the mention talks about, if one already reported; else None and, when the mention tells another
    act of the same story (a site of its own, "also" the same harm again), the incident it is told beside."""
    told = [i for i in incidents if i.type != EventType.CasualtyTally]
    if mention.type == EventType.CasualtyTally or not told:
        return None, None
    current = told[-1]
    if all(m.heading for m in current.mentions) and _tells_headline(mention, current):
        return current, None  # the lede tells what the headline announced
    if mention.reference == "new":
        return None, None
    if mention.reference == "another":  # another act of the story told so far: its time and actors by default
        near = [i for i in told if _within(i, mention, split, NEAR_WINDOW) and family(i.type) == family(mention.type)]
        return None, (near[-1] if near else None)
    window = BACK_WINDOW if mention.reference == "back" else NEAR_WINDOW
    for incident in reversed(told):
        if not _within(incident, mention, split, window):
            break
        relation = _relation(mention, incident)
        if relation == SAME and mention.reference == "part" and incident.last.index == mention.index:
            continue  # the sentence's other incident
        if relation == SAME and mention.reference == "part":
            return None, incident  # one of the sentence's incidents: beside the one before, not the same
        if relation == SAME:
            return incident, None
        if relation == SIBLING:
            return None, incident
        if relation is None and _consequence(mention, incident):
            return None, incident  # "The affected people fled...": what followed the incident told before
        if mention.reference not in ("back", "part") and family(incident.type) == family(mention.type):
            break  # continuing wording never skips over an incident of its own kind
    return None, None


def _tells_headline(mention: IncidentMention, headline: Incident) -> bool:
    """The lede tells the incident its headline announced: the same kind of act, at no other place or time, by no
    other actor; the lede's finer place ("the Nuseirat camp" for "central Gaza") and fuller toll ("including 11
    children") are the headline's own, not another act's."""
    if family(mention.type) != family(headline.type) and mention.strength > 0:
        return False
    if mention.dates and headline.dates and (mention.dates[1] < headline.dates[0] or headline.dates[1] < mention.dates[0]):
        return False
    if mention.place is not None and headline.place is not None and _places_differ(mention.place, headline.place) \
            and not (mention.place.kind == "site" or headline.place.broad
                     or (headline.place_name or headline.place.label) in mention.sentence.text):
        return False  # "... in Taiz" over "in al-Dhabab, west of Taiz": the lede names the headline's place too
    return not _other_actors(mention, headline)


def _other_actors(mention: IncidentMention, incident: Incident) -> bool:
    """Both name who did it, and not the same party (a clash names both sides, so it is left out); a country and
    its armed forces are one party ("Israel launched", "Israeli missiles")."""
    mine = {_party(a) for a in mention.perpetrators if a.kind != "Unnamed"}
    theirs = {_party(a) for a in incident.perpetrators if a.kind != "Unnamed"}
    return bool(mine and theirs and not mine & theirs) and EventType.ArmedClash not in (mention.type, incident.type)


def _party(actor: actor_rules.Actor) -> str:
    """The party an actor belongs to: a country stands for its armed forces."""
    if actor.kind == "Country" and (place := gazetteer().lookup(actor.label, set())) is not None:
        forces = actor_rules.lexicon().forces_of.get(place.country_code)
        return forces.label if forces else actor.label
    return actor.label


def _other_victims(mention: IncidentMention, incident: Incident) -> bool:
    """A toll of the same harm that no count of the incident comes near (within a factor of two): other victims,
    not the same ones counted again ("45 killed" ... "militiamen massacred 46")."""
    told = [(f.outcome, f.count) for f in incident.figures if f.count]
    mine = [(f.outcome, f.count) for f in mention.figures if f.count]
    same_harm = [(o, n) for o, n in mine if any(o == o2 for o2, _ in told)]
    return bool(same_harm) and not any(o1 == o2 and max(n1, n2) <= 2 * min(n1, n2)
                                       for o1, n1 in same_harm for o2, n2 in told)


def _new_toll(mention: IncidentMention, incident: Incident) -> bool:
    """Figures the incident has not stated yet (a restated toll is no new one)."""
    told = {(f.outcome, f.count) for f in incident.figures}
    return any((f.outcome, f.count) not in told for f in mention.figures)


def _consequence(mention: IncidentMention, incident: Incident) -> bool:
    """A displacement, abduction or destruction that refers back to an attack told before follows from it."""
    return family(incident.type) == "violence" and mention.type in (EventType.Displacement, EventType.Abduction, EventType.PropertyDestruction) \
        and not (mention.dates and incident.dates and mention.dates != incident.dates)


def _agent(text: str, found: list[IncidentMention], before: actor_rules.Actor | None) -> actor_rules.Actor | None:
    """The armed actor a later "it" or "the group" means: who the sentence says did it, else the last armed group
    or force it names."""
    for mention in reversed(found):
        if mention.perpetrators:
            return mention.perpetrators[-1]
    armed = [a for a in actor_rules.named_actors(text) if a.kind in ("ArmedGroup", "ArmedForces")]
    return armed[-1] if len(armed) == 1 else before


def _stands_alone(mention: IncidentMention) -> bool:
    """A mention that only refers back ("The attack was carried out by X") is no incident of its own."""
    return bool(mention.figures or mention.dates or (mention.place and not mention.place.broad)) \
        or mention.reference != "back"


def _within(incident: Incident, mention: IncidentMention, split: list[Sentence], window: tuple[int, int]) -> bool:
    sentences_apart = mention.index - incident.last.index
    paragraphs_apart = split[mention.index].paragraph - split[incident.last.index].paragraph
    return sentences_apart <= window[0] and paragraphs_apart <= window[1]


def _relation(mention: IncidentMention, incident: Incident) -> str | None:
    """SAME: the mention can be of the incident (the same kind of act, neither place nor date contradicting);
    SIBLING: it tells another act of the same story (a toll of its own at a site of its own, one of the acts an
    aggregate told at once, or "also" the same harm again); None: unrelated."""
    if family(mention.type) != family(incident.type) and mention.strength > 0:
        return None
    if mention.dates and incident.dates and (mention.dates[1] < incident.dates[0] or incident.dates[1] < mention.dates[0]):
        return None
    if mention.place is not None and incident.place is not None and _places_differ(mention.place, incident.place):
        return SIBLING if mention.figures and not mention.dates else None
    own_site = mention.place is not None and not mention.place.broad and (
        incident.place is None or mention.place.label != incident.place.label)
    if own_site and incident.aggregate:
        return SIBLING  # one of the acts an aggregate told at once
    if own_site and mention.reference != "back" and _new_toll(mention, incident) and incident.place is not None \
            and not incident.place.broad:
        return SIBLING  # a toll of its own at a site of its own
    if mention.also and incident.outcomes and mention.outcomes and mention.outcomes <= incident.outcomes:
        return SIBLING  # "IS also executed 150 soldiers": another act like the one just told
    if mention.reference != "back" and _other_actors(mention, incident):
        return None  # "The clan took three towns" after "IS captured the oil field": another side's act
    if mention.reference == "" and _other_victims(mention, incident):
        return SIBLING  # "three peasants were killed ..." then "a defender was beaten to death": another killing
    return SAME


def _places_differ(a: Place, b: Place) -> bool:
    """Two places that cannot name the site of one incident: two towns, two provinces, two countries, or a place
    outside the country named."""
    if a.label == b.label and a.country_code == b.country_code:
        return False
    if a.kind == b.kind:
        return True
    if a.broad or b.broad:
        return bool(a.country_code and b.country_code and a.country_code != b.country_code)
    return False  # a town and a province of one country: the gazetteer does not say which province holds the town


def _type(mentions: list[IncidentMention]) -> str:
    """The type the strongest wording gives, among the mentions of the first mention's kind of act; an attack
    its wording does not type is typed by its victims, wherever the incident counts them."""
    kind = family(mentions[0].type)
    own = [m for m in mentions if family(m.type) == kind]
    best = max(own, key=lambda m: m.strength)  # max keeps the first of equals: the earliest
    if best.strength <= GENERIC and best.type in (EventType.ArmedClash, EventType.AttackOnCivilians):
        figures = next((m.figures for m in own if m.figures), [])  # the first toll: later ones count again
        if figures:
            return victims_type(figures)
    return best.type


def _dates(mentions: list[IncidentMention]) -> Span | None:
    """The first date a mention states, narrowed by a later one inside it ("in June" ... "on June 5")."""
    stated = [m.dates for m in mentions if m.dates]
    if not stated:
        return None
    best = stated[0]
    for span in stated[1:]:
        if best[0] <= span[0] and span[1] <= best[1] and span != best:
            best = span
    return best


def _place(mentions: list[IncidentMention]) -> tuple[Place | None, str | None]:
    """The most specific place a mention states (a town over a province over a country), the earliest of equals
    in the body (a headline's place is a summary)."""
    placed = [m for m in mentions if m.place is not None]
    if not placed:
        return None, None
    best = min(placed, key=lambda m: (PLACE_RANK[m.place.kind], m.heading))  # of equals, the body's over the headline's
    return best.place, best.place_name


def _perpetrators(mentions: list[IncidentMention]) -> list[actor_rules.Actor]:
    """Who did it, as the first mention that says so names them (a later sentence naming an unnamed party adds its
    name); in a clash, every party any mention names."""
    out: list[actor_rules.Actor] = []
    for m in mentions:
        if out and not (m.type == EventType.ArmedClash or all(a.kind == "Unnamed" for a in out)):
            break
        for actor in m.perpetrators:
            if all(a.label != actor.label for a in out):
                out.append(actor)
    return out


def _is_heading(sentence: Sentence, article: ArticleRecord) -> bool:
    """The article's headline: its title, or a short first line with no closing stop."""
    text = sentence.text.strip()
    if article.title and fold(text) == fold(article.title):
        return True
    return len(text) <= HEADLINE and text[-1:] not in ".!?\"”" and "\n" not in text


def _person_names(people: dict[str, str]) -> frozenset[str]:
    """Surnames of the people an article names in full ("Bali" for "Mustafa Bali"), so they are not taken for
    places; a full name that is itself a place ("Deir Ezzour") is not a person."""
    gaz = gazetteer()
    return frozenset(short for short, full in people.items()
                     if short != full and gaz.lookup(full, set()) is None
                     and not {fold(full.split()[0])} & (PLACE_WORDS | NOT_PLACES) and full.split()[0] not in gaz.demonyms)


def _last_year(years: list[tuple[int, int]], end: int) -> int | None:
    """The last year the text named before `end` (years: their end offsets and values, in text order)."""
    before = [year for at, year in years if at <= end]
    return before[-1] if before else None

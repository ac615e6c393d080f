"""Extraction: from one article's text to the events it reports, with their facts and evidence."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import actors as actor_rules
from .casualties import Figure, casualty_figures
from .dates import event_dates
from .event_types import INCIDENT_OUTCOME_TYPES, event_type, trigger_spans
from .gazetteer import NOT_PLACES, PLACE_WORDS, Place, fold, gazetteer, places_in
from .records import ArticleRecord
from .sentences import Sentence, sentences

PLACE_RANK = {"town": 0, "province": 1, "country": 2}
CORRECTION = re.compile(r"\b(?:an earlier version of this (?:article|story)|incorrectly (?:said|stated|put|reported)|"
                        r"this (?:article|story) has been (?:corrected|updated))\b", re.I)
NOT_AN_INCIDENT = re.compile(r"\b(?:denied|denies|deny|would|could|should|might|(?-i:may)|expected to|widely|routinely|"
                             r"is carrying out|are carrying out|believes|accused|accuses|if|whether|"
                             r"proposed|proposes|called for|calls for|urged|urges|"
                             r"(?:is|are|has been|have been) (?:fighting|battling|waging))\b", re.I)
# "The rocket fire came as ...", "The intensification of airstrikes has come as ...": a sentence that refers back
# to an incident already reported, to give its background; not a new incident.
REFERS_BACK = re.compile(r"^\s*(?:The|This|That|These|Those|Its|Their)\b[^,.;]{0,80}?\b(?:came|comes|has come|have come)"
                         r"\s+(?:as|after|amid|just|hours|days|a day|weeks|shortly|only|less|a week)\b")
LATEST_NEWS = re.compile(r"\b(?:has|have)(?: \w+ly)? (?:been )?\w+(?:ed|en)\b|\b(?:kills|hits|strikes|kill|hit)\b")
LEDE_SENTENCES = 4  # headline, byline, dateline and the first sentence of the body
MAX_FRAME_GAP = 4  # sentences between two reports of one incident
# Where a sentence coordinates two reports: ", and", "; ", ", while", ", whereas", ", but", ", as"
CLAUSE_BREAK = re.compile(r",\s+(?:and|while|whereas|but|as)\s+|;\s+|\s+while\s+")
YEAR_IN_TEXT = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
NON_REPORT = re.compile(r"^(?:Read(?: more)?:|Photo:|PHOTO:|Video:|Image:|Follow |Sign up|Subscribe|Copyright|©)")


@dataclass
class EventFacts:
    """One event as one sentence of one article reports it."""

    type: str
    sentence: Sentence
    figures: list[Figure] = field(default_factory=list)
    place: Place | None = None
    place_name: str | None = None
    dates: tuple[dt.date, dt.date] | None = None
    perpetrators: list[actor_rules.Actor] = field(default_factory=list)
    sources: list[actor_rules.Actor] = field(default_factory=list)
    index: int = 0  # the sentence's number in the article
    part: int = 0  # which of the sentence's incidents, when it reports several


def article_events(article: ArticleRecord) -> list[EventFacts]:
    """Every event the article reports, in text order, with the slots a sentence leaves implicit
    taken from the incident the article was reporting just before (see `Frame`)."""
    published = article.published.date() if isinstance(article.published, dt.datetime) else article.published
    mentioned = gazetteer().country_counts(article.text)
    countries = set(mentioned)
    people = actor_rules.people_named(article.text)
    persons = _person_names(people)
    # the country the article is about: the one it names most often
    main_country = gazetteer().countries[max(mentioned, key=mentioned.get)] if mentioned else None
    events: list[EventFacts] = []
    frame = Frame()
    for index, sentence in enumerate(sentences(article.text)):
        if CORRECTION.search(sentence.text) or NON_REPORT.match(sentence.text):
            continue
        year = None if published else _last_year(article.text[:sentence.end])
        found = sentence_events(sentence, published, countries, people, persons, frame.type, year,
                                frame.dates if frame.near(index) else None,
                                main_country.country_code if main_country else None)
        for event in found:
            event.index = index
            if event.dates is None and published and index < LEDE_SENTENCES and not events \
                    and LATEST_NEWS.search(sentence.text):
                event.dates = (published, published)  # a lede in the perfect: the news of the day
            frame.fill(event)
            if event.place is None and event.type == "CasualtyTally" and main_country is not None:
                event.place, event.place_name = main_country, None  # a war's tally counts in the country at war
            events.append(event)
            frame.update(event)
    _fill_lede(events)
    _fill_story_place(events)
    return events


def _fill_story_place(events: list[EventFacts]) -> None:
    """A story told about one place ("Kobani", "Sinjar") often leaves it out of later sentences: events with no
    place take the place (town or province) the article's events name most, if at least two name it."""
    counts: dict = {}
    for event in events:
        if event.place is not None and event.place.kind != "country":
            key = (event.place.label, event.place.country_code)
            counts[key] = counts.get(key, (0, event.place, event.place_name))
            counts[key] = (counts[key][0] + 1, event.place, counts[key][2])
    if not counts:
        return
    n, place, name = max(counts.values(), key=lambda c: c[0])
    if n < 2 or sum(1 for c in counts.values() if c[0] == n) > 1:
        return  # no place stands out
    for event in events:
        if event.place is None and event.type != "CasualtyTally":
            event.place, event.place_name = place, name


@dataclass
class Frame:
    """The incident the article is reporting: a following sentence about the same incident (same type, close by,
    no date of its own that differs) takes its date, place and perpetrators where it names none. Sources are
    not carried over: annotators and readers attribute a sentence only to whom it names."""

    type: str | None = None
    dates: tuple[dt.date, dt.date] | None = None
    place: Place | None = None
    place_name: str | None = None
    perpetrators: list = field(default_factory=list)
    index: int = -1

    def near(self, index: int) -> bool:
        return index - self.index <= MAX_FRAME_GAP

    def same_incident(self, event: EventFacts) -> bool:
        return (self.type is not None and event.type == self.type and event.type != "CasualtyTally"
                and event.index - self.index <= MAX_FRAME_GAP
                and (event.dates is None or self.dates is None or event.dates == self.dates))

    def fill(self, event: EventFacts) -> None:
        if not self.same_incident(event):
            return
        if event.dates is None:
            event.dates = self.dates
        if event.place is None:
            event.place, event.place_name = self.place, self.place_name
        if not event.perpetrators:
            event.perpetrators = list(self.perpetrators)

    def update(self, event: EventFacts) -> None:
        if event.type == "CasualtyTally":
            return
        if event.type != self.type or (event.dates and event.dates != self.dates):
            self.__init__()
        self.type, self.index = event.type, event.index
        self.dates = event.dates or self.dates
        if event.place is not None:
            self.place, self.place_name = event.place, event.place_name
        self.perpetrators = event.perpetrators or self.perpetrators


def _fill_lede(events: list[EventFacts]) -> None:
    """Headline and lede often leave the date to the next sentence ("...on Monday"): events before the article's
    first dated one take its date when they are of its type."""
    dated = next((e for e in events if e.dates), None)
    if dated is None:
        return
    for event in events:
        if event is dated:
            break
        if event.type == dated.type and dated.index - event.index <= MAX_FRAME_GAP:
            event.dates = dated.dates


def _person_names(people: dict[str, str]) -> frozenset[str]:
    """Surnames of the people an article names in full ("Bali" for "Mustafa Bali"), so they are not taken for
    places; a full name that is itself a place ("Deir Ezzour") is not a person."""
    gaz = gazetteer()
    return frozenset(short for short, full in people.items()
                     if short != full and gaz.lookup(full, set()) is None
                     and not {fold(full.split()[0])} & (PLACE_WORDS | NOT_PLACES) and full.split()[0] not in gaz.demonyms)


def _last_year(text: str) -> int | None:
    years = YEAR_IN_TEXT.findall(text)
    return int(years[-1]) if years else None


def sentence_events(sentence: Sentence, published, countries: set[str], people: dict[str, str],
                    persons: frozenset[str] = frozenset(), context_type: str | None = None, year: int | None = None,
                    anchor: tuple[dt.date, dt.date] | None = None, country: str | None = None) -> list[EventFacts]:
    """The events one sentence reports: usually none or one; one per place when the sentence reports figures
    for several places in coordinated clauses ("37 were killed in A, and seven in B")."""
    text = sentence.text
    figures = casualty_figures(text)
    kind = event_type(text, figures, context_type)
    if kind is None:
        return []
    mentions = actor_rules.actor_mentions(text, country)
    sources = actor_rules.sources(text, mentions, people)
    triggers = trigger_spans(text)
    focus = figures[0].start if figures else triggers[0][0] if triggers else 0
    found = actor_rules.perpetrators(text, mentions, triggers, sources)
    if kind == "ArmedClash":
        found = actor_rules.clash_parties(text, mentions, found, sources)
    event = EventFacts(kind, sentence, figures, dates=event_dates(text, published, year, anchor, focus),
                       sources=sources, perpetrators=found)
    # a country named as a party ("Russia", "the United States") is an actor; otherwise it may be the place
    skip = [(m.start, m.end) for m in mentions if m.actor.kind != "Country" or m.actor in event.perpetrators
            or m.actor in sources]
    named = places_in(text, countries, skip, persons)
    if named:
        at, place = min(named, key=lambda x: (PLACE_RANK[x[1].kind], abs(x[0] - focus)))
        event.place, event.place_name = place, _surface(text, at, place)
    if not reports_incident(event):
        return []
    if kind == "CasualtyTally":
        return [event]
    if parts := _incidents_by_place(text, figures, named):
        return [EventFacts(kind, sentence, part_figures, place, _surface(text, at, place) if place else None,
                           event.dates, list(event.perpetrators), list(event.sources), part=i)
                for i, (part_figures, (at, place)) in enumerate(parts)]
    if parts := _incidents_by_type(text, figures, named, context_type):
        return [EventFacts(part_kind, sentence, part_figures, place, _surface(text, at, place) if place else None,
                           event.dates, _perpetrators(text[start:end], part_kind, country, sources), list(sources), part=i)
                for i, (part_kind, part_figures, (at, place), (start, end)) in enumerate(parts)]
    taken = [f for f in figures if f.outcome in INCIDENT_OUTCOME_TYPES]
    harmed = [f for f in figures if f.outcome not in INCIDENT_OUTCOME_TYPES]
    if taken and harmed:
        # "abducted 400 civilians ... and was responsible for the deaths of 85 others": two acts, two events
        first = INCIDENT_OUTCOME_TYPES[taken[0].outcome]
        other = event_type(text, harmed, context_type, exclude=frozenset(INCIDENT_OUTCOME_TYPES.values()))
        return [EventFacts(first, sentence, taken, event.place, event.place_name, event.dates,
                           list(event.perpetrators), list(event.sources)),
                EventFacts(other, sentence, harmed, event.place, event.place_name, event.dates,
                           list(event.perpetrators), list(event.sources), part=1)]
    return [event]


def _perpetrators(clause: str, kind: str, country: str | None, sources: list) -> list:
    """Who the clause says did it (perpetrators are read clause by clause when a sentence has two acts)."""
    mentions = actor_rules.actor_mentions(clause, country)
    found = actor_rules.perpetrators(clause, mentions, trigger_spans(clause), sources)
    return actor_rules.clash_parties(clause, mentions, found, sources) if kind == "ArmedClash" else found


def _incidents_by_type(text: str, figures: list[Figure], named: list[tuple[int, Place]], context_type: str | None):
    """Split a sentence into two events when one clause gives figures and a coordinated clause without figures
    names an act of another type ("five soldiers were killed near the border, while the coalition began an
    offensive to drive the Houthis out of Marib"): [(type, figures, (offset, place)), ...]; [] otherwise."""
    if not figures:
        return []
    bounds = [0] + [m.end() for m in CLAUSE_BREAK.finditer(text)] + [len(text)]
    clauses = list(zip(bounds, bounds[1:]))
    if len(clauses) != 2:
        return []
    parts = []
    for start, end in clauses:
        own = [f for f in figures if start <= f.start < end]
        kind = event_type(text[start:end], [] if not own else own, context_type if own else None)
        if kind is None or kind == "CasualtyTally":
            return []
        places = [(at, p) for at, p in named if start <= at < end]
        anchor = own[0].start if own else start
        place = min(places, key=lambda x: (PLACE_RANK[x[1].kind], abs(x[0] - anchor))) if places else (None, None)
        parts.append((kind, own, place, (start, end)))
    if sum(1 for _, own, _, _ in parts if own) != 1 or parts[0][0] == parts[1][0]:
        return []
    return parts


def _incidents_by_place(text: str, figures: list[Figure], named: list[tuple[int, Place]]):
    """Split a sentence's figures into incidents when coordinated clauses each give their own figures and their
    own place: [(figures, (offset, place)), ...]; [] when the sentence reports one incident."""
    bounds = [0] + [m.end() for m in CLAUSE_BREAK.finditer(text)] + [len(text)]
    parts = []
    for start, end in zip(bounds, bounds[1:]):
        own = [f for f in figures if start <= f.start < end]
        places = [(at, p) for at, p in named if start <= at < end]
        if not own:
            continue
        anchor = own[0].start
        parts.append((own, min(places, key=lambda x: (PLACE_RANK[x[1].kind], abs(x[0] - anchor)))
                      if places else (None, None)))
    placed = [p.label for _, (_, p) in parts if p is not None]
    if len(parts) < 2 or len(placed) < len(parts) - 1 or len(set(placed)) < len(placed) or not placed:
        return []  # one clause at most may leave its place to the frame; the others each name their own
    outcomes = [{f.outcome for f in own} for own, _ in parts]
    if not set.intersection(*outcomes):
        return []  # killed here, wounded there: most often one incident told in two clauses
    return parts


def reports_incident(event: EventFacts) -> bool:
    """A sentence with no casualty figure reports an incident only if it anchors it (a date or a place)
    and is not a heading, a quotation, a denial, a hypothesis or a generic statement."""
    if event.figures:
        return True
    text = event.sentence.text
    # with no figure, an incident needs a date or a place below the country ("violence across Syria" is no incident)
    placed = event.place is not None and event.place.kind != "country"
    return (bool(event.dates or placed) and len(text.split()) >= 6 and text[0] not in "\"“‘'"
            and not NOT_AN_INCIDENT.search(text) and not REFERS_BACK.search(text))


def _surface(text: str, at: int, place: Place) -> str:
    """The name as the text writes it ('Mayadeen' for GeoNames' 'Al Mayādīn')."""
    if place.kind == "province":
        return place.alt_labels[0] if place.alt_labels else place.label
    m = re.match(r"(?:(?:al|el|ar|as|ash|ad|ez|az|an|at)[-‐ ])?[\w’'‘-]+(?:[ -](?:al-|el-|ez-|as-|ar-|ad-|ash-|az-)?"
                 r"[A-Z][\w’'‘-]*){0,3}", text[at:])
    return m.group() if m else place.label

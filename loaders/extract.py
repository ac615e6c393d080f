"""Extraction: from one article's text to the events it reports, with their facts and evidence."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import actors as actor_rules
from .casualties import Figure, casualty_figures
from .dates import event_dates
from .event_types import event_type, trigger_spans
from .gazetteer import NOT_PLACES, PLACE_WORDS, Place, fold, gazetteer, places_in
from .records import ArticleRecord
from .sentences import Sentence, sentences

PLACE_RANK = {"town": 0, "province": 1, "country": 2}
CORRECTION = re.compile(r"\b(?:an earlier version of this (?:article|story)|incorrectly (?:said|stated|put|reported)|"
                        r"this (?:article|story) has been (?:corrected|updated))\b", re.I)
NOT_AN_INCIDENT = re.compile(r"\b(?:denied|denies|deny|would|could|should|might|may|expected to|widely|routinely|"
                             r"is carrying out|are carrying out|believes|accused|accuses|if|whether)\b", re.I)
LATEST_NEWS = re.compile(r"\b(?:has|have)(?: \w+ly)? (?:been )?\w+(?:ed|en)\b|\b(?:kills|hits|strikes|kill|hit)\b")
LEDE_SENTENCES = 4  # headline, byline, dateline and the first sentence of the body
MAX_FRAME_GAP = 4  # sentences between two reports of one incident
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
        event = sentence_event(sentence, published, countries, people, persons, frame.type, year,
                               frame.dates if frame.near(index) else None,
                               main_country.country_code if main_country else None)
        if event is None:
            continue
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
    return events


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


def sentence_event(sentence: Sentence, published, countries: set[str], people: dict[str, str],
                   persons: frozenset[str] = frozenset(), context_type: str | None = None, year: int | None = None,
                   anchor: tuple[dt.date, dt.date] | None = None, country: str | None = None) -> EventFacts | None:
    """The event one sentence reports, or None."""
    text = sentence.text
    figures = casualty_figures(text)
    kind = event_type(text, figures, context_type)
    if kind is None:
        return None
    mentions = actor_rules.actor_mentions(text, country)
    sources = actor_rules.sources(text, mentions, people)
    triggers = trigger_spans(text)
    focus = figures[0].start if figures else triggers[0][0] if triggers else 0
    event = EventFacts(kind, sentence, figures, dates=event_dates(text, published, year, anchor, focus),
                       sources=sources, perpetrators=actor_rules.perpetrators(text, mentions, triggers, sources))
    # a country named as a party ("Russia", "the United States") is an actor; otherwise it may be the place
    skip = [(m.start, m.end) for m in mentions if m.actor.kind != "Country" or m.actor in event.perpetrators
            or m.actor in sources]
    named = places_in(text, countries, skip, persons)
    if named:
        at, place = min(named, key=lambda x: (PLACE_RANK[x[1].kind], abs(x[0] - focus)))
        event.place, event.place_name = place, _surface(text, at, place)
    return event if reports_incident(event) else None


def reports_incident(event: EventFacts) -> bool:
    """A sentence with no casualty figure reports an incident only if it anchors it (a date or a place)
    and is not a heading, a quotation, a denial, a hypothesis or a generic statement."""
    if event.figures:
        return True
    text = event.sentence.text
    return (bool(event.dates or event.place) and len(text.split()) >= 6 and text[0] not in "\"“‘'"
            and not NOT_AN_INCIDENT.search(text))


def _surface(text: str, at: int, place: Place) -> str:
    """The name as the text writes it ('Mayadeen' for GeoNames' 'Al Mayādīn')."""
    if place.kind == "province":
        return place.alt_labels[0] if place.alt_labels else place.label
    m = re.match(r"(?:(?:al|el|ar|as|ash|ad|ez|az|an|at)[-‐ ])?[\w’'‘-]+(?:[ -](?:al-|el-|ez-|as-|ar-|ad-|ash-|az-)?"
                 r"[A-Z][\w’'‘-]*){0,3}", text[at:])
    return m.group() if m else place.label

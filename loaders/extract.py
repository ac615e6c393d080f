"""Extraction: from one article's text to the events it reports, with their facts and evidence."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import actors as actor_rules
from .casualties import Figure, casualty_figures
from .dates import event_dates
from .event_types import event_type, trigger_spans
from .gazetteer import Place, gazetteer, places_in
from .records import ArticleRecord
from .sentences import Sentence, sentences

PLACE_RANK = {"town": 0, "province": 1, "country": 2}
CORRECTION = re.compile(r"\b(?:an earlier version of this (?:article|story)|incorrectly (?:said|stated|put|reported)|"
                        r"this (?:article|story) has been (?:corrected|updated))\b", re.I)
NOT_AN_INCIDENT = re.compile(r"\b(?:denied|denies|deny|would|could|should|might|may|expected to|widely|routinely|"
                             r"is carrying out|are carrying out|believes|accused|accuses|if|whether)\b", re.I)
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


def article_events(article: ArticleRecord) -> list[EventFacts]:
    """Every event the article reports, one per sentence that reports one, in text order."""
    published = article.published.date() if isinstance(article.published, dt.datetime) else article.published
    countries = gazetteer().countries_in(article.text)
    people = actor_rules.people_named(article.text)
    events: list[EventFacts] = []
    context_type = None
    for sentence in sentences(article.text):
        if CORRECTION.search(sentence.text) or NON_REPORT.match(sentence.text):
            continue
        event = sentence_event(sentence, published, countries, people, context_type)
        if event is not None:
            events.append(event)
            if event.type != "CasualtyTally":
                context_type = event.type
    return events


def sentence_event(sentence: Sentence, published, countries: set[str], people: dict[str, str],
                   context_type: str | None = None) -> EventFacts | None:
    """The event one sentence reports, or None."""
    text = sentence.text
    figures = casualty_figures(text)
    kind = event_type(text, figures, context_type)
    if kind is None:
        return None
    mentions = actor_rules.actor_mentions(text)
    sources = actor_rules.sources(text, mentions, people)
    event = EventFacts(kind, sentence, figures, dates=event_dates(text, published), sources=sources,
                       perpetrators=actor_rules.perpetrators(text, mentions, trigger_spans(text), sources))
    named = places_in(text, countries, skip=[(m.start, m.end) for m in mentions])
    if named:
        at, place = min(named, key=lambda x: (PLACE_RANK[x[1].kind], x[0]))
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

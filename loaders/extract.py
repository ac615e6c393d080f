"""Extraction, sentence by sentence: the incident mentions one sentence (or clause) makes, with what it states itself.
Which incident each mention talks about, and the slots the sentence leaves to the story, are `incidents`' job."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from conflictkg.terms import EventType, Outcome

from . import actors as actor_rules
from .casualties import Figure, casualty_figures
from .dates import Span, event_dates, names_a_time
from .event_types import (GENERIC, INCIDENT_OUTCOME_TYPES, PERIOD, SPECIFIC, TALLY_DAYS, WEAPON, acts_named,
                          trigger_spans, typed)
from .gazetteer import Place
from .places import places_in
from .perpetrators import anaphoric_agent, clash_parties, perpetrators
from .sentences import Sentence
from .sources import Speakers, sources as attributed_sources

PLACE_RANK = {"site": 0, "town": 1, "province": 2, "region": 3, "country": 4}  # the most specific first
CORRECTION = re.compile(r"\b(?:an earlier version of this (?:article|story)|incorrectly (?:said|stated|put|reported)|"
                        r"this (?:article|story) has been (?:corrected|updated))\b", re.I)
NOT_AN_INCIDENT = re.compile(r"\b(?:denied|denies|deny|would|could|should|might|(?-i:may)|expected to|widely|routinely|"
                             r"is carrying out|are carrying out|believes|accused|accuses|if|whether|"
                             r"proposed|proposes|called for|calls for|urged|urges|"
                             r"(?:is|are|has been|have been) (?:fighting|battling|waging|ongoing|raging|continuing)|"
                             # trends, comparisons, policies and states: "casualties have surged", "the worst since",
                             # "no change to its rules of engagement", "civilians are victims of a double siege"
                             r"surged|soared|escalated|worsened|the worst since|rules of engagement|no change|"
                             r"are victims of|is controlled by|are controlled by|controlled by [^,.;]{1,40} to the|"
                             # threats, vows and plans: "Israel has vowed to launch an offensive on Rafah"
                             r"(?:vow|vows|vowed|threaten\w*|pledg\w+|plans?|planned|planning|intends?|intended|"
                             r"prepar\w+|seeks?|sought|wants?|wanted) to|"
                             # air defences at work: "shot down 21 drones"
                             r"(?:intercepted|shot down|downed|destroyed) (?:\w+ ){0,3}(?:drones|missiles|rockets|aircraft|"
                             r"projectiles)|air defen[cs]es?)\b", re.I)
# Deaths from disease or disaster ("Cholera has killed 1,200", "floods displaced 250,000") are no conflict events;
# nor are tolls said as what would or will happen ("an assault would kill thousands")
DISASTER = re.compile(r"\b(?:cholera|measles|malaria|dengue|outbreak|epidemic|pandemic|covid|earthquake|floods?|"
                      r"flooding|landslides?|mudslides?|cyclone|hurricane|typhoon|drought|heatwave|wildfires?)\b", re.I)
RUMOUR = re.compile(r"\brumou?r(?:s|ed)?\b", re.I)  # "Rumours spread that 20 had been killed": no report
FORETOLD = re.compile(r"\b(?:would|could|might|will)\s+(?!have\b)(?:\w+\s+)?(?:kill|wound|injure|displace|leave|cost|"
                      r"claim)\b", re.I)
# "The rocket fire came as ...", "The intensification of airstrikes has come as ...": a sentence that gives the
# background of an incident already reported; it reports no incident of its own.
BACKGROUND = re.compile(r"^\s*(?:The|This|That|These|Those|Its|Their)\b[^,.;]{0,80}?\b(?:came|comes|has come|have come)"
                        r"\s+(?:as|after|amid|just|hours|days|a day|weeks|shortly|only|less|a week)\b")
# Where a sentence coordinates two reports: ", and", "; ", ", while", ", whereas", ", but", ", as"
CLAUSE_BREAK = re.compile(r",\s+(?:and|while|whereas|but|as)\s+|;\s+|\s+while\s+")
NON_REPORT = re.compile(r"^(?:Read(?: more)?:|Photo:|PHOTO:|Video:|Image:|Follow |Sign up|Subscribe|Copyright|©)")

# --- how a mention relates to the incidents before it ----------------------------------------------------------
INCIDENT_NOUN = (r"(?:air ?strikes?|strikes?|attacks?|raids?|blasts?|explosions?|bombings?|bombardments?|massacres?|"
                 r"assaults?|shelling|ambush(?:es)?|killings?|incidents?|violence|fighting|clash(?:es)?|operations?|"
                 r"offensive|shooting|rampage|siege|abductions?|kidnappings?|hijacking|fire|missile|rocket|bomb|"
                 r"carnage|bloodshed|tragedy|atrocit(?:y|ies))")
# "another attack", "a second strike", "a separate raid", "two more strikes", "in one incident", "elsewhere"
NEW_INCIDENT = re.compile(rf"\b(?:(?:another|a (?:second|third|fourth|separate|further|similar|new))(?:\s+[\w-]+)?\s+"
                          rf"{INCIDENT_NOUN}|another (?:killed|hit|struck|wounded|injured|destroyed|damaged)|separately|"
                          rf"(?:two|three|four|several|other) (?:more |other )?{INCIDENT_NOUN}|more {INCIDENT_NOUN}|"
                          rf"in (?:one|a) (?:incident|case|instance)|in (?:one|an) (?:other|earlier|later) "
                          rf"{INCIDENT_NOUN}|elsewhere|in a (?:different|later|previous|earlier) {INCIDENT_NOUN})\b",
                          re.I)
# words between a determiner and its incident noun: "the deadly suicide attack", not "the regime launched strikes"
MODIFIER = r"(?:(?!(?:\w+ed|was|were|is|are|has|have|had|and|or|of|in|on|a|an|the)\b)[\w-]+|alleged|reported|suspected|attempted)"
# "the attack", "Monday's strike": an incident already reported, named again
DEFINITE_INCIDENT = (rf"(?:the|this|that|these|those|its|their|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun|yester|to)day['’]s)"
                     rf"\s+(?:{MODIFIER}\s+){{0,2}}?{INCIDENT_NOUN}\b")
# ... as what the sentence is about: its subject ("The attack was carried out by ..."), the incident something
# happened in ("killed in the attack", "during the raid"), the victims of it ("the dead include"), its toll, or
# "it" ("It was the deadliest ..."); not the incident another one followed ("in response to the attack")
REFERS_BACK = re.compile(rf"^(?:[^,;]{{0,60}},\s*)?{DEFINITE_INCIDENT}"
                         rf"|\b(?:said|says|reported|added|confirmed|stated|noted)(?: that)?\s+{DEFINITE_INCIDENT}"
                         rf"|\b(?:in|during|by|of|from|for|at the site of)\s+{DEFINITE_INCIDENT}"
                         r"|^(?:It|This|That)\s+(?:was|is|has|had|came|comes|marked|marks|follows|followed|left|killed)\b"
                         r"|\b(?:the|those) (?:dead|victims|wounded|injured|bodies|casualties|deceased|survivors)\b"
                         r"|\b(?:the )?death toll\b", re.I)
# "also": the incident told so far (another outcome of it) or another act like it (the same outcome again)
ALSO = re.compile(r"\balso\b", re.I)
KILLING = re.compile(r"\b(?:killed|murdered|executed|died|shot dead|slain|massacred|beheaded)\b", re.I)
# "in response to ...", "for example, ...": an incident of its own, told to explain or illustrate another
ASIDE = re.compile(r"\b(?:in (?:response|retaliation|reprisal)|for (?:example|instance))\b", re.I)
# "an air strike on ...", "a missile strike killed ...": an indefinite incident noun introduces an incident
INTRODUCES = re.compile(rf"^(?:[A-Z][\w,’' -]{{0,40}}?\s)?an?\s+(?:[\w-]+\s+){{0,3}}?{INCIDENT_NOUN}\b", re.I)


@dataclass
class IncidentMention:
    """One incident as one sentence (or one clause of it) reports it: only what the sentence states itself."""

    type: str
    sentence: Sentence
    index: int  # the sentence's number in the article
    strength: int = 0  # how surely the wording gives the type (event_types.CONTEXT ... WEAPON)
    figures: list[Figure] = field(default_factory=list)
    place: Place | None = None
    place_name: str | None = None
    dates: Span | None = None
    perpetrators: list[actor_rules.Actor] = field(default_factory=list)
    sources: list[actor_rules.Actor] = field(default_factory=list)
    # "back": it refers to an incident reported before; "another": it tells another act of the story ("In another
    # attack"); "new": it introduces an incident of its own ("A missile strike on ..."); "part": it is the second
    # incident of its sentence; "": none of these
    reference: str = ""
    part: int = 0  # which of the sentence's incidents, when it reports several
    heading: bool = False  # the headline
    also: bool = False  # "also": another outcome of the incident told so far, or another act like it
    timed: bool = False  # the sentence says when, even if no day can be worked out ("last month", undated)

    @property
    def outcomes(self) -> set[str]:
        """What the mention says happened to people: its figures' outcomes, or a killing it names without one."""
        found = {f.outcome for f in self.figures}
        return found or ({Outcome.Killed} if KILLING.search(self.sentence.text) else set())


@dataclass
class Context:
    """What a sentence is read against: the article, and the incident the article was reporting just before."""

    published: dt.date | None
    countries: set[str]
    people: dict[str, str]
    persons: frozenset[str] = frozenset()
    country: str | None = None  # ISO code of the country the article is about
    places: dict[str, Place] = field(default_factory=dict)  # places the article's wording marks ("the village of X")
    year: int | None = None  # the last year the text named, for an undated article
    incident_type: str | None = None
    anchor: Span | None = None  # the date of the incident just reported ("the next day")
    speakers: Speakers = field(default_factory=Speakers)  # whom the article quoted last ("he said")
    agent: actor_rules.Actor | None = None  # the armed actor named last ("it captured", "the group")


def sentence_mentions(sentence: Sentence, index: int, context: Context) -> list[IncidentMention]:
    """The incident mentions one sentence makes: usually none or one; one per place when the sentence reports
    figures for several places in coordinated clauses ("37 were killed in A, and seven in B")."""
    text = sentence.text
    if CORRECTION.search(text) or NON_REPORT.match(text) or FORETOLD.search(text) or RUMOUR.search(text):
        return []
    figures = casualty_figures(text)
    kind, strength = typed(text, figures, context.incident_type)
    if kind is None or (DISASTER.search(text) and not acts_named(text) - {EventType.Displacement, "fallback"}):
        return []  # "Floods have displaced 250,000": no act of war named
    mentions = actor_rules.actor_mentions(text, context.country)
    sources = attributed_sources(text, mentions, context.people, context.speakers)
    triggers = trigger_spans(text)
    focus = figures[0].start if figures else triggers[0][0] if triggers else 0
    found = perpetrators(text, mentions, triggers, sources)
    if not found and context.agent is not None and anaphoric_agent(text):
        found = [context.agent]  # "it captured the oil field", "killed by the extremist group"
    if kind == EventType.ArmedClash:
        found = clash_parties(text, mentions, found, sources)
    year = None if context.published else context.year
    dates = event_dates(text, context.published, year, context.anchor, focus)
    days = (dates[1] - dates[0]).days if dates else 0
    if figures and PERIOD.search(text) and kind != EventType.CasualtyTally and (
            (strength <= GENERIC and days > TALLY_DAYS) or (strength < WEAPON and days > 31)):
        # "Between June 1 and July 15, 76 people were killed", "In 2023, the fighting killed 8,000"
        kind, strength = EventType.CasualtyTally, SPECIFIC
    mention = IncidentMention(kind, sentence, index, strength, figures, dates=dates,
                              sources=sources, perpetrators=found, reference=reference(text),
                              also=bool(ALSO.search(text)), timed=names_a_time(text))
    # a country named as a party ("Russia", "the United States") is an actor; otherwise it may be the place
    skip = [(m.start, m.end) for m in mentions if m.actor.kind != "Country" or m.actor in mention.perpetrators
            or m.actor in sources]
    named = places_in(text, context.countries, skip, context.persons, context.places)
    if named:
        at, place = min(named, key=lambda x: (PLACE_RANK[x[1].kind], abs(x[0] - focus)))
        mention.place, mention.place_name = place, surface(text, at, place)
    if not reports_incident(mention):
        return []
    if kind == EventType.CasualtyTally:
        return [mention]
    return _split(mention, named, context) or [mention]


def reference(text: str) -> str:
    """Whether a sentence tells another act of the story ("In another attack"), introduces an incident ("An air strike
    hit...") or refers back to one ("The attack...", "It was the deadliest..."); "" when it says neither."""
    if BACKGROUND.search(text):
        return "new"  # "The attack came a day after six civilians were killed in Beni": the earlier incident
    if NEW_INCIDENT.search(text):
        return "another"
    if ASIDE.search(text):
        return "new"
    if REFERS_BACK.search(text):
        return "back"
    if INTRODUCES.match(text):
        return "new"
    return "back" if ALSO.search(text) else ""


def _split(mention: IncidentMention, named: list[tuple[int, Place]], context: Context) -> list[IncidentMention]:
    """Mentions of the several incidents one sentence reports (by place, or by act); [] when it reports one."""
    text, figures = mention.sentence.text, mention.figures

    def part(kind, i, own, at_place, perpetrators, strength):
        at, place = at_place
        return IncidentMention(kind, mention.sentence, mention.index, strength, own, place,
                               surface(text, at, place) if place else None, mention.dates, perpetrators,
                               list(mention.sources), mention.reference if i == 0 else "part", part=i,
                               also=mention.also, timed=mention.timed)

    if parts := _incidents_by_place(text, figures, named) or _incidents_in_turn(text, figures, named):
        return [part(mention.type, i, own, at_place, list(mention.perpetrators), mention.strength)
                for i, (own, at_place) in enumerate(parts)]
    if parts := _incidents_by_type(text, figures, named, context.incident_type):
        return [part(kind, i, own, at_place, _perpetrators(text[start:end], kind, context.country, mention.sources),
                     SPECIFIC)
                for i, (kind, own, at_place, (start, end)) in enumerate(parts)]
    taken = [f for f in figures if f.outcome in INCIDENT_OUTCOME_TYPES]
    harmed = [f for f in figures if f.outcome not in INCIDENT_OUTCOME_TYPES]
    if taken and harmed:
        # "abducted 400 civilians ... and was responsible for the deaths of 85 others": two acts, two incidents
        first = INCIDENT_OUTCOME_TYPES[taken[0].outcome]
        other, strength = typed(text, harmed, context.incident_type,
                                exclude=frozenset(INCIDENT_OUTCOME_TYPES.values()))
        at_place = (0, mention.place)
        return [part(first, 0, taken, at_place, list(mention.perpetrators), SPECIFIC),
                part(other, 1, harmed, at_place, list(mention.perpetrators), strength)]
    return []


def _perpetrators(clause: str, kind: str, country: str | None, sources: list) -> list:
    """Who the clause says did it (perpetrators are read clause by clause when a sentence has two acts)."""
    mentions = actor_rules.actor_mentions(clause, country)
    found = perpetrators(clause, mentions, trigger_spans(clause), sources)
    return clash_parties(clause, mentions, found, sources) if kind == EventType.ArmedClash else found


def _incidents_by_type(text: str, figures: list[Figure], named: list[tuple[int, Place]], context_type: str | None):
    """Split a sentence into two incidents when one clause gives figures and a coordinated clause without figures
    names an act of another type ("five soldiers were killed near the border, while the coalition began an
    offensive to drive the Houthis out of Marib"): [(type, figures, (offset, place), (start, end)), ...]."""
    if not figures:
        return []
    bounds = [0] + [m.end() for m in CLAUSE_BREAK.finditer(text)] + [len(text)]
    clauses = list(zip(bounds, bounds[1:]))
    if len(clauses) != 2:
        return []
    parts = []
    for start, end in clauses:
        own = [f for f in figures if start <= f.start < end]
        kind = typed(text[start:end], own, context_type if own else None)[0]
        if kind is None or kind == EventType.CasualtyTally:
            return []
        places = [(at, p) for at, p in named if start <= at < end]
        anchor = own[0].start if own else start
        place = min(places, key=lambda x: (PLACE_RANK[x[1].kind], abs(x[0] - anchor))) if places else (0, None)
        parts.append((kind, own, place, (start, end)))
    if sum(1 for _, own, _, _ in parts if own) != 1 or parts[0][0] == parts[1][0]:
        return []
    return parts


def _incidents_in_turn(text: str, figures: list[Figure], named: list[tuple[int, Place]]):
    """Split a sentence that tells acts in turn, each with its figures ("One attack killed a man; another killed two
    people"): [(figures, (offset, place)), ...]; [] otherwise."""
    bounds = [0] + [m.end() for m in CLAUSE_BREAK.finditer(text)] + [len(text)]
    clauses = list(zip(bounds, bounds[1:]))
    if len(clauses) < 2 or not all(re.match(r"(?:another|a second|a third|the other|the second)\b", text[start:end], re.I)
                                   for start, end in clauses[1:]):
        return []
    parts = []
    for start, end in clauses:
        own = [f for f in figures if start <= f.start < end]
        if not own:
            return []
        places = [(at, p) for at, p in named if start <= at < end]
        parts.append((own, min(places, key=lambda x: PLACE_RANK[x[1].kind]) if places else (0, None)))
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
                      if places else (0, None)))
    placed = [p.label for _, (_, p) in parts if p is not None]
    if len(parts) < 2 or len(placed) < len(parts) - 1 or len(set(placed)) < len(placed) or not placed:
        return []  # one clause at most may leave its place to the story; the others each name their own
    outcomes = [{f.outcome for f in own} for own, _ in parts]
    if not set.intersection(*outcomes):
        return []  # killed here, wounded there: most often one incident told in two clauses
    return parts


def reports_incident(mention: IncidentMention) -> bool:
    """A sentence with no casualty figure reports an incident only if it anchors it (a date or a place), or refers
    to one already reported, and is not a heading, a quotation, a denial, a hypothesis or a generic statement."""
    if mention.figures:
        return True
    text = mention.sentence.text
    if len(text.split()) < 6 or text[0] in "\"“‘'" or NOT_AN_INCIDENT.search(text) or BACKGROUND.search(text):
        return False
    # with no figure, an incident needs a date or a place below the country ("violence across Syria" is no incident)
    placed = mention.place is not None and not mention.place.broad
    return bool(mention.dates or placed or mention.reference == "back")


def surface(text: str, at: int, place: Place) -> str:
    """The name as the text writes it ('Mayadeen' for GeoNames' 'Al Mayādīn')."""
    if place.kind == "province":
        return place.alt_labels[0] if place.alt_labels else place.label
    m = re.match(r"(?:(?:al|el|ar|as|ash|ad|ez|az|an|at)[-‐ ])?[\w’'‘-]+(?:[ -](?:al-|el-|ez-|as-|ar-|ad-|ash-|az-)?"
                 r"[A-Z][\w’'‘-]*){0,3}", text[at:])
    return m.group() if m else place.label

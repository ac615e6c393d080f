"""The event type a sentence reports, from its wording, in the contract's hierarchy."""
from __future__ import annotations

import re
from functools import lru_cache

from conflictkg.terms import EventType, Outcome, VictimGroup

from .casualties import Figure

# Checked in this order: the first type whose wording a sentence has is its type.
TRIGGERS: list[tuple[str, str]] = [
    (EventType.ChemicalAttack, r"chemical (?:attacks?|weapons?|agents?)|sarin|chlorine (?:gas|attack)|nerve (?:agent|gas)|"
                       r"mustard gas|toxic gas|gas attacks?"),
    (EventType.AirStrike, r"air ?strikes?|air ?raids?|air attacks?|aerial (?:bombardment|attacks?|bombing)|warplanes?|"
                  r"war ?planes?|fighter jets?|jets|aircraft|helicopters?|drones?(?: strikes?)?|barrel bombs?|"
                  r"bombing raids?|(?<!suicide )bombers|air force|airpower|strikes by (?:the )?\w+(?:-led)? coalition"),
    (EventType.Bombing, r"car bombs?|car bombings?|suicide (?:bomb\w*|attacks?|blasts?|vests?)|truck bombs?|"
                r"bombs? (?:exploded|went off|detonated|blew up)|detonated|exploded|"
                r"roadside bombs?|(?:homemade|home-made|improvised|crude|planted|magnetic|sticky) bombs?|(?:improvised )?explosive devices?|IEDs?|landmines?|land mines?|mines? exploded|"
                r"grenades?(?! launchers?)|bomb (?:attack|blast|explosion)s?|blew (?:himself|herself|themselves) up|bombings?|booby[- ]trap\w*|blasts?|explosions?"),
    (EventType.Shelling, r"shell(?:ing|ed|s|fire)?|artillery|mortars?|rockets?|rocket fire|missiles?|howitzers?|"
                 r"tank fire|Grad|bombard\w*|pounded|pounding"),
    (EventType.Abduction, r"abduct(?!ors?\b)\w*|kidnap(?!pers?\b)\w*|taken hostage|(?<!freed )(?<!released )(?<!rescued )(?<!freed the )"
                  r"(?<!released the )(?<!rescued the )hostages?|forcibly disappeared|enforced disappearances?|"
                  r"hostage-taking"),
    (EventType.AttackOnCivilians, r"execut(?:ed|es|ing|ion|ions)|slaughter\w*|beheaded|beheadings?|"
                          r"crucif\w*|summarily killed|shot dead|gunned down|killing spree|mass grave|hacked to death|"
                          r"burned alive|burnt alive"),
    (EventType.Siege, r"besieged|sieges?|under siege|blockade\w*|encircled city|starv\w+|cut off from (?:food|aid)|"
              r"restricted [\w\s’']{0,40}from accessing"),
    (EventType.TerritorialChange, r"captur(?:ed|ing|es?)|recaptur\w+|seized(?: control)?(?! (?:\w+ )?(?:weapons|arms|ammunition|"
                          r"vehicles|cars|trucks|drugs|cash|equipment|goods|documents|phones|cattle|livestock))|seizing|"
                          r"took control|"
                          r"taken control|overr(?:an|un)|advanc(?:ed|ing|es)|encircl\w+|retreat\w*|withdr(?:ew|awn)|"
                          r"pushed (?:out|back)|regain\w*|liberat\w+|(?<!military )offensive(?! operations)|"
                          r"took (?:over |control of )?(?:the |\w+ )?(?:towns?|cit(?:y|ies)|villages?|areas?|positions?|"
                          r"bases?)|(?<!power )(?<!seized )"
                          r"(?:drive|drove|driven) (?:\w+ ){1,4}out"),
    (EventType.ArmedClash, r"clash\w*|fighting|fought|battles?|firefights?|gun ?battles?|gunfights?|shoot-?outs?|"
                   r"exchanges? of fire|skirmish\w*|"
                   r"revolted"),
    # words that judge an attack more than they say how it was done: the weapon named around them decides
    ("Massacre", r"massacre[sd]?|atrocit(?:y|ies)"),
    # an armed attack says who struck, not whom: its type follows the victims
    ("Attack", r"ambush\w*|storm(?:s|ed)?|attacked|attacks?|assault(?:s|ed)?(?! rifles?| weapons?)|raid(?:s|ed)?"),
    # "displaced families", "a displacement camp" name people or places, not the act of displacing them
    (EventType.Displacement, r"fled|flee\w*|displaced(?! (?:people|persons|families|civilians|residents|villagers|children|"
                     r"women|men|population|communities|households|[A-Z]\w+))|displacement(?! (?:camps?|sites?|cent(?:re|er)s?))|"
                     r"refugees|forced from their homes|exodus|evacuat\w+"),
    (EventType.PropertyDestruction, r"destroy\w*|destruction|looted|looting|torched|burn(?:ed|t) down|razed|levell?ed|"
                            r"demolish\w*|set (?:on )?fire"),
]
TRIGGER_RES = [(t, re.compile(rf"\b(?:{p})\b", re.I)) for t, p in TRIGGERS]
# Weaker wording, used when no trigger above is found and the article was not already reporting an incident of
# another type: bare "strikes" are air or missile strikes in war reporting.
FALLBACK_TRIGGERS = [(EventType.AirStrike, re.compile(r"\b(?:strikes?|struck)\b(?! (?:a|the) (?:deal|balance|agreement))", re.I))]
TALLY_CUES = re.compile(
    r"\b(?:since (?:the (?:start|beginning)|(?:the )?(?:war|conflict|uprising))|so far (?:this|in)|"
    r"death toll (?:report|of the month)|documented|bloodiest month|in total|overall|tally|"
    r"(?:killed|died|lost|displaced|wounded|injured|dead) in the (?:\w+ )?(?:war|conflict|insurgency)|"
    r"(?:the )?(?:war|conflict|fighting|violence|offensive|insurgency|crisis|campaign) (?:has|have|had) "
    r"(?:killed|left|displaced|claimed|forced|uprooted|cost)|since the (?:war|conflict|offensive|fighting) (?:began|started|"
    r"erupted|broke out)|"
    r"during the (?:month|year|war|conflict)|the month of|in a period of|over the (?:past|last) \w+ (?:months|years|weeks)|"
    r"since (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*\.? \d{4}|since \d{4}|has evolved|"
    r"conflict began|war began|began in \w+ \d{4}|estimates?|(?:broke|erupted) out|"
    r"since (?:the )?(?:\w+ ){0,3}(?:began|started|erupted|broke out)|"  # "since protests began"
    r"(?:in|these|those|the) (?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|dozens of|hundreds of) "
    r"(?:massacres|attacks|incidents|raids|bombings|air ?strikes)|"
    r"death toll (?:of|for|in) (?:the month of )?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*|"
    r"(?:the|its|this|a) (?:monthly |annual |new |latest )?report (?:notes|says|said|documents|documented|records|"
    r"recorded|shows|showed|found|finds|breaks down))\b", re.I)
# a toll over a stated period ("between June 1 and July 15", "in June and July", "from March to May") is a tally
# when the period is longer than a week (see `extract.sentence_mentions`)
PERIOD = re.compile(r"\b(?:between|from) [^,;.]{3,30}? (?:and|to|until|through|till) |\bsince |\b(?:in|during) (?:19|20)\d\d\b|\b(?:in|during) (?:Jan|Feb|Mar|Apr|"
                    r"May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w* and (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)", re.I)
TALLY_DAYS = 7
# an infobox's or fact sheet's casualty fields sum up the whole story: "- Fatalities: 32", "Deaths1000–1200"
TALLY_FIELD = re.compile(r"^\W*(?:Fatalities|Deaths|Casualties|Injuries)\s*:?\s*\d", re.I)
# Types whose incidents kill and wound: a figure with no wording of its own takes the type of such an incident
# reported just before (not that of a capture, a siege or a displacement)
HARMFUL_TYPES = {EventType.AirStrike, EventType.Shelling, EventType.Bombing, EventType.ChemicalAttack, EventType.ArmedClash, EventType.AttackOnCivilians}
INCIDENT_OUTCOME_TYPES = {Outcome.Abducted: EventType.Abduction, Outcome.Displaced: EventType.Displacement}
WEAPON_TYPES = {EventType.AirStrike, EventType.Shelling, EventType.Bombing, EventType.ChemicalAttack}
# What a sentence's wording says of the type, weakest first: nothing (the type of the incident the article is
# reporting, or the victims'), a generic word ("attack", "strikes"), a specific act, the weapon used.
CONTEXT, GENERIC, SPECIFIC, WEAPON = range(4)
# An attack by men with guns or blades, whatever weapon the story's other attacks used
BY_HAND = re.compile(r"\b(?:gunmen|gunfire|shot|shooting|guns?|rifles?|machetes?|knives|stabbed|hacked|armed men)\b",
                     re.I)
# Whom an attack with no figure targeted: civilians' places make it an attack on civilians
CIVILIAN_TARGETS = re.compile(r"\b(?:villages?|villagers|camps?|markets?|homes?|houses?|church(?:es)?|mosques?|schools?|"
                              r"hospitals?|bus(?:es)?|passengers|civilians|worshippers|farmers|residents|displaced|"
                              r"families)\b",
                              re.I)


def family(kind: str) -> str:
    """Types that one incident's mentions may mix: an air strike is also 'the attack' that killed civilians."""
    return "violence" if kind in HARMFUL_TYPES else kind


def event_type(sentence: str, figures: list[Figure], context_type: str | None = None,
               exclude: frozenset[str] = frozenset()) -> str | None:
    """The contract type (local name) of the event a sentence reports; None if it reports none. `exclude`:
    types another event of the same sentence already took."""
    return typed(sentence, figures, context_type, exclude)[0]


def typed(sentence: str, figures: list[Figure], context_type: str | None = None,
          exclude: frozenset[str] = frozenset()) -> tuple[str | None, int]:
    """The type a sentence reports and how strongly its wording says so (CONTEXT, GENERIC, SPECIFIC, WEAPON)."""
    if figures and TALLY_FIELD.match(sentence):
        return EventType.CasualtyTally, SPECIFIC
    if figures and TALLY_CUES.search(sentence) and not re.search(r"\bon (?:Monday|Tuesday|Wednesday|Thursday|"
                                                                   r"Friday|Saturday|Sunday)\b", sentence):
        return EventType.CasualtyTally, SPECIFIC
    outcomes = {f.outcome for f in figures}
    if outcomes and outcomes <= set(INCIDENT_OUTCOME_TYPES):
        return INCIDENT_OUTCOME_TYPES[sorted(outcomes)[0]], SPECIFIC
    said = _triggers(sentence)
    for name, _ in TRIGGER_RES:
        if name not in exclude and name in said:
            if name in ("Attack", "Massacre"):
                if context_type in WEAPON_TYPES and not BY_HAND.search(sentence):
                    return context_type, CONTEXT  # "the second attack" of a story of missile strikes
                return EventType.AttackOnCivilians if name == "Massacre" else _by_victims(sentence, figures), GENERIC
            if name == EventType.PropertyDestruction and any(f.outcome in (Outcome.Killed, Outcome.Injured) for f in figures):
                # "a strike levelled a house, killing five": the attack that destroyed it
                return (EventType.AirStrike, GENERIC) if "fallback" in said else (_by_victims(sentence, figures), GENERIC)
            if name == EventType.TerritorialChange and figures and re.search(r"\boffensive\b", sentence, re.I) \
                    and not re.search(r"\b(?:captur|recaptur|seiz|overr|took|regain|liberat)\w*", sentence, re.I):
                return _by_victims(sentence, figures), GENERIC  # people killed in an offensive: its fighting
            return name, WEAPON if name in WEAPON_TYPES else SPECIFIC
    if figures and context_type in HARMFUL_TYPES:
        return context_type, CONTEXT
    if "fallback" in said:
        return FALLBACK_TRIGGERS[0][0], GENERIC
    if not figures:
        return None, CONTEXT
    return _by_victims(sentence, figures), GENERIC


def _by_victims(sentence: str, figures: list[Figure]) -> str:
    """An attack whose victims are mostly fighters is a clash; one that kills or targets civilians is an attack on
    them."""
    if figures:
        return victims_type(figures)
    return EventType.AttackOnCivilians if CIVILIAN_TARGETS.search(sentence) else EventType.ArmedClash


def victims_type(figures: list[Figure]) -> str:
    """A clash when fighters outnumber the civilians among the victims ("twenty soldiers and one civilian were
    killed"), else an attack on civilians (victims of no stated group count as civilians)."""
    fighters = sum(f.count or 1 for f in figures if f.victim_group == VictimGroup.Combatants)
    others = sum(f.count or 1 for f in figures if f.victim_group != VictimGroup.Combatants)
    return EventType.ArmedClash if fighters > others or (fighters and not others) else EventType.AttackOnCivilians


def acts_named(sentence: str) -> set[str]:
    """The types whose wording the sentence uses (with "fallback" for a bare "strikes")."""
    return set(_triggers(sentence))


def trigger_spans(sentence: str) -> list[tuple[int, int]]:
    """Where the sentence names a violent act: the anchors for perpetrator detection."""
    return sorted(span for spans in _triggers(sentence).values() for span in spans)


@lru_cache(maxsize=512)
def _triggers(sentence: str) -> dict[str, tuple[tuple[int, int], ...]]:
    """Each kind of wording the sentence uses as words of its own (not inside a name: "Liberation Front"), with
    where: typing a sentence and finding its perpetrators read the same matches."""
    found = {}
    for name, pattern in [*TRIGGER_RES, ("fallback", FALLBACK_TRIGGERS[0][1])]:
        spans = tuple((m.start(), m.end()) for m in pattern.finditer(sentence) if not _in_name(sentence, m))
        if spans:
            found[name] = spans
    return found


def _in_name(sentence: str, m: re.Match) -> bool:
    """A capitalised word with a capitalised neighbour, not opening the sentence, is part of a name."""
    if not m.group()[:1].isupper() or m.start() == 0:
        return False
    before = re.search(r"([A-Z][\w’'-]*)\s+$", sentence[max(0, m.start() - 30):m.start()])
    after = re.match(r"\s+[A-Z]", sentence[m.end():m.end() + 3])
    return bool(before or after)

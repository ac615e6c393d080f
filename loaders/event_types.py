"""The event type a sentence reports, from its wording, in the contract's hierarchy."""
from __future__ import annotations

import re

from .casualties import Figure

# Checked in this order: the first type whose wording a sentence has is its type.
TRIGGERS: list[tuple[str, str]] = [
    ("ChemicalAttack", r"chemical (?:attacks?|weapons?|agents?)|sarin|chlorine (?:gas|attack)|nerve (?:agent|gas)|"
                       r"mustard gas|toxic gas|gas attacks?"),
    ("AirStrike", r"air ?strikes?|air ?raids?|air attacks?|aerial (?:bombardment|attacks?|bombing)|warplanes?|"
                  r"war ?planes?|fighter jets?|jets|aircraft|helicopters?|drones?(?: strikes?)?|barrel bombs?|"
                  r"bombing raids?|bombers|air force|airpower|strikes by (?:the )?\w+(?:-led)? coalition"),
    ("Bombing", r"car bombs?|car bombings?|suicide (?:bomb\w*|attacks?|blasts?|vests?)|truck bombs?|"
                r"roadside bombs?|(?:improvised )?explosive devices?|IEDs?|landmines?|land mines?|mines? exploded|"
                r"grenades?|bomb (?:attack|blast|explosion)s?|bombings?|booby[- ]trap\w*|blasts?|explosions?"),
    ("Shelling", r"shell(?:ing|ed|s|fire)?|artillery|mortars?|rockets?|rocket fire|missiles?|howitzers?|"
                 r"tank fire|Grad|bombard\w*|pounded|pounding"),
    ("Abduction", r"abduct\w*|kidnap\w*|taken hostage|(?<!freed )(?<!released )(?<!rescued )(?<!freed the )"
                  r"(?<!released the )(?<!rescued the )hostages?|forcibly disappeared|enforced disappearances?|"
                  r"hostage-taking"),
    ("AttackOnCivilians", r"execut(?:ed|es|ing|ion|ions)|slaughter\w*|beheaded|beheadings?|"
                          r"crucif\w*|summarily killed|shot dead|gunned down|killing spree|mass grave"),
    ("Siege", r"besieged|sieges?|under siege|blockade\w*|encircled city|starv\w+|cut off from (?:food|aid)|"
              r"restricted [\w\s’']{0,40}from accessing"),
    ("TerritorialChange", r"captur(?:ed|ing|e)|recaptur\w+|seized(?: control)?|seizing|took control|"
                          r"taken control|overr(?:an|un)|advanc(?:ed|ing|es)|encircl\w+|retreat\w*|withdr(?:ew|awn)|"
                          r"pushed (?:out|back)|regain\w*|liberat\w+|offensive|took (?:over|three|two|the) (?:towns?|city|villages?)"),
    ("ArmedClash", r"clash\w*|fighting|fought|battles?|firefights?|gun ?battles?|exchanges? of fire|"
                   r"revolted|ambush\w*|stormed|attacked|attacks?"),
    ("Displacement", r"fled|flee\w*|displaced|displacement|refugees|forced from their homes|exodus|evacuat\w+"),
    ("PropertyDestruction", r"destroy\w*|destruction|looted|looting|torched|burn(?:ed|t) down|razed|levell?ed|"
                            r"demolish\w*|set (?:on )?fire"),
]
TRIGGER_RES = [(t, re.compile(rf"\b(?:{p})\b", re.I)) for t, p in TRIGGERS]
# Weaker wording, used when no trigger above is found and the article was not already reporting an incident of
# another type: bare "strikes" are air or missile strikes in war reporting; "massacre" judges an attack (by air,
# by shelling, by gunmen) more than it says how it was done.
FALLBACK_TRIGGERS = [("AirStrike", re.compile(r"\b(?:strikes?|struck)\b(?! (?:a|the) (?:deal|balance|agreement))", re.I)),
                     ("AttackOnCivilians", re.compile(r"\b(?:massacres?|massacred)\b", re.I))]
TALLY_CUES = re.compile(
    r"\b(?:since (?:the (?:start|beginning)|(?:the )?(?:war|conflict|uprising))|so far (?:this|in)|"
    r"death toll (?:report|of the month)|documented|bloodiest month|in total|overall|tally|"
    r"during the (?:month|year|war|conflict)|the month of|in a period of|over the (?:past|last) \w+ (?:months|years|weeks)|"
    r"since (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*\.? \d{4}|since \d{4}|has evolved|"
    r"conflict began|war began|began in \w+ \d{4}|estimates?|"
    r"death toll (?:of|for|in) (?:the month of )?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*|"
    r"(?:the|its|this|a) (?:monthly |annual |new |latest )?report (?:notes|says|said|documents|documented|records|"
    r"recorded|shows|showed|found|finds|breaks down))\b", re.I)
# Types whose incidents kill and wound: a figure with no wording of its own takes the type of such an incident
# reported just before (not that of a capture, a siege or a displacement)
HARMFUL_TYPES = {"AirStrike", "Shelling", "Bombing", "ChemicalAttack", "ArmedClash", "AttackOnCivilians"}
INCIDENT_OUTCOME_TYPES = {"Abducted": "Abduction", "Displaced": "Displacement"}


def event_type(sentence: str, figures: list[Figure], context_type: str | None = None,
               exclude: frozenset[str] = frozenset()) -> str | None:
    """The contract type (local name) of the event a sentence reports; None if it reports none. `exclude`:
    types another event of the same sentence already took."""
    if figures and TALLY_CUES.search(sentence) and not re.search(r"\bon (?:Monday|Tuesday|Wednesday|Thursday|"
                                                                   r"Friday|Saturday|Sunday)\b", sentence):
        return "CasualtyTally"
    outcomes = {f.outcome for f in figures}
    if outcomes and outcomes <= set(INCIDENT_OUTCOME_TYPES):
        return INCIDENT_OUTCOME_TYPES[sorted(outcomes)[0]]
    for name, pattern in TRIGGER_RES:
        if name not in exclude and pattern.search(sentence):
            return name
    if figures and context_type in HARMFUL_TYPES:
        return context_type
    for name, pattern in FALLBACK_TRIGGERS:
        if pattern.search(sentence):
            return name
    if not figures:
        return None
    if all(f.victim_group == "Combatants" for f in figures):
        return "ArmedClash"  # fighters killed, no weapon named: a clash, not an attack on civilians
    return "AttackOnCivilians"


def trigger_spans(sentence: str) -> list[tuple[int, int]]:
    """Where the sentence names a violent act: the anchors for perpetrator detection."""
    return sorted((m.start(), m.end()) for _, p in TRIGGER_RES + FALLBACK_TRIGGERS for m in p.finditer(sentence))

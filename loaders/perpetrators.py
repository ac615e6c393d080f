"""Perpetrators (ckg:perpetrator): who a sentence says carried out the act ("Russian airstrikes", "ISIS executed",
"by Malian soldiers and Russian mercenaries", "blamed on the ADF", "X claimed responsibility"), and the parties of
a clash ("between X and Y", "fought against X")."""
from __future__ import annotations

import re

from .actors import Actor, ActorMention
from .sources import attributed

NOT_PERPETRATORS = {"Generic", "Monitor", "NewsOrganization", "NGO", "UNBody", "Government"}
VIOLENT_VERB = (r"launched|carried out|conducted|bombed|struck|shelled|attacked|fired|killed|hit|responded|executed|"
                r"abducted|kidnapped|massacred|beheaded|murdered|shot|beat|tortured|burned|burnt|torched|looted|"
                r"ambushed|raided|stormed|storm|storms|captured|seized|detained|hacked|stabbed|fought|clashed|bombarded|"
                r"targeted|destroyed|razed|overran|kill|kills|attack|attacks|abduct|abducts|hijacked|started|began|"
                r"mounted|staged|waged|opened fire|open fire|opens fire")
# "<actor> killed", "<actor> has also abducted", "<actor> and its allies launched", "<actor> in Haiti killed"
AGENT_VERB = re.compile(rf"(?:\s*[(\[][^()\[\]]{{1,15}}[)\]])?"
                        # "Al-Shabaab, the al-Qaeda-linked militant group, attacked": a description in apposition
                        rf"(?:\s*,\s*(?:an?|the)\s+(?:(?!said|says|told|according)[^,;.()]){{1,70}},)?"
                        rf"\s+(?:and (?:its|their) [\w-]+\s+)?(?:in [A-Z][\w’'-]*(?: [A-Z][\w’'-]*)?\s+)?"
                        # "on Sunday", "from Pibor", "linked to the Islamic State", "on motorcycles"
                        rf"(?:(?:on|last|early|late) \w+(?: (?:night|morning|evening|afternoon))?\s+|(?:from|linked to|"
                        rf"loyal to|affiliated with|allied with|on|riding|in|armed with) (?:the )?(?:[\w’'-]+\s+){{1,3}}?)?"
                        # "ISWAP fighters killed", "ADF combatants attacked": the group's men
                        rf"(?:(?:fighters|militants|combatants|rebels|members|elements|gunmen|jihadists|insurgents|"
                        rf"militiamen|troops|soldiers|forces)\s+)?"
                        rf"(?:(?:has|have|had|also|then|later|once again|again|\w+ly|continued to|went on to|began to)\s+){{0,2}}"
                        rf"(?:[a-z]+ed (?:[\w’'-]+ ){{1,3}}and )?"  # "entered the village and killed"
                        rf"(?:(?:opened|opens|open) fire\b|(?:{VIOLENT_VERB})\b"
                        # "40 Junta Forces Killed in Attacks": a headline's passive, not the forces' act
                        rf"(?!\s+(?:in|on|at|by|during|near|after|as|when|while|and|but|or|since)\b|\s*[,.;:]|\s*$))")
# "Hezbollah said it fired rockets", "the army said its forces killed": the speaker did it
SAID_IT = re.compile(rf"(?:\s*[(\[][^()\[\]]{{1,15}}[)\]])?\s+(?:also\s+)?(?:said|says|claimed|claims|announced|confirmed)"
                     rf"(?: (?:in a statement|on \w+day|on \w+))?(?: that)?\s+(?:it|they|its (?:forces|fighters|troops|warplanes|jets|drones|units|militants))\s+"
                     rf"(?:(?:had|has|have|also)\s+)?(?:{VIOLENT_VERB})\b")
# "by X", "between X and", "blamed on X", "attributed to X": X did it (not "controlled by", "backed by"...)
BY = re.compile(r"(?:\b(?<!\bcontrolled )(?<!\bheld )(?<!\brun )(?<!\bbacked )(?<!\bsupported )(?<!\bled )"
                r"(?<!\bclaimed )by|\bblamed(?: (?:it|them|this|that))? on|"  # not "blamed the attack on the base"
                r"\battributed(?: (?:the|this|that|it|them)(?: [\w-]+){0,2})? to)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}$")
# "condemned the Taliban for the attack", "blamed the RSF for the shelling": whom the act is laid on
BLAMED_FOR = re.compile(r"\b(?:condemn(?:s|ed)?|blam(?:es|ed)|accus(?:es|ed)|held)\s+(?:the\s+)?$")
CLAIMED = re.compile(r"(?:\s*[(\[][^()\[\]]{1,15}[)\]])?\s+(?:\w+\s+)?(?:claimed|claims|has claimed) responsibility\b")
COUNTED = re.compile(r"(?:\b\d[\d,]*|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens of|hundreds of|"
                     r"scores of))\s+(?:(?!by|of|from|with|for|in|on|at|to)[\w-]+\s+){0,2}$", re.I)
SUPPORTING = re.compile(r"\b(?:support of|supported by|backed by|help of|aided by|assisted by|support from)\s+"
                        r"(?:the\s+)?(?:[\w-]+\s+){0,3}$")
# words between an actor and an act that show the act is not its own ("killed in an attack", "as it attacked")
NOT_ITS_OWN = re.compile(r"[,;.]|\b(?:against|on|in|of|for|to|from|with|as|when|while|after|because|who|which|whom|that|"
                         r"where|said|says|say|told|reported|confirmed|according|officials?|sources?|media|"
                         # "army spokesman X condemned the attack": the actor's speaker, judging another's act
                         r"spokes(?:man|woman|person)|condemn\w*|denounc\w*)\b")


def _reports(sentence: str, m: ActorMention, sources: list[Actor]) -> bool:
    """Is this mention of the actor the one the sentence attributes its report to ("..., the army said")? A
    source may also be named as the actor elsewhere ("Israeli strikes killed 20, the Israeli military said"), or
    say it did it ("Hezbollah said it fired rockets")."""
    return m.actor in sources and attributed(sentence, m.start, m.end) and not SAID_IT.match(sentence, m.end)


def perpetrators(sentence: str, mentions: list[ActorMention], triggers: list[tuple[int, int]],
                 sources: list[Actor]) -> list[Actor]:
    """Actors the sentence says carried out the act: '<actor> airstrikes', '<actor> executed', 'by <actor>',
    and those coordinated with one ('the United States and the United Kingdom responded with airstrikes', 'by
    Malian soldiers and Russian mercenaries'). A country's name is a perpetrator only as the agent ('by Russia',
    'Turkey shelled'), since it is more often the place; who holds, controls or backs a place is not who attacked it."""
    found: list[ActorMention] = []
    for m in mentions:
        if m.actor.kind in NOT_PERPETRATORS or _reports(sentence, m, sources):
            continue
        after = sentence[m.end:m.end + 140]
        before = sentence[max(0, m.start - 45):m.start]
        # "Russian airstrikes", "ISIS executions": the act right after (or inside) the name is the actor's own,
        # unless it is the act another one answered ("in response to the ISIS abductions, the regime ...")
        if SUPPORTING.search(before):
            continue  # "with the support of US and British airstrikes": who helped, not who did it
        if COUNTED.search(before) and not AGENT_VERB.match(after):
            continue  # "42 Myanmar junta forces were killed": counted victims
        weapon = m.actor.kind != "Country" and any(
            m.start <= t0 and (t0 < m.end or re.fullmatch(r"(?:-led|-backed)?\s*", sentence[m.end:t0]))
            for t0, _ in triggers)
        if weapon and re.search(r"\b(?:to|for|than)\s+(?:the\s+)?$", before):
            continue  # "in response to the ISIS abductions, the regime launched ...": another incident's actor
        by = bool(BY.search(before)) or (bool(BLAMED_FOR.search(before)) and re.match(r"\s+(?:\w+\s+){0,2}for\b", after))
        if _is_object(sentence, m) and not (weapon or by):
            continue  # "in Syria", "against the Houthis"; but "in Russian airstrikes": the airstrikes are Russia's
        agent = weapon or by or bool(AGENT_VERB.match(after)) or bool(CLAIMED.match(after)) \
            or bool(SAID_IT.match(sentence, m.end))
        if m.actor.kind != "Country":
            agent = agent or any(0 <= t0 - m.end <= 50 and not NOT_ITS_OWN.search(sentence[m.end:t0])
                                 and not (sentence[t0:t1].endswith("ed")  # "the column ambushed with mines"
                                          and re.match(r"\s+(?:with|by)\b", sentence[t1:]))
                                 for t0, t1 in triggers)
        if agent and all(f.actor != m.actor for f in found):
            found.append(m)
    grown = True
    while grown:  # "X, Y and Z <act>", "by X and Y": all act
        grown = False
        for m in mentions:
            if m.actor.kind in NOT_PERPETRATORS or any(f.actor == m.actor for f in found) \
                    or _reports(sentence, m, sources):
                continue
            if any(re.fullmatch(r"(?:,|,? and| and the|, and the|,? as well as(?: the)?|,? along with(?: the)?)\s+",
                                sentence[m.end:f.start] if m.end <= f.start else sentence[f.end:m.start])
                   for f in found):
                found.append(m)
                grown = True
    return [m.actor for m in sorted(found, key=lambda m: m.start)]


# "it captured", "the extremist group launched", "killed by the group", "its warplanes": the armed actor just named
ANAPHORIC_AGENT = re.compile(
    rf"\b(?:(?:[Ii]t|[Tt]hey|[Tt]he (?:\w+ )?(?:group|organi[sz]ation|militia|movement|jihadists|militants))\s+"
    rf"(?:(?:has|have|had|also|then|later|again|\w+ly)\s+){{0,2}}(?:{VIOLENT_VERB})\b"
    rf"|\bby the (?:\w+ )?(?:group|organi[sz]ation|militia|movement)\b"
    rf"|\b(?:its|their) (?:warplanes|jets|aircraft|drones|fighters|forces|militants|troops|artillery|missiles)\b)")


def anaphoric_agent(sentence: str) -> bool:
    """Does the sentence name who did it only by a pronoun or a description ("the extremist group")?"""
    return bool(ANAPHORIC_AGENT.search(sentence))


def clash_parties(sentence: str, mentions: list[ActorMention], found: list[Actor], sources: list[Actor]) -> list[Actor]:
    """In a clash both sides fight: the perpetrators plus those fought 'against', 'with', 'between X and Y', or
    attacked ("storm the Army's battalion"), and those listed with them ("with Abu Sayyaf and the Maute group")."""
    out = list(found)
    parties: list[ActorMention] = []
    for m in mentions:
        if m.actor.kind in NOT_PERPETRATORS or _reports(sentence, m, sources):
            continue
        before = sentence[max(0, m.start - 40):m.start]
        if m.actor in out or re.search(r"\b(?:against|between|with|storm\w*|attack\w*|ambush\w*|raid\w*)\s+"
                                       r"(?:the\s+)?(?:(?!(?:in|on|at|near|across|inside)\b)[\w-]+\s+){0,2}$", before) \
                or re.search(r"\bbetween\b[^,;.]{1,60}\band\s+(?:the\s+)?$", before) \
                or any(re.fullmatch(r"(?:,|,? and| and the|, and the)\s+", sentence[p.end:m.start]) for p in parties):
            parties.append(m)
            if m.actor not in out:
                out.append(m.actor)
    return out


def _is_object(sentence: str, m: ActorMention) -> bool:
    """Is the actor what was acted on or where ("against the Houthis", "in Syria")? Not "members of the cartel"."""
    before = sentence[max(0, m.start - 30):m.start]
    if re.search(r"\b(?:members|fighters|militants|gunmen|units|elements|men|troops|soldiers) of\s+(?:the\s+)?$", before,
                 re.I):  # "Fighters of the ADF" opening a sentence too
        return False
    return bool(re.search(r"\b(?:against|on|targeting|targeted|from|drive|fight|fighting|of|in|at|across|near|into|"
                          r"inside|over|towards?)\s+(?:the\s+)?$", before[-20:]))

"""Casualty figures: how many people a sentence says were killed, injured, abducted or displaced,
which group they were, and how exact the number is."""
from __future__ import annotations

import re
from dataclasses import dataclass

from conflictkg.terms import Outcome, Qualifier, VictimGroup

from .not_counts import not_a_count
from .numbers import NUMBER, value_of

# --- lexicons -----------------------------------------------------------------------------------

GROUP_NOUNS = {
    VictimGroup.Children: r"children|child|kids|boys|girls|babies|infants|minors|schoolchildren|students|pupils|boy|girl|baby|"
                r"infant|minor|toddlers?|teenagers?|schoolboys?|schoolgirls?",
    VictimGroup.Women: r"women|woman|mothers",
    VictimGroup.Combatants: r"militants|militant|fighters|fighter|soldiers|soldier|troops|rebels|insurgents|jihadists|"
                  r"combatants|gunmen|policemen|policeman|police officers|police officer|officers|servicemen|guards|guard|"
                  r"members of the army|members of the security forces|militiamen|paramilitaries|recruits|attackers|"
                  r"extremists|peace ?keepers|peace ?keeper|gendarmes|gendarme|security personnel|security forces|"
                  r"forces|personnel|members of the security forces|police|policemen|guardsmen|conscripts|"
                  r"terrorists|terrorist",
    VictimGroup.Civilians: r"civilians|civilian|villagers|residents|worshippers|mourners|pilgrims|shoppers|patients|"
                 r"refugees|farmers|workers|journalists|doctors|medics|aid workers|passengers|inhabitants|"
                 r"noncombatants|non-combatants|families|family members|Yazidis|teachers|teacher|pensioners|pensioner|"
                 r"shepherds|traders|defenders|defender|social leaders|community leaders|religious leaders|"
                 r"tribal leaders|local leaders|peasants|fishermen|fishers|herders|herdsmen|miners|vendors|merchants|"
                 r"labou?rers|motorists|commuters|travell?ers|fisherman|herder|herdsman|miner|vendor|merchant|"
                 r"civilian|villager|resident|farmer|worker|journalist|doctor|nurse|passenger|pilgrim|trader|driver|"
                 r"priest|imam|student|shepherd|activist|activists|drivers|nurses|priests|imams",
    VictimGroup.People: r"people|persons|person|others|other|more|victims|victim|men|man|individuals|members|member|bodies|"
              r"dead|casualties|wounded|injured",
}
OUTCOME_AFTER = {  # words that follow the counted people: "20 people were killed", "34 dead"
    Outcome.Killed: r"(?:were|was|have been|had been|are|being|been|have|has|had|reportedly|also|all|later|"
              r"(?:were|are) among (?:the|those))?\s*"
              r"(?:killed|dead|died|executed|massacred|slaughtered|shot dead|beheaded|lost their lives|perished|murdered|"
              r"martyred|"
              r"(?:beaten|hacked|stabbed|burned|burnt|clubbed|stoned|shot|tortured) to death|burned alive|burnt alive|"
              r"lives (?:have been |had been |were )?lost|deaths|dying|die|killings|fatalities|"
              r"succumbed to (?:his|her|their) (?:injuries|wounds)|neutrali[sz]ed|bodies (?:were|have been) (?:found|recovered))\b",
    Outcome.Injured: r"(?:were|was|have been|had been|are|been|also|(?:were|are) among the)?\s*(?:wounded|injured|hurt|injuries|wounds|"
               r"(?:sustained|suffered) (?:\w+ )?(?:injuries|wounds)|(?:are|were|is|was|remain) in (?:a )?critical condition)\b",
    Outcome.Abducted: r"(?:were|was|have been|had been|are|been)?\s*(?:abducted|kidnapped|taken hostage|"
                r"held hostage|disappeared|seized|captured|kidnappings|abductions|taken away)\b",
    Outcome.Displaced: r"(?:were|was|have been|had been|are|been|have|has|had|remain|remained|remains)?\s*"
                 r"(?:(?:now|still|newly|internally|also|reportedly)\s+)*(?:displaced|fled|forced to flee|"
                 r"uprooted|made homeless|forced from their homes|sought refuge|taken refuge|took refuge|"
                 r"sought shelter|been forced to leave|taking refuge|seeking refuge|seeking shelter|seeking safety|"
                 r"fleeing|fled to safety)\b",
}
# ... and the fields of an infobox or fact sheet: "- Fatalities: 32", "Deaths1000–1200" (copied without a space)
OUTCOME_BEFORE = {  # verbs and nouns before the number: "killed 13 people", "the deaths of 85"
    Outcome.Killed: r"\b(?:killed|killing|kills|kill|executed|executing|executes|massacred|slaughtering|"
              r"slaughtered|murdered|murdering|death toll(?: \w+){0,4}|deaths of|killing of|bodies of|"
              r"(?:death )?toll\b[^.;:]{0,50}?\b(?:rose|climbed|reached|increased|stood|stands|jumped|risen|at)\s*"
              r"(?:to\s*)?|"
              r"left|leaving|claimed the lives of|dead,?|death of|"
              r"(?:hacked|beaten|stabbed|burned|shot|clubbed|stoned) to death|shot dead|beheaded|beheading|decapitated|"
              r"neutrali[sz](?:ed|ation of)|put the (?:death )?toll at|gunn(?:ed|ing) down|shooting dead|"
              r"among (?:the|those) (?:dead|killed|victims)(?: were| was)?)\s*$"
              r"|(?:^\W*(?:fatalities|deaths|dead|killed)\s*:?|[-•*]\s*(?:fatalities|deaths|dead|killed)\s*:)\s*$",
    Outcome.Injured: r"\b(?:wounded|wounding|injured|injuring|wounds|injuries to|beat|beaten|beating|tortured|torturing|"
               r"among (?:the|those) (?:wounded|injured)(?: were| was)?)\s*$"
               r"|(?:^\W*(?:injuries|injured|wounded)\s*:?|[-•*]\s*(?:injuries|injured|wounded)\s*:)\s*$",
    Outcome.Abducted: r"\b(?:abducted|abducting|abducts|abduct|kidnapped|kidnapping|kidnaps|kidnap|abduction of|kidnapping of|"
                r"seized|took|taken|took away|taken away|carried off|forcibly disappeared|took hostage|taken hostage|"
                r"captured|capturing)\s*$",
    Outcome.Displaced: r"\b(?:displaced|displacing|displacement of|uprooted|forced)\s*$",
}
LEFT_DEAD = r"\s*(?:dead|killed)\b"
QUALIFIERS = [
    (Qualifier.AtLeast, r"at least|no fewer than|no less than|a minimum of"),
    (Qualifier.MoreThan, r"more than|over|upwards of|in excess of|above"),
    (Qualifier.UpTo, r"up to|as many as|as much as|at most"),
    (Qualifier.Approximate, r"about|around|nearly|almost|some|approximately|roughly|an estimated|estimated|close to|"
                    r"an approximate|approx\.?"),
]
VAGUE = re.compile(r"\b(?:(?:tens of |hundreds of )?(?:dozens|scores|hundreds|thousands|millions)|several|"
                   r"(?<!as )(?<!how )many(?! as\b)|numerous|a number)\b(?:\s+of)?", re.I)
AGES = re.compile(r"\b(?:aged|age|ages)\s+(?:between\s+)?\d{1,3}(?:\s*(?:,|and|to|-|–)\s*\d{1,3})*", re.I)
RATE = re.compile(r"^[^,;.]*?\b(?:every|each|per|a) (?:day|week|month|year|hour)\b", re.I)
RANGE = re.compile(r"\s*(?:to|-|–|—)\s*")
APPOSITION = re.compile(r"^\s*(?:[-–—(]|,)\s*(?:including|among them|mostly|mainly|many of them|of whom|"
                        r"[\w-]+ of (?:them|whom))[^-–—),]*[-–—),]"
                        r"|^\s+including\s+[^,;.]{1,60}?(?=\s+(?:were|was|are|have been|had been|died|have died)\b)"
                        r"|^\s*,\s*(?:[A-Z][\w’'.-]*\s*){1,5},"  # a name in apposition: "a defender, Diana Madrigal,"
                        r"|^\s*[—–]\s*[^—–.;]{1,60}?[—–]|^\s*\([^().;]{1,60}\)")  # an aside between dashes or brackets
# "killed a man", "a soldier who later died", "an environmental defender was beaten to death": one victim, no numeral
ONE_VICTIM = re.compile(r"\b(?:[Aa]n?|[Aa]nother)(?!\s+(?:injured|wounded|dead)\b)(?=\s+(?:[\w-]+\s+){0,2}?(?:man|woman|child|boy|girl|baby|infant|soldier|"
                        r"civilian|policeman|police officer|officer|teacher|student|farmer|worker|journalist|doctor|nurse|"
                        r"peace ?keeper|person|resident|villager|fighter|militant|leader|activist|defender|pensioner|"
                        r"passenger|shepherd|pilgrim|trader|driver|guard|gendarme|priest|imam|victim|teenager|teen|"
                        r"toddler|\d{1,2}-year-old)\b)")
# "another was wounded", "another later died": one more victim of the group counted before
ANOTHER_ONE = re.compile(r"\b[Aa]nother(?=\s+(?:one\s+)?(?:was|has been|had been|later|also|subsequently)\b)")
# "claimed at least 96 lives", "cost 12 lives": deaths counted as lives (not "saved 12 lives")
LIVES_BEFORE = re.compile(r"\b(?:claimed|claiming|claims|claim|cost|costing|costs|took|taking|taken)(?: the)?\s*$", re.I)
LIVES_AFTER = re.compile(r"\s+(?:[\w-]+\s+)?lives\b", re.I)
# "four of those killed were police officers", "12 of them died", "19 of them children": a part of victims
PARTITIVE = re.compile(r"\s+of (?:them|whom|(?:those|these|the)(?=\s+(?:killed|dead|who died|victims|wounded|injured|"
                       r"hurt|abducted|kidnapped|hostages|displaced)\b))(?:\s+(?:(killed|dead|who died|victims)|"
                       r"(wounded|injured|hurt)|(abducted|kidnapped|hostages)|(displaced)))?\b", re.I)
# "... were police officers", "some 16 were children": the group of victims stated as a predicate
PREDICATE_GROUP = re.compile(r"\s*(?:were|was|are)\s+(?:all\s+)?(?:[\w-]+\s+){0,2}?(%s)\b" % "|".join(
    f"(?P<{g}>{p})" for g, p in GROUP_NOUNS.items() if g != VictimGroup.People), re.I)
# "14 civilians and 9 fighters were killed": figures coordinated under one outcome
COORDINATED = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|as well as\s+)(?:(?:%s)\s+)?" % "|".join(
    p for _, p in QUALIFIERS), re.I)
# "three witnesses and a health worker told Reuters", "one source said": a number of speakers, not of victims
SPEAKER = (r"(?:[\w’'-]+\s+){0,2}?(?:witness(?:es)?|eyewitness(?:es)?|sources?|officials?|residents?|villagers?|"
           r"medics?|doctors?|nurses?|(?:health|aid|rescue) workers?|activists?|survivors?|relatives?|journalists?|"
           r"officers?|spokes(?:man|men|woman|women|person|people)|diplomats?|analysts?|elders?)")
SPEAKERS = re.compile(rf"\s+{SPEAKER}(?:\s+and\s+(?:an?\s+|the\s+|\w+\s+)?{SPEAKER})?\s+(?:said|say|says|told|tell|tells)\b",
                      re.I)
# "five members of one family, including...": what the counted noun is of, before the rest of the phrase
OF_WHAT = re.compile(r"^\s+of (?:[A-Za-z’'-]+\s+){0,2}[A-Za-z’'-]+(?=[\s,])")
# the total of "2 of the 4 abducted engineers", "one of the 13 injured", "2 of the 3 bodies" is itself a figure
VICTIMS_NOUN = re.compile(r"\s+(?:(?!(?:were|was|are|is|have|had)\b)[\w-]+\s+){0,3}?"
                          r"(?:(?:who|that)\s+(?:were|was|had been|have been)\s+)?"
                          r"(?:dead|killed|wounded|injured|abducted|kidnapped|displaced|victims|bodies|hostages|casualties)\b",
                          re.I)
MADE_TO_FLEE = re.compile(r"\s+to (?:flee|leave (?:their|his|her) homes?)\b", re.I)
FORCING = re.compile(r"\b(?:forc(?:ed|ing|es|e)|caus(?:ed|ing|es)|prompt(?:ed|ing|s)|driv(?:ing|en|es)|drove)\s*$", re.I)
# what a number's own verb says when it is none of the outcomes: missing, arrested, rescued...
OTHER_FATE = re.compile(r"\s*(?:(?:are|were|was|is|remain|remained|remains|have been|had been|has been)\s+)?"
                        r"(?:still\s+|reportedly\s+|also\s+|now\s+|reported\s+|listed as\s+|believed\s+|later\s+|"
                        r"since\s+|subsequently\s+|eventually\s+)*"
                        r"(?:missing|unaccounted|arrested|detained|rescued|released|freed|safe|evacuated|in custody|"
                        r"treated|hospitali[sz]ed|in hospital|alive|found alive)\b", re.I)
CITATION = re.compile(r"(?:\[\d{1,3}\])+")
# a number glued to its field's name: "Deaths1000–1200"
FIELD_NUMBER = re.compile(r"^\W*(?:Fatalities|Deaths|Killed|Injuries|Injured|Wounded)(\d{1,3}(?:,\d{3})+|\d+)(?![\w%])")
MAX_GAP = 4  # adjectives between a number and the noun it counts ("20 Gulf Arab troops")


@dataclass(frozen=True)
class Figure:
    """One stated number of people about one outcome, with its offsets in the sentence."""

    outcome: str
    victim_group: str
    count: int | None
    qualifier: str
    start: int
    end: int


def casualty_figures(sentence: str) -> list[Figure]:
    """Every casualty figure stated in a sentence, in order."""
    figures: list[Figure] = []
    # reference marks copied from encyclopedia pages ("thousands[14][15] of Yazidis") read as white space
    text = re.sub(r"\s+", " ", CITATION.sub(lambda m: " " * len(m.group()), sentence))  # wraps become spaces
    text = text + " " * (len(sentence) - len(text))
    spans = _number_spans(text)
    skip = False
    for i, (start, end, count, vague) in enumerate(spans):
        if skip:
            skip = False
            continue
        nxt = spans[i + 1] if i + 1 < len(spans) else None
        if nxt and count is not None and nxt[2] is not None and (RANGE.fullmatch(text[end:nxt[0]]) or (
                text[end:nxt[0]] == " and " and text[:start].rstrip().lower().endswith("between"))):
            high = _figure(text, *nxt, figures, None) or _figure(text, start, end, count, vague, figures, None)
            if high is not None:
                figures.append(Figure(high.outcome, high.victim_group, count, Qualifier.AtLeast, _qualifier_start(text, start), end))
                figures.append(Figure(high.outcome, high.victim_group, nxt[2], Qualifier.UpTo, nxt[0], max(high.end, nxt[1])))
            skip = True
            continue
        if nxt and re.fullmatch(r"\s+of (?:the|these|those)\s+", text[end:nxt[0]]) and count is not None \
                and not VICTIMS_NOUN.match(text, nxt[1]):
            # "2 of the 5 suspects were killed": the part, with the total's noun and verb; the total is not a figure
            part = _figure(text, start, nxt[1], count, vague, figures, spans[i - 1] if i else None)
            if part is not None:
                figures.append(part)
            skip = True
            continue
        figure = _figure(text, start, end, count, vague, figures, spans[i - 1] if i else None)
        if figure is None and (shared := _coordinated_outcome(text, spans, i, figures)):
            figure = _figure(text, start, end, count, vague, figures, spans[i - 1] if i else None, shared)
        if figure is not None and not RATE.search(re.sub(r"^\s*\((?:[^()\s]+\s+){2,}[^()]*\)", "", text[figure.end:figure.end + 80])[:40]):
            figures.append(figure)
    return figures


def _coordinated_outcome(text: str, spans: list, i: int, figures: list[Figure], depth: int = 0) -> str | None:
    """The outcome of the figure a number with its noun is coordinated with ("14 civilians and 9 fighters were
    killed", "five soldiers, two police and a civilian died"); None when it is not so coordinated."""
    group, noun_end = _victim_group(text, spans[i][1])
    if group is None or i + 1 >= len(spans) or depth > 3 or not COORDINATED.fullmatch(text[noun_end:spans[i + 1][0]]):
        return None
    following = _figure(text, *spans[i + 1], figures, spans[i])
    return following.outcome if following else _coordinated_outcome(text, spans, i + 1, figures, depth + 1)


def _number_spans(text: str):
    spans = [(m.start(), m.end(), 1, False) for m in (*ONE_VICTIM.finditer(text), *ANOTHER_ONE.finditer(text))]
    numbers = [(m.start(), m.end()) for m in NUMBER.finditer(text)]
    numbers += [m.span(1) for m in FIELD_NUMBER.finditer(text)]
    for start, end in numbers:
        value = value_of(text[start:end])
        if value is not None and not not_a_count(text, start, end, value):
            spans.append((start, end, value, False))
    for m in VAGUE.finditer(text):
        spans.append((m.start(), m.end(), None, True))
    return sorted(spans)


def _figure(text, start, end, count, vague, previous: list[Figure], prev_span, shared: str | None = None) -> Figure | None:
    """The figure a number states, if the words around it give an outcome; `shared`: the outcome of the figure it is
    coordinated with."""
    if SPEAKERS.match(text, end):
        return None
    group, noun_end, outcome = _partitive(text, end) or (*_victim_group(text, end), None)
    bare = vague and not noun_end  # "several were wounded", "displaced millions": only next to the outcome
    outcome = outcome or _outcome_after(text, noun_end or end, direct=bare) or (
        _outcome_of_adjective(text[end:noun_end]) if noun_end else None)
    if outcome is None and noun_end and re.search(r"\b(?:bodies|corpses)$", text[:noun_end], re.I):
        outcome = Outcome.Killed  # "61 bodies were recovered", "leaving more than 70 bodies"
    if outcome is None and (m := LIVES_AFTER.match(text, end)) and LIVES_BEFORE.search(_unqualified(text, start)):
        outcome, group, noun_end = Outcome.Killed, VictimGroup.People, m.end()  # "claimed at least 96 lives"
    if outcome is None and MADE_TO_FLEE.match(text, noun_end or end) and FORCING.search(_unqualified(text, start)):
        outcome = Outcome.Displaced  # "forcing nearly 3,000 villagers to flee" (not "12 civilians who tried to flee")
    if outcome is None and (fate := OTHER_FATE.match(text, noun_end or end)) and (
            re.match(r"\s*(?:are|were|was|is|remain\w*|ha(?:ve|d|s) been)\b", fate.group())
            or not any(re.search(p, _unqualified(text, start), re.I) for p in OUTCOME_BEFORE.values())):
        return None  # "15 were killed and 20 are missing", "45 arrested" (not "killed 40 people detained there")
    if outcome is None:
        outcome = _outcome_before(text, start, previous, prev_span)
    outcome = outcome or shared
    if outcome is None:
        return None
    if outcome == Outcome.Injured and re.match(r"(?:\s+(?!nearly\b|almost\b|half\b)[\w-]+){0,2}\s+to death\b",
                                               text[noun_end or end:]) \
            and re.search(r"\b(?:beat|beaten|beating|tortured|torturing|stabbed|hacked|stoned|clubbed)\s*$",
                          _unqualified(text, start)):
        outcome = Outcome.Killed  # "a mob beat 2 men to death"
    if group is None:
        # "killing one civilian and wounding over 30": an elided noun is the one counted before it
        group = next((f.victim_group for f in reversed(previous) if f.victim_group not in (VictimGroup.Children, VictimGroup.Women)),
                     VictimGroup.People) if previous and not noun_end else VictimGroup.People
    if group == VictimGroup.People and count is not None and re.match(r"\s*(?:other|others|dead|wounded|injured)\b", text[end:]):
        # "13 others", "killed two soldiers and left three wounded": the group counted before
        group = next((f.victim_group for f in reversed(previous) if f.victim_group not in (VictimGroup.Children, VictimGroup.Women)),
                     group)
    if outcome == Outcome.Displaced and count == 1 and ONE_VICTIM.match(text, start):
        return None  # "a woman who fled to Chad told AFP": a witness, not a displacement
    qualifier = Qualifier.Vague if vague else _qualifier(text, start)
    return Figure(outcome, group, None if vague else count, qualifier, _qualifier_start(text, start), noun_end or end)


def _partitive(text: str, end: int) -> tuple[str | None, int, str | None] | None:
    """A number counting part of the victims ("four of those killed were police officers", "12 of them died",
    "19 of them children"): (group, where its words end, outcome the phrase itself gives); None otherwise."""
    m = PARTITIVE.match(text, end)
    if m is None:
        return None
    outcome = next((o for o, word in zip(OUTCOME_AFTER, m.groups()) if word), None)
    group, noun_end = _victim_group(text, m.end())
    if group is None and (p := PREDICATE_GROUP.match(text, m.end())):
        group, noun_end = next(g for g in GROUP_NOUNS if g != VictimGroup.People and p.group(g)), m.end() + p.end()
    return group, noun_end or m.end(), outcome


def _outcome_of_adjective(words: str) -> str | None:
    """"70,000 displaced people", "five wounded soldiers": an outcome said as an adjective of the victims."""
    m = re.search(r"\b(?:(displaced)|(wounded|injured)|(dead|killed))\b", words, re.I)
    return None if m is None else Outcome.Displaced if m.group(1) else Outcome.Injured if m.group(2) else Outcome.Killed


def _victim_group(text: str, end: int) -> tuple[str | None, int]:
    """The group the number counts, from the noun after it (a few adjectives may come between)."""
    after = re.sub(r"[“”\"‘]", " ", text[end:end + 80])  # 203 “fighters ...”: a quoted noun is still the noun
    m = re.match(r"((?:\s+[\w’'-]+){0,%d}?)\s+(?:of the |of )?(%s)\b" % (
        MAX_GAP, "|".join(f"(?P<{g}>{p})" for g, p in GROUP_NOUNS.items())), after, re.I)
    if not m or _crosses_clause(m.group(1)):
        return None, 0
    group = next(g for g in GROUP_NOUNS if m.group(g))
    if group == VictimGroup.People and m.group(VictimGroup.People).lower() in ("dead", "wounded", "injured", "other", "more"):
        # "two dead children", "13 other civilians": the noun after the adjective counts the group
        later, at = _victim_group(text, end + m.end())
        if later not in (None, VictimGroup.People) and at - (end + m.end()) < 25:
            return later, at
    words = m.group(1).lower()
    if group == VictimGroup.People and re.search(r"\bcivilian\b", words):
        group = VictimGroup.Civilians
    if re.search(r"\bchild\b|\bchildren\b", words):
        group = VictimGroup.Children
    if group == VictimGroup.People and m.group(VictimGroup.People).lower() in ("dead", "wounded", "injured", "casualties"):
        return VictimGroup.People, end + m.start(2)  # "34 dead": the word is the outcome, not the group
    return group, end + m.end()


def _crosses_clause(words: str) -> bool:
    return bool(re.search(r"\b(?:are|is)\b", words) or re.search(r"\b(?:and|or|in|on|at|by|from|with|who|which|that|were|"
                          r"was|had|have|has|to|after|before|the|killed|dead|wounded|said)\b|[,;:.]|(?:^|\s)[-–—](?:\s|$)", words, re.I)) and not re.fullmatch(
        r"(?:\s+(?:more|other|civilian|innocent|unarmed|[A-Z][\w’'-]*))+", words)


def _outcome_after(text: str, at: int, direct: bool = False) -> str | None:
    after = text[at:at + 120]
    after = after[len(m.group()):] if (m := OF_WHAT.match(after)) and "," in after[:60] else after
    after = after[len(m.group()):] if (m := APPOSITION.match(after)) else after
    after = re.sub(r"^\s*[—–]\s*", " ", after[:60])  # "civilians—killed": the aside's closing dash
    m = re.match(r"\s*(?:people|persons)?\s*(?:%s)" % "|".join(f"(?P<{o}>{p})" for o, p in OUTCOME_AFTER.items()),
                 after, re.I)
    if m:
        return next(o for o in OUTCOME_AFTER if m.group(o))
    if direct:
        return None
    # a short relative or qualifying phrase may come between: "14 children, who were killed", "12 who had been killed"
    m = re.match(r"(?:(?!including|among)[^,;.]){0,30}?\b(?:who|that|were|was|have been|had been|are|being)\s+(?:\w+\s+)?(%s)" % "|".join(
        f"(?P<{o}>{p})" for o, p in OUTCOME_AFTER.items()), after, re.I)
    if m and not NUMBER.search(AGES.sub("", m.group(0))):  # "a man aged 45 was shot dead": 45 is his age
        return next(o for o in OUTCOME_AFTER if m.group(o))
    return None


def _unqualified(text: str, start: int) -> str:
    """The 60 characters before a number, without its qualifier ("at least") or the start of a range ("killed
    between 20 and 30")."""
    return re.sub(r"(?:%s|between)\s*$" % "|".join(p for _, p in QUALIFIERS), "", text[max(0, start - 60):start],
                  flags=re.I)


def _outcome_before(text: str, start: int, previous: list[Figure], prev_span) -> str | None:
    before = _unqualified(text, start)
    for outcome, pattern in OUTCOME_BEFORE.items():
        if re.search(pattern, before, re.I):
            if outcome == Outcome.Killed and re.search(r"\b(?:left|leaving|(?<!shot )dead,?)\s*$", before) and not re.match(
                    r"[\w\s]{0,30}\b(?:dead|killed)\b", text[start:start + 40]):
                continue
            return outcome
    if re.search(r"(?<!\ba )(?<!\ban )\b(?!including\b|excluding\b|bringing\b|eliminat|assassinat|lynch|massacr|snatch|"
                 r"burn|hack|slaughter|behead|execut|abduct|kidnap|murder|shoot|gunn)[a-z]+(?:ed|ing)\s*$"
                 r"|\b(?:took|sent)\s*$", before):
        return None  # "killed 3 kidnappers and rescued 7 others", "deployed 500 more troops": a verb of its own
    if previous and (re.match(r"[\w,.-]+\s+(?:more|others?)\b(?!\s+than)", text[start:]) or re.search(r"\banother\s*$", before)) \
            and not re.match(r"[\w,.-]+\s+(?:more|others?)\s+(?:were|was|have|had|are)\b", text[start:]):
        return previous[-1].outcome  # "killed 13 ..., and 10 more in Hajja": the same outcome, elided
    if previous and prev_span is not None:
        between = text[prev_span[1]:start]
        if re.fullmatch(r"[^.;:]*?(?:,|\band\b|\bincluding\b|\bamong them\b|\bof whom\b|\bmostly\b|"
                        r"\bmainly\b|—|–|-|\()\s*(?:(?:%s)\s*)?" % "|".join(p for _, p in QUALIFIERS), between,
                        re.I) and len(between) < 60:
            return previous[-1].outcome
    return None


def _qualifier(text: str, start: int) -> str:
    before = text[max(0, start - 25):start].lower()
    for name, pattern in QUALIFIERS:
        if re.search(rf"\b(?:{pattern})\s*$", before):
            return name
    return Qualifier.Exact


def _qualifier_start(text: str, start: int) -> int:
    before = text[max(0, start - 25):start]
    for _, pattern in QUALIFIERS:
        m = re.search(rf"\b(?:{pattern})\s*$", before, re.I)
        if m:
            return start - len(before) + m.start()
    return start

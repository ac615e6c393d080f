"""Sources (ckg:source): to whom a sentence attributes its report ("according to X", "X said", "X told AFP",
"..., said a war monitor", a headline's "...: medics"), and the people and bodies an article names."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .actors import Actor, ActorMention, lexicon

SAY = r"(?:said|says|say|told|tells|reported|reports|confirmed|confirms|estimates?|estimated|documented|documents|" \
      r"noted|notes|added|stated|states|claimed|claims|announced|recorded|records|counted|published|put the|" \
      r"breaks down|broke down|shows|showed|revealed|reveals|warned|explained|wrote|tweeted|posted|" \
      r"according to)"
SAY_AFTER = SAY.replace("|according to", "")  # "X, ..., according to Y" is Y's report, not X's
CLAIMED_RESPONSIBILITY = re.compile(r"^(?:\s*[(\[][^()\[\]]{1,15}[)\]])?\s+(?:\w+\s+)?"
                                    r"(?:claimed|claims|has claimed|have claimed) responsibility\b")
PERSON = re.compile(r"\b(?:(?:Mr|Mrs|Ms|Dr|Gen|Col|Sheikh)\.? )?(?:[A-ZÀ-Þ][a-zß-ÿ]+(?:-[A-ZÀ-Þ][a-zß-ÿ]+)?|al-|Abu|Abdel|"
                    r"Abdul)(?: (?:al-|el-|bin |Abu |Abdel |Abdul |ibn )?[A-ZÀ-Þ][a-zß-ÿ]+(?:-[A-ZÀ-Þ][a-zß-ÿ]+)?){1,3}\b")
# a person's office before the name: "Governor Oleh Syniehubov", "Defence Minister Iván Velásquez"
TITLE = re.compile(r"^(?:(?:Defen[cs]e|Interior|Foreign|Health|Information|Prime|Deputy|Regional|Provincial|District|"
                   r"Police|Army|Military|Provincial|State)\s+)*(?:Governor|President|Minister|Mayor|General|Colonel|"
                   r"Commander|Spokes(?:man|woman|person)|Chief|Captain|Major|Lieutenant|Commissioner|Secretary|"
                   r"Senator|Director|Administrator|Prosecutor|Inspector)\s+")
# an office just before a name, whatever comes before the office: "Sumy Oblast Governor Serhii Levchenko"
OFFICE = re.compile(r"\b(?:Governor|President|Minister|Mayor|General|Colonel|Commander|Spokes(?:man|woman|person)|"
                    r"Chief|Captain|Major|Lieutenant|Commissioner|Secretary|Senator|Director|Administrator|Prosecutor|"
                    r"Inspector) (?=[A-ZÀ-Þ][a-zß-ÿ])")
NOT_NAMES = {"The", "A", "An", "In", "On", "At", "But", "And", "He", "She", "They", "It", "This", "That", "According",
             "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
             "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
             "Last", "Since", "After", "Before", "During", "While", "When", "Meanwhile", "Earlier", "Later",
             "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Central", "Upper", "Lower"}
# A capitalised name with one of these words is a body, not a person: "Coordination of Resistance Committees",
# "Sudanese Doctors Network", "Humanitarian Aid Commission"
BODY_WORDS = {"Commission", "Committee", "Committees", "Council", "Observatory", "Network", "Ministry", "Agency",
              "Office", "Mission", "Organization", "Organisation", "Institute", "Foundation", "Association", "Union",
              "Centre", "Center", "Federation", "Movement", "Watch", "Project", "Group", "Authority", "Service",
              "Department", "Bureau", "Directorate", "Radio", "Television", "TV", "News", "Times", "Post", "Daily",
              "Tribune", "Herald", "Journal", "Gazette", "Press", "Monitor", "Coalition", "Alliance", "Board",
              "Police", "Army", "Court", "Tribunal", "Secretariat", "Programme", "Program", "Fund", "Doctors",
              "Rights", "Society", "Front", "Forum", "Cross", "Crescent", "Media", "Channel", "Administration"}
PLACE_UNITS = {"Region", "Province", "State", "District", "Zone", "Governorate", "County", "Valley", "City", "Town",
               "Village", "Township", "Camp", "Oblast", "Prefecture", "Territory", "Area"}
CONNECTORS = {"of", "for", "the", "and", "de", "du", "des", "la", "le", "in", "on", "&"}
BRACKETED = re.compile(r"\s*[(\[]([A-Z][A-Za-z.]{1,10})[)\]]")
SOURCE_NOUNS = (r"police|policemen|officials?|witness(?:es)?|eyewitness(?:es)?|residents?|medics|doctors|paramedics|"
                r"nurses|activists?|survivors?|sources?|spokes(?:man|woman|person)|authorities|ministry|governor|mayor|"
                r"health workers?|commissioner|prosecutors?|civil defen[cs]e|minister|coroner|"
                r"monitor|monitoring group|rescuers|rescue workers|health workers|aid workers|villagers|relatives|"
                r"journalists|report|reports|observers|commanders?|military|army|television|TV|radio|"
                r"newspaper|rights groups?|human rights groups?|NGOs|locals|leaders?|chief|mission|peacekeepers|agency|"
                r"office|commission|watchdog|administration|(?<!social )media(?: outlets?)?|news outlets?")
SPEAKER_ROLE = r"spokes(?:man|woman|person)|officials?|members?|representatives?"  # "a spokesman for X": X speaks
# "<the> <up to four modifiers> <source noun(s)>": "local officials", "Yemeni security and medical officials",
# "activist sources", "military officials" (a compound head stays whole)
SOURCE_PHRASE = re.compile(rf"(?<![’'])\b(?:(?:the|a|an|two|three|four|several|some|many|other)\s+)?"
                           rf"((?:(?:[A-Za-z][\w’'-]*|and)\s+){{0,4}}?(?:{SOURCE_NOUNS})(?:\s+(?:{SOURCE_NOUNS}))*)\b(?![’']s\b)",
                           re.I)
NOT_MODIFIERS = {"the", "a", "an", "and", "said", "told", "but", "as", "in", "on", "at", "of", "to", "by", "that",
                 "when", "while", "who", "which", "according", "also", "had", "have", "has", "were", "was", "more",
                 "its", "their", "his", "her", "for", "from", "with"}
SAID_AFTER = re.compile(rf"\s*(?:[(\[][A-Z][A-Za-z.]{{1,10}}[)\]]\s*)?"  # "the Humanitarian Aid Commission (HAC) in ..."
                        rf"(?:(?:of|in) (?:the )?[A-Za-z][\w’'‘-]*(?: [A-Z][\w’'‘-]*)? )?"  # "residents of Gao said"
                        rf"(?:and others(?: from (?:\w+ ){{1,3}}?)? )?"  # "residents and others from the area told"
                        rf"(?:,[^,]{{0,80}},\s*)?(?:(?:news )?agency )?(?:and (?:[\w-]+ ){{0,3}}?[\w-]+ )?"  # "the agency and residents said"
                        # "a security official who requested anonymity told", "..., who asked not to be named, said"
                        rf"(?:,?\s*who (?:asked|requested|spoke|declined|did not want|was not authori[sz]ed)\b[^,.;]{{0,70}}?,?\s+)?"
                        rf"(?:have |has |had |also |later |previously |on \w+ )?{SAY_AFTER}\b")
SAID_BEFORE = re.compile(r"(?:\b(?:according to|cited|citing|quoting|quoted)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,3}|"
                         # "reported by DW", "documented by the UN", "5,000 killed (per U.N.)"
                         r"\b(?:(?:reported|documented|recorded|confirmed|verified|counted) by|\(?per)\s+(?:the\s+)?|"
                         r"\b(?:said|says)\s+(?:the\s+|a\s+)?|"
                         # "said a member of the Kani Township People's Defence Force"
                         r"\b(?:said|says|according to)\s+(?:a|an|one)\s+(?:[\w-]+\s+)?(?:member|spokes(?:man|woman|person)|"
                         r"commander|official|fighter|leader|representative)\s+(?:of|for|from|with)\s+(?:the\s+)?)$", re.I)
# "The rights group, the Institute of Peace Studies (INDEPAZ), reported that": a name in apposition, then the verb
APPOSITION_SAID = re.compile(rf"\s*,\s*(?:have |has |had |also |later )?{SAY_AFTER}\b")
# a headline's source after a colon or a dash: "34 dead in rocket fire on Aleppo: monitor", "... – governor"
HEADLINE_SOURCE = re.compile(r"(?:[:–—]|\s-)\s*(?:the\s+|a\s+)?$")
PRONOUN_SAID = re.compile(rf"\b(?:(?P<person>[Hh]e|[Ss]he)|(?P<group>[Tt]hey)|(?P<body>[Ii]t)) (?:also |later |then )?"
                          rf"{SAY}\b|\b(?:said|says|told|added) (?:(?P<person2>he|she)|(?P<group2>they)|(?P<body2>it))\b")
DENIED = re.compile(r"^[^.;]{0,40}?\b(?:denied|denies|deny|rejected|dismissed)\b")
DIRECTOR = re.compile(rf"(?:[^,.;]{{0,40}}?\b(?:director|head|chief|spokesman|spokeswoman)\b[^,.;]{{0,30}})\s*,?\s*{SAY}\b")


@dataclass
class Speakers:
    """Whom the article quoted last, for "he said" (a person), "it said" (a body) and "they added" (a group)."""

    person: Actor | None = None
    body: Actor | None = None
    group: Actor | None = None

    def heard(self, found: list[Actor]) -> None:
        """Remember who a sentence quoted."""
        for actor in found:
            if actor.kind == "Person":
                self.person = actor
            elif actor.kind == "Generic":
                self.group = actor
            else:
                self.body = self.group = actor


@dataclass
class _Found:
    """The sources of one sentence as they are found, with the spans already taken."""

    sentence: str
    actors: list[Actor] = field(default_factory=list)
    taken: list[tuple[int, int]] = field(default_factory=list)

    def add(self, actor: Actor, start: int, end: int) -> None:
        self.taken.append((start, end))
        if all(a.label != actor.label for a in self.actors):
            self.actors.append(actor)

    def inside(self, at: int) -> bool:
        return any(a <= at < b for a, b in self.taken)

    def overlaps(self, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in self.taken)


def sources(sentence: str, mentions: list[ActorMention], people: dict[str, str],
            speakers: Speakers | None = None) -> list[Actor]:
    """Who the sentence attributes its report to: lexicon actors (the acronym in brackets after a description:
    "the U.N. humanitarian office (OCHA)"), bodies and people the article names, and generic sources ('local
    officials', 'witnesses') as written; 'he said', 'it said' and 'they added' name whom the article quoted last.
    An actor who denies (`X denied reports that...`) is not a source of the report; nor is the addressee of 'told';
    nor is a place or a day."""
    found = _Found(sentence)
    for start, end, body in named_bodies(sentence, mentions):
        if attributed(sentence, start, end):
            found.add(body, start, end)
    for office in OFFICE.finditer(sentence):  # "..., Sumy Oblast Governor Serhii Levchenko said"
        name = PERSON.match(sentence, office.end())
        if name and not found.inside(name.start()) and attributed(sentence, name.start(), name.end()) \
                and (full := _full_name(name.group(), people)):
            found.add(_person(full if TITLE.match(full) else office.group() + full), name.start(), name.end())
    for name in PERSON.finditer(sentence):
        if any(m.start <= name.start() < m.end for m in mentions) or found.overlaps(name.start(), name.end()) \
                or not attributed(sentence, name.start(), name.end()):
            continue
        if full := _full_name(name.group(), people):
            found.add(_person(full), name.start(), name.end())
    for name in re.finditer(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b", sentence):  # "Bali said": a surname named before
        if name.group() in people and not found.inside(name.start()) and attributed(sentence, name.start(), name.end()) \
                and not any(m.start <= name.start() < m.end for m in mentions):
            found.add(Actor(people[name.group()], kind="Person"), name.start(), name.end())
    _generic_sources(found, mentions, people)
    for m in mentions:
        if m.actor.kind in ("Generic", "Unnamed") or found.inside(m.start) or not attributed(sentence, m.start, m.end):
            continue
        found.add(_bracketed(sentence, m.end, mentions) or m.actor, m.start, m.end)
    if speakers is not None and not found.actors and (said := PRONOUN_SAID.search(sentence)):
        speaker = speakers.person if said.group("person") or said.group("person2") else \
            speakers.body if said.group("body") or said.group("body2") else speakers.group
        if speaker is not None:
            found.add(speaker, said.start(), said.end())
    return [a for a in found.actors if not _place_or_day(a.label)]


def attributed(sentence: str, start: int, end: int) -> bool:
    """Does the sentence attribute its report to what stands at start:end ("X said", "according to X", a
    headline's "...: X")?"""
    after = sentence[end:]
    if DENIED.match(after) or CLAIMED_RESPONSIBILITY.match(after):
        return False  # who denies is no source; who claims responsibility did it (a perpetrator)
    before = SAID_BEFORE.search(sentence[max(0, start - 40):start])
    if before and re.match(r"(?:said|says)\b", before.group()) \
            and not re.match(r"\s*(?:[(\[][^()\[\]]{1,15}[)\]]\s*)?(?:[,.;]|$)", after):
        # "..., said the officials." and "..., said a member of the PDF (...), who" name the speaker; "said the dead
        # ..." and "said a commander of ISWAP was killed" do not
        before = None
    headline = not after.strip(" .") and HEADLINE_SOURCE.search(sentence[:start]) and "\n" not in sentence
    apposition = APPOSITION_SAID.match(after) and re.search(r",\s*(?:the\s+)?$", sentence[:start])
    return bool(SAID_AFTER.match(after[:120]) or before or headline or DIRECTOR.match(after[:90]) or apposition)


def named_bodies(sentence: str, mentions: list[ActorMention] = ()) -> list[tuple[int, int, Actor]]:
    """Organisations the sentence names that the table lacks ("the Coordination of Resistance Committees in El
    Fasher", "the Humanitarian Aid Commission (HAC)"): capitalised names with a word such as Committee, Network,
    Commission or Office; an acronym in brackets after one is another name of it."""
    out = []
    for run in re.finditer(r"[A-Z][\w’'.&-]*(?:\s+(?:(?:of|for|the|and|de|du|des|la|le|in|on|&)\s+)*[A-Z][\w’'.&-]*)*",
                           sentence):
        tokens = list(re.finditer(r"\S+", run.group()))
        while tokens and tokens[0].group() in NOT_NAMES:
            tokens = tokens[1:]
        words = [t.group() for t in tokens]
        if words and words[-1].endswith(".") and len(words[-1]) > 4:
            words[-1] = words[-1][:-1]  # the sentence's full stop
        if not any(w.strip(".,’'") in BODY_WORDS for w in words):
            continue
        kind = "Monitor" if any(w.strip(".,’'") in ("Observatory", "Monitor") for w in words) else "Organization"
        label = " ".join(words)  # the words may stand apart by more than a space, or a line break
        start = run.start() + tokens[0].start()
        end = run.start() + tokens[-1].start() + len(words[-1])
        if any(m.start < end and start < m.end and (m.end - m.start) >= 0.7 * (end - start) for m in mentions):
            continue  # the table knows it by this name, or most of it
        aliases = []
        last = max(i for i, w in enumerate(words) if w.strip(".,’'") in BODY_WORDS)
        if last < len(words) - 1:
            aliases.append(" ".join(words[:last + 1]))  # "... Committees" of "... Committees in El Fasher"
        if bracket := BRACKETED.match(sentence, end):
            aliases.append(bracket.group(1))
            end = bracket.end()
        out.append((start, end, Actor(label, tuple(aliases), kind)))
    return out


def one_source_per_party(mentions: list) -> None:
    """Within an article, name each source one way: "eyewitnesses" and "some eyewitness", "residents" and "local
    residents" are one source; "the monitor" is the monitor the article names, when it names one."""
    sources = [a for m in mentions for a in m.sources]
    monitors = {_key(a.label) for a in sources if a.kind == "Monitor"}  # "... for Human Right(s)": one monitor
    monitor = next((a for a in sources if a.kind == "Monitor" and a.qid is None and a.aliases), None) or \
        next((a for a in sources if a.kind == "Monitor"), None) if len(monitors) == 1 else None
    canonical: dict[str, Actor] = {}
    names: dict[str, set[str]] = {}
    for actor in sources:
        if actor.kind == "Generic":
            key = _head(actor.label)
            canonical.setdefault(key, actor)
            names.setdefault(key, set()).update((actor.label, *actor.aliases))
    merged = {key: Actor(a.label, tuple(sorted(names[key] - {a.label})), a.kind) for key, a in canonical.items()}
    for m in mentions:
        out: list[Actor] = []
        for actor in m.sources:
            if actor.kind == "Generic":
                actor = monitor if monitor and _head(actor.label) in ("monitor", "monitoring group") else \
                    merged[_head(actor.label)]
            elif actor.kind == "Monitor" and monitor is not None:
                actor = monitor
            if all(a.label != actor.label for a in out):
                out.append(actor)
        m.sources = out


def _key(label: str) -> str:
    return re.sub(r"s$", "", re.sub(r"[^a-z]", "", label.lower()))


def _head(label: str) -> str:
    """The head noun of a generic source, singular: "some eyewitnesses" -> "eyewitness"."""
    head = label.lower().split()[-1]
    if label.lower().endswith("monitoring group"):
        return "monitoring group"
    return re.sub(r"(?:(?<=ss)es|(?<=[^s])s)$", "", head)


def _generic_sources(found: _Found, mentions: list[ActorMention], people: dict[str, str]) -> None:
    sentence = found.sentence
    named = [(m.start, m.end) for m in mentions if m.actor.kind not in ("Generic", "Unnamed")]
    for phrase in SOURCE_PHRASE.finditer(sentence):
        words, end = phrase.group(1).split(), phrase.end(1)
        head = end - len(words[-1])
        if any(m.start <= head < m.end and m.actor.kind not in ("Generic", "Unnamed") for m in mentions) \
                or found.inside(head):
            continue
        start = phrase.start(1)
        parts = [(start, words)]
        for i, word in enumerate(words[:-1]):  # "local authorities and state television": two sources
            if words[i + 1] == "and" and re.fullmatch(rf"(?:{SOURCE_NOUNS}|agency|agencies)", word, re.I):
                parts = [(start, words[:i + 1]), (start + len(" ".join(words[:i + 2])) + 1, words[i + 2:])]
                break
        for start, words in parts:
            stop = start + len(" ".join(words))
            tail = len(words) - 1  # a noun phrase: "uploaded to social media" names the media, not a source
            while tail > 0 and words[tail - 1].lower() not in NOT_MODIFIERS - {"and"} \
                    and not re.fullmatch(r"[a-z]+ed", words[tail - 1]):
                tail -= 1
            start += len(" ".join(words[:tail])) + (1 if tail else 0)
            words = words[tail:]
            while words:  # the longest attributed tail: "AFP cited rebel health authorities" -> "rebel health authorities"
                if words[0].lower() not in NOT_MODIFIERS and words[0] not in people \
                        and not any(a < start < b for a, b in named) and attributed(sentence, start, end):
                    break
                start += len(words[0]) + 1
                words = words[1:]
            apposed = re.match(r"\s*,\s*(?:the\s+)?", sentence[stop:]) or (
                words and re.fullmatch(SPEAKER_ROLE, words[-1], re.I) and re.match(r"\s+(?:for|of|from|with)\s+(?:the\s+)?",
                                                                         sentence[stop:]))
            if not words or found.inside(start) or found.inside(stop + 1) or not re.search(rf"(?:{SOURCE_NOUNS})$", " ".join(words), re.I) \
                    or any(b <= start and re.fullmatch(r"[\s.]*", sentence[b:start]) for _, b in named) \
                    or (apposed and (found.inside(stop + apposed.end()) or any(a == stop + apposed.end() for a, _ in named))):
                continue  # "Sabanews.net news agency", "the rights group, the X,", "a spokesman for the X": X is the source
            if start == 0 and len(words) == 1:
                words = [words[0].lower()]
            owner = max((i for i, w in enumerate(words[:-1]) if re.search(r"[’']s$", w) and words[i + 1][:1].isupper()),
                        default=None)
            if owner is not None:  # "the group's Al-Masirah TV": the name, not whose it is
                start += len(" ".join(words[:owner + 1])) + 1
                words = words[owner + 1:]
            found.add(Actor(" ".join(words), tuple(" ".join(words[i:]) for i in range(1, len(words))), kind="Generic"),
                      start, stop)


def _bracketed(sentence: str, end: int, mentions: list[ActorMention]) -> Actor | None:
    """The table's actor an acronym in brackets names, a few words after a description of it: "the U.N.
    humanitarian office (OCHA)"."""
    m = re.match(r"(?:[\s\w’'.-]{0,40}?)\s*[(\[]([A-Z][A-Za-z.]{1,10})[)\]]", sentence[end:])
    return lexicon().actor(m.group(1)) if m and not re.search(r"[,;]", m.group()) else None


def _place_or_day(label: str) -> bool:
    """A source is never a place ("north darfur", "in kharkiv") nor a day ("on sunday")."""
    from .gazetteer import fold, gazetteer
    words = label.split()
    if words[0].lower() in ("in", "on", "at") or words[-1].capitalize() in NOT_NAMES:
        return True
    place = gazetteer().lookup(label, set()) or next(iter(gazetteer().provinces.get(fold(label), [])), None)
    return place is not None and label[:1].isupper() and not any(w in BODY_WORDS for w in words)


def _person(name: str) -> Actor:
    """A person as a source, named without the office before the name (kept as another name)."""
    title = TITLE.match(name)
    if title and len(name[title.end():].split()) >= 1:
        return Actor(name[title.end():], (name,), kind="Person")
    return Actor(name, kind="Person")


def _full_name(name: str, people: dict[str, str]) -> str | None:
    """'Mr. Abu Leila' -> 'Omar Abu Leila' when the article named him in full before."""
    bare = re.sub(r"^(?:Mr|Mrs|Ms|Dr|Gen|Col)\.? ", "", name)
    if bare.split()[0] in NOT_NAMES or any(w in BODY_WORDS or w in PLACE_UNITS for w in bare.split()):
        return None
    return people.get(bare, bare)


def people_named(text: str) -> dict[str, str]:
    """Every way the text can later refer to a person it names in full: surname -> full name."""
    out: dict[str, str] = {}
    for m in PERSON.finditer(text):
        parts = m.group().split()
        if len(parts) >= 2 and not parts[0].endswith(".") and parts[0] not in NOT_NAMES \
                and not any(p in NOT_NAMES or p in BODY_WORDS or p in PLACE_UNITS for p in parts):
            for i in range(1, len(parts)):
                out.setdefault(" ".join(parts[i:]), m.group())
    return out

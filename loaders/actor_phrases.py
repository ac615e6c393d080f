"""Actors no table can list, read from the phrase that names them: a state's forces named by its nationality
("Eritrean soldiers", "Russian artillery", "Burkinabe army"), and unnamed armed men ("unidentified gunmen",
"suspected militants", "a mob", "armed youths"), which the article may name elsewhere (see `one_actor_per_party`)."""
from __future__ import annotations

import re
from functools import lru_cache

# what a state's forces are called after its nationality: "Eritrean troops", "Russian missiles", "Malian army"
FORCE_NOUNS = (r"forces|troops|soldiers|army|armed forces|military|artillery|warplanes|war planes|jets|fighter jets|"
               r"drones?|missiles?|rockets?|air ?strikes?|shelling|navy|air force|police|police officers|policemen|"
               r"security forces|gendarmes|gendarmerie|military forces|servicemen|tanks|units|border guards|"
               r"paratroopers|special forces|aircraft|helicopters?|gunships?|bombers")
# armed men the text does not name: the head noun, and the words that may stand before it
UNNAMED_HEADS = (r"gunmen|militants|insurgents|jihadists|extremists|terrorists|separatists|militiamen|militias?|"
                 r"bandits|assailants|attackers|mobs?|miscreants|armed groups?|criminal groups?|criminal gangs?|gangs?|"
                 r"gang members|gangsters|paramilitaries|(?:unknown|unidentified|armed|masked|gun-wielding) men|"
                 r"armed youths?|raiders|kidnappers|abductors|perpetrators|"
                 r"(?:unidentified|unknown|armed) (?:people|persons|individuals)|"
                 # "the coalition", "the alliance": the one the article names (see `one_actor_per_party`)
                 r"coalition(?! government| partners?| talks)|alliance(?! government| partners?)")
UNNAMED_MODIFIERS = (r"(?i:unidentified|unknown|suspected|alleged|armed|masked|heavily armed|local|rival|ethnic|"
                     r"islamist|jihadist|separatist|criminal|presumed)|[A-Z][a-z]+(?:-[a-z]+)?")
FORCE_WORD = re.compile(rf"\b(?i:{FORCE_NOUNS}|junta|regime)\b")
UNNAMED_WORD = re.compile(rf"\b(?i:{UNNAMED_HEADS})\b")
UNNAMED = re.compile(rf"\b((?:(?:{UNNAMED_MODIFIERS})\s+){{0,2}}(?i:{UNNAMED_HEADS}))\b")
# unnamed men who are an armed group's fighters, so the group the article names (a mob or bandits need not be)
MILITANT_HEADS = {"gunmen", "militants", "insurgents", "jihadists", "extremists", "terrorists", "separatists",
                  "militiamen", "militia", "militias", "assailants", "attackers", "fighters", "rebels", "men",
                  "raiders", "paramilitaries", "kidnappers", "abductors", "perpetrators", "gangs", "gang", "gangsters",
                  "members"}
DETERMINERS = {"The", "A", "An", "Some", "Several", "Armed", "Unidentified", "Unknown", "Suspected", "Masked"}


@lru_cache(maxsize=1)
def _force_pattern() -> tuple[re.Pattern, re.Pattern, dict[str, str]]:
    """"<nationality> troops", "<country>'s army", "<country> armed forces"; a nationality coordinated before one
    ("Ethiopian and"); and the country code of each name."""
    from .gazetteer import demonyms, gazetteer
    codes = dict(demonyms())
    for code, place in gazetteer().countries.items():
        for name in (place.label, *place.alt_labels):
            codes.setdefault(name, code)
    names = "|".join(sorted((re.escape(d) for d in codes), key=len, reverse=True))
    return (re.compile(rf"\b({names})(?:['’]s)?(?:-led|-backed)?\s+(?i:{FORCE_NOUNS}|junta|regime)\b"),
            re.compile(rf"\b({names})\s*(?:,|and)\s*$"), codes)


def state_forces_named(sentence: str) -> list[tuple[int, int, str, str]]:
    """(start, end, phrase, country code) for each "<nationality> <forces noun>" ("Eritrean troops", "Burma's
    military", "the Burkina Faso armed forces") the sentence writes."""
    if not FORCE_WORD.search(sentence):
        return []  # most sentences name no forces: skip the long pattern
    pattern, coordinated, codes = _force_pattern()
    found = [(m.start(), m.end(), m.group(), codes[m.group(1)]) for m in pattern.finditer(sentence)]
    for start, end, phrase, _ in list(found):  # "Ethiopian and Eritrean troops": the Ethiopian troops too
        first = coordinated.search(sentence[max(0, start - 40):start]) if start else None
        if first:
            at = start - len(sentence[max(0, start - 40):start]) + first.start(1)
            found.append((at, at + len(first.group(1)), f"{first.group(1)} {phrase.split()[-1]}", codes[first.group(1)]))
    return found


def unnamed_armed(sentence: str) -> list[tuple[int, int, str]]:
    """(start, end, phrase) for each group of armed men the sentence does not name ("unidentified gunmen")."""
    out = []
    if not UNNAMED_WORD.search(sentence):
        return out
    for m in UNNAMED.finditer(sentence):
        words = m.group(1).split()
        while len(words) > 1 and words[0] in ("The", "A", "An", "Some", "Several"):  # a capital that opens a sentence
            words = words[1:]
        out.append((m.end(1) - len(" ".join(words)), m.end(1), " ".join(words)))
    return out


def unnamed_label(phrase: str) -> tuple[str, tuple[str, ...]]:
    """The label an unnamed group is published under, as the text writes it ("unidentified gunmen"), and the
    shorter names it also goes by ("gunmen")."""
    words = [w.lower() if w in DETERMINERS or w.lower() == w else w for w in phrase.split()]
    words[-1] = words[-1].lower()
    label = " ".join(words)
    return label, tuple(" ".join(words[i:]) for i in range(1, len(words)) if words[i:] != ["men"])

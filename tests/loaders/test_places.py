"""Slots that need more than a number: dates against the publication date, sources and denials, places the
gazetteer lacks, perpetrators, the discourse frame, and one incident reported by two articles."""
from __future__ import annotations

import datetime as dt

import pytest

from conflictkg.store import ConflictStore
from conflictkg.pipeline import load
from conflictkg.loaders.actors import actor_mentions
from conflictkg.loaders.perpetrators import perpetrators
from conflictkg.loaders.sources import sources
from conflictkg.loaders.dates import event_dates
from conflictkg.loaders.event_types import trigger_spans
from conflictkg.loaders.incidents import article_incidents
from conflictkg.loaders.places import places_in
from conflictkg.loaders.records import ArticleRecord

PUB = dt.date(2015, 5, 25)  # a Monday


def day(y, m, d):
    return dt.date(y, m, d), dt.date(y, m, d)


@pytest.mark.parametrize("text, published, year, expected", [
    ("IS executed 217 people in the last nine days.", PUB, None, (dt.date(2015, 5, 16), PUB)),
    ("The rebels seized the capital last September.", PUB, None, (dt.date(2014, 9, 1), dt.date(2014, 9, 30))),
    ("The coalition began air strikes in late March.", PUB, None, (dt.date(2015, 3, 21), dt.date(2015, 3, 31))),
    ("A strike hit the town late on Sunday.", PUB, None, day(2015, 5, 24)),
    ("Fighters captured the town on 3 August.", None, 2014, day(2014, 8, 3)),
    ("Deaths since Sept. 28 reached 231.", None, 2017, None),  # no publication date: the end is unknown
    ("Rockets killed 34 people on Monday, a monitor said Sunday.", PUB, None, day(2015, 5, 25)),  # report date
    ("On 17 December 2014, Kurdish forces started the December 2014 offensive.", None, None, day(2014, 12, 17)),
    ("Forces attacked the port of Marib province on Sept. 4.", PUB, None, day(2014, 9, 4)),  # not "Mar"
])
def test_dates_against_the_publication_date(text, published, year, expected):
    assert event_dates(text, published, year) == expected


def test_dates_relative_to_the_incident_just_reported():
    anchor = day(2014, 5, 28)
    assert event_dates("The next day, fighters entered the village.", None, 2014, anchor) == day(2014, 5, 29)
    assert event_dates("Earlier in the day, a restaurant was stormed.", None, 2014, anchor) == anchor


def said_by(text, people=None):
    return [a.label for a in sources(text, actor_mentions(text), people or {})]


@pytest.mark.parametrize("text, expected", [
    ("Five people were killed, according to the Syrian Observatory for Human Rights.",
     ["Syrian Observatory for Human Rights"]),
    ("Medics told the Reuters news agency that 26 people were killed.", ["medics"]),  # not the addressee
    ("AFP cited rebel health authorities as putting the toll at 29.", ["rebel health authorities"]),
    ("Yemeni security and medical officials said the dead include officers.", ["Yemeni security and medical officials"]),
    ("The shelling killed ten people, police said.", ["police"]),
    ("The Russian Defense Ministry denied reports that its jets hit the market.", []),
    ("Twelve people died in the strike.", []),
])
def test_sources_and_denials(text, expected):
    assert said_by(text) == expected


def test_a_surname_resolves_to_the_full_name_given_before():
    people = {"Bali": "Mustafa Bali"}
    assert said_by("At least 40 militants were also killed, Bali said.", people) == ["Mustafa Bali"]


def perps(text, country=None):
    mentions = actor_mentions(text, country)
    return [a.label for a in perpetrators(text, mentions, trigger_spans(text), [])]


@pytest.mark.parametrize("text, country, expected", [
    ("Russian airstrikes killed 20 people.", None, ["Russian Armed Forces"]),
    ("Civilians were killed in airstrikes by the US-led coalition.", None, ["US-led coalition"]),
    ("The United States and the United Kingdom responded with airstrikes.", None, ["United States", "United Kingdom"]),
    ("Government forces shelled the market.", "SD", ["Sudanese Armed Forces"]),
    ("Government forces shelled the market.", "SY", ["Syrian government"]),
    ("Thirteen people died in al-Bab, a town controlled by the Islamic State.", None, []),
    ("Airstrikes hit a funeral in Yemen's capital.", None, []),
    ("Twelve people died in the strike.", None, []),
])
def test_perpetrators(text, country, expected):
    assert perps(text, country) == expected


def place_names(text, countries=frozenset({"SY"})):
    return [p.label for _, p in places_in(text, set(countries))]


def test_places_the_gazetteer_lacks_are_named_by_the_text():
    assert place_names("ISIS killed 300 men in one day in the village of Gharanij.") == ["Gharanij"]
    assert place_names("Strikes targeted two houses in Ans in Dhamar province.", {"YE"}) == ["Ans", "Dhamar"]
    assert place_names("Nearly 100 people were killed along the Euphrates River.") == ["Euphrates River"]
    assert place_names("Four police were killed in Myaung Township on Thursday.", {"MM"}) == ["Myaung"]
    assert place_names("Troops entered Mexico City.", {"MX"}) == ["Mexico City"]


def test_a_name_written_before_its_country_or_state_is_a_place_there():
    [(_, town), _] = places_in("Fighters killed nine soldiers in Malam Fatori, Nigeria, on Wednesday.", {"NG"})
    assert (town.label, town.country_code) == ("Malam Fatori", "NG")
    assert place_names("Gunmen abducted 287 pupils in Kuriga, Kaduna State, on Thursday.", {"NG"}) == ["Kuriga", "Kaduna"]
    assert place_names("He spoke in English, French and Arabic.", {"ML"}) == []  # a nationality is no country here
    assert place_names("Bandits struck Faskari local government area and Mambasa territory.", {"NG"}) == [
        "Faskari local government area", "Mambasa territory"]


def test_a_word_opening_a_sentence_is_no_other_spelling_of_a_town():
    assert place_names("Violence flared on Tuesday when guerrillas killed three soldiers.", {"ES"}) == []
    assert place_names("Deir Ezzour was hit on Monday.") == ["Deir ez-Zor"]  # a name of two words still is
    assert place_names("Strikes hit Deir Ezzour.") == ["Deir ez-Zor"]


def test_datelines_people_and_reference_points_are_not_places():
    assert place_names("BEIRUT (AP) — Fighting raged in the town.") == []
    assert place_names("Activist Mustafa Bali said so.") == []
    assert place_names("Strikes hit roads in al-Mahawit province, northeast of the capital Sanaa.", {"YE"}) == [
        "al-Mahawit province"]


def test_provinces_states_and_regions_of_every_country_are_known_by_their_bare_names():
    [(_, borno)] = places_in("Gunmen killed 12 farmers in Borno on Monday.", {"NG"})
    assert (borno.label, borno.kind, borno.code, borno.country.label) == ("Borno", "province", "NG-BO", "Nigeria")
    [(_, ituri)] = places_in("Fighting in Ituri province displaced thousands.", {"CD"})
    assert ituri.code == "CD-IT" and "Ituri province" in ituri.alt_labels  # one node, however the text names it
    assert place_names("Gunmen killed 12 farmers in Borno on Monday.", {"SY"}) == []  # only the article's countries
    assert place_names("Jihadists attacked a village in the Sahel.", {"BF"}) == []  # a region's common name


def test_a_country_s_part_named_by_its_compass_point_keeps_it_and_lies_within_the_country():
    [(_, north)] = places_in("Jihadists killed 20 soldiers in northern Burkina Faso.", {"BF"})
    assert (north.label, north.kind, north.country.label) == ("northern Burkina Faso", "region", "Burkina Faso")
    [(_, east)] = places_in("Rebels attacked villages in eastern DR Congo.", {"CD"})
    assert "eastern DR Congo" in east.alt_labels
    assert place_names("Gunmen killed nine people in Gao, in northern Mali.", {"ML"}) == ["Gao", "northern Mali"]


def test_gazetteer_places_carry_ids_coordinates_and_the_written_name():
    [(_, idlib)] = places_in("Strikes hit Idleb on Monday.", {"SY"})
    assert idlib.geonameid == 169389 and idlib.latitude and idlib.country.label == "Syria"


def article(text, published=PUB, identifier="t1", **kw):
    return ArticleRecord(identifier=identifier, text=text, source_file="test.jsonl", published=published, **kw)


def test_the_discourse_frame_fills_what_a_sentence_leaves_implicit():
    events = article_incidents(article(
        "Airstrikes by the Saudi-led coalition killed 54 people across Yemen on Sunday, residents said.\n\n"
        "Air strikes also killed 13 people in al-Mahawit province.\n\n"
        "The Houthis seized Sanaa last September."))
    first, second, third = events
    assert second.dates == first.dates == day(2015, 5, 24)
    assert [a.label for a in second.perpetrators] == ["Saudi-led coalition"]
    assert second.place.label == "al-Mahawit province"
    assert third.type == "TerritorialChange" and third.dates == (dt.date(2014, 9, 1), dt.date(2014, 9, 30))


def test_no_date_without_an_anchor():
    [event] = article_incidents(article("Gunmen abducted 40 villagers in the village of Kuri last month.", published=None))
    assert event.dates is None


def test_one_incident_reported_by_two_articles_is_one_event_with_two_mentions(tmp_path):
    corpus = tmp_path / "two.jsonl"
    corpus.write_text(
        '{"id": "a1", "published": "2019-05-07", "text": "An air strike hit a market in Idlib on Monday, '
        'killing 26 people, medics said."}\n'
        '{"id": "a2", "published": "2019-05-07", "text": "An air strike on a crowded market in Idlib on Monday '
        'killed 29 people, according to the Syrian Observatory for Human Rights."}\n'
        '{"id": "a3", "published": "2019-05-07", "text": "An air strike on a school in Idlib on Monday killed '
        '300 people, local officials said."}\n', encoding="utf-8")
    with ConflictStore(tmp_path / "store") as store:
        assert not load([corpus], store, progress=False).rejected
        rows = list(store.query(
            "PREFIX ckg: <https://w3id.org/conflictkg/ontology#> "
            "SELECT ?e (COUNT(DISTINCT ?m) AS ?mentions) (GROUP_CONCAT(DISTINCT STR(?n)) AS ?counts) "
            "WHERE { ?e a ckg:AirStrike ; ckg:mention ?m . ?m ckg:article ?a . "
            "?c ckg:mention ?m ; ckg:count ?n . } GROUP BY ?e"))
    shapes = sorted((int(r["mentions"].value), sorted(r["counts"].value.split())) for r in rows)
    # 26 and 29 overlap: one event, two mentions, each with its own figure; 300 does not: its own event
    assert shapes == [(1, ["300"]), (2, ["26", "29"])]


def test_another_spelling_of_a_town_of_the_article_s_country_is_that_town():
    from conflictkg.loaders.gazetteer import gazetteer
    assert gazetteer().lookup("Deir Ezzour", {"SY"}).geonameid == gazetteer().lookup("Deir ez-Zor", {"SY"}).geonameid
    assert gazetteer().lookup("Deir Ezzour", {"SD"}) is None  # only in the countries the article names


def test_countries_are_counted_by_every_name_they_go_by():
    from conflictkg.loaders.gazetteer import gazetteer
    counts = gazetteer().country_counts("Rebels attacked villages in the DR Congo’s Beni region near Uganda. The "
                                        "Democratic Republic of the Congo army said Congo would respond. Sudanese and "
                                        "U.S. officials in Latin America met South Sudan's envoy.")
    assert counts == {"CD": 3, "UG": 1, "SD": 1, "US": 1, "SS": 1}  # "Latin America" is no country


def test_an_actor_s_spokesman_condemning_an_attack_is_no_perpetrator():
    text = "Ituri army spokesman Jules Ngongo condemned the attack as an act of sabotage."
    assert perps(text, "CD") == []

"""conflictkg.loaders.gazetteer: the world gazetteer: its places' ids and coordinates, another spelling of a town of
the article's country, and countries counted by every name they go by."""
from __future__ import annotations

from conflictkg.loaders.places import places_in


def test_gazetteer_places_carry_ids_coordinates_and_the_written_name():
    [(_, idlib)] = places_in("Strikes hit Idleb on Monday.", {"SY"})
    assert idlib.geonameid == 169389 and idlib.latitude and idlib.country.label == "Syria"


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

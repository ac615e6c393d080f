"""conflictkg.loaders.places: the places a sentence names: places the gazetteer lacks, provinces, regions and compass
points, sites its wording marks; not datelines, people or reference points. Sentences written for the purpose."""
from __future__ import annotations

from conflictkg.loaders.places import places_in

from .articles import incidents


def place_names(text, countries=frozenset({"SY"})):
    return [p.label for _, p in places_in(text, set(countries))]


def test_places_the_gazetteer_lacks_are_named_by_the_text():
    assert place_names("ISIS killed 300 men in one day in the village of Gharanij.") == ["Gharanij"]
    assert place_names("Strikes targeted two houses in Ans in Dhamar province.", {"YE"}) == ["Ans", "Dhamar"]
    assert place_names("Nearly 100 people were killed along the Euphrates River.") == ["Euphrates River"]
    assert place_names("Four police were killed in Myaung Township on Thursday.", {"MM"}) == ["Myaung"]
    assert place_names("Troops entered Mexico City.", {"MX"}) == ["Mexico City"]


def test_a_township_the_text_marks_is_in_the_article_s_country_not_a_larger_town_abroad():
    """Found by probing reporting of other wars: Kani Township (Myanmar) was read as Kani, a town in Japan."""
    [(_, township), _, _] = places_in("Aircraft bombed a village in Kani Township, Sagaing Region, Myanmar.", {"MM"})
    assert (township.label, township.country_code) == ("Kani", "MM")
    [(_, city)] = places_in("Ukrainian drones struck the city of Belgorod, killing two people.", {"UA"})
    assert city.country_code == "RU"  # a city across the border is not moved into the article's country


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
    assert place_names("KYIV, Ukraine, May 9 (Reuters) - Fighting raged in the town.", {"UA"}) == []
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


def test_a_name_may_open_with_the_letter_ayn():
    from conflictkg.loaders.places import places_in
    found = places_in("Fighters raided a village near Ras al-‘Ayn on Sunday.", {"SY", "CN"})
    assert all("Anyang" not in p.label for _, p in found)


def test_a_village_the_text_marks_is_the_place_and_is_found_again_by_its_name():
    found = incidents("Gunmen killed nine farmers in the village of Talkoma near Kunduz on Monday.\n\n"
                      "In another attack, gunmen burned houses in Talkoma on Tuesday.")
    assert [i.place.label for i in found] == ["Talkoma", "Talkoma"]
    assert found[0].place.kind == "site"

"""conflictkg.loaders.incidents: sentence mentions linked into the incidents an article reports, each with the date,
place, perpetrators and type its mentions give. Fixtures are written for the purpose; none is a sentence of the dev
corpus."""
from __future__ import annotations

import datetime as dt
import time

import pytest
from rdflib.namespace import RDF

from conflictkg.graph import article_graph
from conflictkg.loaders.incidents import article_incidents
from conflictkg.loaders.records import ArticleRecord
from conflictkg.vocab import CKG

from .articles import PUB_2024 as PUB
from .articles import article, day, incidents


def test_a_sentence_that_refers_back_across_a_paragraph_joins_the_incident():
    found = incidents(
        "Militants stormed a police post in the town of Kalun on Wednesday, killing six officers.\n\n"
        "Officials said the assault lasted two hours.\n\n"
        "The attack was carried out by the Northern Liberation Front, a regional spokesman said.")
    [attack] = found
    assert len(attack.mentions) == 3
    assert attack.dates == day(2024, 3, 6)
    assert attack.place.label == "Kalun"
    assert [m.reference for m in attack.mentions][2] == "back"


def test_another_incident_breaks_the_chain_and_keeps_its_own_place():
    found = incidents(
        "A roadside bomb killed four soldiers near Kunduz on Tuesday.\n\n"
        "In another attack, gunmen killed two farmers in the village of Besra.")
    assert len(found) == 2
    first, second = found
    assert (first.type, first.place.label, second.type) == ("Bombing", "Kunduz", "AttackOnCivilians")
    assert second.place.label == "Besra"
    assert second.dates == first.dates == day(2024, 3, 5)  # another act of the day's story
    assert [a.label for a in second.perpetrators] == ["gunmen"]


def test_the_headline_joins_the_incident_of_the_lede():
    found = incidents("Drone strike kills 12 at wedding in Marlo\n\n"
                      "A drone strike hit a wedding party in the town of Marlo on Thursday, killing 12 guests.",
                      title="Drone strike kills 12 at wedding in Marlo")
    [strike] = found
    assert [m.heading for m in strike.mentions] == [True, False]
    assert strike.type == "AirStrike" and strike.dates == day(2024, 3, 7)


def test_a_restated_toll_is_the_same_incident_and_each_figure_stays_with_its_sentence():
    found = incidents(
        "A car bomb exploded at a market in the town of Derra on Monday, killing 25 people.\n\n"
        "The death toll from Monday's bombing rose to 40, hospital officials said.")
    [bombing] = found
    assert [[f.count for f in m.figures] for m in bombing.mentions] == [[25], [40]]
    assert [a.label for a in bombing.mentions[1].sources] == ["hospital officials"]
    assert bombing.mentions[0].sources == []


def test_also_with_the_same_harm_is_another_act_beside_the_first():
    found = incidents("Fighters executed 30 villagers in the village of Amra on Sunday.\n\n"
                      "The fighters also executed 12 policemen in the town of Dura.")
    assert len(found) == 2
    assert found[1].parent is found[0] and found[1].dates == found[0].dates


def test_an_incident_of_its_own_told_in_passing_takes_no_date_from_the_story():
    found = incidents("Gunmen killed eight miners at a gold mine near Sarta on Tuesday.\n\n"
                      "A missile strike on a hospital in Ravan killed 20 people.")
    assert len(found) == 2 and found[1].dates is None
    assert found[1].perpetrators == []  # gunmen fire no missiles: not the story's actor for a missile strike


def test_an_aggregate_lede_is_told_with_the_acts_it_sums_up():
    found = incidents("Air strikes killed 30 people in attacks across Yemen on Thursday.\n\n"
                      "Twelve people were killed in strikes on the town of Saada.")
    assert len(found) == 2
    assert found[1].place_name == "Saada" and found[1].dates == found[0].dates


def test_one_incident_reported_in_several_sentences_is_one_event_with_a_mention_each():
    record = ArticleRecord("t", "Militants stormed a police post in the town of Kalun on Wednesday, killing six officers.\n\n"
                                "The attack was carried out by the Northern Liberation Front.", "t.jsonl", published=PUB)
    graph = article_graph(record)
    [event] = set(graph.subjects(CKG.casualty, None))
    assert len(list(graph.objects(event, CKG.mention))) == 2
    assert (event, RDF.type, CKG.AttackOnCivilians) not in graph  # officers killed: not civilians
    assert len(list(graph.objects(event, CKG.casualty))) == 1


def test_the_event_date_wins_over_the_date_of_the_report():
    [found] = incidents("Police confirmed on Thursday that gunmen had killed five traders in the town of Kalun "
                        "late on Sunday.")
    assert found.dates == day(2024, 3, 3)


def test_an_undated_article_leaves_a_relative_date_empty():
    [found] = incidents("Gunmen killed five traders in the town of Kalun last week.", published=None)
    assert found.dates is None


def test_no_date_without_an_anchor():
    [event] = article_incidents(article("Gunmen abducted 40 villagers in the village of Kuri last month.", published=None))
    assert event.dates is None


def test_who_claims_responsibility_did_it():
    [found] = incidents("A suicide bomber killed 12 people at a market in the town of Kalun on Monday.\n\n"
                        "Boko Haram claimed responsibility for the attack.")
    assert [a.label for a in found.perpetrators] == ["Boko Haram"]
    assert all(m.sources == [] for m in found.mentions)


def test_a_war_wide_toll_is_a_tally():
    [found] = incidents("More than 35,000 people have been killed in the war, the health ministry said.")
    assert found.type == "CasualtyTally"


def test_displaced_people_are_a_figure_but_a_camp_for_them_is_no_displacement():
    [arrivals] = incidents("Around 7,000 displaced people arrived in the town of Kalun on Monday.")
    assert arrivals.type == "Displacement" and [f.count for f in arrivals.figures] == [7000]
    [strike] = incidents("An air strike on a school sheltering displaced families in Kalun killed 27 people on Monday.")
    assert strike.type == "AirStrike"


def test_an_attack_its_wording_does_not_type_is_typed_by_the_victims_it_counts():
    [attack] = incidents("Four of the victims were fishermen from the village of Talkoma.\n\n"
                         "They were brutally attacked on Tuesday on the coast road near Talkoma.")
    assert attack.type == "AttackOnCivilians"


def test_a_province_is_one_node_with_its_iso_code_however_the_text_names_it():
    from rdflib.namespace import SKOS
    record = ArticleRecord("t", "Militiamen killed 14 villagers in Ituri province on Monday.\n\n"
                                "In another attack, gunmen killed six farmers in Ituri on Wednesday.", "t.jsonl",
                           published=PUB)
    graph = article_graph(record)
    places = set(graph.objects(None, CKG.place))
    assert len(places) == 1
    [place] = places
    assert [str(c) for c in graph.objects(place, SKOS.notation)] == ["CD-IT"]


def test_a_toll_over_a_stated_period_is_a_tally_but_a_month_s_attack_is_not():
    [period] = incidents("Between June 1 and July 15, 76 people were killed in Darfur, the UN said.")
    assert period.type == "CasualtyTally" and period.dates == (dt.date(2023, 6, 1), dt.date(2023, 7, 15))
    [months] = incidents("In June and July, at least 300 civilians were killed in Ituri, according to the UN.")
    assert months.type == "CasualtyTally"
    [since] = incidents("Since protests began, more than 500 people have been killed in Myanmar.")
    assert since.type == "CasualtyTally"
    [attack] = incidents("In June, gunmen killed 12 people in the town of Kalun.")
    assert attack.type == "AttackOnCivilians"
    [year] = incidents("In 2023, the fighting killed more than 8,000 people in Sudan.")
    assert year.type == "CasualtyTally" and year.dates == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))


def test_a_region_of_a_country_is_no_site_for_an_incident_with_nothing_else():
    assert incidents("Insecurity has spread across villages of northern Burkina Faso for years.") == []
    [attack] = incidents("Gunmen killed nine people in Gao, in northern Mali, on Monday.")
    assert attack.place.label == "Gao"


def test_the_lede_with_a_finer_place_and_a_fuller_toll_tells_the_headline_s_incident():
    [strike] = incidents("Air strikes kill 27 in central Gaza\n\n"
                         "Israeli airstrikes on two homes in the Nuseirat refugee camp killed 27 people overnight, "
                         "including 11 children.", title=None)
    assert strike.place.label == "Nuseirat refugee camp" and len(strike.mentions) == 2
    assert [(f.count, m.heading) for m in strike.mentions for f in m.figures] == [(27, False), (11, False)]


def test_a_headline_over_a_lede_at_a_place_within_its_own_is_one_incident():
    [shelling] = incidents("Houthi shelling kills child in Taiz\n\n"
                           "A child was killed on Sunday when a mortar shell hit a house in al-Dhabab, west of Taiz.")
    assert len(shelling.mentions) == 2
    [strike] = incidents("Israeli missiles hit sites near Damascus, two soldiers wounded\n\n"
                         "Israel launched an air attack on sites near Damascus, wounding two soldiers.")
    assert len(strike.mentions) == 2  # Israel and its forces are one party


def test_a_strike_that_levelled_a_house_and_killed_is_the_strike_and_captures_is_a_capture():
    [strike] = incidents("Strike on Nabatieh home kills five\n\n"
                         "An Israeli strike levelled a house in Nabatieh, Lebanon, on Tuesday, killing five people.")
    assert strike.type == "AirStrike" and len(strike.mentions) == 2
    [capture] = incidents("Arakan Army captures Buthidaung township in Rakhine State\n\n"
                          "The Arakan Army said it had captured the town of Buthidaung after weeks of fighting.")
    assert capture.type == "TerritorialChange" and len(capture.mentions) == 2


def test_kidnappers_who_kill_and_troops_who_seize_weapons():
    [killing] = incidents("The kidnappers killed a teacher in the village of Kuriga on Tuesday.")
    assert killing.type == "AttackOnCivilians"
    assert incidents("Troops seized weapons and vehicles in Kidal on Monday.") == []


@pytest.mark.parametrize("text, kind", [
    ("Two suicide bombers blew themselves up at a market in Maiduguri on Monday, killing 12 people.", "Bombing"),
    ("Fighters armed with grenade launchers attacked an army post near Kidal on Monday, killing four soldiers.",
     "ArmedClash"),  # a grenade launcher is a weapon of the fight, not a bomb
    ("Militants captured 20 villagers in the town of Kalun on Monday.", "Abduction"),  # people captured: abducted
    ("Thousands of residents fled the fighting in the town of Kalun on Monday.", "Displacement"),
    ("Five farmers were hacked to death in the town of Kalun on Monday.", "AttackOnCivilians"),
])
def test_what_happened_to_whom_decides_the_type(text, kind):
    [found] = incidents(text)
    assert found.type == kind


def test_a_rumour_and_a_sentence_printed_twice_report_nothing_new():
    assert incidents("Rumours spread on social media that 20 people had been killed in Goma.") == []
    [attack] = incidents("Gunmen killed 12 people in the town of Kalun on Monday.\n\n"
                         "Gunmen killed 12 people in the town of Kalun on Monday.")
    assert len(attack.mentions) == 1


def test_hardening_13_undated_text_costs_time_in_proportion_to_its_length():
    """Ten times the lines of undated text cost at most about ten times the time (it once grew with the square);
    a ratio of two runs in the same test, so a slow machine slows both."""
    def seconds(lines: int) -> float:
        text = "\n".join(f"Line {i} of the report says little." for i in range(lines))
        started = time.perf_counter()
        article_incidents(ArticleRecord("a", text, "f"))
        return time.perf_counter() - started

    seconds(200)  # the gazetteer and tables, read once
    assert seconds(20_000) < 15 * seconds(2_000) + 0.5

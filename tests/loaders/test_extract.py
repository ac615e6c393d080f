"""conflictkg.loaders.extract: the incident mentions a sentence makes: one sentence, several incidents (figures split
by place or by act), and sentences that report no incident at all."""
from __future__ import annotations

import datetime as dt

import pytest

from conflictkg.loaders.casualties import casualty_figures

from .articles import events_of, incidents


def summary(events):
    return [(e.type, e.place.label if e.place else None, [(f.outcome, f.count) for f in e.figures]) for e in events]


def test_figures_for_two_places_in_coordinated_clauses_are_two_events():
    found = events_of("Russian shelling killed five people in Kharkiv, while two others died in Sumy, officials said.")
    assert summary(found) == [("Shelling", "Kharkiv", [("Killed", 5)]), ("Shelling", "Sumy", [("Killed", 2)])]
    assert all(e.mentions[0].sources[0].label == "officials" for e in found)


def test_an_elided_figure_takes_the_outcome_before_it():
    text = "Air strikes killed 13 people in Amran province, and 10 more in the nearby Hajja province."
    assert [(f.outcome, f.count) for f in casualty_figures(text)] == [("Killed", 13), ("Killed", 10)]
    # Amran is Yemen's 'Amrān governorate (ISO 3166-2 YE-AM); "Hajja" is not written as ISO's Hajjah
    assert [e.place.label for e in events_of(text)] == ["Amran", "Hajja province"]


@pytest.mark.parametrize("text", [
    "The strikes killed three militants and 13 civilians in Kunduz.",  # two groups, one incident
    "Shelling killed five people in Kharkiv, and wounded 12 in the city centre.",  # one place named
    "Five people were killed in Kharkiv, and 12 were wounded in Sumy.",  # killed here, wounded there
])
def test_one_incident_is_not_split(text):
    assert len(events_of(text)) == 1


def test_an_abduction_and_killings_in_one_sentence_are_two_events():
    found = events_of("Gunmen abducted about 40 villagers in Maiduguri and killed 12 others, residents said.")
    assert summary(found) == [("Abduction", "Maiduguri", [("Abducted", 40)]),
                              ("AttackOnCivilians", "Maiduguri", [("Killed", 12)])]


def test_a_clause_with_figures_and_a_clause_with_another_act_are_two_events():
    found = events_of("On Sunday, five soldiers were killed near the border, while government forces began an "
                      "offensive to drive the rebels out of Goma.")
    assert [(e.type, e.place.label if e.place else None) for e in found] == [
        ("ArmedClash", None), ("TerritorialChange", "Goma")]
    assert found[0].dates == found[1].dates == (dt.date(2023, 3, 12), dt.date(2023, 3, 12))


@pytest.mark.parametrize("text", [
    "The rocket fire came as the UN envoy arrived in Damascus on Monday for talks.",  # refers back
    "The intensification of airstrikes in Deir Ezzour has come as violence spikes elsewhere.",
    "Levels of violence across Syria are the worst since the battle began, the Red Cross said.",  # no place below
    "Last year, the envoy proposed a freeze on fighting in Aleppo.",  # a proposal
])
def test_background_sentences_are_not_incidents(text):
    assert events_of(text) == []


def test_threats_and_a_war_that_goes_on_are_no_incidents():
    assert incidents("The army has vowed to launch an offensive on the town of Kalun.") == []
    assert incidents("Fierce fighting between the army and the militia has been ongoing since May 10.") == []


def test_trends_comparisons_and_states_are_no_incidents():
    assert incidents("Civilian casualties have surged in the battles for the town of Kalun.") == []
    assert incidents("With Kunduz controlled by the Taliban to the east, civilians are victims of a double siege.") == []


def test_disease_disaster_forecasts_and_air_defences_are_no_incidents():
    assert incidents("Cholera has killed more than 1,200 people in Sudan since August, the health ministry said.") == []
    assert incidents("Floods have displaced some 250,000 people in Beledweyne, Somalia, on Monday.") == []
    assert incidents("Hamas warned that an assault on Rafah would kill thousands.") == []
    assert incidents("Air defences destroyed 21 drones over the Belgorod region overnight.") == []
    [clash] = incidents("Soldiers clashed with rebels in Kalun after floods on Monday, killing 5 fighters.")
    assert clash.type == "ArmedClash"  # an act of war named beside the flood

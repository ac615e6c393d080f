"""One sentence, several incidents: figures split by place or by act, each event with its own place, type and
perpetrators; and the repairs and cues that make such sentences readable at all."""
from __future__ import annotations

import datetime as dt

import pytest

from conflictkg.loaders.casualties import casualty_figures
from conflictkg.loaders.dates import event_dates
from conflictkg.loaders.event_types import event_type
from conflictkg.loaders.incidents import article_incidents
from conflictkg.loaders.records import ArticleRecord
from conflictkg.loaders.repair import repair_swallowed_letters

PUB = dt.date(2023, 3, 14)


def events_of(text, published=PUB):
    return article_incidents(ArticleRecord("t", text, "t.txt", published=published))


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


def test_split_events_get_distinct_iris():
    from conflictkg.graph import article_graph
    from conflictkg.vocab import CKG
    from rdflib.namespace import RDF
    record = ArticleRecord("t", "Shelling killed five people in Kharkiv, while two others died in Sumy.", "t.txt")
    graph = article_graph(record)
    assert len(set(graph.subjects(RDF.type, CKG.Shelling))) == 2


@pytest.mark.parametrize("damaged, repaired", [
    ("more than 3,000 people—bout 1,000 of them civilians—illed across the country. About 40 were killed later.",
     "more than 3,000 people—about 1,000 of them civilians—killed across the country. About 40 were killed later."),
    ("Five people—mostly women—ied in the strike.", "Five people—mostly women—died in the strike."),
    ("He said—and we agree—that the strike was lawful.", "He said—and we agree—that the strike was lawful."),
    ("The road—ext to the market—was hit.", "The road—ext to the market—was hit."),  # unknown word: left alone
])
def test_letters_swallowed_after_a_dash_are_put_back_only_when_clear(damaged, repaired):
    assert repair_swallowed_letters(damaged) == repaired


def test_an_aside_between_dashes_or_brackets_does_not_hide_the_outcome():
    text = "September was the bloodiest month, with more than 3,000 people—about 1,000 of them civilians—killed."
    assert [(f.count, f.victim_group, f.qualifier) for f in casualty_figures(text)] == [
        (3000, "People", "MoreThan"), (1000, "Civilians", "Approximate")]
    assert [f.count for f in casualty_figures("Twelve people (mostly women) were killed in the raid.")] == [12]


def test_a_month_that_opens_the_sentence_dates_it():
    text = "September was the bloodiest month so far this year, with 300 people killed."
    assert event_dates(text, dt.date(2017, 10, 14)) == (dt.date(2017, 9, 1), dt.date(2017, 9, 30))
    assert event_dates("May the fighting end soon, with 3 killed.", dt.date(2017, 10, 14)) is None


@pytest.mark.parametrize("text, context, expected", [
    ("Seven people were killed in strikes on the village.", None, "AirStrike"),
    ("At least 40 militants were also killed.", None, "ArmedClash"),
    ("At least 40 civilians were also killed.", None, "AttackOnCivilians"),
    ("The monitor called it a massacre: 37 civilians were killed.", "AirStrike", "AirStrike"),
    ("Kurdish fighters stormed the restaurant and freed the hostages.", None, "ArmedClash"),
    ("The report documents 741 civilians killed by government forces.", None, "CasualtyTally"),
])
def test_weaker_wording_and_the_victims_decide_the_type(text, context, expected):
    assert event_type(text, casualty_figures(text), context) == expected


def test_later_sentences_take_the_place_the_story_is_about():
    text = ("Fighters attacked the town of Kobani on Thursday, killing 20 civilians. "
            "The group also struck Kobani's hospital, killing five people. "
            "Residents said 12 more people were killed by snipers.")
    found = events_of(text)
    assert [e.place.label for e in found][-1] == found[0].place.label


@pytest.mark.parametrize("text, expected", [
    ("According to SOHR, the Islamic State killed nearly 700 members of the clan.",
     ["Syrian Observatory for Human Rights"]),  # "According" opens the sentence
    ("Air strikes killed 20 people in the town, Sabanews.net news agency and residents said.",
     ["Saba News Agency", "residents"]),
    ("Three residents of Gao and others from the area told reporters that fighters had attacked.", ["residents"]),
    ("The report breaks down the death toll of November, when 741 civilians were killed.", ["report"]),
])
def test_more_ways_of_attributing_a_report(text, expected):
    from conflictkg.loaders.actors import actor_mentions
    from conflictkg.loaders.sources import sources
    assert sorted(a.label for a in sources(text, actor_mentions(text), {})) == sorted(expected)


def test_both_sides_of_a_clash_are_its_parties():
    found = events_of("Fighting raged on Friday between Kurdish fighters and Islamic State militants in Kobani.")
    assert found[0].type == "ArmedClash"
    assert {a.label for a in found[0].perpetrators} == {"People's Protection Units", "Islamic State"}


@pytest.mark.parametrize("text", [
    "The rocket fire came as the UN envoy arrived in Damascus on Monday for talks.",  # refers back
    "The intensification of airstrikes in Deir Ezzour has come as violence spikes elsewhere.",
    "Levels of violence across Syria are the worst since the battle began, the Red Cross said.",  # no place below
    "Last year, the envoy proposed a freeze on fighting in Aleppo.",  # a proposal
])
def test_background_sentences_are_not_incidents(text):
    assert events_of(text) == []


def test_the_month_may_is_not_the_modal_may():
    found = events_of("Residents said fighters had fought in the area on May 28 against Kurdish units.",
                      published=dt.date(2014, 6, 14))
    assert found and found[0].dates == (dt.date(2014, 5, 28), dt.date(2014, 5, 28))


@pytest.mark.parametrize("text, counts", [
    ("Residents said at least six children were among those killed after fighters raided the village.", [6]),
    ("Forces killed 741 civilians including 201 children (seven children are killed every day) and 152 women.",
     [741, 201, 152]),  # an aside in brackets is skipped; the rate inside it is no figure
    ("Strikes kill 20 people (a day) in the city.", []),  # a rate
    ("the killing of thousands[14][15] of civilians", [None]),  # reference marks read as blanks
])
def test_figures_around_asides_and_reference_marks(text, counts):
    assert [f.count for f in casualty_figures(text)] == counts


def test_a_name_may_open_with_the_letter_ayn():
    from conflictkg.loaders.places import places_in
    found = places_in("Fighters raided a village near Ras al-‘Ayn on Sunday.", {"SY", "CN"})
    assert all("Anyang" not in p.label for _, p in found)

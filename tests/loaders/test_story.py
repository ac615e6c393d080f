"""conflictkg.loaders.story: what the story as a whole gives the incidents its sentences leave incomplete: the news of
the day, an infobox's date, place and perpetrators, the place and the actor the story is about, one name per party."""
from __future__ import annotations

import datetime as dt

from conflictkg.loaders.incidents import article_incidents
from conflictkg.loaders.records import ArticleRecord

from .articles import PUB_2024 as PUB
from .articles import article, day, events_of, incidents


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


def test_later_sentences_take_the_place_the_story_is_about():
    text = ("Fighters attacked the town of Kobani on Thursday, killing 20 civilians. "
            "The group also struck Kobani's hospital, killing five people. "
            "Residents said 12 more people were killed by snipers.")
    found = events_of(text)
    assert [e.place.label for e in found][-1] == found[0].place.label


def test_the_actor_the_story_is_about_did_what_its_sentences_leave_unattributed():
    found = incidents("Russian missiles struck an apartment block in the town of Kalun on Tuesday, killing 9 people.\n\n"
                      "A missile strike on a hospital in Ravan killed 20 people.")
    assert [a.label for a in found[1].perpetrators] == ["Russian Armed Forces"]


def test_an_attack_that_kills_mostly_fighters_is_a_clash_and_its_one_named_side_is_the_story_s_actor():
    found = incidents("Anglophone separatists killed twenty soldiers and one civilian in attacks in western Cameroon "
                      "on Saturday.\n\n"
                      "On Sunday, a homemade bomb injured seven people in the town of Bamenda.")
    clash, bombing = found
    assert (clash.type, bombing.type) == ("ArmedClash", "Bombing")
    assert [a.label for a in clash.perpetrators] == ["Ambazonian separatists"]  # not Cameroon: attacks *in* it
    assert [a.label for a in bombing.perpetrators] == ["Ambazonian separatists"]


def test_present_perfect_breaking_news_is_the_publication_day():
    [found] = incidents("At least 14 people have been killed in a bombing at a bus station in Kalun, police said.")
    assert found.dates == (PUB, PUB)


ENCYCLOPEDIA_PAGE = ("= 2019 Kunduz rocket attacks =\n\nInfobox\n- Title: Kunduz raids\n- Location: Kunduz, Afghanistan\n"
                     "- Date: 3 May 2019, 9 May 2019, 15 May 2019\n- Fatalities: 41\n- Injuries: 70\n"
                     "- Perpetrators: Taliban\n\n"
                     "The Kunduz raids were three rocket attacks on the town of Kunduz in May 2019.\n\n"
                     "The first attack took place on 3 May, killing four civilians.\n\n"
                     "The second attack took place on 9 May, killing six people.")


def test_an_infobox_toll_is_a_tally_with_the_infobox_s_place_dates_and_perpetrators():
    found = incidents(ENCYCLOPEDIA_PAGE, published=None)
    [tally] = [i for i in found if i.type == "CasualtyTally"]
    assert [(f.outcome, f.count) for f in tally.figures] == [("Killed", 41), ("Injured", 70)]
    assert tally.dates == (dt.date(2019, 5, 3), dt.date(2019, 5, 15))  # the first to the last day listed
    assert tally.place.label == "Kunduz"
    assert [a.label for a in tally.perpetrators] == ["Taliban"]


def test_a_tally_does_not_change_the_kind_of_act_the_story_tells():
    found = incidents(ENCYCLOPEDIA_PAGE, published=None)
    attacks = [i for i in found if i.type != "CasualtyTally" and i.figures]
    assert [i.type for i in attacks] == ["Shelling", "Shelling"]  # "attack" in a story of rocket attacks


def test_unnamed_men_are_the_armed_group_the_article_names():
    found = incidents("Boko Haram fighters attacked the town of Kalun on Monday, killing nine soldiers.\n\n"
                      "On Tuesday, suspected militants killed four villagers in the village of Telkar.")
    assert [[a.label for a in i.perpetrators] for i in found] == [["Boko Haram"], ["Boko Haram"]]


def test_unnamed_men_stay_unnamed_when_the_article_names_no_armed_group():
    [found] = incidents("On Tuesday, suspected militants killed four villagers in the village of Telkar.")
    assert [(a.label, a.aliases) for a in found.perpetrators] == [("suspected militants", ("militants",))]


def test_an_armed_group_named_before_is_what_it_and_the_group_mean():
    record = ArticleRecord("t", "Boko Haram fighters attacked the town of Kalun on Monday, killing nine soldiers.\n\n"
                                "On Tuesday, the group also killed four farmers in the village of Telkar.", "t.jsonl",
                           published=dt.date(2024, 3, 8))
    assert [[a.label for a in i.perpetrators] for i in article_incidents(record)] == [["Boko Haram"], ["Boko Haram"]]


def test_the_coalition_is_the_one_the_article_names():
    record = ArticleRecord("t", "The Saudi-led coalition has fought the Houthis since 2015.\n\n"
                                "On Monday, the coalition struck a school in Saada, killing 12 children.", "t.jsonl",
                           published=dt.date(2024, 3, 8))
    [strike] = article_incidents(record)
    assert [a.label for a in strike.perpetrators] == ["Saudi-led coalition"]
    record = ArticleRecord("t", "A coalition of rights groups said 20 people were killed in Goma on Monday.", "t.jsonl",
                           published=dt.date(2024, 3, 8))
    assert [i.perpetrators for i in article_incidents(record)] == [[]]

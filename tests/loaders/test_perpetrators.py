"""Who a sentence says did it (ckg:perpetrator), and who says so (ckg:source): constructions, the actors no table
lists, and one name per party. Sentences written for the purpose."""
from __future__ import annotations

import datetime as dt

import pytest

from conflictkg.loaders.actors import actor_mentions
from conflictkg.loaders.event_types import trigger_spans
from conflictkg.loaders.incidents import article_incidents
from conflictkg.loaders.perpetrators import clash_parties, perpetrators
from conflictkg.loaders.records import ArticleRecord
from conflictkg.loaders.sources import sources


def perps(text, country=None):
    mentions = actor_mentions(text, country)
    return [a.label for a in perpetrators(text, mentions, trigger_spans(text), [])]


@pytest.mark.parametrize("text, country, expected", [
    ("Ten people died in Russian airstrikes on the market.", None, ["Russian Armed Forces"]),
    ("The killings were blamed on the Allied Democratic Forces.", None, ["Allied Democratic Forces"]),
    ("The town was shelled by Malian soldiers and Wagner mercenaries.", None, ["Malian armed forces", "Wagner Group"]),
    ("Ethiopian and Eritrean troops shelled the town.", None, ["Ethiopian National Defense Force",
                                                              "Eritrean Defence Forces"]),
    ("Airstrikes by Burma's military killed nine villagers.", None, ["Tatmadaw"]),
    ("Three farmers were killed by a group of unknown men.", None, ["unknown men"]),
    ("Kurdish fighters stormed the town with the support of US and British airstrikes.", None,
     ["People's Protection Units"]),
    ("The Peshmerga, PKK and YPG forces started an offensive on the town.", None,
     ["Peshmerga", "Kurdistan Workers' Party", "People's Protection Units"]),
    ("In response to the ISIS abductions, the regime launched airstrikes on the town.", "SY", ["Syrian government"]),
    ("Soldiers severely beat eight children in the village.", "BF", ["Burkina Faso Armed Forces"]),
    ("The Boko Haram fighters were killed in an attack on the base.", None, []),  # victims, not the attackers
])
def test_perpetrators_of_a_sentence(text, country, expected):
    assert perps(text, country) == expected


def test_both_sides_of_a_clash_and_whom_a_side_stormed():
    text = "Abu Sayyaf fighters stormed the Army’s battalion in Butig and clashed with the Maute group."
    mentions = actor_mentions(text, "PH")
    found = clash_parties(text, mentions, perpetrators(text, mentions, trigger_spans(text), []), [])
    assert {a.label for a in found} >= {"Abu Sayyaf", "Maute group"} and len(found) == 3


def test_an_armed_group_named_before_is_what_it_and_the_group_mean():
    record = ArticleRecord("t", "Boko Haram fighters attacked the town of Kalun on Monday, killing nine soldiers.\n\n"
                                "On Tuesday, the group also killed four farmers in the village of Telkar.", "t.jsonl",
                           published=dt.date(2024, 3, 8))
    assert [[a.label for a in i.perpetrators] for i in article_incidents(record)] == [["Boko Haram"], ["Boko Haram"]]


@pytest.mark.parametrize("text, expected", [
    ("According to the U.N. humanitarian office (OCHA), 7,000 people fled.",
     ["United Nations Office for the Coordination of Humanitarian Affairs"]),
    ("The Coordination of Resistance Committees in Kalun confirmed the attack.",
     ["Coordination of Resistance Committees in Kalun"]),
    ("Ten people were killed, activist sources said.", ["activist sources"]),
    ("Five died in the Kalun district, Amhara Region, according to local residents.", ["local residents"]),
    ("Strikes killed 20 people, Saba news agency and medical officials said.", ["Saba News Agency", "medical officials"]),
    ("Video of the attack uploaded to social media showed the bodies, activists said.", ["activists"]),
    # passive attribution, "per X", and a name in apposition before its verb
    ("In a second raid reported by Deutsche Welle, a market was hit.", ["Deutsche Welle"]),
    ("- 1,200 killed (per U.N.)", ["United Nations"]),
    ("The rights group, the Kalun Peace Institute (KPI), reported that nine people died.", ["Kalun Peace Institute"]),
    ("A rocket hit the market, per cent of the stalls burned.", []),
    # source nouns beyond officials: a singular source, prosecutors, commissioners, civil defence, ministers
    ("At least 15 civilians were killed on Wednesday, a medical source told AFP.", ["medical source"]),
    ("Six bodies were found, state prosecutors said.", ["state prosecutors"]),
    ("Five people were killed, the Palestinian civil defence said.", ["Palestinian civil defence"]),
    # possessives, titles, accents; a province is no source
    ("Two fighters were killed in Sinjar on Thursday, the Sinjar mayor's office told Rudaw.", ["Sinjar mayor's office"]),
    ("Fighters attacked the ship, the group's Al-Masirah TV said.", ["Al-Masirah TV"]),
    ("A missile killed seven people in Kharkiv on Thursday, Governor Oleh Syniehubov said.", ["Oleh Syniehubov"]),
    ("Drones killed two officers, according to Defence Minister Iván Velásquez.", ["Iván Velásquez"]),
    ("The conflict in Cabo Delgado has claimed more than 6,000 lives, according to ACLED.", ["ACLED"]),
])
def test_sources_of_a_sentence(text, expected):
    assert sorted(a.label for a in sources(text, actor_mentions(text), {})) == sorted(expected)


def test_one_name_per_source_in_an_article():
    record = ArticleRecord("t", "Drone strikes killed 30 people in the town of Kalun on Monday, eyewitnesses said.\n\n"
                                "The strikes also wounded 12, according to some eyewitness accounts.", "t.jsonl",
                           published=dt.date(2024, 3, 8))
    [incident] = article_incidents(record)
    assert {a.label for m in incident.mentions for a in m.sources} == {"eyewitnesses"}


def test_the_coalition_is_the_one_the_article_names():
    record = ArticleRecord("t", "The Saudi-led coalition has fought the Houthis since 2015.\n\n"
                                "On Monday, the coalition struck a school in Saada, killing 12 children.", "t.jsonl",
                           published=dt.date(2024, 3, 8))
    [strike] = article_incidents(record)
    assert [a.label for a in strike.perpetrators] == ["Saudi-led coalition"]
    record = ArticleRecord("t", "A coalition of rights groups said 20 people were killed in Goma on Monday.", "t.jsonl",
                           published=dt.date(2024, 3, 8))
    assert [i.perpetrators for i in article_incidents(record)] == [[]]


@pytest.mark.parametrize("text, country, expected", [
    # a source named as the actor elsewhere in the sentence, or saying it did it, is a perpetrator too
    ("Hezbollah said it fired rockets at an army base in Kiryat Shmona on Thursday.", "LB", ["Hezbollah"]),
    ("Israeli strikes killed 20 people in Rafah on Monday, the Israeli military said.", "PS", ["Israel Defense Forces"]),
    ("Five civilians were killed, the army said.", "NG", []),
    # who claims responsibility, with the acronym in brackets
    ("The Balochistan Liberation Army (BLA) claimed responsibility for the attack.", "PK", ["Balochistan Liberation Army"]),
    # words between the actor and its act
    ("Suspected separatists on Sunday kidnapped 30 people in Bamenda.", "CM", ["suspected separatists"]),
    ("Armed youths from Pibor attacked the village of Duk Padiet, killing 32 people.", "SS", ["armed youths"]),
    ("Islamic State West Africa Province (ISWAP) fighters killed nine soldiers on Wednesday.", "NG", ["ISWAP"]),
    ("Hezbollah said in a statement that it had fired rockets at the base.", "LB", ["Hezbollah"]),
])
def test_perpetrators_and_their_reports(text, country, expected):
    mentions = actor_mentions(text, country)
    found = sources(text, mentions, {})
    assert [a.label for a in perpetrators(text, mentions, trigger_spans(text), found)] == expected

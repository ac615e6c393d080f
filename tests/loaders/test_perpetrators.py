"""conflictkg.loaders.perpetrators: who a sentence says did it (ckg:perpetrator): constructions, the actors no table
lists, a source that says it did it, and both parties of a clash. Sentences written for the purpose."""
from __future__ import annotations

import pytest

from conflictkg.loaders.actors import actor_mentions
from conflictkg.loaders.event_types import trigger_spans
from conflictkg.loaders.perpetrators import clash_parties, perpetrators
from conflictkg.loaders.sources import sources

from .articles import events_of


def perps(text, country=None):
    mentions = actor_mentions(text, country)
    return [a.label for a in perpetrators(text, mentions, trigger_spans(text), [])]


@pytest.mark.parametrize("text, country, expected", [
    # found by probing reporting of other wars: a description in apposition, and "Fighters of" opening a sentence
    ("Fighters of the Allied Democratic Forces (ADF), an armed group allied with the Islamic State, attacked the "
     "village, killing 12 civilians.", None, ["Allied Democratic Forces"]),
    ("Al-Shabaab, the al-Qaeda-linked militant group, attacked a base near Mogadishu.", None, ["al-Shabaab"]),
    ("Officials blamed it on the ADF.", None, ["Allied Democratic Forces"]),
    # found by review: "blamed the attack on" may name the target next ("the attack on the army base"); "said fighters
    # from the RSF attacked" names the RSF as the actor, not as a source
    ("Malian authorities blamed the attack on the army base in Boulkessi, which killed 20 soldiers, on jihadists.", None,
     []),
    ("The army said fighters from the RSF attacked the village.", None, ["Rapid Support Forces"]),
    ("Police said members of Boko Haram abducted 20 women.", None, ["Boko Haram"]),
    ("M23 army clashes killed 12 civilians near Goma.", "CD", ["M23", "Armed Forces of the Democratic Republic of the Congo"]),
    ("Residents attributed the strike to US and UK forces.", None, ["United States", "British armed forces"]),
    ("Congolese army soldiers opened fire on protesters, killing six.", None,
     ["Armed Forces of the Democratic Republic of the Congo"]),
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


def test_an_actor_s_spokesman_condemning_an_attack_is_no_perpetrator():
    text = "Ituri army spokesman Jules Ngongo condemned the attack as an act of sabotage."
    assert perps(text, "CD") == []


def test_both_sides_of_a_clash_and_whom_a_side_stormed():
    text = "Abu Sayyaf fighters stormed the Army’s battalion in Butig and clashed with the Maute group."
    mentions = actor_mentions(text, "PH")
    found = clash_parties(text, mentions, perpetrators(text, mentions, trigger_spans(text), []), [])
    assert {a.label for a in found} >= {"Abu Sayyaf", "Maute group"} and len(found) == 3


def test_both_sides_of_a_clash_are_its_parties():
    found = events_of("Fighting raged on Friday between Kurdish fighters and Islamic State militants in Kobani.")
    assert found[0].type == "ArmedClash"
    assert {a.label for a in found[0].perpetrators} == {"People's Protection Units", "Islamic State"}

"""conflictkg.loaders.event_types: the event type a sentence's wording, and the victims it counts, say."""
from __future__ import annotations

import pytest

from conflictkg.loaders.casualties import casualty_figures
from conflictkg.loaders.event_types import event_type


@pytest.mark.parametrize("text, expected", [
    ("Russian airstrikes killed 20 people.", "AirStrike"),
    ("Mortar shells killed 3 people.", "Shelling"),
    ("A car bomb exploded in the market.", "Bombing"),
    ("ISIS executed nearly 700 civilians.", "AttackOnCivilians"),
    ("More than 231 civilian deaths have been documented since Sept. 28.", "CasualtyTally"),
])
def test_event_types(text, expected):
    assert event_type(text, casualty_figures(text)) == expected


def test_an_infobox_toll_is_a_tally_and_assault_rifles_are_no_attack():
    assert event_type("- Fatalities: 32\n- Injuries: 125", casualty_figures("- Fatalities: 32\n- Injuries: 125")) \
        == "CasualtyTally"
    assert event_type("Men armed with assault rifles crossed the river at night.", []) is None


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

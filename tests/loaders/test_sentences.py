"""conflictkg.loaders.sentences: an article text split into sentences that keep their character offsets."""
from __future__ import annotations

from conflictkg.loaders.sentences import sentences


def test_sentences_keep_offsets():
    text = "Mr. Abu Leila said 20 died on Oct. 6 in Mayadeen. Strikes went on.\n\nA new paragraph."
    found = sentences(text)
    assert [s.text for s in found] == ["Mr. Abu Leila said 20 died on Oct. 6 in Mayadeen.", "Strikes went on.",
                                       "A new paragraph."]
    assert all(text[s.start:s.end] == s.text for s in found)


def test_an_infobox_casualty_fields_are_one_statement():
    text = "Infobox\n- Title: Port raid\n- Fatalities: 32\n- Injuries: 125\n- Perpetrators: Northern Front\n\nBody."
    assert [s.text for s in sentences(text)] == ["Infobox", "- Title: Port raid", "- Fatalities: 32\n- Injuries: 125",
                                                 "- Perpetrators: Northern Front", "Body."]


def test_a_short_line_after_a_run_of_lines_stands_alone():
    text = "A line long enough to run on to the next one without a stop\nand its end\nByline\nThe body begins here."
    assert [s.text for s in sentences(text)][-2:] == ["Byline", "The body begins here."]

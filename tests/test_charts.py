"""conflictkg.charts: the map and the timeline, drawn as SVG from an overview of events."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from conflictkg.browse import Overview
from conflictkg.charts import timeline, world_map

SVG = "{http://www.w3.org/2000/svg}"
IDLIB = {"iri": "https://w3id.org/conflictkg/id/place/169389", "name": "Idlib", "lat": 35.9, "lon": 36.6, "events": 9}
ALEPPO = {"iri": "https://w3id.org/conflictkg/id/place/170063", "name": "Aleppo <b>", "lat": 36.2, "lon": 37.2,
          "events": 1}


def svg_of(markup) -> ET.Element:
    return ET.fromstring(re.search(r"<svg.*</svg>", str(markup), re.S).group(0))


def test_the_map_frames_the_places_and_links_each():
    drawn = world_map(Overview([IDLIB, ALEPPO], unplaced=2), lambda iri: "/id/" + iri.rsplit("/", 1)[-1], "/b.svg")
    svg = svg_of(drawn)
    west, north, width, height = map(float, svg.get("viewBox").split())
    assert west < 36.6 < 37.2 < west + width and north < -36.2 < -35.9 < north + height and width <= 40
    circles = svg.findall(f".//{SVG}a/{SVG}circle")
    assert len(circles) == 2 and circles[0].find(f"{SVG}title").text == "Idlib: 9 events"
    assert float(circles[0].get("r")) > float(circles[1].get("r"))  # the busier place, the larger circle
    assert [a.get("href") for a in svg.findall(f".//{SVG}a")] == ["/id/169389", "/id/170063"]
    assert svg.find(f"{SVG}use").get("href") == "/b.svg#land"
    assert "2 events at places without coordinates" in str(drawn) and "Aleppo &lt;b&gt;" in str(drawn)


def test_a_map_with_nothing_to_draw_says_so():
    assert "No event here has a place" in str(world_map(Overview([], unplaced=3), str, "/b.svg"))


def test_the_timeline_has_every_month_and_a_line_of_deaths():
    view = Overview(months=[{"month": "2023-11", "events": 2, "killed": 10},
                            {"month": "2024-02", "events": 4, "killed": 0}])
    svg = svg_of(timeline(view))
    bars = svg.findall(f".//{SVG}rect")
    assert [b.find(f"{SVG}title").text for b in bars] == [
        "2023-11: 2 events, 10 killed", "2023-12: 0 events, 0 killed", "2024-01: 0 events, 0 killed",
        "2024-02: 4 events, 0 killed"]
    assert float(bars[3].get("height")) == 2 * float(bars[0].get("height"))
    assert len(svg.find(f"{SVG}polyline").get("points").split()) == 4
    assert "No event here has a date" in str(timeline(Overview()))

"""conflictkg.web.browse: /events/, /places/, /actors/ and /articles/ in HTML and JSON, with their filters, totals
and paging; and the resource pages that list events through them."""
from __future__ import annotations

import re

import pytest

SYRIA = "https://w3id.org/conflictkg/id/place/163843"
ISLAMIC_STATE = "https://w3id.org/conflictkg/id/actor/Q2429253"


@pytest.mark.parametrize("path", ["/events/", "/places/", "/actors/", "/articles/"])
def test_every_list_says_its_total_in_html_and_json(client, path):
    data = client.get(path, query_string={"format": "json"}).get_json()
    assert data["total"] == len(data["rows"]) > 0 and data["page"] == data["pages"] == 1
    page = client.get(path, headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert f"({data['total']})" in page.get_data(as_text=True)
    assert f"{len(data['rows'])} shown of {data['total']}" in page.get_data(as_text=True)


def test_the_places_list_maps_the_places_of_its_page(client):
    rows = client.get("/places/", query_string={"format": "json"}).get_json()["rows"]
    placed = [row for row in rows if row["lat"] is not None]
    assert placed and all(-90 <= row["lat"] <= 90 and -180 <= row["lon"] <= 180 for row in placed)
    page = client.get("/places/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert page.count("<circle ") == len(placed) and 'class="timeline"' not in page
    for row in placed:
        assert f'<title>{row["name"]}: {row["events"]} event' in page


def test_the_events_list_filters_and_says_what_it_shows(client):
    data = client.get("/events/", query_string={"format": "json", "perpetrator": ISLAMIC_STATE,
                                                "type": "AttackOnCivilians"}).get_json()
    assert data["filters"] == {"perpetrator": ISLAMIC_STATE, "type": "AttackOnCivilians"}
    assert data["rows"] and all(row["type"] == "AttackOnCivilians" for row in data["rows"])
    page = client.get("/events/", query_string={"perpetrator": ISLAMIC_STATE}).get_data(as_text=True)
    assert "perpetrator: <a" in page and ">Islamic State</a>" in page and "matching" in page
    assert "Attack on civilians" in page and "700 killed" in page


@pytest.mark.parametrize("params, said", [
    ({"type": "Picnic"}, "unknown event type"), ({"from": "yesterday"}, "YYYY-MM-DD"),
    ({"min_killed": "-3"}, "whole number"), ({"place": "not an iri"}, "IRI"), ({"page": "x"}, "whole number")])
def test_a_bad_filter_is_a_400_that_says_why(client, params, said):
    resp = client.get("/events/", query_string=params)
    assert resp.status_code == 400 and said in resp.get_data(as_text=True)


def test_a_country_page_lists_the_events_within_it(client):
    page = client.get("/id/place/163843", headers={"Accept": "text/html"}).get_data(as_text=True)
    total = client.get("/events/", query_string={"format": "json", "place": SYRIA}).get_json()["total"]
    assert total > 0 and f"Events here or within ({total})" in page


def test_an_event_page_has_a_readable_title_and_relates_its_figures(client):
    event = client.get("/events/", query_string={"format": "json", "perpetrator": ISLAMIC_STATE,
                                                 "type": "AttackOnCivilians"}).get_json()["rows"][0]
    page = client.get("/id/" + event["iri"].split("/id/", 1)[1], headers={"Accept": "text/html"})
    heading = re.search(r"<h1>(.*?)</h1>", page.get_data(as_text=True)).group(1)
    assert heading.startswith("Attack on civilians in ") and re.search(r", \d{1,2} [A-Z][a-z]+ \d{4}$", heading)


def test_figures_that_disagree_or_nest_say_so():
    from conflictkg.pages import _relate
    figures = [{"outcome": "Killed", "group": "Civilians", "count": "14"},
               {"outcome": "Killed", "group": "Civilians", "count": "20"},
               {"outcome": "Killed", "group": "Children", "count": "5"},
               {"outcome": "Injured", "group": "Civilians", "count": None}]
    _relate(figures)
    assert figures[0]["relations"] == ["disagrees with 20"] and figures[1]["relations"] == ["disagrees with 14"]
    assert figures[2]["relations"] == ["part of the civilians killed"] and figures[3]["relations"] == []


def test_the_pages_link_the_lists(client):
    home = client.get("/", headers={"Accept": "text/html"}).get_data(as_text=True)
    for path in ("/events/", "/places/", "/actors/", "/articles/"):
        assert f'href="{path}"' in home


@pytest.mark.parametrize("params", [{"place": "javascript:alert(1)"}, {"page": "²"}, {"min_killed": "١٢"}])
def test_values_that_are_no_web_iri_or_no_ascii_number_are_a_400(client, params):
    resp = client.get("/events/", query_string=params)
    assert resp.status_code == 400 and "javascript:" not in resp.get_data(as_text=True).split("not")[0]


def test_a_page_past_the_last_is_a_404_that_says_how_many_there_are(client):
    resp = client.get("/events/", query_string={"page": "99"})
    assert resp.status_code == 404 and "1 page(s)" in resp.get_data(as_text=True)
    assert client.get("/events/", query_string={"type": "Siege", "from": "2030-01-01"}).status_code == 200  # empty


def test_pages_are_read_once_per_version_of_the_store_and_share_their_pictures(client, monkeypatch):
    """A place page, then the events list it links to (the same map and timeline), then both again: the page
    worker reads the place page, its pictures and the list's first page once each."""
    from conflictkg.query_workers import QueryWorkers
    ran = []
    original = QueryWorkers.run
    monkeypatch.setattr(QueryWorkers, "run", lambda self, job, client=None: ran.append(type(job).__name__)
                        or original(self, job, client))
    for _ in range(2):
        assert client.get("/id/place/163843", headers={"Accept": "text/html"}).status_code == 200
        assert "<svg" in client.get("/events/", query_string={"place": SYRIA}).get_data(as_text=True)
    assert sorted(ran) == ["BrowseJob", "OverviewJob", "ResourceJob"]
    assert client.get("/id/place/163843", headers={"Accept": "text/turtle"}).status_code == 200
    assert sorted(ran) == ["BrowseJob", "OverviewJob", "ResourceJob", "ResourceJob"]  # descriptions: not kept

"""Pictures of events for the pages, drawn as SVG by the server: a map of where (over Natural Earth's countries at
1:110m, an SVG shipped with the package and served as a static file: no tiles or scripts from anywhere) and a timeline of when (events and deaths per
month). Each mark links to what it shows and carries a title the browser shows on hover; the page needs no
script to show them."""
from __future__ import annotations

import math

from markupsafe import Markup, escape

from .browse import Overview

BASEMAP = "vendor/world/countries-110m.svg"  # a static file: the countries in degrees, cached by browsers


def world_map(view: Overview, link, basemap: str) -> Markup:
    """The places of the events, a circle each (its area the number of events), over the countries (the image at
    `basemap`); the view is the places' extent with a margin (the whole world when they span it). `link(iri)`
    gives a place's URL."""
    if not view.places:
        return Markup('<p class="none">No event here has a place with coordinates to map.</p>')
    lons = [p["lon"] for p in view.places]
    lats = [p["lat"] for p in view.places]
    west, east = max(-180.0, min(lons) - 8), min(180.0, max(lons) + 8)
    south, north = max(-85.0, min(lats) - 6), min(85.0, max(lats) + 6)
    width, height = max(east - west, 24.0), max(north - south, 12.0)
    west, south = (west + east - width) / 2, (south + north - height) / 2  # centred once widened
    most = max(p["events"] for p in view.places)
    unit = max(width, height) / 60  # the radius of the largest circle, in degrees of the view
    circles = []
    for p in sorted(view.places, key=lambda p: -p["events"]):  # small ones drawn last, on top
        radius = unit * max(0.25, math.sqrt(p["events"] / most))
        title = escape(f"{p['name']}: {p['events']} event{'s' if p['events'] != 1 else ''}")
        circles.append(f'<a href="{escape(link(p["iri"]))}"><circle cx="{p["lon"]:.3f}" cy="{-p["lat"]:.3f}" '
                       f'r="{radius:.3f}"><title>{title}</title></circle></a>')
    note = (f'<figcaption>{len(view.places)} place{"s" if len(view.places) != 1 else ""} with coordinates'
            + (f"; {view.unplaced} event{'s' if view.unplaced != 1 else ''} at places without coordinates "
               "(regions, rivers, unnamed) are not drawn" if view.unplaced else "") + ".</figcaption>")
    return Markup(
        f'<figure class="map"><svg role="img" aria-label="Map of the events" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="{west:.3f} {-(south + height):.3f} {width:.3f} {height:.3f}" preserveAspectRatio="xMidYMid meet">'
        f'<rect class="sea" x="-180" y="-90" width="360" height="180"/>'
        f'<use href="{escape(basemap)}#land" class="land"/>'
        f'<g class="events">{"".join(circles)}</g></svg>{note}</figure>')


def timeline(view: Overview) -> Markup:
    """Events per month as bars, and deaths per month (the most conservative figure of each event) as a line on
    an axis of their own; every month from the first to the last, the empty ones too."""
    if not view.months:
        return Markup('<p class="none">No event here has a date.</p>')
    months = _every_month(view.months[0]["month"], view.months[-1]["month"])
    by_month = {m["month"]: m for m in view.months}
    width, height, top, bottom = 960.0, 180.0, 16.0, 22.0
    step = width / len(months)
    most_events = max(m["events"] for m in view.months)
    most_killed = max(m["killed"] for m in view.months)
    bars, points = [], []
    for i, month in enumerate(months):
        found = by_month.get(month, {"events": 0, "killed": 0})
        x = i * step
        bar = (height - top - bottom) * found["events"] / most_events
        title = escape(f"{month}: {found['events']} event{'s' if found['events'] != 1 else ''}, "
                       f"{found['killed']} killed")
        bars.append(f'<rect x="{x + step * 0.1:.2f}" y="{height - bottom - bar:.2f}" width="{step * 0.8:.2f}" '
                    f'height="{bar:.2f}"><title>{title}</title></rect>')
        if most_killed:
            y = height - bottom - (height - top - bottom) * found["killed"] / most_killed
            points.append(f"{x + step / 2:.2f},{y:.2f}")
    line = f'<polyline class="killed" points="{" ".join(points)}"/>' if most_killed else ""
    labels = (f'<text x="0" y="{height - 6}">{months[0]}</text>'
              f'<text x="{width}" y="{height - 6}" text-anchor="end">{months[-1]}</text>'
              f'<text x="0" y="11">{most_events} events a month at most (bars)'
              + (f"; {most_killed} killed (line)" if most_killed else "") + "</text>")
    return Markup(
        f'<figure class="timeline"><svg role="img" aria-label="Events and deaths per month" '
        f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}">'
        f'<g class="events">{"".join(bars)}</g>{line}<g class="labels">{labels}</g></svg>'
        f'<figcaption>Events per month, {months[0]} to {months[-1]}, and the people they killed (the most '
        f'conservative figure of each event).</figcaption></figure>')


def _every_month(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    months = []
    while (year, month) <= end and len(months) < 1200:  # a century at most: a typo'd year does not make a wall
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months

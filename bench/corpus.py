"""A deterministic generator of synthetic conflict reports (~400 words each) for benchmarks.

The sentences are written for this purpose from templates: varied places, actors, dates, figures, sources and
page chrome, so that extraction does the same work as on real reporting. Nothing here is a real article.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path

PLACES = [("Aleppo", "Syria"), ("Idlib", "Syria"), ("Deir ez-Zor", "Syria"), ("Homs", "Syria"), ("Mosul", "Iraq"),
          ("Ramadi", "Iraq"), ("Sanaa", "Yemen"), ("Taiz", "Yemen"), ("Hodeidah", "Yemen"), ("Kharkiv", "Ukraine"),
          ("Kherson", "Ukraine"), ("Bakhmut", "Ukraine"), ("Khartoum", "Sudan"), ("El Fasher", "Sudan"),
          ("Maiduguri", "Nigeria"), ("Mogadishu", "Somalia"), ("Goma", "Democratic Republic of the Congo"),
          ("Gao", "Mali"), ("Kabul", "Afghanistan"), ("Mekelle", "Ethiopia")]
ACTORS = ["Russian warplanes", "government forces", "the Islamic State group", "Houthi rebels", "al-Shabaab fighters",
          "the Saudi-led coalition", "Rapid Support Forces", "Boko Haram militants", "the Taliban", "rebels"]
TYPES = [("an air strike by {actor}", "hit a market in {place}"), ("shelling by {actor}", "struck homes in {place}"),
         ("a car bomb", "exploded near a checkpoint in {place}"), ("{actor}", "executed prisoners in {place}"),
         ("{actor}", "abducted villagers near {place}")]
SOURCES = ["local officials said", "according to the United Nations", "medics told Reuters",
           "a monitoring group said", "the Health Ministry said", "witnesses said"]
NUMBERS = ["{n} people", "at least {n} civilians", "about {n} people", "more than {n} people", "{w} children",
           "dozens of people", "up to {n} fighters"]
WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "eighty-five"]
FILLER = ["Residents described scenes of panic as families searched for relatives among the rubble.",
          "Aid agencies have warned that hospitals in the region are running short of fuel and medicine.",
          "The fighting has forced thousands of families from their homes over the past year.",
          "Diplomats are due to meet next week to discuss a possible ceasefire, officials said.",
          "Footage shared online showed collapsed buildings and burning vehicles in the street.",
          "The conflict has drawn in regional powers and left the economy in ruins.",
          "Read more: the long road to a ceasefire.", "Photo: smoke rises over the city on Monday."]


def article(i: int, rng: random.Random) -> dict:
    place, country = rng.choice(PLACES)
    published = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3000))
    paragraphs = []
    for _ in range(rng.randint(5, 7)):  # about six reported incidents per 400 words, as in the dev corpus
        subject, act = rng.choice(TYPES)
        actor, p = rng.choice(ACTORS), rng.choice(PLACES)[0]
        figure = rng.choice(NUMBERS).format(n=rng.randint(2, 400), w=rng.choice(WORDS))
        day = rng.choice(["on Monday", "on Tuesday", "late on Sunday", "last week", "on " + (
            published - dt.timedelta(days=rng.randrange(1, 20))).strftime("%B %d").replace(" 0", " ")])
        lead = subject.format(actor=actor)
        paragraphs.append(f"{lead[0].upper()}{lead[1:]} {act.format(place=p)} {day}, killing {figure}, "
                          f"{rng.choice(SOURCES)}. " + " ".join(rng.sample(FILLER, 4)))
    body = "\n\n".join(paragraphs)
    return {"id": f"bench-{i:06d}", "title": f"Deadly attack in {place}, {country}", "published": published.isoformat(),
            "publisher": "Bench Wire", "authors": ["A. Reporter"], "language": "en",
            "text": f"{place.upper()} (Bench Wire) — {body}\n\nCopyright Bench Wire."}


def articles(count: int, seed: int = 1) -> Iterator[dict]:
    rng = random.Random(seed)
    for i in range(count):
        yield article(i, rng)


def write_jsonl(path: Path, count: int, seed: int = 1) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for record in articles(count, seed):
            f.write(json.dumps(record) + "\n")
    return path


if __name__ == "__main__":
    import sys
    write_jsonl(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1000)

"""A deterministic generator of synthetic conflict reports (~400 words each) for benchmarks, and of their graph.

    python -m bench.corpus --articles 10000 --out corpus.jsonl               # the reports, as JSON Lines
    python -m bench.corpus --articles 10000 --out corpus.jsonl --store s/    # and the graph, loaded into a store

The sentences are written for this purpose from templates: varied places, actors, acts, outcomes (killed,
injured, abducted, displaced), dates, figures in words and digits, sources, and page chrome (datelines, photo
captions, "read more" links, copyright lines), so that extraction does the same work as on real reporting. The
same seed gives the same corpus. Nothing here is a real article.
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
         ("{actor}", "abducted villagers near {place}"), ("a drone strike by {actor}", "hit a wedding party in {place}"),
         ("a roadside bomb", "struck a minibus outside {place}"), ("clashes between {actor} and local militias",
                                                                  "erupted in {place}"),
         ("a suicide bomber", "blew himself up at a mosque in {place}"),
         ("rocket fire by {actor}", "landed on a school in {place}")]
OUTCOMES = ["killing {figure}", "killing {figure} and wounding {figure2}", "wounding {figure}",
            "leaving {figure} dead", "and {figure} were abducted", "forcing {figure} to flee their homes"]
SOURCES = ["local officials said", "according to the United Nations", "medics told Reuters",
           "a monitoring group said", "the Health Ministry said", "witnesses said"]
NUMBERS = ["{n} people", "at least {n} civilians", "about {n} people", "more than {n} people", "{w} children",
           "dozens of people", "up to {n} fighters"]
WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "eighty-five"]
CHROME = ["Photo: smoke rises over the city on Monday.", "Read more: the long road to a ceasefire.",
          "Advertisement", "Sign up for our daily briefing.", "(Reporting by A. Reporter; Editing by B. Editor)",
          "Share this article", "Related: what we know so far."]
FILLER = ["Residents described scenes of panic as families searched for relatives among the rubble.",
          "Aid agencies have warned that hospitals in the region are running short of fuel and medicine.",
          "The fighting has forced thousands of families from their homes over the past year.",
          "Diplomats are due to meet next week to discuss a possible ceasefire, officials said.",
          "Footage shared online showed collapsed buildings and burning vehicles in the street.",
          "The conflict has drawn in regional powers and left the economy in ruins.",
          "Prices of bread and fuel have tripled since the start of the year, traders said.",
          "The United Nations has called for an independent investigation into the attacks.",
          "Schools in the area have been closed since the fighting began in the spring."]


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
        figure2 = rng.choice(NUMBERS).format(n=rng.randint(2, 400), w=rng.choice(WORDS))
        lead = subject.format(actor=actor)
        outcome = rng.choice(OUTCOMES).format(figure=figure, figure2=figure2)
        paragraphs.append(f"{lead[0].upper()}{lead[1:]} {act.format(place=p)} {day}, {outcome}, "
                          f"{rng.choice(SOURCES)}. " + " ".join(rng.sample(FILLER, 3)))
        if rng.random() < 0.3:
            paragraphs.append(rng.choice(CHROME))
    body = "\n\n".join(paragraphs)
    wire = rng.choice(["Bench Wire", "Test Press", "Example News Agency"])
    return {"id": f"bench-{i:06d}", "title": f"Deadly attack in {place}, {country}", "published": published.isoformat(),
            "publisher": wire, "authors": [rng.choice(["A. Reporter", "C. Correspondent", "D. Stringer"])],
            "language": "en", "text": f"{place.upper()} ({wire}) — {body}\n\nCopyright {wire}."}


def articles(count: int, seed: int = 1) -> Iterator[dict]:
    rng = random.Random(seed)
    for i in range(count):
        yield article(i, rng)


def write_jsonl(path: Path, count: int, seed: int = 1) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for record in articles(count, seed):
            f.write(json.dumps(record) + "\n")
    return path


def main() -> None:
    import argparse
    import os
    import time

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1000, help="1000, 10000, 100000...")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="the JSON Lines file to write")
    parser.add_argument("--store", help="also load the reports into this store (folder or remote query URL)")
    args = parser.parse_args()
    write_jsonl(args.out, args.articles, args.seed)
    print(f"wrote {args.articles} reports to {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    if args.store:
        from conflictkg.backends import open_store, store_location
        from conflictkg.pipeline import load
        from conflictkg.settings import setting

        start = time.perf_counter()
        with open_store(store_location(lambda n: args.store if n == "STORE" else setting(n))) as store:
            report = load([args.out], store, workers=os.cpu_count() or 1)
            print(f"loaded {len(report.loaded)} articles, {store.triple_count()} quads, into {args.store} in "
                  f"{time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()

"""The seed articles' full extraction, pinned as golden files: any change to what the extractor finds in them
shows up as a diff here. After a deliberate change, regenerate with

    CONFLICTKG_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

and review the diff of tests/golden/ before committing it."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conflictkg.loaders import read_articles
from conflictkg.loaders.incidents import article_incidents

GOLDEN = Path(__file__).parent / "golden"
SAMPLES = Path(__file__).parent.parent / "samples"


def extraction(path: Path) -> list[dict]:
    out = []
    for article in read_articles(path):
        for e in article_incidents(article):
            out.append({
                "type": e.type,
                "dates": [d.isoformat() for d in e.dates] if e.dates else None,
                "place": e.place and {"label": e.place.label, "geonames": e.place.geonameid, "written": e.place_name},
                "perpetrators": [a.label for a in e.perpetrators],
                "mentions": [{
                    "chars": [m.sentence.start, m.sentence.end],
                    "sources": [a.label for a in m.sources],
                    "figures": [[f.outcome, f.victim_group, f.count, f.qualifier] for f in m.figures],
                } for m in e.mentions],
            })
    return out


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.glob("*.txt")))
def test_seed_article_extraction_matches_its_golden_file(sample):
    found = extraction(SAMPLES / sample)
    golden = GOLDEN / (sample + ".json")
    if os.environ.get("CONFLICTKG_UPDATE_GOLDEN"):
        golden.write_text(json.dumps(found, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert found == json.loads(golden.read_text(encoding="utf-8"))

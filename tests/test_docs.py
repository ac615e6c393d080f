"""The example outputs the README and docs/publishing.md print are what their queries give on the sample articles,
so that they cannot drift. Each block is compared with the query's CSV, run through the app; a block may show the
first rows only. With CONFLICTKG_UPDATE_DOCS=1 the blocks are rewritten from the app's answers (and the test then
fails, so a regenerating run never passes as a check): review `git diff README.md docs/`, then run it again."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conflictkg.resources import query_paths

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PUBLISHING = ROOT / "docs" / "publishing.md"
UPDATE = bool(os.environ.get("CONFLICTKG_UPDATE_DOCS"))
# the README's first query: the curl command's query, then the block of rows after it
FIRST_QUERY = re.compile(r"--data-urlencode 'query=\n(?P<query>.*?)' http://127\.0\.0\.1:8000/sparql\n```\n\n"
                         r"[^\n]*\n\n```\n(?P<rows>.*?)```", re.S)
# docs/publishing.md: "`sparql/NAME.rq`" (and a remark) then a block of rows
EXAMPLE = re.compile(r"`sparql/(?P<name>[a-z_]+)\.rq`(?P<remark>[^\n]*):\n\n```\n(?P<rows>.*?)```", re.S)


def csv_rows(client, query: str) -> list[str]:
    resp = client.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    assert resp.status_code == 200, resp.get_data(as_text=True)
    return resp.get_data(as_text=True).replace("\r\n", "\n").splitlines()


def check(path: Path, found: list[tuple[re.Match, list[str]]]) -> None:
    """Each block equal to the first rows of its answer; or, when updating, rewritten to them."""
    text = path.read_text(encoding="utf-8")
    stale = [(m, rows) for m, rows in found if rows[:len(m.group("rows").splitlines())] != m.group("rows").splitlines()]
    if UPDATE and stale:
        for m, rows in sorted(stale, key=lambda pair: -pair[0].start("rows")):
            shown = len(m.group("rows").splitlines())
            keep = rows if "first rows" not in m.group(0) else rows[:max(shown, 3)]
            text = text[:m.start("rows")] + "\n".join(keep) + "\n" + text[m.end("rows"):]
        path.write_text(text, encoding="utf-8")
        pytest.fail(f"rewrote {len(stale)} block(s) of {path.name}: review the diff, then run the tests again")
    for m, rows in stale:
        shown = m.group("rows").splitlines()
        assert rows[:len(shown)] == shown, (f"{path.name}: the block after {m.group(0)[:60]!r} shows {shown}, "
                                            f"the samples give {rows[:len(shown)]}; regenerate with "
                                            "CONFLICTKG_UPDATE_DOCS=1")


def test_the_readme_s_first_query_prints_what_the_samples_give(client):
    m = FIRST_QUERY.search(README.read_text(encoding="utf-8"))
    assert m, "the README's first query and its rows are no longer where this test reads them"
    check(README, [(m, csv_rows(client, m.group("query")))])


def test_the_example_queries_print_what_the_samples_give(client):
    queries = {path.stem: path.read_text(encoding="utf-8") for path in query_paths()}
    found = list(EXAMPLE.finditer(PUBLISHING.read_text(encoding="utf-8")))
    assert {m.group("name") for m in found} >= {"articles_per_publisher", "civilian_deaths_per_perpetrator_per_month"}
    check(PUBLISHING, [(m, csv_rows(client, queries[m.group("name")])) for m in found])

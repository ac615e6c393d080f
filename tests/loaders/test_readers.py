"""conflictkg.loaders (read_articles and its readers: factiva, plaintext, jsonlines, html, textfile): each input format
read into article records; bad inputs give clear errors and lose nothing else; fuzzed files give nothing but
articles or loader errors."""
from __future__ import annotations

import datetime as dt
import json
import re
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflictkg.graph import article_graph
from conflictkg.loaders import ArticleRecord, LoaderError, format_of, input_files, read_articles
from conflictkg.validation import violations

from ..conftest import BASE, FIXTURES, FUZZ_EXAMPLES


def split(path: Path):
    items = list(read_articles(path))
    return [i for i in items if isinstance(i, ArticleRecord)], [i for i in items if isinstance(i, LoaderError)]


def test_factiva_sample_metadata(samples):
    [article], errors = split(samples / "000_6e18918302ba0ed4.txt")
    assert not errors
    assert article.identifier == "WSJO000020171013edad001me"
    assert article.title.startswith("Syrians Caught in Crossfire")
    assert article.published == dt.date(2017, 10, 14)
    assert article.publisher == "The Wall Street Journal Online"
    assert article.authors == ["Raja Abdulrahim"]
    assert article.language == "en"
    assert article.text.startswith("Corrections & Amplifications")
    assert "Document WSJO" not in article.text


def test_factiva_many_articles_and_a_truncated_tail():
    articles, errors = split(FIXTURES / "two_articles.factiva.txt")
    assert [a.identifier for a in articles] == ["EXWO000020210303eh3300001", "EXWO000020210304eh3400002"]
    assert articles[0].authors == ["Jane Example", "John Sample"]
    assert articles[1].authors == [] and articles[1].title == "Truce Talks Resume"
    assert articles[1].published == dt.date(2021, 3, 4)
    assert len(errors) == 1 and "truncated" in str(errors[0])


def test_factiva_truncated_file_is_an_error():
    assert format_of(FIXTURES / "truncated.factiva.txt") == "factiva"  # cut before its Document line
    articles, errors = split(FIXTURES / "truncated.factiva.txt")
    assert articles == [] and len(errors) == 1 and "truncated" in str(errors[0])


@pytest.mark.parametrize("name, loader", [("notes", "text"), ("notes.TXT", "text"), ("a.ndjson", "jsonl"),
                                          ("page.htm", "html"), ("report.pdf", None), ("export.rtf", None)])
def test_the_loader_is_chosen_by_extension_and_an_unknown_one_is_an_error(tmp_path, name, loader):
    path = tmp_path / name
    path.write_text("Ten people were killed in Idlib on Monday.\n", encoding="utf-8")
    if loader:
        assert format_of(path) == loader
        return
    with pytest.raises(LoaderError, match=r"no loader reads \.(pdf|rtf) files"):
        format_of(path)
    [error] = list(read_articles(path))
    assert isinstance(error, LoaderError) and error.source_file == str(path)


def test_a_folder_gives_the_files_a_loader_reads(tmp_path):
    for name in ("b.txt", "a.jsonl", "notes.md", "gold.json", "README", ".hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for p in input_files([tmp_path])] == ["a.jsonl", "b.txt"]


def test_plain_text_sample(samples):
    [article], errors = split(samples / "002_6bd9ab7bde165c5e.txt")
    assert article.identifier == "002_6bd9ab7bde165c5e"
    assert article.published is None and article.title is None
    assert article.source_file == "002_6bd9ab7bde165c5e.txt"


def test_jsonl_keeps_good_lines_and_reports_bad_ones():
    articles, errors = split(FIXTURES / "reports.jsonl")
    assert [a.identifier for a in articles] == ["r1", "r2"]
    assert articles[0].published == dt.date(2019, 5, 7) and articles[0].authors == ["A. Writer"]
    assert articles[1].published == dt.datetime(2017, 11, 1, 10, 30, tzinfo=dt.timezone.utc)
    messages = [str(e) for e in errors]
    assert any("line 3 is not valid JSON" in m for m in messages)
    assert any("line 4 has no 'id'" in m for m in messages)
    assert any("[r5]" in m and "no 'text'" in m for m in messages)
    assert any("[r6]" in m and "not an ISO date" in m for m in messages)


def test_html_metadata_and_main_content():
    [article], errors = split(FIXTURES / "article.html")
    assert not errors
    assert article.title == "Car bomb kills 12 in Mogadishu"
    assert article.published == dt.date(2022, 8, 20)
    assert article.publisher == "Example Times"
    assert article.authors == ["Amina Reporter"]
    assert "car bomb killed at least 12 people" in article.text
    assert "Subscribe" not in article.text and "Sport" not in article.text


@pytest.mark.parametrize("name, message", [
    ("no_body.html", "no article body"),
    ("empty.txt", "empty"),
    ("binary.txt", "binary"),
    ("latin1.txt", "not valid UTF-8"),
])
def test_bad_inputs_are_clear_errors(name, message):
    articles, errors = split(FIXTURES / name)
    assert not articles
    assert len(errors) == 1 and message in str(errors[0]) and name in str(errors[0])


def test_missing_file_is_an_error(tmp_path):
    _, errors = split(tmp_path / "nope.txt")
    assert "no such file" in str(errors[0])


def test_folders_are_walked_in_order(samples):
    names = [p.name for p in input_files([samples])]
    assert names == ["000_6e18918302ba0ed4.txt", "002_6bd9ab7bde165c5e.txt"]


# --- fuzzing ---------------------------------------------------------------------------------------------------


SEEDS = [FIXTURES / name for name in ("two_articles.factiva.txt", "reports.jsonl", "article.html")]


def mutate(data: bytes, rng: random.Random, edits: int) -> bytes:
    """The bytes with some cut, duplicated, flipped or inserted."""
    out = bytearray(data)
    for _ in range(edits):
        if not out:
            out += bytes([rng.randrange(256)])
        at = rng.randrange(len(out))
        kind = rng.randrange(4)
        if kind == 0:
            del out[at:at + rng.randrange(1, 50)]
        elif kind == 1:
            out[at:at] = out[at:at + rng.randrange(1, 80)]
        elif kind == 2:
            out[at] = rng.randrange(256)
        else:
            out[at:at] = rng.choice([b"\n", b"\r\n", b"{", b"}", b'"', b"\x00", b"\xff", b"Document ", b"<p>",
                                     b"\xe2\x80\x94", b" words\n", b"[14]", b" killed ", b"%"])
    return bytes(out)


def read_all(path: Path) -> list:
    items = list(read_articles(path))
    for item in items:
        assert isinstance(item, (ArticleRecord, LoaderError)), type(item)
    return items


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.sampled_from(SEEDS), rng_seed=st.integers(0, 2**32 - 1), edits=st.integers(0, 40),
       suffix=st.sampled_from([".txt", ".jsonl", ".html"]))
def test_fuzzed_files_give_articles_or_loader_errors(tmp_path, seed, rng_seed, edits, suffix):
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(mutate(seed.read_bytes(), random.Random(rng_seed), edits))
    for item in read_all(path):
        if isinstance(item, ArticleRecord):
            assert violations(article_graph(item)) == []


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".jsonl", ".html", ".htm", ".ndjson"]))
def test_random_bytes_give_articles_or_loader_errors(tmp_path, data, suffix):
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    read_all(path)


# What hostile inputs hold, beyond the byte edits above: each inserted whole, so files grow past 3,000 bytes.
HOSTILE = st.one_of(
    st.integers(1_000, 120_000).map(lambda n: "[" * n),                        # nesting past any parser's depth
    st.integers(1_000, 120_000).map(lambda n: "(" * n + "<p>" * (n // 10)),
    st.integers(4_301, 20_000).map(lambda n: '{"id": %s, "text": "x"}' % ("9" * n)),  # past Python's digits
    st.integers(4_301, 20_000).map(lambda n: "9" * n + " killed"),
    st.text(st.characters(min_codepoint=0, max_codepoint=0x1F), min_size=1, max_size=200),  # control characters
    st.just("\ud800 \udfff"),                                                  # lone surrogates, JSON-escaped
    st.integers(10_000, 400_000).map(lambda n: "x" * n),                       # one long line
    st.sampled_from(["Document x y", "Document ../../etc/passwd", "0001-01-01", "31 February 2024",
                     "javascript:alert(1)", "\u0000"]),
)


def read_and_prepare(path: Path) -> list:
    """Every item of the file read and, for an article, prepared as a load prepares it; nothing else may come out,
    and nothing may be raised."""
    from conflictkg.pipeline import Prepared, prepare_or_pass
    prepared = [prepare_or_pass(item, BASE) for item in read_all(path)]
    assert all(isinstance(item, (Prepared, LoaderError)) for item in prepared)
    return prepared


PLAIN_TEXT = "Gunmen killed 12 villagers in Zamfara State on Tuesday, police said.\n\nThe attackers burned homes.\n"


@pytest.mark.parametrize("loader", ["factiva", "jsonl", "html", "text"])
@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(inserts=st.lists(st.tuples(st.floats(0, 1), HOSTILE), min_size=1, max_size=4), raw_surrogates=st.booleans())
def test_hardening_fuzz_hostile_content_gives_articles_or_errors(tmp_path, loader, inserts, raw_surrogates):
    """Inputs of each loader's format with hostile content inserted: each article is prepared or rejected with a
    LoaderError, whatever the file holds (a manual run sets CONFLICTKG_FUZZ_EXAMPLES=10000, per loader)."""
    seed = {"factiva": SEEDS[0], "jsonl": SEEDS[1], "html": SEEDS[2]}.get(loader)
    data = seed.read_bytes() if seed else PLAIN_TEXT.encode()
    seed = seed or Path("report.txt")
    for where, chunk in inserts:
        at = int(where * len(data))
        data = data[:at] + chunk.encode("utf-8", "surrogatepass" if raw_surrogates else "backslashreplace") + data[at:]
    path = tmp_path / seed.name
    path.write_bytes(data)
    read_and_prepare(path)


def test_hardening_12_no_line_of_a_file_ends_the_load_of_the_others(tmp_path):
    lines = ["[" * 100_000,                              # nested deeper than Python's JSON parser goes
             '{"id": %s, "text": "x"}' % ("9" * 5000),  # an integer past Python's digit limit
             json.dumps({"id": "surrogate", "text": "bad \ud800 text"}),
             json.dumps({"id": "nul", "title": "a\x00b", "text": "text"}),
             json.dumps({"id": "good", "title": "A\ntitle", "text": "Three civilians were killed in Idlib."})]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_articles(path))
    errors = [str(i) for i in items if isinstance(i, LoaderError)]
    assert [(r.identifier, r.title) for r in items if isinstance(r, ArticleRecord)] == [("nul", "a b"),
                                                                                          ("good", "A title")]
    assert len(errors) == 3 and "line 1 " in errors[0] and "line 2 " in errors[1]
    assert "lone surrogate" in errors[2]


def test_hardening_15_a_line_that_is_not_utf8_is_that_line_s_error(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": "a", "text": "one"}\n' + '{"id": "b", "text": "caf\xe9"}'.encode("latin-1")
                     + b'\n{"id": "c", "text": "three"}\n')
    items = list(read_articles(path))
    assert [i.identifier for i in items if isinstance(i, ArticleRecord)] == ["a", "c"]
    assert [str(i) for i in items if isinstance(i, LoaderError)] == [
        "in.jsonl: line 2 is not valid UTF-8 (byte 24: invalid continuation byte)"]


def test_hardening_12_a_reader_that_fails_keeps_what_it_read(tmp_path, monkeypatch):
    from conflictkg import loaders

    def failing(path):
        yield ArticleRecord("one", "Five people were killed.", path.name)
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setitem(loaders.LOADERS, "jsonl", failing)
    path = tmp_path / "x.jsonl"
    path.write_text("{}\n")
    items = list(read_articles(path))
    assert isinstance(items[0], ArticleRecord)
    assert isinstance(items[1], LoaderError) and "reading stopped after 1 item(s): RecursionError" in str(items[1])


def test_hardening_14_every_factiva_article_boundary_is_found_or_reported(samples, tmp_path):
    article = (samples / "000_6e18918302ba0ed4.txt").read_text(encoding="utf-8")
    closing = re.search(r"^Document \S+[ \t]*$", article, re.M).group(0)
    ids = ["first", "x y", "../../etc/passwd", "second", "third"]
    path = tmp_path / "export.txt"
    path.write_text("\n\n".join(article.replace(closing, f"Document {i}") for i in ids), encoding="utf-8")
    items = list(read_articles(path))
    assert [i.identifier for i in items if isinstance(i, ArticleRecord)] == ["first", "second", "third"]
    errors = [str(i) for i in items if isinstance(i, LoaderError)]
    assert len(errors) == 1
    assert "'Document x y'" in errors[0] and "'../../etc/passwd' is not a Factiva id" in errors[0]


def test_hardening_15_a_page_too_large_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    from conflictkg.loaders import html
    monkeypatch.setattr(html, "MAX_PAGE_BYTES", 1000)
    path = tmp_path / "page.html"
    path.write_text("<html><body>" + "<p>x</p>" * 200 + "</body></html>")
    [error] = list(read_articles(path))
    assert isinstance(error, LoaderError) and "over the limit of 1,000" in str(error)


def test_hardening_15_an_impossible_factiva_date_is_that_article_s_error(samples, tmp_path):
    article = (samples / "000_6e18918302ba0ed4.txt").read_text(encoding="utf-8")
    date_line = re.search(r"^\d{1,2} [A-Z][a-z]+ \d{4}[ \t]*$", article, re.M).group(0)
    closing = re.search(r"^Document \S+[ \t]*$", article, re.M).group(0)
    path = tmp_path / "export.txt"
    path.write_text(article.replace(date_line, "31 February 2024").replace(closing, "Document bad") + "\n\n"
                    + article.replace(closing, "Document good"), encoding="utf-8")
    bad, good = list(read_articles(path))
    assert isinstance(bad, LoaderError) and "'31 February 2024'" in str(bad) and "does not exist" in str(bad)
    assert isinstance(good, ArticleRecord) and good.identifier == "good" and good.published


def test_a_paragraph_that_opens_with_the_word_document_is_text(samples, tmp_path):
    article = (samples / "000_6e18918302ba0ed4.txt").read_text(encoding="utf-8")
    closing = re.search(r"^Document \S+[ \t]*$", article, re.M).group(0)
    path = tmp_path / "export.txt"
    path.write_text(article.replace(closing, "Document shows the militia planned the attacks.\n\n" + closing),
                    encoding="utf-8")
    [record] = list(read_articles(path))
    assert isinstance(record, ArticleRecord) and "Document shows the militia" in record.text

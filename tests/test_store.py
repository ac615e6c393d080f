"""conflictkg.store: named graphs per article and the entity graphs: the union holds each triple once, places and
actors are described once, a description is replaced while names and entailments gather, writes are flushed."""
from __future__ import annotations

import gc

import pyoxigraph as ox
from rdflib.namespace import RDF, RDFS, SKOS

from conflictkg.rdf import Triples
from conflictkg.store import ConflictStore
from conflictkg.vocab import CKG, GEO


def test_the_union_holds_each_triple_once_whatever_the_order_of_the_graphs(tmp_path):
    ex = "http://example.org/"
    s1, s2, p, q, o1, o2 = (ox.NamedNode(ex + n) for n in ("s1", "s2", "p", "q", "o1", "o2"))
    graphs = [ox.NamedNode(ex + f"g{i}") for i in range(4)]
    quads = [ox.Quad(s1, p, o1, graphs[3]), ox.Quad(s2, p, o1, graphs[1]), ox.Quad(s1, p, o1, graphs[0]),
             ox.Quad(s1, q, ox.Literal("x"), graphs[2]), ox.Quad(s1, p, o2, graphs[2]), ox.Quad(s1, p, o1, graphs[1]),
             ox.Quad(s1, q, ox.Literal("x"), graphs[0]), ox.Quad(s2, p, o1, graphs[3])]
    with ConflictStore(tmp_path / "store") as store:
        store.store.extend(quads)
        union = list(store.union_triples())
    assert sorted(map(str, union)) == sorted({str(quad.triple) for quad in quads})
    assert len(union) == 4


def test_places_and_actors_are_described_once_in_the_entity_graphs(tmp_path, backend):
    """Two articles name one town and one source: each label of a place or an actor is stated once, in the
    entity graph, and no article graph says anything of a place or an actor; validation finds them again."""
    from conflictkg.pipeline import load, revalidate

    for name, figure in (("a.txt", "five"), ("b.txt", "nine")):
        (tmp_path / name).write_text(f"Shelling killed {figure} people in Kharkiv on Monday, the Ukrainian "
                                     "army said.", encoding="utf-8")
    location = backend.new()
    with backend.open(location) as store:
        assert len(load([tmp_path / "a.txt", tmp_path / "b.txt"], store, progress=False).loaded) == 2
        labels = [(row["kind"].value, row["g"].value) for row in store.query("""
            SELECT ?kind ?g WHERE { GRAPH ?g { ?x a ?type ; rdfs:label ?label } VALUES ?type { ckg:Place ckg:Actor }
                                    BIND(STR(?type) AS ?kind) }""", prefixes={"rdfs": str(RDFS), "ckg": str(CKG)})]
        articles = store.minter.graph("article")
        in_articles = {row["s"].value for row in store.query(
            f'SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{articles}")) }}')}
        within = {row["g"].value for row in store.query(
            "SELECT ?g WHERE { GRAPH ?g { ?x geo:sfWithin ?y } }", prefixes={"geo": str(GEO)})}
        entities, inferred = (g.value for g in store.entity_graph_names())
        problems = revalidate(store)
    gc.collect()
    assert {kind for kind, _ in labels} == {str(CKG.Place), str(CKG.Actor)}
    assert {g for _, g in labels} == {entities}
    assert len(labels) == 3  # Kharkiv, Ukraine, the Ukrainian army: once each although both articles name them
    assert not [s for s in in_articles if s.startswith(store.entity_prefixes())]
    assert within == {inferred}
    assert problems == []


def test_a_description_is_replaced_but_its_alternative_names_and_entailments_gather(backend):
    """The latest article's description of a place wins (a new gazetteer renamed it); the names articles
    reported it under, and what each article entails of it, are all kept."""
    location = backend.new()
    with backend.open(location) as store:
        place = store.minter.iri("place", "123")
        for article, name, spelling, kind in (("x", "Old name", "Spelling one", "A"),
                                              ("y", "New name", "Spelling two", "B"),
                                              ("z", "New name", "Spelling two", "B")):
            asserted = f'<{place}> <{RDFS.label}> "{name}" .\n<{place}> <{SKOS.altLabel}> "{spelling}" .\n'
            inferred = f"<{place}> <{RDF.type}> <http://example.org/{kind}> .\n"
            store.put_article(article, Triples(asserted.encode()), Triples(inferred.encode()))
        rows = [(row["p"].value, row["o"].value) for row in store.query(f"SELECT ?p ?o WHERE {{ <{place}> ?p ?o }}")]
    gc.collect()
    assert sorted(rows) == [("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://example.org/A"),
                            ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://example.org/B"),
                            (str(RDFS.label), "New name"), (str(SKOS.altLabel), "Spelling one"),
                            (str(SKOS.altLabel), "Spelling two")]


def test_a_changed_article_replaces_its_graphs_and_writes_are_flushed(tmp_path, monkeypatch):
    """New graphs go in by one transactional insert, a changed article's by DROP + INSERT; the store flushes
    its write buffers after FLUSH_AFTER_QUADS quads, so memory does not grow with the load."""
    import conflictkg.store as store_module
    from conflictkg.pipeline import load

    monkeypatch.setattr(store_module, "FLUSH_AFTER_QUADS", 50)
    article = tmp_path / "a.txt"
    article.write_text("Shelling killed five people in Kharkiv on Monday, officials said.", encoding="utf-8")
    with ConflictStore(tmp_path / "store") as store:
        load([article], store, progress=False)
        assert store._unflushed == 0
        before = {q.object.value for q in store.store.quads_for_pattern(None, None, None) if "five" in str(q.object)}
        article.write_text("Shelling killed seven people in Kharkiv on Monday, officials said.", encoding="utf-8")
        load([article], store, progress=False)
        quotes = {q.object.value for q in store.store.quads_for_pattern(None, None, None)
                  if "people in Kharkiv" in str(q.object)}
    assert before and all("seven" in q for q in quotes)


def test_a_store_says_which_of_some_graphs_it_holds(backend):
    """What a load asks before adding a batch: which of its articles' graphs are there to replace."""
    with backend.open(backend.new()) as store:
        store.put_article("held", Triples(b'<http://example.org/s> <http://example.org/p> "o" .\n'), Triples())
        held, absent = store.article_graph_names("held")[0], store.article_graph_names("absent")[0]
        assert store.held_graphs([held, absent]) == {held}
        assert store.held_graphs([]) == set()
    gc.collect()

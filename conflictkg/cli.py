"""The `conflictkg` command: load, extract, validate, dump, serve."""
from __future__ import annotations

import gzip
import os
import sys
from pathlib import Path

import click

from loaders import LoaderError, read_articles

from .formats import RDF_FORMATS, rdf_format
from .pipeline import load, revalidate
from .settings import base_iri, default_store
from .store import ConflictStore
from .vocab import PREFIXES, Minter

store_option = click.option("--store", "store_dir", type=click.Path(file_okay=False), default=default_store,
                            show_default="$CONFLICTKG_STORE or ./data/store", help="Folder of the Oxigraph store.")


@click.group()
def main():
    """ConflictKG: conflict events from news articles, as a validated linked-data graph."""


@main.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--workers", type=click.IntRange(min=0), default=1, show_default=True,
              help="Processes that extract, validate and infer (0: one per core); the store is written in input "
                   "order, so the result is the same with any number.")
def load_command(paths, store_dir, quiet, workers):
    """Load articles (files or folders) into the store."""
    with ConflictStore(store_dir, Minter(base_iri())) as store:
        report = load(paths, store, progress=not quiet, workers=workers or (os.cpu_count() or 1))
    click.echo(f"loaded {len(report.loaded)} article(s), rejected {len(report.rejected)}")
    for rejection in report.rejected:
        click.echo(f"rejected {rejection}", err=True)
    sys.exit(1 if report.rejected else 0)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def extract(path):
    """Print the graph of one input file as Turtle; stores nothing."""
    from loaders.graph import article_graph
    from .validation import violations

    failed = False
    for item in read_articles(path):
        if isinstance(item, LoaderError):
            click.echo(f"error: {item}", err=True)
            failed = True
            continue
        graph = article_graph(item, Minter(base_iri()))
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns)
        click.echo(graph.serialize(format="turtle"))
        for v in violations(graph):
            click.echo(f"SHACL: {item.source_file} [{item.identifier}] {v}", err=True)
            failed = True
    sys.exit(1 if failed else 0)


@main.command()
@store_option
def validate(store_dir):
    """Validate every stored article graph against the shapes again."""
    with ConflictStore(store_dir, Minter(base_iri())) as store:
        failures = revalidate(store)
        count = sum(1 for _ in store.article_graphs())
    for failure in failures:
        click.echo(f"invalid {failure}", err=True)
    click.echo(f"{count - len(failures)} of {count} article graph(s) conform to the shapes")
    sys.exit(1 if failures else 0)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice([f.name for f in RDF_FORMATS if f.name in
                                                    ("turtle", "ntriples", "trig", "nquads")]), default="trig",
              show_default=True)
@click.option("--gzip", "compress", is_flag=True, help="Compress the output with gzip.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default stdout).")
def dump(store_dir, fmt, compress, output):
    """Write the whole graph; TriG and N-Quads keep one named graph per article."""
    syntax = rdf_format(fmt)
    with ConflictStore(store_dir, Minter(base_iri())) as store:
        if output:
            store.dump_to(output, syntax, compress)
        elif compress:
            with gzip.open(sys.stdout.buffer, "wb") as fh:
                store.dump(fh, syntax)
        else:
            store.dump(sys.stdout.buffer, syntax)
    if output:
        click.echo(f"wrote {output}", err=True)


@main.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(store_dir, host, port):
    """Serve the SPARQL endpoint, dumps and pages over HTTP."""
    from server import create_app

    app = create_app({"STORE": store_dir})
    click.echo(f"serving {store_dir} at http://{host}:{port}/sparql", err=True)
    app.run(host=host, port=port, threaded=True)





if __name__ == "__main__":
    main()

"""The `conflictkg` command: load, extract, validate, dump, serve.

Extraction, validation and the server are imported by the commands that use them: importing them all takes
0.6 s, which `conflictkg dump` would otherwise spend before writing a byte."""
from __future__ import annotations

import gzip
import os
import socket
import subprocess
import sys
from functools import partial
from pathlib import Path

import click

from .dumps import DUMPS, DumpsOfAnotherStore
from .formats import RDF_FORMATS, rdf_format
from .backends import open_store, store_location
from .remote import RemoteStoreError, is_remote
from .settings import SETTINGS, base_iri, default_store, query_workers_per_process, setting
from .store import ConflictStore, GraphStore
from .vocab import PREFIXES, Minter


# the formats `conflictkg dump` writes: those of the published dumps
DUMP_FORMATS = tuple(dict.fromkeys(fmt for fmt, _ in DUMPS.values()))
# A remote store's credentials come from $CONFLICTKG_STORE_USER, _PASSWORD and _AUTH only (not the command line).
store_option = click.option("--store", default=default_store, show_default="$CONFLICTKG_STORE or ./data/store",
                            help="Folder of the embedded Oxigraph store, or the query endpoint URL of a SPARQL 1.1 "
                                 "server that holds the graph.")
update_option = click.option("--update-endpoint", "update", default=lambda: setting("STORE_UPDATE"),
                             help="A remote store's SPARQL Update endpoint [$CONFLICTKG_STORE_UPDATE].")
publish_option = click.option("--publish/--no-publish", default=True, show_default=True,
                              help="Publish the new version (dumps and statistics) when done; leave it for a "
                                   "later `conflictkg publish` when loading in several steps.")
dumps_option = click.option("--dumps", default=lambda: setting("DUMPS"), show_default="$CONFLICTKG_DUMPS or ./data/dumps",
                            type=click.Path(file_okay=False, path_type=Path),
                            help="Folder to publish the store's dumps and statistics to, for the server to serve.")
graph_store_option = click.option("--graph-store", default=lambda: setting("STORE_GRAPH_STORE"),
                                  help="A remote store's Graph Store Protocol endpoint, used for writes when there is "
                                       "no update endpoint [$CONFLICTKG_STORE_GRAPH_STORE].")


def opened(store: str, update: str = "", graph_store: str = "", read_only: bool = False) -> GraphStore:
    """The store the options name, or a clear error (one a store to read must exist already)."""
    given = {"STORE": store, "STORE_UPDATE": update, "STORE_GRAPH_STORE": graph_store}
    if read_only:
        existing(store)
    try:
        return open_store(store_location(lambda name: given[name] if name in given else setting(name)),
                          Minter(base_iri()), read_only=read_only)
    except (RemoteStoreError, ValueError, OSError) as err:
        raise click.ClickException(str(err)) from None


def existing(store: str, otherwise: str = "") -> None:
    """A ClickException unless `store` is a remote store or a folder that holds an embedded store."""
    if is_remote(store):
        return
    path = Path(store)
    if not path.exists():
        raise click.ClickException(f"no store at {store}: load articles into it first (conflictkg load --store "
                                   f"{store} FILES){otherwise}")
    if not path.is_dir() or not (path / "CURRENT").is_file():
        raise click.ClickException(f"{store} is not a ConflictKG store (an Oxigraph store folder)")


class _Commands(click.Group):
    """The commands, each of whose remote store's failures (unreachable, refusing) is one line, not a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except RemoteStoreError as err:
            raise click.ClickException(str(err)) from None


@click.group(cls=_Commands)
@click.version_option(package_name="conflictkg", message="conflictkg %(version)s")
def main():
    """ConflictKG: conflict events from news articles, as a validated linked-data graph."""
    try:
        for declared in SETTINGS:  # a bad $CONFLICTKG_* value: said once, plainly, before any command runs
            setting(declared.name)
    except ValueError as err:
        raise click.UsageError(str(err)) from None


@main.command("load")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@update_option
@graph_store_option
@dumps_option
@publish_option
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--workers", type=click.IntRange(min=0), default=1, show_default=True,
              help="Processes that extract, validate and infer (0: one per core); the store is written in input "
                   "order, so the result is the same with any number.")
@click.option("--cluster", default=lambda: setting("CLUSTER"), show_default="$CONFLICTKG_CLUSTER",
              help="A Dask scheduler's address (tcp://host:8786): its workers prepare the articles and write shards "
                   "into --shards; then they are stored here, with the same result as a local load.")
@click.option("--shards", default=lambda: setting("SHARDS"), show_default="$CONFLICTKG_SHARDS or ./data/shards",
              type=click.Path(file_okay=False, path_type=Path),
              help="With --cluster: a folder this machine and every worker reach; a re-run reuses its finished shards.")
def load_command(paths, store, update, graph_store, dumps, publish, quiet, workers, cluster, shards):
    """Load articles (files or folders) into the store, then publish the new version's dumps and statistics."""
    from .pipeline import load

    with opened(store, update, graph_store) as target:
        if cluster:
            from .cluster import ClusterError, load_on_cluster
            try:
                report = load_on_cluster(paths, target, cluster, shards, progress=not quiet)
            except ClusterError as err:
                raise click.ClickException(str(err)) from None
        else:
            report = load(paths, target, progress=not quiet, workers=workers or usable_cores())
        click.echo(f"loaded {len(report.loaded)} article(s), rejected {len(report.rejected)}")
        for rejection in report.rejected:
            click.echo(f"rejected {rejection}", err=True)
        if publish:
            published(target, dumps)
    sys.exit(1 if report.rejected else 0)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def extract(path):
    """Print the graph of one input file as Turtle; stores nothing."""
    from conflictkg.loaders import LoaderError, read_articles
    from conflictkg.graph import article_graph
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
def validate(store):
    """Validate every stored article graph against the shapes again."""
    from .pipeline import revalidate

    with opened(store, read_only=True) as store:
        failures = revalidate(store)
        count = sum(1 for _ in store.article_graphs())
    for failure in failures:
        click.echo(f"invalid {failure}", err=True)
    click.echo(f"{count - len(failures)} of {count} article graph(s) conform to the shapes")
    sys.exit(1 if failures else 0)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(DUMP_FORMATS), default="trig", show_default=True)
@click.option("--gzip", "compress", is_flag=True, help="Compress the output with gzip.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default stdout).")
def dump(store, fmt, compress, output):
    """Write the whole graph; TriG and N-Quads keep one named graph per article."""
    syntax = rdf_format(fmt)
    with opened(store, read_only=True) as store:
        if output:
            store.dump_to(output, syntax, compress)
        elif compress:
            with gzip.open(sys.stdout.buffer, "wb") as fh:
                store.dump(fh, syntax)
        else:
            store.dump(sys.stdout.buffer, syntax)
    if output:
        click.echo(f"wrote {output}", err=True)


@main.command("export")
@store_option
@click.option("--format", "table", type=click.Choice(["acled", "linked"]), default="acled", show_default=True,
              help="acled: ACLED's columns and coding rules; linked: one row per event with the IRIs of the event, "
                   "its place and its actors, to join back to the graph.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default stdout).")
def export_command(store, table, output):
    """Write the events as a CSV table (docs/publishing.md describes the columns)."""
    from .exports import summaries, write_csv

    with opened(store, read_only=True) as source:
        events = summaries(source)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as out:
            rows = write_csv(events, table, out)
    else:
        rows = write_csv(events, table, sys.stdout)
    click.echo(f"wrote {rows} event(s)" + (f" to {output}" if output else ""), err=True)


def published(store: GraphStore, dumps: Path) -> None:
    """Publish the store's current version into `dumps` (unless it is there), saying where it is."""
    from .publish import publish

    try:
        publication = publish(store, dumps)
    except (OSError, DumpsOfAnotherStore) as err:
        raise click.ClickException(f"cannot publish to {dumps}: {err}") from None
    click.echo(f"version {publication.version} is published in {dumps}: dumps and statistics", err=True)


@main.command("publish")
@store_option
@dumps_option
def publish_command(store, dumps):
    """Publish the store's current version (dumps and statistics) for the server, if not done yet: `load` and
    `import` do it themselves; this is for a store changed by other means."""
    with opened(store, read_only=True) as source:
        published(source, dumps)


@main.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@store_option
@dumps_option
@publish_option
def import_command(path, store, dumps, publish):
    """Bulk-load a dump (N-Quads or TriG keep the article graphs; .gz allowed) into the embedded store, as
    restoring from /dumps/ does. Nothing is extracted or validated: run `conflictkg validate` afterwards."""
    name = path.name[:-3] if path.name.endswith(".gz") else path.name
    syntax = next((f for f in RDF_FORMATS if name.endswith("." + f.extension)), None)
    if syntax is None:
        raise click.ClickException(f"cannot tell the RDF format of {path.name}; name it .nq, .trig, .nt or .ttl")
    if is_remote(store):
        raise click.ClickException("import loads the embedded store; a remote server has its own bulk loader")
    from .pipeline import stamp
    with ConflictStore(store, Minter(base_iri())) as target:
        before = target.triple_count()
        try:
            target.bulk_import(path, syntax)
        except (SyntaxError, ValueError, OSError) as err:
            raise click.ClickException(f"{path}: {err}") from None
        stamp(target)
        added = target.triple_count() - before
        if publish:
            published(target, dumps)
    click.echo(f"imported {added} quad(s) from {path}")


@main.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--threads", type=click.IntRange(min=0), default=lambda: setting("SERVER_THREADS"),
              show_default="$CONFLICTKG_SERVER_THREADS or 0",
              help="Requests one process handles at a time; a request waiting for a query worker holds one, and "
                   "requests beyond these wait their turn. 0: two per core and one more, shared among the processes, "
                   "and at least their query workers + 2.")
@click.option("--processes", type=click.IntRange(min=1), default=lambda: setting("SERVER_PROCESSES"),
              show_default="$CONFLICTKG_SERVER_PROCESSES or 1",
              help="Server processes answering on the port; they share the query workers ($CONFLICTKG_QUERY_WORKERS"
                   ") and spread request handling over cores.")
@click.option("--create", is_flag=True, help="Make an empty store where --store names none, and serve it.")
def serve(store, host, port, threads, processes, create):
    """Serve the SPARQL endpoint, dumps and pages over HTTP (read-only), with Granian: HTTP is handled in Rust,
    the app (conflictkg.web.create_app) in Python threads, in one or more processes."""
    from granian import Granian
    from granian.constants import HTTPModes, Interfaces
    from granian.http import HTTP1Settings

    if not (create and not is_remote(store) and not Path(store).exists()):
        existing(store, ", or serve an empty one with --create")
    _port_free(host, port)
    cores = usable_cores()
    workers = query_workers_per_process(setting("QUERY_WORKERS"), processes)
    if not threads:  # enough that pages answer while every query worker is busy; more only adds GIL contention
        threads = max(-(-(2 * cores + 1) // processes), workers + 2)
    if create and not is_remote(store) and not Path(store).exists():
        ConflictStore(store).close()  # made once here, not by each server process at once
    # a version not published yet (loaded with --no-publish, or by other means) is published now, not in a
    # request, and in a process of its own, so that the memory writing the dumps takes is not the server's
    publishing = subprocess.run([sys.executable, "-m", "conflictkg.cli", "publish", "--store", store,
                                 "--dumps", setting("DUMPS")], stdout=subprocess.DEVNULL)
    if publishing.returncode:
        click.echo("warning: not published; /dumps/ and the VoID answer 503 until `conflictkg publish` succeeds",
                   err=True)
    # each server process makes its app with the factory, given the settings these options chose (the others
    # it reads as any app does); a server process that dies is replaced
    # behind trusted proxies, their X-Forwarded-* headers say where clients reach the server; else the bind address
    public = setting("PUBLIC_URL") or ("" if setting("TRUSTED_PROXIES") else f"http://{_host_name(host)}:{port}")
    address = public or f"http://{_host_name(host)}:{port}"
    click.echo(f"serving {store} ({processes} process(es), {workers} query worker(s) each)\n"
               f"  start page: {address}/\n  query page: {address}/query\n  SPARQL endpoint: {address}/sparql",
               err=True)
    app = partial(_served_app, {"STORE": store, "SERVER_PROCESSES": processes, "PUBLIC_URL": public}, threads)
    # a client gets HEADER_TIMEOUT to send a request's headers (idle keep-alive connections included) and then
    # as long for its body, and a process holds at most MAX_CONNECTIONS (Granian's backpressure: it accepts no
    # more until one closes), so idle and slow clients cannot pile up
    http1 = HTTP1Settings(header_read_timeout=int(setting("HEADER_TIMEOUT") * 1000))
    connections = setting("MAX_CONNECTIONS")
    _allow_open_files(connections + 64 + 8 * workers)
    # HTTP/1 only: under "auto", a connection that sends nothing is held until the client closes it (hyper-util
    # has no timer while it tells HTTP/1 from HTTP/2), and HTTP/2 without TLS is not what clients or proxies send
    Granian("conflictkg.web:create_app", interface=Interfaces.ASGINL, address=host, port=port, workers=processes,
            log_access=False, respawn_failed_workers=True, backpressure=connections, websockets=False,
            http=HTTPModes.http1, http1_settings=http1).serve(target_loader=app, wrap_loader=False)


def _served_app(config: dict, threads: int):
    """A server process's app: the Flask app behind WholeBodies, which reads each request's body before one of
    `threads` threads runs the app on it, or sends the answer kept for the same request (web/answer_cache.py)."""
    from .web import create_app
    from .web.answer_cache import answer_cache
    from .web.whole_bodies import WholeBodies
    flask_app = create_app(config)
    return WholeBodies(flask_app, threads, flask_app.config["HEADER_TIMEOUT"], flask_app.config["MAX_BODY_BYTES"],
                       answer_cache(flask_app.config))


def _port_free(host: str, port: int) -> None:
    """A ClickException if another process listens on the port. Granian binds with SO_REUSEPORT, so a second
    server would share the port with the first and the two would answer alternately, each from its own store."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # connections closing (TIME_WAIT) are no owner
        try:
            probe.bind((host, port))
        except OSError as err:
            raise click.ClickException(f"cannot listen on {host}:{port}: {err.strerror or err} (another server? "
                                       "choose another with --port)") from None


def _allow_open_files(needed: int) -> None:
    """Raise this process's open-file limit (which the server processes inherit) to `needed` where the hard limit
    allows; say so where it does not, as connections past it would be refused."""
    try:
        import resource
    except ImportError:  # not a POSIX system
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        wanted = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
        if wanted < needed:
            click.echo(f"warning: the open-file limit ({hard}) is below what MAX_CONNECTIONS needs ({needed}); "
                       "lower MAX_CONNECTIONS or raise the limit (ulimit -n)", err=True)


def _host_name(bind: str) -> str:
    """How clients name a host the server binds to: this machine's name for every interface, IPv6 bracketed."""
    if bind in ("0.0.0.0", "::", ""):
        return socket.getfqdn()
    return f"[{bind}]" if ":" in bind else bind


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, which containers and taskset narrow)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


if __name__ == "__main__":
    main()

"""conflictkg.publish: a version of the store is published once: two commands publishing it at once write its dumps
once."""
from __future__ import annotations

import hashlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from conflictkg.dumps import DUMPS
from conflictkg.publish import publish


def test_two_commands_publishing_one_version_write_its_dumps_once(backend, sample_store, tmp_path):
    """Two commands publishing the same version into one folder at once (two threads stand for two processes):
    the first writes the dumps, the other waits for it and reads its manifest."""
    store = backend.open(sample_store, read_only=True)
    written: list[str] = []
    dump_to = store.dump_to

    def slow_dump_to(path, syntax, compress):  # slow enough that both find no dumps if neither waits
        written.append(path.name)
        time.sleep(0.2)
        dump_to(path, syntax, compress)

    store.dump_to = slow_dump_to
    start = threading.Barrier(2)

    def published(_):
        start.wait()
        return publish(store, tmp_path / "dumps")

    with ThreadPoolExecutor(2) as pool:
        publications = list(pool.map(published, range(2)))
    assert sorted(written) == sorted(DUMPS)  # once each
    assert publications[0] == publications[1]
    for dump in publications[0].files:
        assert hashlib.sha256((tmp_path / "dumps" / dump.name).read_bytes()).hexdigest() == dump.sha256

"""What a query worker gives up before it runs anything: memory past its share, and the network.

Cut off from the network, a worker cannot be made to call another host whatever a query says, so a fault in the
guard (conflictkg.guard) is not a breach: Oxigraph's SERVICE then fails to connect. On Linux the worker moves into
a network namespace of its own, which has no interface but a loopback that is down (as root, or through a user
namespace where the system allows unprivileged ones). Where neither is possible, the worker keeps the network and
says so once in the server's log."""
from __future__ import annotations

import ctypes
import logging
import os

try:
    import resource
except ImportError:  # not a POSIX system: no cap there
    resource = None

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
log = logging.getLogger(__name__)


def limit_memory(limit: int) -> None:
    """Cap what this process may allocate (its data segment: the heap and anonymous mappings, not the store's
    files mapped or cached by the system); 0: no cap."""
    if resource is not None and limit:  # and a query stopped by the cap writes no core file of its memory
        resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    if limit and resource is not None and hasattr(resource, "RLIMIT_DATA"):
        hard = resource.getrlimit(resource.RLIMIT_DATA)[1]
        limit = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))


def cut_off_network() -> bool:
    """Move this process into a network namespace of its own (Linux); False where the system does not allow it."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        unshare = libc.unshare
    except (OSError, AttributeError, TypeError):  # not Linux
        return False
    for flags in (CLONE_NEWNET, CLONE_NEWUSER | CLONE_NEWNET):
        if unshare(flags) == 0:
            return True
    log.warning("query workers keep the network (%s): only the query guard stops SERVICE to other hosts",
                os.strerror(ctypes.get_errno()))
    return False

"""ConflictKG: a knowledge-graph publisher for armed-conflict events."""

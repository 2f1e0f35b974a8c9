"""The root of the errors the aggregator raises on purpose; each stage keeps its own kinds beside
its code (ConfigError, StoreError, PublishError, the fetcher's and the parsing pool's), all under
`AggregatorError`, so a caller can tell a reported failure from a bug."""

from __future__ import annotations

# What a command's exit code says: done (even when some sources failed), failed, or misused.
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class AggregatorError(Exception):
    """A failure the aggregator knows how to report: bad config, unusable database, a refused
    request, a document too slow to parse, files that cannot be written."""

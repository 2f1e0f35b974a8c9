"""Content-Encoding decoding with a hard cap on the decoded size.

httpx decodes a whole network chunk at once, so one 64 KB chunk of a gzip bomb can become
64 MB before any limit is looked at. Here every step asks zlib for at most the bytes still
allowed, so memory stays bounded by the cap whatever the server sends.
"""

from __future__ import annotations

import zlib

from aggregator.errors import AggregatorError

ACCEPT_ENCODING = "gzip, deflate"  # only what we decode ourselves; never br or zstd
_STEP = 65536  # decoded bytes asked of zlib at a time


class TooLargeError(AggregatorError):
    """The decoded body went over the limit."""


class UnsupportedEncodingError(AggregatorError):
    """A Content-Encoding we did not ask for and cannot decode."""


class BoundedDecoder:
    """Feed raw body chunks, get decoded bytes; raises TooLargeError past `limit` decoded bytes."""

    def __init__(self, content_encoding: str, limit: int) -> None:
        self.limit = limit
        self.size = 0
        codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise UnsupportedEncodingError(f"unsupported Content-Encoding {content_encoding!r}")
        self._coding = codings[0] if codings else None
        # wbits 47 = 32 + 15: zlib or gzip header detected automatically.
        self._zlib = zlib.decompressobj(47) if self._coding else None
        self._raw_deflate = False

    def feed(self, chunk: bytes) -> bytes:
        if self._zlib is None:
            return self._count(chunk)
        try:
            return self._inflate(chunk)
        except zlib.error:
            if self._coding != "deflate" or self.size or self._raw_deflate:
                raise
            # Some servers send raw deflate without the zlib header for "deflate".
            self._zlib, self._raw_deflate = zlib.decompressobj(-15), True
            return self._inflate(chunk)

    def flush(self) -> bytes:
        return self._count(self._zlib.flush()) if self._zlib else b""

    def _inflate(self, chunk: bytes) -> bytes:
        assert self._zlib is not None
        out = []
        data = chunk
        while data:
            piece = self._zlib.decompress(data, min(_STEP, self.limit - self.size + 1))
            out.append(self._count(piece))
            data = self._zlib.unconsumed_tail
            if self._zlib.eof:
                break
        return b"".join(out)

    def _count(self, piece: bytes) -> bytes:
        self.size += len(piece)
        if self.size > self.limit:
            raise TooLargeError(f"body is over the {self.limit} byte limit after decompression")
        return piece

"""Imported by the parsing forkserver only (`offloop.PRELOAD`): the parsers and the language
model (~85 MB, ~0.7 s to load) are made ready once there, and every worker forked from it
starts with them, sharing the model's memory instead of loading its own copy."""

from __future__ import annotations

from aggregator import extract
from aggregator.understand import understand  # noqa: F401  (imported for its parsers)

extract.detect_language("Права человека в Оше", ())

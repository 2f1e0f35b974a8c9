"""Why the translation decision said what it said, pair by pair, on a dedup web set.

    python -m bench.translation_why fixtures/dedup-eval/blind-3
    python -m bench.translation_why --web fixtures/dedup-eval/blind-3   # only pairs a real run split
    python -m bench.translation_why --web --order 2 fixtures/dedup-eval/blind-3   # in dedup_web's order 2

Two kinds of pair are explained:

- missed: two sightings of one group in two languages on one site, with no address or hreflang
  cue (version_by_cue), that the translation decision turns down (with `--web`: that one
  collect + publish run in arrival order shows as two stories);
- split anyway (with `--web`): such a pair the decision accepts that the run still shows apart
  (the matcher chose another candidate, or met the versions in an order that hid this one);
- accepted: two sightings of two groups (one a hard negative, or any with `--all`) in two
  languages that the translation decision takes for one post.

For each: the condition that decided it (another site, days apart, or the lexicon's verdict:
too little shared, which disagreement), and the words of each side the lexicon does not know.
A tally of the conditions closes the report. The decision is read offline, pair by pair, as
versions.translation_score makes it; the matcher's choices among several candidates are not.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from aggregator.dedup import url_key
from aggregator.fingerprint.candidates import Candidate, candidate, days_apart
from aggregator.fingerprint.numbers import number_word
from aggregator.fingerprint.parameters import TRANSLATION_DAYS, TRANSLATION_SUMMARY_WORDS
from aggregator.fingerprint.story_text import summary_words, title_words
from aggregator.fingerprint.translation import told, translation_verdict, word_concepts
from aggregator.fingerprint.versions import site_of, version_by_cue
from bench.dedup_site import SightingSpec
from bench.dedup_web import HARD_NEGATIVE, load_web, run_web


def _when(value: datetime | date | None) -> datetime | None:
    if isinstance(value, datetime) or value is None:
        return value
    return datetime(value.year, value.month, value.day, 12, tzinfo=UTC)  # a day alone: its middle


def _candidate(sighting: SightingSpec) -> Candidate:
    return candidate(title=sighting.title, summary=sighting.summary, url=sighting.url,
                     language=sighting.language, published=_when(sighting.published),
                     source_id=sighting.source_id)  # fmt: skip


def why(a: SightingSpec, b: SightingSpec) -> tuple[bool, str]:
    """(whether the translation decision takes a and b for one post, the condition that decided)."""
    new, known = _candidate(a), _candidate(b)
    if site_of(new.url) != site_of(known.url):
        return False, "other site"
    if url_key(new.url) == url_key(known.url):
        return False, "one address"
    apart = days_apart(new.published, known.published)
    if apart is None:
        return False, "a date unknown"
    if apart > TRANSLATION_DAYS:
        return False, f"{apart.total_seconds() / 86400:.1f} days apart"
    ours, theirs = told(a.title, a.summary, a.language), told(b.title, b.summary, b.language)
    if ours is None or theirs is None:
        return False, "no lexicon"
    verdict = translation_verdict(ours, theirs)
    return verdict.score is not None, verdict.why


def unknown_words(sighting: SightingSpec) -> list[str]:
    """The words the lexicon reads in a sighting that are no concept, name or number."""
    language = sighting.language or ""
    head = title_words(sighting.title)
    body = summary_words(sighting.summary, head, TRANSLATION_SUMMARY_WORDS)
    return [
        word.text
        for word in (*head, *body)
        if not word_concepts(language, word.text)
        and not word.name
        and not word.text[0].isdigit()
        and number_word(language, word.text) is None
        and len(word.text) > 2
    ]


def _kind(reason: str) -> str:
    """A reason without its figures, for the tally."""
    head = reason.split(":")[0]
    for word in ("share ", "shared weight", "shared ", "titles share", "days apart"):
        if word in head:
            return word.strip() if word != "days apart" else "days apart"
    return head


def _split_pairs(folder: Path, sightings: list[SightingSpec], order: int | None) -> set[tuple[int, int]]:
    """The pairs of one group that one run (in arrival order, or in fixed order `order`) shows as two stories."""
    sources, _ = load_web(folder)
    with tempfile.TemporaryDirectory(prefix="translation-why-") as workdir:
        result = run_web(sources, sightings, Path(workdir), order)
    shown = {}
    for s in sightings:
        story = result.story_of.get((s.source_id, url_key(s.url)))
        shown[s.number] = result.group_of.get(story, f"alone:{s.number}") if story else f"alone:{s.number}"
    return {(a.number, b.number) for a, b in itertools.combinations(sightings, 2) if shown[a.number] != shown[b.number]}


def explain(folder: Path, *, web: bool, every_group: bool, order: int | None = None) -> None:
    _, sightings = load_web(folder)
    hard = {s.group for s in sightings if s.note.lower().startswith(HARD_NEGATIVE)}
    split = _split_pairs(folder, sightings, order) if web or order else None
    tally: collections.Counter[tuple[str, str]] = collections.Counter()
    for a, b in itertools.combinations(sightings, 2):
        if not a.language or not b.language or a.language == b.language:
            continue
        same = a.group == b.group
        if same:
            if split is not None and (a.number, b.number) not in split:
                continue
            if version_by_cue(_candidate(a), _candidate(b), frozenset(url for _, url in a.alternates)):
                continue
        elif not every_group and not {a.group, b.group} & hard:
            continue
        accepted, reason = why(a, b)
        if same and reason == "other site":
            continue  # a repost's language versions: joined, or not, through the partner's own
        if same == accepted and not (same and split is not None):
            continue  # decided right
        label = ("split anyway" if accepted else "missed") if same else "accepted"
        tally[label, _kind(reason)] += 1
        print(f"{label}: groups {a.group}/{b.group} {a.language}/{b.language}: {reason}")
        for s in (a, b):
            print(f"    [{s.source_id} {s.published}] {s.title} | {s.summary[:110]}")
            print(f"      unknown: {' '.join(unknown_words(s)[:25])}")
    print("\ntally:")
    for (label, kind), count in sorted(tally.items(), key=lambda item: (item[0][0], -item[1])):
        print(f"  {label:<13}{count:>4}  {kind}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.translation_why", description=__doc__.splitlines()[0])
    parser.add_argument("set", type=Path, help="a web set folder (sources.json + sightings.jsonl)")
    parser.add_argument("--web", action="store_true", help="only the missed pairs one real run shows apart")
    parser.add_argument("--all", action="store_true", help="accepted pairs of any two groups, not only hard negatives")
    parser.add_argument("--order", type=int, help="with --web: the run in this fixed order (as dedup_web --orders)")
    args = parser.parse_args(argv)
    explain(args.set, web=args.web, every_group=args.all, order=args.order)


if __name__ == "__main__":
    main()

"""Deduplication measured end to end on a partner web: a sources.json + sightings.jsonl pair
becomes feeds (RSS, Atom, JSON Feed) and HTML news pages served on 127.0.0.1, the real
collect + publish runs into a temporary folder, and the published feeds are scored.

    python -m bench.dedup_web                        # every web set in fixtures/dedup-eval
    python -m bench.dedup_web fixtures/dedup-eval/web-own
    python -m bench.dedup_web --orders 5             # also in 5 fixed shuffled orders, one source at a time

A set is a folder with

- sources.json: [{"id", "name", "kind": "rss" | "atom" | "json" | "html", "languages", "role"}]
- sightings.jsonl: one sighting a line: {"group", "source_id", "title", "summary", "url",
  "language", "published" (ISO with offset, a date only, or null), "author", "alternates":
  [{"hreflang", "url"}], "note"}; sightings of one group are one post (its copies, reposts and
  translations); a note starting "hard negative:" marks a look-alike of another group.

Scoring is pairwise over sightings: two sightings are "together" when the published files show
them as one story, or as language versions of one story (one group). Which stories were
published comes from the published feed.json and the language feeds (`<lang>/feed.json`); the
published JSON names only the other sources of a story (`_also_published_by`), not which of
their items, so each sighting is traced to its story through the database's sightings rows
(source + address), and the source names are checked against `_also_published_by`.

Which source is stored first changes what the matcher sees (a translation's third version may
find the first two already grouped, or not), so one run at eight requests at once is one draw.
`--orders N` adds N runs in fixed shuffled orders of the sources (seeds 1..N), collected one
at a time so each is reproducible, and reports their mean, lowest and highest recall.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import sqlalchemy as sa

from aggregator.config import load_config
from aggregator.dedup import url_key
from aggregator.pipeline import collect, open_store, publish_outputs
from bench.dedup_site import SightingSpec, Site, SourceSpec, build_site, config_yaml

EVAL_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "dedup-eval"
WEB_SETS = ("web-own", "blind", "blind-2")
HARD_NEGATIVE = "hard negative:"


@dataclass(frozen=True)
class WebScore:
    name: str
    sightings: int
    groups: int
    tp: int
    fp: int
    fn: int
    hard_negatives: int  # groups marked hard negative
    hard_negatives_merged: int  # of those, merged with another group
    unpublished: int  # sightings whose story is in no published feed
    misses: tuple[str, ...]  # truth groups shown as more than one story group
    false_merges: tuple[str, ...]  # published story groups holding more than one truth group
    source_mismatches: int  # stories whose _also_published_by disagrees with the database

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def as_json(self) -> dict[str, object]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "sightings": self.sightings,
            "groups": self.groups,
            "hard_negatives": self.hard_negatives,
            "hard_negatives_merged": self.hard_negatives_merged,
            "unpublished": self.unpublished,
            "source_mismatches": self.source_mismatches,
        }


def load_web(folder: Path) -> tuple[list[SourceSpec], list[SightingSpec]]:
    sources = [SourceSpec.from_json(row) for row in json.loads((folder / "sources.json").read_text("utf-8"))]
    lines = (folder / "sightings.jsonl").read_text("utf-8").splitlines()
    sightings = [SightingSpec.from_json(json.loads(line), n) for n, line in enumerate(lines) if line.strip()]
    return sources, sightings


# --- serving -------------------------------------------------------------------------------------


@contextmanager
def serving(site: Site) -> Iterator[str]:
    """Serve the site's documents on 127.0.0.1 (a free port); yields the base address."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            document = site.documents.get(self.path.split("?")[0])
            if self.path == "/robots.txt":
                document = ("text/plain", b"User-agent: *\nAllow: /\n")
            if document is None:
                self.send_error(404)
                return
            content_type, body = document
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --- running the aggregator ------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    story_of: dict[tuple[str, str], str]  # (source id, url key) -> story id, from the sightings rows
    group_of: dict[str, str]  # story id -> its language group
    published: set[str]  # story ids in feed.json or a language feed
    also_by: dict[str, set[str]]  # story id -> _also_published_by source ids, as published
    sources_of: dict[str, set[str]]  # story id -> other sources' ids, from the database


def run_web(
    sources: list[SourceSpec], sightings: list[SightingSpec], workdir: Path, order_seed: int | None = None
) -> Published:
    """Collect the web once with every source due, publish, and read back what was published.
    With `order_seed`, the sources are shuffled by it and collected one at a time in that order."""
    if order_seed is not None:
        sources = sources[:]
        random.Random(order_seed).shuffle(sources)
    site = build_site(sources, sightings)
    with serving(site) as base:
        path = workdir / "sources.yaml"
        path.write_text(config_yaml(site, base, workdir, one_at_a_time=order_seed is not None), encoding="utf-8")
        config = load_config(path)
        store = open_store(config)
        try:
            report = collect(config, store, everything=True)
            for failed in report.failed if report else ():
                print(f"  warning: {failed.source_id} failed: {failed.error_kind} {failed.error_message}")
            publish_outputs(config, store)
        finally:
            store.close()
    return _read_published(config.output_dir, config.database)


def _read_published(output_dir: Path, database: str) -> Published:
    published: set[str] = set()
    also_by: dict[str, set[str]] = {}
    for feed in [output_dir / "feed.json", *sorted(output_dir.glob("*/feed.json"))]:
        for item in json.loads(feed.read_text("utf-8"))["items"]:
            published.add(item["id"])
            also_by[item["id"]] = {ref["id"] for ref in item.get("_also_published_by", ())}
    engine = sa.create_engine(database)
    with engine.connect() as conn:
        stories = conn.execute(sa.text("SELECT id, group_id, source_id FROM stories")).all()
        rows = conn.execute(sa.text("SELECT source_id, url_key, story_id FROM sightings")).all()
    engine.dispose()
    main_source = {story: source for story, _, source in stories}
    sources_of: dict[str, set[str]] = {}
    for source, _, story in rows:
        if source != main_source.get(story):
            sources_of.setdefault(story, set()).add(source)
    return Published(
        story_of={(source, key): story for source, key, story in rows},
        group_of={story: group or story for story, group, _ in stories},
        published=published,
        also_by=also_by,
        sources_of=sources_of,
    )


# --- scoring -------------------------------------------------------------------------------------------


def score(name: str, sightings: list[SightingSpec], result: Published) -> WebScore:
    """Pairwise precision and recall of "same group" over the sightings, as published."""
    shown: dict[int, str] = {}  # sighting -> published story group; unpublished ones alone
    unpublished = 0
    for sighting in sightings:
        story = result.story_of.get((sighting.source_id, url_key(sighting.url)))
        if story is None or story not in result.published:
            unpublished += 1
            shown[sighting.number] = f"unpublished:{sighting.number}"
        else:
            shown[sighting.number] = result.group_of[story]
    tp = fp = fn = 0
    for a, b in itertools.combinations(sightings, 2):
        truth, said = a.group == b.group, shown[a.number] == shown[b.number]
        tp += truth and said
        fp += said and not truth
        fn += truth and not said
    groups_shown: dict[str, set[str]] = {}
    shown_as: dict[str, set[str]] = {}
    for sighting in sightings:
        groups_shown.setdefault(shown[sighting.number], set()).add(sighting.group)
        shown_as.setdefault(sighting.group, set()).add(shown[sighting.number])
    hard = {s.group for s in sightings if s.note.lower().startswith(HARD_NEGATIVE)}
    merged = {group for members in groups_shown.values() if len(members) > 1 for group in members}
    mismatches = sum(result.also_by[story] != result.sources_of.get(story, set()) for story in result.also_by)
    return WebScore(
        name=name,
        sightings=len(sightings),
        groups=len(shown_as),
        tp=tp,
        fp=fp,
        fn=fn,
        hard_negatives=len(hard),
        hard_negatives_merged=len(hard & merged),
        unpublished=unpublished,
        misses=tuple(sorted(group for group, where in shown_as.items() if len(where) > 1)),
        false_merges=tuple(sorted("+".join(sorted(m)) for m in groups_shown.values() if len(m) > 1)),
        source_mismatches=mismatches,
    )


def evaluate_web(folder: Path, order_seed: int | None = None) -> WebScore:
    sources, sightings = load_web(folder)
    with tempfile.TemporaryDirectory(prefix="dedup-web-") as workdir:
        result = run_web(sources, sightings, Path(workdir), order_seed)
    return score(folder.name, sightings, result)


def report_orders(folder: Path, orders: int) -> dict[str, object]:
    """Score the web in `orders` fixed shuffled orders; print a line, return the JSON part."""
    scores = [evaluate_web(folder, seed) for seed in range(1, orders + 1)]
    recalls = [s.recall for s in scores]
    worst_precision = min(s.precision for s in scores)
    merged = max(s.hard_negatives_merged for s in scores)
    print(
        f"  {folder.name:<10} {orders} orders: recall mean {statistics.mean(recalls):.1%}, "
        f"lowest {min(recalls):.1%}, highest {max(recalls):.1%}; precision lowest {worst_precision:.1%}; "
        f"hard negatives merged at most {merged}/{scores[0].hard_negatives}"
    )
    return {"recall_mean": round(statistics.mean(recalls), 4), "recall_min": round(min(recalls), 4),
            "recall_max": round(max(recalls), 4), "precision_min": round(worst_precision, 4),
            "hard_negatives_merged_max": merged}  # fmt: skip


def web_sets() -> list[Path]:
    return [EVAL_DIR / name for name in WEB_SETS if (EVAL_DIR / name / "sightings.jsonl").exists()]


def report(scores: list[WebScore], sightings_by_set: dict[str, list[SightingSpec]] | None = None) -> None:
    print("\npartner webs, collected and published end to end (pairwise 'same group' over sightings):")
    print(f"  {'set':<10}{'sightings':>10}{'groups':>8}{'TP':>6}{'FP':>5}{'FN':>5}", end="")
    print(f"{'precision':>11}{'recall':>8}{'hard neg. merged':>18}{'unpublished':>13}")
    for s in scores:
        print(f"  {s.name:<10}{s.sightings:>10}{s.groups:>8}{s.tp:>6}{s.fp:>5}{s.fn:>5}", end="")
        print(f"{s.precision:>10.1%}{s.recall:>8.1%}{f'{s.hard_negatives_merged}/{s.hard_negatives}':>18}", end="")
        print(f"{s.unpublished:>13}")
    for s in scores:
        notes = {x.group: x.note for x in (sightings_by_set or {}).get(s.name, [])}
        for group in s.misses:
            print(f"  {s.name}: published apart: {group}  {notes.get(group, '')[:90]}")
        for groups in s.false_merges:
            print(f"  {s.name}: merged: {groups}")
        if s.source_mismatches:
            print(f"  {s.name}: {s.source_mismatches} stories' _also_published_by differ from the database")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.dedup_web", description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, help="web set folders (default: those in fixtures/dedup-eval)")
    parser.add_argument("--orders", type=int, default=0, help="also run in N fixed shuffled source orders")
    args = parser.parse_args(argv)
    folders = args.sets or web_sets()
    scores = [evaluate_web(folder) for folder in folders]
    report(scores, {folder.name: load_web(folder)[1] for folder in folders})
    result: dict[str, object] = {"webs": {s.name: s.as_json() for s in scores}}
    if args.orders:
        print(f"\nin {args.orders} fixed orders, one source at a time:")
        result["orders"] = {folder.name: report_orders(folder, args.orders) for folder in folders}
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()

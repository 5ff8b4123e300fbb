"""Single-process speed: extraction vs bare segmentation, one joined text vs its parts, cold start.

Usage::

    .venv/bin/python benchmarks/single_process.py [DIR] [--repeat N] [--skip-jieba]

DIR defaults to ../shared/corpora (central + shandong, 217 texts; qingyang is left out to keep the
issue's figure). Prints, warm and in one process:

* bare ``jieba.lcut`` and ``rjieba.cut`` over the texts, and ``pipeline.extract`` with either engine:
  seconds, chars/s and the ratios to ``jieba.lcut`` (goal <= 1.3; stretch < 1.0 with rjieba);
* the texts joined into one (over a million characters) vs the sum of its parts (goal <= 2x), and the
  Qingyang opinion repeated 16 and 85 times vs as many single runs (linear time: about 1x);
* how often the two engines' token streams differ;
* cold start: wall and CPU time of the subprocess ``policy-pipeline extract corpora/qingyang-2021-13.txt``
  (goal <= 3 s). On a loaded machine wall time exceeds CPU time; both are printed.
"""

from __future__ import annotations

import argparse
import difflib
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpora"
CLI = Path(sys.executable).parent / "policy-pipeline"
QINGYANG = ROOT / "corpora" / "qingyang-2021-13.txt"


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def line(name: str, seconds: float, n_chars: int, floor: float | None = None) -> None:
    ratio = f"  {seconds / floor:6.2f}x jieba.lcut" if floor else ""
    print(f"  {name:28s} {seconds:8.2f} s  {n_chars / seconds:12,.0f} chars/s{ratio}")


def token_differences(texts: list[str]) -> None:
    from pipeline.segmenters import make_cut

    rust, python = make_cut("rjieba"), make_cut("jieba")
    n_tokens = n_diff = n_docs = 0
    for text in texts:
        a, b = python(text), rust(text)
        n_tokens += len(a)
        if a != b:
            n_docs += 1
            ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
            n_diff += sum(i2 - i1 for op, i1, i2, _j1, _j2 in ops if op != "equal")
    print(
        f"token streams (user dictionary loaded): {n_docs} of {len(texts)} texts differ; "
        f"{n_diff:,} of {n_tokens:,} jieba tokens ({100 * n_diff / max(n_tokens, 1):.2f} %) are cut otherwise"
    )


def cold_start(repeat: int) -> None:
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([str(CLI), "extract", str(QINGYANG)], check=True, capture_output=True)
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    print(
        f"cold start  policy-pipeline extract {QINGYANG.name}: best wall {min(walls):.2f} s, "
        f"best CPU {min(cpus):.2f} s over {repeat} runs (goal <= 3 s)  load average {os.getloadavg()[0]:.1f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each measure; the best is kept")
    parser.add_argument("--skip-jieba", action="store_true", help="skip extraction with the jieba engine")
    args = parser.parse_args()
    files = sorted(p for p in args.folder.rglob("*.txt") if "qingyang" not in p.parts)
    if not files:
        print(f"no .txt files under {args.folder}", file=sys.stderr)
        return 1
    texts = [p.read_text(encoding="utf-8") for p in files]
    n_chars = sum(map(len, texts))

    import jieba
    import rjieba

    import pipeline

    jieba.setLogLevel(60)
    jieba.lcut(texts[0])  # warm: dictionaries loaded, pipelines built, resources read
    rjieba.cut(texts[0])
    engines = ["rjieba"] if args.skip_jieba else ["rjieba", "jieba"]
    for engine in engines:
        pipeline.extract(texts[0], segmenter=engine)

    print(f"texts: {len(texts)} under {args.folder}  characters: {n_chars:,}  best of {args.repeat}")
    floor = best_of(lambda: [jieba.lcut(t) for t in texts], args.repeat)
    line("jieba.lcut", floor, n_chars, floor)
    line("rjieba.cut", best_of(lambda: [rjieba.cut(t) for t in texts], args.repeat), n_chars, floor)
    parts = {}
    for engine in engines:
        parts[engine] = best_of(
            lambda e=engine: [pipeline.extract(t, segmenter=e) for t in texts], args.repeat
        )
        line(f"extract, segmenter {engine}", parts[engine], n_chars, floor)

    joined = "\n\n".join(texts)
    whole = best_of(lambda: pipeline.extract(joined, segmenter="rjieba"), args.repeat)
    print(
        f"joined text: {len(joined):,} characters in {whole:.2f} s vs {parts['rjieba']:.2f} s for its parts: "
        f"{whole / parts['rjieba']:.2f}x (goal <= 2)"
    )
    qingyang = QINGYANG.read_text(encoding="utf-8")
    single = best_of(lambda: pipeline.extract(qingyang), args.repeat)
    for n in (16, 85):
        repeated = best_of(lambda n=n: pipeline.extract("\n\n".join([qingyang] * n)), 1)
        print(f"Qingyang x{n}: {repeated:.2f} s vs {n} x {single:.3f} s: {repeated / (n * single):.2f}x")
    token_differences(texts)
    cold_start(max(args.repeat, 3))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Text reuse on real pairs of ../shared against unrelated pairs, with timing.

Usage::

    .venv/bin/python benchmarks/reuse_pairs.py [--all-shandong]

Reads the Qingyang opinion, Shandong 032/033/036 and central 037/070 (related: 033 = 037, 032 and 036
restate 070) plus Shandong 010/020 and central 061/100/139 (unrelated), or with ``--all-shandong`` every
Shandong text plus those central ones (scale check: LSH never compares all pairs; "other" pairs are then
Shandong texts sharing passages among themselves). Prints the share of each document inside aligned
passages for every pair found (kind: self, known related, other), and the time for extraction and reuse.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
RELATED = {("033", "037"), ("032", "036"), ("032", "070"), ("036", "070")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--all-shandong", action="store_true")
    args = parser.parse_args()
    if not CORPORA.is_dir():
        print(f"{CORPORA} not found", file=sys.stderr)
        return 1
    from pipeline.compare.inputs import load_inputs
    from pipeline.compare.reuse import reuse_tables

    files = [CORPORA / "qingyang" / "qingyang-2021-13.txt"]
    if args.all_shandong:
        files += sorted((CORPORA / "shandong").glob("*.txt"))
    else:
        files += [CORPORA / "shandong" / f"{n}.txt" for n in ("032", "033", "036", "010", "020")]
    files += [CORPORA / "central" / f"{n}.txt" for n in ("037", "070", "139", "061", "100")]
    t0 = time.perf_counter()
    records, failures = load_inputs(files)
    t1 = time.perf_counter()
    pairs, summary = reuse_tables(records)
    t2 = time.perf_counter()
    n_chars = sum(len(r.text) for r in records)
    print(
        f"{len(records)} documents, {n_chars:,} characters; extraction {t1 - t0:.1f} s, reuse {t2 - t1:.1f} s"
    )
    print(f"{'doc_a':<20} {'doc_b':<20} {'share_a':>7} {'share_b':>7} {'passages':>8}  kind")
    for r in summary.sort_values(["share_a"], ascending=False).itertuples():
        pair = (r.doc_a.rsplit("/", 1)[-1], r.doc_b.rsplit("/", 1)[-1])
        kind = "self" if r.doc_a == r.doc_b else "known related" if pair in RELATED else "other"
        print(f"{r.doc_a:<20} {r.doc_b:<20} {r.share_a:7.3f} {r.share_b:7.3f} {r.n_passages:8d}  {kind}")
    print("labels:", pairs["label"].value_counts().to_dict())
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

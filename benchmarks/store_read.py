"""Reading records back from the store (``store/read.iter_payloads``) at 1×, 5× and 10× the corpus.

    .venv/bin/python benchmarks/store_read.py [DIR ...] [--times 1,5,10]

A batch run over DIR (default ../shared/corpora, else corpora/) makes a store; copies of it then hold
each document ``N`` times (rows duplicated inside DuckDB under new ids, so no extraction is repeated).
For each size it prints the documents, the seconds to stream every payload (with texts, as ``records/``
and ``compare`` read them; without, as the task list and graph read them), seconds per 1,000 documents
and the ratio to the 1× figure (linear: the per-document cost stays flat). This is the read every
derived file of a run starts from.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def replicate(db: Path, times: int) -> int:
    """Make every document of the store at ``db`` appear ``times`` times; the documents now held."""
    from pipeline.store.connect import connect
    from pipeline.store.schema import KINDS

    con = connect(db)
    try:
        for table in ("documents", *KINDS):
            copy = "doc_id || '~' || CAST(r.range AS VARCHAR)"
            replace = f"{copy} AS doc_id" + (
                ", source || '~' || CAST(r.range AS VARCHAR) AS source" if table == "documents" else ""
            )
            con.execute(f"INSERT INTO {table} SELECT t.* REPLACE ({replace}) FROM {table} t, range(1, {times}) r")  # fmt: skip
        return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        con.close()


def timed_read(db: Path, *, text: bool) -> float:
    from pipeline.batch.exports import GRAPH_KINDS
    from pipeline.store.read import connect_readonly, iter_payloads
    from pipeline.store.schema import KINDS

    con = connect_readonly(db)
    try:
        started = time.perf_counter()
        for _ in iter_payloads(con, KINDS if text else GRAPH_KINDS, text=text):
            pass
        return time.perf_counter() - started
    finally:
        con.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path)
    parser.add_argument("--times", default="1,5,10")
    args = parser.parse_args()
    shared = ROOT.parent / "shared" / "corpora"
    dirs = args.dirs or ([shared] if shared.is_dir() else [ROOT / "corpora"])

    import pipeline

    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base"
        result = pipeline.run_batch(dirs, base, workers=2)
        print(f"store of {result.extracted} documents from {', '.join(map(str, dirs))}")
        print(
            f"{'x':>4} {'docs':>7} {'with text s':>12} {'s/1k docs':>10} {'no text s':>10} {'s/1k docs':>10} {'ratio':>6}"
        )
        first = None
        for times in (int(t) for t in args.times.split(",")):
            db = Path(tmp) / f"x{times}.duckdb"
            shutil.copy(base / "policy.duckdb", db)
            docs = replicate(db, times) if times > 1 else result.extracted
            full, light = timed_read(db, text=True), timed_read(db, text=False)
            per_k = 1000 * full / docs
            first = first or per_k
            print(f"{times:>4} {docs:>7} {full:>12.2f} {per_k:>10.3f} {light:>10.2f} {1000 * light / docs:>10.3f} {per_k / first:>6.2f}")  # fmt: skip
            db.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())

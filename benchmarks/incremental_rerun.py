"""Incremental re-run: seconds and files read by a batch over an unchanged folder.

    python benchmarks/incremental_rerun.py [FOLDER] [--workers 1]

Copies FOLDER (default: the committed format fixtures, tests/fixtures/formats: text, .docx, .doc, text
PDF and a scan to OCR) to a temporary folder, runs the batch into a new store, then again unchanged,
then again after one file's bytes change, and prints each run's seconds, files read in this process
(counted at ``pipeline.ingest.read_documents``; with ``--workers 1`` every read happens here) and in
all (``files_read`` of the summary, when the pipeline reports it), documents extracted and skipped. Goal (issue 14 item 5): the unchanged re-run reads 0 files.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import pipeline.ingest
from pipeline.batch import run_batch

FORMATS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "formats"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=FORMATS)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    reads: list[str] = []
    real = pipeline.ingest.read_documents

    def counting(path, **kwargs):  # type: ignore[no-untyped-def]
        reads.append(str(path))
        return real(path, **kwargs)

    pipeline.ingest.read_documents = counting  # a benchmark script, never library code
    with tempfile.TemporaryDirectory() as tmp:
        docs = Path(tmp) / "docs"
        shutil.copytree(args.folder, docs)
        out = Path(tmp) / "out"
        for label in ("first run", "unchanged re-run", "one file changed"):
            if label == "one file changed":
                changed = next(p for p in sorted(docs.rglob("*.txt")) if p.name != "README.txt")
                changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
            reads.clear()
            started = time.perf_counter()
            summary = run_batch([docs], out, workers=args.workers).summary()
            seconds = time.perf_counter() - started
            print(
                f"{label:18} {seconds:7.2f} s  files read here {len(reads):3}, in all "
                f"{summary.get('files_read', '-'):>3}  extracted {summary['extracted']:3}"
                f"  skipped {summary['skipped_unchanged']:3}  failures {summary['failures']}"
            )


if __name__ == "__main__":
    main()

"""Reading speed and peak memory of the paged formats: text-layer PDFs, OCR, OFD, .doc.

Usage::

    .venv/bin/python benchmarks/formats.py [--repeat N] [--ocr-pages N]

Each measurement runs in a fresh child process (so peak RSS is its own, native memory of pdfminer and
ONNX Runtime included; a converter child counted by its own peak) and prints: files read, pages, seconds (reading only, ``read_document``; the
OCR engine's model load is timed apart), pages/s and the child's peak RSS. Inputs are the committed
fixtures of tests/fixtures/formats (the Qingyang opinion, 11 pages as PDF; one 150-dpi scanned page)
and an OFD of the same text built by tests/ofd_helpers.py.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "tests" / "fixtures" / "formats"

CHILD = r"""
import json, resource, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, str(Path(sys.argv[1]) / "tests"))
from pipeline.ingest import read_document
kind, repeat = sys.argv[2], int(sys.argv[3])
formats = Path(sys.argv[1]) / "tests" / "fixtures" / "formats"
load = 0.0
if kind == "pdf":
    path = formats / "qingyang.pdf"
elif kind == "doc":
    path = formats / "qingyang.doc"
elif kind == "ofd":
    from ofd_helpers import write_ofd
    lines = [l for l in (Path(sys.argv[1]) / "corpora" / "qingyang-2021-13.txt").read_text().split("\n") if l]
    path = write_ofd(lines, Path(tempfile.mkdtemp()) / "qingyang.ofd")
else:
    path = formats / "excerpt-scan.png"
    from pipeline.ingest.ocr import _engine
    t = time.perf_counter(); _engine(); load = time.perf_counter() - t
read_document(path)  # warm: imports, caches
pages = 0
t = time.perf_counter()
for _ in range(repeat):
    pages += max(1, len(read_document(path).pages))
seconds = time.perf_counter() - t
peak = max(resource.getrusage(w).ru_maxrss for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
print(json.dumps({"kind": kind, "files": repeat, "pages": pages, "seconds": seconds, "load": load, "peak_mib": peak}))
"""


def measure(kind: str, repeat: int) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), kind, str(repeat)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="reads of each text file (default 5)")
    parser.add_argument("--ocr-pages", type=int, default=3, help="OCR'd page reads (default 3)")
    args = parser.parse_args()
    plan = [("pdf", args.repeat), ("ofd", args.repeat), ("doc", args.repeat), ("ocr", args.ocr_pages)]
    print(f"{'format':8} {'files':>5} {'pages':>5} {'seconds':>8} {'pages/s':>8} {'peak RSS':>9}  note")
    for kind, repeat in plan:
        try:
            r = measure(kind, repeat)
        except subprocess.CalledProcessError as exc:
            print(f"{kind:8} failed: {exc.stderr.strip().splitlines()[-1] if exc.stderr else exc}")
            continue
        note = f"engine load {r['load']:.2f} s" if kind == "ocr" else ""
        if kind == "doc":
            note = "through the first converter present (soffice, antiword, catdoc); pages = files"
        rate = r["pages"] / r["seconds"] if r["seconds"] else float("inf")
        print(
            f"{kind:8} {r['files']:>5} {r['pages']:>5} {r['seconds']:>8.2f} {rate:>8.2f} "
            f"{r['peak_mib']:>7.0f} MiB  {note}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

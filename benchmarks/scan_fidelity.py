"""How much of a whole document survives scanning: targets and annex task rows of a scan against the text.

Usage::

    .venv/bin/python benchmarks/scan_fidelity.py [PDF] [--text TXT] [--dpi 150] [--rotate 0.7] [--as-pdf]

The PDF (default: tests/fixtures/formats/qingyang.pdf, the Qingyang opinion as LibreOffice prints it)
is rasterised page by page (pypdfium2, greyscale, ``--dpi``), each page rotated by ``--rotate`` degrees
(Pillow), as an archive's scan would be, and saved as one multi-page TIFF (``--as-pdf``: a PDF of those
page images, without a text layer, which the reader renders again at its OCR resolution); it is read by OCR
(the ``[ocr]`` extra) and extracted. Printed: pages, OCR seconds, the share of the plain text's targets
(value, unit) the scan keeps, and annex task rows found / with the same 序号, deadline and lead as the
plain text's (default: corpora/qingyang-2021-13.txt) / with the same departments too (compared in NFKC:
a scan cannot tell the printed （ from ( ).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def scan_pdf(pdf: Path, out: Path, dpi: int, rotate: float) -> int:
    """Write ``out`` (a multi-page TIFF, or a PDF of page images without a text layer when ``out`` ends
    in .pdf): every page of ``pdf`` rendered and rotated; the page count."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        images = [
            page.render(scale=dpi / 72, grayscale=True)
            .to_pil()
            .convert("L")
            .rotate(rotate, fillcolor=255, expand=False)
            for page in document
        ]
    finally:
        document.close()
    if out.suffix == ".pdf":
        images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    else:
        images[0].save(out, save_all=True, append_images=images[1:], compression="tiff_deflate")
    return len(images)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("pdf", nargs="?", type=Path, default=ROOT / "tests/fixtures/formats/qingyang.pdf")
    parser.add_argument("--text", type=Path, default=ROOT / "corpora/qingyang-2021-13.txt")
    parser.add_argument("--dpi", type=int, default=150)
    parser.add_argument("--rotate", type=float, default=0.7)
    parser.add_argument("--as-pdf", action="store_true", help="a scanned PDF (no text layer), not a TIFF")
    args = parser.parse_args()

    import pipeline
    from pipeline.api import extract_document
    from pipeline.ingest import read_document

    plain = pipeline.extract(args.text.read_text(encoding="utf-8"), source=str(args.text))
    with tempfile.TemporaryDirectory() as tmp:
        tiff = Path(tmp) / f"{args.pdf.stem}-scan.{'pdf' if args.as_pdf else 'tif'}"
        pages = scan_pdf(args.pdf, tiff, args.dpi, args.rotate)
        started = time.perf_counter()
        scanned = extract_document(read_document(tiff))
        seconds = time.perf_counter() - started

    want = Counter((t.value, t.unit) for t in plain.targets)
    got = Counter((t.value, t.unit) for t in scanned.targets)
    kept = sum((want & got).values())
    print(f"{args.pdf.name}: {pages} pages at {args.dpi} dpi, rotated {args.rotate}°, as {tiff.suffix}")
    print(f"read and extracted in {seconds:.1f} s ({pages / seconds:.2f} pages/s)")
    print(f"targets kept: {kept}/{sum(want.values())} = {kept / max(1, sum(want.values())):.3f}")
    missing = want - got
    if missing:
        print("  missing:", ", ".join(f"{v}{u}×{n}" for (v, u), n in sorted(missing.items())))

    def rows(record):  # type: ignore[no-untyped-def]
        return {t.number: t for t in record.tasks if t.source == "annex"}

    expected, found = rows(plain), rows(scanned)
    same = [
        n
        for n, t in expected.items()
        if n in found
        and found[n].deadline_text == t.deadline_text
        and found[n].lead_department == t.lead_department
    ]

    def names(task):  # type: ignore[no-untyped-def]
        return tuple(unicodedata.normalize("NFKC", d) for d in task.departments)  # （区） is (区)

    same_departments = [n for n in same if names(found[n]) == names(expected[n])]
    print(
        f"annex task rows: {len(found)} found of {len(expected)}; same 序号, deadline and lead: "
        f"{len(same)}; same departments too: {len(same_departments)}"
    )
    for n, t in expected.items():
        if n not in same_departments:
            other = found.get(n)
            print(f"  row {n}: text {t.lead_department}/{t.deadline_text}/{'、'.join(t.departments)}")
            print(
                "          scan "
                + (f"{other.lead_department}/{other.deadline_text}/{'、'.join(other.departments)}"
                   if other else "(none)")
            )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

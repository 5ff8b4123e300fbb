"""Build the committed format fixtures of tests/fixtures/formats/ from the project's own Qingyang text.

Run once on a machine with LibreOffice (``soffice``) and poppler (``pdftoppm``); the outputs are
committed, so tests and CI need neither. What it writes (every text is real, from
``corpora/qingyang-2021-13.txt``):

- ``qingyang.docx`` (python-docx): the whole opinion, body paragraphs as paragraphs and the annex lists
  (附件1, 附件2 任务清单) as real Word tables;
- ``qingyang.pdf``: LibreOffice headless ``--convert-to pdf`` of that .docx (text layer, tables ruled);
- ``qingyang.doc``: LibreOffice ``--convert-to doc`` (Word 97-2003 binary);
- ``excerpt.txt`` / ``excerpt.docx`` / ``excerpt.pdf``: one page of the opinion (title, 文号,
  recipients, section 二's goals with their targets, the signature), for the OCR tests;
- ``shandong-042.docx/.pdf/.doc``: the same three of ``../shared/corpora/shandong/042.txt`` (a Shandong
  measure dense in targets, 41 of them), when ../shared is present; its test skips without ../shared;
- ``excerpt-scan.png``: page 1 of ``excerpt.pdf`` rasterised by ``pdftoppm -r 150`` and rotated 0.7
  degrees (Pillow), greyscale: a scan as an archive holds it;
- ``annex-scan.png``: page 8 of ``qingyang.pdf`` (附件2 任务清单, its header and rows 1-6, ruled) rendered
  at 150 dpi by pypdfium2 and rotated 0.7 degrees the same way: a scanned table.

The OFD fixture is built by ``tests/ofd_helpers.py`` at test time (a synthetic GB/T 33190 package of the
same real text), so it needs no tool.

    .venv/bin/python tools/make_format_fixtures.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "corpora" / "qingyang-2021-13.txt"
OUT = ROOT / "tests" / "fixtures" / "formats"


def blocks(lines: list[str]) -> list[str | list[list[str]]]:
    """Paragraphs, and each annex's ``cell |`` lines regrouped into table rows."""
    out: list[str | list[list[str]]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.endswith(" |") and out and isinstance(out[-1], str) and out[-1].endswith("清单"):
            cells = []
            while i < len(lines) and lines[i].endswith(" |"):
                cells.append(lines[i][:-2].strip())
                i += 1
            width = 4 if "责任部门" in cells[:4] else 2
            out.append([cells[j : j + width] for j in range(0, len(cells), width)])
            continue
        out.append(line)
        i += 1
    return out


def _page_number_footer(document) -> None:  # type: ignore[no-untyped-def]
    """A footer ``— N —`` (the PAGE field), as printed 公文 carry (GB/T 9704)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("— ")
    field = f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    paragraph._p.append(parse_xml(field))
    paragraph.add_run(" —")


def write_docx(parts: list[str | list[list[str]]], path: Path) -> None:
    import docx

    document = docx.Document()
    _page_number_footer(document)
    for part in parts:
        if isinstance(part, str):
            document.add_paragraph(part)
            continue
        table = document.add_table(rows=len(part), cols=len(part[0]))
        table.style = "Table Grid"
        for r, row in enumerate(part):
            for c, cell in enumerate(row):
                table.cell(r, c).text = cell
    document.save(str(path))


def convert(path: Path, fmt: str) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt,
             "--outdir", str(path.parent), str(path)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    return path.with_suffix(f".{fmt}")


def scan(pdf: Path, png: Path) -> None:
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-gray", "-png", str(pdf),
                        f"{tmp}/p"], check=True)  # fmt: skip
        page = next(Path(tmp).glob("p*.png"))
        image = Image.open(page).convert("L").rotate(0.7, fillcolor=255, expand=False)
        image.save(png, optimize=True)


def scan_page(pdf: Path, number: int, png: Path) -> None:
    """Page ``number`` (0-based) of ``pdf`` at 150 dpi (pypdfium2, as the OCR reader renders), rotated."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        image = document[number].render(scale=150 / 72, grayscale=True).to_pil().convert("L")
    finally:
        document.close()
    image.rotate(0.7, fillcolor=255, expand=False).save(png, optimize=True)


def main() -> int:
    if not shutil.which("soffice") or not shutil.which("pdftoppm"):
        print("needs LibreOffice (soffice) and poppler-utils (pdftoppm)", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    lines = SOURCE.read_text(encoding="utf-8").split("\n")
    write_docx(blocks(lines), OUT / "qingyang.docx")
    convert(OUT / "qingyang.docx", "pdf")
    convert(OUT / "qingyang.docx", "doc")
    goals = [line for line in lines if line.startswith(("——以“品牌”", "——以“三教”"))]
    closing = [line for line in lines if line in ("庆阳市人民政府", "2021年3月2日")]
    excerpt = [*lines[:3], "二、总体目标", *goals, *closing]
    (OUT / "excerpt.txt").write_text("\n".join(excerpt) + "\n", encoding="utf-8")
    write_docx(list(excerpt), OUT / "excerpt.docx")
    convert(OUT / "excerpt.docx", "pdf")
    scan(OUT / "excerpt.pdf", OUT / "excerpt-scan.png")
    scan_page(OUT / "qingyang.pdf", 7, OUT / "annex-scan.png")
    (OUT / "excerpt.docx").unlink()
    shandong = ROOT.parent / "shared" / "corpora" / "shandong" / "042.txt"
    if shandong.is_file():
        write_docx(shandong.read_text(encoding="utf-8").split("\n"), OUT / "shandong-042.docx")
        convert(OUT / "shandong-042.docx", "pdf")
        convert(OUT / "shandong-042.docx", "doc")
    for p in sorted(OUT.iterdir()):
        print(f"{p.relative_to(ROOT)}  {p.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

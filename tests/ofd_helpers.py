"""A synthetic OFD package (GB/T 33190-2016 structure) of a real text, for the OFD reader's tests.

Laid out as a printed 公文 is: A4 pages (mm), 28 characters a line at 5.6 mm (三号), 22 lines a page,
body paragraphs indented two characters, the title centred, a page number ``— N —`` at the foot.
Each line is one ``TextObject`` with a ``TextCode`` whose ``DeltaX`` gives the advances (``g N D``);
a line is written as two text objects, the right half first, so the reader must order by position.
The structure is synthetic (no producer wrote it), the text real.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

NS = "http://www.ofdspec.org/2016"
SIZE, PER_LINE, PER_PAGE, LEFT, TOP = 5.6, 28, 22, 27.0, 37.0


def _lines(paragraphs: list[str]) -> list[tuple[float, str]]:
    """(x offset, text) of each printed line."""
    out: list[tuple[float, str]] = []
    for n, para in enumerate(paragraphs):
        if n == 0:  # the title, centred
            out.append((max(0.0, (PER_LINE - len(para)) * SIZE / 2), para[:PER_LINE]))
            para = para[PER_LINE:]
            if not para:
                continue
        indent = 0 if n < 3 else 2
        first = PER_LINE - indent
        out.append((indent * SIZE, para[:first]))
        out += [(0.0, para[i : i + PER_LINE]) for i in range(first, len(para), PER_LINE)]
    return out


def _text_object(oid: int, x: float, y: float, text: str) -> str:
    delta = f' DeltaX="g {len(text) - 1} {SIZE}"' if len(text) > 1 else ""
    return (
        f'<ofd:TextObject ID="{oid}" Boundary="{x:.2f} {y:.2f} {len(text) * SIZE:.2f} {SIZE * 1.2:.2f}" '
        f'Font="3" Size="{SIZE}"><ofd:TextCode X="0" Y="{SIZE}"{delta}>{text}</ofd:TextCode></ofd:TextObject>'
    )


def write_ofd(paragraphs: list[str], path: Path) -> Path:
    lines = _lines(paragraphs)
    pages = [lines[i : i + PER_PAGE] for i in range(0, len(lines), PER_PAGE)]
    oid = 10
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>0</ofd:DocID></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        listed = "".join(
            f'<ofd:Page ID="{n + 1}" BaseLoc="Pages/Page_{n}/Content.xml"/>' for n in range(len(pages))
        )
        z.writestr(
            "Doc_0/Document.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
            "<ofd:MaxUnitID>9999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
            f"</ofd:PageArea></ofd:CommonData><ofd:Pages>{listed}</ofd:Pages></ofd:Document>",
        )
        for n, page in enumerate(pages):
            objects = []
            for row, (x, text) in enumerate(page):
                y = TOP + row * SIZE * 1.6
                half = len(text) // 2
                objects.append(
                    _text_object(oid, LEFT + x + half * SIZE, y, text[half:]) if text[half:] else ""
                )
                objects.append(_text_object(oid + 1, LEFT + x, y, text[:half]) if half else "")
                oid += 2
            objects.append(_text_object(oid, 95.0, 280.0, f"— {n + 1} —"))
            oid += 1
            z.writestr(
                f"Doc_0/Pages/Page_{n}/Content.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}"><ofd:Content>'
                f'<ofd:Layer ID="{oid}">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>',
            )
            oid += 1
    return path

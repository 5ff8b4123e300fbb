"""OFD files (GB/T 33190-2016, the national format of electronic 公文): the text layer in reading order.

An OFD is a ZIP of XML (namespace ``http://www.ofdspec.org/2016``). The reader follows the documented
path: ``OFD.xml`` → ``DocBody/DocRoot`` (a ``Document.xml``) → ``Pages/Page@BaseLoc`` (each page's
``Content.xml``, in the listed order) → ``Layer/TextObject`` with ``Boundary="x y w h"`` and ``Size``,
holding ``TextCode`` elements with their ``X``/``Y`` (the baseline, relative to the boundary) and
optional ``DeltaX`` advances (``g 3 4.2`` repeats 4.2 three times). Every text code is placed on the
page; codes on one baseline form a line, read left to right; the lines go through
:func:`~pipeline.ingest.layout.assemble` as a PDF's do (paragraphs joined, running lines dropped).
Page templates (``Template``) and annotations are not read: they hold backgrounds and stamps.
The package is checked against the decompression caps first (:mod:`pipeline.ingest.archive`).
"""

from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from pipeline.errors import IngestError
from pipeline.ingest.archive import check_archive, read_member
from pipeline.ingest.layout import Line, Page, assemble

A4 = (210.0, 297.0)  # mm, when a document names no page area


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(elem: ET.Element, *names: str) -> ET.Element | None:
    for name in names:
        elem = next((c for c in elem if _local(c.tag) == name), None)  # type: ignore[assignment]
        if elem is None:
            return None
    return elem


def _numbers(text: str | None) -> list[float]:
    return [float(v) for v in (text or "").split()]


def _advances(text: str | None) -> list[float]:
    """``DeltaX``: numbers, where ``g N D`` stands for N times D."""
    tokens, out, i = (text or "").split(), [], 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            out += [float(tokens[i + 2])] * int(float(tokens[i + 1]))
            i += 3
        else:
            out.append(float(tokens[i]))
            i += 1
    return out


def _box(elem: ET.Element | None) -> tuple[float, float]:
    box = _find(elem, "PhysicalBox") if elem is not None else None
    values = _numbers(box.text) if box is not None else []
    return (values[2], values[3]) if len(values) == 4 else A4


def _page(root: ET.Element, size: tuple[float, float]) -> Page:
    """One ``Content.xml`` as a page of lines."""
    area = _find(root, "Area")
    width, height = _box(area) if area is not None else size
    codes: list[tuple[float, float, float, float, str]] = []  # baseline y, x0, x1, size, text
    for obj in root.iter():
        if _local(obj.tag) != "TextObject":
            continue
        bx, by = [*_numbers(obj.get("Boundary")), 0.0, 0.0][:2]
        font = float(obj.get("Size") or 3.5)
        x, y = 0.0, font
        for code in obj:
            if _local(code.tag) != "TextCode" or not code.text:
                continue
            x = float(code.get("X", x))
            y = float(code.get("Y", y))
            advances = _advances(code.get("DeltaX"))
            width_of = sum(advances[: len(code.text) - 1]) + font if advances else font * len(code.text)
            codes.append((by + y, bx + x, bx + x + width_of, font, code.text))
    codes.sort()
    clusters: list[list[tuple[float, float, float, float, str]]] = []
    for code in codes:  # codes on one baseline (within 0.4 of the font size) form a line
        if clusters and abs(clusters[-1][0][0] - code[0]) <= 0.4 * code[3]:
            clusters[-1].append(code)
        else:
            clusters.append([code])
    lines: list[Line] = []
    for cluster in clusters:
        cluster.sort(key=lambda c: c[1])
        text, end = "", None
        for _, x0, x1, font, piece in cluster:
            text += (" " if end is not None and x0 - end > font else "") + piece  # a wide gap is a space
            end = x1
        baseline, font = cluster[0][0], max(c[3] for c in cluster)
        lines.append(Line(cluster[0][1], max(c[2] for c in cluster), baseline - font, baseline, text, font))
    return Page(width, height, list(lines))


def read_ofd(path: Path) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The text of an OFD (its first document) and its page map.

    Raises:
        IngestError: over the decompression caps, not an OFD package, or a malformed part (named).
    """
    check_archive(path, ".ofd")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())

            def xml(name: str) -> ET.Element:
                name = name.lstrip("/")
                if name not in names:
                    raise IngestError(path, f"is not a readable OFD: it has no {name!r}")
                try:
                    return ET.fromstring(read_member(archive, name))
                except ET.ParseError as exc:
                    raise IngestError(
                        path, f"is not a readable OFD: {name} is malformed XML ({exc})"
                    ) from None

            root = xml("OFD.xml")
            doc_root = _find(root, "DocBody", "DocRoot")
            if doc_root is None or not (doc_root.text or "").strip():
                raise IngestError(path, "is not a readable OFD: OFD.xml names no DocBody/DocRoot")
            doc_name = doc_root.text.strip().lstrip("/")
            document = xml(doc_name)
            base = posixpath.dirname(doc_name)
            size = _box(_find(document, "CommonData", "PageArea"))
            listed = _find(document, "Pages")
            pages = []
            for entry in listed if listed is not None else ():
                loc = (entry.get("BaseLoc") or "").strip()
                if _local(entry.tag) != "Page" or not loc:
                    continue
                name = (
                    loc.lstrip("/") if loc.startswith("/") else posixpath.normpath(posixpath.join(base, loc))
                )
                pages.append(_page(xml(name), size))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError(path, f"is not a readable OFD ({type(exc).__name__}: {exc})") from None
    if not pages:
        raise IngestError(path, "is not a readable OFD: its document lists no pages")
    return assemble(pages)

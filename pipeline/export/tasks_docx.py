"""The 责任分工表 as a landscape Word document (python-docx): title, then 序号 | 工作任务 | 牵头单位 |
配合单位 | 完成时限 | 备注, one row per task, the header row repeated on every page (``w:tblHeader``).

The elements of GB/T 9704 that apply to a table issued as an annex: the 附件 label and number at the top
left in 黑体 (the number of the document's own task annex, 附件2, for one document's rows; else 附件1),
page numbers in the footer in the — 1 — style, the document's title (its 文号, else its file name, for an
untitled document: never 未命名文件). Body rows may split across pages (a long task would otherwise push
whole rows to the next page); the header row may not.

Fonts are the official ones, each named with fallbacks: the run's ``w:eastAsia`` font is 仿宋_GB2312 and
the document's font table gives it ``w:altName`` 仿宋, whose own ``w:altName`` is FangSong, all declared as
a serif (``roman``) GB2312 family, for Word and WPS to substitute when the exact font is missing.
LibreOffice ignores ``w:altName`` and asks fontconfig, which ``docs/fonts-zh-official.conf`` points at a
CJK serif. The font chains live in ``tasklist_labels.json`` (``docx_fonts``).
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.export.tasks_table import TaskRow, labels

# Column widths in cm on a landscape A4 page with 2 cm margins (25.7 cm of text width).
WIDTHS_CM = {"seq": 1.3, "task": 10.5, "lead": 3.8, "co": 4.6, "deadline": 2.6, "note": 2.9}
_ANNEX = re.compile(r"^附件\s*(\d+)")
CENTERED = {"seq", "deadline"}
FAMILIES = {"title": "roman", "header": "swiss", "body": "roman"}
SIZES_PT = {"title": 22, "heading": 16, "header": 12, "body": 12}
HEADER_SHADE = "D9D9D9"


def write_docx(rows: list[TaskRow], path: Path, title: str | None = None) -> None:
    """Write ``rows`` as a 责任分工表; several documents give one titled table each."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2.0))
    _declare_fonts(doc)
    _base_style(doc)
    _page_numbers(section)
    groups: dict[str, list[TaskRow]] = {}
    for row in rows:
        groups.setdefault(row.doc_id, []).append(row)
    _paragraph(doc, labels()["docx_annex"].format(n=annex_number(rows)), "header")
    _paragraph(doc, title or labels()["title_many"], "title", center=True)
    if len(groups) == 1:
        _paragraph(doc, document_name(rows[0]), "body", center=True)
    for i, group in enumerate(groups.values(), start=1):
        if len(groups) > 1:
            _paragraph(doc, f"{_chinese_ordinal(i)}、{document_name(group[0])}", "header")
        _table(doc, group)
    if not rows:
        _table(doc, [])
    doc.save(str(path))


def annex_number(rows: list[TaskRow]) -> str:
    """The number of the document's task annex when the rows are one document's and its annex rows come
    from one annex (附件2), else 1."""
    if len({r.doc_id for r in rows}) > 1:
        return "1"
    numbers = {m.group(1) for r in rows if r.annex and (m := _ANNEX.match(r.annex))}
    return numbers.pop() if len(numbers) == 1 else "1"


def document_name(row: TaskRow) -> str:
    """``title（文号）``; an untitled document by its 文号, else by its file name."""
    if row.doc_title:
        return row.document_label
    return row.doc_number or Path(row.source or row.doc_id).stem


def _page_numbers(section) -> None:
    """A centred footer — PAGE — (GB/T 9704 page numbers: a dash each side of the number)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, after = labels()["docx_page_number"].split("{n}")
    p.add_run(before).font.size = Pt(14)
    run = p.add_run()
    run.font.size = Pt(14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    p.add_run(after).font.size = Pt(14)


def _chinese_ordinal(n: int) -> str:
    import cn2an

    return cn2an.an2cn(n)


def _fonts(role: str) -> list[str]:
    return list(labels()["docx_fonts"][role])


def _set_east_asia(rpr, role: str) -> None:
    """``w:rFonts`` of ``rpr``: the role's first font for CJK text, Times New Roman for Latin."""
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), "Times New Roman")
    fonts.set(qn("w:eastAsia"), _fonts(role)[0])


def _base_style(doc) -> None:
    """Normal style: 仿宋_GB2312 12 pt, language zh-CN (so CJK fallbacks are chosen for Chinese)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = doc.styles["Normal"]
    style.font.size = Pt(SIZES_PT["body"])
    rpr = style.element.get_or_add_rPr()
    _set_east_asia(rpr, "body")
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)


def _declare_fonts(doc) -> None:
    """Add each font of every chain to the font table, with ``w:altName`` naming the next one."""
    from lxml import etree

    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    root = etree.fromstring(part.blob)
    declared = {f.get(f"{{{ns}}}name") for f in root}
    for role, chain in labels()["docx_fonts"].items():
        for name, alt in zip(chain, [*chain[1:], None], strict=True):
            if name in declared:
                continue
            declared.add(name)
            font = etree.SubElement(root, f"{{{ns}}}font", {f"{{{ns}}}name": name})
            if alt:
                etree.SubElement(font, f"{{{ns}}}altName", {f"{{{ns}}}val": alt})
            etree.SubElement(font, f"{{{ns}}}charset", {f"{{{ns}}}val": "86"})  # GB2312
            etree.SubElement(font, f"{{{ns}}}family", {f"{{{ns}}}val": FAMILIES[role]})
            etree.SubElement(font, f"{{{ns}}}pitch", {f"{{{ns}}}val": "variable"})
    # python-docx keeps parts it does not model as raw bytes; the font table is one of them.
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _paragraph(doc, text: str, role: str, *, center: bool = False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph()
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(0 if role == "title" else 12)
    p.paragraph_format.space_after = Pt(12)
    run = p.add_run(text)
    run.font.size = Pt(SIZES_PT["title" if role == "title" else "heading"])
    if role != "body":
        _set_east_asia(run._element.get_or_add_rPr(), role)
    return p


def _cell_text(row: TaskRow, key: str) -> str:
    return {
        "seq": str(row.seq),
        "task": row.text,
        "lead": row.lead or "",
        "co": "、".join(row.co),
        "deadline": row.deadline_text or row.kind_words,
        "note": "",
    }[key]


def _table(doc, rows: list[TaskRow]) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    keys = list(labels()["docx_columns"])
    table = doc.add_table(rows=1, cols=len(keys))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, key in zip(table.columns, keys, strict=True):
        column.width = Cm(WIDTHS_CM[key])
    header = table.rows[0]
    _row_flags(header, "w:tblHeader", "w:cantSplit")
    for cell, key in zip(header.cells, keys, strict=True):
        _fill(cell, labels()["columns"][key], key, "header")
        _shade(cell)
    for row in rows:
        tr = table.add_row()  # may split across pages
        for cell, key in zip(tr.cells, keys, strict=True):
            _fill(cell, _cell_text(row, key), key, "body")


def _row_flags(row, *flags: str) -> None:
    from docx.oxml import OxmlElement

    trpr = row._tr.get_or_add_trPr()
    for flag in flags:
        trpr.append(OxmlElement(flag))


def _fill(cell, text: str, key: str, role: str) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    cell.width = Cm(WIDTHS_CM[key])
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    if role == "header" or key in CENTERED:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.font.size = Pt(SIZES_PT[role])
    if role == "header":
        run.bold = True
        _set_east_asia(run._element.get_or_add_rPr(), "header")


def _shade(cell) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), HEADER_SHADE)
    cell._tc.get_or_add_tcPr().append(shd)

"""The document's own head on a saved page: the title, 文号 and date printed just above the 主送机关 line.

A saved web page, library export or aggregator copy opens with site navigation, the page's headline
(转发:…, 政务服务丨…, the title of an attachment), upload times and metadata fields; the document itself
starts a few lines before its recipients (各县区人民政府，市政府各部门：). :func:`read_page_head` finds the
recipient line among the first ``MAX_PAGE_HEAD`` lines and walks back from it over what a government
prints there, in any order: the 文号 (alone, wrapped in brackets, or run on before or after the title),
label and noise lines, the title (broken over up to three lines, in 《》, with a trailing date
``((1990年11月16日))``) and the issuer's line above a title that starts with 关于 (洛阳市人民政府 /
关于印发…的通知). A title line printed twice (the page's headline repeating it) is read once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.structure.docnumber import find_doc_numbers, parse_doc_number
from pipeline.structure.header_patterns import RED_HEAD_RE
from pipeline.structure.header_text import _Found, _recipients, is_org_name, is_title_text
from pipeline.structure.webpage import cut_title_prefix, noise_line, starts_with_label, web_line
from pipeline.text.dates import find_date_parts
from pipeline.text.pieces import CJK

MAX_PAGE_HEAD = 60  # lines searched for the recipient line
MAX_BACK = 10  # lines walked back from it
MAX_TITLE_LINES = 3
_NOT_TITLE_PART = re.compile(r"[【】A-Za-z|]|^\s*[-•·]")
_BRACKETS = "()（）[]［］ \u3000"
# a 文号 whose year and serial ran together when its closing bracket was lost: prefix, opening bracket, digits
BROKEN_DOC_NUMBER_RE = re.compile(CJK + r"{1,12}[〔\[［(（﹝]\s*(?:19|20)\d{2}\d{1,4}\s*号?")

Span = tuple[int, int]


def _cut(text: str, s: int, e: int) -> tuple[int, int, tuple[int, int, str] | None, str | None]:
    """A title line without the page's prefix, a 文号 run on before or after it, or a bracketed date
    after it: ``(start, end, doc_number hit, iso date)``."""
    line = text[s:e]
    s += cut_title_prefix(line)
    dn = None
    hits = find_doc_numbers(text[s:e])
    if hits:
        hs, he, num = hits[-1]
        if not text[s + he : e].strip(_BRACKETS) and hs > 0:  # 武威市…的实施意见武政发[2017]52号
            dn, e = (s + hs, s + he, str(num)), s + hs
            while e > s and text[e - 1] in _BRACKETS:  # …的通知(岳办发〔2017〕2号)
                e -= 1
        else:
            hs, he, num = hits[0]
            if not text[s : s + hs].strip(_BRACKETS):  # 宁政办发〔2018〕47号《…》
                dn, s = (s + hs, s + he, str(num)), s + he
    date = None
    parts = find_date_parts(text[s:e])
    if parts:
        ds, de, (y, m, d) = parts[-1]
        if d is not None and not text[s + de : e].strip(_BRACKETS) and text[s + ds - 1] in "(（":
            date, e = f"{y:04d}-{m:02d}-{d:02d}", s + ds
            while e > s and text[e - 1] in _BRACKETS:
                e -= 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e, dn, date


def _skippable(text: str, s: int, e: int) -> bool:
    line = text[s:e]
    if web_line(text, s, e) is not None or starts_with_label(text, s, e) or noise_line(line):
        return True
    if BROKEN_DOC_NUMBER_RE.fullmatch(line.strip()):
        return True  # 牟政办发〔201746: a 文号 that lost its closing bracket and 号 (not a title line)
    dates = find_date_parts(line)  # 2011-06-18 00:00:00 来源: 本站原创: the page's time
    return bool(dates and dates[0][0] == 0 and not re.search(CJK + "{6}", line[dates[0][1] :]))


def read_page_head(text: str, lines: list[Span], found: _Found) -> bool:
    """Fill ``found`` from the lines above the first recipient line that has a title above it; False
    when there is none among the first ``MAX_PAGE_HEAD`` lines."""
    for j in range(min(len(lines), MAX_PAGE_HEAD)):
        if _recipients(text, *lines[j], _Found(), lenient=True) and _walk_back(text, lines, j, found):
            return True
    return False


@dataclass
class _Walk:
    """What the walk up from the recipient line found: the title lines (indexes, top first) and their cut
    spans, the 文号 and date on or beside them, and the page fields of the web lines stepped over."""

    title: list[int] = field(default_factory=list)
    cut: dict[int, tuple[int, int]] = field(default_factory=dict)
    page_fields: list = field(default_factory=list)  # top first (kept on success only)
    doc_number: tuple[int, int, str] | None = None
    date: str | None = None
    top: int = 0


def _walk_back(text: str, lines: list[Span], rec: int, found: _Found) -> bool:
    """Read the title (and the 文号, date and page fields around it) above the recipient line ``rec``
    into ``found``; False when no title line is there."""
    walk = _title_above(text, lines, rec)
    if walk is None:
        return False
    if walk.doc_number is None:
        walk.doc_number = _doc_number_above(text, lines, walk.top)
    _fill(text, lines, rec, walk, found)
    return True


def _title_above(text: str, lines: list[Span], rec: int) -> _Walk | None:
    """Step 1: the lines above ``rec``, bottom up: 文号 lines and web lines stepped over, then the title
    lines (a title broken over lines, an issuer line above a 关于 title)."""
    walk = _Walk(top=rec)
    for j in range(rec - 1, max(-1, rec - 1 - MAX_BACK), -1):
        s, e = lines[j]
        line = text[s:e]
        if parse_doc_number(line) is not None:
            if walk.title and walk.doc_number is not None:
                break
            hits = find_doc_numbers(line)
            if walk.doc_number is None and hits:
                walk.doc_number = (s + hits[0][0], s + hits[0][1], str(hits[0][2]))
            continue
        if _skippable(text, s, e):
            if walk.title:
                break
            walk.page_fields[:0] = web_line(text, s, e) or ()  # 索引号:… 发文日期:…: kept top first
            continue
        cs, ce, dn, dt = _cut(text, s, e)
        piece = text[cs:ce]
        if not walk.title:
            if not is_title_text(piece):
                return None
            walk.title, walk.cut[j], walk.top = [j], (cs, ce), j
            walk.doc_number, walk.date = walk.doc_number or dn, dt
            continue
        step = _title_step(text, walk, piece)
        if step is None:
            break
        walk.title.insert(0, j)
        walk.cut[j], walk.top = (cs, ce), j
        if step == "issuer":
            break
    return walk if walk.title else None


def _title_step(text: str, walk: _Walk, piece: str) -> str | None:
    """Whether the line ``piece`` above the title so far belongs to it: "issuer" (洛阳市人民政府 above a 关于
    title, the last line taken), "part" (a title broken over lines: 湖南省…关于加强普通高等学校 / 毕业生就业工作的
    通知) or None (the title is complete)."""
    current = "".join(text[slice(*walk.cut[k])] for k in walk.title)
    if piece == text[slice(*walk.cut[walk.title[0]])]:
        return None  # a repeated title line
    if current.startswith("关于") and is_org_name(piece):
        return "issuer"  # also above a 关于 title broken over three lines (怀化市人民政府办公室)
    if len(walk.title) >= MAX_TITLE_LINES:
        return None
    if (
        "关于" in current
        or RED_HEAD_RE.match(piece)
        or is_title_text(piece)
        or _NOT_TITLE_PART.search(piece)
        or not is_title_text(piece + current)
    ):
        return None
    return "part"


def _doc_number_above(text: str, lines: list[Span], top: int) -> tuple[int, int, str] | None:
    """Step 2: a 文号 line among the three lines above the title (苍政办〔2007〕24号 / 苍南县人民政府办公室 / 关于…),
    stepping over web lines only."""
    for j in range(top - 1, max(-1, top - 4), -1):
        s, e = lines[j]
        if parse_doc_number(text[s:e]) is not None and (hits := find_doc_numbers(text[s:e])):
            return s + hits[0][0], s + hits[0][1], str(hits[0][2])
        if not _skippable(text, s, e):
            return None
    return None


def _fill(text: str, lines: list[Span], rec: int, walk: _Walk, found: _Found) -> None:
    """Step 3: ``found`` from the walk: page fields (the topmost of each kind first), title, recipients,
    文号, the date beside the title and the first body line."""
    for f in walk.page_fields:
        found.web.setdefault(f.kind, text[f.start : f.end].strip())
    title, cut = walk.title, walk.cut
    found.spans["title"] = (cut[title[0]][0], cut[title[-1]][1])
    found.title = "".join(text[slice(*cut[k])].strip() for k in title)
    if found.title.startswith("《") and found.title.endswith("》"):
        found.title = found.title[1:-1]
    found.recipients = ()
    _recipients(text, *lines[rec], found, lenient=True)
    if walk.doc_number is not None:
        found.doc_number, found.spans["doc_number"] = walk.doc_number[2], walk.doc_number[:2]
    if walk.date is not None:
        found.title_date = walk.date
    found.body_line = rec + 1 if found.spans["recipients"][1] >= lines[rec][1] - 1 else rec

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

from pipeline.structure.docnumber import find_doc_numbers, parse_doc_number
from pipeline.structure.header_patterns import RED_HEAD_RE
from pipeline.structure.header_text import _Found, _recipients, is_org_name, is_title_text
from pipeline.structure.webpage import cut_title_prefix, noise_line, starts_with_label, web_line
from pipeline.text.dates import find_date_parts

MAX_PAGE_HEAD = 60  # lines searched for the recipient line
MAX_BACK = 10  # lines walked back from it
MAX_TITLE_LINES = 3
_NOT_TITLE_PART = re.compile(r"[【】A-Za-z|]|^\s*[-•·]")
_BRACKETS = "()（）[]［］ \u3000"
# a 文号 whose year and serial ran together when its closing bracket was lost: prefix, opening bracket, digits
BROKEN_DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（﹝]\s*(?:19|20)\d{2}\d{1,4}\s*号?")

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
    return bool(dates and dates[0][0] == 0 and not re.search(r"[\u4e00-\u9fff]{6}", line[dates[0][1] :]))


def read_page_head(text: str, lines: list[Span], found: _Found) -> bool:
    """Fill ``found`` from the lines above the first recipient line that has a title above it; False
    when there is none among the first ``MAX_PAGE_HEAD`` lines."""
    for j in range(min(len(lines), MAX_PAGE_HEAD)):
        if _recipients(text, *lines[j], _Found(), lenient=True) and _walk_back(text, lines, j, found):
            return True
    return False


def _walk_back(text: str, lines: list[Span], rec: int, found: _Found) -> bool:  # noqa: C901 - to split (issue 15)
    title: list[int] = []  # indexes of title lines, top first
    page_fields: list = []  # the fields of the web lines stepped over, top first (kept on success only)
    cut: dict[int, tuple[int, int]] = {}
    doc_number, date, top = None, None, rec
    for j in range(rec - 1, max(-1, rec - 1 - MAX_BACK), -1):
        s, e = lines[j]
        line = text[s:e]
        if parse_doc_number(line) is not None:
            if title and doc_number is not None:
                break
            hits = find_doc_numbers(line)
            if doc_number is None and hits:
                doc_number = (s + hits[0][0], s + hits[0][1], str(hits[0][2]))
            continue
        if _skippable(text, s, e):
            if title:
                break
            page_fields[:0] = web_line(text, s, e) or ()  # 索引号:… 发文日期:…: kept top first
            continue
        cs, ce, dn, dt = _cut(text, s, e)
        piece = text[cs:ce]
        if not title:
            if not is_title_text(piece):
                return False
            title, cut[j], top = [j], (cs, ce), j
            doc_number, date = doc_number or dn, dt
            continue
        current = "".join(text[slice(*cut[k])] for k in title)
        if piece == text[slice(*cut[title[0]])]:
            break
        if current.startswith("关于") and is_org_name(piece):  # 洛阳市人民政府 / 关于印发…的通知
            title.insert(0, j)  # also above a 关于 title broken over three lines (怀化市人民政府办公室)
            cut[j], top = (cs, ce), j
            break
        if len(title) >= MAX_TITLE_LINES:
            break
        if (
            "关于" in current
            or RED_HEAD_RE.match(piece)
            or is_title_text(piece)
            or _NOT_TITLE_PART.search(piece)
            or not is_title_text(piece + current)
        ):
            break
        title.insert(0, j)  # a title broken over lines: 湖南省…关于加强普通高等学校 / 毕业生就业工作的通知
        cut[j], top = (cs, ce), j
    if not title:
        return False
    for j in range(top - 1, max(-1, top - 4), -1):  # 苍政办〔2007〕24号 / 苍南县人民政府办公室 / 关于…
        if doc_number is not None:
            break
        s, e = lines[j]
        if parse_doc_number(text[s:e]) is not None and (hits := find_doc_numbers(text[s:e])):
            doc_number = (s + hits[0][0], s + hits[0][1], str(hits[0][2]))
        elif not _skippable(text, s, e):
            break
    for f in page_fields:  # the page's own fields (a 发文日期 label), the topmost of each kind first
        found.web.setdefault(f.kind, text[f.start : f.end].strip())
    found.spans["title"] = (cut[title[0]][0], cut[title[-1]][1])
    found.title = "".join(text[slice(*cut[k])].strip() for k in title)
    if found.title.startswith("《") and found.title.endswith("》"):
        found.title = found.title[1:-1]
    found.recipients = ()
    _recipients(text, *lines[rec], found, lenient=True)
    if doc_number is not None:
        found.doc_number, found.spans["doc_number"] = doc_number[2], doc_number[:2]
    if date is not None:
        found.title_date = date
    found.body_line = rec + 1 if found.spans["recipients"][1] >= lines[rec][1] - 1 else rec
    return True

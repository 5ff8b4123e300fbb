"""The header and closing of a policy document: title, 文号, recipients, issuer, signing date, publicity.

:func:`analyse_header` reads the first lines (red head, title, 文号, 主送机关) and the closing block
(signature, 落款 date before the annex blocks, 公开属性) and fills ``ctx.meta``. User-supplied metadata in
``ctx.meta_overrides`` wins over detection. Offsets of what was found are stored in
``ctx.header_spans`` as ``name -> (start, end)`` for the clause stage.

Most central texts have no header at all: a title is accepted only when the first line(s) end with a
genre word (意见, 通知, 办法... from ``header_title_words.txt``) and contain no sentence punctuation, and a
heading such as 一、总体要求 or 第一章 总则 is never a title.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Mapping
from typing import Any

from pipeline.context import DocContext
from pipeline.models import LEVELS, Region
from pipeline.structure.divisions import complete_region, region_code
from pipeline.structure.docnumber import find_doc_numbers, parse_doc_number, prefix_info
from pipeline.structure.header_patterns import (
    ANNEX_HEAD_RE,
    DIGIT_RE,
    HEADING_START_RE,
    QUOTED_RE,
    RED_HEAD_RE,
    SENTENCE_PUNCT_RE,
    lexicon,
    publicity_re,
)
from pipeline.structure.header_text import (
    Span,
    _ends_org,
    _Found,
    _lines,
    _recipients,
    _squash,
    is_org_name,
    is_title_text,
    split_recipients,
)
from pipeline.structure.pagehead import BROKEN_DOC_NUMBER_RE, MAX_PAGE_HEAD, read_page_head
from pipeline.structure.regions import (
    dominant_place,
    infer_level_region,
    most_local,
    national_bodies,
    recipients_level,
    region_from_name,
    split_issuers,
    title_level_region,
)
from pipeline.structure.webpage import BULLETS, WebField, label_only, noise_line, web_line
from pipeline.text.dates import compact_date, find_date_parts, impossible_dates, parse_cn_date, year_zeros
from pipeline.text.variants import Folded, fold, page_marks

logger = logging.getLogger(__name__)

MAX_HEAD_LINES = 8  # red head + title (≤3 lines) + 文号 + recipients fit in 8 lines
MAX_TITLE_LINES = 3
MAX_LINE_TITLE = 60
CLOSING_WINDOW = 15  # lines before the annex blocks searched for the 落款 date
CARRIER_WINDOW = 30  # lines after the recipients searched for the date of an 印发 notice
MAX_WEB_TAIL = 8  # web-page lines (打印本页, 关闭窗口, 分享到) looked for at the end
MAX_SIGNATURE_LINES = 4
MAX_SIGNATURE_CHARS = 40


def _take_web_line(text: str, span: Span, fields: list[WebField], found: _Found) -> None:
    """Keep a web-page line's span (a header line) and its first value of each kind; a labelled 文号
    becomes the document's 文号 when none was found yet."""
    found.spans[f"web{len(found.spans)}"] = span
    for f in fields:
        value = text[f.start : f.end].strip()
        found.web.setdefault(f.kind, value)
        if f.kind == "number" and found.doc_number is None:
            hits = find_doc_numbers(value)
            if hits:
                hs, he, dn = hits[0]
                found.doc_number, found.spans["doc_number"] = str(dn), (f.start + hs, f.start + he)


_VALUE_KINDS = ("number", "date", "published", "issuer")  # labels whose value may stand on the next line


def _scan_head(text: str, lines: list[Span], found: _Found) -> None:
    i = 0
    limit = min(len(lines), MAX_HEAD_LINES)
    content = False  # a line other than a web-page line was read
    while i < limit:
        s, e = lines[i]
        line = text[s:e]
        if not content and _page_line(line, (s, e), found):
            i, limit = i + 1, min(len(lines), limit + 1)
            continue
        web = web_line(text, s, e)
        label = label_only(text, s, e) if web == [] else None
        if label is not None and i + 1 < len(
            lines
        ):  # • 发文字号: / 镇政发〔2024〕7号: value on the next line
            vs, ve = lines[i + 1]
            value_like = label.kind in _VALUE_KINDS or not is_title_text(text[vs:ve])  # not 字号: / <title>
            if value_like and web_line(text, vs, ve) is None and label_only(text, vs, ve) is None:
                value = [dataclasses.replace(label, start=vs, end=ve)]
                _take_web_line(text, (s, ve), value, found)
                limit = min(len(lines), limit + 2)
                i += 2
                continue
        if web is not None:  # 索引号：… / 字号：大 中 小 / 打印本页: never title, 文号 line or body
            _take_web_line(text, (s, e), web, found)
            limit = min(len(lines), limit + 1)
            i += 1
            continue
        red = RED_HEAD_RE.match(line)
        if not content and red and not SENTENCE_PUNCT_RE.search(line):
            found.red_head = _squash(red["issuer"])
            i, content = i + 1, True
            continue
        content = True
        if parse_doc_number(line) is not None:
            hits = find_doc_numbers(line)
            if hits and found.doc_number is None:
                hs, he, dn = hits[0]
                found.doc_number, found.spans["doc_number"] = str(dn), (s + hs, s + he)
                i += 1
                continue
            if hits and str(hits[0][2]) == found.doc_number:  # printed again under the title
                found.spans[f"web{len(found.spans)}"] = (s, e)
                i += 1
                continue
        if found.title is None and not found.recipients:
            k = _title_lines(text, lines, i)
            if k:
                title = "".join(text[a:b].strip() for a, b in lines[i : i + k])
                found.title = title[1:-1] if title.startswith("《") and title.endswith("》") else title
                found.spans["title"] = (s, lines[i + k - 1][1])
                i += k
                if i < len(lines) and (date := _bracketed_date(text[slice(*lines[i])])):
                    found.title_date, i = date, i + 1  # （2021年7月3日） under the title: its date
                continue
        if not found.recipients and _recipients(text, s, e, found):
            i += 1
            if found.spans["recipients"][1] < e - 1:  # the body continues on the recipient line
                i -= 1
            break
        break
    found.body_line = i


def _title_lines(text: str, lines: list[Span], i: int) -> int:
    """How many lines from ``i`` form the title (0: none); the longest run that reads as a title."""
    cands: list[str] = []
    for s, e in lines[i : i + MAX_TITLE_LINES]:
        line = text[s:e].strip()
        if web_line(text, s, e) is not None or noise_line(line) or BROKEN_DOC_NUMBER_RE.fullmatch(line):
            break  # 首页 >> 公开信息内容 under the site's name, 牟政办发〔201746: never part of a title
        if len(line) > MAX_LINE_TITLE or SENTENCE_PUNCT_RE.search(QUOTED_RE.sub("", line)):
            break
        if parse_doc_number(line):
            break
        if HEADING_START_RE.match(line) or find_date_parts(line) or find_doc_numbers(line):
            break
        if cands and line == cands[-1]:  # the page's headline repeating the title line
            break
        if cands and is_title_text("".join(cands)) and (is_org_name(line) or is_title_text(line)):
            break  # a whole title, then the document's own issuer line or title line: a new head
        cands.append(line)
    for k in range(len(cands), 0, -1):
        if is_title_text("".join(cands[:k])):
            return k
    return 0


def _page_line(line: str, span: Span, found: _Found) -> bool:
    """Whether a line above the document is the page's: a line of separators ('|', '——') or a metadata
    bullet without its label (its organisation kept as the issuer field, its date as the page's)."""
    if not any(ch.isalnum() for ch in line):
        return True
    value = _bare_bullet(line)
    if value is None:
        return False
    if is_org_name(value):  # • 新郑市卫生健康委员会 among label-less metadata bullets
        found.web.setdefault("issuer", value)
    elif find_date_parts(value):  # without its label a date may be the page's: never the document's
        found.web.setdefault("published", value)
    found.spans[f"web{len(found.spans)}"] = span
    return True


MAX_BULLET_VALUE = 30


def _bare_bullet(line: str) -> str | None:
    """The value of a metadata bullet printed without its label (• 005299478/2022-00137, • 2022-08-10,
    • 新郑市卫生健康委员会: the labels are images or styles on some portals), else None. A bullet with a
    label, a sentence or a title is not one."""
    stripped = line.strip()
    if not stripped or stripped[0] not in BULLETS:
        return None
    value = stripped.lstrip(BULLETS + " \t\u3000").strip()
    if not value or len(value) > MAX_BULLET_VALUE or re.search(r"[:：]", value):
        return None
    if SENTENCE_PUNCT_RE.search(value) or is_title_text(value):
        return None
    return value


def _bracketed_date(line: str) -> str | None:
    """The ISO date of a line that is only a full date in brackets (（2021年7月3日）), else None."""
    line = line.strip()
    if not (line[:1] in "(（" and line[-1:] in ")）"):
        return None
    parts = find_date_parts(line)
    if (
        len(parts) != 1
        or parts[0][2][2] is None
        or line[1 : parts[0][0]].strip()
        or line[parts[0][1] : -1].strip()
    ):
        return None
    y, m, d = parts[0][2]
    return f"{y:04d}-{m:02d}-{d:02d}"


def _carries_document(title: str | None) -> bool:
    """A notice that prints another document after its own signature (关于印发《…》的通知)."""
    return bool(title) and any(w in title for w in lexicon()["carrier_title_words"])


def _date_line(line: str) -> tuple[int, int, str, int] | None:
    """``(date_start, date_end, iso, suffix_rank)`` when ``line`` is names + one full date + 签发/印发."""
    compact = compact_date(line.strip())  # 20151214: a signature date printed without 年月日
    if compact is not None:
        ds = line.index(line.strip())
        return ds, ds + len(line.strip()), compact, 0
    dates = [d for d in find_date_parts(line) if d[2][2] is not None]
    if len(dates) != 1:
        return None
    ds, de, (y, m, d) = dates[0]
    before, after = line[:ds].strip(), _squash(line[de:])
    suffixes = lexicon()["date_line_suffixes"]
    if after not in suffixes or len(before) > MAX_SIGNATURE_CHARS * 2:
        return None
    if before and (DIGIT_RE.search(before) or SENTENCE_PUNCT_RE.search(before)):
        return None
    return ds, de, f"{y:04d}-{m:02d}-{d:02d}", suffixes.index(after)


def _scan_closing(text: str, lines: list[Span], found: _Found) -> None:
    annex = next(
        (j for j in range(found.body_line, len(lines)) if ANNEX_HEAD_RE.match(text[slice(*lines[j])])),
        len(lines),
    )
    best: tuple[int, int, int, str, int] | None = None  # (rank, -line, date_start, iso, date_end)
    if _carries_document(found.title):  # 印发 notice: the date under its signature, before the attachment
        for j in range(found.body_line, min(annex, found.body_line + CARRIER_WINDOW)):
            s, e = lines[j]
            hit = _date_line(text[s:e])
            if hit:
                best = (hit[3], -j, s + hit[0], hit[2], s + hit[1])
                break
    for j in range(max(found.body_line, annex - CLOSING_WINDOW), annex) if best is None else ():
        s, e = lines[j]
        hit = _date_line(text[s:e])
        if hit and (best is None or (hit[3], -j) <= (best[0], best[1])):
            best = (hit[3], -j, s + hit[0], hit[2], s + hit[1])
    if best is None:
        return
    j = -best[1]
    found.date, found.spans["date"] = best[3], (best[2], best[4])
    sig: list[Span] = []
    s, _ = lines[j]
    if best[2] > s and is_org_name(
        _squash(text[s : best[2]].split()[-1] if text[s : best[2]].split() else "")
    ):
        sig.append((s, s + len(text[s : best[2]].rstrip())))
    else:
        skip = tuple(lexicon()["signature_skip_starts"])
        for k in range(j - 1, max(found.body_line, j - MAX_SIGNATURE_LINES) - 1, -1):
            ls, le = lines[k]
            line = text[ls:le]
            if (
                len(_squash(line)) > MAX_SIGNATURE_CHARS
                or line.startswith(skip)
                or HEADING_START_RE.match(line)
            ):
                break
            if not all(is_org_name(n) for n in split_issuers(line)):
                break
            sig.insert(0, (ls, le))
    if sig:
        found.spans["signature"] = (sig[0][0], sig[-1][1])
        names: list[str] = []
        for ls, le in sig:
            names.extend(split_issuers(text[ls:le]))
        if any(infer_level_region(n)[0] for n in names):  # 运输局 alone (a signature broken by a PDF) is none
            found.signature = tuple(dict.fromkeys(names))


def _scan_web_tail(text: str, lines: list[Span], found: _Found) -> None:
    """Web-page lines closing the text (打印本页 关闭窗口, 分享到): header spans, never body."""
    for j in range(len(lines) - 1, max(found.body_line, len(lines) - MAX_WEB_TAIL) - 1, -1):
        s, e = lines[j]
        if web_line(text, s, e) is None:
            break
        found.spans[f"web_tail{j}"] = (s, e)


def _apply_web_fields(found: _Found) -> None:
    """A labelled 成文日期 is the document's date; a labelled 标题 its title when no title line was read."""
    if found.date is None and found.title_date:
        found.date = found.title_date
    if found.date is None and found.web.get("date"):  # the signature's date wins over a page's field
        parts = parse_cn_date(found.web["date"].split()[0])
        if parts is not None:
            found.date = parts.isoformat()
    if found.title is None and found.web.get("title") and is_title_text(found.web["title"]):
        found.title = found.web["title"]


def _scan_publicity(text: str, found: _Found) -> None:
    last = None
    for last in publicity_re().finditer(text):  # noqa: B007 - the last mention is the document's own
        pass
    if last is not None:
        found.publicity = last["value"]
        found.spans["publicity"] = (last.start(), last.end())


def _issuers_from_title(title: str | None) -> tuple[str, ...]:
    if not title or "关于" not in title:
        return ()
    names = split_issuers(title[: title.index("关于")])
    if any(n.startswith(_PLACELESS) for n in names):  # 省人民政府关于…: the place left out, no issuer
        return ()
    return (
        names if names and all(_ends_org(n, national=False) or n in national_bodies() for n in names) else ()
    )


_PLACELESS = ("省人民政府", "市人民政府", "县人民政府", "区人民政府", "省政府", "市政府", "县政府", "区政府")


def _apply_overrides(meta: dict[str, Any], overrides: Mapping[str, Any]) -> list[str]:
    """Supplied metadata over what was read; the names of the fields supplied."""
    if overrides.get("title"):
        meta["title"] = str(overrides["title"]).strip()
    if overrides.get("doc_number"):
        dn = parse_doc_number(str(overrides["doc_number"]))
        meta["doc_number"] = str(dn) if dn else str(overrides["doc_number"]).strip()
    if overrides.get("date"):
        raw = overrides["date"]
        date = raw if hasattr(raw, "isoformat") else parse_cn_date(str(raw))
        meta["date"] = date.isoformat() if date else str(raw).strip()
    if overrides.get("issuer"):
        raw = overrides["issuer"]
        meta["issuer"] = split_issuers(raw) if isinstance(raw, str) else tuple(str(x) for x in raw)
    if overrides.get("recipients"):
        raw = overrides["recipients"]
        meta["recipients"] = split_recipients(raw) if isinstance(raw, str) else tuple(str(x) for x in raw)
    if overrides.get("publicity"):
        meta["publicity"] = str(overrides["publicity"]).strip()
    return [k for k in meta if overrides.get(k)]


def _read(text: str) -> tuple[_Found, list[Span]]:
    """Every header and closing field of ``text`` (the folded view when the page is traditional)."""
    lines = _lines(text)
    found = _Found()
    if lines:
        _scan_head(text, lines, found)
        if not found.recipients or found.title is None:  # a saved page: the head above the recipients
            page = _Found(web=found.web, spans=dict(found.spans), red_head=found.red_head)
            page.doc_number = found.doc_number
            if read_page_head(text, lines, page):
                found = page
        if found.doc_number is None:
            _lone_doc_number(text, lines, found)
        _scan_closing(text, lines, found)
        _scan_web_tail(text, lines, found)
        _apply_web_fields(found)
        _scan_publicity(text, found)
    return found, lines


def _lone_doc_number(text: str, lines: list[Span], found: _Found) -> None:
    """A line that is only a 文号 (渝府令第 121 号) before the first heading of the page head is the
    document's own: citations stand inside sentences, never alone on a line."""
    for s, e in lines[:MAX_PAGE_HEAD]:
        if HEADING_START_RE.match(text[s:e]):
            return
        if parse_doc_number(text[s:e]) is not None and (hits := find_doc_numbers(text[s:e])):
            found.doc_number, found.spans["doc_number"] = str(hits[0][2]), (s + hits[0][0], s + hits[0][1])
            return


def _printed(view: Folded, found: _Found) -> None:
    """Spans of the folded view mapped back to the text as printed; the title as printed."""
    found.spans = {k: view.span(s, e) for k, (s, e) in found.spans.items()}
    if found.title is not None and "title" in found.spans:
        raw = view.original[slice(*found.spans["title"])]
        title = "".join(part.strip() for part in raw.splitlines())
        found.title = title[1:-1] if title.startswith("《") and title.endswith("》") else title


def analyse_header(ctx: DocContext) -> None:
    """Detect title, 文号, issuer, recipients, date, level, region and publicity into ``ctx.meta``.

    Also sets ``ctx.header_spans`` (name -> ``(start, end)`` in ``ctx.text``) for title,
    doc_number, recipients, signature, date and publicity, whichever were found, and
    ``ctx.header_body_start``, the offset where the body begins after the header lines. A text in
    traditional characters is read through its simplified view (:func:`pipeline.text.variants.fold`);
    spans and the title stay those of the text as printed. ``document.field_sources`` says where each
    field came from: ``text``, ``supplied`` (metadata given by the caller) or ``inferred:<from>``.
    """
    view = fold(page_marks(year_zeros(ctx.text)))  # same length until fold drops pinyin annotations
    found, lines = _read(view.text)
    body_start = lines[found.body_line][0] if found.body_line < len(lines) else len(view.text)
    read_title = found.title  # in simplified characters: what issuer and place are read from
    if view.changed or view.original != ctx.text:
        view = Folded(ctx.text, view.text, view.index)
        _printed(view, found)
        body_start = view.pos(body_start)
    overrides: Mapping[str, Any] = ctx.meta_overrides
    sources: dict[str, str] = {}
    issuers = found.signature or _issuers_from_title(read_title)
    if not issuers and found.red_head:
        issuers = split_issuers(found.red_head)
    if not issuers and found.web.get("issuer") and is_org_name(found.web["issuer"]):  # 发文机关: 国务院办公厅
        issuers = split_issuers(found.web["issuer"])  # (县政府网站, a site named as publisher, is none)
    if issuers:
        sources["issuer"] = "text"
    info = _series_info(found.doc_number, view.text)
    # the issuer is what the page prints: a 文号 series (海府, 鄂政发) gives level and place, never the issuer
    # (the series may be the government's or its office's: 吉府发 printed by 吉安市人民政府办公室)
    meta: dict[str, Any] = {
        "title": found.title,
        "doc_number": found.doc_number,
        "issuer": tuple(issuers),
        "recipients": found.recipients,
        "date": found.date,
        "publicity": found.publicity,
    }
    sources.update({k: "text" for k in ("title", "doc_number", "date") if meta[k]})
    sources.update({k: "supplied" for k in _apply_overrides(meta, overrides)})
    level, region, origin = _place(
        {
            **meta,
            "title": meta["title"] if "title" in sources and sources["title"] == "supplied" else read_title,
        },
        info,
        view.text,
    )
    if overrides.get("level") in LEVELS:
        level, origin = overrides["level"], "supplied"
    if overrides.get("region"):
        region, sources["region"] = region_from_name(str(overrides["region"])), "supplied"
    if level:
        sources["level"] = origin
    region = complete_region(region)
    if (region.province or region.city or region.county) and "region" not in sources:
        sources["region"] = origin
    printed = ctx.text[slice(*found.spans["doc_number"])] if "doc_number" in found.spans else None
    if sources.get("doc_number") == "supplied":
        printed = str(overrides["doc_number"]).strip()
    warnings = tuple(ctx.meta.warnings) + tuple(impossible_dates(view.text))
    ctx.meta = dataclasses.replace(
        ctx.meta,
        level=level,
        region=region,
        region_code=region_code(region),
        warnings=warnings,
        field_sources=sources,
        doc_number_printed=printed if meta["doc_number"] else None,
        **meta,
    )
    ctx.header_spans = found.spans
    ctx.header_body_start = body_start
    logger.debug("header of %s: %s", ctx.meta.source, found.spans)


def _series_info(doc_number: str | None, text: str) -> dict | None:
    """Who issues under the 文号's series (:func:`prefix_info`), read among the prefectures of the
    province the text names most (武政发 in a text of 甘肃省 is 武威市's, 青政发 in one of 山东省 青岛市's)."""
    if not doc_number:
        return None
    prefix = parse_doc_number(doc_number).prefix
    province = dominant_place(text, "provincial").province
    return prefix_info(prefix, province)


def _place(meta: dict[str, Any], info: dict | None, text: str) -> tuple[str | None, Region, str]:
    """Level, region and where they come from: the issuer, the 文号, the title or the recipients."""
    level, region = most_local(meta["issuer"])  # joint issuers: the most local level
    if level is not None:
        return level, region, "inferred:issuer"
    by_number = (
        (info["level"], Region(province=info.get("province"), city=info.get("city")), "inferred:docnumber")
        if info and info.get("level")
        else None
    )
    if by_number and info.get("known"):  # a listed series (国发, 鲁政发)
        return by_number
    level, region = title_level_region(meta["title"])  # 商务部关于…, 镇巴县人民政府工作规则
    if level is not None:  # a place named in the title beats an abbreviation guessed for the 文号
        return level, region, "inferred:title"
    if by_number:
        return by_number
    if level := recipients_level(meta["recipients"]):  # 各市人民政府，… -> provincial
        return level, dominant_place(text, level), "inferred:recipients"
    return None, Region(), ""

"""Lines that government web pages put around a document: metadata fields, share, print and font controls.

``索引号：… 主题分类：…``, ``发文机关：国务院办公厅  成文日期：2021年07月24日``, ``| 发文字号： | 国办发〔2021〕30号 |``,
``字号：大 中 小  打印本页  关闭窗口  分享到``, ``首页 > 政策 > 文件``: :func:`web_line` reads one such line
into its labelled fields, or says it is not one. The header stage skips these lines, takes the document's
own 文号 and 成文日期 from them, and a title from 标题 when no title line is found. Vocabulary:
``resources/web_page_lines.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.resources import load_json
from pipeline.text.pieces import alternation, longest_first

# Separators inside a web line: a table pipe, spaces (U+3000 included), and the brackets that wrap
# controls ([ 大 中 小 ], 【打印】).
_SEP_RE = re.compile(
    r"(?:\s*\|\s*|[ \t\u3000\xa0]+|[\[\]【】•·▪●◆■]|-(?=[ \t]))"
)  # bullets: - / • 发文字号：
_SPACE_RE = re.compile(r"[ \t\u3000\xa0]")


@dataclass(frozen=True, slots=True)
class WebField:
    """One labelled field of a web line: its kind (number, date, published, title, issuer, other),
    the label as vocabulary spells it, and the value's offsets in the scanned text."""

    kind: str
    label: str
    start: int
    end: int


@cache
def _vocab() -> dict:
    return load_json("web_page_lines.json")


def _spaced(word: str) -> str:
    """``标题`` -> a pattern allowing spaces between the characters (标　　题)."""
    return r"[ \t\u3000\xa0]*".join(map(re.escape, word))


@cache
def _label_re() -> re.Pattern[str]:
    v = _vocab()
    kinds = ("number", "date", "published", "title", "issuer", "other")
    parts = []
    for kind in kinds:
        parts.append(f"(?P<{kind}>{alternation(v[f'{kind}_labels'], _spaced)})")
    # A label ends with a colon, or a space or a cell border follows it (| 索引号 | 0001/2021 |).
    return re.compile(rf"(?:{'|'.join(parts)})[ \t\u3000\xa0]*(?:[：:]|(?<=[ \t\u3000\xa0])|(?=\||$))")


@cache
def _navigation_re() -> re.Pattern[str]:
    words = alternation(_vocab()["navigation"], _spaced)
    return re.compile(rf"(?:{words})(?:[：:]|(?=[\s|\]】]|$))")


def _value_end(text: str, pos: int, end: int) -> int:
    """Where a value starting at ``pos`` ends: a pipe, two spaces, or a space before the next label."""
    i = pos
    while i < end:
        ch = text[i]
        if ch == "|":
            break
        if _SPACE_RE.match(ch):
            j = i
            while j < end and _SPACE_RE.match(text[j]):
                j += 1
            if (
                j - i >= 2
                or j >= end
                or _label_re().match(text, j, end)
                or _navigation_re().match(text, j, end)
            ):
                break
            i = j
            continue
        i += 1
    return i


def web_line(text: str, start: int, end: int) -> list[WebField] | None:
    """The labelled fields of ``text[start:end]`` when the line is a web line, else None.

    A web line holds only labelled fields, navigation words and separators, or is a breadcrumb
    (首页 > 政策); a line with a sentence in it is not one.
    """
    line = text[start:end]
    if any(line.startswith(w) for w in _vocab()["breadcrumb_starts"]) and re.search(r"[>＞»›]", line):
        return []
    if line.strip().rstrip(":：").strip() in _vocab()["breadcrumb_starts"]:
        return []  # 您的位置: with the path on the lines after it
    fields: list[WebField] = []
    pos, seen = start, False
    while pos < end:
        sep = _SEP_RE.match(text, pos, end)
        if sep and sep.end() > pos:
            pos = sep.end()
            continue
        nav = _navigation_re().match(text, pos, end)
        if nav:
            pos, seen = nav.end(), True
            continue
        label = _label_re().match(text, pos, end)
        if label is None:
            return None
        kind = label.lastgroup or "other"
        v_start = pos = label.end()
        while v_start < end and (_SPACE_RE.match(text[v_start]) or text[v_start] in "|[【"):
            v_start += 1
        if _label_re().match(text, v_start, end):  # an empty value: the next label follows
            pos, seen = v_start, True
            continue
        v_end = _value_end(text, v_start, end)
        while v_end > v_start and _SPACE_RE.match(text[v_end - 1]):
            v_end -= 1
        if v_end > v_start:
            fields.append(WebField(kind, label.group(kind), v_start, v_end))
        pos, seen = v_end, True
    return fields if seen else None


def starts_with_label(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` opens with a labelled field (发布时间:…, 【发文字号】…) or navigation."""
    pos = start
    while pos < end and text[pos] in " \t\u3000\xa0|[【-•·":
        pos += 1
    return bool(_label_re().match(text, pos, end) or _navigation_re().match(text, pos, end))


def noise_line(line: str) -> bool:
    """A line of aggregator or library-export noise (下载本文, 【法宝引证码】, 原文链接：…)."""
    s = line.strip().lstrip("-•·*# \u3000")
    return s.startswith(tuple(_vocab()["noise_lines"]))


def cut_title_prefix(line: str) -> int:
    """How many characters of a title line are the page's prefix (转发:, 政务服务丨), 0 when none."""
    for p in longest_first(_vocab()["title_prefixes"]):
        if line.startswith(p):
            return len(p)
    for mark in _vocab()["title_column_marks"]:
        i = line.find(mark)
        if 0 < i <= _MAX_COLUMN_NAME and not re.search(r"[\s：:，,。]", line[:i]):
            return i + len(mark)
    return 0


_MAX_COLUMN_NAME = 8  # 政务服务丨: a column name before its mark is short


BULLETS = "•·▪●◆■"  # the marks a page puts before its metadata fields
_LABEL_LEAD = " \t\u3000\xa0|-" + BULLETS  # what may stand before a lone label


def label_only(text: str, start: int, end: int) -> WebField | None:
    """A line that is one label and nothing else (• 发文字号: with the value on the next line): the field
    with an empty value at the end of the line, else None."""
    pos = start
    while pos < end and text[pos] in _LABEL_LEAD:
        pos += 1
    m = _label_re().match(text, pos, end)
    if m is None or text[m.end() : end].strip(" \t\u3000\xa0|：:"):
        return None
    kind = m.lastgroup or "other"
    return WebField(kind, m.group(kind), end, end)

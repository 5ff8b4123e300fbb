"""Hand-written regular expressions of the clause-tree, sentence and table steps, compiled once.

Every pattern is applied to one line's content (``text[line.start:line.end]``) with ``match`` at the
line start, never to a normalised copy of the text, so offsets stay exact. Each carries a comment saying
why it looks the way it does.
"""

from __future__ import annotations

import re

from pipeline.text.dates import DATE_LINE_RE  # noqa: F401  (used by clauses.py through this module)
from pipeline.text.pieces import DIGIT as D
from pipeline.text.pieces import LABEL_CN as CN  # Chinese numerals of labels (一 … 九十九, 第一〇章)

# One entry per numbering style: (style, kind, pattern). The pattern matches the label at the start of
# a line's content; group "label" is the label as written. Styles are nested by the order in which they
# appear (see clauses.py), kinds name what the style conventionally is (GB/T 9704: 一、→（一）→1.→（1）).
LABEL_STYLES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    # 第一章 / 第一部分 / 第一编 / 第一篇: chapter-like divisions of plans and regulations. A separator
    # (space, 、, ：) or the end of line must follow, so "第一章节奏" prose is unlikely to match.
    ("chapter", "part", re.compile(rf"(?P<label>第{CN}{{1,4}}(?:章|部分|编|篇))(?=[\s　、：:]|$)")),
    # 第一节: subdivisions of chapters.
    ("division", "section", re.compile(rf"(?P<label>第{CN}{{1,4}}节)(?=[\s　、：:]|$)")),
    # 第一条: articles of regulations and measures; the body usually follows on the same line.
    ("article", "item", re.compile(rf"(?P<label>第{CN}{{1,5}}条)(?=[\s　、：:]|$)")),
    # 一、 top-level parts. 一、二级 / 三、四季度 (two numerals joined by 、) are enumerations, not labels.
    ("cn", "part", re.compile(rf"(?P<label>{CN}{{1,3}}、)(?!{CN}{{1,2}}[、级类季年批期])")),
    # （一） (一): sections, half- or full-width brackets, mixed forms (一）as typed in the wild included.
    ("paren_cn", "section", re.compile(rf"(?P<label>[（(]{CN}{{1,3}}[）)])")),
    # 1. 1． 1、: items. Not followed by a digit (1.5倍, 2.0版) nor by % or a unit-like dot sequence; at
    # most two digits so years (2021.) never match.
    ("arabic", "item", re.compile(rf"(?P<label>{D}{{1,2}}[.．、])(?!{D}|[%％])")),
    # （1） (1): sub-items.
    ("paren_arabic", "item", re.compile(rf"(?P<label>[（(]{D}{{1,2}}[）)])")),
    # ① ... ⑳: sub-sub-items.
    ("circled", "item", re.compile(r"(?P<label>[①-⑳])")),
)

# —— bullets (goal lists): two em dashes (or a doubled horizontal bar) at the line start.
BULLET_RE = re.compile(r"(?P<label>——|──|—{2,}|[•●▪■◆])")

# A line that is only an annex label: 附件 / 附件1 / 附件 2 / 附件4-1 / 附件一 (optionally followed by a
# colon and nothing else). The annex title is the next non-blank line.
ANNEX_RE = re.compile(rf"附\s*件\s*(?:{D}{{1,2}}(?:\s*[-－—]\s*{D}{{1,2}})?|{CN}{{1,3}})?\s*$")
ANNEX_COLON_RE = re.compile(rf"附\s*件\s*(?:{D}{{1,2}}(?:\s*[-－—]\s*{D}{{1,2}})?|{CN}{{1,3}})\s*[：:]\s*$")

# 附件：1.xxx — the list of attachments after the body. What follows the colon (and the numbered lines
# after it) names the annexes; it must not become items of the last part.
ATTACH_LIST_RE = re.compile(r"附\s*件\s*[：:]")

# A table-of-contents line: dotted or ellipsis leaders then a page number (第一章 总则......1). Such lines
# repeat headings and must not open clauses.
# (only from the first leader of a run: a run that fails from its start fails from inside it, and
# retrying every position of a long run of dots is quadratic)
TOC_RE = re.compile(r"(?<![.．…·•⋯])(?:[.．…·•⋯]{3,}|…{2,})\s*\d{1,4}\s*$")

# Where a heading ends: the first sentence terminator after the label.
HEADING_END_RE = re.compile(r"[。！？；;!?]")

# Sentence terminators, bracket and quote marks whose nesting suppresses a split. One regex over a
# segment visits only these characters.
SENTENCE_MARKS_RE = re.compile(r"[。！？；;!?《》〔〕（）()“”【】「」]")
OPENERS = {"《": "《", "〔": "〔", "（": "(", "(": "(", "“": "“", "【": "【", "「": "「"}
CLOSERS = {"》": "《", "〕": "〔", "）": "(", ")": "(", "”": "“", "】": "【", "」": "「"}

# A cell delimiter at the end of a line in the one-cell-per-line table rendering ("政 策 内 容 |").
CELL_END_RE = re.compile(r"\s*\|$")
# A Markdown table separator row: |---|:---:|.
PIPE_SEPARATOR_RE = re.compile(r"\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
# A row number cell: the first cell of a data row in numbered tables (1, 12, 一, ３).
ROW_NUMBER_RE = re.compile(rf"(?:{D}{{1,3}}|{CN}{{1,3}})[.．、]?$")

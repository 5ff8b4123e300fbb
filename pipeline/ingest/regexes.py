"""The few hand-written regular expressions of ingestion, compiled once, each with the reason it exists."""

from __future__ import annotations

import re

from pipeline.text.pieces import CJK

# A charset declared by an HTML page: <meta charset="gb2312"> or
# <meta http-equiv="Content-Type" content="text/html; charset=GBK">. Searched in the raw bytes of the
# head, because the point is to learn how to decode them.
HTML_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)

# HTML's own whitespace (space, tab, LF, FF, CR) collapses to one space when rendered; U+3000 and
# U+00A0 are content (Chinese documents indent paragraphs with two U+3000), so they are not in the class.
HTML_SPACE = re.compile(r"[ \t\n\r\f]+")

# A line break in the HTML source between two East Asian wide characters renders as nothing, not as a
# space (CSS Text 3, segment break transformation): "指导，\n完整" is "指导，完整". Applied before HTML_SPACE.
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
HTML_WIDE_BREAK = re.compile(f"(?<=[{_WIDE}])[ \t\r\f]*\n[ \t\n\r\f]*(?=[{_WIDE}])")

# Line breaks inside one table cell (python-docx joins a cell's paragraphs with "\n"; Word's manual
# line break and vertical tab also occur): a table row must stay on one line.
CELL_BREAK = re.compile(r"[ \t]*[\r\n\v\u2028\u2029]+[ \t]*")

# Line breaks other than LF and CRLF: a CR alone (old Mac files), U+2028/U+2029 (line and paragraph
# separators of Word and web exports) and NEL. Each becomes one LF, so offsets do not move.
OTHER_BREAK = re.compile("\r(?!\n)|[\u2028\u2029\x85]")
# Control characters that XML 1.0, file names and spreadsheets refuse, mapped at ingest: C0 except tab,
# LF and CR, then DEL and C1 except NEL (a line break, above).
MAPPED_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")

# Detection scores: the share of non-ASCII characters that Chinese policy text is expected to hold
# (a wrong codec yields Hangul, kana, Latin letters, private-use or rare scripts instead), and the
# share of control characters other than tab, LF, VT, FF, CR (binary data).
NON_ASCII = re.compile(r"[^\x00-\x7f]")
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
PLAUSIBLE_NON_ASCII = re.compile(
    "["
    "\u00a0-\u00bf\u00d7\u00f7"  # Latin-1 symbols: NBSP, ·, °, ±, §, ×, ÷
    "\u0391-\u03c9"  # Greek letters (α, β in technical texts)
    "\u2010-\u206f"  # general punctuation, not U+2000-200F (a space in the wrong UTF-16 byte order)
    "\u2100-\u22ff"  # letterlike (℃), number forms (Ⅳ), arrows, math operators (≥)
    "\u2460-\u26ff"  # enclosed alphanumerics (①), box drawing, shapes (■), symbols (★)
    "\u2e80-\u2fdf"  # CJK radicals
    "\u3000-\u303f"  # CJK symbols and punctuation (、。〔〕《》)
    "\u3200-\u4dbf"  # enclosed CJK (㈠), CJK compatibility (㎡), extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\ufe30-\ufe4f"  # CJK compatibility forms
    "\uff01-\uff60\uffe0-\uffe6"  # full-width forms (，：；（）￥), not half-width katakana
    "\U00020000-\U0003134f"  # CJK extensions B-G
    "]"
)

# Spaces a PDF (or OCR) text layer puts between CJK and a digit ("2019 年 7 月 26 日", "97 号", "第 3 条"),
# and before CJK punctuation. Spaces between two CJK characters are kept: documents separate names with
# them ("市教育局 市财政局") and letter-space headings ("政 策 内 容").
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CLOSERS = "\u3009\u300b\u300d\u300f\u3011\u3015\u3017\uff09"  # 〉》」』】〕〗）
_CJK_PUNCT = f"\u3001\u3002{_CLOSERS}\uff01\uff0c\uff1a\uff1b\uff1f"  # 、。 closers ，：；？！
CJK_GAP = re.compile(
    f"(?<=[{_CJK}{_CLOSERS}])[ \\t\u00a0]+(?=[0-9])|(?<=[0-9%])[ \\t\u00a0]+(?=[{_CJK}])|[ \\t\u00a0]+(?=[{_CJK_PUNCT}])"
)

# A page number alone on a line of a page's top or bottom band: — 3 —, - 3 -, －3－, 第3页, 第 3 页 共 9 页,
# 3/11, 3 (the page numbers of printed 公文 are "— 3 —", GB/T 9704).
PAGE_NUMBER = re.compile(
    r"\s*(?:[—–\-－一]+\s*\d{1,4}\s*[—–\-－一]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})\s*"
)

# What opens an enumerated item (一、 （一） 1. 1、 (1) ①): a line opening with one starts a paragraph even
# after a line that reaches the right edge. 第X条 opens one only after a sentence end (SENTENCE_END), since a
# wrapped sentence may go on with 第三条规定; 1. is not 1.5.
ITEM_OPENER = re.compile(
    r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、](?!\d)|[①-⑳]"
)
ARTICLE_OPENER = re.compile(r"第[一二三四五六七八九十百\d]+[条章节]")
SENTENCE_END = re.compile(r"[。！？；：!?;:]$")
CLOSING_PUNCT = "、。，；：？！）》〕」』】,.;:?!)"

# The year of a 文号 as OCR reads it: the tortoise-shell brackets 〔〕 come out as lookalikes ({2021）,
# [2021], (2021〕). Set back to 〔2021〕 in OCR'd text only, where a year in brackets follows a 文号 prefix
# character and is followed by a serial and 号.
OCR_YEAR_BRACKETS = re.compile(
    rf"(?<={CJK})[{{(（\[【〔]\s*((?:19|20)\d\d)\s*[}})）\]】〕](?=\s*第?\s*\d{{1,4}}\s*号)"
)

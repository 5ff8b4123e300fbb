"""The few hand-written regular expressions of ingestion, compiled once, each with the reason it exists."""

from __future__ import annotations

import re

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

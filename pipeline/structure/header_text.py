"""The string tests of the header stage: does a line read as a title, an organisation, a recipient list.

Shared by :mod:`pipeline.structure.header` (the head and closing of a document) and
:mod:`pipeline.structure.pagehead` (the head of a saved page); :class:`_Found` is what they fill.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from pipeline.resources import load_lines
from pipeline.structure.docnumber import find_doc_numbers
from pipeline.structure.header_patterns import (
    COLON_RE,
    DIGIT_RE,
    HEADING_START_RE,
    QUOTED_RE,
    SENTENCE_PUNCT_RE,
    SPACE_RUN_RE,
    TITLE_NOTE_RE,
)
from pipeline.structure.regions import national_bodies, split_depth0
from pipeline.text.pieces import longest_first

MAX_TITLE_CHARS = 120
MAX_RECIPIENTS_CHARS = 400

Span = tuple[int, int]


@cache
def _title_words() -> tuple[str, ...]:
    return longest_first(load_lines("header_title_words.txt"))


@cache
def _org_suffixes() -> tuple[str, ...]:
    return load_lines("header_org_suffixes.txt")


def _lines(text: str) -> list[Span]:
    """Non-blank lines as ``(start, end)`` with surrounding whitespace excluded."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        seg = m.group()
        stripped = seg.strip()
        if stripped:
            start = m.start() + len(seg) - len(seg.lstrip())
            out.append((start, start + len(stripped)))
    return out


def _squash(s: str) -> str:
    return SPACE_RUN_RE.sub("", s)


def is_title_text(s: str) -> bool:
    """True when ``s`` (one or several joined lines) reads as a document title."""
    s = s.strip()
    unquoted = QUOTED_RE.sub("", s)  # punctuation inside “...” or 《...》 belongs to a quoted name
    if not 4 <= len(s) <= MAX_TITLE_CHARS or SENTENCE_PUNCT_RE.search(unquoted) or HEADING_START_RE.match(s):
        return False
    core = _squash(TITLE_NOTE_RE.sub("", s)).rstrip('”"》」〉')  # 通 知: a genre word spaced out
    return core.endswith(_title_words())


def is_org_name(s: str) -> bool:
    """True when ``s`` looks like an organisation (各县(区)人民政府, 市政府有关部门, 教育部)."""
    s = _squash(s).strip()
    if not s or DIGIT_RE.search(s) or SENTENCE_PUNCT_RE.search(s):
        return False
    return s.startswith(("各", "有关")) or _ends_org(s)


def _ends_org(s: str, *, national: bool = True) -> bool:
    bare = re.sub(r"[（(][^（()）]*[)）]$", "", _squash(s))  # 科技厅（委、局） -> 科技厅
    return bare.endswith(_org_suffixes()) or (national and bare in national_bodies())


def split_recipients(s: str) -> tuple[str, ...]:
    """主送机关 names: split on ，,；; outside brackets, and on 、 only when every piece is an organisation."""
    out: list[str] = []
    for piece in split_depth0(s, "，,；;"):
        piece = piece.strip()
        if not piece:
            continue
        subs = [p.strip() for p in split_depth0(piece, "、")]
        # 市工信局、市教育局 are two recipients; 各省、自治区、直辖市人民政府 is one (各省 is no organisation)
        whole = len(subs) == 1 or not all(_ends_org(p) and not DIGIT_RE.search(p) for p in subs)
        out.extend([piece] if whole else subs)
    return tuple(out)


@dataclass
class _Found:
    spans: dict[str, Span] = field(default_factory=dict)
    title: str | None = None
    doc_number: str | None = None
    recipients: tuple[str, ...] = ()
    red_head: str | None = None
    signature: tuple[str, ...] = ()
    date: str | None = None
    publicity: str | None = None
    body_line: int = 0
    web: dict[str, str] = field(default_factory=dict)  # web-page field kind -> first value
    title_date: str | None = None  # a date printed in brackets after the title ((1990年11月16日))


def _recipients(text: str, s: int, e: int, found: _Found, *, lenient: bool = False) -> bool:
    """Read a 主送机关 line (names, then a colon). ``lenient``: a list opening with 各… may end with a
    name of no known ending (…，驻哈部队：), as long as half of its names are organisations."""
    line = text[s:e]
    colon = COLON_RE.search(line)
    if not colon or colon.start() == 0 or colon.start() > MAX_RECIPIENTS_CHARS:
        return False
    names_text = line[: colon.start()]
    if re.search(r"[。；;！？]", names_text) or HEADING_START_RE.match(names_text):
        return False
    names = split_recipients(names_text)
    last_ok = bool(names) and (is_org_name(names[-1]) or (lenient and names[0].startswith("各")))
    if not last_ok or sum(map(is_org_name, names)) * 2 < len(names):
        return False
    if lenient and (DIGIT_RE.search(names_text) or find_doc_numbers(names_text)):
        return False
    found.recipients = names
    found.spans["recipients"] = (s, s + colon.end())
    return True

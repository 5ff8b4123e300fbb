"""文号 (document numbers): parse one, find them in running text, and say who issues under a prefix.

A 文号 is ``<prefix>〔<year>〕<serial>号`` (庆政发〔2021〕13号) or, for orders, ``<prefix>第<serial>号``
(国务院令第638号). Published texts vary the bracket (〔〕 [] () 【】 ﹝﹞ ...), add spaces, use full-width
digits or a 发文字号： label; :func:`parse_doc_number` accepts all of these and :class:`DocNumber`'s
``str()`` gives the normalised form.

Finding a 文号 in running text must decide where the prefix starts: in 落实国发〔2019〕4号 the ideographs
before the bracket are 落实国发 but the prefix is 国发. :func:`trim_prefix` cuts the run back, in order:

1. the longest run suffix that is a known prefix stem from ``doc_prefixes.csv`` (国发, 教职成, 甘政发)
   followed by at most ``max_prefix_tail`` tail characters (发/函/厅/办...: 教职成 + 厅函);
2. a region abbreviation (``regions.csv``, or derived from ``divisions.csv``) + 政/府 + tail (甘政办发, 粤府办, 庆政发);
3. a known stem followed by any short tail (工信部联 + 装);
4. otherwise the part after the last stop character (的, 和, 落实's 实, 转发's 转...), at most
   ``max_unknown_prefix`` (6) ideographs, or 13 for orders (an order's prefix is a whole body name + 令).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from functools import cache

from pipeline.models import DocNumber
from pipeline.resources import load_csv
from pipeline.structure.divisions import abbreviations, by_level, prefecture_of_abbreviation
from pipeline.structure.header_patterns import (
    DOCNO_ORDER_CORE_END_RE,
    DOCNO_ORDER_CORE_RE,
    DOCNO_ORDER_FULL_RE,
    DOCNO_ORDER_PREFIX_MAX,
    DOCNO_ORDER_RE,
    DOCNO_YEAR_CORE_END_RE,
    DOCNO_YEAR_CORE_RE,
    DOCNO_YEAR_FULL_RE,
    DOCNO_YEAR_PREFIX_MAX,
    DOCNO_YEAR_RE,
    WRAPPED_RE,
    doc_label_re,
    lexicon,
)
from pipeline.text.pieces import longest_first

logger = logging.getLogger(__name__)

MIN_YEAR, MAX_YEAR = 1900, 2100
_ORDER_MAX_PREFIX = 13


@cache
def _prefix_rows() -> dict[str, dict[str, str]]:
    return {r["prefix"]: r for r in load_csv("doc_prefixes.csv") if r.get("prefix")}


@cache
def _stems() -> tuple[str, ...]:
    """Known prefixes, longest first."""
    return longest_first(_prefix_rows())


def _known_stem(s: str) -> str | None:
    """The longest known prefix that ``s`` starts with."""
    return next((p for p in _stems() if s.startswith(p)), None)


def _tail_ok(tail: str, *, strict: bool) -> bool:
    lex = lexicon()
    if len(tail) > lex["max_prefix_tail"] or any(c in lex["prefix_stop_chars"] for c in tail):
        return False
    return not strict or all(c in lex["prefix_tail_chars"] for c in tail)


def _region_rule(s: str) -> bool:
    if not (len(s) >= 2 and s[0] in abbreviations() and s[1] in "政府"):
        return False
    # a derived prefecture abbreviation yields to a county named by the same characters: 文政发 is 文县's,
    # 和政发 和政县's, not 文山州's or 和田地区's
    return abbreviations()[s[0]].level == "province" or not ({s[0], s[:2]} & _county_shorts())


@cache
def _county_shorts() -> frozenset[str]:
    """County short names, with the one-character ones of 文县, 兴县 (kept whole in ``short``) too."""
    return frozenset(
        s for d in by_level("county") for s in (d.short, d.name[:-1] if len(d.name) == 2 else d.short)
    )


def trim_prefix(run: str, *, order: bool = False) -> str:
    """The 文号 prefix at the end of a run of ideographs found before a year bracket (see module doc)."""
    if not run:
        return run
    for i in range(len(run)):  # 1. leftmost start giving a known stem + strict tail
        stem = _known_stem(run[i:])
        if stem and _tail_ok(run[i + len(stem) :], strict=True):
            return run[i:]
    for i in range(len(run)):  # 2. region abbreviation + 政/府
        if _region_rule(run[i:]) and _tail_ok(run[i + 2 :], strict=True):
            return run[i:]
    for i in range(len(run)):  # 3. known stem + any short tail
        stem = _known_stem(run[i:])
        if stem and _tail_ok(run[i + len(stem) :], strict=False):
            return run[i:]
    stops = lexicon()["prefix_stop_chars"]
    cut = max((i + 1 for i, c in enumerate(run) if c in stops), default=0)
    limit = _ORDER_MAX_PREFIX if order else lexicon()["max_unknown_prefix"]
    return run[cut:][-limit:]


def _make(prefix: str, year: str | None, serial: str, raw: str) -> DocNumber | None:
    y = int(year) if year is not None else None  # int() reads full-width digits too
    if y is not None and not MIN_YEAR <= y <= MAX_YEAR:
        return None
    n = int(serial)
    if n <= 0:
        return None
    return DocNumber(prefix=prefix, year=y, serial=n, raw=raw)


def parse_doc_number(s: str) -> DocNumber | None:
    """Parse a string that is one 文号, or return None.

    Accepts bracket variants around the year, inner spaces, full-width digits, a leading 发文字号：/文号:
    label, an outer pair of brackets, and orders (国务院令第638号). Rejects dates, bare numbers and
    sentences: the prefix must be 1-12 ideographs with no stop character (的, 落实...).

    Args:
        s: e.g. "庆政发 〔 2021 〕 13 号", "发文字号：国办发[2020]1号", "国务院令第638号".

    Returns:
        The :class:`DocNumber` (``raw`` is ``s``), or None.
    """
    if not isinstance(s, str):
        return None
    text = doc_label_re().sub("", s.strip(), count=1).strip()
    wrapped = WRAPPED_RE.match(text)
    if wrapped:
        text = wrapped["inner"].strip()
    stops = lexicon()["prefix_stop_chars"]
    m = DOCNO_YEAR_FULL_RE.fullmatch(text)
    if m and not any(c in stops for c in m["prefix"]):
        return _make(m["prefix"], m["year"], m["serial"], s)
    m = DOCNO_ORDER_FULL_RE.fullmatch(text)
    if m and len(m["prefix"]) >= 2 and not any(c in stops for c in m["prefix"]):
        return _make(m["prefix"], None, m["serial"], s)
    return None


def find_doc_numbers(text: str) -> list[tuple[int, int, DocNumber]]:
    """Every 文号 in running text as ``(start, end, doc_number)``, sorted by start.

    ``text[start:end]`` is the 文号 itself (no surrounding brackets, prefix trimmed as in
    :func:`trim_prefix`) and equals ``doc_number.raw``.
    """
    found: list[tuple[int, int, DocNumber]] = []
    for pattern, order in ((DOCNO_YEAR_RE, False), (DOCNO_ORDER_RE, True)):
        for m in _anchored_finditer(pattern, text, order=order):
            run = m["prefix"]
            prefix = trim_prefix(run, order=order)
            if not prefix or (order and len(prefix) < 2):
                continue
            start = m.start("prefix") + len(run) - len(prefix)
            year = None if order else m["year"]
            dn = _make(prefix, year, m["serial"], text[start : m.end()])
            if dn is not None:
                found.append((start, m.end(), dn))
    found.sort(key=lambda t: (t[0], -t[1]))
    out: list[tuple[int, int, DocNumber]] = []
    for item in found:
        if not out or item[0] >= out[-1][1]:
            out.append(item)
    return out


def _anchored_finditer(pattern: re.Pattern[str], text: str, *, order: bool) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)`` (a 文号 pattern: a prefix of ideographs, then its core),
    found from the cores instead of trying the prefix at every character (speed only).

    A match ends where its core ends and starts at most the prefix's maximum length (plus the spaces
    before the core) before the core, so each core is searched for in that stretch alone; a stretch
    starts no earlier than the previous match's end, as ``finditer``'s matches do not overlap.
    """
    if order:
        cores, core_end, longest = DOCNO_ORDER_CORE_RE, DOCNO_ORDER_CORE_END_RE, DOCNO_ORDER_PREFIX_MAX
    else:
        cores, core_end, longest = DOCNO_YEAR_CORE_RE, DOCNO_YEAR_CORE_END_RE, DOCNO_YEAR_PREFIX_MAX
    last_end = 0
    for core in cores.finditer(text):
        at = core.start()
        if at < last_end:
            continue
        end = core_end.match(text, at)
        assert end is not None  # the lookahead matched the same core
        lo = at
        while lo > last_end and text[lo - 1] in _HORIZONTAL_SPACE:
            lo -= 1
        m = pattern.search(text, max(last_end, lo - longest), end.end())
        if m is not None:
            yield m
            last_end = m.end()


# what SP (``[^\S\r\n]``) matches: every whitespace character but the line breaks; all lie below U+3001
_HORIZONTAL_SPACE = frozenset(c for c in map(chr, range(0x3001)) if c.isspace() and c not in "\r\n")


def prefix_info(prefix: str, province: str | None = None) -> dict[str, str | None] | None:
    """Who issues under a 文号 prefix: ``{"issuer", "level", "province", "city"}`` or None when unknown.

    Known prefixes (and stems: 教职成厅函 -> 教职成) come from ``doc_prefixes.csv``; otherwise a region
    abbreviation + 政/府 gives that province's (or prefecture's) people's government. ``province``, when
    the document's province is known from elsewhere, reads the character among that province's
    prefectures only (武政发 in 甘肃省 is 武威市's, in 湖北省 武汉市's; 成府 in 四川省 is 成都市's, although
    甘肃's 成县 keeps the character from being read without a province).
    """
    prefix = (prefix or "").strip()
    stem = _known_stem(prefix)
    local = None
    if province and len(prefix) >= 2 and prefix[1] in "政府":
        div = prefecture_of_abbreviation(prefix[0], province, prefix[1])
        if div is not None:
            local = {
                "issuer": f"{div.name}人民政府",
                "level": "municipal",
                "province": province,
                "city": div.name,
            }
    if stem is not None:
        row = _prefix_rows()[stem]
        if local is not None and row.get("level") == "provincial" and row.get("province") != province:
            return local  # 青政发 in a text of 山东省 is 青岛市's, not 青海省's
        return {k: (row.get(k) or None) for k in ("issuer", "level", "province", "city")} | {"known": "yes"}
    if local is not None:
        return local
    if _region_rule(prefix):
        div = abbreviations()[prefix[0]]
        if div.level == "prefecture":
            return {
                "issuer": f"{div.name}人民政府",
                "level": "municipal",
                "province": div.province,
                "city": div.name,
            }
        return {"issuer": f"{div.name}人民政府", "level": "provincial", "province": div.name, "city": None}
    return None


def normalise_doc_number(s: str) -> str | None:
    """The normalised string of a 文号 (``str(parse_doc_number(s))``), or None when ``s`` is not one."""
    dn = parse_doc_number(s)
    return str(dn) if dn is not None else None

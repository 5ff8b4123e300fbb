"""Departments: government, party, school and other bodies named in a document, with their role.

Three sources, one record each (:class:`~pipeline.models.DepartmentMention`):

* cells of a responsibility table (``departments`` / ``lead`` / ``co`` columns): every piece of the cell
  is a body; role ``lead`` for the 牵头 column or the first piece of a single 责任部门 cell, ``co`` for
  the others;
* inline notes of State Council texts, （发展改革委、工业和信息化部牵头，各地区负责）: bodies before
  牵头 lead, bodies after it co-operate;
* everywhere else, role ``mentioned``.

Bodies are found by the lexicon ``departments.csv`` (names and aliases) and by the patterns of
``department_patterns.json`` for unseen ones (市数据局, 西峰职专). ``canonical`` resolves the bare
市/县/省 prefix against the document's region (市教育局 in a 庆阳市 document is 庆阳市教育局); without
a region the canonical is the full official name without a place (市发展和改革委员会). Collective words
(有关部门, 市政府有关部门, 各成员单位) are not reported outside table cells: they name no body.
"""

from __future__ import annotations

import bisect
import logging
from dataclasses import dataclass
from functools import cache

from pipeline.context import DocContext
from pipeline.extractors import actor_patterns as rx
from pipeline.models import DepartmentMention, Region
from pipeline.resources import load_csv, load_json

log = logging.getLogger(__name__)

DEPARTMENT_COLUMNS = ("departments", "lead", "co")


@dataclass(frozen=True, slots=True)
class Entry:
    """One body of the lexicon."""

    name: str
    level: str | None
    kind: str
    relative: str  # "", "city", "province" or "county"


@dataclass(frozen=True, slots=True)
class Found:
    """A body found in a text span (before roles and clauses are attached)."""

    start: int
    end: int
    name: str
    canonical: str
    level: str | None
    kind: str


def _key(name: str) -> str:
    """Lookup key of a written name: no whitespace, half-width parentheses."""
    return rx.WHITESPACE.sub("", name).replace("（", "(").replace("）", ")")


@cache
def _patterns() -> dict:
    return load_json("department_patterns.json")


@cache
def lexicon() -> dict[str, Entry]:
    """Every written form (name and aliases, as lookup keys) -> its lexicon entry."""
    out: dict[str, Entry] = {}
    for row in load_csv("departments.csv"):
        entry = Entry(row["name"], row["level"] or None, row["kind"] or "other", row.get("relative", ""))
        for form in (row["name"], *row["aliases"].split("|")):
            if form.strip():
                out.setdefault(_key(form), entry)
    return out


def region_places(region: Region | None) -> tuple[str, ...]:
    """Written names of the document's own places, full and short (庆阳市, 庆阳, 甘肃省, 甘肃)."""
    return tuple(dict.fromkeys(place for place, _part in _place_parts(region)))


def _place_parts(region: Region | None) -> list[tuple[str, str]]:
    """``(written place, region part)``: full names first, then short ones (庆阳市, 庆阳 -> city)."""
    out: list[tuple[str, str]] = []
    for part in ("city", "county", "province"):
        value = getattr(region, part, None) if region else None
        if value:
            out.append((value, part))
            if len(value) > 2 and value[-1] in "市省县区州":
                out.append((value[:-1], part))
    return out


def _resolve(name: str, relative: str, region: Region | None) -> str:
    """Put the region's place in front of a relative name (市教育局 -> 庆阳市教育局)."""
    part = getattr(region, relative, None) if region and relative else None
    if not part:
        return name
    if name.startswith("各"):
        return part + name
    for bare in "市县区省":
        if bare in name:
            return name.replace(bare, part, 1)
    return part + name


def _guess_level(key: str) -> str | None:
    pats = _patterns()
    for suffix, level in sorted(pats["level_by_suffix"].items(), key=lambda kv: -len(kv[0])):
        if key.endswith(suffix) and suffix != "部":
            return level
    for prefix, level in sorted(pats["level_by_prefix"].items(), key=lambda kv: -len(kv[0])):
        if key.startswith(prefix):
            return level
    if key.endswith("部") and not any(key.startswith(p) for p in "省市县区"):
        return "national"
    return None


def _guess_kind(key: str) -> str:
    for needle, kind in _patterns()["kind_rules"]:
        if needle in key:
            return kind
    return "other"


def canonicalize(name: str, region: Region | None = None) -> tuple[str, str | None, str]:
    """``(canonical, level, kind)`` of a written body name in a document of ``region``.

    >>> canonicalize("市发改委", Region("甘肃省", "庆阳市"))[0]
    '庆阳市发展和改革委员会'
    """
    key = _key(name)
    lex = lexicon()
    entry = lex.get(key)
    if entry is None and key.startswith("中共") and len(key) > 4:  # 中共庆阳市委组织部: look up the rest
        canonical, level, kind = canonicalize(key[2:], region)
        return ("中共" + canonical if not canonical.startswith("中共") else canonical), level, kind
    if entry is None:
        for place, part in _place_parts(region):  # written with its own place: 庆阳市教育局
            if not key.startswith(place) or len(key) <= len(place):
                continue
            rest = key[len(place) :]
            cand = rest
            if place == getattr(region, part):  # full name: 庆阳市 + 教育局 -> 市教育局
                cand = place[-1] + rest
            found = lex.get(cand)
            if found is not None and found.relative == part:
                entry = found
                break
    if entry is not None:
        return (
            _party(_resolve(entry.name, entry.relative, region), entry.name, entry.kind),
            entry.level,
            entry.kind,
        )
    canonical = key
    for written, official in _patterns()["canonical_suffix"].items():
        if canonical.endswith(written) and not canonical.endswith(official):
            canonical = canonical[: -len(written)] + official
            break
    relative = {"市": "city", "省": "province", "县": "county"}.get(canonical[:1], "")
    if (
        not relative
        and region is not None
        and region.city
        and not region.county
        and rx.BARE_DISTRICT_GOVERNMENT.fullmatch(canonical)
        and not canonical.startswith(region.city[:2])
    ):
        canonical = region.city + canonical  # 西峰区政府 in a 庆阳市 document: one of the city's districts
    kind = _guess_kind(key)
    return _party(_resolve(canonical, relative, region), canonical, kind), _guess_level(key), kind


def _party(resolved: str, written: str, kind: str) -> str:
    """Party committee organs are officially named with 中共: 市委组织部 in 庆阳市 -> 中共庆阳市委组织部.

    Only names that were resolved against the document's region get the prefix; a bare 市委组织部
    with no known region stays as it is.
    """
    if kind == "party" and resolved != written and not resolved.startswith("中共"):
        return "中共" + resolved
    return resolved


# ---- finding bodies in running text ------------------------------------------------------------
@cache
def _lexicon_regex(places: tuple[str, ...]):
    import re

    place = f"(?:{rx.alternation(places)})?" if places else ""
    return re.compile(f"{place}(?:{rx.trie_source(tuple(lexicon()))})")


def _lexicon_matches(text: str, places: tuple[str, ...]):
    """Lexicon matches, without those whose bare prefix belongs to another word (全市, 上市)."""
    blocked = _patterns()["prefix_blocked_before"]
    for m in _lexicon_regex(places).finditer(text):
        s = m.start()
        before = blocked.get(text[s], "") if s > 0 else ""
        if before and text[s - 1] in before:
            continue
        yield m


def _pattern_regexes(places: tuple[str, ...]):
    pats = _patterns()
    body = rx.body_pattern(
        tuple(pats["prefixes"]),
        tuple(sorted(pats["prefix_blocked_before"].items())),
        tuple(sorted(pats["prefix_not_followed_by"].items())),
        pats["body_stop"],
        int(pats["body_max"]),
        tuple(sorted(pats["suffixes"].items())),
        places,
    )
    school = rx.school_pattern(tuple(pats["school_suffixes"]), places, pats["school_not_followed_by"])
    return body, school, rx.group_pattern(places)


def find_departments(text: str, region: Region | None = None, offset: int = 0) -> list[Found]:
    """Bodies named in ``text`` (lexicon first, then patterns), longest non-overlapping spans.

    Offsets are ``offset`` + positions in ``text``.
    """
    places = region_places(region)
    pats = _patterns()
    generic_re = rx.word_regex(tuple(pats["generic"]))
    generic_places = set(pats["school_generic_places"])
    not_place = set(pats["body_stop"]) | set("和与及")
    body_re, school_re, group_re = _pattern_regexes(places)
    cands: list[tuple[int, int, int]] = []  # (start, end, priority: lower wins a tie)
    cands.extend((m.start(), m.end(), 0) for m in _lexicon_matches(text, places))
    for prio, regex in enumerate((body_re, group_re), start=1):
        cands.extend((m.start(), m.end(), prio) for m in regex.finditer(text))
    for m in school_re.finditer(text):
        place = m.group("place")
        if place not in generic_places and not not_place.intersection(place):
            cands.append((m.start(), m.end(), 3))
    generic = [(m.start(), m.end()) for m in generic_re.finditer(text)]
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2]))
    picked: list[tuple[int, int, int]] = []
    for cand in cands:
        if picked and cand[0] < picked[-1][1]:
            if cand[1] - cand[0] > picked[-1][1] - picked[-1][0]:
                picked[-1] = cand
            continue
        picked.append(cand)
    out = []
    g_starts = [g[0] for g in generic]
    for start, end, _prio in picked:
        i = bisect.bisect_right(g_starts, end) - 1
        if i >= 0 and generic[i][0] <= start and end <= generic[i][1]:
            continue  # part of 市政府有关部门 and the like
        name = rx.WHITESPACE.sub("", text[start:end])
        canonical, level, kind = canonicalize(name, region)
        out.append(Found(start + offset, end + offset, name, canonical, level, kind))
    return out


# ---- table cells --------------------------------------------------------------------------------
def split_department_cell(text: str) -> list[tuple[str, int, int]]:
    """Pieces of a responsibility cell as ``(piece, start, end)`` relative to ``text``.

    Splits on spaces, 、，,；;/ and line breaks, never inside parentheses (各县(区)政府 stays whole).
    """
    pieces: list[tuple[str, int, int]] = []
    depth, start = 0, None
    for i, ch in enumerate(text + " "):
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
        if depth == 0 and (ch in rx.CELL_SEPARATORS or i == len(text)):
            if start is not None:
                pieces.append((text[start:i], start, i))
                start = None
        elif start is None:
            start = i
    return [(p, s, e) for p, s, e in pieces if p.strip("|｜")]


def cell_departments(row) -> list[tuple[str, int, int, str]]:
    """``(name, start, end, role)`` of every body in a table row's responsibility cells, in order.

    The lead column comes first, then the co column; a single departments cell gives its first piece
    the role ``lead`` and the others ``co``. Offsets refer to the document text.
    """
    out: list[tuple[str, int, int, str]] = []
    lead, co, single = row.cell("lead"), row.cell("co"), row.cell("departments")
    cells = [(lead, "lead"), (co, "co")] if lead is not None or co is not None else [(single, None)]
    for cell, role in cells:
        if cell is None:
            continue
        for i, (piece, s, e) in enumerate(split_department_cell(cell.text)):
            r = role or ("lead" if i == 0 else "co")
            out.append((rx.WHITESPACE.sub("", piece), cell.start + s, cell.start + e, r))
    return out


# ---- the stage ----------------------------------------------------------------------------------
def _clause_finder(ctx: DocContext):
    if ctx.sentences:
        ctx.index()

        def find(offset: int) -> str | None:
            sent = ctx.sentence_at(offset)
            if sent is not None:
                return sent.clause_id
            clause = ctx.clause_at(offset)
            return clause.clause_id if clause else None

        return find
    return lambda offset: c.clause_id if (c := ctx.clause_at(offset)) else None


def _inline_roles(text: str) -> list[tuple[int, int, int]]:
    """``(start, end, lead_until)`` of the inline responsibility notes of ``text``."""
    out = []
    for m in rx.INLINE_RESPONSIBILITY.finditer(text):
        lead = rx.LEAD_MARK.search(text, m.start(1), m.end(1))
        out.append((m.start(1), m.end(1), lead.start() if lead else m.end(1)))
    return out


def run(ctx: DocContext) -> None:
    """Fill ``ctx.departments`` from table cells, inline notes and running text."""
    region = ctx.meta.region
    mentions: list[DepartmentMention] = []
    covered: list[tuple[int, int]] = []
    for row in ctx.table_rows:
        for col in DEPARTMENT_COLUMNS:
            cell = row.cell(col)
            if cell is not None:
                covered.append((cell.start, cell.end))
        for name, start, end, role in cell_departments(row):
            canonical, level, kind = canonicalize(name, region)
            mentions.append(
                DepartmentMention(
                    row.clause_id, ctx.text[start:end], start, end, name, canonical, level, kind, role
                )
            )
    covered.sort()
    cov_starts = [c[0] for c in covered]
    notes = _inline_roles(ctx.text)
    note_starts = [n[0] for n in notes]
    clause_of = _clause_finder(ctx)
    for f in find_departments(ctx.text, region):
        i = bisect.bisect_right(cov_starts, f.start) - 1
        if i >= 0 and covered[i][0] <= f.start < covered[i][1]:
            continue
        role = "mentioned"
        j = bisect.bisect_right(note_starts, f.start) - 1
        if j >= 0 and notes[j][0] <= f.start and f.end <= notes[j][1]:
            role = "lead" if f.start < notes[j][2] else "co"
        mentions.append(
            DepartmentMention(
                clause_of(f.start),
                ctx.text[f.start : f.end],
                f.start,
                f.end,
                f.name,
                f.canonical,
                f.level,
                f.kind,
                role,
            )
        )
    mentions.sort(key=lambda m: (m.start, m.end))
    ctx.departments.extend(mentions)
    log.debug("departments: %d mentions", len(mentions))

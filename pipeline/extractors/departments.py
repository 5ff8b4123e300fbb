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
import itertools
import logging
from dataclasses import dataclass
from functools import lru_cache

from pipeline.context import DocContext
from pipeline.extractors import actor_patterns as rx
from pipeline.extractors.department_names import (
    canonicalize,
    function_of,
    lexicon,
    place_before,
    region_places,
    short_division,
)
from pipeline.extractors.department_names import patterns as _patterns
from pipeline.models import DepartmentMention, Region
from pipeline.structure.divisions import expand_group, group_words, named

log = logging.getLogger(__name__)

DEPARTMENT_COLUMNS = ("departments", "lead", "co")
MIN_RUN_TOGETHER = 5  # characters: a shorter piece is one name (市政府)


@dataclass(frozen=True, slots=True)
class Found:
    """A body found in a text span (before roles and clauses are attached)."""

    start: int
    end: int
    name: str
    canonical: str
    level: str | None
    kind: str


# ---- finding bodies in running text ------------------------------------------------------------
@lru_cache(maxsize=64)  # one per region of a batch's documents; bounded (a national batch has ~3,200)
def _lexicon_regex(places: tuple[str, ...]):
    import re

    place = f"(?:{rx.alternation(places)})?" if places else ""
    return re.compile(f"{place}(?:{rx.trie_source(tuple(lexicon()))})")


def _lexicon_matches(text: str, places: tuple[str, ...]):
    """Lexicon matches, without those whose bare prefix belongs to another word (全市, 上市)."""
    blocked = _patterns()["prefix_blocked_before"]
    bare = _patterns()["level_prefixes"]
    for m in _lexicon_regex(places).finditer(text):
        s = m.start()
        if text[s] in bare and (p := place_before(text, s)) is not None:
            yield p, m.end()  # a place of China before a bare-prefixed organ: 番禺 + 区人民政府
            continue
        before = blocked.get(text[s], "") if s > 0 else ""
        if before and text[s - 1] in before:
            continue
        yield s, _branch_end(text, m.end())


def _branch_end(text: str, end: int) -> int:
    """The end of a national body's local branch written after it (中国人民银行 + 山东省分行), else ``end``."""
    suffixes = tuple(_patterns()["branch_suffixes"])
    for k in range(2, 9):
        place = text[end : end + k]
        known = named(place) or short_division(place)
        if known is None or known.level == "county":
            continue
        tail = next((x for x in suffixes if text.startswith(x, end + k)), None)
        if tail:
            return end + k + len(tail)
    return end


def _institutions(text: str, places: tuple[str, ...]):
    """Schools, universities, enterprises: a place of China, an optional level character, at most
    ``institution_body_max`` name characters and an institution suffix (兰州大学, 甘肃电投集团有限公司),
    or an ordinal school with or without place (第一中学). Found from the suffix leftwards: a regex
    with every place of China in front would be tried at every character."""
    pats = _patterns()
    stop = set(pats["body_stop"])
    body_max = int(pats["institution_body_max"])
    suffix_re, ordinal_re = rx.institution_patterns(
        tuple(pats["institution_suffixes"]), tuple(pats["ordinal_schools"])
    )
    for regex, need_place in ((suffix_re, True), (ordinal_re, False)):
        for m in regex.finditer(text):
            best, j = None, m.start()
            for _ in range(body_max + 1 if need_place else 1):
                for end in (j, j - 1) if j > 0 and text[j - 1] in "省市县区" else (j,):
                    p = place_before(text, end, places)
                    if p is not None:
                        best = p
                if j == 0 or text[j - 1] in stop or not rx.is_han(text[j - 1]):
                    break
                j -= 1
            if best is not None or not need_place:
                yield (best if best is not None else m.start()), m.end()


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
    groups = pats["division_groups"]
    division_group = rx.division_group_pattern(tuple(groups["words"]), tuple(groups["tails"]))
    return body, school, rx.group_pattern(places), division_group


def _generic_end(name: str) -> bool:
    """A pattern match that ends in a generic word (青岛市中小学 names all schools, not one)."""
    return name.endswith(tuple(_patterns()["institution_generic_endings"]))


def find_departments(text: str, region: Region | None = None, offset: int = 0) -> list[Found]:
    """Bodies named in ``text`` (lexicon first, then patterns), longest non-overlapping spans.

    Offsets are ``offset`` + positions in ``text``.
    """
    places = region_places(region)
    pats = _patterns()
    generic_re = rx.word_regex(tuple(pats["generic"]))
    generic_places = set(pats["school_generic_places"])
    not_place = set(pats["body_stop"]) | set("和与及")
    body_re, school_re, group_re, division_group_re = _pattern_regexes(places)
    cands: list[tuple[int, int, int]] = []  # (start, end, priority: lower wins a tie)
    cands.extend((s, e, 0) for s, e in _lexicon_matches(text, places))
    for prio, regex in enumerate((body_re, group_re, division_group_re), start=1):
        cands.extend((m.start(), m.end(), prio) for m in regex.finditer(text))
    cands.extend((s, e, 4) for s, e in _institutions(text, places) if not _generic_end(text[s:e]))
    for m in school_re.finditer(text):
        place = m.group("place")
        if place not in generic_places and not not_place.intersection(place):
            cands.append((m.start(), m.end(), 5))
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


def members(name: str, region: Region | None) -> tuple[str, ...]:
    """Division codes of a group name (各县（区）人民政府 in a 庆阳市 document: its 8 counties)."""
    words = group_words(name)
    if not words or not (name.startswith("各") or len(words) > 1):
        return ()  # 市政府 is the city's own government, not a group
    return tuple(d.code for d in expand_group(name, region) if d.code)


# ---- table cells --------------------------------------------------------------------------------
def split_department_cell(text: str) -> list[tuple[str, int, int]]:
    """Pieces of a responsibility cell as ``(piece, start, end)`` relative to ``text``.

    Splits on spaces, 、，,；;/ and line breaks, never inside parentheses (各县(区)政府 stays whole),
    and a piece that is several names run together into those names.
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
    out: list[tuple[str, int, int]] = []
    for piece, begin, _end in pieces:
        if piece.strip("|｜"):
            out.extend((text[s:e], s, e) for s, e in _run_together(piece, begin))
    return out


def _run_together(piece: str, start: int) -> list[tuple[int, int]]:
    """A piece that is several bodies written without a separator (an OCR'd or PDF cell loses the
    spaces: 市教育局各县(区)政府) as its bodies, when the names found cover it all; else the piece whole."""
    found = find_departments(piece) if len(piece) > MIN_RUN_TOGETHER else []
    if len(found) < 2 or found[0].start != 0 or found[-1].end != len(piece):
        return [(start, start + len(piece))]
    if any(not piece[a.end : b.start].isspace() and a.end != b.start for a, b in itertools.pairwise(found)):
        return [(start, start + len(piece))]
    return [(start + f.start, start + f.end) for f in found]


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
    labels = _patterns()["note_labels"]
    note_re, co_re = rx.labelled_note_patterns(tuple(labels["lead"]), tuple(labels["co"]))
    for m in note_re.finditer(text):  # （牵头单位：A；责任单位：B）: A leads, B co-operates
        co = co_re.search(text, m.start(1), m.end(1))
        lead_first = not text.startswith(tuple(labels["co"]), m.start(1))
        out.append((m.start(1), m.end(1), (co.start() if co else m.end(1)) if lead_first else m.start(1)))
    taken = [(s, e) for s, e, _ in out]
    for m in rx.INLINE_RESPONSIBILITY.finditer(text):
        if any(s <= m.start(1) < e for s, e in taken):
            continue
        lead = rx.LEAD_MARK.search(text, m.start(1), m.end(1))
        out.append((m.start(1), m.end(1), lead.start() if lead else m.end(1)))
    return sorted(out)


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
                    row.clause_id,
                    ctx.text[start:end],
                    start,
                    end,
                    name,
                    canonical,
                    level,
                    kind,
                    role,
                    function_of(canonical),
                    members(name, region),
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
                function_of(f.canonical),
                members(f.name, region),
            )
        )
    mentions.sort(key=lambda m: (m.start, m.end))
    ctx.departments.extend(mentions)
    log.debug("departments: %d mentions", len(mentions))

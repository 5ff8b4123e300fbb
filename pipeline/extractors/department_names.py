"""Names of departments: the lexicon, canonical names, levels and functions, for any place in China.

The lexicon is built from data: ``departments.csv`` (national bodies, group names) and
``department_organs.csv`` (organs of local government written once without place, combined with the
bare level prefixes 省/市/县/区 of ``department_patterns.json``). A written name is canonicalised
against the document's region when it omits its place (市教育局 in a 广州市 document -> 广州市教育局) and
keeps its own place when one is written (苏州市财政局 in a 广州市 document stays 苏州市财政局); any
province, prefecture or county of ``divisions.csv`` is a place. ``function_of`` gives the function of a
body from the taxonomy ``department_functions.csv`` (市人社局 and 人力资源和社会保障局: hr_social_security).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from pipeline.extractors import actor_patterns as rx
from pipeline.models import Region
from pipeline.resources import load_csv, load_json
from pipeline.structure.divisions import Division, by_level, divisions, named
from pipeline.text.pieces import longest_first

_LEVEL_OF_DIVISION = {"province": "provincial", "prefecture": "municipal", "county": "county"}
_BARE_OF_DIVISION = {"province": "省", "prefecture": "市", "county": "县"}
_MAX_PLACE = 15


@dataclass(frozen=True, slots=True)
class Entry:
    """One body of the lexicon: its official name with the bare prefix standing at ``place_at``."""

    name: str
    level: str | None
    kind: str
    relative: str  # "", "city", "province" or "county"
    place_at: int = 0


def key_of(name: str) -> str:
    """Lookup key of a written name: no whitespace, half-width parentheses."""
    return rx.WHITESPACE.sub("", name).replace("（", "(").replace("）", ")")


@cache
def patterns() -> dict:
    return load_json("department_patterns.json")


@cache
def lexicon() -> dict[str, Entry]:
    """Every written form (as a lookup key) -> its lexicon entry."""
    out: dict[str, Entry] = {}
    for row in load_csv("departments.csv"):
        entry = Entry(row["name"], row["level"] or None, row["kind"] or "other", row.get("relative", ""))
        for form in (row["name"], *row["aliases"].split("|")):
            if form.strip():
                out.setdefault(key_of(form), entry)
    for bare, (level, relative) in patterns()["level_prefixes"].items():
        for row in load_csv("department_organs.csv"):
            official, at = _place(row["name"], bare)
            entry = Entry(official, level, row["kind"] or "other", relative, at)
            for form in (row["name"], *row["aliases"].split("|")):
                if form.strip():
                    out.setdefault(key_of(_place(form, bare)[0]), entry)
    return out


def _place(form: str, bare: str) -> tuple[str, int]:
    """An organ form with its place put in: (教育局, 市) -> 市教育局; (共青团{}委, 省) -> 共青团省委."""
    if "{}" in form:
        return form.replace("{}", bare), form.index("{}")
    return bare + form, 0


@cache
def functions() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The function taxonomy as ``(function, keywords)`` in file order."""
    return tuple(
        (r["function"], tuple(k for k in r["keywords"].split("|") if k))
        for r in load_csv("department_functions.csv")
    )


def function_of(name: str) -> str | None:
    """The function of a body (first taxonomy row with a keyword in ``name``), or None."""
    return next((f for f, words in functions() if any(w in name for w in words)), None)


# ---- places -------------------------------------------------------------------------------------
def region_places(region: Region | None) -> tuple[str, ...]:
    """Written names of the document's own places, full and short (庆阳市, 庆阳, 甘肃省, 甘肃)."""
    return tuple(dict.fromkeys(place for place, _part in place_parts(region)))


def place_parts(region: Region | None) -> list[tuple[str, str]]:
    """``(written place, region part)``: full names first, then short ones (庆阳市, 庆阳 -> city)."""
    out: list[tuple[str, str]] = []
    for part in ("city", "county", "province"):
        value = getattr(region, part, None) if region else None
        if value:
            out.append((value, part))
            if len(value) > 2 and value[-1] in "市省县区州":
                out.append((value[:-1], part))
    return out


@cache
def all_places() -> tuple[tuple[str, ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    """Place words of all of China that may stand before a bare-prefixed organ or an institution.

    Returns ``(free, bound)``: ``free`` are province and prefecture stems (广州, 甘肃, 临夏), which may be
    followed by anything; ``bound`` maps a level character to the county stems that must be followed by
    it (番禺 only in 番禺区): a county stem alone is too often a word (会同, 城关)."""
    free, bound = set(), defaultdict(set)
    for d in divisions():
        stem = d.name[:-1] if d.name[-1] in "省市县区" and len(d.name) > 2 else None
        if d.level == "county":
            if stem:
                bound[d.name[-1]].add(stem)
            continue
        free.add(stem or d.short)
        if len(d.short) >= 2:
            free.add(d.short)
    return tuple(sorted(free)), tuple((k, tuple(sorted(v))) for k, v in sorted(bound.items()))


@cache
def _place_sets() -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    free, bound = all_places()
    return frozenset(free), {ch: frozenset(stems) for ch, stems in bound}


def place_before(text: str, end: int, extra: tuple[str, ...] = ()) -> int | None:
    """Start of the longest place word of China ending at ``end`` (see :func:`all_places`; ``extra``
    are the document's own place words), or None. A county stem counts only before its level
    character: 番禺 in 番禺区, not 会同 in 会同有关部门."""
    free, bound = _place_sets()
    after = text[end : end + 1]
    for k in range(min(end, _MAX_PLACE), 1, -1):
        word = text[end - k : end]
        if word in free or word in extra or word in bound.get(after, ()):
            return end - k
    return None


@cache
def _shorts() -> dict[str, Division]:
    """Unambiguous short names of provinces and prefectures (临夏 -> 临夏回族自治州)."""
    seen: dict[str, list[Division]] = {}
    for d in (*by_level("province"), *by_level("prefecture")):
        seen.setdefault(d.short, []).append(d)
    return {s: ds[0] for s, ds in seen.items() if len(ds) == 1}


def short_division(word: str) -> Division | None:
    """The province or prefecture whose unambiguous short name is ``word`` (山东 -> 山东省)."""
    return _shorts().get(word)


def leading_place(key: str, region: Region | None = None) -> tuple[Division, int, str] | None:
    """The division a name starts with, where its rest begins and the bare prefix that stands for it:
    广州市教育局 -> (广州市, 3, 市); 临夏州教育局 -> (临夏回族自治州, 3, 市). Ambiguous names need ``region``."""
    within = (region.city or region.province) if region else None
    for end in range(min(len(key) - 1, _MAX_PLACE), 1, -1):
        d = named(key[:end], within=within)
        if d is not None and d.level in _BARE_OF_DIVISION:
            bare = d.name[-1] if d.name[-1] in "省市县区" else _BARE_OF_DIVISION[d.level]
            return d, end, bare
    for end in range(min(len(key) - 2, _MAX_PLACE), 1, -1):
        d = _shorts().get(key[:end])
        if d is not None and key[end] in "省市州盟":
            return d, end + 1, _BARE_OF_DIVISION[d.level]
    return None


# ---- canonical names ----------------------------------------------------------------------------
def _resolve(entry: Entry, region: Region | None) -> str:
    """Put the region's place at the bare prefix of a relative name (市教育局 -> 庆阳市教育局)."""
    if not region or not entry.relative:
        return entry.name
    if entry.name.startswith("各"):  # a group of the document's place: 庆阳市各县(区)人民政府
        part = region.city or region.province
        return part + entry.name if part else entry.name
    part = getattr(region, entry.relative, None)
    if not part and entry.relative == "city" and (region.province or "").endswith("市"):
        part = region.province  # 北京市: a municipality's 市 is the province-level city itself
    if not part:
        return entry.name
    return entry.name[: entry.place_at] + part + entry.name[entry.place_at + 1 :]


def _with_place(entry: Entry, place: Division, region: Region | None) -> str:
    """An organ of a written place: 番禺区 + 区人民政府 -> 番禺区人民政府 (庆阳市西峰区… inside 庆阳市)."""
    name = place.name
    if place.level == "county" and region and region.city and place.city == region.city and not region.county:
        name = place.city + name  # one of the document's own districts: 庆阳市西峰区人民政府
    return entry.name[: entry.place_at] + name + entry.name[entry.place_at + 1 :]


def canonicalize(name: str, region: Region | None = None) -> tuple[str, str | None, str]:
    """``(canonical, level, kind)`` of a written body name in a document of ``region``.

    >>> canonicalize("市发改委", Region("甘肃省", "庆阳市"))[0]
    '庆阳市发展和改革委员会'
    """
    key = key_of(name)
    lex = lexicon()
    entry = lex.get(key)
    if entry is None and key.startswith("中共") and len(key) > 4:  # 中共庆阳市委组织部: look up the rest
        canonical, level, kind = canonicalize(key[2:], region)
        return ("中共" + canonical if not canonical.startswith("中共") else canonical), level, kind
    if entry is not None:
        return _party(_resolve(entry, region), entry.name, entry.kind), entry.level, entry.kind
    lead = leading_place(key, region)
    if lead is not None:  # written with its own place: 广州市教育局, 苏州市人社局, 济南市政府
        place, end, bare = lead
        found = lex.get(bare + key[end:])
        if found is not None and found.relative:
            canonical = _with_place(found, place, region)
            return _party(canonical, key, found.kind), _LEVEL_OF_DIVISION[place.level], found.kind
    canonical = key
    for written, official in patterns()["canonical_suffix"].items():
        if canonical.endswith(written) and not canonical.endswith(official):
            canonical = canonical[: -len(written)] + official
            break
    relative = {"市": "city", "省": "province", "县": "county", "各": "city"}.get(canonical[:1], "")
    kind = guess_kind(key)
    entry = Entry(canonical, None, kind, relative)
    return _party(_resolve(entry, region), canonical, kind), guess_level(key), kind


def _party(resolved: str, written: str, kind: str) -> str:
    """Party organs are officially named with 中共: 市委组织部 in 庆阳市 -> 中共庆阳市委组织部.

    Only names resolved against a place get the prefix; a bare 市委组织部 with no region stays as it is.
    """
    if kind == "party" and resolved != written and not resolved.startswith("中共"):
        return "中共" + resolved
    return resolved


def guess_level(key: str) -> str | None:
    pats = patterns()
    for suffix, level in longest_first(pats["level_by_suffix"].items(), by=lambda kv: kv[0]):
        if key.endswith(suffix) and suffix != "部":
            return level
    for prefix, level in longest_first(pats["level_by_prefix"].items(), by=lambda kv: kv[0]):
        if key.startswith(prefix):
            return level
    if key.endswith("部") and not any(key.startswith(p) for p in "省市县区"):
        return "national"
    return None


def guess_kind(key: str) -> str:
    for needle, kind in patterns()["kind_rules"]:
        if needle in key:
            return kind
    return "other"

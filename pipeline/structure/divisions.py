"""China's administrative divisions as data: provinces, prefectures and counties with their codes.

``divisions.csv`` is generated from the National Bureau of Statistics' 统计用区划代码 by
``tools/build_divisions.py`` (source, licence and edition in its header and in resources/README.md).
``regions.csv`` adds what the codes do not hold: the provinces' one-character abbreviations (甘, 鲁, 浙)
and other names or abbreviations of a division (穗 for 广州市). A user's rows in either file (through
``$POLICY_PIPELINE_RESOURCES``) are added to the packaged ones.

A prefecture's 文号 abbreviation is derived when the data leaves no doubt: the first character of its
short name, when no other prefecture's short name starts with it and no province uses it (庆 -> 庆阳市,
兰 -> 兰州市; 济 is 济南, 济宁 and 济源, so none).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from pipeline.models import Region
from pipeline.resources import load_csv, load_json
from pipeline.text.pieces import longest_first

LEVELS = ("province", "prefecture", "county")


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division. ``province``/``city`` are the names of the divisions above it."""

    name: str
    short: str
    abbr: str
    level: str  # province | prefecture | county
    province: str
    code: str = ""
    parent: str = ""
    city: str = ""


@cache
def divisions() -> tuple[Division, ...]:
    """Every division: ``divisions.csv`` with the names and abbreviations of ``regions.csv`` applied."""
    rows = load_csv("divisions.csv")
    names = {r["code"]: r["name"] for r in rows}
    extra = {r["name"]: r for r in load_csv("regions.csv")}
    out: list[Division] = []
    for r in rows:
        over = extra.pop(r["name"], {}) if r["level"] != "county" else {}
        province = names.get(r["province"], r["name"])
        city = names.get(r["parent"], "") if r["level"] == "county" and r["parent"] != r["province"] else ""
        out.append(
            Division(
                name=r["name"],
                short=over.get("short") or r["short"],
                abbr=over.get("abbr", ""),
                level=r["level"],
                province=province,
                code=r["code"],
                parent=r["parent"],
                city=city,
            )
        )
    for r in extra.values():  # a user's division that the codes do not know
        out.append(Division(r["name"], r["short"], r["abbr"], r["level"], r["province"]))
    return tuple(out)


@cache
def by_level(level: str) -> tuple[Division, ...]:
    return tuple(d for d in divisions() if d.level == level)


@cache
def by_code() -> dict[str, Division]:
    return {d.code: d for d in divisions() if d.code}


@cache
def children() -> dict[str, tuple[Division, ...]]:
    """Parent code -> the divisions directly under it (prefectures of a province, counties of either)."""
    out: dict[str, list[Division]] = defaultdict(list)
    for d in divisions():
        if d.parent:
            out[d.parent].append(d)
    return {k: tuple(v) for k, v in out.items()}


@cache
def _by_name() -> dict[str, tuple[Division, ...]]:
    out: dict[str, list[Division]] = defaultdict(list)
    for d in divisions():
        out[d.name].append(d)
    return {k: tuple(v) for k, v in out.items()}


def named(name: str, level: str | None = None, within: str | None = None) -> Division | None:
    """The division called ``name`` (full name), optionally of ``level`` and inside the division named
    ``within`` (a province or prefecture name); None when unknown or ambiguous (朝阳区 alone)."""
    found = [d for d in _by_name().get(name, ()) if level is None or d.level == level]
    if within:
        found = [d for d in found if within in (d.province, d.city)] or found
    return found[0] if len(found) == 1 else None


@cache
def abbreviations() -> dict[str, Division]:
    """One-character 文号 abbreviation -> division (provinces, written and derived prefecture ones)."""
    out = {d.abbr: d for d in by_level("province") if d.abbr}
    province_starts = {d.short[:1] for d in by_level("province")} | set(out)
    starts: dict[str, list[Division]] = defaultdict(list)
    for d in by_level("prefecture"):
        starts[d.short[:1]].append(d)
    for ch, ds in starts.items():
        if len(ds) == 1 and ch not in province_starts:
            out[ch] = ds[0]
    out.update({d.abbr: d for d in by_level("prefecture") if d.abbr})  # written ones win (穗)
    return out


@cache
def _by_province_start() -> dict[tuple[str, str], tuple[tuple[Division, ...], frozenset[str]]]:
    """(province, character) -> (the prefectures of the province whose 文号 character it can be, the
    short names of its counties starting with that character)."""
    prefs: dict[tuple[str, str], list[Division]] = defaultdict(list)
    counties: dict[tuple[str, str], set[str]] = defaultdict(set)
    for d in by_level("prefecture"):
        for ch in {d.short[:1], d.abbr} - {""}:
            prefs[d.province, ch].append(d)
    for d in by_level("county"):
        counties[d.province, d.short[:1]].add(d.short if len(d.name) > 2 else d.name[:-1])
    return {k: (tuple(v), frozenset(counties.get(k, ()))) for k, v in prefs.items()}


def prefecture_of_abbreviation(ch: str, province: str, following: str = "") -> Division | None:
    """The prefecture of ``province`` whose 文号 character is ``ch`` (武 in 甘肃省 -> 武威市, in 湖北省 ->
    武汉市), or None when none or several are, when ``ch`` is the province's own (苏 in 江苏省), or when a
    county of the province is named by ``ch`` or by ``ch + following`` (文县's 文政发, 和政县's 和政发 in
    甘肃省)."""
    own = next((d.abbr for d in by_level("province") if d.name == province), "")
    prefs, county_shorts = _by_province_start().get((province, ch), ((), frozenset()))
    if ch == own or len(prefs) != 1 or {ch, ch + following} & county_shorts:
        return None
    return prefs[0]


def region_division(region: Region | None) -> Division | None:
    """The most specific known division of a region (its county, else city, else province)."""
    if region is None or (not region.province and not region.city and not region.county):
        return None
    province = named(region.province, "province") if region.province else None
    city = named(region.city, "prefecture", region.province) if region.city else None
    if region.county:
        county = named(region.county, "county", region.city or region.province)
        if county is not None:
            return county
    return city or province


def region_code(region: Region | None) -> str | None:
    """The 6-digit division code of a region's most specific known part (庆阳市 -> 621000)."""
    d = region_division(region)
    return d.code or None if d is not None else None


def complete_region(region: Region) -> Region:
    """Fill the province (and city) above a known county or city: Region(city=庆阳市) -> 甘肃省庆阳市."""
    d = region_division(region)
    if d is None or d.level == "province":
        return region
    if d.level == "prefecture":
        return Region(province=region.province or d.province, city=region.city, county=region.county)
    return Region(
        province=region.province or d.province, city=region.city or d.city or None, county=region.county
    )


# ---- groups of divisions: 各县（区）, 各市（州） --------------------------------------------------
_GROUP_SPLIT = re.compile(r"[、，,()（）]")


@cache
def _group_cfg() -> dict:
    return load_json("department_patterns.json")["division_groups"]


def group_words(group: str) -> tuple[str, ...]:
    """The division words of a group name: 各县（市、区）人民政府 -> (县, 市, 区); 各县区 -> (县, 区)."""
    cfg = _group_cfg()
    body = group.removeprefix("各")
    for tail in longest_first(cfg["tails"]):
        if body.endswith(tail):
            body = body[: -len(tail)]
            break
    words: list[str] = []
    for part in _GROUP_SPLIT.split(body):
        if part in cfg["words"]:
            words.append(part)
        elif part and all(ch in cfg["words"] for ch in part):
            words.extend(part)
        elif part:
            return ()
    return tuple(dict.fromkeys(words))


def expand_group(group: str, region: Region | None) -> tuple[Division, ...]:
    """The divisions a group name stands for in a document of ``region``.

    各县（区） in a 庆阳市 document -> its 7 counties and districts; 各市（州） in a 甘肃省 document -> its 14
    prefectures; 各区 in a 北京市 document -> its 16 districts. Empty when the place is unknown.
    """
    words = group_words(group)
    place = region_division(Region(region.province, region.city)) if region else None
    if not words or place is None:
        return ()
    counties = _group_cfg()["county_words"]
    if any(w in counties for w in words):
        pool = [d for d in _descendants(place) if d.level == "county"]
    else:
        pool = [d for d in children().get(place.code, ()) if d.level == "prefecture"]
    return tuple(d for d in pool if d.name.endswith(tuple(words)))


def _descendants(place: Division) -> list[Division]:
    out: list[Division] = []
    for d in children().get(place.code, ()):
        out.append(d)
        if d.level != "county":
            out.extend(children().get(d.code, ()))
    return out

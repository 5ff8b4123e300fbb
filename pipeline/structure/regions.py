"""Administrative regions and the level of an issuing body (national / provincial / municipal / county).

The vocabulary is data: the divisions of all of China (``divisions.csv`` + ``regions.csv``, read by
:mod:`pipeline.structure.divisions`) and ``header_national_bodies.txt`` (central bodies). :func:`infer_level_region` places an issuer name;
:func:`split_issuers` cuts a joint-issuer string into names.
"""

from __future__ import annotations

import logging
import re
from functools import cache

from pipeline.models import LEVELS, Region
from pipeline.resources import load_json, load_lines
from pipeline.structure.divisions import Division, by_level, named
from pipeline.structure.header_patterns import CITY_RE, COUNTY_RE, NAME_SEP, SPACE_RUN_RE, lexicon
from pipeline.text.pieces import longest_first

logger = logging.getLogger(__name__)

# Suffixes a prefecture's short name takes in running names (临夏州人民政府, 庆阳市教育局).
_CITY_SHORT_SUFFIXES = ("市", "州", "盟", "地区")


def provinces() -> tuple[Division, ...]:
    return by_level("province")


def prefectures() -> tuple[Division, ...]:
    return by_level("prefecture")


@cache
def national_bodies() -> tuple[str, ...]:
    """Central body names, longest first (for prefix matching)."""
    return longest_first(load_lines("header_national_bodies.txt"))


def _match_province(name: str) -> tuple[Division, int] | None:
    """The province a name starts with, and where the rest of the name begins."""
    for d in provinces():
        if name.startswith(d.name):
            return d, len(d.name)
    for d in provinces():  # 甘肃教育厅, 新疆维吾尔自治区 written as 新疆...
        if d.short and name.startswith(d.short):
            return d, len(d.short)
    return None


@cache
def _prefectures_by_first_char() -> dict[str, tuple[Division, ...]]:
    """The prefectures (in their order) a name starting with a character can match (speed only: a title
    is compared with a few prefectures instead of all of them)."""
    index: dict[str, list[Division]] = {}
    for d in prefectures():
        firsts = {d.name[:1], d.short[:1]} if d.short else {d.name[:1], *(s[0] for s in _CITY_SHORT_SUFFIXES)}
        for ch in firsts:
            index.setdefault(ch, []).append(d)
    return {ch: tuple(ds) for ch, ds in index.items()}


def _match_prefecture(name: str, province: Division | None = None) -> tuple[Division, int] | None:
    for d in _prefectures_by_first_char().get(name[:1], ()):
        if province is not None and d.province != province.name:
            continue
        if name.startswith(d.name):
            return d, len(d.name)
        for suffix in _CITY_SHORT_SUFFIXES:
            if name.startswith(d.short + suffix):
                return d, len(d.short) + len(suffix)
    return None


def is_national(name: str) -> bool:
    """True when ``name`` is (or starts with) a central body or a national name start (国家..., 国务院...)."""
    name = SPACE_RUN_RE.sub("", name)
    if any(name.startswith(b) for b in national_bodies()):
        return True
    return any(name.startswith(s) for s in lexicon()["national_name_starts"])


def infer_level_region(issuer_or_name: str) -> tuple[str | None, Region]:
    """Level and region of an issuing body from its name.

    Args:
        issuer_or_name: e.g. "庆阳市人民政府", "甘肃省教育厅", "北京市人民政府", "教育部", "环县人民政府".

    Returns:
        ``(level, region)``; level is one of ``models.LEVELS`` or None when the name says nothing.
        直辖市 (北京市...) governments are provincial. A county name keeps the city/province when they
        are written in the name (庆阳市西峰区人民政府).
    """
    name = SPACE_RUN_RE.sub("", issuer_or_name or "").removeprefix("中共")
    if not name:
        return None, Region()
    level, region = _infer(name)
    if _zone_body(name) and level in (None, "provincial", "municipal"):
        if level is None:  # 兰州新区管委会, 成都高新区管委会: the city its name starts with
            city = next((d for d in prefectures() if name.startswith(d.short) and len(d.short) >= 2), None)
            if city is None:
                return None, Region()
            region = Region(province=city.province, city=city.name)
        return "county", region  # a zone's 管委会 under its city (or under a 直辖市)
    return level, region


def _zone_body(name: str) -> bool:
    """The 管委会 of a development zone or new area (天津经济技术开发区管理委员会, 兰州新区管委会)."""
    lex = lexicon()
    return any(w in name for w in lex["zone_words"]) and name.endswith(tuple(lex["zone_bodies"]))


def _infer(name: str) -> tuple[str | None, Region]:
    province = _match_province(name)
    if province is not None:
        div, pos = province
        rest = name[pos:]
        pref = _match_prefecture(rest, div)
        if pref is not None:
            return _below_city(div.name, pref[0].name, rest[pref[1] :])
        county = COUNTY_RE.match(rest)  # 北京市海淀区人民政府: a district directly under a 直辖市
        if county:
            return "county", Region(province=div.name, county=county["county"])
        return "provincial", Region(province=div.name)
    pref = _match_prefecture(name)
    if pref is not None:
        return _below_city(pref[0].province, pref[0].name, name[pref[1] :])
    if is_national(name):
        return "national", Region()
    county = _match_county(name)  # 番禺区人民政府, 义乌市人民政府: a known county-level name
    if county is not None:
        return "county", Region(province=county.province, city=county.city or None, county=county.name)
    city = CITY_RE.match(name)
    if city:
        return _below_city(None, city["city"], name[city.end() :])
    county_m = COUNTY_RE.match(name)
    if county_m:
        return "county", Region(county=county_m["county"])
    return None, Region()


def _match_county(name: str, within: str | None = None) -> Division | None:
    """The county-level division a name starts with, when its name is unique in China (or in the
    division named ``within``)."""
    for end in range(min(len(name), _MAX_COUNTY_NAME), 1, -1):
        d = named(name[:end], "county", within)
        if d is not None and not name[end:].startswith(_NOT_AFTER_COUNTY):
            return d
    return None


_MAX_COUNTY_NAME = 15
_NOT_AFTER_COUNTY = ("区", "县", "市")  # 城关区 inside 城关区县: not a name boundary


def _below_city(province: str | None, city: str, rest: str) -> tuple[str, Region]:
    known = _match_county(rest, city)  # 青岛市崂山区…: a county of the data, whatever follows it
    if known is not None and known.city == city:
        return "county", Region(province=province, city=city, county=known.name)
    county = COUNTY_RE.match(rest)
    if county:
        return "county", Region(province=province, city=city, county=county["county"])
    return "municipal", Region(province=province, city=city)


def _segment(token: str) -> list[str]:
    """Cut a concatenation of known central bodies and region governments (教育部甘肃省人民政府)."""
    parts: list[str] = []
    rest = token
    while rest:
        body = next((b for b in national_bodies() if rest.startswith(b)), None)
        if body is None:
            gov = rest.find("人民政府")
            if gov > 0 and infer_level_region(rest[: gov + 4])[0] not in (None, "national"):
                body = rest[: gov + 4]
                for tail in ("办公厅", "办公室"):
                    if rest[len(body) :].startswith(tail):
                        body += tail
        elif rest[len(body) :].startswith(("办公厅", "办公室")):  # 工业和信息化部办公厅
            body += rest[len(body) : len(body) + 3]
        if body is None:
            return [token]  # not a clean concatenation: keep the name whole
        parts.append(body)
        rest = rest[len(body) :]
    return parts


def split_issuers(text: str) -> tuple[str, ...]:
    """Joint issuers as separate names: "教育部 甘肃省人民政府", "教育部、财政部", "教育部甘肃省人民政府".

    Spaced-out single names (科 技 部, 中 央 网 信 办) are joined back together.
    """
    names: list[str] = []
    for chunk in split_depth0(text, NAME_SEP):
        tokens = SPACE_RUN_RE.split(chunk.strip())
        tokens = [t for t in tokens if t]
        if not tokens:
            continue
        if all(len(t) == 1 for t in tokens):  # 科 技 部
            tokens = ["".join(tokens)]
        for token in tokens:
            names.extend(_segment(token))
    return tuple(dict.fromkeys(n for n in names if n))


def split_depth0(text: str, seps: str) -> list[str]:
    """Split on any of ``seps`` outside brackets, so 科技厅（委、局） stays one piece."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "（(〔[【":
            depth += 1
        elif ch in "）)〕]】" and depth:
            depth -= 1
        elif ch in seps and depth == 0:
            out.append(text[start:i])
            start = i + 1
    out.append(text[start:])
    return out


def most_local(names: tuple[str, ...] | list[str]) -> tuple[str | None, Region]:
    """Level and region of the most local of several issuers (教育部 + 甘肃省人民政府 -> provincial)."""
    level, region = None, Region()
    for name in names:
        name_level, where = infer_level_region(name)
        if name_level and (level is None or LEVELS.index(name_level) > LEVELS.index(level)):
            level, region = name_level, where
    return level, region


def title_level_region(title: str | None, split_word: str = "关于") -> tuple[str | None, Region]:
    """Level and region said by a title: its issuer words before 关于 (商务部关于…, 浙江省人民政府关于…),
    else a region name or a national name start opening it (山东省“十四五”科技创新规划, 国家…规划)."""
    compact = SPACE_RUN_RE.sub("", title or "")
    if not compact:
        return None, Region()
    head, sep, _ = compact.partition(split_word)
    if sep and head:
        level, region = most_local(split_issuers(head))
        if level is not None:
            return level, region
    level, region = infer_level_region(compact)
    if level is not None and (level == "national" or region.province):
        return level, region
    return None, Region()


@cache
def _recipient_cues() -> dict:
    return load_json("recipient_levels.json")


def recipients_level(recipients: tuple[str, ...] | list[str]) -> str | None:
    """The issuer level the recipients imply (各省、自治区、直辖市… -> national, 各市人民政府 -> provincial,
    各区县… -> municipal): the most general level found, or None."""
    found = [
        level
        for level in ("national", "provincial", "municipal")
        for r in recipients
        if any(SPACE_RUN_RE.sub("", r).startswith(cue) for cue in _recipient_cues()[level])
    ]
    return min(found, key=LEVELS.index) if found else None


def dominant_place(text: str, level: str) -> Region:
    """The province (level provincial) or city (municipal) named most often in ``text``, counting full
    and short names, when named often enough and more than any other; else an empty Region."""
    pool = provinces() if level == "provincial" else prefectures() if level == "municipal" else ()
    counts = sorted(
        ((text.count(d.short) if len(d.short) >= 2 else text.count(d.name), d) for d in pool),
        key=lambda cd: -cd[0],
    )
    if not counts or counts[0][0] < _recipient_cues()["place_min_mentions"]:
        return Region()
    if len(counts) > 1 and counts[1][0] == counts[0][0]:
        return Region()
    d = counts[0][1]
    return Region(province=d.name) if level == "provincial" else Region(province=d.province, city=d.name)


def region_from_name(name: str) -> Region:
    """The region a supplied place name stands for: 甘肃省庆阳市, 庆阳市, 甘肃省/庆阳市/环县, 上海市奉贤区."""
    joined = "".join(re.split(r"[\s/／>,，、\-]+", name or ""))
    return infer_level_region(joined)[1]

"""文号 parsing, finding in running text, prefix knowledge (tables, a shared-data rate, round trips)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.structure.docnumber import find_doc_numbers, parse_doc_number, prefix_info, trim_prefix

PARSE_CASES = [
    ("庆政发〔2021〕13号", "庆政发〔2021〕13号"),
    ("庆政发 〔 2021 〕 13 号", "庆政发〔2021〕13号"),
    ("发文字号：国办发[2020]1号", "国办发〔2020〕1号"),
    ("文号: 甘政发（2020）38号", "甘政发〔2020〕38号"),
    ("( 甘政发〔2020〕38号)", "甘政发〔2020〕38号"),
    ("（教师函〔2021〕13号）", "教师函〔2021〕13号"),
    ("庆政发【２０２１】１３号", "庆政发〔2021〕13号"),
    ("粤府办﹝2019﹞5号", "粤府办〔2019〕5号"),
    ("人社部发〔2021)73号", "人社部发〔2021〕73号"),  # mixed brackets, as printed in central text 005
    ("商流通函[2014]790号", "商流通函〔2014〕790号"),
    ("工信部〔2011〕567 号", "工信部〔2011〕567号"),
    ("国办发明电〔2020〕5号", "国办发明电〔2020〕5号"),
    ("国务院令第638号", "国务院令第638号"),
    ("教育部令第50号", "教育部令第50号"),
    ("国务院令 第 735 号", "国务院令第735号"),
]
REJECT = [
    "2021年3月2日",
    "13号",
    "第3号",
    "2021",
    "",
    "落实国发〔2019〕4号",
    "为深入贯彻落实习近平总书记讲话精神。",
]


@pytest.mark.parametrize(("raw", "expected"), PARSE_CASES)
def test_parse_variants(raw: str, expected: str) -> None:
    dn = parse_doc_number(raw)
    assert dn is not None and str(dn) == expected and dn.raw == raw


@pytest.mark.parametrize("raw", REJECT)
def test_parse_rejects(raw: str) -> None:
    assert parse_doc_number(raw) is None


FIND_CASES = [  # real contexts (Qingyang preamble, central texts 005, 021, 070, 122)
    (
        "《教育部甘肃省人民政府关于整省推进职业教育发展打造“技能甘肃”的意见》 ( 甘政发〔2020〕38号)",
        ["甘政发〔2020〕38号"],
    ),
    ("根据《专业技术人才知识更新工程实施方案》(人社部发〔2021)73号)", ["人社部发〔2021)73号"]),
    ("《医疗保障基金使用监督管理条例》(国务院令第735号)", ["国务院令第735号"]),
    ("同时废止（工信部联装〔1930〕77号）", ["工信部联装〔1930〕77号"]),
    ("落实国发〔2019〕4号和国办发〔2019〕4号文件", ["国发〔2019〕4号", "国办发〔2019〕4号"]),
    ("教育部办公厅转发教职成厅函〔2019〕9号", ["教职成厅函〔2019〕9号"]),
    ("省政府印发甘政办发〔2021〕3号要求", ["甘政办发〔2021〕3号"]),
    ("2021年3月2日发布，共13号", []),
]


@pytest.mark.parametrize(("text", "expected"), FIND_CASES)
def test_find_in_text(text: str, expected: list[str]) -> None:
    hits = find_doc_numbers(text)
    assert [text[s:e] for s, e, _ in hits] == expected
    assert all(text[s:e] == dn.raw for s, e, dn in hits)


@pytest.mark.parametrize(
    ("run", "prefix"),
    [
        ("落实国发", "国发"),
        ("根据人社部发", "人社部发"),
        ("转发甘政办发", "甘政办发"),
        ("各级教师国发", "国发"),
        ("印发工信部联装", "工信部联装"),
    ],
)
def test_trim_prefix(run: str, prefix: str) -> None:
    assert trim_prefix(run) == prefix


PREFIX_CASES = [
    ("国办发", "national", None, None),
    ("教职成厅函", "national", None, None),
    ("甘政发", "provincial", "甘肃省", None),
    ("沪府办发", "provincial", "上海市", None),
    ("川办发", "provincial", "四川省", None),
    ("黔府发", "provincial", "贵州省", None),
    ("冀政字", "provincial", "河北省", None),  # not listed: province abbreviation rule
    ("庆政发", "municipal", "甘肃省", "庆阳市"),
    ("庆政办发", "municipal", "甘肃省", "庆阳市"),
]


@pytest.mark.parametrize(("prefix", "level", "province", "city"), PREFIX_CASES)
def test_prefix_info(prefix: str, level: str, province: str | None, city: str | None) -> None:
    info = prefix_info(prefix)
    assert info is not None
    assert (info["level"], info["province"], info["city"]) == (level, province, city)


def test_prefix_info_unknown() -> None:
    assert prefix_info("某某") is None


def test_state_council_parse_rate(shared_dir) -> None:
    """All 5,308 State Council 文号 of ../shared parse and round-trip (measured: 100%)."""
    lines = [
        x.strip()
        for x in (shared_dir / "data" / "docnumbers-state-council.txt").read_text("utf-8").splitlines()
    ]
    lines = [x for x in lines if x]
    ok = sum(1 for x in lines if (dn := parse_doc_number(x)) is not None and str(dn) == x)
    assert ok / len(lines) >= 0.995
    found = sum(1 for x in lines if [(s, e) for s, e, _ in find_doc_numbers(x)] == [(0, len(x))])
    assert found / len(lines) >= 0.995


def test_central_offsets(central_texts: dict[str, str]) -> None:
    for text in central_texts.values():
        for s, e, dn in find_doc_numbers(text):
            assert text[s:e] == dn.raw and parse_doc_number(dn.raw) is not None


CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF).filter(
    lambda c: c not in "的了和与及在对见据照实印转为由按将把以请于并是令"
)
PREFIXES = st.text(CJK, min_size=1, max_size=10)
BRACKETS = st.sampled_from(["〔〕", "[]", "［］", "()", "（）", "【】", "﹝﹞", "〈〉"])
SPACES = st.sampled_from(["", " ", "　"])
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@given(PREFIXES, st.integers(1900, 2100), st.integers(1, 99999), BRACKETS, SPACES, st.booleans())
def test_round_trip(prefix: str, year: int, serial: int, br: str, sp: str, wide: bool) -> None:
    y, n = str(year), str(serial)
    if wide:
        y, n = y.translate(FULLWIDTH), n.translate(FULLWIDTH)
    raw = f"{prefix}{sp}{br[0]}{sp}{y}{sp}{br[1]}{sp}{n}{sp}号"
    dn = parse_doc_number(raw)
    assert dn is not None
    assert str(dn) == f"{prefix}〔{year}〕{serial}号"
    assert parse_doc_number(str(dn)) == dn.__class__(prefix, year, serial, str(dn))


@given(PREFIXES, st.integers(1, 9999), SPACES)
def test_round_trip_orders(prefix: str, serial: int, sp: str) -> None:
    raw = f"{prefix}令{sp}第{sp}{serial}{sp}号"
    dn = parse_doc_number(raw)
    assert dn is not None and dn.year is None and str(dn) == f"{prefix}令第{serial}号"


@given(st.text(max_size=40))
def test_parse_never_crashes(s: str) -> None:
    dn = parse_doc_number(s)
    assert dn is None or str(dn).endswith("号")


_PIECES = ["国发", "国办发", "〔2019〕", "[2020]", "〔2021", "）", "4号", "13 号", "第", "令", "令第5号", "号",
           " ", "\u3000", "国务院令", "的", "落实", "(", "（", "２０２１", "\n", "甘政发", "12", "號"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map("".join))
def test_the_anchored_search_finds_what_the_patterns_find(text: str) -> None:
    from pipeline.structure.docnumber import _anchored_finditer
    from pipeline.structure.header_patterns import DOCNO_ORDER_RE, DOCNO_YEAR_RE

    for pattern, order in ((DOCNO_YEAR_RE, False), (DOCNO_ORDER_RE, True)):
        expected = [m.span() for m in pattern.finditer(text)]
        assert [m.span() for m in _anchored_finditer(pattern, text, order=order)] == expected, text

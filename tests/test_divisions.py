"""Administrative divisions of all of China: the data, issuer level and region, groups, 文号 prefixes."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

from pipeline.api import new_context
from pipeline.models import Region
from pipeline.resources import load_csv
from pipeline.structure import run as run_structure
from pipeline.structure.divisions import abbreviations, by_level, expand_group, region_code
from pipeline.structure.docnumber import prefix_info
from pipeline.structure.regions import (
    dominant_place,
    infer_level_region,
    recipients_level,
    title_level_region,
)

ROOT = Path(__file__).resolve().parent.parent


def test_divisions_data():
    rows = load_csv("divisions.csv")
    codes = [r["code"] for r in rows]
    assert len(codes) == len(set(codes)) and all(len(c) == 6 and c.isdigit() for c in codes)
    levels = Counter(r["level"] for r in rows)
    assert levels["province"] == 31 and levels["prefecture"] > 300 and levels["county"] > 2800
    per_province = Counter(d.province for d in by_level("prefecture"))
    assert (per_province["甘肃省"], per_province["山东省"], per_province["广东省"]) == (14, 16, 21)
    parents = {r["code"] for r in rows}
    assert all(r["parent"] in parents for r in rows if r["parent"])


# (full name, derived short name) from the generator tool
SHORTS = [
    ("临夏回族自治州", "临夏"),
    ("新疆维吾尔自治区", "新疆"),
    ("内蒙古自治区", "内蒙古"),
    ("积石山保安族东乡族撒拉族自治县", "积石山"),
    ("黔东南苗族侗族自治州", "黔东南"),
    ("庆阳市", "庆阳"),
    ("环县", "环县"),  # a one-character rest keeps its suffix
    ("阿里地区", "阿里"),
]


@pytest.mark.parametrize(("name", "short"), SHORTS)
def test_generator_short_names(name, short):
    spec = importlib.util.spec_from_file_location("build_divisions", ROOT / "tools" / "build_divisions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.short_name(name) == short


def test_generator_builds_codes(tmp_path):
    spec = importlib.util.spec_from_file_location("build_divisions", ROOT / "tools" / "build_divisions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (tmp_path / "provinces.csv").write_text('code,name\n11,"北京市"\n62,"甘肃省"\n', encoding="utf-8")
    (tmp_path / "cities.csv").write_text(
        'code,name,provinceCode\n1101,"市辖区",11\n6210,"庆阳市",62\n', encoding="utf-8"
    )
    (tmp_path / "areas.csv").write_text(
        'code,name,cityCode,provinceCode\n110101,"东城区",1101,11\n621022,"环县",6210,62\n'
        '621071,"庆阳经济技术开发区",6210,62\n',
        encoding="utf-8",
    )
    rows = module.build(tmp_path)
    assert [r[:5] for r in rows] == [
        ("110000", "北京市", "北京", "province", ""),
        ("110101", "东城区", "东城", "county", "110000"),  # under the 直辖市 itself
        ("620000", "甘肃省", "甘肃", "province", ""),
        ("621000", "庆阳市", "庆阳", "prefecture", "620000"),
        ("621022", "环县", "环县", "county", "621000"),  # the 开发区 (code ending 71) is left out
    ]


# (issuer name, level, region) for governments of several provinces
ISSUERS = [
    ("国务院", "national", Region()),
    ("商务部", "national", Region()),
    ("浙江省人民政府", "provincial", Region("浙江省")),
    ("山东省工业和信息化厅", "provincial", Region("山东省")),
    ("济南市政府", "municipal", Region("山东省", "济南市")),
    ("广州市番禺区人民政府", "county", Region("广东省", "广州市", "番禺区")),
    ("番禺区人民政府", "county", Region("广东省", "广州市", "番禺区")),
    ("义乌市人民政府", "county", Region("浙江省", "金华市", "义乌市")),
    ("临夏州人民政府", "municipal", Region("甘肃省", "临夏回族自治州")),
    ("成都市人民政府办公厅", "municipal", Region("四川省", "成都市")),
    ("北京市海淀区人民政府", "county", Region("北京市", None, "海淀区")),
    ("兰州市城关区人民政府", "county", Region("甘肃省", "兰州市", "城关区")),
    ("城关区人民政府", "county", Region(county="城关区")),  # two 城关区 in China: no city guessed
]


@pytest.mark.parametrize(("name", "level", "region"), ISSUERS)
def test_issuer_level_region(name, level, region):
    assert infer_level_region(name) == (level, region)


TITLES = [
    ("商务部关于印发《“十四五”电子商务发展规划》的通知", "national", Region()),
    ("国务院关于印发新一代人工智能发展规划的通知", "national", Region()),
    ("浙江省人民政府关于加快推进数字经济发展的若干意见", "provincial", Region("浙江省")),
    ("山东省“十四五”科技创新规划", "provincial", Region("山东省")),
    ("青岛市崂山区加快科技创新发展的奖励办法", "county", Region("山东省", "青岛市", "崂山区")),
    ("关于加快推进数字经济发展的若干意见", None, Region()),
]


@pytest.mark.parametrize(("title", "level", "region"), TITLES)
def test_title_level_region(title, level, region):
    assert title_level_region(title) == (level, region)


# A web page without an issuer line: the title says who issues it.
PAGES = [
    (
        "浙江省人民政府关于加快推进数字经济发展的若干意见\n各市、县（市、区）人民政府，省政府直属各单位：\n"
        "为深入实施数字经济“一号工程”，现提出如下意见。\n",
        "provincial",
        "330000",
    ),
    (
        "商务部关于印发《“十四五”电子商务发展规划》的通知\n各省、自治区、直辖市商务主管部门：\n现将规划印发给你们。\n",
        "national",
        None,
    ),
]


@pytest.mark.parametrize(("text", "level", "code"), PAGES)
def test_page_level_from_title(text, level, code):
    ctx = new_context(text)
    run_structure(ctx)
    assert (ctx.meta.level, ctx.meta.region_code) == (level, code)


def test_qingyang_region_code(qingyang_text):
    ctx = new_context(qingyang_text)
    run_structure(ctx)
    assert (ctx.meta.region, ctx.meta.region_code) == (Region("甘肃省", "庆阳市"), "621000")


@pytest.mark.parametrize(
    ("region", "code"),
    [
        (Region("甘肃省", "庆阳市", "环县"), "621022"),
        (Region("广东省", "广州市"), "440100"),
        (Region("山东省"), "370000"),
        (Region("某某省"), None),
        (Region(), None),
    ],
)
def test_region_code(region, code):
    assert region_code(region) == code


# (group name, the issuing place, how many divisions, one of them)
GROUPS = [
    ("各县（区）人民政府", Region("甘肃省", "庆阳市"), 8, "621022"),  # 庆阳: 西峰区 + 7 counties (环县)
    ("各县(区)政府", Region("甘肃省", "庆阳市"), 8, "621002"),
    ("各市（州）人民政府", Region("甘肃省"), 14, "622900"),  # 临夏回族自治州
    ("各市人民政府", Region("山东省"), 16, "370100"),
    ("各县（市、区）人民政府", Region("山东省", "济南市"), 12, "370102"),
    ("各区人民政府", Region("北京市"), 16, "110108"),  # 海淀区
    ("各县（市、区）人民政府", Region("广东省", "广州市"), 11, "440113"),  # 番禺区
    ("各县（区）人民政府", None, 0, None),
]


@pytest.mark.parametrize(("group", "region", "n", "one"), GROUPS)
def test_expand_group(group, region, n, one):
    codes = [d.code for d in expand_group(group, region)]
    assert len(codes) == n and (one is None or one in codes)


def test_prefecture_abbreviations():
    abbr = abbreviations()
    assert (abbr["庆"].name, abbr["兰"].name, abbr["杭"].name, abbr["穗"].name) == (
        "庆阳市",
        "兰州市",
        "杭州市",
        "广州市",
    )
    assert "济" not in abbr  # 济南, 济宁, 济源: ambiguous, no guess
    assert abbr["苏"].name == "江苏省" and abbr["青"].name == "青海省"  # a province's abbreviation wins


@pytest.mark.parametrize(
    ("prefix", "level", "province", "city"),
    [
        ("鲁政发", "provincial", "山东省", None),
        ("浙政办发", "provincial", "浙江省", None),
        ("庆政发", "municipal", "甘肃省", "庆阳市"),
        ("杭政办函", "municipal", "浙江省", "杭州市"),
        ("穗府办", "municipal", "广东省", "广州市"),
        ("国办发", "national", None, None),
    ],
)
def test_prefix_info_for_all_of_china(prefix, level, province, city):
    info = prefix_info(prefix)
    assert (info["level"], info["province"], info["city"]) == (level, province, city)


@pytest.mark.parametrize("prefix", ["和政发", "文政发", "兴政发", "岷政发"])
def test_a_county_named_by_the_same_characters_blocks_a_derived_prefecture_abbreviation(prefix):
    # 和政县 (临夏州), 文县 (陇南市), 兴县 (吕梁市), 岷县 (定西市) issue under these prefixes: not 和田,
    # 文山, 兴安盟; the county itself is not guessed from two characters
    assert prefix_info(prefix) is None


# (prefix, the document's province, expected city): real series of prefectures whose character is shared
# by prefectures of other provinces, read among the prefectures of the document's own province
PROVINCE_READINGS = [
    ("武政发", "甘肃省", "武威市"),  # ../shared/data/webpages/036 (武政发〔2017〕52号)
    ("武政发", "湖北省", "武汉市"),
    ("成府发", "四川省", "成都市"),  # tests/fixtures/pages2/h11; 甘肃's 成县 blocks it without a province
    ("金政办发", "浙江省", "金华市"),  # cited by tests/fixtures/pages2/h17 (金政办发〔2022〕50号)
    ("长政发", "湖南省", "长沙市"),
    ("长府发", "吉林省", "长春市"),
    ("青政发", "山东省", "青岛市"),  # the listed 青政 series is 青海's
    ("青政办字", "山东省", "青岛市"),  # cited by ../shared/corpora/shandong/015 (青政办字〔2019〕20号)
    ("南府发", "广西壮族自治区", "南宁市"),
]


@pytest.mark.parametrize(("prefix", "province", "city"), PROVINCE_READINGS)
def test_a_series_is_read_among_the_prefectures_of_the_documents_province(prefix, province, city):
    info = prefix_info(prefix, province)
    assert (info["level"], info["province"], info["city"]) == ("municipal", province, city)


@pytest.mark.parametrize(
    ("prefix", "province"),
    [
        ("济政发", "山东省"),  # 济南 and 济宁: two prefectures of the province share the character
        ("淮府", "安徽省"),  # 淮南 and 淮北
        ("文政发", "甘肃省"),  # 文县 of the province
        ("鲁政发", "山东省"),  # the province's own series stays the province's
    ],
)
def test_a_province_does_not_read_a_shared_or_own_character_as_a_prefecture(prefix, province):
    info = prefix_info(prefix, province)
    assert info is None or info["level"] == "provincial"


def test_without_a_province_the_readings_are_unchanged():
    assert prefix_info("武政发") is None and prefix_info("青政发")["province"] == "青海省"
    assert prefix_info("苏府")["city"] == "苏州市" and prefix_info("苏政发")["level"] == "provincial"


@pytest.mark.parametrize(
    ("recipients", "level"),
    [
        (
            ("各省、自治区、直辖市及新疆生产建设兵团工业和信息化主管部门", "有关行业协会"),
            "national",
        ),  # central 039
        (
            ("各市人民政府", "各县（市、区）人民政府", "省政府各部门", "各直属机构"),
            "provincial",
        ),  # shandong 046
        (("各市工业和信息化局", "各有关单位"), "provincial"),  # shandong 030
        (("各区县（功能区）工信部门", "各有关单位"), "municipal"),  # shandong 023 (济南)
        (("各区、市工业和信息化主管部门", "有关企业"), "municipal"),  # shandong 034 (青岛)
        (("各普通本科高校",), None),
    ],
)
def test_recipients_level(recipients, level):
    assert recipients_level(recipients) == level


def test_dominant_place():
    text = "实施“工赋山东”行动……中国人民银行山东省分行……到2025年，全省产业规模……"
    assert dominant_place(text, "provincial") == Region("山东省")
    assert dominant_place("济南……青岛……", "municipal") == Region()  # a tie: no guess
    assert dominant_place("山东", "provincial") == Region()  # named once: not enough


def test_headerless_provincial_opinion():
    """A body-only provincial opinion (shandong 046's opening): recipients give the level, the text the place."""
    text = (
        "各市人民政府，各县（市、区）人民政府，省政府各部门、各直属机构，各大企业，各高等院校：\n"
        "　　新一代信息技术产业是数字经济的关键支撑。实施“工赋山东”行动（牵头单位：省工业和信息化厅；"
        "责任单位：省发展改革委、中国人民银行山东省分行）。\n"
    )
    ctx = new_context(text)
    run_structure(ctx)
    assert (ctx.meta.level, ctx.meta.region, ctx.meta.region_code) == (
        "provincial",
        Region("山东省"),
        "370000",
    )

"""Departments of any place of China: canonical names with the document's or their own place, level,
function (the taxonomy of department_functions.csv), institutions, and groups of divisions."""

from __future__ import annotations

import pytest

from pipeline.extractors.department_names import canonicalize, function_of
from pipeline.extractors.departments import find_departments, members
from pipeline.models import Region

QINGYANG = Region("甘肃省", "庆阳市")
SHANDONG = Region("山东省")
GUANGZHOU = Region("广东省", "广州市")
QINGDAO = Region("山东省", "青岛市")
BEIJING = Region("北京市")
CHENGDU = Region("四川省", "成都市")

# (sentence, document region, expected [(written name, canonical, level, function)])
CASES = [
    (  # shandong 006 (an inline responsibility note of a provincial plan)
        "（省大数据局、省政府办公厅、省市场监管局牵头，各有关部门、各市政府配合）",
        SHANDONG,
        [
            ("省大数据局", "山东省大数据局", "provincial", "data"),
            ("省政府办公厅", "山东省人民政府办公厅", "provincial", "general_office"),
            ("省市场监管局", "山东省市场监督管理局", "provincial", "market_regulation"),
            ("各市政府", "山东省各市人民政府", None, "government"),
        ],
    ),
    (  # shandong 006
        "加快推进国家健康医疗大数据北方中心建设（济南市政府牵头，省卫生健康委、各有关部门配合）",
        SHANDONG,
        [
            ("济南市政府", "济南市人民政府", "municipal", "government"),
            ("省卫生健康委", "山东省卫生健康委员会", "provincial", "health"),
        ],
    ),
    (  # shandong 043 (a Qingdao district's measures)
        "（责任单位：崂山区政府，市自然资源和规划局、市发展改革委、市工业和信息化局）",
        QINGDAO,
        [
            ("崂山区政府", "青岛市崂山区人民政府", "county", "government"),
            ("市自然资源和规划局", "青岛市自然资源和规划局", "municipal", "natural_resources"),
            ("市发展改革委", "青岛市发展和改革委员会", "municipal", "development_reform"),
            ("市工业和信息化局", "青岛市工业和信息化局", "municipal", "industry_it"),
        ],
    ),
    (  # a Shandong provincial notice: the province's youth league, disabled persons' federation
        "团省委、省残联、省人力资源社会保障厅要加强对残疾人就业创业的指导。",
        SHANDONG,
        [
            ("团省委", "共青团山东省委", "provincial", "youth_league"),
            ("省残联", "山东省残疾人联合会", "provincial", "disabled_persons"),
            ("省人力资源社会保障厅", "山东省人力资源和社会保障厅", "provincial", "hr_social_security"),
        ],
    ),
    (  # a Guangzhou document: 市 is Guangzhou, 苏州 keeps its own place
        "市文化广电旅游局、市教育局会同番禺区人民政府，学习借鉴苏州市财政局的做法。",
        GUANGZHOU,
        [
            ("市文化广电旅游局", "广州市文化广电和旅游局", "municipal", "culture_tourism"),
            ("市教育局", "广州市教育局", "municipal", "education"),
            ("番禺区人民政府", "广州市番禺区人民政府", "county", "government"),
            ("苏州市财政局", "苏州市财政局", "municipal", "finance"),
        ],
    ),
    (  # the Qingyang opinion's own names (gold canonicals)
        "市人社局、市文体广电旅游局、西峰区政府、市委编办负责",
        QINGYANG,
        [
            ("市人社局", "庆阳市人力资源和社会保障局", "municipal", "hr_social_security"),
            ("市文体广电旅游局", "庆阳市文体广电和旅游局", "municipal", "culture_tourism"),
            ("西峰区政府", "庆阳市西峰区人民政府", "county", "government"),
            ("市委编办", "中共庆阳市委机构编制委员会办公室", "municipal", "establishment"),
        ],
    ),
    (  # a Beijing document: 市 of a municipality is the province-level city itself
        "市经济信息化局、市市场监管局指导各区政府开展工作。",
        BEIJING,
        [
            ("市经济信息化局", "北京市经济和信息化局", "municipal", "industry_it"),
            ("市市场监管局", "北京市市场监督管理局", "municipal", "market_regulation"),
            ("各区政府", "北京市各区人民政府", "county", "government"),
        ],
    ),
    (  # central (State Council) inline note: national bodies keep their names
        "（工业和信息化部、发展改革委牵头，各地区负责）",
        None,
        [
            ("工业和信息化部", "工业和信息化部", "national", "industry_it"),
            ("发展改革委", "国家发展和改革委员会", "national", "development_reform"),
        ],
    ),
    (  # a Sichuan document: schools, universities and enterprises after a place
        "支持四川大学、成都市第七中学与四川长虹电子控股集团有限公司共建实验室。",
        CHENGDU,
        [
            ("四川大学", "四川大学", None, "school"),
            ("成都市第七中学", "成都市第七中学", None, "school"),
            ("四川长虹电子控股集团有限公司", "四川长虹电子控股集团有限公司", None, None),
        ],
    ),
]


@pytest.mark.parametrize(("text", "region", "expected"), CASES)
def test_departments_of_any_place(text, region, expected):
    found = find_departments(text, region)
    got = [(f.name, f.canonical, f.level, function_of(f.canonical)) for f in found]
    assert got == expected
    for f in found:
        assert text[f.start : f.end] == f.name  # no whitespace in these sentences


@pytest.mark.parametrize(
    ("a", "region_a", "b", "region_b"),
    [
        ("市人社局", QINGYANG, "人力资源和社会保障局", None),
        ("省人社厅", SHANDONG, "人力资源社会保障部", None),
        ("市发改委", GUANGZHOU, "国家发展改革委", None),
        ("团省委", SHANDONG, "共青团中央", None),
        ("省残联", SHANDONG, "中国残疾人联合会", None),
    ],
)
def test_same_function_across_places(a, region_a, b, region_b):
    fa = function_of(canonicalize(a, region_a)[0])
    assert fa is not None and fa == function_of(canonicalize(b, region_b)[0])


def test_kinds_of_institutions():
    found = {f.name: f.kind for f in find_departments("兰州大学与第一中学、甘肃电投集团有限公司合作。")}
    assert found == {"兰州大学": "school", "第一中学": "school", "甘肃电投集团有限公司": "enterprise"}


@pytest.mark.parametrize(
    "text",
    [
        "会同有关部门制定实施细则。",  # 会同 is a county stem (会同县), but not before 县
        "组织全市中小学开展人工智能教育。",  # a class of schools, not one
        "鼓励学生上大学深造。",
    ],
)
def test_no_place_no_institution(text):
    assert find_departments(text, SHANDONG) == []


@pytest.mark.parametrize(
    ("name", "region", "n"),
    [
        ("各县（区）政府", QINGYANG, 8),
        ("县(区)政府", QINGYANG, 8),
        ("各市政府", SHANDONG, 16),
        ("市政府", SHANDONG, 0),  # the city's own government, not a group
        ("各区政府", BEIJING, 16),
    ],
)
def test_group_members(name, region, n):
    assert len(members(name, region)) == n


def test_record_fields(qingyang_text):
    """function and members reach the records of the full pipeline."""
    import pipeline

    record = pipeline.extract(qingyang_text)
    by_name = {d.name: d for d in record.departments}
    assert by_name["市人社局"].function == "hr_social_security"
    assert "621022" in by_name["各县(区)政府"].members  # 环县
    assert by_name["市教育局"].members == ()


def test_labelled_notes_and_branches():
    """shandong 046: （牵头单位：…；责任单位：…） notes give roles; a national body's provincial branch is one body."""
    import pipeline

    text = (
        "各市人民政府，各县（市、区）人民政府，省政府各部门：\n"
        "　　一、推动产业发展（牵头单位：省工业和信息化厅；责任单位：省发展改革委、中国人民银行山东省分行、"
        "国家金融监督管理总局山东监管局、省税务局）。山东要走在前列，山东省的产业规模……\n"
    )
    record = pipeline.extract(text)
    got = [(d.name, d.canonical, d.role) for d in record.departments]
    assert got == [
        ("各市人民政府", "山东省各市人民政府", "mentioned"),
        ("各县（市、区）人民政府", "山东省各县(市、区)人民政府", "mentioned"),
        ("省工业和信息化厅", "山东省工业和信息化厅", "lead"),
        ("省发展改革委", "山东省发展和改革委员会", "co"),
        ("中国人民银行山东省分行", "中国人民银行山东省分行", "co"),
        ("国家金融监督管理总局山东监管局", "国家金融监督管理总局山东监管局", "co"),
        ("省税务局", "国家税务总局山东省税务局", "co"),
    ]

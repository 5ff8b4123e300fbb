"""Numeric targets (pipeline.extractors.targets) on real sentences of the Qingyang text and the central corpus."""

from __future__ import annotations

import pytest

from pipeline.api import new_context
from pipeline.components import run_stages
from pipeline.extractors import indicators, targets
from pipeline.models import COMPARATORS, TARGET_KINDS

STAGES = ("policy_structure", "policy_deadlines", "policy_targets")


def _targets(text: str, date: str | None = "2021-03-02"):
    return run_stages(new_context(text, meta={"date": date} if date else None), STAGES).targets


def T(text, value, unit, comparator="=", indicator=None, value_max=None, kind="target", year=None):
    """Factory of an expected target (the fields a test compares)."""
    return dict(
        text=text, value=value, value_max=value_max, unit=unit, comparator=comparator, indicator=indicator,
        kind=kind, year=year,
    )  # fmt: skip


def _as_expected(t) -> dict:
    return {
        k: getattr(t, k)
        for k in ("text", "value", "value_max", "unit", "comparator", "indicator", "kind", "year")
    }


# (real sentence, expected targets in text order)
CASES = [
    (
        "全市建成20个以上特色品牌专业,培育5个以上在全省有影响力的专业群集,不断满足战略性新兴产业的迫切需求。",
        [
            T("20个以上", 20, "个", ">=", "特色品牌专业"),
            T("5个以上", 5, "个", ">=", "在全省有影响力的专业群集"),
        ],
    ),
    (
        "力争到2025年全市职业院校办学条件达到国家标准,“双师型”教师比例达到50%以上,数字化资源覆盖率达到100%,"
        "毕业生稳定就业率达到95%以上。",
        [
            T("50%以上", 50, "%", ">=", "“双师型”教师比例", year=2025),
            T("100%", 100, "%", "=", "数字化资源覆盖率", year=2025),
            T("95%以上", 95, "%", ">=", "毕业生稳定就业率", year=2025),
        ],
    ),
    (
        "全面改善中职学校办学条件,力争70%以上学校达到国家标准。",
        [T("70%以上", 70, "%", ">=", "学校达到国家标准")],
    ),
    (
        "确保区域内高中阶段招生职普比不低于4:6,逐步实现高中阶段教育职普比大体相当。",
        [T("不低于4:6", 4, "ratio", ">=", "高中阶段招生职普比", value_max=6)],
    ),
    (
        "力争建成10个左右中职省级优质专业(群),1—2个省级高水平高职专业(群),引领全市职业院校专业建设。",
        [
            T("10个左右", 10, "个", "~", "中职省级优质专业(群)"),
            T("1—2个", 1, "个", "range", "省级高水平高职专业(群)", value_max=2),
        ],
    ),
    (
        "积极创造条件,使实践性教学课时占总学时数50%以上。",
        [T("50%以上", 50, "%", ">=", "实践性教学课时占总学时数")],
    ),
    (
        "按照不低于公用经费的5%列支教师培训经费。",
        [T("5%", 5, "%", ">=", "公用经费", kind="parameter")],
    ),
    (
        "对产教融合企业兴办职业教育符合条件的投资,按规定投资额30%的比例抵免该企业当年应缴教育费附加。",
        [T("30%", 30, "%", "=", "投资额", kind="parameter")],
    ),
    (
        "原则上每年按企业职工总数的2%接纳职业院校学生实习。",
        [T("2%", 2, "%", "=", "企业职工总数", kind="parameter")],
    ),
    ("每年至少召开两次会议,研究解决职业教育发展中的重大问题。", [T("两次", 2, "次", ">=", "会议")]),
    (
        "建成5个市级技术技能传承创新“大师工作室”,建成8个名班主任工作室,建设8个左右市级教学创新团队。",
        [
            T("5个", 5, "个", "=", "市级技术技能传承创新“大师工作室”"),
            T("8个", 8, "个", "=", "名班主任工作室"),
            T("8个左右", 8, "个", "~", "市级教学创新团队"),
        ],
    ),
    (
        "指导西峰职专、环县职专、镇原职专3所国、省示范校建立5个左右市级专业教学资源库,建设30门精品在线课程。",
        [
            T("3所", 3, "所", "=", "国、省示范校", kind="baseline"),
            T("5个左右", 5, "个", "~", "市级专业教学资源库"),
            T("30门", 30, "门", "=", "精品在线课程"),
        ],
    ),
    (
        "实现 “千亩校园、万名学生”办学规模",
        [T("千亩", 1000, "亩", "=", "校园"), T("万名", 10000, "名", "=", "学生")],
    ),
    (
        "将庆阳职业技术学院列入省级实施建设10所高水平高职院校和30个高水平专业群建设计划",
        [
            T("10所", 10, "所", "=", "高水平高职院校"),
            T("30个", 30, "个", "=", "高水平专业群"),
        ],
    ),
    ("专业课教师占专任教师比例达到60%以上。", [T("60%以上", 60, "%", ">=", "专业课教师占专任教师比例")]),
    # counted mentions of existing things are baselines; a one-to-one correspondence is a parameter
    (
        "支持2所国示范学校、1所省示范学校新增家政、健康、养老等国家鼓励专业。",
        [
            T("2所", 2, "所", "=", "国示范学校", kind="baseline"),
            T("1所", 1, "所", "=", "省示范学校", kind="baseline"),
        ],
    ),
    (
        "按照1个专业(群)对接一个产业链要求,把本地产业需求与学校的专业设置深度融合",
        [T("1个", 1, "个", "=", "专业(群)", kind="parameter")],
    ),
    # a frequency with a recurrence is a target, even with 一
    ("纳入对县(区)政府职业教育督导评估内容之中并每年考核一次", [T("一次", 1, "次", "=", "考核")]),
    # not targets: slogans, schemes, versions, recurrences, articles, ordinals
    ("努力形成“一县一品牌,一校一特色”的捆绑发展、错位发展格局。", []),
    ("立足庆阳建设“五区一中心”战略定位", []),
    ("落实“三会一课”制度,完善“四会一章程”运行机制", []),
    ("在高水平和优质专业开展“3+2”高本衔接,支持“2+3”五年一贯制,开展1+X职业技能等级证书试点", []),
    ("对接职业教育信息化提升计划2.0版", []),
    ("落实好教师5年一周期的全员轮训制度", []),
    ("与薄弱职业学校建立“一对一”结对帮扶合作", []),
    ("开展社会主义核心价值观教育、安全教育等“七大”主题教育", []),
    ("全面贯彻党的十九大和十九届二中、三中、四中、五中全会精神", []),
    ("及庆阳市国民经济和社会发展第十四个五年规划和2035年远景目标", []),
    ("支持和指导职业院校对接十大绿色生态产业", []),
    ("面向农村劳动力、“两后生”、下岗失业人员", []),
    ("借助5G网络", []),
    # central corpus: 余 means "more than"; 提高 is a link verb, not a grade (高三)
    (
        "主营业务收入超 10 亿元的系统解决方案供应商达 40 余家。",
        [
            T("超 10 亿元", 10, "亿元", ">=", "主营业务收入"),
            T("40 余家", 40, "家", ">=", "主营业务收入超 10 亿元的系统解决方案供应商"),
        ],
    ),
    (
        "智能工厂产品不良品率降低10%，能源利用率提高10%；",
        [T("10%", 10, "%", "=", "智能工厂产品不良品率"), T("10%", 10, "%", "=", "能源利用率")],
    ),
    (
        "试点示范项目生产效率平均提高 45%、产品研制周期平均缩短 35%",
        [T("45%", 45, "%", "=", "试点示范项目生产效率"), T("35%", 35, "%", "=", "产品研制周期")],
    ),
    (
        "市场满足率分别超过 70%和 50%。",
        [T("超过 70%", 70, "%", ">=", "市场满足率"), T("50%", 50, "%", ">=", "市场满足率")],
    ),
    # Latin technical units are units; 5G stays a code
    (
        "信噪比达到70dB、声学过载点达到135dB的声学传感器实现量产，绝对精度100Pa以内",
        [
            T("70dB", 70, "dB", "=", "信噪比"),
            T("135dB", 135, "dB", "=", "声学过载点"),
            T("100Pa以内", 100, "Pa", "<=", "绝对精度", kind="limit"),  # no goal year in this sentence alone
        ],
    ),
    ("增材制造装备成形效率大于450cm3/h", [T("大于450cm3/h", 450, "cm3/h", ">=", "增材制造装备成形效率")]),
    ("通过实施四项重点任务，力争实现目标", []),
    # figure references, parts of a text (also split by PDF spacing), durations keep their unit
    ("如图 12 所示，平台架构分为六部分，六个部 分相互衔接", []),
    (
        "企业应在30个工作日内完成补充报送",
        [T("30个工作日内", 30, "个工作日", "<=", "完成补充报送", kind="time_limit")],
    ),
    ("办理时限压缩至5个工作日", [T("5个工作日", 5, "个工作日", "=", "办理时限")]),
    # central corpus
    (
        "到2025年,培育30家以上智能检测装备专精特新企业。",
        [T("30家以上", 30, "家", ">=", "智能检测装备专精特新企业", year=2025)],
    ),
    (
        "截至2022年底,全国累计建成153家国家绿色数据中心。",
        [T("153家", 153, "家", "=", "国家绿色数据中心", kind="baseline")],
    ),
    (
        "配套经费与国拨经费比例不低于 1:1。",
        [T("不低于 1:1", 1, "ratio", ">=", "配套经费与国拨经费比例", value_max=1)],
    ),
    ("对障碍物有效跟踪率≥98%,速度准确", [T("≥98%", 98, "%", ">=", "对障碍物有效跟踪率")]),
    ("行业应用标准体系如图10所示。", []),
    ("二者之间的关系如图2-1所示。", []),
    ("物流标准分为智能仓储和智能配送2个部分。", []),
    # the noun after the unit read by the indicators' scanner: its head before 与, after 的 (central 063, 014)
    ("展示了智能制造系统架构三个维度与智能制造标准体系的映射关系。", []),
    ("凝练总结了15个环节的40个智能制造典型场景。", [T("40个", 40, "个", "=", "智能制造典型场景")]),
    ("具备人工操作和自动驾驶两种模式", []),
    ("对违反本办法第十七、十八、十九条规定的", []),
    # 突破 is a comparator before a number (shandong 046, 024), but not before the article 一批 (central 034, 008)
    (
        "全省信息技术产业营收突破2.2万亿元",
        [T("突破2.2万亿元", 2.2, "万亿元", ">=", "信息技术产业营收")],  # scope 全省 is not measured
    ),
    ("数字经济核心产业收入突破8000亿元。", [T("突破8000亿元", 8000, "亿元", ">=", "数字经济核心产业收入")]),
    ("满足智能检测迫切需求，突破发展一批前沿技术。", []),
    ("带动突破和转化一批关键技术。", []),
    # the cells of one row of a table flattened into a line read as the cell before them (issue 19)
    (
        "产业规模 10% 20% 30%",
        [
            T("10%", 10, "%", "=", "产业规模"),
            T("20%", 20, "%", "=", "产业规模"),
            T("30%", 30, "%", "=", "产业规模"),
        ],
    ),
    (
        "到2025年，产业规模不低于10% 20%。",
        [
            T("不低于10%", 10, "%", ">=", "产业规模", year=2025),
            T("20%", 20, "%", ">=", "产业规模", year=2025),
        ],
    ),
    ("1%1%", [T("1%", 1, "%"), T("1%", 1, "%")]),
    # two quantities side by side of different units are read each on its own (central 029, shandong 007)
    ("给予30万元一次性奖励。", [T("30万元", 30, "万元", "=", "一次性奖励")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_targets(text: str, expected: list[dict]) -> None:
    got = [_as_expected(t) for t in _targets(text)]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "head"),
    [
        ("等三个\n部分，如图9所示。", "部分"),  # a PDF line wrap inside the noun (central 037)
        ("个维度与智能制造标准体系的映射关系。", "维度"),
        ("个环节的40个场景", "环节"),
        ("个省级实训基地。", "省级实训基地"),
    ],
)
def test_the_noun_after_a_unit_is_read_by_one_scanner(text: str, head: str) -> None:
    start = text.index("个") + 1
    b, e = indicators.forward_phrase(text, start, len(text), percent=False)
    assert targets._head_noun(text[b:e]) == head


def test_records_are_well_formed() -> None:
    text = CASES[1][0]
    ts = _targets(text)
    assert [t.target_id for t in ts] == ["t1", "t2", "t3"]
    for t in ts:
        assert text[t.start : t.end] == t.text
        assert t.comparator in COMPARATORS and t.kind in TARGET_KINDS
        assert t.deadline_id == "d1"


@pytest.fixture(scope="module")
def qingyang_ctx(qingyang_text: str):
    return run_stages(new_context(qingyang_text), STAGES)


# (span text, value, unit, comparator, kind) of every target a careful reader finds, body then annexes
QINGYANG = [
    ("千亩", 1000, "亩", "=", "target"), ("万名", 10000, "名", "=", "target"),
    ("20个以上", 20, "个", ">=", "target"), ("5个以上", 5, "个", ">=", "target"),
    ("50%以上", 50, "%", ">=", "target"), ("100%", 100, "%", "=", "target"), ("95%以上", 95, "%", ">=", "target"),
    ("70%以上", 70, "%", ">=", "target"), ("不低于4:6", 4, "ratio", ">=", "target"),
    ("1个", 1, "个", "=", "parameter"),
    ("千亩", 1000, "亩", "=", "target"), ("万名", 10000, "名", "=", "target"),
    ("2所", 2, "所", "=", "baseline"), ("1所", 1, "所", "=", "baseline"),
    ("10个左右", 10, "个", "~", "target"), ("1—2个", 1, "个", "range", "target"), ("50%以上", 50, "%", ">=", "target"),
    ("5%", 5, "%", ">=", "parameter"), ("5个", 5, "个", "=", "target"), ("8个", 8, "个", "=", "target"),
    ("8个左右", 8, "个", "~", "target"), ("5个", 5, "个", "=", "target"),
    ("3所", 3, "所", "=", "baseline"), ("5个左右", 5, "个", "~", "target"),
    ("30门", 30, "门", "=", "target"), ("30%", 30, "%", "=", "parameter"), ("2%", 2, "%", "=", "parameter"),
    ("两次", 2, "次", ">=", "target"), ("一次", 1, "次", "=", "target"),
    # 附件1
    ("10所", 10, "所", "=", "target"), ("30个", 30, "个", "=", "target"), ("3所", 3, "所", "=", "target"),
    ("10个", 10, "个", "=", "target"),
    # 附件2
    ("70%以上", 70, "%", ">=", "target"), ("3所", 3, "所", "=", "target"), ("10个", 10, "个", "=", "target"),
    ("1—2个", 1, "个", "range", "target"), ("5个左右", 5, "个", "~", "target"), ("30门", 30, "门", "=", "target"),
    ("5个", 5, "个", "=", "target"), ("8个", 8, "个", "=", "target"), ("8个左右", 8, "个", "~", "target"),
    ("5个", 5, "个", "=", "target"), ("60%以上", 60, "%", ">=", "target"), ("50%以上", 50, "%", ">=", "target"),
    ("不低于4:6", 4, "ratio", ">=", "target"), ("2%", 2, "%", "=", "parameter"), ("30%", 30, "%", "=", "parameter"),
]  # fmt: skip


def test_qingyang_targets(qingyang_ctx) -> None:
    got = [(t.text, t.value, t.unit, t.comparator, t.kind) for t in qingyang_ctx.targets]
    assert got == QINGYANG


def test_qingyang_years_and_clauses(qingyang_ctx) -> None:
    ctx = qingyang_ctx
    for t in ctx.targets:
        assert ctx.text[t.start : t.end] == t.text
    by = {(t.text, t.indicator): t for t in ctx.targets}
    assert by[("50%以上", "“双师型”教师比例")].year == 2025
    annex = [t for t in ctx.targets if t.text == "30门"]
    assert [t.year for t in annex] == [None, 2023]  # body sentence has no deadline; the annex row says 2023年
    assert annex[0].clause_id != annex[1].clause_id


@pytest.mark.shared
def test_central_corpus_no_crash_and_offsets(central_texts: dict[str, str]) -> None:
    n = 0
    for name, text in central_texts.items():
        ctx = run_stages(new_context(text), STAGES)
        for t in ctx.targets:
            assert text[t.start : t.end] == t.text, name
            assert t.comparator in COMPARATORS and t.kind in TARGET_KINDS, name
            assert t.value_max is None or t.unit == "ratio" or t.value_max >= t.value, (name, t.text)
        n += len(ctx.targets)
    assert n > 300


def test_figures_under_a_review_heading_are_baselines() -> None:
    text = "一、现状与形势\n智能制造装备市场满足率超过 50%，发布国家标准 285 项。\n二、主要目标\n到2025年，建成 500 个以上示范工厂。"
    ctx = run_stages(new_context(text), STAGES)
    kinds = {t.text: t.kind for t in ctx.targets}
    assert kinds == {"超过 50%": "baseline", "285 项": "baseline", "500 个以上": "target"}


@pytest.mark.parametrize(
    ("sentence", "signed", "expected"),
    [
        ("2022年我国数字经济规模达50.2万亿元。", "2023-05-01", [("50.2万亿元", "baseline", 2022)]),
        ("截至2022年底，全国累计建成153家国家绿色数据中心。", "2023-05-01", [("153家", "baseline", 2022)]),
        (
            "从2012年的42.1%提高到2022年的73%",
            "2023-05-01",
            [("42.1%", "baseline", 2012), ("73%", "baseline", 2022)],
        ),
        ("到2023年底，建成5个基地。", "2023-05-01", [("5个", "target", 2023)]),
        # without a document date a bare year is not trusted to be the past
        ("2022年我国数字经济规模达50.2万亿元。", None, [("50.2万亿元", "target", None)]),
    ],
)
def test_a_year_before_the_document_dates_a_statistic(sentence, signed, expected) -> None:
    assert [(t.text, t.kind, t.year) for t in _targets(sentence, date=signed)] == expected


# Review findings: ordinary targets that earlier rules dropped or mislabelled.
REVIEW_CASES = [
    ("到2025年，建成三个省级实训基地。", [("三个", "target", "=")]),
    ("到2025年，毕业率提高两个百分点。", [("两个百分点", "target", "=")]),
    ("到2025年，办好五所中职学校。", [("五所", "target", "=")]),
    ("到2025年，建设3所示范性中职学校。", [("3所", "target", "=")]),
    ("到2025年，支持5所职业院校创建省级优质学校。", [("5所", "target", "=")]),
    ("到2025年，全市新建、改扩建学校10所。", [("10所", "target", "=")]),
    ("建成实训基地、产业学院10个", [("10个", "target", "=")]),
    ("全市建成10所内涵发展示范校", [("10所", "target", "=")]),
    ("如图3所示", []),
]


@pytest.mark.parametrize(("sentence", "expected"), REVIEW_CASES)
def test_review_cases(sentence, expected) -> None:
    assert [(t.text, t.kind, t.comparator) for t in _targets(sentence)] == expected


@pytest.mark.shared
def test_every_fixed_exclusion_fires_on_more_than_one_real_document(shared_dir):
    """Issue 8: a rule earns its place by firing on more than one document (benchmarks/exclusion_rules.py)."""
    import importlib.util
    from pathlib import Path

    from pipeline.resources import load_json

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "exclusion_rules.py"
    spec = importlib.util.spec_from_file_location("exclusion_rules", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    files = sorted((shared_dir / "corpora").rglob("*.txt"))
    texts = {str(f): f.read_text(encoding="utf-8") for f in files}
    found = bench.matches(texts, load_json("target_exclusions.json"))
    assert found and {name for name, docs in found.items() if len(docs) < 2} == set()


class _RecordingPattern:
    """A pattern that records the bounds it is searched in, and never matches."""

    pattern = "(?!)"

    def __init__(self) -> None:
        self.bounds: list[tuple[int, int]] = []

    def search(self, text: str, pos: int = 0, endpos: int = 10**9):
        self.bounds.append((pos, min(endpos, len(text))))
        return None


def test_a_cue_before_a_number_is_searched_inside_its_window_only() -> None:
    # a search to the end of the text made a text of many sentences quadratic (issue 19)
    text = "达到1%。" * 50
    pattern, first = _RecordingPattern(), {}
    for lo in range(0, len(text), 5):
        assert not targets._found_before(text, (lo, lo + 5), lo + 2, (pattern,), first)
    assert all(hi - lo == 5 for lo, hi in pattern.bounds) and len(pattern.bounds) == 50


# (real sentence, [(target text, indicator, year)]): a clause without a subject of its own measures the
# sentence's previous indicator; listed years and 分别 give each value its year (shandong 046, 051)
ELIDED = [
    (
        "到2025年年底，全省信息技术产业营收突破2.2万亿元，年均增长10%以上。",
        [("突破2.2万亿元", "信息技术产业营收", 2025), ("10%以上", "信息技术产业营收", 2025)],
    ),
    (
        "全省信息技术产业营收年均增长10%以上，2024年、2025年分别突破2.2万亿元、2.4万亿元，努力打造产业高地。",
        [
            ("10%以上", "信息技术产业营收", None),
            ("突破2.2万亿元", "信息技术产业营收", 2024),
            ("2.4万亿元", "信息技术产业营收", 2025),
        ],
    ),
    # a year listed before 分别 wins over the sentence's deadline
    (
        "到2025年，全市营收2024年、2025年分别突破2.2万亿元、2.4万亿元。",
        [("突破2.2万亿元", "营收", 2024), ("2.4万亿元", "营收", 2025)],
    ),
    # a clause of only a verb names its object after the value: no indicator is borrowed
    ("完成200项以上国家标准的制修订，建成120个", [("200项以上", "国家标准", None), ("120个", None, None)]),
    # listed years are when, not what; a value joined to the next measures the noun after the next one
    (
        "示范项目2023年、2024年分别完成10个和20个。",
        [("10个", "示范项目", 2023), ("20个", "示范项目", 2024)],
    ),
    (
        "到2025年，全市2023年、2024年分别完成10个和20个示范项目。",
        [("10个", "示范项目", 2023), ("20个", "示范项目", 2024)],
    ),
    # a value with a subject of its own keeps it
    ("新建学校5所和10所幼儿园。", [("5所", "新建学校", None), ("10所", "幼儿园", None)]),
    ("示范校10个、20个示范项目。", [("10个", "示范校", None), ("20个", "示范项目", None)]),
    (  # shandong 042: 分别给予 was the indicator of the first two
        "园区内新认定的国家、省、市工业设计中心分别给予100万元、50万元、30万元奖励；",
        [("100万元", "奖励", None), ("50万元", "奖励", None), ("30万元", "奖励", None)],
    ),
    (  # shandong 027: values of a different unit before them keep their own reading
        "人才创办的企业，年销售收入首次达到2000万元、5000万元、1亿元的，分别给予最高50万元、100万元、200万元创新扶持。",
        [
            ("2000万元", "年销售收入", None),
            ("5000万元", "年销售收入", None),
            ("1亿元", "年销售收入", None),
            ("最高50万元", "创新扶持", None),
            ("100万元", "创新扶持", None),
            ("200万元", "创新扶持", None),
        ],
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), ELIDED)
def test_a_clause_without_its_subject_and_respective_years(sentence, expected) -> None:
    import pipeline

    record = pipeline.extract("关于推进信息技术产业发展的实施意见\n" + sentence + "\n")
    assert [(t.text, t.indicator, t.year) for t in record.targets] == expected

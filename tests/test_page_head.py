"""The document's head on saved pages (issue 13, forms 1-8): real lines of local governments' pages.

Each case is a cut of a real page (the first lines up to the signature), from ``../shared/data/webpages``
(ids 003-063) or from the held-out pages of ``tests/fixtures/pages`` (h01-h08; sources in its README),
with what a reader sees: title, 文号 (normalised), issuer, date, level and place.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.api import new_context
from pipeline.models import Region
from pipeline.structure.header import analyse_header
from pipeline.text.dates import compact_date, impossible_dates, year_zeros
from pipeline.text.variants import clean_copy, fold, page_marks


def _meta(text: str, **supplied):
    ctx = new_context(text, meta=supplied or None)
    analyse_header(ctx)
    for s, e in ctx.header_spans.values():
        assert 0 <= s < e <= len(text)
    return ctx


# (page, text, title, doc_number, issuer, date, level, region)
CASES = [
    (  # 003: wenku export, 版头 twice, title broken over two lines
        "003 湖南",
        "湖南省人民政府办公厅文件\n\n时间:2019-05-14 10:45:55下载本文作者:会员上传\n\n第一篇:湖南省人民政府办公厅文件\n\n"
        "湖南省人民政府办公厅文件\n\n湘政办发〔2009〕24号\n\n湖南省人民政府办公厅关于加强普通高等学校\n\n毕业生就业工作的通知\n\n"
        "各市州、县市区人民政府,省政府各厅委、各直属机构:\n\n根据有关精神,现就有关问题通知如下:\n",
        "湖南省人民政府办公厅关于加强普通高等学校毕业生就业工作的通知",
        "湘政办发〔2009〕24号",
        ("湖南省人民政府办公厅",),
        None,
        "provincial",
        Region(province="湖南省"),
    ),
    (  # 012: republished with the headline prefix 转发:
        "012 芜湖",
        "转发:芜湖市人民政府关于印发芜湖市国民经济和社会发展第十四个五年规划和2035年远景目标纲要的通知\n\n"
        "发布时间:2021-04-26 08:44信息来源: 芜湖市司法局阅读次数:编辑:赵民 字体:【  \n\n"
        "各县市区人民政府,市政府各部门、各直属单位,驻芜各单位:\n\n《纲要》已经市十六届人大五次会议审议批准,现印发给你们。\n\n"
        "2021年4月14日\n\n芜湖市国民经济和社会发展第十四个五年规划和2035年远景目标纲要\n",
        "芜湖市人民政府关于印发芜湖市国民经济和社会发展第十四个五年规划和2035年远景目标纲要的通知",
        None,
        ("芜湖市人民政府",),
        "2021-04-14",
        "municipal",
        Region(province="安徽省", city="芜湖市"),
    ),
    (  # 015: issuer line above the 关于 line; the page's 日期 is its posting date
        "015 洛阳",
        "欢迎进入洛阳市自然资源和规划局网站!\n您当前位置: 政务公开 > 行政法规\n\n关于印发洛阳市人民政府工作规则的通知\n\n"
        "来源:日期:2023-04-28 08:27:00阅读次数:\n\n洛阳市人民政府\n\n关于印发洛阳市人民政府工作规则的通知\n\n洛政〔2023〕17号\n\n\n"
        "各县区人民政府,市人民政府各部门,各有关单位:\n\n现将修订后的《洛阳市人民政府工作规则》印发给你们,自印发之日起施行。\n\n\n"
        "2023年4月15日\n\n洛阳市人民政府工作规则\n\n\n第一章  总  则\n",
        "洛阳市人民政府关于印发洛阳市人民政府工作规则的通知",
        "洛政〔2023〕17号",
        ("洛阳市人民政府",),
        "2023-04-15",
        "municipal",
        Region(province="河南省", city="洛阳市"),
    ),
    (  # 018: a slogan line first; the signature date printed as 20151214
        "018 南宁",
        "社会主义核心价值观:  富强、  民主、  文明、  和谐。\n\n"
        "南宁市人民政府办公厅关于印发《南宁市行政执法公示制度》等四项行政执法制度的通知\n\n"
        "信息来源:南宁市人民政府办公厅 发布时间:2015-12-22 12:07 【字体:\n\n"
        "各县、区人民政府,市政府各部门,各管委会:   \n\n  四项行政执法制度已经市人民政府常务会议审议通过,现印发给你们。   \n\n"
        "                               20151214\n\n  南宁市行政执法公示制度   \n",
        "南宁市人民政府办公厅关于印发《南宁市行政执法公示制度》等四项行政执法制度的通知",
        None,
        ("南宁市人民政府办公厅",),
        "2015-12-14",
        "municipal",
        Region(province="广西壮族自治区", city="南宁市"),
    ),
    (  # 021: file name lines, the 文号 in parentheses under the title, 盟 and 行政公署, 二○○七年
        "021 阿拉善",
        "阿拉善盟行政公署办公室公文处理实施细则及文种式样.docx\n- 文档编号:5043956\n- 上传时间:2022-12-12\n"
        "阿拉善盟行政公署办公室公文处理实施细则及文种式样\n"
        "阿拉善盟行政公署办公室关于印发阿拉善盟行政公署办公室公文处理实施细则及文种式样的通知\n(阿署办发〔2007〕22号)\n"
        "各旗人民政府,行署各委、办、局,阿拉善开发区,各大企业:\n根据工作需要,现印发给你们,望认真贯彻执行。\n二○○七年六月五日\n",
        "阿拉善盟行政公署办公室关于印发阿拉善盟行政公署办公室公文处理实施细则及文种式样的通知",
        "阿署办发〔2007〕22号",
        ("阿拉善盟行政公署办公室",),
        "2007-06-05",
        "municipal",
        Region(province="内蒙古自治区", city="阿拉善盟"),
    ),
    (  # 027: print view, the date after the title in double parentheses, recipients and body on one line
        "027 哈尔滨",
        "哈尔滨市人民政府办公厅关于转发哈尔滨市志编纂方案的通知 ((1990年11月16日))\n"
        "各区、县(市)人民政府,市政府各委、办、局,中直、省属在哈单位,驻哈部队: 经市政府同意,现将方案转发给你们。\n",
        "哈尔滨市人民政府办公厅关于转发哈尔滨市志编纂方案的通知",
        None,
        ("哈尔滨市人民政府办公厅",),
        "1990-11-16",
        "municipal",
        Region(province="黑龙江省", city="哈尔滨市"),
    ),
    (  # 036: the 文号 run on after the title, an aggregator's summary line above it
        "036 武威",
        "武威市人民政府关于统筹推进县域内城乡义务教育一体化改革发展的实施意见\n询律网小编整理\n2024-11-21 12:56\n137人看过\n"
        "武威市人民政府关于统筹推进县域内城乡义务教育一体化改革发展的实施意见武政发[2017]52号各县、区人民政府,市政府有关部门、单位:为贯彻落实\n"
        "武威市人民政府关于统筹推进县域内城乡义务教育一体化改革发展的实施意见武政发[2017]52号\n各县、区人民政府,市政府有关部门、单位:\n"
        "为贯彻落实有关精神,现提出如下实施意见。\n",
        "武威市人民政府关于统筹推进县域内城乡义务教育一体化改革发展的实施意见",
        "武政发〔2017〕52号",
        ("武威市人民政府",),
        None,
        "municipal",
        Region(province="甘肃省", city="武威市"),
    ),
    (  # 039: 文号, issuer line, 关于 line; date in Chinese numerals before the 抄送 block
        "039 苍南",
        "\n朗读\n苍政办〔2007〕24号\n苍南县人民政府办公室\n关于下达2007年义务教育普及程度指标的通知\n各乡镇人民政府,县政府直属各单位:\n"
        "为进一步巩固提高我县“两高普九”成果,现提出2007年我县各乡镇义务教育普及程度任务指标。\n"
        "附:苍南县各乡镇2007年度义务教育普及程度指标\n二○○七年二月十五日\n主题词:教育 两高普九△ 指标 通知\n",
        "苍南县人民政府办公室关于下达2007年义务教育普及程度指标的通知",
        "苍政办〔2007〕24号",
        ("苍南县人民政府办公室",),
        "2007-02-15",
        "county",
        Region(province="浙江省", city="温州市", county="苍南县"),
    ),
    (  # 042: a column name before the headline (政务服务丨), bulleted publication date
        "042 济宁",
        "政务服务丨济宁市人民政府关于持续深化“市县同权”改革的实施意见\n- 发布日期:2021-07-19\n- 浏览次数:\n济宁市人民政府\n"
        "关于持续深化“市县同权”改革的实施意见\n济政字〔2021〕30号\n各县(市、区)人民政府,济宁高新区管委会,市政府各部门:\n"
        "为持续深入推进简政放权、放管结合、优化服务改革,制定本意见。\n",
        "济宁市人民政府关于持续深化“市县同权”改革的实施意见",
        "济政字〔2021〕30号",
        ("济宁市人民政府",),
        None,
        "municipal",
        Region(province="山东省", city="济宁市"),
    ),
    (  # 063: the attachment title first; the date written with the letter O (二OO三年)
        "063 吉安",
        "您的位置: 首页 » 法律资料网 » 法律法规 »\n\n吉安市市本级政务公开工作实施细则\n\n"
        "作者:法律资料网 时间:2024-07-06 00:54:58  浏览:9107   来源:法律资料网\n下载地址: 点击此处下载\n\n"
        "吉安市市本级政务公开工作实施细则\n\n江西省吉安市人民政府办公室\n\n\n关于印发吉安市市本级政务公开工作实施细则的通知\n"
        "( 吉府发〔2003〕37号 )\n\n市政府各部门,市直各单位:\n\n现将《吉安市市本级政务公开工作实施细则》印发给你们,请遵照执行。\n\n"
        "二OO三年十二月四日\n\n吉安市市本级政务公开工作实施细则\n",
        "江西省吉安市人民政府办公室关于印发吉安市市本级政务公开工作实施细则的通知",  # gold: without the issuer line
        "吉府发〔2003〕37号",
        ("江西省吉安市人民政府办公室",),
        "2003-12-04",
        "municipal",
        Region(province="江西省", city="吉安市"),
    ),
    (  # h01 镇巴县: bulleted labels with the values on the next line; 发文机构 names the site
        "h01 镇巴",
        "返回顶部\n\n镇巴县人民政府工作规则\n\n  • 索引号:\n\n    6107280000/2024-001005\n  • 发文机构:\n\n    县政府网站\n"
        "  • 发文字号:\n\n    镇政发〔2024〕7号\n  • 发文日期:\n\n    2024年04月06日 16:40\n  • 发布日期:\n\n    2024年04月06日 16:34\n"
        "  • 内容概述:\n\n镇巴县人民政府工作规则\n\n第一章总则\n\n一、根据宪法,结合本县实际,制定本规则。\n",
        "镇巴县人民政府工作规则",
        "镇政发〔2024〕7号",
        (),
        "2024-04-06",
        "county",
        Region(province="陕西省", city="汉中市", county="镇巴县"),
    ),
    (  # h02 岳阳市: joint issuers, the 文号 in parentheses after the title on a county portal
        "h02 岳阳",
        "归档时间:2018-11-21\n当前位置: 首页 > 政务公开 > 政策法规\n\n"
        "中共岳阳市委办公室岳阳市人民政府办公室印发《关于全面推进政务公开工作的实施意见》的通知(岳办发〔2017〕2号)\n\n"
        "来源:岳阳市政府门户网 日期:2017-01-12 17:08 字号:【\n视力保护色:\n浏览量:\n\n"
        "各县市区委、人民政府,岳阳经济技术开发区,市直各单位,中央、省驻岳单位:\n\n《关于全面推进政务公开工作的实施意见》已经市委、市人民政府同意,现印发给你们。\n\n"
        "中共岳阳市委办公室\n\n岳阳市人民政府办公室\n\n2017年1月10日\n\n关于全面推进政务公开工作的实施意见\n",
        "中共岳阳市委办公室岳阳市人民政府办公室印发《关于全面推进政务公开工作的实施意见》的通知",
        "岳办发〔2017〕2号",
        ("中共岳阳市委办公室", "岳阳市人民政府办公室"),
        "2017-01-10",
        "municipal",
        Region(province="湖南省", city="岳阳市"),
    ),
    (  # h05 重庆市: an order (渝府令第 121 号) with no recipients, signed by 市长
        "h05 重庆",
        "重庆市人民政府关于控制主城区采(碎)石场和小水泥厂尘污染的通告\n\n作者:法律资料网 时间:2024-06-16 05:10:14   浏览:9355\n"
        "下载地址: 点击此处下载\n\n重庆市人民政府关于控制主城区采(碎)石场和小水泥厂尘污染的通告\n\n重庆市人民政府\n\n\n渝府令第 121 号\n\n\n"
        "《重庆市人民政府关于控制主城区采(碎)石场和小水泥厂尘污染的通告》已经市人民政府第97次常务会议审议通过,现予发布。\n\n市 长\n\n"
        "二○○一年十二月三十日\n\n\n重庆市人民政府关于控制主城区采(碎)石场和小水泥厂尘污染的通告\n\n第一条 为有效控制主城区尘污染,制定本通告。\n",
        "重庆市人民政府关于控制主城区采(碎)石场和小水泥厂尘污染的通告",
        "渝府令第121号",
        ("重庆市人民政府",),
        "2001-12-30",
        "provincial",
        Region(province="重庆市"),
    ),
    # the second held-out set, tests/fixtures/pages2 (sources in its README)
    (  # h13: a breadcrumb under the site's name; a 文号 that lost its 〕 and 号; a garbled signature date
        "h13 牟定",
        "牟定县人民政府\n首页 >> 公开信息内容\n\n牟定县人民政府办公室关于印发牟定县突发环境事件应急预案(试行)的通知\n\n"
        "索引号:11532323015172622Y-/2018-1220012 公文目录:应急管理 发文日期:2017年06月28日 主题词: 文  号: 成文日期:\n \n\n"
        "牟政办发〔201746\n\n各乡镇人民政府,县级有关部门:\n\n经县人民政府同意,现将《牟定县突发环境事件应急预案(试行)》印发给你们,"
        "请认真贯彻执行。\n\n牟定县人民政府办公室\n\n(此件公开发布)\n\n{ 2017 6 23\n",
        "牟定县人民政府办公室关于印发牟定县突发环境事件应急预案(试行)的通知",
        None,
        ("牟定县人民政府办公室",),
        "2017-06-28",  # the metadata line's 发文日期 (the signature's date is garbled)
        "county",
        Region(province="云南省", city="楚雄彝族自治州", county="牟定县"),
    ),
    (  # h18: the issuer's line above a 关于 title broken over three lines, under a headline and a 文号
        "h18 怀化",
        "怀化市人民政府办公室关于印发《怀化市实施方案》的通知\n\nHHCR-2023-01005\n\n怀政办发〔2023〕9号\n\n"
        "怀化市人民政府办公室\n\n关于印发《怀化市贯彻落实〈关于打好经济\n\n增长主动仗实现经济运行整体好转的若干\n\n"
        "政策措施〉实施方案》的通知\n\n各县市区人民政府,市直机关各单位:\n\n经市人民政府同意,现将方案印发给你们,请认真组织实施。\n\n"
        "怀化市人民政府办公室\n\n2023年3月15日\n",
        "怀化市人民政府办公室关于印发《怀化市贯彻落实〈关于打好经济增长主动仗实现经济运行整体好转的若干政策措施〉实施方案》的通知",
        "怀政办发〔2023〕9号",
        ("怀化市人民政府办公室",),
        "2023-03-15",
        "municipal",
        Region(province="湖南省", city="怀化市"),
    ),
    (  # h12: 您的位置: alone, a column name, joint issuers on the title's first line, the date under it
        "h12 云南",
        "您的位置:\n省委、省政府联发文件\n【字体:\n来源:云南日报\n\n中共云南省委 云南省人民政府\n"
        "关于支持昆明高质量发展的若干意见\n\n(2021年7月3日)\n\n为推动昆明高质量发展,现提出以下意见。\n\n一、总体要求\n",
        "中共云南省委 云南省人民政府关于支持昆明高质量发展的若干意见",
        None,
        ("中共云南省委", "云南省人民政府"),
        "2021-07-03",
        "provincial",
        Region(province="云南省"),
    ),
    (  # h25: metadata bullets without their labels, then an emergency plan (预案)
        "h25 新郑",
        "• 005299478/2022-00137\n  • 新郑市卫生健康委员会\n  • 应急\n  • 2022-08-10\n  • 2022-08-10\n"
        "新郑市突发公共事件医疗卫生救援应急预案\n\n1 总则\n\n1.1 编制目的\n\n为提高全市医疗卫生应急反应能力,制定本预案。\n",
        "新郑市突发公共事件医疗卫生救援应急预案",
        None,
        ("新郑市卫生健康委员会",),
        None,  # a date without its label may be the page's
        "county",
        Region(province="河南省", city="郑州市", county="新郑市"),
    ),
    (  # h19 (simplified here): a line of a page's separator before the title
        "h19 绛县",
        "|\n绛县人民政府办公室 关于印发绛县促进专业镇高质量发展 实施方案的通知\n绛政办发〔2023〕14号\n"
        "各乡(镇)人民政府,县直各有关单位:\n《绛县促进专业镇高质量发展实施方案》已经县人民政府同意,现印发给你们,请认真组织实施。\n"
        "绛县人民政府办公室\n2023年9月1日\n",
        "绛县人民政府办公室 关于印发绛县促进专业镇高质量发展 实施方案的通知",
        "绛政办发〔2023〕14号",
        ("绛县人民政府办公室",),
        "2023-09-01",
        "county",
        Region(province="山西省", city="运城市", county="绛县"),
    ),
]


@pytest.mark.parametrize(
    ("page", "text", "title", "doc_number", "issuer", "date", "level", "region"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_page_head(page, text, title, doc_number, issuer, date, level, region) -> None:
    ctx = _meta(text)
    m = ctx.meta
    assert (m.title, m.doc_number, m.issuer, m.date) == (title, doc_number, issuer, date)
    assert (m.level, m.region) == (level, region)
    if "title" in ctx.header_spans:
        s, e = ctx.header_spans["title"]
        assert text[s:e].replace("\n", "").startswith(title[:4])


def test_traditional_page_keeps_the_text_as_printed_and_reads_it_simplified() -> None:
    """024 南京 (繁体 with pinyin): the title as printed, issuer and place as for simplified text."""
    text = (
        "寧政辦發(fā)〔2018〕47號《南京市人民政府辦公廳關(guān)于加強中小學(xué)幼兒園安全風(fēng)險防控體系建設(shè)的實施意見》\n"
        "《南京市人民政府辦公廳關(guān)于加強中小學(xué)幼兒園安全風(fēng)險防控體系建設(shè)的實施意見》\n寧政辦發(fā)〔2018〕47號\n"
        "各區(qū)人民政府,市府各委辦局,市各直屬單位:\n為進(jìn)一步加強和改進(jìn)學(xué)校安全工作,制定如下實施意見:\n"
    )
    ctx = _meta(text)
    m = ctx.meta
    assert (
        m.title
        == "南京市人民政府辦公廳關(guān)于加強中小學(xué)幼兒園安全風(fēng)險防控體系建設(shè)的實施意見"
    )
    assert m.doc_number == "宁政办发〔2018〕47号"
    assert m.issuer == ("南京市人民政府办公厅",)
    assert (m.level, m.region) == ("municipal", Region(province="江苏省", city="南京市"))
    s, e = ctx.header_spans["doc_number"]
    assert text[s:e] == m.doc_number_printed == "寧政辦發(fā)〔2018〕47號"  # the span is the printed 文号
    assert m.field_sources == {
        "issuer": "text",
        "title": "text",
        "doc_number": "text",
        "level": "inferred:issuer",
        "region": "inferred:issuer",
    }


def test_shanghai_traditional_notice_date_under_the_signature() -> None:
    """006 上海 (繁体): the date under the 印发 notice's signature, before the attached opinion."""
    text = (
        "滬府發(fā)〔2017〕92號\n上海市人民政府印發(fā)《關(guān)于本市加強(qiáng)政務(wù)誠信建設(shè)的實(shí)施意見》的通知\n"
        "各區(qū)人民政府,市政府各委、辦、局:\n現(xiàn)將《關(guān)于本市加強(qiáng)政務(wù)誠信建設(shè)的實(shí)施意見》印發(fā)給你們,請認(rèn)真按照執(zhí)行。\n"
        "上海市人民政府\n2017年12月20日\n關(guān)于本市加強(qiáng)政務(wù)誠信建設(shè)的實(shí)施意見\n一、總體要求\n"
        "(一)主要目標(biāo)\n到2020年,政務(wù)誠信監(jiān)督體系基本建立。\n\n2018年1月1日\n"
    )
    m = _meta(text).meta
    assert m.date == "2017-12-20" and m.issuer == ("上海市人民政府",)
    assert m.doc_number == "沪府发〔2017〕92号"
    assert (m.level, m.region) == ("provincial", Region(province="上海市"))


@pytest.mark.parametrize(
    ("printed", "clean"),
    [
        ("寧政辦發(fā)〔2018〕47號", "宁政办发〔2018〕47号"),  # 024
        ("國辦發(fā)〔2017〕35號", "国办发〔2017〕35号"),  # 024
        ("東府〔2021〕54號", "东府〔2021〕54号"),  # the 东莞 example
        ("鄂政發〔2018〕26號", "鄂政发〔2018〕26号"),  # h08
        ("封丘縣人民政府辦公室 關(guān)于", "封丘县人民政府办公室 关于"),  # h07
        ("(2)、社区(镇)", "(2)、社区(镇)"),  # brackets that are no pinyin stay
    ],
)
def test_clean_copy(printed: str, clean: str) -> None:
    assert clean_copy(printed) == clean


def test_fold_maps_every_view_offset_back_to_the_printed_text() -> None:
    text = "上海市人民政府印發(fā)《關(guān)于本市加強(qiáng)政務(wù)誠信建設(shè)的實(shí)施意見》的通知"
    view = fold(text)
    assert view.text == "上海市人民政府印发《关于本市加强政务诚信建设的实施意见》的通知"
    for i, ch in enumerate(view.text):
        printed = text[view.pos(i)]
        assert clean_copy(printed) == ch
    s = view.text.index("关于")
    assert text[slice(*view.span(s, s + 2))] == "關(guān)于"


def test_a_simplified_text_naming_one_traditional_looking_character_is_not_folded() -> None:
    assert not fold("乾县人民政府关于印发《乾县工作规则》的通知").changed  # 乾 -> 干 in OpenCC's table


@pytest.mark.parametrize(
    ("line", "iso"),
    [("20151214", "2015-12-14"), ("20151314", None), ("2015121", None), ("120151214", None)],
)
def test_compact_signature_date(line: str, iso: str | None) -> None:
    assert compact_date(line) == iso


def test_letter_o_in_chinese_numeral_years() -> None:
    assert year_zeros("二OO三年十二月四日") == "二〇〇三年十二月四日"  # 063
    assert year_zeros("OK, 2O21") == "OK, 2O21"  # no Chinese numerals around: left alone


def test_impossible_dates_are_warnings_and_never_due_dates() -> None:
    """shandong/036 has 本实施细则自3133年 6月81日起施行，有效期至3136年6月9日 (garbled digits)."""
    text = (
        "到2025年，建成测试示范区。2021年6月1日起开展测试。\n"
        "第四十条 本实施细则自3133年 6月81日起施行，有效期至3136年6月9日。\n"
    )
    warnings = impossible_dates(text)
    assert any("3133年 6月81日" in w and "cannot exist" in w for w in warnings)
    assert any("3136年6月9日" in w and "era" in w for w in warnings)
    import pipeline

    record = pipeline.extract(text)
    assert set(warnings) <= set(record.document.warnings)
    assert not [d for d in record.deadlines if d.due_date and d.due_date > "2100"]


def test_supplied_metadata_wins_and_says_so() -> None:
    ctx = _meta(
        "各市人民政府：\n现就有关事项通知如下。\n",
        title="关于某事的通知",
        level="county",
        region="甘肃省庆阳市环县",
    )
    m = ctx.meta
    assert m.title == "关于某事的通知" and m.level == "county"
    assert m.region == Region(province="甘肃省", city="庆阳市", county="环县")
    assert m.field_sources["title"] == m.field_sources["level"] == m.field_sources["region"] == "supplied"


@pytest.mark.parametrize(
    ("issuer", "level", "region"),
    [
        ("阿里地区行政公署", "municipal", Region(province="西藏自治区", city="阿里地区")),  # h06: 行署
        ("阿拉善盟行政公署办公室", "municipal", Region(province="内蒙古自治区", city="阿拉善盟")),  # 021
        (
            "上海市奉贤区人民政府办公室",
            "county",
            Region(province="上海市", county="奉贤区"),
        ),  # 033: 直辖市 district
        (
            "阿拉山口市人民政府",
            "county",
            Region(province="新疆维吾尔自治区", city="博尔塔拉蒙古自治州", county="阿拉山口市"),
        ),
        ("宝鸡市凤翔区人民政府", "county", Region(province="陕西省", city="宝鸡市", county="凤翔区")),  # 054
        ("中共岳阳市委办公室", "municipal", Region(province="湖南省", city="岳阳市")),  # h02
        # 管委会 of zones named in recipients of the pages (012 经济技术开发区, 042 济宁高新区, 054 高新区)
        ("天津经济技术开发区管理委员会", "county", Region(province="天津市")),
        ("兰州新区管委会", "county", Region(province="甘肃省", city="兰州市")),
        ("成都高新区管委会", "county", Region(province="四川省", city="成都市")),
        ("贵安新区管委会", None, Region()),  # no place in the name: not guessed
    ],
)
def test_level_and_place_of_issuers(issuer, level, region) -> None:
    from pipeline.structure.regions import infer_level_region

    assert infer_level_region(issuer) == (level, region)


_PIECES = st.sampled_from(
    [
        "發(fā)",
        "關(guān)",
        "于",
        "東府",
        "〔2021〕",
        "54號",
        "辦公廳",
        "\n",
        " ",
        "(a)",
        "（注）",
        "通知",
        "乾",
        "A",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=30))
def test_fold_property_every_span_maps_inside_the_printed_text(pieces) -> None:
    text = "".join(pieces)
    view = fold(text)
    assert len(view.text) <= len(text)
    previous = -1
    for i in range(len(view.text)):
        assert previous < view.pos(i) < len(text)  # offsets increase and stay in the original
        previous = view.pos(i)
    for s in range(len(view.text)):
        a, b = view.span(s, len(view.text))
        assert 0 <= a < b <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(_PIECES, max_size=30))
def test_header_spans_stay_in_the_printed_text(pieces) -> None:
    text = "".join(pieces) + "\n各区人民政府：\n现通知如下。\n"
    _meta(text)  # asserts 0 <= start < end <= len(text) for every span


def test_lost_characters_and_left_over_tags_are_read_past() -> None:
    """h09 甘肃 (signature padded with ????) and h10 山西 (<p> tags kept on one line)."""
    h09 = (
        "甘政發(fā)〔2023〕8號(hào)\n各市、自治州人民政府,甘肅礦區(qū)辦事處,蘭州新區(qū)管委會(huì),省政府各部門:\n"
        "《甘肅省人民政府工作規(guī)則》已經(jīng)審議通過,現(xiàn)印發(fā)給你們,請(qǐng)遵照?qǐng)?zhí)行。\n甘肅省人民政府????????\n"
        "2023年1月19日????????\n(此件公開發(fā)布)\n甘肅省人民政府工作規(guī)則\n第一章?總?則\n"
    )
    m = _meta(h09).meta
    assert (m.doc_number, m.issuer, m.date, m.title) == (
        "甘政发〔2023〕8号",
        ("甘肃省人民政府",),
        "2023-01-19",
        None,
    )
    h10 = (
        "发文机关:山西省人民政府\n发布日期:2018年03月27\n文号 :晋政发〔2018〕13号\n"
        "<p>各市、县人民政府,省人民政府各委、办、厅、局:</p><p> 现将《实施方案》印发给你们,请认真组织实施。</p>"
        '<p style="text-align: right;"> 山西省人民政府</p><p style="text-align: right;"> 2018年3月27日</p>'
        "<p><strong>山西省激发重点群体活力带动城乡居民增收的实施方案</strong></p>\n"
    )
    m = _meta(h10).meta
    assert (m.doc_number, m.issuer, m.date, m.level) == (
        "晋政发〔2018〕13号",
        ("山西省人民政府",),
        "2018-03-27",
        "provincial",
    )
    assert page_marks("第一章?總?則") == "第一章 總 則" and page_marks("Why? 2?") == "Why? 2?"


def test_a_broken_doc_number_above_the_title_is_not_part_of_it() -> None:
    ctx = _meta("牟政办发〔201746\n关于加强安全生产工作的通知\n各乡镇：\n内容。\n")
    assert ctx.meta.title == "关于加强安全生产工作的通知"

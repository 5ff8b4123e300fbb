"""The hand-written regular expressions of the header stage (文号, dates, header lines), compiled once.

Each pattern carries a comment saying why it looks the way it does. Vocabulary (labels, genre words,
organisation endings, known prefixes) lives in ``pipeline/resources`` and is turned into patterns by the
``*_re`` builders below, also cached. No pattern here is ever applied to a normalised copy of the whole
text: offsets always refer to the original text.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.resources import load_json
from pipeline.text.pieces import CJK as _CJK
from pipeline.text.pieces import DIGIT, LABEL_CN, alternation
from pipeline.text.pieces import SP as _SP

# Digits (ASCII or full-width), one CJK ideograph and horizontal space come from the shared pieces.
D, CJK, SP = DIGIT, _CJK, _SP
# Year brackets seen in published 文号: the official 〔〕 and the substitutes people type instead. Open and
# close are matched independently because real texts mix them (人社部发〔2021)73号).
OPEN = "[〔\\[［(（【﹝〈„]"  # „ and ‟: 〔〕 as a PDF conversion garbles them (国办发„2009‟3号)
CLOSE = "[〕\\]］)）】﹞〉‟]"

# A 文号 with a year: <prefix>〔<year>〕<serial>号 (or 號, as traditional pages print it). The prefix is up to 12 ideographs directly before the
# bracket; it may swallow preceding words (落实国发), which docnumber.trim_prefix cuts back. 第 before the
# serial occurs in older texts (国发〔1999〕第5号).
DOCNO_YEAR_RE = re.compile(
    rf"(?P<prefix>{CJK}{{1,12}}){SP}{OPEN}{SP}(?P<year>{D}{{4}}){SP}{CLOSE}{SP}第?{SP}(?P<serial>{D}{{1,5}}){SP}[号號]"
)
# An order number without a year: 国务院令第638号, 教育部令第50号. The prefix must end in 令 and 第 is
# required, which keeps ordinary "第3号" (a serial with no issuer) out.
DOCNO_ORDER_RE = re.compile(rf"(?P<prefix>{CJK}{{0,13}}令){SP}第{SP}(?P<serial>{D}{{1,5}}){SP}[号號]")

# What follows a 文号's prefix, found first so that the prefix is only looked for where a 文号 can end
# (docnumber.find_doc_numbers): the bracketed year and serial, and an order's 令第N号. The lookahead makes
# each match empty, so that no candidate hides the next.
DOCNO_YEAR_CORE_RE = re.compile(rf"(?={OPEN}{SP}{D}{{4}}{SP}{CLOSE}{SP}第?{SP}{D}{{1,5}}{SP}[号號])")
DOCNO_YEAR_CORE_END_RE = re.compile(rf"{OPEN}{SP}{D}{{4}}{SP}{CLOSE}{SP}第?{SP}{D}{{1,5}}{SP}[号號]")
DOCNO_ORDER_CORE_RE = re.compile(rf"(?=令{SP}第{SP}{D}{{1,5}}{SP}[号號])")
DOCNO_ORDER_CORE_END_RE = re.compile(rf"令{SP}第{SP}{D}{{1,5}}{SP}[号號]")
DOCNO_YEAR_PREFIX_MAX, DOCNO_ORDER_PREFIX_MAX = 12, 13  # the {1,12} and {0,13} of the patterns above

# Full-string forms for parse_doc_number: the same shapes anchored, the prefix being the whole CJK run.
DOCNO_YEAR_FULL_RE = re.compile(
    rf"(?P<prefix>{CJK}{{1,12}}){SP}{OPEN}{SP}(?P<year>{D}{{4}}){SP}{CLOSE}{SP}第?{SP}(?P<serial>{D}{{1,5}}){SP}[号號]"
)
DOCNO_ORDER_FULL_RE = re.compile(rf"(?P<prefix>{CJK}{{0,13}}令){SP}第{SP}(?P<serial>{D}{{1,5}}){SP}[号號]")
# A whole-string 文号 may come wrapped in brackets (（甘政发〔2020〕38号）) as it is printed under titles.
WRAPPED_RE = re.compile(r"^[(（\[［【](?P<inner>.*)[)）\]］】]$")

# Dates: see pipeline/text/dates.py (the one dates module).

# A heading line that opens the body (一、总体要求 / 第一章 总则 / （一） / 1. / ①): never a title.
HEADING_START_RE = re.compile(
    rf"^\s*(?:{LABEL_CN}+\s*[、.．]|第(?:{LABEL_CN}|\d)+\s*[章节条部分篇]"
    rf"|[（(](?:{LABEL_CN}|\d)+[）)]|\d+\s*[、.．]|[①-⑳])"
)
# Sentence punctuation: a line containing any of these is body text, not a title.
SENTENCE_PUNCT_RE = re.compile(r"[。；;！!？?，,：:]")
# A quoted name inside a title (《...》, “...”): its punctuation does not make the title a sentence.
QUOTED_RE = re.compile(r"“[^”\n]*”|《[^》\n]*》")
# A recipient (主送机关) line ends with a colon; the body may follow on the same line after it.
COLON_RE = re.compile(r"[：:]")
# Separators between recipients or joint issuers at bracket depth 0 (see header.split_names).
NAME_SEP = "，,；;、"
# A run of horizontal space: separates joint issuers on one signature line (工业和信息化部  国家标准化管理委员会).
SPACE_RUN_RE = re.compile(r"[^\S\r\n]+")
# "<X>文件" red-head line printed above the title (国务院文件, 庆阳市人民政府文件), or the "<X>令" head of
# an order (中华人民共和国国务院令); the issuer is what precedes 文件 / 令.
RED_HEAD_RE = re.compile(r"^\s*(?P<issuer>\S[^\d]{1,40}?)\s*(?:文\s*件|令)\s*$")
# Trailing parenthesised notes of a title: （试行） （征求意见稿） （2021-2025年）.
TITLE_NOTE_RE = re.compile(r"(?:\s*[（(][^（()）]{1,20}[)）])+\s*$")
# County-level units inside an issuer name: 西峰区人民政府, 环县人民政府, 阿巴嘎旗人民政府.
COUNTY_RE = re.compile(rf"(?P<county>{CJK}{{1,6}}?(?:自治县|县|区|旗|县级市))(?=人民政府|政府|委员会|$)")
# A city not listed in regions.csv: 某某市人民政府 / 某某州人民政府 (the name before 市/州 is 2-6 ideographs).
CITY_RE = re.compile(rf"^(?P<city>{CJK}{{2,6}}?(?:市|自治州|州|盟|地区))(?=人民政府|政府|委员会|{CJK})")


@cache
def lexicon() -> dict:
    """The small closed vocabularies of ``header_lexicon.json``."""
    return load_json("header_lexicon.json")


@cache
def doc_label_re() -> re.Pattern[str]:
    """A leading label before a 文号: 发文字号：, 文号: (labels come from the lexicon)."""
    labels = alternation(lexicon()["doc_number_labels"])
    return re.compile(rf"^\s*(?:{labels})\s*[：:]?\s*")


@cache
def publicity_re() -> re.Pattern[str]:
    """公开属性：主动公开 or （此件主动公开）: a label, an optional colon, one of the three values."""
    labels = alternation(lexicon()["publicity_labels"])
    values = alternation(lexicon()["publicity_values"])
    return re.compile(rf"(?:{labels}){SP}[：:]?{SP}(?P<value>{values})")


# A standalone annex heading line (附件1 / 附件 / 附表2): the annex blocks after the signature start here.
# The attachment list inside the body, before the signature (附件：1.xxx, or 附件： alone with the items on
# the next lines), has a colon, so it does not match.
ANNEX_HEAD_RE = re.compile(rf"^\s*(?:附件|附表|附录)\s*(?:{DIGIT}|{LABEL_CN})*\s*$")
# Digits anywhere: signature and recipient names contain none (2.庆阳市工作任务清单 is an annex list item).
DIGIT_RE = re.compile(DIGIT)

"""The hand-written regular expressions of the citation stage, each with the reason it exists.

Vocabulary (cue words, generic document words, named-reference patterns) lives in
``pipeline/resources/citation_cues.json``; the patterns built from it are compiled once here.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from pipeline.resources import load_json
from pipeline.structure.divisions import divisions
from pipeline.text.pieces import alternation, longest_first

# Horizontal space as it occurs in published texts: ASCII, ideographic (U+3000), no-break.
_HSPACE = r"[ \t\u3000\u00a0]"

# Book marks and line breaks are the only characters the title scanner needs to look at: a 《 opens
# a title, a 》 closes the innermost one, and a line break abandons an unclosed title (a 《 without
# its 》 on the same line is a typo, not a title spanning lines).
BOOK_MARK_RE = re.compile(r"[《》\n]")

# The parenthesis right after a 》: ``《…》 ( 甘政发〔2020〕38号)``, ``《…》（以下简称“职教20条”）``.
# ASCII or full-width brackets, spaces on either side; the content stops at the first closing
# bracket or line break. A 文号 with a broken bracket (人社厅发(2021〕71号) still fits since only
# a closing bracket ends the content.
PAREN_AFTER_RE = re.compile(rf"{_HSPACE}*[（(]{_HSPACE}*(?P<inner>[^）)\n]{{1,80}}?){_HSPACE}*[）)]")

# Pieces of a parenthesis content: 国发〔2021〕24号，以下简称《指南》 has two.
PAREN_PART_SEP_RE = re.compile(r"[，,；;]")

# Quote or book marks around an alias (以下简称“职教20条” / 《指南》 / 「两库」): stripped to get the alias.
ALIAS_QUOTES = "“”\"'‘’《》「」『』〈〉"

# Characters ignored when two titles are compared: whitespace, quotes, brackets and book marks.
# Titles are written with ASCII or full-width brackets and with or without spaces between joint
# issuers (教育部 甘肃省人民政府关于…), and these variations must not split one document in two.
TITLE_NOISE_RE = re.compile(r"[\s“”\"'‘’「」『』〈〉《》（）()〔〕\[\]【】﹝﹞·•]")

# A Chinese numeral run (十四, 二十): the {cn} placeholder of named patterns in citation_cues.json.
CN_NUMERAL = "[一二三四五六七八九十百零〇两]+"


@cache
def cues() -> dict[str, Any]:
    """The citation vocabulary (citation_cues.json)."""
    return load_json("citation_cues.json")


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    return alternation(sorted(set(words)))


@cache
def alias_re() -> re.Pattern[str]:
    """An alias definition inside a parenthesis: 以下简称“职教20条”, 简称《指南》."""
    return re.compile(rf"^(?:{_alternation(cues()['alias_cues'])})[:：]?{_HSPACE}*(?P<alias>.{{1,30}})$")


@cache
def self_short_re() -> re.Pattern[str]:
    """本意见, 本实施方案: the document itself (longest generic word first)."""
    return re.compile(rf"本(?P<word>{_alternation(cues()['short_forms'])})")


@cache
def earlier_ref_re() -> re.Pattern[str]:
    """上述文件: a pointer back to the latest earlier citation."""
    return re.compile(_alternation(cues()["earlier_refs"]))


@cache
def region_words() -> tuple[str, ...]:
    """Owners that may precede a named reference: named_region_words plus region names, longest first."""
    words = set(cues()["named_region_words"])
    for d in divisions():
        if d.level == "county":
            continue
        words.add(d.name)
        if d.short and len(d.short) >= 2:
            words.add(d.short)
    return longest_first(words)


@cache
def named_res() -> tuple[tuple[str, bool, re.Pattern[str]], ...]:
    """The named-reference patterns of citation_cues.json as ``(name, region_required, regex)``.

    The owner before a match is looked up in code (:func:`region_words`), not in the regex: a leading
    optional alternation of ~400 names would be tried at every character of the text.
    """
    out = []
    for item in cues()["named_patterns"]:
        pattern = item["pattern"].replace("{cn}", CN_NUMERAL)
        out.append((item["name"], item.get("region") == "required", re.compile(pattern)))
    return tuple(out)


# A 文号 written inside the book marks at the end of the title: 《新一代人工智能发展规划（国发〔2017〕35 号）》.
# The parenthesised part is split off the title when it parses as a 文号.
TITLE_TRAILING_PAREN_RE = re.compile(r"\s*[（(](?P<inner>[^（）()]{4,30})[）)]$")

# A line break inside a wrapped title, with the indentation around it: removed from Citation.title only
# (the span keeps the text as written).
TITLE_LINE_BREAK_RE = re.compile(r"[ \t\u3000]*\r?\n[ \t\u3000]*")

"""The hand-written regexes of the departments / obligations / tasks stages, each with its reason.

Vocabulary (names, suffixes, trigger words) lives in ``pipeline/resources``; this module only holds
the shapes that combine it. Everything is compiled once.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.text.pieces import HAN_CHARS, longest_first
from pipeline.text.pieces import alternation as build_alternation

HAN = HAN_CHARS

# Parentheses are written half- or full-width in the same document (各县(区) / 各县（区）): lexicon
# entries keep half-width ones and this class accepts both in the text.
OPEN_PAREN = "[(（]"
CLOSE_PAREN = "[)）]"

# Whitespace inside a name (政 策 内 容, a line break in a cell) is dropped in ``name``; the span
# itself keeps it (offsets refer to the original text).
WHITESPACE = re.compile(r"[\s\u3000]+")

# Separators between departments in a responsibility cell: spaces, 、，,；;/ and line breaks. Parentheses
# are tracked by the splitter itself (各县(区)政府 must not be cut), so this is a character class only.
CELL_SEPARATORS = frozenset(" \t\r\n\u3000、，,；;/／")

# A list label or dash at the very start of a sentence: 1. / 1、 / (一) / （一） / 一、 / ——  / 第一条.
# Stripped before looking for the leading imperative verb of a trigger-less directive.
LEADING_LABEL = re.compile(
    r"^[\s\u3000]*(?:"
    r"[(（][一二三四五六七八九十百\d]+[)）]"
    r"|[一二三四五六七八九十百]+、"
    r"|\d+[.．、]"
    r"|第[一二三四五六七八九十百\d]+条"
    r"|[—－-]{1,2}"
    r")?[\s\u3000]*"
)

# The number in an item label ("1." -> "1", "(十一)" -> "十一"): the number field of body tasks.
LABEL_NUMBER = re.compile(r"[\d一二三四五六七八九十百零〇]+")

# An inline responsibility note of State Council texts, （发展改革委、工业和信息化部牵头，各地区负责）:
# the departments before 牵头 lead, the ones after co-operate. Groups: the whole note's inside.
INLINE_RESPONSIBILITY = re.compile(r"[(（]([^()（）]{2,120}?(?:牵头|负责)[^()（）]{0,80})[)）]")
LEAD_MARK = re.compile(r"牵头")


@cache
def labelled_note_patterns(
    lead: tuple[str, ...], co: tuple[str, ...]
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A responsibility note opening with a label, （牵头单位：A；责任单位：B） (group 1: its inside), and
    the co labels inside it."""
    labels = alternation((*lead, *co))
    note = re.compile(f"[(（]((?:{labels})[:：][^()（）]{{1,300}})[)）]")
    return note, re.compile(f"(?:{alternation(co)})[:：]")


# A clause boundary inside a sentence, used to find the clause in which a trigger stands.
CLAUSE_BREAK = re.compile(r"[，,；;：:]")


def flexible(literal: str) -> str:
    """Regex source matching ``literal`` with either width of parentheses."""
    out = []
    for ch in literal:
        if ch in "(（":
            out.append(OPEN_PAREN)
        elif ch in ")）":
            out.append(CLOSE_PAREN)
        else:
            out.append(re.escape(ch))
    return "".join(out)


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation of ``words``, longest first, so the longest written form wins."""
    return build_alternation(sorted(set(words)), flexible)


def trie_source(words: tuple[str, ...] | list[str]) -> str:
    """A regex source matching any of ``words`` (longest first), as a character trie.

    Python's ``re`` tries alternatives one by one; with hundreds of names a flat alternation costs
    seconds per megabyte, the trie costs one branch per character. Parentheses match either width.
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w.replace("（", "(").replace("）", ")"):
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [flexible(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


@cache
def word_regex(words: tuple[str, ...]) -> re.Pattern[str]:
    """One compiled trie of a word list, longest match first (cached per list)."""
    return re.compile(trie_source(words)) if words else re.compile(r"(?!x)x")


@cache
def body_pattern(
    prefixes: tuple[str, ...],
    blocked: tuple[tuple[str, str], ...],
    not_followed: tuple[tuple[str, str], ...],
    stop: str,
    body_max: int,
    suffixes: tuple[tuple[str, str], ...],
    places: tuple[str, ...],
) -> re.Pattern[str]:
    """An unseen body: (place)? level prefix + 1..body_max name characters + a body suffix.

    ``blocked`` gives, per prefix, the characters that may not stand just before it (全市, 上市, 城市),
    ``not_followed`` the characters that may not follow it (市场, 区域, 省级);
    ``suffixes`` gives, per suffix, the characters that may not follow it (部门, 办学). The body is lazy
    so the first suffix that fits ends the name (市教育局 not 市教育局备案...), and it never runs over
    a suffix of two characters or more that a prefix follows (the end of one name, the start of the next).
    """
    stop_class = "".join(re.escape(c) for c in stop)
    # the body never runs over a whole name's end: a suffix of two characters or more right before a
    # prefix (市委组织部市人社局 is 市委组织部 + 市人社局, as a cell that lost its spaces writes them)
    names_end = alternation(tuple(s for s, _ in suffixes if len(s) > 1))
    crossing = f"(?!(?:{names_end})(?:{alternation(prefixes)}))" if names_end else ""
    body = f"(?:{crossing}(?![{stop_class}])[{HAN}])"
    prefix_alts = []
    for p in longest_first(prefixes):
        before = dict(blocked).get(p, "")
        guard = f"(?<![{re.escape(before)}])" if before else ""
        after = dict(not_followed).get(p, "")
        ahead = f"(?![{re.escape(after)}])" if after else ""
        prefix_alts.append(guard + re.escape(p) + ahead)
    place = f"(?:{alternation(places)})?" if places else ""
    suffix_alts = []
    for s, not_after in longest_first(suffixes, by=lambda kv: kv[0]):
        guard = f"(?![{re.escape(not_after)}])" if not_after else ""
        suffix_alts.append(re.escape(s) + guard)
    source = f"{place}(?:{'|'.join(prefix_alts)}){body}{{1,{body_max}}}?(?:{'|'.join(suffix_alts)})"
    return re.compile(source)


@cache
def school_pattern(suffixes: tuple[str, ...], places: tuple[str, ...], not_after: str) -> re.Pattern[str]:
    """A school: a known place or any two Han characters, then a school suffix (西峰职专, 庆阳职业技术学院).

    Two characters is the usual length of a county or city short name; longer unknown places are only
    found through the document's region names or the lexicon. ``not_after`` holds the characters that
    may not follow the suffix (职专业 is 高职 + 专业, not a school).
    """
    place = f"(?:{alternation(places)}|[{HAN}]{{2}})" if places else f"[{HAN}]{{2}}"
    guard = f"(?![{re.escape(not_after)}])" if not_after else ""
    return re.compile(f"(?P<place>{place})(?:{alternation(suffixes)}){guard}")


@cache
def group_pattern(places: tuple[str, ...]) -> re.Pattern[str]:
    """A named group or alliance of the document's own region (庆阳市推进...“技能庆阳”工作领导小组).

    Only anchored on a region name, because its body may hold quotes and run to 30 characters.
    """
    if not places:
        return re.compile(r"(?!x)x")
    return re.compile(
        f"(?:{alternation(places)})[市县区省]?[^，,。；;：:、\\s()（）]{{2,30}}?(?:领导小组|委员会|联席会议|联盟)"
    )


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


@cache
def institution_patterns(
    suffixes: tuple[str, ...], ordinal_schools: tuple[str, ...]
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The endings of institutions (大学, 有限公司 ...; the place before them is looked up in code) and
    ordinal schools (第一中学)."""
    ordinal = f"第[一二三四五六七八九十]+(?:{alternation(ordinal_schools)})"
    return re.compile(alternation(suffixes)), re.compile(ordinal)


@cache
def division_group_pattern(words: tuple[str, ...], tails: tuple[str, ...]) -> re.Pattern[str]:
    """A group of divisions: 各县（区）人民政府, 各县（市、区）政府, 各市（州）人民政府, 各区政府."""
    word = alternation(words)
    return re.compile(
        f"各(?:{word})(?:{OPEN_PAREN}(?:{word})(?:[、，,](?:{word}))*{CLOSE_PAREN}|(?:{word}))*"
        f"(?:{alternation(tails)})"
    )

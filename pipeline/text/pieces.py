"""Regex building blocks shared by every stage: digits, CJK, Chinese numerals, years, months, labels.

Each piece is a string to embed in a pattern (never compiled alone). The numeral characters come from
``resources/numerals.json``; a piece is defined here once and imported everywhere else, so 二○二一 or
２０２１ read the same in the header, the deadlines and the targets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from pipeline.resources import load_json


def longest_first(words: Iterable[Any], by: Callable[[Any], str] | None = None) -> tuple[Any, ...]:
    """``words`` longest first (equal lengths keep their order): the order a regex alternation needs
    (``市教育局`` before ``市教育``) and a first-match scan of a word list. Without ``by`` duplicates are
    dropped; with it, items (``(word, value)`` pairs) are ordered by the length of ``by(item)``."""
    if by is None:
        return tuple(sorted(dict.fromkeys(words), key=len, reverse=True))
    return tuple(sorted(words, key=lambda item: len(by(item)), reverse=True))


def alternation(words: Iterable[str], quote: Callable[[str], str] = re.escape) -> str:
    """The one alternation builder: ``a|b|c`` of ``words`` longest first, each through ``quote``
    (``re.escape``: literal words); "" for no words. A test forbids building one anywhere else."""
    return "|".join(quote(w) for w in longest_first(words))


_NUMERALS = load_json("numerals.json")
_CN_DIGITS = "".join(_NUMERALS["digits"])  # 〇○零一二两三四五六七八九
_CN_UNITS = "".join(_NUMERALS["units"])  # 十百千万亿
FULLWIDTH_DIGITS = _NUMERALS["fullwidth_digits"]

# The characters of the classes below, to combine inside one [...] (a lookbehind needs one class).
DIGIT_CHARS = "0-9０-９"
CN_NUMERAL_CHARS = _CN_DIGITS + _CN_UNITS

# Digits as published: ASCII or full-width (２０２１年).
DIGIT = f"[{DIGIT_CHARS}]"
# One CJK ideograph (prefixes and issuer names are written in ideographs only).
HAN_CHARS = "\u4e00-\u9fff"  # the CJK unified ideographs, defined once
CJK = f"[{HAN_CHARS}]"
# Characters XML 1.0 cannot hold that text may carry: C0 controls but tab, LF and CR, and U+FFFE/U+FFFF
# (xlsx, docx and GraphML cells; a class body to put inside [...]).
XML_CONTROL_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff"
# Opening and closing quotation marks, paired by position: a phrase does not end inside a quotation.
QUOTE_OPENERS = "“‘「『"
QUOTE_CLOSERS = "”’」』"
# Horizontal space inside a 文号 or date (2020年8月 4 日); never a newline.
SP = r"[^\S\r\n]*"
# One Chinese digit (the zero written 〇, ○ or 零) and one Chinese numeral character (digits and units).
CN_DIGIT = f"[{_CN_DIGITS}]"
CN_NUMERAL_CHAR = f"[{CN_NUMERAL_CHARS}]"
# Chinese numerals of clause labels (一、 （十二） 第一〇章): no 千/万/亿, which never number a clause.
LABEL_CN = "[一二三四五六七八九十百零〇两]"

# An Arabic number, half- or full-width, with ASCII thousands separators and a decimal part
# (1,200 / 1.5 / ５０). A separator needs exactly three digits after it, so 1,2 stays two numbers.
NUM_AR = r"[0-9０-９]+(?:,[0-9]{3})*(?:[.．][0-9０-９]+)?"
# A Chinese numeral (两千五百, 十, 千, 一千零五十); 点 introduces a decimal part (一点五).
NUM_CN = f"{CN_NUMERAL_CHAR}+(?:点{CN_DIGIT}+)?"
# 百分之五十: a percentage written in words.
PCT_CN = rf"百分之[{_CN_DIGITS}十百]+(?:点{CN_DIGIT}+)?"

# A year of a date: 1900-2099 in ASCII, full-width (２０２５) or Chinese digits (二〇二五, 二○二一,
# 一九九九). Never preceded by another digit (62022 is not a year).
# YEAR_DIGITS is the digit form alone (int() reads it, full-width included).
YEAR_DIGITS = r"(?:(?<![0-9０-９])(?:19|20)[0-9]{2}|(?<![0-9０-９])[１２][９０][０-９]{2})"
YEAR = rf"(?:{YEAR_DIGITS}|(?<!{CN_DIGIT})[一二][九〇○零]{CN_DIGIT}{{2}})"
# Exactly four digits of one kind, the year of a header date (二〇二一年 / 2021年 / ２０２１年).
YEAR4 = f"(?:{DIGIT}{{4}}|{CN_DIGIT}{{4}})"
# A month: 1-12 in digits (ASCII or full-width) or Chinese (十一, 十二, 三).
MONTH = r"(?:[0-9０-９]{1,2}|十[一二]?|[一二三四五六七八九])"
# A day of the month in digits or Chinese (三十一, 二十, 五).
DAY = r"(?:[0-9０-９]{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"

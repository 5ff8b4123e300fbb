"""The one numeral converter: Arabic, full-width and Chinese numerals to numbers.

:func:`to_number` reads a whole numeral (``"1,200"``, ``"５０"``, ``"两千五百"``, ``"一千零五十"``, ``"千"``,
``"二〇二一"``, ``"百分之五十"``); :func:`to_int` is the lenient integer form dates use. Chinese numerals
with unit characters go through ``cn2an`` (on the numeral alone, never the document text); digit-by-digit
numerals (二〇二一, the way years are written) are read digit by digit.
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from pipeline.resources import load_json

logger = logging.getLogger(__name__)

_NUMERALS = load_json("numerals.json")
_DIGITS: dict[str, int] = _NUMERALS["digits"]
_UNITS = frozenset(_NUMERALS["units"])
_POINT = _NUMERALS["decimal_point"]
_PERCENT = _NUMERALS["percent_prefix"]
_CN_CHARS = frozenset(_DIGITS) | _UNITS | {_POINT}
_FULLWIDTH = str.maketrans(_NUMERALS["fullwidth_digits"] + "．", "0123456789.")
# cn2an knows 〇 and 零; ○ (a circle typed for zero) and 〇 are both passed to it as 零.
_TO_CN2AN = str.maketrans({"○": "零", "〇": "零"})
# An ASCII number: digits, thousands separators only in groups of three, an optional decimal part.
_ARABIC_RE = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")


_CN_CHARS_STR = "".join(sorted(_CN_CHARS))


def is_chinese_numeral(s: str) -> bool:
    """True when ``s`` is written with Chinese numeral characters only."""
    return bool(s) and not s.strip(_CN_CHARS_STR)


def to_number(s: str) -> float:
    """The value of one numeral.

    Args:
        s: ``"50"``, ``"５０"``, ``"1,200"``, ``"1.5"``, ``"两千五百"``, ``"一千零五十"``, ``"千"`` (an implicit
            一), ``"二〇二一"`` / ``"二○二一"`` (digit by digit), ``"百分之五十"`` (50, the number of percent).

    Raises:
        ValueError: ``s`` is not a numeral.
    """
    if s.isascii() and s.isdigit():
        return float(s)  # the common case, without the checks below
    s = s.strip()
    if s.startswith(_PERCENT):
        s = s[len(_PERCENT) :]
    if not s:
        raise ValueError("empty numeral")
    ascii_s = s.translate(_FULLWIDTH)
    if _ARABIC_RE.fullmatch(ascii_s):
        return float(ascii_s.replace(",", ""))
    if not is_chinese_numeral(s):
        raise ValueError(f"not a numeral: {s!r}")
    if not _UNITS.intersection(s) and _POINT not in s:
        return float(int("".join(str(_DIGITS[ch]) for ch in s)))  # 二〇二一, 三, 零
    return _cn_value(s)


@lru_cache(maxsize=4096)
def _cn_value(s: str) -> float:
    """A Chinese numeral with unit characters read by cn2an (cached: documents repeat their numerals, and
    cn2an costs ~20 µs a call)."""
    cn = s.translate(_TO_CN2AN)
    if cn[0] in _UNITS:  # 千 / 万 / 百万 / 十二: an implicit 一
        cn = "一" + cn
    try:
        import cn2an  # imported on first use: it costs ~0.15 s, too much for `--help`

        return float(cn2an.cn2an(cn, "normal"))
    except (ValueError, KeyError, IndexError, TypeError) as exc:  # cn2an's errors on malformed numerals
        raise ValueError(f"not a numeral: {s!r}") from exc


def magnitude(chars: str) -> float:
    """The multiplier of a run of unit characters: ``"万"`` -> 1e4, ``"百万"`` -> 1e6, ``""`` -> 1."""
    value = 1.0
    for ch in chars:
        value *= _NUMERALS["units"][ch]
    return value


def to_int(s: str | None) -> int | None:
    """An integer numeral as int; None for a missing, malformed or fractional one (never raises)."""
    if s is None:
        return None
    try:
        value = to_number(s)
    except ValueError:
        logger.debug("not a numeral: %r", s)
        return None
    return int(value) if value.is_integer() else None

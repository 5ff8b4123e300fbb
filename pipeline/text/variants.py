"""A simplified-character view of a text whose offsets map back to the text as printed.

Pages of local governments reach researchers converted to traditional characters (東府〔2021〕54號, 關于),
sometimes by a tool that writes the pinyin after each converted character (發(fā), 關(guān)). The header stage
reads such a text through :func:`fold`: each character is mapped on its own through OpenCC's
traditional-to-simplified table (the ``opencc`` package's data, used one character at a time so that one
character stays one character), and pinyin annotations are dropped. :class:`Folded` keeps, for every
character of the view, where it stands in the original, so a span found in the view is a span of the
printed text (``text == source[start:end]`` holds on the original) and the record keeps the text as printed.

A text is folded only when it reads as converted: at least ``MIN_CONVERTED`` distinct characters change
(a simplified text naming 乾县 once is left alone, since OpenCC's single-character table maps 乾 to 干).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

# A pinyin annotation written after an ideograph by a converting mirror: (fā), (guān), (qiáng). It must
# carry a tone mark, so (a), (abc) or an English note in brackets is never taken for one.
PINYIN_RE = re.compile(
    r"(?<=[\u3400-\u9fff])[(（](?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]"
)
MIN_CONVERTED = 3  # distinct characters that must change before a text is read as traditional


@cache
def _converter():
    try:
        import opencc
    except ImportError:  # pragma: no cover - a declared dependency; without it no folding happens
        return None
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def simplified_char(ch: str) -> str:
    """The simplified form of one character (itself when OpenCC has none or gives more than one)."""
    if ch < "\u3400":
        return ch
    conv = _converter()
    if conv is None:
        return ch
    out = conv.convert(ch)
    return out if len(out) == 1 else ch


@dataclass(frozen=True)
class Folded:
    """The simplified view ``text`` of ``original``; ``index[i]`` is where ``text[i]`` stands in it."""

    original: str
    text: str
    index: tuple[int, ...] | None  # None: the view is the original, character for character

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def pos(self, i: int) -> int:
        """The original offset of view offset ``i`` (``len(text)`` maps to ``len(original)``)."""
        if self.index is None:
            return i
        return self.index[i] if i < len(self.index) else len(self.original)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of view span ``(start, end)``."""
        if self.index is None or start >= end:
            return self.pos(start), self.pos(start) if start >= end else self.pos(end)
        return self.index[start], self.index[end - 1] + 1


def fold(text: str) -> Folded:
    """The simplified view of ``text``, or ``text`` itself when it does not read as converted."""
    changed = {ch for ch in set(text) if simplified_char(ch) != ch}
    annotated = PINYIN_RE.search(text) is not None
    if len(changed) < MIN_CONVERTED and not annotated:
        return Folded(text, text, None)
    chars: list[str] = []
    index: list[int] = []
    pos = 0
    for m in PINYIN_RE.finditer(text) if annotated else ():
        for i in range(pos, m.start()):
            chars.append(simplified_char(text[i]))
            index.append(i)
        pos = m.end()
    for i in range(pos, len(text)):
        chars.append(simplified_char(text[i]))
        index.append(i)
    return Folded(text, "".join(chars), tuple(index))


def clean_copy(text: str) -> str:
    """``text`` in simplified characters without pinyin annotations (for comparing, never for offsets)."""
    return PINYIN_RE.sub("", "".join(simplified_char(ch) for ch in text))


# Markup a scraper left in a saved text: block tags (<p>, </p>, <br/>, <div …>, <tr>, <li>) end a line,
# other tags (<strong>, <span …>) are nothing. A text is read this way only when it holds MIN_TAGS tags.
_BLOCK_TAG_RE = re.compile(
    r"</?(?:p|br|div|li|tr|td|th|h[1-6]|table|section)\b[^<>\n]{0,200}>", re.IGNORECASE
)
_TAG_RE = re.compile(r"</?[a-zA-Z][^<>\n]{0,200}>")
MIN_TAGS = 2
# An ASCII ? run next to an ideograph: a space or full-width character lost in a conversion
# (甘肅省人民政府????????, 第一章?總?則); a real question in Chinese text uses ？.
_LOST_CHAR_RE = re.compile(r"(?<=[\u3400-\u9fff\u3001-\u303f])\?+|\?+(?=[\u3400-\u9fff])")


def page_marks(text: str) -> str:
    """``text`` with left-over markup and lost-character marks blanked, same length: block tags become a
    line break and spaces, other tags and ``?`` runs beside ideographs become spaces."""
    if len(_TAG_RE.findall(text, 0, 20000)) >= MIN_TAGS:
        text = _BLOCK_TAG_RE.sub(lambda m: "\n" + " " * (len(m.group()) - 1), text)
        text = _TAG_RE.sub(lambda m: " " * len(m.group()), text)
    if "?" in text:
        text = _LOST_CHAR_RE.sub(lambda m: " " * len(m.group()), text)
    return text

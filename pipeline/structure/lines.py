"""Physical lines of a document with the offsets of their stripped content.

Every structure step walks the same list of :class:`Line` once; offsets refer to the original text.
"""

from __future__ import annotations

from dataclasses import dataclass

# Characters stripped around a line's content: Unicode whitespace (ideographic space U+3000 included,
# which ``str.isspace`` already covers) plus the zero-width marks that converters leave behind.
_EXTRA_STRIP = "\ufeff\u200b\u200c\u200d\u2060"


@dataclass(frozen=True, slots=True)
class Line:
    """One line: ``start``/``end`` delimit its content without surrounding whitespace."""

    index: int
    start: int
    end: int

    @property
    def blank(self) -> bool:
        return self.start == self.end


def _content_span(text: str, lo: int, hi: int) -> tuple[int, int]:
    while lo < hi and (text[lo].isspace() or text[lo] in _EXTRA_STRIP):
        lo += 1
    while hi > lo and (text[hi - 1].isspace() or text[hi - 1] in _EXTRA_STRIP):
        hi -= 1
    return lo, hi


def split_lines(text: str) -> list[Line]:
    """The lines of ``text`` (split on ``\\n``; ``\\r`` is stripped as whitespace), in order.

    Args:
        text: the document text.

    Returns:
        One :class:`Line` per physical line, blank lines included (``start == end``).
    """
    out: list[Line] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        hi = n if nl < 0 else nl
        lo, hi2 = _content_span(text, pos, hi)
        out.append(Line(len(out), lo, hi2))
        if nl < 0:
            break
        pos = nl + 1
    return out

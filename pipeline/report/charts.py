"""The report's charts as inline SVG strings (no chart library, nothing loaded by the browser).

Two charts: targets by deadline year (bars stacked by document) and the policy-instrument profile
(one bar per document split into supply, environment and demand shares). Every label is escaped.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from typing import Any

from pipeline.models import PolicyRecord

PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
INSTRUMENT_COLOURS = {"supply": "#4e79a7", "environment": "#59a14f", "demand": "#f28e2b"}
NO_YEAR = "no year"


def _text(x: float, y: float, label: Any, **attrs: Any) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{html.escape(str(label))}</text>'


def _legend(items: Sequence[tuple[str, str]], x: float, y: float) -> list[str]:
    out = []
    for k, (label, colour) in enumerate(items):
        yy = y + 16 * k
        out.append(f'<rect x="{x:.1f}" y="{yy - 9:.1f}" width="10" height="10" fill="{colour}"/>')
        out.append(_text(x + 14, yy, str(label)[:28], font_size=11))
    return out


def year_counts_svg(records: Sequence[PolicyRecord], *, labels: dict[str, str] | None = None) -> str:
    """Bars of the number of targets per deadline year, stacked by document (``labels``: doc_id -> name)."""
    labels = labels or {}
    counts: dict[str, Counter] = {}
    for r in records:
        for t in r.targets:
            year = str(t.year) if t.year else NO_YEAR
            counts.setdefault(year, Counter())[r.document.doc_id] += 1
    if not counts:
        return '<p class="empty">No targets.</p>'
    years = sorted((y for y in counts if y != NO_YEAR), key=int) + ([NO_YEAR] if NO_YEAR in counts else [])
    docs = [r.document.doc_id for r in records if any(counts[y][r.document.doc_id] for y in years)]
    colour = {d: PALETTE[k % len(PALETTE)] for k, d in enumerate(docs)}
    top = max(sum(c.values()) for c in counts.values())
    bar, gap, height, left, base = 36, 14, 220, 40, 250
    width = left + len(years) * (bar + gap) + 20
    parts = [_text(left - 6, base - height, top, text_anchor="end", font_size=11)]
    parts.append(f'<line x1="{left}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#999"/>')
    for k, year in enumerate(years):
        x, y = left + k * (bar + gap) + gap / 2, float(base)
        for d in docs:
            n = counts[year][d]
            if not n:
                continue
            h = height * n / top
            y -= h
            tip = html.escape(f"{labels.get(d, d)}: {n} targets, {year}")
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar}" height="{h:.1f}" '
                f'fill="{colour[d]}"><title>{tip}</title></rect>'
            )
        parts.append(
            _text(x + bar / 2, y - 4, sum(counts[year].values()), text_anchor="middle", font_size=11)
        )
        parts.append(_text(x + bar / 2, base + 16, year, text_anchor="middle", font_size=11))
    legend = [(labels.get(d, d), colour[d]) for d in docs[:20]]
    parts += _legend(legend, width + 10, 20)
    total_w = width + 260
    total_h = max(base + 30, 30 + 16 * len(legend))
    return (
        f'<svg class="chart" id="chart-years" role="img" aria-label="targets by year" '
        f'width="{total_w}" height="{total_h}" viewBox="0 0 {total_w} {total_h}">{"".join(parts)}</svg>'
    )


def instrument_profile_svg(shares: Any, *, labels: dict[str, str] | None = None) -> str:
    """One horizontal bar per document split into supply / environment / demand shares.

    ``shares`` is :attr:`Comparison.instrument_shares` (rows without a subtype are the three totals).
    """
    labels = labels or {}
    if shares is None or shares.empty:
        return '<p class="empty">No obligations classed.</p>'
    totals = shares[shares["subtype"].isna()]
    docs = list(dict.fromkeys(totals["doc_id"]))
    bar_w, row_h, left = 420, 24, 230
    parts: list[str] = []
    for k, d in enumerate(docs):
        y = 10 + k * row_h
        parts.append(_text(left - 8, y + 14, str(labels.get(d, d))[:24], text_anchor="end", font_size=12))
        x = float(left)
        rows = totals[totals["doc_id"] == d].set_index("instrument")
        for inst, colour in INSTRUMENT_COLOURS.items():
            if inst not in rows.index:
                continue
            share, n = float(rows.at[inst, "share"]), int(rows.at[inst, "n"])
            w = bar_w * share
            tip = html.escape(f"{labels.get(d, d)}: {inst} {n} ({share:.0%})")
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{row_h - 6}" '
                f'fill="{colour}"><title>{tip}</title></rect>'
            )
            if w > 30:
                parts.append(
                    _text(x + w / 2, y + 13, f"{share:.0%}", text_anchor="middle", font_size=11, fill="#fff")
                )
            x += w
    height = 20 + len(docs) * row_h
    parts += _legend([(k, c) for k, c in INSTRUMENT_COLOURS.items()], left + bar_w + 16, 20)
    width = left + bar_w + 130
    return (
        f'<svg class="chart" id="chart-instruments" role="img" aria-label="instrument profile" '
        f'width="{width}" height="{max(height, 80)}" viewBox="0 0 {width} {max(height, 80)}">{"".join(parts)}</svg>'
    )

"""Plain-text report of an :class:`~pipeline.evaluate.Evaluation` (kept apart to keep the scorer short)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.evaluate import Evaluation


def _rate(x: float | None) -> str:
    return "   -  " if x is None else f"{x:6.3f}"


def format_report(ev: Evaluation) -> str:
    """The text of :meth:`Evaluation.format_report`: a score table, attribute accuracy, then the items."""
    lines = [f"Evaluation of {ev.doc_id or '?'} against gold for {ev.gold_source}", ""]
    lines.append(
        f"{'kind':<12} {'gold':>5} {'pred':>5} {'tp':>5} {'fp':>5} {'fn':>5}  {'prec':>6} {'recall':>6} {'F1':>6}"
    )
    for s in ev.kinds.values():
        fp = "-" if s.fp is None else str(s.fp)
        lines.append(
            f"{s.kind:<12} {s.n_gold:>5} {s.n_pred:>5} {s.tp:>5} {fp:>5} {s.fn:>5}  "
            f"{_rate(s.precision)} {_rate(s.recall)} {_rate(s.f1)}"
            + ("" if s.complete else "  (partial gold)")
        )
    lines += ["", "Attribute accuracy over matches"]
    for s in ev.kinds.values():
        parts = [f"{k} {c}/{n}" for k, (c, n) in s.attributes.items() if n]
        c, n = s.all_correct
        lines.append(
            f"  {s.kind:<12} " + ", ".join(parts) + (f"; all correct {c}/{n}" if n else " (no matches)")
        )
    overlaps = [(s.kind, k, t / n, n) for s in ev.kinds.values() for k, (t, n) in s.overlap.items() if n]
    if overlaps:
        lines += ["", "Overlap agreement over matches (mean character F1, see tests/gold/README.md)"]
        lines += [f"  {kind:<12} {name} {value:.3f} (n={n})" for kind, name, value, n in overlaps]
    for s in ev.kinds.values():
        if s.misses:
            lines += ["", f"Misses in {s.kind} ({len(s.misses)})"]
            lines += [f"  - {m['quote'] or 'task ' + str(m['number'])!r} at {m['span']}" for m in s.misses]
        if s.false_positives:
            lines += ["", f"False positives in {s.kind} ({len(s.false_positives)})"]
            lines += [f"  + {p['text']!r} at ({p['start']}, {p['end']})" for p in s.false_positives]
        if s.wrong:
            lines += ["", f"Wrong attributes in {s.kind} ({len(s.wrong)})"]
            for w in s.wrong:
                errs = "; ".join(
                    f"{k}: expected {v['expected']!r}, got {v['got']!r}" for k, v in w["errors"].items()
                )
                lines.append(f"  ~ {w['quote']!r}: {errs}")
    return "\n".join(lines)

"""Score a :class:`~pipeline.models.PolicyRecord` against hand-made gold annotations.

The gold format is documented in ``tests/gold/README.md``. Each gold item names its span by an exact
``quote`` (plus a 1-based ``occurrence`` when the quote occurs more than once in the text); a predicted
record matches a gold item when their character spans overlap (departments must also agree on
``canonical``; tasks are matched by ``number`` + ``source``, or by ``source`` and span overlap when the gold
``number`` is null, e.g. a body assignment group quoted by its note). Matching is one-to-one, largest overlap first.

Kinds marked ``"complete": true`` in the gold count false positives anywhere in the document; for the
other kinds only recall and attribute accuracy are meaningful and precision is ``None``.
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.errors import GoldFormatError
from pipeline.evaluate.indicators import add_agreement as add_indicator_agreement
from pipeline.evaluate.indicators import check_quote as check_indicator_quote
from pipeline.evaluate.report import format_report
from pipeline.models import (
    COMPARATORS,
    DEADLINE_KINDS,
    DEPARTMENT_ROLES,
    MODALITIES,
    TARGET_KINDS,
    TASK_SOURCES,
    PolicyRecord,
)

logger = logging.getLogger(__name__)

KINDS = ("targets", "deadlines", "departments", "obligations", "tasks")
# Attributes compared over matched pairs, per kind.
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "targets": ("value", "value_max", "unit", "comparator", "year", "kind"),
    "deadlines": ("due_date", "kind", "recurrence"),
    "departments": ("role",),
    "obligations": ("modality",),
    "tasks": ("departments", "lead_department", "due_date", "deadline_kind"),
}
_REQUIRED: dict[str, tuple[str, ...]] = {
    "targets": ("quote", "value", "value_max", "unit", "comparator", "year", "kind"),
    "deadlines": ("quote", "kind", "due_date"),
    "departments": ("quote", "canonical", "role"),
    "obligations": ("quote", "modality"),
    "tasks": ("number", "source", "departments", "lead_department", "due_date"),
}
_ENUMS: dict[str, dict[str, tuple[Any, ...]]] = {
    "targets": {"comparator": COMPARATORS, "kind": TARGET_KINDS},
    "deadlines": {"kind": DEADLINE_KINDS},
    "departments": {"role": DEPARTMENT_ROLES},
    "obligations": {"modality": MODALITIES},
    "tasks": {"source": TASK_SOURCES, "deadline_kind": (*DEADLINE_KINDS, None)},
}


# ----------------------------------------------------------------------------------------- loading
def _fail(path: str, reason: str) -> GoldFormatError:
    return GoldFormatError(f"{path}: {reason}")


def locate(text: str, quote: str, occurrence: int | None = None) -> tuple[int, int] | None:
    """The ``(start, end)`` of the ``occurrence``-th (1-based) match of ``quote`` in ``text``, or None."""
    pos = -1
    for _ in range(occurrence or 1):
        pos = text.find(quote, pos + 1)
        if pos < 0:
            return None
    return pos, pos + len(quote)


def _count(text: str, quote: str) -> int:
    n, pos = 0, text.find(quote)
    while pos >= 0:
        n, pos = n + 1, text.find(quote, pos + 1)
    return n


def _gold_span(text: str, item: dict[str, Any], where: str, path: str) -> tuple[int, int]:
    quote, occ = item["quote"], item.get("occurrence")
    n = _count(text, quote)
    if n == 0:
        raise _fail(path, f"{where}: quote {quote!r} is not in the text")
    if occ is None and n > 1:
        raise _fail(path, f"{where}: quote {quote!r} occurs {n} times; give 'occurrence'")
    if occ is not None and not 1 <= occ <= n:
        raise _fail(path, f"{where}: quote {quote!r} occurs {n} times, not {occ}")
    span = locate(text, quote, occ)
    assert span is not None
    sentence = item.get("sentence")
    if sentence is not None:
        start = text.find(sentence)
        while start >= 0 and not (start <= span[0] and span[1] <= start + len(sentence)):
            start = text.find(sentence, start + 1)
        if start < 0:
            raise _fail(path, f"{where}: 'sentence' does not contain occurrence {occ or 1} of {quote!r}")
    return span


def _check_item(kind: str, i: int, item: Any, path: str) -> None:
    where = f"{kind}[{i}]"
    if not isinstance(item, dict):
        raise _fail(path, f"{where}: expected an object, got {type(item).__name__}")
    missing = [k for k in _REQUIRED[kind] if k not in item]
    if missing:
        raise _fail(path, f"{where}: missing key(s) {', '.join(missing)}")
    if "quote" in item and (not isinstance(item["quote"], str) or not item["quote"]):
        raise _fail(path, f"{where}: 'quote' must be a non-empty string")
    occ = item.get("occurrence")
    if occ is not None and (not isinstance(occ, int) or isinstance(occ, bool) or occ < 1):
        raise _fail(path, f"{where}: 'occurrence' must be a positive integer")
    for key, allowed in _ENUMS[kind].items():
        if key in item and item[key] not in allowed:
            raise _fail(path, f"{where}: {key} {item[key]!r} not one of {allowed}")
    if kind == "targets":
        for key in ("value", "value_max"):
            v = item[key]
            if not (isinstance(v, int | float) and not isinstance(v, bool)) and not (
                key == "value_max" and v is None
            ):
                raise _fail(path, f"{where}: {key} must be a number")
        if item["year"] is not None and not isinstance(item["year"], int):
            raise _fail(path, f"{where}: year must be an integer or null")
    for key in ("due_date",):
        if item.get(key) is not None:
            try:
                _dt.date.fromisoformat(item[key])
            except (TypeError, ValueError):
                raise _fail(path, f"{where}: {key} {item[key]!r} is not an ISO date") from None
    if kind == "tasks" and not isinstance(item["departments"], list):
        raise _fail(path, f"{where}: departments must be a list")


def _resolve_source(path: Path, source: str) -> Path | None:
    tests_dir = path.resolve().parent.parent
    for base in (
        tests_dir.parent,
        tests_dir / "fixtures" / "gold",
        tests_dir.parent.parent / "shared" / "corpora",
    ):
        candidate = base / source
        if candidate.is_file():
            return candidate
    return None


def validate_gold(gold: dict[str, Any], text: str | None = None, *, path: str = "<gold>") -> None:
    """Check the structure of a gold dict and, when ``text`` is given, that every quote is in it.

    Raises:
        GoldFormatError: naming ``path`` and the first problem found.
    """
    if not isinstance(gold, dict):
        raise _fail(path, "top level must be a JSON object")
    doc = gold.get("document")
    if not isinstance(doc, dict) or not isinstance(doc.get("source"), str):
        raise _fail(path, "missing 'document' with a 'source' string")
    if not any(k in gold for k in KINDS):
        raise _fail(path, f"no annotated kind; expected some of {', '.join(KINDS)}")
    complete = gold.get("complete", {})
    if not isinstance(complete, dict) or set(complete) - set(KINDS):
        raise _fail(path, f"'complete' must map kinds ({', '.join(KINDS)}) to true/false")
    for kind in KINDS:
        items = gold.get(kind)
        if items is None:
            continue
        if not isinstance(items, list):
            raise _fail(path, f"'{kind}' must be a list")
        for i, item in enumerate(items):
            _check_item(kind, i, item, path)
            if text is not None and "quote" in item:
                span = _gold_span(text, item, f"{kind}[{i}]", path)
                if kind == "targets" and (problem := check_indicator_quote(text, item, span)):
                    raise _fail(path, f"{kind}[{i}]: {problem}")


def load_gold(path: str | Path, text: str | None = None) -> dict[str, Any]:
    """Read and validate one gold file.

    Args:
        path: the JSON file.
        text: the annotated text; by default ``document.source`` is looked up relative to the repository
            (``corpora/...``), ``tests/fixtures/gold/`` and ``../shared/corpora/``. When it cannot be
            found the quotes are checked later, against the record's text, by :func:`evaluate`.

    Returns:
        The gold dict, with ``"_path"`` added.

    Raises:
        GoldFormatError: unreadable JSON, missing keys, bad values, or quotes not in the text.
    """
    path = Path(path)
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _fail(str(path), "no such file") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(str(path), f"not valid UTF-8 JSON ({exc})") from None
    validate_gold(gold, None, path=str(path))
    if text is None:
        source = _resolve_source(path, gold["document"]["source"])
        text = source.read_text(encoding="utf-8") if source else None
        if source is None:
            logger.info(
                "%s: source %s not found; quotes are checked at evaluation", path, gold["document"]["source"]
            )
    if text is not None:
        validate_gold(gold, text, path=str(path))
    gold["_path"] = str(path)
    return gold


# ---------------------------------------------------------------------------------------- scoring
@dataclass
class KindScore:
    """Counts, rates, attribute accuracy and the items behind them, for one record kind."""

    kind: str
    complete: bool
    n_gold: int
    n_pred: int
    tp: int
    fp: int | None
    fn: int
    attributes: dict[str, list[int]] = field(default_factory=dict)  # name -> [correct, total]
    overlap: dict[str, list[float]] = field(default_factory=dict)  # name -> [sum of char F1, total]
    all_correct: list[int] = field(default_factory=lambda: [0, 0])
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    wrong: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        if not self.complete or self.fp is None:
            return None
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0 if not self.n_gold else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 1.0

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        acc = {k: (c / n if n else None) for k, (c, n) in self.attributes.items()}
        c, n = self.all_correct
        return {
            "kind": self.kind,
            "complete": self.complete,
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "attribute_accuracy": acc,
            "overlap_agreement": {k: (t / n if n else None) for k, (t, n) in self.overlap.items()},
            "all_attributes_correct": c / n if n else None,
            "misses": self.misses,
            "false_positives": self.false_positives,
            "wrong_attributes": self.wrong,
        }


@dataclass
class Evaluation:
    """The scores of one record against one gold file."""

    doc_id: str
    gold_source: str
    kinds: dict[str, KindScore]

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "gold_source": self.gold_source,
            "kinds": {k: s.to_dict() for k, s in self.kinds.items()},
        }

    def format_report(self) -> str:
        """A plain-text report: one table of scores, attribute accuracy, then misses and false positives."""
        return format_report(self)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)))
    return a == b


def _task_attr(gold: dict[str, Any], name: str, value: Any) -> bool:
    if name == "departments":
        value = list(value or ())
        return value in (
            list(gold["departments"]),
            list(gold.get("departments_canonical") or gold["departments"]),
        )
    if name == "lead_department":
        allowed = {gold["lead_department"]}
        written, canon = list(gold["departments"]), gold.get("departments_canonical") or []
        if gold["lead_department"] in written and len(canon) == len(written):
            allowed.add(canon[written.index(gold["lead_department"])])
        return value in allowed
    return _same(gold.get(name), value)


def _pred_view(kind: str, rec: Any) -> dict[str, Any]:
    view = {
        "text": getattr(rec, "text", None),
        "start": getattr(rec, "start", None),
        "end": getattr(rec, "end", None),
    }
    for name in ATTRIBUTES[kind]:
        view[name] = getattr(rec, name, None)
    if kind == "departments":
        view["canonical"] = rec.canonical
    if kind == "tasks":
        view.update(number=rec.number, source=rec.source)
    return view


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return min(a[1], b[1]) - max(a[0], b[0])


def _match(kind: str, items: list[dict[str, Any]], spans: list[Any], preds: Sequence[Any]) -> dict[int, int]:
    """Step 1: gold index -> prediction index, the largest overlaps first, each used once."""
    compatible: Callable[[dict[str, Any], Any], bool] = {
        "departments": lambda g, p: p.canonical == g["canonical"],
        "tasks": lambda g, p: (
            p.source == g["source"] and (g["number"] is None or str(p.number) == str(g["number"]))
        ),
    }.get(kind, lambda g, p: True)
    pairs: list[tuple[int, int, int]] = []
    for gi, g in enumerate(items):
        for pi, p in enumerate(preds):
            if not compatible(g, p):
                continue
            if kind == "tasks":
                has_span = spans[gi] is not None and p.end > p.start
                ov = _overlap(spans[gi], (p.start, p.end)) if has_span else 1
                if has_span and ov <= 0:
                    continue
            else:
                ov = _overlap(spans[gi], (p.start, p.end))
                if ov <= 0:
                    continue
            pairs.append((ov, gi, pi))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    g_used: dict[int, int] = {}
    p_used: set[int] = set()
    for _ov, gi, pi in pairs:
        if gi not in g_used and pi not in p_used:
            g_used[gi] = pi
            p_used.add(pi)
    return g_used


def _score_kind(kind: str, gold: dict[str, Any], text: str, preds: Sequence[Any], path: str) -> KindScore:
    """Score one kind: match gold to predictions (:func:`_match`), check the attributes of each match
    (:func:`_score_attributes`), then list misses and, for a complete gold, false positives."""
    items = gold[kind]
    complete = bool(gold.get("complete", {}).get(kind, False))
    if kind == "tasks":  # only the sources the gold covers (e.g. annex rows) are in scope
        sources = {g["source"] for g in items}
        preds = [p for p in preds if p.source in sources]
    spans = [_gold_span(text, g, f"{kind}[{i}]", path) if "quote" in g else None for i, g in enumerate(items)]
    g_used = _match(kind, items, spans, preds)
    p_used = set(g_used.values())
    score = KindScore(
        kind, complete, len(items), len(preds), tp=len(g_used), fp=None, fn=len(items) - len(g_used)
    )
    _score_attributes(score, kind, items, spans, preds, g_used, text)
    score.misses = [
        {"gold_index": gi, "quote": g.get("quote"), "number": g.get("number"), "span": spans[gi]}
        for gi, g in enumerate(items)
        if gi not in g_used
    ]
    if complete:
        score.fp = len(preds) - len(p_used)
        score.false_positives = [_pred_view(kind, p) for pi, p in enumerate(preds) if pi not in p_used]
    return score


def _score_attributes(
    score: KindScore,
    kind: str,
    items: list[dict[str, Any]],
    spans: list[Any],
    preds: Sequence[Any],
    g_used: dict[int, int],
    text: str,
) -> None:
    """Step 2: attribute accuracy, wrong attributes and indicator overlap of every match, on ``score``."""
    names = ATTRIBUTES[kind]
    score.attributes = {n: [0, 0] for n in names}
    for gi, pi in sorted(g_used.items()):
        g, p = items[gi], preds[pi]
        bad = {}
        for name in names:
            if name not in g:  # optional gold attribute (e.g. recurrence) not annotated
                continue
            value = getattr(p, name, None)
            ok = _task_attr(g, name, value) if kind == "tasks" else _same(g[name], value)
            score.attributes[name][0] += ok
            score.attributes[name][1] += 1
            if not ok:
                bad[name] = {"expected": g[name], "got": list(value) if isinstance(value, tuple) else value}
        if kind == "targets" and "indicator_quote" in g:  # overlap agreement, see evaluate/indicators.py
            add_indicator_agreement(score.overlap, bad, text, g, spans[gi], p)
        score.all_correct[0] += not bad
        score.all_correct[1] += 1
        if bad:
            score.wrong.append({"gold_index": gi, "quote": g.get("quote", g.get("number")), "errors": bad})


def evaluate(record: PolicyRecord, gold: dict[str, Any]) -> Evaluation:
    """Score ``record`` against ``gold`` (as returned by :func:`load_gold`).

    Gold quotes are located in ``record.text``; kinds absent from the gold are not scored.

    Raises:
        GoldFormatError: the gold is malformed or a quote is not in ``record.text``.
    """
    path = gold.get("_path", "<gold>") if isinstance(gold, dict) else "<gold>"
    validate_gold(gold, record.text, path=path)
    kinds = {
        kind: _score_kind(kind, gold, record.text, getattr(record, kind), path)
        for kind in KINDS
        if kind in gold
    }
    return Evaluation(record.document.doc_id, gold["document"]["source"], kinds)

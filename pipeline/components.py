"""spaCy components, one per stage, registered in one place.

Each component runs one stage function over the document's :class:`~pipeline.context.DocContext`
(``doc._.policy``), then mirrors the stage's records into a span group (``doc.spans[KEY]``) so that
displaCy can render them (``displacy.render(doc, style="span", options={"spans_key": "targets"})``).
Records keep exact character offsets; spans are snapped outward to token boundaries.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.context import DocContext, new_context
from pipeline.errors import OptionError, PipelineError

if not Doc.has_extension("policy"):
    Doc.set_extension("policy", default=None)


@dataclass(frozen=True)
class Stage:
    """One step: the component name, the stage function, the span group it fills, and the
    :class:`DocContext` fields it needs (filled by an earlier stage) and fills."""

    name: str
    function: str  # "module:function", imported when the component is built
    records: str | None  # attribute of DocContext mirrored into doc.spans, or None
    label: str | None  # attribute of each record used as the span label
    needs: tuple[str, ...] = ()
    fills: tuple[str, ...] = ()


_READ = ("clauses", "sentences", "table_rows")  # what structure gives every later stage
STAGES = (
    Stage("policy_structure", "pipeline.structure:run", "clauses", "kind", (), _READ),
    Stage(
        "policy_deadlines", "pipeline.extractors.deadlines:run", "deadlines", "kind", _READ, ("deadlines",)
    ),
    Stage(
        "policy_departments",
        "pipeline.extractors.departments:run",
        "departments",
        "kind",
        _READ,
        ("departments",),
    ),
    Stage("policy_targets", "pipeline.extractors.targets:run", "targets", "comparator", _READ, ("targets",)),
    Stage(
        "policy_obligations",
        "pipeline.extractors.obligations:run",
        "obligations",
        "modality",
        _READ,
        ("obligations",),
    ),
    Stage("policy_tasks", "pipeline.extractors.tasks:run", None, None, _READ, ("tasks",)),
    Stage(
        "policy_citations",
        "pipeline.extractors.citations:run",
        "citations",
        "relation",
        _READ,
        ("citations",),
    ),
)
STAGE_ORDER = tuple(s.name for s in STAGES)
_BY_NAME = {s.name: s for s in STAGES}


def check_stages(names: tuple[str, ...]) -> None:
    """Every stage of ``names`` is known and finds what it needs filled by a stage before it.

    Raises:
        OptionError: an unknown stage name.
        PipelineError: a stage placed before (or without) the stage that fills what it needs.
    """
    filled: set[str] = set()
    for name in names:
        if name not in _BY_NAME:
            raise OptionError("stage", name, STAGE_ORDER)
        stage = _BY_NAME[name]
        missing = [f for f in stage.needs if f not in filled]
        if missing:
            fillers = sorted({s.name for s in STAGES if set(s.fills) & set(missing)})
            raise PipelineError(
                f"stage {name} needs {', '.join(missing)}: add {', '.join(fillers)} before it"
            )
        filled.update(stage.fills)


_gc_lock = threading.Lock()
_paused = 0  # extractions running under paused_gc
_was_enabled = True  # whether the collector was on when the first of them started


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the stages run, as it was before afterwards.

    An extraction allocates a few objects per character and frees them by reference counting; the
    records it keeps hold no cycles. With the collector on, its full collections rescan every live
    record again and again: on a dense 1 MB text (``'1%'*N``, a target every 2 bytes) they were about
    40% of the extraction's CPU time (15.8 s/MB against 8.6 s/MB paused; ``benchmarks/adversarial.py``).
    Cycles made meanwhile (tracebacks of handled errors) are collected by the next collection after.
    Extractions in several threads (Dask's threads) share one pause: the first to start turns the collector
    off, the last to end turns it back on if it was on."""
    global _paused, _was_enabled
    with _gc_lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _gc_lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()


def run_stages(ctx: DocContext, names: tuple[str, ...]) -> DocContext:
    """Run the stages ``names`` (in that order) over ``ctx`` without spaCy: a partial pipeline, checked
    like :func:`pipeline.nlp.build_nlp` checks a whole one (:func:`check_stages`). Returns ``ctx``.

    >>> from pipeline.context import new_context
    >>> ctx = run_stages(new_context("到2025年，建成5个工作室。"), ("policy_structure", "policy_deadlines"))
    >>> [d.text for d in ctx.deadlines]
    ['到2025年']
    """
    check_stages(names)
    with paused_gc():
        for name in names:
            _resolve(_BY_NAME[name].function)(ctx)
    return ctx


def _resolve(path: str) -> Callable[[DocContext], None]:
    module, _, attr = path.partition(":")
    return getattr(importlib.import_module(module), attr)


class StageComponent:
    """Runs a stage on ``doc._.policy`` and mirrors its records into ``doc.spans``."""

    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        self.run = _resolve(stage.function)

    def __call__(self, doc: Doc) -> Doc:
        ctx: DocContext | None = doc._.policy
        if ctx is None:  # called as nlp(text): start a context from the text alone
            ctx = doc._.policy = new_context(doc.text)
        self.run(ctx)
        mirror_spans(doc, self.stage, getattr(ctx, self.stage.records) if self.stage.records else ())
        return doc


def mirror_spans(doc: Doc, stage: Stage, records: Any) -> None:
    """``doc.spans[stage.records]``: one span per record of the stage, labelled by ``stage.label``."""
    if not stage.records:
        return
    spans = []
    for rec in records:
        label = str(getattr(rec, stage.label) if stage.label else stage.records)
        span = doc.char_span(rec.start, rec.end, label=label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[stage.records] = spans


def build_doc(nlp: Language, holder: Any, ctx: DocContext | None = None) -> Doc:
    """The spaCy ``Doc`` of a text with the span groups of every stage, from ``holder``'s records (a
    :class:`DocContext` or a record); ``doc._.policy`` is ``ctx``. Built only when asked for
    (``record.doc``): no stage reads it, and tokenising is about 40% of an extraction's time."""
    doc = nlp.make_doc(holder.text)
    doc._.policy = ctx
    names = {name for name, _ in nlp.pipeline}
    for stage in STAGES:
        if stage.name in names:
            mirror_spans(doc, stage, getattr(holder, stage.records) if stage.records else ())
    return doc


def _register(stage: Stage) -> None:
    @Language.factory(stage.name, assigns=["doc.spans"] if stage.records else [])
    def make_component(nlp: Language, name: str) -> StageComponent:
        return StageComponent(stage)


for _stage in STAGES:
    if not Language.has_factory(_stage.name):
        _register(_stage)

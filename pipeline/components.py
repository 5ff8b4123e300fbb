"""spaCy components, one per stage, registered in one place.

Each component runs one stage function over the document's :class:`~pipeline.context.DocContext`
(``doc._.policy``), then mirrors the stage's records into a span group (``doc.spans[KEY]``) so that
displaCy can render them (``displacy.render(doc, style="span", options={"spans_key": "targets"})``).
Records keep exact character offsets; spans are snapped outward to token boundaries.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.context import DocContext

if not Doc.has_extension("policy"):
    Doc.set_extension("policy", default=None)


@dataclass(frozen=True)
class Stage:
    """One step: the component name, the stage function and the span group it fills."""

    name: str
    function: str  # "module:function", imported when the component is built
    records: str | None  # attribute of DocContext mirrored into doc.spans, or None
    label: str | None  # attribute of each record used as the span label


STAGES = (
    Stage("policy_structure", "pipeline.structure:run", "clauses", "kind"),
    Stage("policy_deadlines", "pipeline.extractors.deadlines:run", "deadlines", "kind"),
    Stage("policy_departments", "pipeline.extractors.departments:run", "departments", "kind"),
    Stage("policy_targets", "pipeline.extractors.targets:run", "targets", "comparator"),
    Stage("policy_obligations", "pipeline.extractors.obligations:run", "obligations", "modality"),
    Stage("policy_tasks", "pipeline.extractors.tasks:run", None, None),
    Stage("policy_citations", "pipeline.extractors.citations:run", "citations", "relation"),
)
STAGE_ORDER = tuple(s.name for s in STAGES)


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
            from pipeline.context import new_context

            ctx = doc._.policy = new_context(doc.text)
        self.run(ctx)
        if self.stage.records:
            spans = []
            for rec in getattr(ctx, self.stage.records):
                label = str(getattr(rec, self.stage.label) if self.stage.label else self.stage.records)
                span = doc.char_span(rec.start, rec.end, label=label, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
            doc.spans[self.stage.records] = spans
        return doc


def _register(stage: Stage) -> None:
    @Language.factory(stage.name, assigns=["doc.spans"] if stage.records else [])
    def make_component(nlp: Language, name: str) -> StageComponent:
        return StageComponent(stage)


for _stage in STAGES:
    if not Language.has_factory(_stage.name):
        _register(_stage)

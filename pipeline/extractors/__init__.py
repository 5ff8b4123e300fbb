"""Extraction stages over a structured document: deadlines, departments, targets, obligations, tasks,
citations. Each module exposes ``run(ctx: DocContext) -> None``, registered as a spaCy component in
``pipeline.components``."""

"""What a batch returns: failures (one per file, table row or unsupported file) and the summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.models import RECORD_TYPES, PolicyRecord

SUMMARY_KINDS = ("clauses", "targets", "deadlines", "departments", "obligations", "tasks", "citations")
FAILURE_COLUMNS = ("path", "row", "error", "reason")


@dataclass(frozen=True)
class Failure:
    """One input that could not be processed: a file, a row of a table file, or an unsupported file.

    ``source`` is the file, or ``file#row`` for a table row; ``row`` the row (or line) alone.
    """

    source: str
    error: str
    message: str
    row: str | None = None

    @property
    def path(self) -> str:
        if self.row and self.source.endswith(f"#{self.row}"):
            return self.source[: -len(self.row) - 1]
        return self.source

    @property
    def reason(self) -> str:
        """The message on one line."""
        return " ".join(self.message.split())

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "row": self.row or "", "error": self.error, "reason": self.reason}


@dataclass
class BatchResult:
    """A batch's outcome. ``records`` are kept only for a run without an output folder."""

    records: list[PolicyRecord] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    n_chars: int = 0
    outputs: dict[str, str] = field(default_factory=dict)
    extracted: int = 0
    skipped: int = 0
    pruned: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per phase of a run into a store

    @property
    def ok(self) -> bool:
        """True when nothing failed and there is at least one document (exit status 0)."""
        return not self.failures and self.counts.get("documents", len(self.records)) > 0

    def summary(self) -> dict[str, Any]:
        """Counts (documents and records per kind in the output), this run's work and its speed."""
        counts = self.counts or {
            "documents": len(self.records),
            **{key: sum(len(getattr(r, key)) for r in self.records) for key in RECORD_TYPES},
        }
        return {
            "documents": counts.get("documents", 0),
            "extracted": self.extracted,
            "skipped_unchanged": self.skipped,
            "failures": len(self.failures),
            "pruned": self.pruned,
            "characters": self.n_chars,
            "seconds": round(self.seconds, 3),
            "chars_per_second": round(self.n_chars / self.seconds) if self.seconds else None,
            **{key: counts.get(key, 0) for key in SUMMARY_KINDS},
            "records": {key: counts.get(key, 0) for key in RECORD_TYPES},
            **self.settings,
            "timings": self.timings,
        }

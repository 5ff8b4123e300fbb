"""What a batch returns: failures (one per file, table row or unsupported file) and the summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.models import RECORD_TYPES, Failure, PolicyRecord

__all__ = ["FAILURE_COLUMNS", "BatchResult", "Failure"]  # Failure lives in models (a shared record)

SUMMARY_KINDS = ("clauses", "targets", "deadlines", "departments", "obligations", "tasks", "citations")
FAILURE_COLUMNS = ("path", "row", "error", "reason")


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
    files_read: int = 0  # files read (parsed, OCR'd, converted): an unchanged file is skipped unread
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
            "files_read": self.files_read,
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

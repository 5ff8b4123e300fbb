"""Score the document metadata of records against a gold file of pages (title, 文号, issuer, level, place, date).

The gold format is one JSON object per line (``../shared/data/webpages/gold.jsonl``): ``id`` (the file stem
of the page's text), ``title``, ``doc_number``, ``issuer``, ``level``, ``province``, ``city``, ``county`` and
``date`` (ISO), each what a reader sees on the page, ``null`` when the page does not show it; ``notes`` says
why. A field is right when the record gives the gold value, or gives nothing where the gold is ``null``:
a value invented where the page shows none counts as wrong.

Comparison forms: the title as printed (outer whitespace stripped); the 文号 in its normalised form
(brackets, spacing, traditional characters and pinyin annotations do not matter: 滬府發(fā)〔2017〕92號 equals
沪府发〔2017〕92号); the issuer as the tuple of names (joint issuers split as :func:`split_issuers` does),
in simplified characters (南京市人民政府辦公廳 equals 南京市人民政府办公厅).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.api import extract_file
from pipeline.models import DocumentMeta
from pipeline.structure.docnumber import parse_doc_number
from pipeline.structure.regions import split_issuers
from pipeline.text.variants import clean_copy

METADATA_FIELDS = ("title", "doc_number", "issuer", "level", "province", "city", "county", "date")


def load_metadata_gold(path: str | Path) -> list[dict[str, Any]]:
    """The gold rows of a JSON-lines file, in file order."""
    rows = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            if "id" not in row:
                raise ValueError(f"{path}:{n}: gold row without an id")
            rows.append(row)
    return rows


def _doc_number_key(value: str | None) -> str | None:
    if not value:
        return None
    cleaned = clean_copy(value)
    dn = parse_doc_number(cleaned)
    return str(dn) if dn is not None else cleaned.strip()


def _issuer_key(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    names = split_issuers(value) if isinstance(value, str) else tuple(value)
    return tuple(clean_copy(n) for n in names)


def field_value(meta: DocumentMeta, name: str) -> Any:
    """The comparison form of one field of a record's document."""
    if name in ("province", "city", "county"):
        return getattr(meta.region, name) or None
    if name == "doc_number":
        return _doc_number_key(meta.doc_number)
    if name == "issuer":
        return _issuer_key(meta.issuer)
    value = getattr(meta, name)
    return value.strip() if isinstance(value, str) and value.strip() else None


def gold_value(row: Mapping[str, Any], name: str) -> Any:
    """The comparison form of one field of a gold row."""
    value = row.get(name)
    if name == "doc_number":
        return _doc_number_key(value)
    if name == "issuer":
        return _issuer_key(value)
    return value.strip() if isinstance(value, str) and value.strip() else None


@dataclass
class MetadataScore:
    """Per field: how many pages are right, and which are wrong (id, expected, got)."""

    n: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METADATA_FIELDS, 0))
    errors: dict[str, list[tuple[str, Any, Any]]] = field(
        default_factory=lambda: {f: [] for f in METADATA_FIELDS}
    )

    def accuracy(self, name: str) -> float:
        return round(self.right[name] / self.n, 3) if self.n else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "accuracy": {f: self.accuracy(f) for f in METADATA_FIELDS},
            "right": dict(self.right),
            "errors": {f: [list(e) for e in errs] for f, errs in self.errors.items() if errs},
        }


def evaluate_metadata(metas: Mapping[str, DocumentMeta], gold: Iterable[Mapping[str, Any]]) -> MetadataScore:
    """Score the document metadata ``metas`` (gold id -> record document) against gold rows.

    A gold row without a record counts as wrong on every field.
    """
    score = MetadataScore()
    for row in gold:
        score.n += 1
        meta = metas.get(str(row["id"]))
        for name in METADATA_FIELDS:
            expected = gold_value(row, name)
            got = field_value(meta, name) if meta is not None else "<no record>"
            if got == expected:
                score.right[name] += 1
            else:
                score.errors[name].append((str(row["id"]), expected, got))
    return score


def score_folder(
    folder: str | Path, gold_file: str | Path | None = None, **extract_options: Any
) -> MetadataScore:
    """Extract every ``<id>.txt`` the gold file of ``folder`` names (default ``folder/gold.jsonl``) and score it."""
    folder = Path(folder)
    gold = load_metadata_gold(gold_file or folder / "gold.jsonl")
    metas = {}
    for row in gold:
        path = folder / f"{row['id']}.txt"
        if path.is_file():
            metas[str(row["id"])] = extract_file(path, **extract_options).document
    return evaluate_metadata(metas, gold)

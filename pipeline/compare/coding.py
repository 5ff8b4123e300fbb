"""A coding sheet for instrument classes and its scoring against a coder (issue 16, item 7).

``coding_sheet(instruments, n)``: a reproducible sample of ``n`` obligations (every document's share of
the sample follows its share of obligations; seed fixed) with the machine's class (``none`` when no cue
is found) and an empty ``coder_instrument`` column for a trained coder to fill with ``supply``,
``environment``, ``demand`` or ``none``. ``score_sheet(path)``: agreement and Cohen's kappa overall and
per class (the class against all others) over the rows the coder filled.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.compare.instruments import CLASSES
from pipeline.errors import IngestError

LABELS = (*CLASSES, "none")
SHEET_COLUMNS = [
    "item",
    "doc_id",
    "obligation_start",
    "obligation_end",
    "text",
    "machine_instrument",
    "machine_subtype",
    "evidence",
    "coder_instrument",
    "coder_note",
]


def coding_sheet(instruments: Any, n: int = 100, seed: int = 16) -> Any:
    """``n`` obligations sampled from the ``instruments`` table, with an empty coder column."""
    import pandas as pd

    if instruments.empty:
        return pd.DataFrame(columns=SHEET_COLUMNS)
    sample = instruments.sample(n=min(n, len(instruments)), random_state=seed).sort_values(
        ["doc_id", "obligation_start"]
    )
    sheet = pd.DataFrame(
        {
            "item": range(1, len(sample) + 1),
            "doc_id": sample["doc_id"].to_numpy(),
            "obligation_start": sample["obligation_start"].to_numpy(),
            "obligation_end": sample["obligation_end"].to_numpy(),
            "text": sample["text"].to_numpy(),
            "machine_instrument": sample["instrument"].fillna("none").to_numpy(),
            "machine_subtype": sample["subtype"].to_numpy(),
            "evidence": sample["evidence"].to_numpy(),
            "coder_instrument": "",
            "coder_note": "",
        }
    )
    return sheet[SHEET_COLUMNS]


def _kappa(a: list[str], b: list[str]) -> float | None:
    n = len(a)
    if not n:
        return None
    labels = set(a) | set(b)
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pe = sum((a.count(k) / n) * (b.count(k) / n) for k in labels)
    return None if pe >= 1 else round((po - pe) / (1 - pe), 3)


def score_sheet(path: str | Path) -> dict[str, Any]:
    """Agreement and Cohen's kappa of the machine and the coder on a filled sheet.

    Returns ``{"n", "agreement", "kappa", "per_class": {class: {"n_machine", "n_coder", "agreement",
    "kappa"}}}``; rows with an empty ``coder_instrument`` are skipped; an unknown label is an error naming
    the file and row.
    """
    import pandas as pd

    path = Path(path)
    try:
        sheet = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise IngestError(path, f"cannot be read as a coding sheet ({exc.__class__.__name__})") from None
    for col in ("machine_instrument", "coder_instrument"):
        if col not in sheet.columns:
            raise IngestError(path, f"a coding sheet needs the column {col}")
    machine, coder = [], []
    for i, row in enumerate(sheet.itertuples(), start=2):
        c = row.coder_instrument.strip().lower()
        if not c:
            continue
        m = row.machine_instrument.strip().lower() or "none"
        for value in (c, m):
            if value not in LABELS:
                raise IngestError(path, f"row {i}: {value!r} is not one of {', '.join(LABELS)}")
        machine.append(m)
        coder.append(c)
    n = len(coder)
    per_class = {}
    for k in LABELS:
        a = [x == k for x in machine]
        b = [x == k for x in coder]
        per_class[k] = {
            "n_machine": sum(a),
            "n_coder": sum(b),
            "agreement": round(sum(x == y for x, y in zip(a, b, strict=True)) / n, 3) if n else None,
            "kappa": _kappa([str(x) for x in a], [str(x) for x in b]),
        }
    agreement = round(sum(x == y for x, y in zip(machine, coder, strict=True)) / n, 3) if n else None
    return {"n": n, "agreement": agreement, "kappa": _kappa(machine, coder), "per_class": per_class}

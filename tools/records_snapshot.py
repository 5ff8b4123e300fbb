"""Safety net for refactors: a digest of every shared text's record, written before and compared after.

Usage (from the project root, with the venv)::

    python tools/records_snapshot.py write SNAPSHOT.json [DIR ...]   # before the change
    python tools/records_snapshot.py check SNAPSHOT.json [DIR ...]   # after: exit 1 and list what differs

DIR defaults to ``../shared/corpora`` (else ``/work/shared/corpora``) plus the Qingyang opinion of
``corpora/``. Each document is extracted with :func:`pipeline.extract` under a source relative to its
corpus root, so the digest does not depend on where the checkout lives; the snapshot holds, per document,
the sha256 of its canonical record JSON and the count of each record kind (to say *what* changed).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("clauses", "sentences", "table_rows", "obligations", "targets", "deadlines", "departments", "tasks")
KINDS += ("citations",)


def _default_dirs() -> list[Path]:
    for shared in (ROOT.parent / "shared", Path("/work/shared")):
        if (shared / "corpora").is_dir():
            return [shared / "corpora", ROOT / "corpora"]
    return [ROOT / "corpora"]


def _texts(dirs: list[Path]) -> list[tuple[str, str]]:
    out = []
    for d in dirs:
        for p in sorted(d.rglob("*.txt")):
            out.append((f"{d.name}/{p.relative_to(d).as_posix()}", p.read_text(encoding="utf-8")))
    return out


def snapshot(dirs: list[Path]) -> dict[str, dict]:
    import pipeline

    result = {}
    for name, text in _texts(dirs):
        record = pipeline.extract(text, source=name).to_dict()
        canonical = json.dumps(record, ensure_ascii=False, sort_keys=True, default=str)
        result[name] = {
            "sha256": hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
            "counts": {k: len(record.get(k) or ()) for k in KINDS},
        }
    return result


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in ("write", "check"):
        print(__doc__)
        return 2
    mode, path, dirs = argv[0], Path(argv[1]), [Path(d) for d in argv[2:]] or _default_dirs()
    current = snapshot(dirs)
    if mode == "write":
        path.write_text(json.dumps(current, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
        print(f"{len(current)} documents written to {path}")
        return 0
    before = json.loads(path.read_text(encoding="utf-8"))
    changed = [n for n in sorted(set(before) | set(current)) if before.get(n) != current.get(n)]
    for name in changed:
        b, c = before.get(name, {}).get("counts"), current.get(name, {}).get("counts")
        print(f"changed: {name}: {b} -> {c}")
    print(f"{len(current)} documents, {len(changed)} changed")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""Small real-text corpora for store tests, and a table-by-table comparison of two stores."""

from __future__ import annotations

from pathlib import Path

QINGYANG = Path(__file__).resolve().parent.parent / "corpora" / "qingyang-2021-13.txt"

TABLES = (
    "documents",
    "clauses",
    "sentences",
    "table_rows",
    "obligations",
    "targets",
    "deadlines",
    "departments",
    "tasks",
    "citations",
)


def small_corpus(folder: Path, n: int = 12) -> Path:
    """``n`` short documents cut from the Qingyang opinion: own titles and 文号, shared paragraphs.

    Two documents share a 文号 (so ids are numbered in input order) and one cites another by 文号.
    """
    paras = [p for p in QINGYANG.read_text(encoding="utf-8").split("\n") if len(p) > 100]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        number = 100 + (i if i != 3 else 2)  # doc 3 repeats doc 2's 文号
        body = "\n".join(paras[(2 * i) % len(paras) : (2 * i) % len(paras) + 3])
        cite = "为落实《关于推进第1项工作的实施意见》(庆政发〔2021〕101号),制定本意见。\n" if i == 5 else ""
        text = f"庆阳市人民政府关于推进第{i}项工作的实施意见\n庆政发〔2021〕{number}号\n{cite}一、主要任务\n{body}\n"
        (folder / f"doc{i:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def table_rows(db: Path) -> dict[str, list[tuple]]:
    """Every table of a store as a sorted list of rows (order-independent comparison)."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in TABLES:
            cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] != "ordinal"]
            rows = con.execute(
                f"SELECT {', '.join(repr(c).replace(chr(39), chr(34)) for c in cols)} FROM {table}"
            )
            out[table] = sorted(tuple(map(repr, r)) for r in rows.fetchall())
        return out
    finally:
        con.close()

"""Issue 14 item 5: the incremental check covers the file's bytes, so an unchanged file is skipped
without being read (no PDF parsed, no page OCR'd), and one-document files are read in the workers."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

import pipeline.ingest
from pipeline.batch import run_batch

FORMATS = Path(__file__).parent / "fixtures" / "formats"
EXCERPT = (FORMATS / "excerpt.txt").read_text(encoding="utf-8")
# Real sentences of 庆政发〔2021〕13号 (tests/fixtures/formats/excerpt.txt), one table row each.
LINES = [line for line in EXCERPT.splitlines() if len(line) > 30][:3]


@pytest.fixture
def reads(monkeypatch):
    """The files read in this process (``workers=1`` extracts, and so reads, here)."""
    seen: list[str] = []
    real = pipeline.ingest.read_documents

    def counting(path, **kwargs):
        seen.append(Path(path).name)
        return real(path, **kwargs)

    monkeypatch.setattr(pipeline.ingest, "read_documents", counting)
    return seen


def write_table(path: Path, texts: list[str]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "content"])
        writer.writerows([f"r{i}", text] for i, text in enumerate(texts))


@pytest.fixture
def folder(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(FORMATS / "excerpt.txt", docs / "a.txt")
    (docs / "b.txt").write_text(LINES[0] + "\n" + LINES[1] + "\n", encoding="utf-8")
    write_table(docs / "t.csv", LINES)
    return docs


def test_an_unchanged_rerun_reads_no_file(folder, tmp_path, reads):
    out = tmp_path / "out"
    first = run_batch([folder], out, workers=1).summary()
    assert (first["extracted"], first["files_read"], sorted(reads)) == (5, 3, ["a.txt", "b.txt", "t.csv"])
    reads.clear()
    again = run_batch([folder], out, workers=1).summary()
    assert (again["extracted"], again["skipped_unchanged"], again["files_read"], reads) == (0, 5, 0, [])
    assert again["documents"] == 5


def test_changed_bytes_re_read_exactly_that_file(folder, tmp_path, reads):
    out = tmp_path / "out"
    run_batch([folder], out, workers=1)
    reads.clear()
    (folder / "b.txt").write_text(LINES[2] + "\n", encoding="utf-8")
    again = run_batch([folder], out, workers=1).summary()
    assert (reads, again["extracted"], again["skipped_unchanged"]) == (["b.txt"], 1, 4)


def test_a_changed_table_is_re_read_and_only_its_changed_row_extracted(folder, tmp_path, reads):
    out = tmp_path / "out"
    run_batch([folder], out, workers=1)
    reads.clear()
    write_table(folder / "t.csv", [LINES[0], LINES[1] + "。", LINES[2]])
    again = run_batch([folder], out, workers=1).summary()
    assert (reads, again["extracted"], again["skipped_unchanged"]) == (["t.csv"], 1, 4)
    reads.clear()  # the unchanged rows now carry the table's new fingerprint: nothing is read
    third = run_batch([folder], out, workers=1).summary()
    assert (reads, third["extracted"], third["skipped_unchanged"], third["documents"]) == ([], 0, 5, 5)


def test_a_table_with_a_failing_row_is_read_and_reported_on_every_run(folder, tmp_path, reads):
    out = tmp_path / "out"
    write_table(folder / "t.csv", [LINES[0], "", LINES[2]])
    first = run_batch([folder], out, workers=1)
    reads.clear()
    again = run_batch([folder], out, workers=1)
    assert reads == ["t.csv"] and again.extracted == 0
    assert [f.source for f in again.failures] == [f.source for f in first.failures]
    assert len(again.failures) == 1 and again.failures[0].row == "2"


def test_changed_read_options_re_read(folder, tmp_path, reads):
    out = tmp_path / "out"
    run_batch([folder], out, workers=1)
    reads.clear()
    again = run_batch([folder], out, workers=1, read_options={"encoding": "utf-8"}).summary()
    assert sorted(reads) == ["a.txt", "b.txt", "t.csv"] and again["files_read"] == 3


def test_files_are_read_in_the_workers_and_a_failure_names_its_file(folder, tmp_path, monkeypatch):
    def refuse(path, **kwargs):
        if Path(path).suffix != ".csv":  # a table is read here: its rows are the documents
            raise AssertionError(f"{path} was read in the main process")
        return real(path, **kwargs)

    real = pipeline.ingest.read_documents
    monkeypatch.setattr(pipeline.ingest, "read_documents", refuse)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really a PDF")
    result = run_batch([folder], tmp_path / "out", workers=2)
    assert result.extracted == 5 and result.files_read == 4
    assert [(Path(f.source).name, f.error) for f in result.failures] == [("broken.pdf", "IngestError")]
    assert result.failures[0].reason and "Traceback" not in result.failures[0].reason

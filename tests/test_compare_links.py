"""Parent links a researcher controls (issue 16, item 4): --links FILE and links proposed by text reuse."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import pipeline
from pipeline.cli import app
from pipeline.compare.links import proposed_links, read_links
from pipeline.errors import IngestError

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "cascade"


def test_read_links(tmp_path: Path) -> None:
    f = tmp_path / "links.csv"
    f.write_text("child,parent,note\nb,a,restates\nb,a,\nc,a,\n", encoding="utf-8")
    assert read_links(f, ["a", "b", "c"]) == {"b": ["a"], "c": ["a"]}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("kind,of\nb,a\n", "header with the columns child,parent"),
        ("child,parent\nb,zz\n", "row 2: parent 'zz' is not among the documents compared"),
        ("child,parent\na,a\n", "row 2: 'a' cannot implement itself"),
    ],
)
def test_bad_links_file_names_file_and_reason(tmp_path: Path, content: str, reason: str) -> None:
    f = tmp_path / "links.csv"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(IngestError) as err:
        read_links(f, ["a", "b"])
    assert str(f) in str(err.value) and reason in str(err.value)


def test_restatement_is_proposed_child_to_parent() -> None:
    records = [pipeline.extract("到2025年，建成5个基地。", meta={"id": i, "level": lv}) for i, lv in
               (("a", "national"), ("b", "provincial"), ("c", "municipal"))]  # fmt: skip
    summary = pd.DataFrame(
        [("a", "b", 0.9, 0.95), ("b", "c", 0.1, 0.8), ("a", "c", 0.01, 0.02)],
        columns=["doc_a", "doc_b", "share_a", "share_b"],
    )
    # both shares high: the national text is the parent; one share high: that document restates
    assert proposed_links(summary, records) == {"b": [("a", 0.95)], "c": [("b", 0.8)]}


@pytest.fixture(scope="module")
def road_rules():
    return [
        pipeline.extract((FIXTURES / f"{n}.txt").read_text(encoding="utf-8"), meta={"id": n})
        for n in ("central-070", "shandong-036")
    ]


def test_proposed_links_used_for_cascades_only_on_request(road_rules) -> None:
    plain = pipeline.compare(road_rules, parents={})
    links = plain.links.set_index(["doc_id", "parent_id"])
    assert links.loc[("shandong-036", "central-070"), "source"] == "proposed"
    assert links.loc[("shandong-036", "central-070"), "share"] > 0.7
    assert plain.cascade.empty
    used = pipeline.compare(road_rules, parents={}, use_proposed=True)
    assert len(used.cascade) >= 15 and set(used.cascade["parent_id"]) == {"central-070"}


def test_cli_compare_links(tmp_path: Path) -> None:
    links = tmp_path / "links.csv"
    links.write_text("child,parent\nshandong-036,central-070\n", encoding="utf-8")
    out = tmp_path / "cmp"
    files = [str(FIXTURES / f"{n}.txt") for n in ("central-070", "shandong-036")]
    res = CliRunner().invoke(app, ["compare", *files, "--links", str(links), "--out", str(out), "--no-reuse"])
    assert res.exit_code == 0, res.output
    table = pd.read_csv(out / "links.csv", encoding="utf-8-sig")
    assert table[["doc_id", "parent_id", "source"]].values.tolist() == [
        ["shandong-036", "central-070", "file"]
    ]
    cascade = pd.read_csv(out / "cascade.csv", encoding="utf-8-sig")
    assert "looser" in set(cascade["direction"])
    bad = tmp_path / "bad.csv"
    bad.write_text("child,parent\nnope,central-070\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["compare", *files, "--links", str(bad), "--out", str(out), "--no-reuse"])
    assert res.exit_code != 0 and "row 2: child 'nope'" in res.output and "Traceback" not in res.output


def test_report_reads_the_stored_comparison(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for n in ("central-070", "shandong-036"):
        (src / f"{n}.txt").write_text((FIXTURES / f"{n}.txt").read_text(encoding="utf-8"), encoding="utf-8")
    batch = tmp_path / "batch"
    runner = CliRunner()
    assert runner.invoke(app, ["run", str(src), "--out", str(batch)]).exit_code == 0
    rep = runner.invoke(app, ["report", str(batch), "--out", str(tmp_path / "r1")])
    assert rep.exit_code == 0 and "read from the compare_* tables" not in rep.output  # nothing stored yet
    res = runner.invoke(app, ["compare", str(batch), "--out", str(tmp_path / "cmp")])
    assert res.exit_code == 0, res.output
    rep = runner.invoke(app, ["report", str(batch), "--out", str(tmp_path / "r2")])
    assert rep.exit_code == 0 and "read from the compare_* tables" in rep.output, rep.output
    assert (tmp_path / "r2" / "index.html").read_text(encoding="utf-8").count("looser") >= 1
    pages = {p.name: p.read_text(encoding="utf-8") for p in (tmp_path / "r2").glob("doc-*.html")}
    child = next(text for text in pages.values() if "shandong-036" in text and 'id="related"' in text)
    assert "Cascades" in child and "Reuse partners" in child
    assert any(
        f'href="{name}"' in child for name, text in pages.items() if "central-070" in text and text != child
    )

"""--metadata FILE: a table of known metadata for body-only corpora, applied where documents are read."""

from __future__ import annotations

import json

import duckdb
import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from pipeline.api import extract_file, iter_file_records
from pipeline.cli import app
from pipeline.errors import IngestError, PipelineError
from pipeline.ingest import read_documents
from pipeline.ingest.metadata import apply_metadata, load_metadata
from pipeline.models import Region, SourceDocument

runner = CliRunner()
# The opening of shandong/001 (body only, as the shared corpora hold it): no title, 文号 or signature.
BODY = (
    "为贯彻落实党的十八大精神，根据省第十次党代会提出的建设“智慧山东”的战略部署，经省政府同意，"
    "现就开展“智慧山东”试点工作提出以下意见：\n一、总体要求\n到2015年，建成一批智慧城市试点。\n"
)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    (folder / "shandong").mkdir(parents=True)
    (folder / "central").mkdir()
    (folder / "shandong" / "001.txt").write_text(BODY, encoding="utf-8")
    (folder / "central" / "001.txt").write_text(BODY.replace("山东", "中国"), encoding="utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text(
        "path,title,level,region,date,doc_number,issuer\n"
        "shandong/001.txt,山东省人民政府关于开展“智慧山东”试点工作的意见,provincial,山东省,2013/5/2,鲁政发[2013]12号,\n"
        "central/001.txt,Guiding Opinions on Smart Cities,national,,2013-08-21,,\n",
        encoding="utf-8",
    )
    return folder, meta


def test_rows_match_inputs_by_the_end_of_their_path(corpus):
    folder, meta = corpus
    table = load_metadata(meta)
    (doc,) = read_documents(folder / "shandong" / "001.txt", metadata=table)
    assert doc.meta["title"].startswith("山东省人民政府关于")
    assert doc.meta["date"] == "2013-05-02"  # normalised as a table file's date column
    assert "issuer" not in doc.meta  # an empty cell leaves the text's own value
    (other,) = read_documents(folder / "central" / "001.txt", metadata=table)
    assert other.meta["level"] == "national" and "region" not in other.meta


def test_supplied_fields_win_and_are_recorded_as_supplied(corpus):
    folder, meta = corpus
    d = extract_file(folder / "shandong" / "001.txt", metadata=meta).document
    assert d.title == "山东省人民政府关于开展“智慧山东”试点工作的意见"
    assert (d.doc_number, d.date, d.level) == ("鲁政发〔2013〕12号", "2013-05-02", "provincial")
    assert d.region == Region(province="山东省")
    assert d.field_sources == {
        "title": "supplied",
        "doc_number": "supplied",
        "date": "supplied",
        "level": "supplied",
        "region": "supplied",
    }
    plain = extract_file(folder / "shandong" / "001.txt").document
    assert plain.title is None and plain.field_sources.get("title") is None


def test_keyed_by_id_and_xlsx(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["编号", "标题", "层级", "地区"])
    ws.append(["7", "庆阳市人民政府关于推进职业教育发展的实施意见", "municipal", "甘肃省庆阳市"])
    wb.save(tmp_path / "meta.xlsx")
    table = load_metadata(tmp_path / "meta.xlsx")
    doc = apply_metadata(SourceDocument(text=BODY, source=str(tmp_path / "7.txt")), table)
    assert doc.meta == {
        "title": "庆阳市人民政府关于推进职业教育发展的实施意见",
        "level": "municipal",
        "region": "甘肃省庆阳市",
    }
    row = apply_metadata(SourceDocument(text=BODY, source="corpus.csv#7"), table)  # a table row's id
    assert row.meta["level"] == "municipal"
    assert apply_metadata(SourceDocument(text=BODY, source="8.txt"), table).meta == {}


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("title,level\nA,national\n", "no path or id column"),
        ("path,level\na.txt,city\n", "level 'city' is not one of"),
        ("path,title\na.txt,A\na.txt,B\n", "named by an earlier row too"),
    ],
)
def test_bad_metadata_files_are_one_clear_error(tmp_path, content, reason):
    meta = tmp_path / "meta.csv"
    meta.write_text(content, encoding="utf-8")
    with pytest.raises(IngestError, match=reason) as info:
        load_metadata(meta)
    assert str(meta) in str(info.value)


def test_a_file_name_shared_by_two_rows_names_neither(tmp_path):
    meta = tmp_path / "meta.csv"
    meta.write_text(
        "path,level\n/x/central/001.txt,national\n/x/shandong/001.txt,provincial\n", encoding="utf-8"
    )
    table = load_metadata(meta)
    assert table.lookup("/elsewhere/001.txt") == {}
    assert table.lookup("/x/shandong/001.txt") == {"level": "provincial"}


def test_every_reading_command_takes_metadata(corpus, tmp_path):
    folder, meta = corpus
    result = runner.invoke(
        app, ["extract", str(folder / "shandong" / "001.txt"), "--json", "--metadata", str(meta)]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["document"]["field_sources"]["level"] == "supplied"
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(folder), "--out", str(out), "--quiet", "--metadata", str(meta)])
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(out / "policy.duckdb"), read_only=True) as con:
        rows = con.execute(
            "SELECT level, region_province, field_sources FROM documents ORDER BY level"
        ).fetchall()
    assert [(r[0], r[1]) for r in rows] == [("national", None), ("provincial", "山东省")]
    assert json.loads(rows[1][2])["region"] == "supplied"
    for command in (
        ["graph", "--out", str(tmp_path / "g")],
        ["compare", "--out", str(tmp_path / "c"), "--no-reuse"],
    ):
        result = runner.invoke(app, [command[0], str(folder), *command[1:], "--metadata", str(meta)])
        assert result.exit_code == 0, result.output
    for name in ("tasks", "report"):
        assert "--metadata" in runner.invoke(app, [name, "--help"]).output


def test_a_missing_metadata_file_is_one_error_line(corpus):
    folder, _ = corpus
    result = runner.invoke(
        app, ["extract", str(folder / "shandong" / "001.txt"), "--metadata", "no/meta.csv"]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "no/meta.csv" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_batch_options_load_a_metadata_path_once(corpus):
    from pipeline.batch.inputs import validate

    _, meta = corpus
    opts = validate(
        out=None,
        workers=1,
        engine="local",
        scheduler=None,
        segmenter=None,
        read_options={"metadata": meta},
        registry=None,
    )
    assert len(opts.read_options["metadata"]) == 2
    with pytest.raises(PipelineError):
        validate(
            out=None,
            workers=1,
            engine="local",
            scheduler=None,
            segmenter=None,
            read_options={"metadata": meta.parent / "none.csv"},
            registry=None,
        )


def test_records_of_a_table_file_take_metadata_by_row_id(tmp_path):
    corpus = tmp_path / "corpus.csv"
    corpus.write_text("id,content\n12," + BODY.replace("\n", " ") + "\n", encoding="utf-8")
    meta = tmp_path / "meta.csv"
    meta.write_text("id,level,region\n12,county,甘肃省庆阳市环县\n", encoding="utf-8")
    (record,) = iter_file_records(corpus, metadata=load_metadata(meta))
    assert record.document.level == "county"
    assert record.document.region == Region(province="甘肃省", city="庆阳市", county="环县")

"""Decompression limits of the ZIP-based formats (.docx, .xlsx, .ofd): small generated zip bombs are
refused before parsing, with one error naming the file, and a batch records them as one failure each."""

from __future__ import annotations

import io
import shutil
import struct
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from format_helpers import FORMATS

from pipeline.errors import IngestError
from pipeline.ingest import read_document, read_documents
from pipeline.ingest.archive import MAX_MEMBER_BYTES, MAX_RATIO


def _ratio_bomb(path: Path, member: str, size: int = 40 * 2**20) -> Path:
    """A copy of a real package whose ``member`` is replaced by ``size`` bytes of repeated XML
    (deflate packs them about 1000 to 1)."""
    source = FORMATS / "qingyang.docx" if path.suffix != ".xlsx" else None
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        if source is not None and path.suffix == ".docx":
            with zipfile.ZipFile(source) as real:
                for item in real.infolist():
                    if item.filename != member:
                        out.writestr(item, real.read(item))
        else:
            out.writestr("[Content_Types].xml", "<Types/>")
        chunk = b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 1024
        with out.open(member, "w", force_zip64=True) as handle:
            for _ in range(size // len(chunk)):
                handle.write(chunk)
    return path


def _declare_size(path: Path, member: str, size: int) -> Path:
    """Rewrite ``member``'s uncompressed size in the central directory (a lying header)."""
    data = bytearray(path.read_bytes())
    offset = 0
    while (offset := data.find(b"PK\x01\x02", offset)) != -1:
        name_len = struct.unpack_from("<H", data, offset + 28)[0]
        if data[offset + 46 : offset + 46 + name_len].decode() == member:
            struct.pack_into("<I", data, offset + 24, size)
        offset += 4
    path.write_bytes(bytes(data))
    return path


def test_docx_ratio_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    bomb = _ratio_bomb(tmp_path / "bomb.docx", "word/document.xml")
    assert bomb.stat().st_size < 2**20  # a small file ...
    info = zipfile.ZipFile(bomb).getinfo("word/document.xml")
    assert info.file_size / info.compress_size > MAX_RATIO  # ... that would inflate 40 MiB
    tracemalloc.start()
    with pytest.raises(
        IngestError, match=r"bomb\.docx: member 'word/document\.xml' is compressed [\d,]+ to 1"
    ):
        read_document(bomb)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8 * 2**20  # nothing was inflated


def test_docx_declaring_a_huge_member_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.docx"
    shutil.copy(FORMATS / "qingyang.docx", path)
    _declare_size(path, "word/document.xml", 3 * 2**30)
    with pytest.raises(
        IngestError, match=r"huge\.docx: member 'word/document\.xml' would inflate to 3,072 MiB"
    ):
        read_document(path)


def test_a_member_lying_small_cannot_inflate_past_its_declared_size(tmp_path: Path) -> None:
    """zipfile stops at the declared size and fails the CRC check: the caps on declared sizes hold."""
    path = tmp_path / "liar.docx"
    shutil.copy(FORMATS / "qingyang.docx", path)
    _declare_size(path, "word/document.xml", 1000)
    with pytest.raises(IngestError, match=r"liar\.docx: is not a readable \.docx"):
        read_document(path)


def test_xlsx_bomb_is_refused(tmp_path: Path) -> None:
    bomb = _ratio_bomb(tmp_path / "bomb.xlsx", "xl/worksheets/sheet1.xml")
    with pytest.raises(IngestError, match=r"bomb\.xlsx: member 'xl/worksheets/sheet1\.xml' is compressed"):
        read_documents(bomb)


def test_ofd_bomb_is_refused(tmp_path: Path) -> None:
    bomb = _ratio_bomb(tmp_path / "bomb.ofd", "Doc_0/Pages/Page_0/Content.xml")
    with pytest.raises(IngestError, match=r"bomb\.ofd: member .* is compressed"):
        read_document(bomb)


def test_per_member_cap_applies_to_well_compressed_members_too(tmp_path: Path) -> None:
    path = tmp_path / "big.docx"
    shutil.copy(FORMATS / "qingyang.docx", path)
    _declare_size(path, "word/styles.xml", MAX_MEMBER_BYTES + 1)
    with pytest.raises(IngestError, match=r"over the limit of 256 MiB per member"):
        read_document(path)


def test_not_a_zip_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 600)  # an old .doc renamed
    with pytest.raises(IngestError, match=r"old\.docx: is not a readable \.docx file"):
        read_document(path)


def test_batch_records_a_bomb_as_one_failure_and_reads_the_rest(tmp_path: Path) -> None:
    from pipeline.batch import run_batch

    folder = tmp_path / "inbox"
    folder.mkdir()
    _ratio_bomb(folder / "bomb.docx", "word/document.xml")
    shutil.copy(FORMATS / "qingyang.pdf", folder / "qingyang.pdf")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 nothing else")
    (folder / "empty.ofd").write_bytes(io.BytesIO(b"PK\x05\x06" + b"\0" * 18).getvalue())
    result = run_batch([folder], workers=1)
    failed = {Path(f.source).name: f for f in result.failures}
    assert set(failed) == {"bomb.docx", "broken.pdf", "empty.ofd"}
    assert "compressed" in failed["bomb.docx"].reason
    assert [r.document.doc_number for r in result.records] == ["庆政发〔2021〕13号"]

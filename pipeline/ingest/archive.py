"""Decompression limits for the ZIP-based formats (.docx, .xlsx, .ofd), checked before any parsing.

A ZIP names each member's uncompressed size in its central directory. :func:`check_archive` reads that
directory only (no member is decompressed) and refuses the file when a member, or all members
together, would inflate past a cap, or when a large member is compressed far beyond what real documents
are (a *zip bomb*). The readers behind it (python-docx, openpyxl, :mod:`zipfile`) never inflate a member
past its declared size: :mod:`zipfile` stops at it and fails the CRC check, so a member that lies about
its size cannot get round the caps either. Memory stays bounded by the caps.

The caps (module constants, documented in README "Inputs and formats"):

- ``MAX_MEMBER_BYTES``: one member (a document.xml, a sheet, an OFD page) at most 256 MiB;
- ``MAX_TOTAL_BYTES``: all members together at most 512 MiB;
- ``MAX_RATIO``: a member above ``RATIO_FLOOR_BYTES`` (1 MiB) uncompressed may be at most 200 times its
  compressed size (Word and Excel XML compresses 5-30 times; a bomb 1000 times and more).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from pipeline.errors import IngestError

MAX_MEMBER_BYTES = 256 * 2**20
MAX_TOTAL_BYTES = 512 * 2**20
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 2**20
MAX_MEMBERS = 10_000


def _mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def check_archive(path: Path, kind: str) -> None:
    """Refuse ``path`` (a ZIP-based ``kind`` such as ``".docx"``) when it would inflate past the caps.

    Raises:
        IngestError: not a ZIP at all, too many members, or a member or the whole over a cap (named).
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError(path, f"is not a readable {kind} file (not a ZIP package: {exc})") from None
    if len(members) > MAX_MEMBERS:
        raise IngestError(path, f"has {len(members):,} ZIP members, more than the limit of {MAX_MEMBERS:,}")
    total = 0
    for info in members:
        size = info.file_size
        if size > MAX_MEMBER_BYTES:
            raise IngestError(
                path,
                f"member {info.filename!r} would inflate to {_mib(size)}, over the limit of "
                f"{_mib(MAX_MEMBER_BYTES)} per member (a zip bomb or a damaged {kind}); not read",
            )
        if size > RATIO_FLOOR_BYTES and size > MAX_RATIO * max(info.compress_size, 1):
            ratio = size / max(info.compress_size, 1)
            raise IngestError(
                path,
                f"member {info.filename!r} is compressed {ratio:,.0f} to 1 ({_mib(size)} from "
                f"{info.compress_size:,} bytes), over the limit of {MAX_RATIO} to 1 (a zip bomb); not read",
            )
        total += size
        if total > MAX_TOTAL_BYTES:
            raise IngestError(
                path,
                f"would inflate to more than {_mib(MAX_TOTAL_BYTES)} in all (a zip bomb or a damaged "
                f"{kind}); not read",
            )


def read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """One member's bytes, never more than its declared (already checked) size."""
    with archive.open(name) as handle:
        return handle.read(MAX_MEMBER_BYTES + 1)

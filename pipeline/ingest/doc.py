"""Old binary Word (.doc) and Kingsoft WPS (.wps) files, through a converter installed on the machine.

The first converter found on ``PATH`` is used, in this order:

1. LibreOffice headless (``soffice --convert-to docx``): the converted .docx is read by the docx reader,
   so tables are table rows with cells as in a .docx;
2. ``antiword -w 0 -m UTF-8.txt`` (.doc): paragraphs, and tables as ``|cell|cell|`` lines whose wrapped
   cell lines are joined back into one row (a continuation line has an empty first cell);
3. ``catdoc -w -d utf-8``: paragraphs, table rows as tab-separated cells (written as pipe rows).

None installed: one error naming what to install (Debian: ``apt-get install antiword catdoc``, or
``libreoffice-writer``). A converter that fails or runs past ``TIMEOUT`` seconds is one error naming it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.errors import IngestError
from pipeline.ingest.docx import pipe_row, read_docx_text
from pipeline.ingest.layout import join_pieces, tidy

TIMEOUT = 120
INSTALL = "install LibreOffice (soffice), antiword or catdoc (Debian: apt-get install antiword catdoc)"


def _run(path: Path, name: str, args: list[str]) -> str:
    try:
        done = subprocess.run(args, capture_output=True, timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise IngestError(path, f"{name} did not convert it within {TIMEOUT} s") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise IngestError(
            path, f"{name} could not convert it ({said[-1] if said else f'exit {done.returncode}'})"
        )
    return done.stdout.decode("utf-8", "replace")


def _soffice(path: Path, exe: str) -> str:
    with tempfile.TemporaryDirectory(prefix="policy-pipeline-") as tmp:
        profile = Path(tmp, "profile").as_uri()  # a private profile: parallel conversions do not collide
        args = [
            exe,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "docx",
            "--outdir",
            tmp,
        ]
        _run(path, "LibreOffice", [*args, str(path)])
        out = Path(tmp, path.stem + ".docx")
        if not out.is_file():
            raise IngestError(path, "LibreOffice could not convert it (no .docx written)")
        return read_docx_text(out)


def _pipe_lines(lines: list[str], split: str) -> list[str]:
    """Paragraphs kept, table lines (cells split by ``split``) merged into rows and written as pipe rows."""
    out: list[str] = []
    row: list[str] | None = None
    for line in lines:
        if split == "|" and line.startswith("|") and line.rstrip().endswith("|"):
            cells = [c.strip() for c in line.strip()[1:-1].split("|")]
        elif split == "\t" and "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
        else:
            if row is not None:
                out.append(pipe_row(row))
                row = None
            if line.strip():
                out.append(tidy(line))
            continue
        if row is not None and not cells[0] and len(cells) == len(row):
            row = [join_pieces(a, b) for a, b in zip(row, cells, strict=True)]
            continue
        if row is not None:
            out.append(pipe_row(row))
        row = cells
    if row is not None:
        out.append(pipe_row(row))
    return out


def read_doc(path: Path) -> str:
    """The text of a .doc or .wps file through the first converter present.

    Raises:
        IngestError: no converter installed (the message says what to install), or the conversion failed.
    """
    if exe := shutil.which("soffice") or shutil.which("libreoffice"):
        return _soffice(path, exe)
    if exe := shutil.which("antiword"):
        text = _run(path, "antiword", [exe, "-w", "0", "-m", "UTF-8.txt", str(path)])
        return "\n".join(_pipe_lines(text.splitlines(), "|"))
    if exe := shutil.which("catdoc"):
        text = _run(path, "catdoc", [exe, "-w", "-d", "utf-8", str(path)])
        return "\n".join(_pipe_lines(text.splitlines(), "\t"))
    raise IngestError(
        path, f"{path.suffix} files are read through a converter, and none is installed: {INSTALL}"
    )

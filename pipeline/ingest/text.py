"""Bytes to text: encoding detection for Chinese documents, and plain-text files (.txt, .md).

Detection order (:func:`decode_bytes`): a byte-order mark; UTF-16 when the bytes hold NUL bytes; strict
UTF-8; UTF-16 without BOM when one byte order gives plausible text; charset-normalizer; GB18030.
Every guess that is not self-certifying (BOM, valid UTF-8) must decode to *plausible* text: mostly CJK,
ASCII and the punctuation of Chinese documents (:func:`plausibility`). The decoded text is kept exactly
(newlines and spaces untouched); only a leading BOM is removed.

A UTF-8 file with a few stray invalid bytes (at most ``MAX_BAD_BYTES``, under 1% of the text) is read
with each bad sequence replaced by U+FFFD, and a warning saying so is appended to the caller's
``warnings`` list (it ends up in ``document.warnings``); offsets refer to that decoded text.
"""

from __future__ import annotations

import codecs
import logging
from functools import cache
from pathlib import Path

from pipeline.errors import IngestError
from pipeline.ingest.regexes import CONTROL, MAPPED_CONTROL, NON_ASCII, OTHER_BREAK, PLAUSIBLE_NON_ASCII

logger = logging.getLogger(__name__)

# Byte-order marks, longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of binary formats people save with a text suffix, for a message that says what to do.
_MAGIC = (
    (b"PK\x03\x04", "a ZIP container (a .docx/.xlsx saved under another suffix?)"),
    (b"%PDF", "a PDF file; convert it to text first"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old binary Office file (.doc/.xls); save it as .docx/.xlsx"),
    (b"{\\rtf", "an RTF file; save it as .docx or .txt"),
)

_PRINTABLE_ASCII = bytes(range(0x20, 0x7F))
MIN_PLAUSIBILITY = 0.9  # share of expected characters a guessed decoding must reach
_GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "cp936"})
_SAMPLE = 64 * 1024  # characters scored for plausibility; enough to judge, bounded on huge files
MAX_BAD_BYTES = 16  # invalid sequences a UTF-8 file may hold and still be read (with U+FFFD)


def _replaced(data: bytes, encoding: str) -> tuple[str, str] | None:
    """``data`` decoded with U+FFFD for a few invalid sequences, with the warning to keep; or None.

    The caller adds the warning only when it accepts the text (a rejected lenient UTF-8 reading of a
    GBK file must leave no warning behind).
    """
    try:
        text = data.decode(encoding, errors="replace")
    except LookupError:
        return None
    bad = text.count("\ufffd") - _strict_count(data, encoding)
    if not 0 < bad <= MAX_BAD_BYTES or bad * 100 > len(text):
        return None
    first = _first_bad(data, encoding)
    return text, f"{bad} invalid {encoding} byte sequence(s) replaced by U+FFFD (the first at byte {first})"


def _accept(lenient: tuple[str, str], warnings: list[str] | None) -> str:
    """The leniently decoded text, its warning recorded and logged."""
    text, message = lenient
    if warnings is not None:
        warnings.append(message)
    logger.warning("%s", message)
    return text


def _strict_count(data: bytes, encoding: str) -> int:
    """U+FFFD characters written in the file itself (encoded replacement characters)."""
    return data.count("\ufffd".encode(encoding, errors="ignore") or b"\x00\x00\x00")


def _first_bad(data: bytes, encoding: str) -> int:
    try:
        data.decode(encoding)
    except UnicodeDecodeError as exc:
        return exc.start
    return -1


def plausibility(text: str) -> float:
    """Share of the non-ASCII characters of ``text`` expected in Chinese text (CJK, punctuation).

    ASCII is left out because it is valid in every candidate decoding and would dilute the score;
    a text without non-ASCII characters scores 1.0.
    """
    sample = text[:_SAMPLE]
    n_other = len(NON_ASCII.findall(sample))
    return len(PLAUSIBLE_NON_ASCII.findall(sample)) / n_other if n_other else 1.0


def _is_common(ch: str) -> bool:
    if ch.isascii():
        return True
    try:
        encoded = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    # GB2312 rows 0xB0-0xD7 hold its level-1 hanzi, the 3,755 most used characters.
    return len(encoded) == 1 or 0xA1 <= encoded[0] <= 0xA9 or 0xB0 <= encoded[0] <= 0xD7


def _common_share(text: str) -> float:
    """Share of ASCII, GB2312 symbols and level-1 (most used) hanzi in ``text``: a tie-breaker."""
    sample = text[:_SAMPLE]
    return sum(map(_is_common, sample)) / len(sample) if sample else 1.0


def _control_share(text: str) -> float:
    sample = text[:_SAMPLE]
    return len(CONTROL.findall(sample)) / len(sample) if sample else 0.0


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _guess_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without BOM: the byte order whose decoding is plausible text, or None.

    ASCII characters leave a NUL in their high byte (odd offsets in little-endian, even in big-endian);
    CJK text has few NULs but decodes to random code points in the wrong byte order. The plausibility
    score decides; NUL positions break ties (pure ASCII reads as CJK ideographs when swapped).
    """
    if len(data) < 2 or len(data) % 2:
        return None
    scored = []
    for encoding in ("utf-16-le", "utf-16-be"):
        text = _strict(data, encoding)
        if text is not None:
            scored.append((plausibility(text), encoding, text))
    if not scored:
        return None
    if len(scored) == 2 and abs(scored[0][0] - scored[1][0]) < 0.02:
        # Both readings look like Chinese: prefer common characters, then ASCII's NUL high bytes.
        le_common, be_common = (_common_share(text) for _, _, text in scored)
        if abs(le_common - be_common) >= 0.02:
            best = scored[0] if le_common > be_common else scored[1]
        else:
            odd_nuls, even_nuls = data[1::2].count(0), data[0::2].count(0)
            best = scored[0] if odd_nuls >= even_nuls else scored[1]
    else:
        best = max(scored)
    score, encoding, text = best
    return (text, encoding) if score >= MIN_PLAUSIBILITY else None


@cache
def _ascii_compatible(encoding: str) -> bool:
    try:
        return _PRINTABLE_ASCII.decode(encoding) == _PRINTABLE_ASCII.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


def _guess_charset_normalizer(data: bytes) -> tuple[str, str] | None:
    """The first of charset-normalizer's candidates that gives plausible text, GB18030 among ties."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    # Short inputs often decode cleanly in several CJK codecs; among ties prefer the national standard.
    tied_gb = any(m.encoding in _GB_FAMILY and m.chaos <= matches[0].chaos + 1e-6 for m in matches)
    names = ["gb18030"] if tied_gb else [m.encoding for m in matches]
    for name in names:
        name = "gb18030" if name in _GB_FAMILY else name  # superset of GB2312/GBK
        if not _ascii_compatible(name):
            continue  # EBCDIC and UTF-16/32 guesses: UTF-16 is judged above, EBCDIC never holds Chinese
        text = _strict(data, name)
        if text is not None and plausibility(text) >= MIN_PLAUSIBILITY:
            return text, codecs.lookup(name).name
    return None


_STRAY_NULS = 8  # NUL bytes a UTF-8 text may hold and still be read as text


def decode_bytes(
    data: bytes, path: str | Path | None = None, warnings: list[str] | None = None
) -> tuple[str, str]:
    """Decode the bytes of a text document, detecting the encoding from the bytes themselves.

    Args:
        data: the raw bytes.
        path: the file they came from, only for error messages.
        warnings: a list that receives a message when a few invalid UTF-8 bytes were replaced.

    Returns:
        ``(text, encoding)``: the text with a leading BOM removed and nothing else changed, and the
        Python codec name that decodes the file (usable as ``encoding=`` to read it again).

    Raises:
        IngestError: binary data, or no encoding gives plausible text.
    """
    found = _by_bom(data, path) or _refuse_binary(data, path)
    if found is not None:
        return found
    utf8 = _strict(data, "utf-8")
    found = _as_utf8(data, utf8, warnings) or _guessed(data)
    if found is not None:
        return found
    if utf8 is not None:
        raise IngestError(path, "looks like a binary file (it contains control bytes), not text")
    raise IngestError(
        path,
        "could not detect the text encoding (tried UTF-8, UTF-16, charset detection and GB18030); "
        "pass encoding=... if you know it",
    )


def _by_bom(data: bytes, path: str | Path | None) -> tuple[str, str] | None:
    """Step 1: a byte-order mark names the encoding (the text must then be valid in it)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], encoding.removesuffix("-sig"))
            if text is None:
                raise IngestError(
                    path, f"starts with a {encoding} byte-order mark but is not valid {encoding}"
                )
            return text, encoding
    return None


def _refuse_binary(data: bytes, path: str | Path | None) -> tuple[str, str] | None:
    """Step 2: the magic bytes of a binary format, or NUL bytes, are refused; NUL bytes of UTF-16
    without a BOM are its text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise IngestError(path, f"is not a text file: it looks like {what}")
    if b"\x00" in data:  # text in any 8-bit or multi-byte Chinese encoding has no NUL byte
        guess = _guess_utf16(data)
        if guess is not None:
            return guess
        # a stray NUL or two in valid UTF-8 text (one bad row of a table): read it; the row is refused
        # (tabular) or the NUL mapped to a space (map_controls)
        if data.count(b"\x00") > _STRAY_NULS or _strict(data, "utf-8") is None:
            raise IngestError(path, "looks like a binary file (it contains NUL bytes), not text")
    return None


def _as_utf8(data: bytes, utf8: str | None, warnings: list[str] | None) -> tuple[str, str] | None:
    """Step 3: UTF-8 with few control characters; or UTF-8 with a stray byte, replaced and said."""
    if utf8 is not None and _control_share(utf8) <= 0.01:
        return utf8, "utf-8"
    if utf8 is None:  # a stray byte in a UTF-8 file: read it, say so
        lenient = _replaced(data, "utf-8")
        if lenient is not None and plausibility(lenient[0]) >= MIN_PLAUSIBILITY - 0.05:
            return _accept(lenient, warnings), "utf-8"
    return None


def _guessed(data: bytes) -> tuple[str, str] | None:
    """Step 4: UTF-16 without a BOM, charset detection, then GB18030 when its text is plausible."""
    for guess_fn in (_guess_utf16, _guess_charset_normalizer):
        guess = guess_fn(data)
        if guess is not None and _control_share(guess[0]) <= 0.01:
            return guess
    text = _strict(data, "gb18030")
    if text is not None and plausibility(text) >= MIN_PLAUSIBILITY and _control_share(text) <= 0.01:
        return text, "gb18030"
    return None


def normalise_breaks(text: str) -> tuple[str, str | None]:
    """``text`` with every CR-only, U+2028, U+2029 or NEL line break turned into LF and every other
    control character mapped (:func:`map_controls`), one character for one, so lengths and offsets are
    unchanged; and a warning saying how many, or None."""
    found = OTHER_BREAK.findall(text)
    text, controls = map_controls(OTHER_BREAK.sub("\n", text) if found else text)
    if not found:
        return text, controls
    kinds = sorted({"CR" if b == "\r" else f"U+{ord(b):04X}" for b in found})
    warning = f"{len(found)} line break(s) written as {'/'.join(kinds)} read as LF"
    return text, f"{warning}; {controls}" if controls else warning


# A form feed (pdftotext's page break) and a vertical tab end a line; other controls become a space.
_CONTROL_MAP = {0x0B: "\n", 0x0C: "\n"}


def map_controls(text: str) -> tuple[str, str | None]:
    """``text`` with each control character of MAPPED_CONTROL replaced by LF (form feed, vertical tab) or a
    space (one for one: offsets unchanged), and a warning naming them, or None."""
    found = MAPPED_CONTROL.findall(text)
    if not found:
        return text, None
    kinds = ", ".join(f"U+{ord(c):04X}" for c in sorted(set(found))[:8])
    mapped = MAPPED_CONTROL.sub(lambda m: _CONTROL_MAP.get(ord(m.group()), " "), text)
    return mapped, f"{len(found)} control character(s) ({kinds}) read as line breaks or spaces"


def decode_with(
    data: bytes, encoding: str, path: str | Path | None = None, warnings: list[str] | None = None
) -> str:
    """Decode with an encoding the caller names; a leading BOM is removed, nothing else changes.

    A few invalid sequences are replaced by U+FFFD with a message in ``warnings``; more are an error.
    """
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise IngestError(path, f"unknown encoding {encoding!r}") from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        lenient = _replaced(data, encoding)
        if lenient is not None:
            return _accept(lenient, warnings).removeprefix("\ufeff")
        raise IngestError(
            path,
            f"is not valid {encoding}: byte {exc.start} ({data[exc.start : exc.start + 4]!r}) {exc.reason}",
        ) from None
    return text.removeprefix("\ufeff")


def decode_file(
    path: Path, encoding: str | None = None, warnings: list[str] | None = None
) -> tuple[str, str]:
    """Read and decode a text file: ``(text, encoding)``; empty or whitespace-only files are errors."""
    data = read_bytes(path)
    if encoding:
        text = decode_with(data, encoding, path, warnings)
    else:
        text, encoding = decode_bytes(data, path, warnings)
    if not text.strip():
        raise IngestError(path, "file contains only whitespace")
    return text, encoding


def read_bytes(path: Path) -> bytes:
    """The file's bytes; missing, unreadable and empty files raise :class:`IngestError`."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(path, "file not found") from None
    except IsADirectoryError:
        raise IngestError(path, "is a directory, not a file") from None
    except OSError as exc:
        raise IngestError(path, f"cannot be read ({exc.strerror or exc})") from None
    if not data:
        raise IngestError(path, "file is empty (0 bytes)")
    return data

"""Read stage, shared first step: a file's bytes -> its text, or a clear :class:`InputError`.

Every text-based reader (``text.py``, ``markdown.py``, the CSV readers after their own
decoding) starts here, so that the same bad inputs get the same messages: a missing file, a
directory, an empty file, a binary file (a PDF or Word file given where text is expected),
text that is not UTF-8.

The text returned is the file's text with line ends normalised to ``"\\n"`` and a leading
byte-order mark removed; nothing else changes (no Unicode normalisation, no tab expansion),
because every later offset is an offset into this text. Line ends are normalised because the
sources mix them: the Working Group reports in ``shared/corpus/wg-reports/`` use CR alone or
CR with some bare LF, the UPR Info CSV files use CR alone (``shared/corpus/README.md``), the
UN text extractions use LF. Form feeds (page breaks) are kept.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kgbuild.errors import InputError

log = logging.getLogger(__name__)

# Signatures of the binary formats people are likely to hand over instead of text: the UN
# publishes PDF and Word, and a .docx is a ZIP archive.
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "PDF", "extract its text first (for example `pdftotext -layout`)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Word/Office (OLE2)", "save it as .docx or as UTF-8 text"),
    (b"\x89PNG\r\n\x1a\n", "PNG image", "kgbuild reads text, not images"),
    (b"\xff\xd8\xff", "JPEG image", "kgbuild reads text, not images"),
    (b"GIF87a", "GIF image", "kgbuild reads text, not images"),
    (b"GIF89a", "GIF image", "kgbuild reads text, not images"),
    (b"\x1f\x8b", "gzip archive", "decompress it first"),
)

_SAMPLE = 65536
"""How many leading bytes the binary sniffing looks at."""

_CONTROL_SHARE = 0.05
"""More than this share of C0 control bytes (other than tab, LF, VT, FF, CR) means binary."""

_CONTROLS = bytes(b for b in range(0x20) if b not in b"\t\n\x0b\x0c\r") + b"\x7f"


def decode(path: Path) -> str:
    """Return the text of ``path``: strict UTF-8 (BOM optional), line ends as ``"\\n"``.

    Raises :class:`InputError` naming the file for a missing file, a directory, an empty or
    whitespace-only file, a binary file, or bytes that are not UTF-8 (with line and byte).
    """
    data = _read_bytes(path)
    if not data:
        raise InputError("empty file", path=path)
    _reject_binary(path, data)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        line = _line_of(data, exc.start)
        raise InputError(
            f"invalid UTF-8 at line {line}, byte {exc.start}; re-save the file as UTF-8",
            path=path,
        ) from None
    if not text.strip():
        raise InputError("empty file (only whitespace)", path=path)
    return normalise_newlines(text)


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF.

    >>> normalise_newlines("a\\r\\nb\\rc\\nd")
    'a\\nb\\nc\\nd'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_bytes(path: Path) -> bytes:
    return read_head(path, None)


def read_head(path: Path, size: int | None) -> bytes:
    """The first ``size`` bytes of ``path`` (all of it for None), or an InputError naming the
    file: missing, a directory, unreadable, or empty. Every reader starts here."""
    try:
        with open(path, "rb") as fp:
            data = fp.read() if size is None else fp.read(size)
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path=path) from None
    except PermissionError:
        if Path(path).is_dir():  # Windows reports directories as permission errors
            raise InputError("is a directory, not a file", path=path) from None
        raise InputError("cannot read the file: permission denied", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path=path) from None
    if size is not None and not data:
        raise InputError("empty file", path=path)
    return data


def _reject_binary(path: Path, data: bytes) -> None:
    """Raise when ``data`` is not text: a known binary signature, NUL bytes, many controls."""
    for magic, kind, advice in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"binary file, not text: this is a {kind} file; {advice}", path=path)
    if data.startswith(b"PK\x03\x04"):
        head = data[:_SAMPLE]
        if b"word/" in head:
            kind = "DOCX (Word)"
        elif b"xl/" in head:
            kind = "XLSX (Excel)"
        else:
            kind = "ZIP"
        raise InputError(
            f"binary file, not text: this is a {kind} file; save or extract it as UTF-8 text",
            path=path,
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError("binary file, not text: this is UTF-16 text; re-save the file as UTF-8", path=path)
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        raise InputError("binary file, not text (it contains NUL bytes)", path=path)
    controls = len(sample) - len(sample.translate(None, _CONTROLS))
    if controls > _CONTROL_SHARE * len(sample):
        raise InputError("binary file, not text (too many control characters)", path=path)


def _line_of(data: bytes, offset: int) -> int:
    """1-based line number of byte ``offset``, counting CRLF, CR and LF as line ends."""
    head = data[:offset]
    return head.count(b"\n") + head.count(b"\r") - head.count(b"\r\n") + 1

"""Read stage: one reader per input format, chosen by file suffix.

Every reader takes a path and returns a :class:`~kgbuild.model.RawDocument` (plain-text
lines with the layout the format gives). Readers raise :class:`~kgbuild.errors.InputError`
naming the file when it cannot be read.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from ..errors import InputError
from ..model import RawDocument

# suffix -> (module, function); modules are imported only when a file of theirs is read.
READERS: dict[str, tuple[str, str]] = {
    ".md": ("markdown", "read_markdown"),
    ".markdown": ("markdown", "read_markdown"),
    ".txt": ("text", "read_text"),
    ".text": ("text", "read_text"),
    ".pdf": ("pdf", "read_pdf"),
    ".docx": ("docx", "read_docx"),
}


def reader_for(path: Path) -> Callable[[Path], RawDocument]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        # Tables are mapped by their CSVW metadata (kgbuild.read.csvw), found before reading.
        raise InputError(
            "no CSVW metadata for this table: put a FILE.csv-metadata.json beside it, or give it the "
            "header row of a packaged mapping (mappings/upr-info/)",
            path=path,
        )
    if suffix not in READERS:
        known = ", ".join(sorted(READERS))
        raise InputError(f"unsupported file type {suffix or '(no suffix)'!r}; kgbuild reads {known}", path=path)
    module, func = READERS[suffix]
    return getattr(import_module(f"{__name__}.{module}"), func)


def read(path: Path) -> RawDocument:
    """Read ``path`` with the reader its suffix names."""
    if not path.exists():
        raise InputError("no such file", path=path)
    if path.is_dir():
        raise InputError("is a directory, not a document", path=path)
    return reader_for(path)(path)

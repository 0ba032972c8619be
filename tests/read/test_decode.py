"""kgbuild.read.decode: bytes -> text, and one clear InputError per kind of bad input."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from kgbuild.errors import InputError
from kgbuild.read.decode import decode, normalise_newlines

DATA = Path(__file__).resolve().parents[1] / "data"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _error(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        decode(path)
    assert str(path) in str(info.value), "the message must name the file"
    assert info.value.path == str(path)
    return info.value


def test_empty_file(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "empty.txt", b""))
    assert "empty file" in str(err)


def test_whitespace_only_file(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "blank.txt", b" \r\n\t\n\f \r"))
    assert "empty file" in str(err)


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "nul.txt", b"Slovenia\x00\x00\x01 report\n"))
    assert "binary file, not text" in str(err)


def test_many_control_characters_are_binary(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "ctl.txt", bytes(range(1, 8)) * 20 + b"text"))
    assert "binary file, not text" in str(err)


def test_pdf_magic_number(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"))
    assert "binary file, not text" in str(err)
    assert "this is a PDF file" in str(err)


def test_png_magic_number(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "scan.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert "binary file, not text" in str(err)
    assert "PNG" in str(err)


def test_docx_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "addendum.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    err = _error(path)
    assert "binary file, not text" in str(err)
    assert "DOCX" in str(err)


def test_utf16_is_recognised(tmp_path: Path) -> None:
    err = _error(_write(tmp_path, "u16.txt", "Slovenia\n".encode("utf-16")))
    assert "UTF-16" in str(err)


def test_invalid_utf8_names_line_and_byte(tmp_path: Path) -> None:
    # Mac Roman bytes (how the wg-reports were stored before conversion): "C\x99te" is
    # "Côte"; line ends are CR, so the line count must count CR as a line end too.
    data = b"Distr.: General\rOriginal: English\r\rC\x99te d'Ivoire\r"
    err = _error(_write(tmp_path, "macroman.txt", data))
    assert "invalid UTF-8 at line 4, byte 36; re-save the file as UTF-8" in str(err)


def test_invalid_utf8_line_with_crlf(tmp_path: Path) -> None:
    data = b"one\r\ntwo\r\nthr\xe9e\r\n"
    err = _error(_write(tmp_path, "latin1.txt", data))
    assert "line 3, byte 13" in str(err)


def test_directory(tmp_path: Path) -> None:
    err = _error(tmp_path)
    assert "is a directory" in str(err)


def test_missing_file(tmp_path: Path) -> None:
    err = _error(tmp_path / "no-such-report.txt")
    assert "no such file" in str(err)


@pytest.mark.parametrize("newline", [b"\r\n", b"\r"], ids=["crlf", "cr"])
def test_line_ends_normalised(tmp_path: Path, newline: bytes) -> None:
    lf = (DATA / "slovenia-A-HRC-59-15-Add.1.txt").read_bytes()
    other = _write(tmp_path, "other.txt", lf.replace(b"\n", newline))
    assert decode(other) == decode(DATA / "slovenia-A-HRC-59-15-Add.1.txt")


def test_mixed_cr_and_lf_as_in_the_wg_reports(tmp_path: Path) -> None:
    path = _write(tmp_path, "mixed.txt", b"1. \rThe Working Group\n2. \r\nOn 7 September\r")
    assert decode(path) == "1. \nThe Working Group\n2. \nOn 7 September\n"


def test_bom_removed_everything_else_kept(tmp_path: Path) -> None:
    # A form feed, an NBSP, a decomposed accent and a tab survive as they are: offsets
    # computed later point into exactly this text.
    text = "A/HRC/59/15\f\u00a0Co\u0301te\td\u2019Ivoire\n"
    path = _write(tmp_path, "bom.txt", b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert decode(path) == text


def test_normalise_newlines() -> None:
    assert normalise_newlines("a\r\nb\rc\nd\r\r\n") == "a\nb\nc\nd\n\n"

"""Language packs: the words and patterns of one language (mappings/language/*.toml).

The structure step and the recognisers take every word they look for from here, so a new
language is a new file, not new code. Patterns are compiled once per process and cached.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from . import resources
from .errors import MappingError


@dataclass(frozen=True, eq=False)
class LanguagePack:
    """One language file; packs are loaded once (``load`` caches them) and hash by identity."""

    code: str
    data: dict[str, Any]

    def get(self, section: str, key: str, default: Any = None) -> Any:
        return self.data.get(section, {}).get(key, default)

    def pattern(self, section: str, key: str, flags: int = 0) -> re.Pattern[str] | None:
        return _pattern(self, section, key, flags)

    def phrases(self, section: str, key: str) -> list[str]:
        return list(self.get(section, key, []) or [])


@cache
def _pattern(pack: LanguagePack, section: str, key: str, flags: int) -> re.Pattern[str] | None:
    # Looked up by (pack, section, key): the recognisers ask for their patterns at every
    # line and every number, a few hundred thousand times per corpus.
    source = pack.get(section, key)
    if source is None:
        return None
    return _compile(pack.code, section, key, source, flags)


@cache
def _compile(code: str, section: str, key: str, source: str, flags: int) -> re.Pattern[str]:
    try:
        return re.compile(source, flags)
    except re.error as exc:
        raise MappingError(f"bad pattern [{section}] {key}: {exc}", path=f"mappings/language/{code}.toml") from exc


@cache
def load(code: str) -> LanguagePack:
    path = resources.mappings_dir() / "language" / f"{code}.toml"
    if not path.exists():
        raise MappingError(f"no language pack for {code!r}", path=path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(str(exc), path=path) from exc
    return LanguagePack(code=code, data=data)


def available() -> list[str]:
    """The language packs shipped, English first (the default), then by code."""
    codes = [p.stem for p in resources.files("mappings", "language/*.toml")]
    return sorted(codes, key=lambda c: (c != "en", c))


def ordinal_value(word: str, pack: LanguagePack) -> int | None:
    """``"Fifty-ninth"`` -> 59, from the pack's [numbers] tables.

    >>> ordinal_value("Fifty-ninth", load("en"))
    59
    >>> ordinal_value("forty-eighth", load("en"))
    48
    >>> ordinal_value("59", load("en"))
    59
    """
    units: dict[str, int] = pack.get("numbers", "units", {})
    tens: dict[str, int] = pack.get("numbers", "tens", {})
    w = word.strip().lower()
    if w.isdigit():  # "59º período de sesiones"
        return int(w)
    if w in units:
        return units[w]
    if "-" in w:
        head, _, tail = w.partition("-")
        if head in tens and tail in units and units[tail] < 10:
            return tens[head] + units[tail]
    return None

"""Fixtures for the corpus-scale tests: samples of the real corpus (../shared/corpus).

The UPR Info export is read from ../shared directly (too large to copy into tests/data); a
sample is the header and the first rows of one of its files, written in the file's own
encoding (Mac Roman) and line ends (CR), so that it goes through the same reader and mapping.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kgbuild import resources

REPO = Path(__file__).resolve().parents[2]
UPR_INFO = REPO.parent / "shared" / "corpus" / "upr-info"
DATA = REPO / "tests" / "data"


def sample_csv(source: Path, target: Path, rows: int) -> Path:
    """The header and the first ``rows`` records of a UPR Info file."""
    with source.open(encoding="mac_roman", newline="") as f:
        records = list(csv.reader(f))
    with target.open("w", encoding="mac_roman", newline="") as f:
        csv.writer(f, lineterminator="\r").writerows(records[: rows + 1])
    return target


@pytest.fixture(scope="session")
def upr_info() -> Path:
    if not (UPR_INFO / "sessions-1-5.csv").is_file():
        pytest.skip(f"the UPR Info export is not at {UPR_INFO}")
    return UPR_INFO


@pytest.fixture(scope="session")
def sample_inputs(upr_info: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The bundled addendum (35 recommendations, 2 warnings) and the first 400 rows of the
    UPR Info export's first file (joint recommendations among them)."""
    folder = tmp_path_factory.mktemp("sample")
    return [resources.bundled_document(), sample_csv(upr_info / "sessions-1-5.csv", folder / "sessions-1-5.csv", 400)]


@pytest.fixture(scope="session")
def two_graph_inputs(sample_inputs: list[Path]) -> list[Path]:
    """The sample plus the Slovenia report and its addendum: two graphs that both name the
    review SVN/4 (its triples are in each), as a Working Group report and the UPR Info export
    name a review of the corpus."""
    return [*sample_inputs, DATA / "slovenia-A-HRC-59-15.txt", DATA / "slovenia-A-HRC-59-15-Add.1.txt"]

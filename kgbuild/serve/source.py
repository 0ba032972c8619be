"""What ``kgbuild serve DIR`` serves: DIR as an on-disk Oxigraph store that can be opened read-only.

- A store made by ``kgbuild build --store DIR`` (kgbuild/store.py) is served as it is.
- A build output folder (kgbuild/build.py) is served from its ``dataset.trig`` (every named
  graph: the documents, the reference data, the joined facts, the ontology, the
  entailments), bulk-loaded once into a store: in ``cache_dir/<hash of dataset.trig>/`` when
  a cache folder is given (reused while dataset.trig is unchanged), else in a temporary
  folder removed when the server stops.

The query workers and the Linked Data pages then each open that store read-only
(``pyoxigraph.Store.read_only``): several processes can, and none can change it.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import InputError
from ..iri import DEFAULT_BASE, check_base
from ..store import MARKER, is_store

log = logging.getLogger(__name__)

_LOADED = ".kgbuild-serve-complete"
"""Written into a cache store once dataset.trig is fully loaded: a half-loaded store is never reused."""

_BASE_MARKERS = ("graph/manifest", "graph/reference", "graph/joined", "graph/inferred")
"""Named graphs every build has, under its data base (kgbuild/build.py, kgbuild/store.py)."""


@dataclass
class Source:
    """A served dataset: the store folder to open read-only, the data base, the folder given."""

    folder: Path
    """The DIR given: a build output folder or a kgbuild store."""
    store_path: Path
    base: str
    temporary: bool = False
    """True when store_path is a temporary copy to remove at shutdown."""
    void_path: Path | None = field(default=None)
    """DIR/void.ttl when the build wrote one (kgbuild/catalog.py)."""

    def open(self) -> ox.Store:
        """The store, read-only."""
        from ..store import open_read_only

        try:
            return open_read_only(self.store_path)
        except InputError as exc:
            raise InputError(f"cannot open the store read-only: {exc.problem}", path=self.folder) from None

    def close(self) -> None:
        if self.temporary:
            shutil.rmtree(self.store_path, ignore_errors=True)


def open_source(folder: Path, *, base: str | None = None, cache_dir: Path | None = None) -> Source:
    """DIR as a servable :class:`Source`; ``base`` None: read it from the store's graph names."""
    if base is not None:
        try:
            check_base(base)
        except ValueError as exc:
            raise InputError(str(exc)) from None
    if not folder.exists():
        raise InputError("no such folder", path=folder)
    void = folder / "void.ttl"
    void_path = void if void.is_file() else None
    if is_store(folder):
        store_path, temporary = folder, False
    elif (folder / "dataset.trig").is_file():
        store_path, temporary = _load_build(folder / "dataset.trig", cache_dir)
    else:
        raise InputError(
            "not a build output folder (no dataset.trig) nor a store made by kgbuild build --store", path=folder
        )
    source = Source(folder, store_path, base or DEFAULT_BASE, temporary, void_path)
    if base is None:
        store = source.open()
        source.base = detect_base(store) or DEFAULT_BASE
        del store
    return source


def detect_base(store: ox.Store) -> str | None:
    """The data base IRI of a built dataset: what precedes ``graph/reference`` and the other
    graph names every build has (None when the store has none of them)."""
    for name in store.named_graphs():
        if isinstance(name, ox.NamedNode):
            for marker in _BASE_MARKERS:
                if name.value.endswith(marker):
                    return name.value[: -len(marker)]
    return None


def _load_build(trig: Path, cache_dir: Path | None) -> tuple[Path, bool]:
    if cache_dir is not None:
        digest = _sha256(trig)
        target = cache_dir / digest[:32]
        if (target / _LOADED).is_file():
            log.info("%s: serving the cached store %s", trig, target)
            return target, False
        shutil.rmtree(target, ignore_errors=True)
        target.parent.mkdir(parents=True, exist_ok=True)
        _bulk_load(trig, target)
        (target / _LOADED).write_text(f"{digest}\n", encoding="utf-8")
        return target, False
    target = Path(tempfile.mkdtemp(prefix="kgbuild-serve-"))
    try:
        _bulk_load(trig, target)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target, True


def _bulk_load(trig: Path, target: Path) -> None:
    log.info("loading %s into an Oxigraph store in %s", trig, target)
    try:
        store = ox.Store(str(target))
        store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
        store.flush()
    except (OSError, SyntaxError, ValueError) as exc:
        raise InputError(f"cannot load the dataset: {' '.join(str(exc).split())[:300]}", path=trig) from None
    (target / MARKER).write_text("kgbuild store (a copy of a build's dataset.trig, for kgbuild serve)\n", encoding="utf-8")
    del store  # closes the store: the read-only opens that follow see every quad


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()

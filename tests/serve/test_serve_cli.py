"""``kgbuild serve``: usage errors in-process, and the installed entry point end to end
(start, answer over HTTP, stop on Ctrl+C with its workers)."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from kgbuild.cli import main


def test_missing_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["serve", str(tmp_path / "nothing")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("kgbuild: error: ") and "no such folder" in err[0]


def test_limits_must_be_positive(built, capsys):
    assert main(["serve", str(built), "--timeout", "0"]) == 2
    assert "--timeout must be positive" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        out.extend(int(c) for c in text)
    return out


def test_entry_point_serves_and_stops_cleanly(built):
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "kgbuild", "serve", str(built), "--port", str(port), "--timeout", "3", "--workers", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["boolean"] is True
        workers = _children(proc.pid)
        assert workers, "no query worker process"
        # A worker's command line names the store: a temporary copy of the build's dataset.
        store = Path(Path(f"/proc/{workers[0]}/cmdline").read_bytes().split(b"\0")[3].decode())
        assert store.is_dir() and store != built
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0
    err = proc.stderr.read() if proc.stderr else ""
    assert f"http://127.0.0.1:{port}/sparql" in err and "Traceback" not in err
    assert not store.exists()  # removed when the server stopped
    for pid in workers:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text(), pid

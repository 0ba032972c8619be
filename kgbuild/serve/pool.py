"""The query workers: a small pool of processes, each with the store open read-only.

pyoxigraph evaluates a query to the end once started: there is no way to cancel it from
another thread. So user queries run in worker processes (``worker.py``), one query at a time
each; the server waits for the answer up to the time limit and, past it, kills the worker
(SIGKILL: the query stops at once, whatever it was doing) and starts a new one in the
background, while the other workers go on answering. A worker that dies on its own (out of
memory under ``memory_mb``) is replaced the same way.

:meth:`Pool.run` blocks; the app calls it from a thread (anyio) so the event loop stays free.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import select
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])
_STARTUP_SECONDS = 120.0


@dataclass
class Answer:
    """What a worker answered (or what the pool says instead: busy, stopped, failed)."""

    status: int
    body: bytes
    media_type: str = "text/plain; charset=utf-8"
    truncated: bool = False
    form: str = ""


def _message(status: int, text: str) -> Answer:
    return Answer(status, (text + "\n").encode("utf-8"))


class _Stopped(Exception):
    """The worker overran the deadline."""


class _Died(Exception):
    """The worker's output ended: it exited or was killed."""


class _Process:
    def __init__(self, command: list[str]):
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_PARENT, env.get("PYTHONPATH")) if p)
        # glibc reserves 64 MB of address space per malloc arena (up to eight per core); under
        # the worker's address-space limit (--memory) that reservation, not the data, would
        # decide how much a query can use. Two arenas are plenty for one query at a time.
        env.setdefault("MALLOC_ARENA_MAX", "2")
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0, env=env, close_fds=True)
        self.buffer = bytearray()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def send(self, job: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.write(json.dumps(job).encode("utf-8") + b"\n")
        except (BrokenPipeError, OSError):
            raise _Died() from None

    def read_header(self, deadline: float) -> dict[str, Any]:
        while b"\n" not in self.buffer:
            self._fill(deadline)
        line, _, rest = bytes(self.buffer).partition(b"\n")
        self.buffer = bytearray(rest)
        return json.loads(line)

    def read_body(self, length: int, deadline: float) -> bytes:
        while len(self.buffer) < length:
            self._fill(deadline)
        body = bytes(self.buffer[:length])
        del self.buffer[:length]
        return body

    def _fill(self, deadline: float) -> None:
        assert self.proc.stdout is not None
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _Stopped()
        ready, _, _ = select.select([self.proc.stdout], [], [], remaining)
        if not ready:
            raise _Stopped()
        chunk = os.read(self.proc.stdout.fileno(), 1 << 20)
        if not chunk:
            raise _Died()
        self.buffer += chunk

    def kill(self) -> int | None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL cannot be ignored
            pass
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()
        return self.proc.returncode


class Pool:
    """``size`` workers over the store at ``store_path``; each query gets ``timeout`` seconds.

    ``queue_wait``: how long a query waits for a free worker before the pool answers 503
    (default: the time limit). ``memory_mb``: each worker's address-space limit (0: none).
    """

    def __init__(
        self,
        store_path: Path,
        base: str,
        *,
        size: int = 2,
        timeout: float = 10.0,
        memory_mb: int = 0,
        queue_wait: float | None = None,
    ):
        if size < 1:
            raise ValueError("a pool needs at least one worker")
        self.command = [sys.executable, "-m", "kgbuild.serve.worker", str(store_path), "--base", base, "--memory", str(memory_mb)]
        self.size = size
        self.timeout = timeout
        self.queue_wait = timeout if queue_wait is None else queue_wait
        self._idle: queue.Queue[_Process] = queue.Queue()
        self._live: set[_Process] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.stopped = 0
        """Workers killed for overrunning the time limit, or replaced after they died."""

    def start(self) -> None:
        """Start every worker and wait until each has opened the store."""
        started = [self._spawn() for _ in range(self.size)]
        deadline = time.monotonic() + _STARTUP_SECONDS
        for proc in started:
            self._await_ready(proc, deadline)
            self._idle.put(proc)

    def _spawn(self) -> _Process:
        proc = _Process(self.command)
        with self._lock:
            self._live.add(proc)
        return proc

    def _await_ready(self, proc: _Process, deadline: float) -> None:
        try:
            header = proc.read_header(deadline)
        except (_Stopped, _Died):
            self._discard(proc)
            raise RuntimeError("a query worker did not start (see the messages above; is the memory limit too low?)") from None
        if not header.get("ready"):
            self._discard(proc)
            raise RuntimeError("a query worker did not start properly")

    def _discard(self, proc: _Process) -> int | None:
        with self._lock:
            self._live.discard(proc)
        return proc.kill()

    def run(self, job: dict[str, Any]) -> Answer:
        """Run one job (see ``Worker.answer``) on a free worker; blocks until answered."""
        if self._closed:
            return _message(503, "the server is shutting down")
        try:
            proc = self._idle.get(timeout=self.queue_wait)
        except queue.Empty:
            return _message(503, f"all {self.size} query workers are busy; try again shortly")
        deadline = time.monotonic() + self.timeout
        try:
            proc.send(job)
            header = proc.read_header(deadline)
            body = proc.read_body(int(header["length"]), deadline)
        except _Stopped:
            log.warning("query stopped after %.1f s: worker %d killed and replaced", self.timeout, proc.pid)
            self._replace(proc)
            return _message(504, f"query stopped: it ran longer than the time limit of {self.timeout:g} s")
        except _Died:
            code = self._replace(proc)
            log.warning("query worker %d ended (exit status %s) and was replaced", proc.pid, code)
            if code in (-signal.SIGABRT, -signal.SIGKILL):  # an allocation failed under --memory; the OOM killer
                return _message(503, "query stopped: it needed more memory than a query may use")
            return _message(500, "internal error while answering the query")
        self._idle.put(proc)
        return Answer(int(header["status"]), body, header["media_type"], bool(header.get("truncated")), header.get("form", ""))

    def _replace(self, proc: _Process) -> int | None:
        with self._lock:
            self.stopped += 1
        code = self._discard(proc)
        threading.Thread(target=self._respawn, name="kgbuild-serve-respawn", daemon=True).start()
        return code

    def _respawn(self) -> None:
        if self._closed:
            return
        try:
            proc = self._spawn()
            self._await_ready(proc, time.monotonic() + _STARTUP_SECONDS)
        except (OSError, RuntimeError) as exc:
            log.error("could not start a replacement query worker: %s", exc)
            return
        if self._closed:
            self._discard(proc)
        else:
            self._idle.put(proc)

    def pids(self) -> list[int]:
        with self._lock:
            return [p.pid for p in self._live]

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            live = list(self._live)
            self._live.clear()
        for proc in live:
            if proc.proc.stdin is not None:
                try:
                    proc.proc.stdin.close()  # end of input: an idle worker exits on its own
                except OSError:
                    pass
        for proc in live:
            try:
                proc.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
            proc.kill()

"""The dashboard served as in production, `gunicorn -w 4 app:server`, on a loopback port.

The server's peak memory is read from `/proc`: VmHWM, the high-water mark of each process's
resident set, for the master and each worker, after the browser and the 20 users have used it.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from dashboard.config import PROJECT_ROOT

WORKERS = 4
READY_TIMEOUT_S = 90


@dataclass
class Server:
    base: str
    pid: int
    booted: tuple[int, ...] = ()
    """The workers when the server was ready."""

    def peak_memory_mb(self) -> tuple[float, float]:
        """(the largest worker's peak resident memory, the master's), in MiB."""
        workers = [_peak_kib(pid) for pid in _children(self.pid)]
        return max(workers, default=0) / 1024, _peak_kib(self.pid) / 1024

    def replaced_workers(self) -> int:
        """Workers gunicorn has killed and replaced since it was ready (a request longer than
        its worker timeout): their peak memory is lost with them."""
        return len(set(self.booted) - set(_children(self.pid)))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(database_url: str, cache_url: str, workdir: Path) -> Iterator[Server]:
    """Serve the warehouse at `database_url` until the block ends; the log goes to `workdir`.

    Demo mode only makes the session cookie not `Secure`, since the clients speak plain HTTP.
    """
    port = free_port()
    environment = {
        **os.environ,
        "C2L_DATABASE_URL": database_url,
        "C2L_SECRET_KEY": secrets.token_hex(32),
        "C2L_CACHE_URL": cache_url,
        "C2L_INSTANCE_PATH": str(workdir),
        "C2L_DEMO": "1",
    }
    command = [sys.executable, "-m", "gunicorn", "-w", str(WORKERS)]
    command += ["-b", f"127.0.0.1:{port}", "app:server"]
    with (workdir / "gunicorn.log").open("ab") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
        )
    server = Server(f"http://127.0.0.1:{port}", process.pid)
    try:
        _wait_until_ready(server, process)
        server.booted = tuple(_children(server.pid))
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(server: Server, process: subprocess.Popen) -> None:
    """Until the server answers and every worker has finished loading the app (its CPU time
    stops growing), so the first measured request does not wait for a worker's imports."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see gunicorn.log.")
        workers = _children(server.pid)
        if len(workers) >= WORKERS and _answers(server) and _idle(workers):
            return
        time.sleep(0.25)
    raise RuntimeError(f"gunicorn did not settle within {READY_TIMEOUT_S} s.")


def _answers(server: Server) -> bool:
    try:
        return httpx.get(f"{server.base}/login", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


def _idle(pids: list[int], interval_s: float = 0.5) -> bool:
    before = [_cpu_ticks(pid) for pid in pids]
    time.sleep(interval_s)
    return before == [_cpu_ticks(pid) for pid in pids]


def _cpu_ticks(pid: int) -> int:
    """User plus system CPU time of a process, in clock ticks (/proc/<pid>/stat fields 14, 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _children(pid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(pid):
            found.append(int(status.parent.name))
    return found


def _peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0

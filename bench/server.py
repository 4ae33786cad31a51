"""A Streamlit server for the browser benchmarks: free loopback port, health wait, memory, always stopped.

Only 127.0.0.1 is used. The server is our own subprocess; it is terminated (then killed, by its pid)
when the `with` block ends, whatever happened inside it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
# No proxy, ever: every request of the benchmark goes to the loopback server.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Server:
    """A running `streamlit run` process."""

    process: subprocess.Popen[bytes]
    port: int
    log_path: Path
    started_at: float  # time.perf_counter() just before the process was started
    healthy_at: float | None = None  # time.perf_counter() when /_stcore/health first answered

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def health_ok(url: str, timeout: float = 1.0) -> bool:
    """Whether Streamlit's health endpoint answers 200."""
    try:
        with _DIRECT.open(f"{url}/_stcore/health", timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_healthy(server: Server, timeout: float) -> float:
    """Wait until the server answers its health check; returns perf_counter() of the first answer."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {server.process.returncode}:\n{server.log_text()[-2000:]}")
        if health_ok(server.url, timeout=0.5):
            server.healthy_at = time.perf_counter()
            return server.healthy_at
        time.sleep(0.02)
    raise TimeoutError(f"streamlit did not answer /_stcore/health within {timeout:.0f} s")


def streamlit_command(script: Path, port: int) -> list[str]:
    """`streamlit run` as scripts/run.sh starts it, on a loopback port, without usage statistics, and without
    the source-file watcher: files edited in the tree while a benchmark runs would otherwise make the
    server evict the app's modules from sys.modules while other sessions import them (KeyError: 'pricing')."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.headless",
        "true",
        "--server.address",
        HOST,
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]


@contextmanager
def streamlit_server(
    script: Path,
    log_path: Path,
    env: Mapping[str, str] | None = None,
    wait: bool = True,
    timeout: float = 60.0,
    port: int | None = None,
) -> Iterator[Server]:
    """Start `streamlit run script` on `port` (default: a free one; cwd = the repo), wait for health unless
    `wait` is false, and stop it afterwards."""
    port = port or free_port()
    environment = {**os.environ, **(env or {}), "NO_PROXY": "*", "no_proxy": "*"}
    with open(log_path, "wb") as log:
        started = time.perf_counter()
        process = subprocess.Popen(
            streamlit_command(script, port),
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    server = Server(process, port, log_path, started)
    try:
        if wait:
            wait_healthy(server, timeout)
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """Terminate our own process (by its pid), killing it if it does not end within `grace` seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(grace)


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


def _rss_bytes(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss_bytes(pid: int) -> int:
    """Resident memory of a process and all its descendants (psutil if installed, else /proc)."""
    try:
        import psutil  # type: ignore[import-untyped]
    except ImportError:
        total, todo = 0, [pid]
        while todo:
            current = todo.pop()
            total += _rss_bytes(current)
            todo += _children(current)
        return total
    try:
        root = psutil.Process(pid)
        return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])
    except psutil.Error:
        return 0

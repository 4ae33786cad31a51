"""Runs many `python -m pricing` command lines, each in a real child process, without paying the import each time.

Usage: python cli_driver.py [JOBS] < cases.json   (a JSON list of argv lists; prints a JSON list of results)

The driver imports the command line once, then forks one child per case. The child runs the module exactly as
`python -m pricing ARGS` does (an uncaught exception prints its traceback to stderr and exits 1), with its own
stdout and stderr files, a CPU-time alarm (a hang is killed) and an address-space limit (a memory bomb fails
instead of exhausting the machine). Each result: {"argv", "code", "signal", "stdout", "stderr", "seconds"}.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import tempfile
import time
import traceback

import pricing.cli  # noqa: F401  (imported once, before the forks)

TIME_LIMIT_S = 20
MEMORY_LIMIT_BYTES = 3 * 1024**3


def _child(argv: list[str], out_path: str, err_path: str) -> None:
    out = os.open(out_path, os.O_WRONLY | os.O_TRUNC)
    err = os.open(err_path, os.O_WRONLY | os.O_TRUNC)
    os.dup2(out, 1)
    os.dup2(err, 2)
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
    signal.alarm(TIME_LIMIT_S)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT_BYTES, MEMORY_LIMIT_BYTES))
    sys.argv = ["python -m pricing", *argv]
    code = 0
    try:
        import runpy

        runpy.run_module("pricing", run_name="__main__", alter_sys=True)
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except BaseException:  # what the interpreter does with an uncaught exception
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _start(argv: list[str]) -> tuple[int, str, str, float]:
    with tempfile.NamedTemporaryFile(delete=False) as out, tempfile.NamedTemporaryFile(delete=False) as err:
        out_path, err_path = out.name, err.name
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        _child(argv, out_path, err_path)
    return pid, out_path, err_path, started


def _result(argv: list[str], status: int, out_path: str, err_path: str, started: float) -> dict[str, object]:
    seconds = time.monotonic() - started
    with open(out_path, encoding="utf-8", errors="replace") as handle:
        stdout = handle.read()
    with open(err_path, encoding="utf-8", errors="replace") as handle:
        stderr = handle.read()
    os.unlink(out_path)
    os.unlink(err_path)
    return {
        "argv": argv,
        "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "stdout": stdout,
        "stderr": stderr,
        "seconds": round(seconds, 3),
    }


def run_cases(cases: list[list[str]], jobs: int = 2) -> list[dict[str, object]]:
    """Every case in its own child, at most `jobs` at a time; results in the order of the cases."""
    results: list[dict[str, object] | None] = [None] * len(cases)
    running: dict[int, tuple[int, str, str, float]] = {}
    pending = list(enumerate(cases))
    while pending or running:
        while pending and len(running) < jobs:
            index, argv = pending.pop(0)
            pid, out_path, err_path, started = _start(argv)
            running[pid] = (index, out_path, err_path, started)
        pid, status = os.wait()
        index, out_path, err_path, started = running.pop(pid)
        results[index] = _result(cases[index], status, out_path, err_path, started)
    return [r for r in results if r is not None]


def main() -> None:
    cases = json.load(sys.stdin)
    jobs = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    json.dump(run_cases(cases, jobs), sys.stdout)


if __name__ == "__main__":
    main()

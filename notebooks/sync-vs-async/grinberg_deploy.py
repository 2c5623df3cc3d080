"""Grinberg's three Python deployments as child processes on 127.0.0.1, pinned, stopped after the run.

- sync:   gunicorn (Debian's /usr/bin/gunicorn) with sync workers serving the Flask app: each
          worker process takes one request at a time and sleeps through its wait.
- gevent: the same gunicorn, the same Flask app, gevent workers: each worker monkey-patches the
          standard library and runs every request in a greenlet (his "greenlet" half of async Python).
- async:  aiohttp on one asyncio loop, one process (his "coroutine" half).

The apps are in grinberg_apps.py. Every process of a deployment (gunicorn's master and its workers)
runs on the given CPU list (taskset); the kernel sends the child SIGTERM if this process dies
(PR_SET_PDEATHSIG), so a killed cell leaves no server behind. No bytecode is written beside the cell.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from typing import Iterator

import grinberg_apps
from plumbing import pinned

HERE = os.path.dirname(os.path.abspath(grinberg_apps.__file__))
GUNICORN = "/usr/bin/gunicorn"
DEPLOYMENTS = ("sync", "gevent", "async")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def command(deployment: str, port: int, workers: int) -> list[str]:
    """The command line that serves `deployment` on `port` (pure)."""
    if deployment == "async":
        return [sys.executable, "-B", os.path.join(HERE, "grinberg_apps.py"), str(port)]
    worker_class = {"sync": "sync", "gevent": "gevent"}[deployment]
    return [
        GUNICORN,
        "--chdir", HERE,
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--worker-class", worker_class,
        "--backlog", "4096",
        "--graceful-timeout", "5",
        "--log-level", "warning",
        "grinberg_apps:flask_app",
    ]  # fmt: skip


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the cell's process dies (Linux prctl PR_SET_PDEATHSIG)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


class Server:
    """One deployment's process, started at once; `ready()` waits until /io answers."""

    def __init__(self, deployment: str, *, workers: int, io_ms: int, cpus: str | None):
        self.deployment = deployment
        port = free_port()
        self.url = f"http://127.0.0.1:{port}/"
        env = {**os.environ, "IO_MS": str(io_ms), "PYTHONDONTWRITEBYTECODE": "1"}
        self.child = subprocess.Popen(
            pinned(cpus, command(deployment, port, workers)),
            cwd=HERE,
            env=env,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )

    def ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while True:
            if self.child.poll() is not None:
                raise RuntimeError(f"{self.deployment} server exited with code {self.child.returncode} before answering")
            try:
                with urllib.request.urlopen(f"{self.url}io", timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{self.deployment} server did not answer within {timeout:.0f} s")
            time.sleep(0.1)

    def stop(self) -> None:
        # gunicorn's sync workers: SIGINT, the quick stop; gevent workers and aiohttp: SIGTERM, the
        # clean one (a gevent worker told SIGINT exits through a greenlet and prints a traceback).
        try:
            os.killpg(self.child.pid, signal.SIGINT if self.deployment == "sync" else signal.SIGTERM)
            self.child.wait(timeout=10)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            self.child.kill()
            self.child.wait()
        try:
            os.killpg(self.child.pid, signal.SIGKILL)  # any worker left behind
        except ProcessLookupError:
            pass


@contextmanager
def deployed(deployments: list[str], *, workers: dict[str, int], io_ms: int, cpus: str | None) -> Iterator[dict[str, Server]]:
    """Starts every deployment side by side (call each one's ready() before measuring); stops them all after."""
    servers: dict[str, Server] = {}
    try:
        for d in deployments:
            servers[d] = Server(d, workers=workers[d], io_ms=io_ms, cpus=cpus)
        yield servers
    finally:
        for server in servers.values():
            server.stop()

"""The project's plumbing for Python cells: pinning, the load generator, the generator's ceiling,
Node's servers, the latency server and PostgreSQL — the very same the TypeScript cells use, reached
through one bridge script ("bridge.ts", run by the runner's own Node), so a Python server and a Node
server are measured by one harness. A service is a context manager: it stops, with everything it
started, when the `with` ends, and also when this process dies (the bridge watches its stdin).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from contextlib import contextmanager
from typing import Any, Iterator

BRIDGE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bridge.ts")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(BRIDGE)))


class PlumbingError(RuntimeError):
    """A bridge call failed: its own message, which names what to do."""


def _node() -> list[str]:
    node = os.environ.get("AM_NODE") or shutil.which("node")
    if not node:
        raise PlumbingError("needs Node to reach the project's plumbing: run the cell with `npm run bench`, or put node on PATH")
    return [node, "--import", "tsx", BRIDGE]


def _call(verb: str, arg: Any = None) -> Any:
    argv = _node() + [verb] + ([] if arg is None else [arg if isinstance(arg, str) else json.dumps(arg)])
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise PlumbingError(f"{verb}: {done.stderr.strip() or f'exit code {done.returncode}'}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def pinning() -> dict[str, Any]:
    """This machine's plan (notebooks/lib/cpus.ts): {pinned, server, generator, all, cores, describe}."""
    return _call("pinning")


def pinned(cpus: str | None, argv: list[str]) -> list[str]:
    """`argv` run on `cpus` with taskset; unchanged when cpus is None (not pinned)."""
    return ["taskset", "-c", cpus, *argv] if cpus else list(argv)


def best_load_tool(wanted: str = "wrk") -> str:
    """`wanted` ("wrk" or "ab") when it is installed, else autocannon, as the TypeScript cells choose."""
    return _call("load-tool", wanted)


def describe_load_tool(tool: str) -> str:
    """For provenance: "wrk 4.1.0 (own process)"."""
    return _call("describe-load", tool)


def load(
    url: str,
    *,
    connections: int,
    requests: int,
    new_connection: bool,
    cpus: str | None = None,
    tool: str | None = None,
    wrk_seconds: float | None = None,
    ab_seconds: float | None = None,
) -> dict[str, Any]:
    """One run of the load generator (notebooks/lib/load.ts runLoad), pinned to `cpus`:
    {tool, requests, seconds, requestsPerSec, p50Ms, p99Ms, errors, non2xx}."""
    options: dict[str, Any] = {
        "url": url,
        "connections": connections,
        "requests": requests,
        "newConnectionPerRequest": new_connection,
        "cpus": cpus,
        "tool": tool or "autocannon",
    }
    if wrk_seconds is not None:
        options["wrkSeconds"] = wrk_seconds
    if ab_seconds is not None:
        options["abSeconds"] = ab_seconds
    return _call("load", options)


def at_ceiling(rate: float, ceiling: float, tolerance: float = 0.1) -> bool:
    """Within `tolerance` of the generator's ceiling: the number measures the generator, never rank it."""
    return rate >= ceiling * (1 - tolerance)


@contextmanager
def service(kind: str, spec: dict[str, Any] | None = None, cpus: str | None = None) -> Iterator[dict[str, Any]]:
    """A running service, `{"url": …}` (postgres adds "server"), until the `with` ends:
    - "canned", {"close": bool}: the cheapest responder, the load generator's ceiling;
    - "server", {"style": …}: one of the Node servers (notebooks/servers/lib/styles.ts);
    - "latency", {"delayMs", "jitterMs"}: an httpbin-like server that answers after a delay;
    - "postgres", {"scratchDir", "maxConnections"}: embedded PostgreSQL, or DATABASE_URL when set.
    """
    spec = dict(spec or {})
    verb = kind
    if kind == "canned":
        verb, spec = "server", {"style": "canned-close" if spec.get("close", True) else "canned-keepalive"}
    if verb not in ("server", "latency", "postgres"):
        raise PlumbingError(f'unknown service "{kind}": canned, server, latency or postgres')
    argv = _node() + [verb, json.dumps(spec), cpus or "null"]
    child = subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout and child.stdin and child.stderr
    line = child.stdout.readline()
    if not line:
        child.wait()
        raise PlumbingError(f"{kind}: {child.stderr.read().strip() or f'exit code {child.returncode}'}")
    try:
        yield json.loads(line)
    finally:
        child.stdin.close()  # the bridge stops the service and everything it started
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()

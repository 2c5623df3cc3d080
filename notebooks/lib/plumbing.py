"""The project's plumbing for Python cells: pinning, the load generator, the generator's ceiling,
Node's servers, the latency server and PostgreSQL — the very same the TypeScript cells use, reached
through one bridge script ("bridge.ts", run by the runner's own Node), so a Python server and a Node
server are measured by one harness. A service is a context manager: it stops, with everything it
started, when the `with` ends, and also when this process dies (the bridge watches its stdin).
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from typing import Any, Iterator

from json_line_child import JsonLineChild

BRIDGE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bridge.ts")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(BRIDGE)))


class PlumbingError(RuntimeError):
    """A bridge call failed: its own message, which names what to do."""


def _node() -> list[str]:
    node = os.environ.get("AM_NODE") or shutil.which("node")
    if not node:
        raise PlumbingError("needs Node to reach the project's plumbing: run the cell with `npm run bench`, or put node on PATH")
    return [node, "--import", "tsx", BRIDGE]


class _Calls(JsonLineChild):
    """One long-lived bridge (`calls`) for every question this process asks: Node with tsx takes a
    second or two to start, which a sweep of many short load runs would pay each time. Started on
    the first question; it ends when this process exits or dies (its stdin closes)."""

    def __init__(self) -> None:
        super().__init__([], name="the bridge", error=PlumbingError, restart=True, cwd=ROOT)

    def start(self) -> JsonLineChild:
        self.argv = _node() + ["calls"]
        atexit.register(self.close)
        return super().start()


_calls = _Calls()


def _call(verb: str, arg: Any = None) -> Any:
    return _calls.ask({"verb": verb, "arg": arg}, about=verb)["ok"]


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


def shape_ceiling(rows: list[dict[str, Any]], responder: str) -> dict[str, Any]:
    """One load shape's generator ceiling, by notebooks/servers/lib/ceiling.ts's rule (at least the
    fastest rate measured in the shape), and which of `rows` ({"server", "requestsPerSec"}) it caps:
    {"ceiling": rate, "limited": [bool per row]}. The rule servers/hello uses, so every cell judges alike."""
    return _call("ceiling", {"rows": rows, "responder": responder})


@contextmanager
def service(kind: str, spec: dict[str, Any] | None = None, cpus: str | None = None) -> Iterator[dict[str, Any]]:
    """A running service, `{"url": …}` (postgres adds "server"), until the `with` ends:
    - "canned", {"close": bool}: the cheapest responder, the load generator's ceiling;
    - "server", {"style": …}: one of the Node servers (notebooks/servers/lib/styles.ts);
    - "latency", {"delayMs", "jitterMs"}: an httpbin-like server that answers after a delay; its
      `stats(reset=False)` gives the latency server's counters, {requests, peakInFlight};
    - "postgres", {"scratchDir", "maxConnections"}: embedded PostgreSQL, or DATABASE_URL when set.
    """
    spec = dict(spec or {})
    verb = kind
    if kind == "canned":
        verb, spec = "server", {"style": "canned-close" if spec.get("close", True) else "canned-keepalive"}
    if verb not in ("server", "latency", "postgres"):
        raise PlumbingError(f'unknown service "{kind}": canned, server, latency or postgres')
    argv = _node() + [verb, json.dumps(spec), cpus or "null"]
    # Its log (PostgreSQL's start-up, say) goes to a file, not a pipe nobody drains while it runs.
    with tempfile.TemporaryFile(mode="w+") as log:
        child = JsonLineChild(argv, name=kind, error=PlumbingError, cwd=ROOT, stderr=log).start()
        try:
            try:
                ready = child.ask(about=kind)  # its first line: where it listens
            except PlumbingError as e:
                log.seek(0)
                raise PlumbingError(f"{kind}: {log.read().strip() or e}") from None
            if kind == "latency":
                ready["stats"] = lambda reset=False: child.ask({"stats": {"reset": reset}}, about="latency stats")["ok"]
            yield ready
        finally:
            child.close()  # its stdin closes: the bridge stops the service and everything it started

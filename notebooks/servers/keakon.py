# keakon's own hello-world servers, re-run on today's CPython under his exact load, `ab -n 10000
# -c 10` (a new connection per request), beside the Node servers of servers/hello. His code is in
# keakon_servers.py, one function per server; each runs in its own /usr/bin/python3 process pinned
# to the server CPU, and ab runs on the generator CPU through the same plumbing the Node cell uses.
# In every trial the TypeScript canned responder (no parsing, canned bytes) measures the
# generator's ceiling beside them; the ceiling is at least the fastest rate measured in the shape
# (servers/hello's rule, notebooks/servers/lib/ceiling.ts), and a server within 10 % of it is
# generator-limited, never ranked.
# Not in the essay: his asyncio Protocol server on uvloop, and Node's raw `net` server of
# servers/hello (the one that stands in for his Protocol and poll servers) in the same trials, so
# one run ranks CPython and Node under one generator. Every row says which runtime answered
# (`runtime`: "cpython", or "node" for Node's servers and the canned responder). His kqueue
# server needs macOS or a BSD: on Linux it is skipped (his figure for it stays on the chart).
#
# Time: the servers start once and stay up; each trial loads every server in turn (ABC ABC...).
# What was traded to fit the full preset in about a minute (45 runs): each ab run stops after 1 s
# (-t 1) even when it has not made its 10,000 requests, so every server here is measured on its
# first second of requests, not his 10,000; the quick preset makes 1,000 requests (at most 1 s) per run.
import os
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from urllib.parse import urlsplit

from essay_figures import essay_figures
from plumbing import best_load_tool, describe_load_tool, load, pinned, pinning, service, shape_ceiling
from sdk import cell, estimate, interleaved

import keakon_servers

CEILING = "canned"  # the rows' server for the canned responder: the ceiling, as servers/hello keys it
# Node servers of notebooks/servers (styles.ts) run beside his, keyed as servers/hello keys them.
NODE_SERVERS = ("raw-net",)
SERVERS_FILE = os.path.abspath(keakon_servers.__file__)
# The essay's names for its servers, as our rows key them (notebooks/servers/lib/styles.ts, ESSAY_SERVERS).
ESSAY_SERVERS = {
    "Tornado TCPServer": "tornado",
    "asyncio Protocol": "asyncio-protocol",
    "asyncio streams (start_server)": "asyncio-streams",
    "raw select.poll loop": "py-poll",
    "raw select.kqueue loop": "py-kqueue",
    "selectors.DefaultSelector loop": "py-selectors",
    "generator-based IOLoop on poll": "py-ioloop",
}


def essay_rows():
    """His figures (2015, OS X, Python 3.4, ab -n 10000 -c 10), keyed as our rows."""
    for r in essay_figures("hello-server"):
        yield {"server": ESSAY_SERVERS[r["variant"]], "shape": "essay-ab", "runtime": "essay", "requestsPerSec": r["value"]}


def _die_with_parent():
    """A server outlives nothing: it gets SIGTERM when the cell's process dies (Linux prctl)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(port):
    """One real request: whether the server answered hello world and closed."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(b"GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        data = b""
        while chunk := s.recv(4096):
            data += chunk
    return data.startswith(b"HTTP/") and data.endswith(b"hello world")


def start_server(name, cpus, scratch_dir):
    """`python3 keakon_servers.py <name> <port>`, pinned, logging to the scratch folder; returns (process, port)."""
    port = _free_port()
    with open(os.path.join(scratch_dir, f"{name}.log"), "wb") as log:
        argv = pinned(cpus, [sys.executable, "-B", SERVERS_FILE, name, str(port)])
        return subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=log, stderr=log, preexec_fn=_die_with_parent), port


class PortTaken(RuntimeError):
    """The free port found for a server was taken by another process before the server bound it."""


def wait_until_answers(name, proc, port, scratch_dir):
    """Waits for the server's first answer (a real request), or fails with its log when it exits."""
    deadline = time.monotonic() + 30
    while True:
        if proc.poll() is not None:
            with open(os.path.join(scratch_dir, f"{name}.log"), encoding="utf-8", errors="replace") as f:
                said = f.read()[-2000:]
            taken = PortTaken if "Address already in use" in said else RuntimeError
            raise taken(f"server {name} exited with {proc.returncode}: {said}")
        try:
            if _answers(port):
                return f"http://127.0.0.1:{port}/"
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"server {name} did not answer on port {port} in 30 s")
        time.sleep(0.05)


def stop(procs):
    for proc in procs:
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()


def run(ctx):
    params = ctx.params
    for row in essay_rows():
        ctx.reference(row)
    servers = [s for s in keakon_servers.SERVERS if keakon_servers.runs_here(s)]
    for skipped in set(keakon_servers.SERVERS) - set(servers):
        ctx.log(f"{skipped}: skipped, needs macOS or a BSD (select.kqueue)")
    # Each plumbing call is a Node process of its own: the ones that do not measure run side by side.
    background = ThreadPoolExecutor(2)
    tool_asked = background.submit(best_load_tool, "ab")
    plan = pinning()  # server on CPU 0, load generator on CPU 1
    tool = tool_asked.result()
    tool_described = background.submit(describe_load_tool, tool)
    shape = "ab" if tool == "ab" else f"ab-{tool}"  # the key servers/hello gives this shape

    procs = {}
    try:
        # Every server starts at once, each in its own process; then each must answer a request.
        for name in servers:
            procs[name] = start_server(name, plan["server"], ctx.scratch_dir)
        with ExitStack() as node:
            canned = node.enter_context(service("canned", {"close": True}, cpus=plan["server"]))
            urls = {CEILING: canned["url"]}
            for style in NODE_SERVERS:
                urls[style] = node.enter_context(service("server", {"style": style}, cpus=plan["server"]))["url"]
            for name in list(procs):
                # A port found free can be taken before the server binds it (the Node services
                # above start meanwhile): such a server starts again on another, up to three times.
                for attempt in range(3):
                    proc, port = procs[name]
                    try:
                        urls[name] = wait_until_answers(name, proc, port, ctx.scratch_dir)
                        break
                    except PortTaken:
                        if attempt == 2:
                            raise
                        procs[name] = start_server(name, plan["server"], ctx.scratch_dir)
            # The Node servers: a few hundred requests each, unrecorded, warm their JIT. CPython has none to warm.
            for warm in (CEILING, *NODE_SERVERS):
                for _ in range(300):
                    _answers(urlsplit(urls[warm]).port)
            ctx.log(f"{len(servers)} servers up; {params['trials']} trials of {len(urls)} runs each")
            trials = []

            def measure(server, trial):
                r = load(
                    urls[server],
                    connections=params["connections"],
                    requests=params["requests"],
                    new_connection=True,
                    cpus=plan["generator"],
                    tool=tool,
                    ab_seconds=params["abSeconds"] or None,
                )
                values = {"requestsPerSec": r["requestsPerSec"], "p50Ms": r["p50Ms"], "p99Ms": r["p99Ms"], "errors": r["errors"] + r["non2xx"]}
                trials.append({"server": server, "trial": trial, **values})
                return values

            summary = interleaved(
                ctx,
                trials=params["trials"],
                variants=[CEILING, *NODE_SERVERS, *servers],
                # Which runtime answered, as a key: the canned responder and NODE_SERVERS are Node.
                key=lambda server: {"server": server, "shape": shape, "runtime": "node" if server in (CEILING, *NODE_SERVERS) else "cpython"},
                measure=measure,
            )
    finally:
        stop([proc for proc, _ in procs.values()])

    def rates(server):
        return [t["requestsPerSec"] for t in sorted(trials, key=lambda t: t["trial"]) if t["server"] == server]

    ceiling = next(s for s in summary if s["server"] == CEILING)
    # The canned responder is the ceiling only if nothing outruns it. With a new connection per
    # request, Node's own cost per connection caps it: a raw CPython poll loop answers ab about
    # twice as fast on this machine. So the generator's ceiling is at least the fastest rate measured
    # in the shape, and a server within 10 % of that is generator-limited, never ranked: the rule of
    # servers/hello, asked of its own module (notebooks/servers/lib/ceiling.ts) through the bridge.
    judged = shape_ceiling([{"server": s["server"], "requestsPerSec": s["requestsPerSec"]} for s in summary], CEILING)
    top = judged["ceiling"]
    for s, limited in zip(summary, judged["limited"]):
        # Against the ceiling, trial by trial (trial i of a server ran beside trial i of the ceiling).
        ratio = estimate(a / b for a, b in zip(rates(s["server"]), rates(CEILING)))
        is_ceiling = s["server"] == CEILING
        measured = {k: v for k, v in s.items() if k not in ("errorsLo", "errorsHi")}
        ctx.row(
            {
                **measured,
                "ofCeiling": ratio[0],
                "ofCeilingLo": ratio[1],
                "ofCeilingHi": ratio[2],
                "generatorLimited": limited,
                "note": "ceiling" if is_ceiling else "generator-limited" if limited else "",
                "errors": sum(t["errors"] for t in trials if t["server"] == s["server"]),  # every failed request, all trials
            }
        )
    described = tool_described.result()
    background.shutdown()
    generator = (
        f"{described}: keakon's load, a new connection per request; canned responder {ceiling['requestsPerSec']:,.0f} req/s, "
        f"ceiling taken as the fastest measured, {top:,.0f} req/s."
    )
    ctx.log(generator)
    ctx.provenance(pinned=plan["describe"], loadGenerator=generator)


keakon = cell(
    title="keakon's own servers on today's CPython, beside the load generator's ceiling",
    params={
        "trials": {"type": "int", "min": 1},
        "requests": {"type": "int", "min": 1, "description": "ab -n per run (his: 10,000)"},
        "abSeconds": {"type": "int", "min": 0, "description": "ab -t: stop a run after this many seconds; 0: no limit"},
        "connections": {"type": "int", "min": 1, "description": "ab -c (his: 10)"},
    },
    presets={
        "quick": {"trials": 2, "requests": 1_000, "abSeconds": 1, "connections": 10},
        "full": {"trials": 5, "requests": 10_000, "abSeconds": 1, "connections": 10},
    },
    timeout_ms=10 * 60_000,
    run=run,
)

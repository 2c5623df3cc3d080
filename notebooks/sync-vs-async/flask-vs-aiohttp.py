# Grinberg's comparison with the Python libraries his essay names: the load sweep's I/O-bound
# handler (wait ioMs, answer "ok") as a Flask app on gunicorn's sync workers, the very same Flask
# app on gunicorn's gevent workers (his greenlet road), and as an aiohttp app on one asyncio loop. Does async serve more requests than a
# fixed pool of sync workers only once the concurrent requests outnumber the workers, and are the
# two alike below that? The apps are in grinberg_apps.py, the processes in grinberg_deploy.py.
#
# Workers: gunicorn's own advice, 2 × cores + 1 sync workers, counted on the CPUs the server may
# use (CPU 0 on a 2-core machine: 3 workers); one gevent worker per server CPU, as the essay's
# hybrid puts one loop per CPU. Every process of every server is pinned to the server CPUs, the
# load generator (wrk, through notebooks/lib/plumbing.py: the same runLoad as the TS sweep) to the
# last CPU. Keep-alive connections, each sending its next request when the last is answered;
# gunicorn's sync workers close every connection after answering (they do not keep connections
# alive), so against them wrk reconnects: that is how this deployment serves, and it is far below
# any generator ceiling. The ceiling is measured once per concurrency on the TS canned responder
# (keep-alive), and rows within 10 % of it are marked generatorLimited, never ranked.
#
# Trials: the three servers stay up for the whole run; each trial measures every (concurrency,
# deployment) in turn, interleaved. A wrk run lasts whole seconds, long enough by a simple model
# (lib/sweep-plan.ts's) for every connection to be answered `rounds` times: 1 s for most, longer
# where many connections queue on the sync workers. Rows are in the load sweep's long shape.
# Budget (about a minute): plumbing's one long-lived bridge runs every load run, so no run pays
# Node's start-up. Traded: the full preset sweeps 3 concurrencies (1, below the sync workers; 16
# and 256, beyond them), not the load sweep's 5, and 1 round per connection (the TS sweep: 3), so
# at 256 connections a sync run sees its queue about once; the quick preset sweeps 2
# concurrencies; the CPU-bound handler is left to the Node sweep (Grinberg's argument here is
# about waiting, not computing).
import math

from grinberg_deploy import DEPLOYMENTS, deployed
import plumbing
from plumbing import service, shape_ceiling
from sdk import cell, interleaved

# The load sweep's keys, and `beyondWorkers`: whether the connections outnumber the sync workers
# (the same for every deployment at a concurrency), so the ledger can select where the essay expects async to lead.
KEY_FIELDS = ["deployment", "handler", "workMs", "concurrency", "workers", "beyondWorkers"]
METRICS = ["requestsPerSec", "p50Ms", "p99Ms"]


def run_seconds(deployment, concurrency, workers, p):
    """Whole seconds for `rounds` answers per connection, by the model (never a result)."""
    parallel = min(concurrency, workers) if deployment == "sync" else concurrency
    rate = parallel * 1000 / p["ioMs"]
    return max(p["minSeconds"], math.ceil(p["rounds"] * concurrency / rate))


def cpu_count(cpus, cores):
    """How many CPUs a taskset list such as "0" or "0-2" names (all `cores` when not pinned)."""
    if not cpus:
        return cores
    first, _, last = cpus.partition("-")
    return int(last or first) - int(first) + 1


def metric_rows(summary, extra):
    """One row per metric (the load sweep's long shape): `value`, `valueLo`, `valueHi` of that measure."""
    key = {k: summary[k] for k in KEY_FIELDS}
    for m in METRICS:
        yield {**key, **extra, "metric": m, "value": summary[m], "valueLo": summary[f"{m}Lo"], "valueHi": summary[f"{m}Hi"], "trials": summary["trials"]}


def run(ctx):
    p = ctx.params
    plan = plumbing.pinning()
    tool = plumbing.best_load_tool("wrk")
    if tool != "wrk":
        ctx.log("wrk is not installed: autocannon measures instead, with a far lower ceiling (apt-get install wrk)")
    concurrencies = [int(c) for c in p["concurrency"].split(",")]
    server_cores = cpu_count(plan["server"], plan["cores"])
    workers = {"sync": p.get("syncWorkers") or 2 * server_cores + 1, "gevent": server_cores, "async": 1}
    deployments = [d for d in DEPLOYMENTS if d != "gevent" or p["gevent"]]
    ctx.log(f"workers: {workers['sync']} sync, {workers['gevent']} gevent, 1 aiohttp loop, on CPU {plan['server'] or 'any'}")

    def run_load(url, deployment, concurrency):
        return plumbing.load(
            url,
            connections=concurrency,
            requests=concurrency * p["rounds"],
            new_connection=False,
            cpus=plan["generator"],
            tool=tool,
            wrk_seconds=run_seconds(deployment, concurrency, workers[deployment], p),
        )

    variants = [(c, d) for c in concurrencies for d in deployments]
    totals = {}

    def key(v):
        c, d = v
        return {"deployment": d, "handler": "io", "workMs": p["ioMs"], "concurrency": c, "workers": workers[d], "beyondWorkers": c > workers["sync"]}

    with deployed(deployments, workers=workers, io_ms=p["ioMs"], cpus=plan["server"]) as servers:
        # The generator's ceiling at each concurrency, once, in the same shape: canned bytes,
        # keep-alive, on the server CPU (once the servers, booting meanwhile, are up and idle).
        ceilings = {}
        with service("canned", {"close": False}, cpus=plan["server"]) as canned:
            for server in servers.values():
                server.ready()
            for c in concurrencies:
                ceilings[c] = run_load(canned["url"], "async", c)["requestsPerSec"]
        ceiling_text = ", ".join(f"{ceilings[c]:,.0f} at {c}" for c in concurrencies)
        ctx.log(f"generator ceiling (canned bytes, keep-alive), requests/s: {ceiling_text} connections")
        ctx.provenance(
            pinned=f"{plan['describe']}; every server process (gunicorn's master and workers, aiohttp) on the server CPU list",
            loadGenerator=f"{plumbing.describe_load_tool(tool)}: keep-alive, ceiling {ceiling_text} connections (requests/s)",
        )

        def measure(v, trial):
            c, d = v
            r = run_load(f"{servers[d].url}io", d, c)
            errors = r["errors"] + r["non2xx"]
            t = totals.setdefault(v, {"requests": 0, "errors": 0})
            t["requests"] += r["requests"]
            t["errors"] += errors
            return {"requestsPerSec": r["requestsPerSec"], "p50Ms": r["p50Ms"], "p99Ms": r["p99Ms"], "requests": r["requests"], "errors": errors}

        summaries = interleaved(ctx, trials=p["trials"], variants=variants, key=key, measure=measure)

    # Generator-limited by the servers' rule (ceiling.ts, through the bridge): within 10 % of the
    # ceiling at that concurrency, the canned responder's rate (or a faster deployment's).
    capped_at = {}
    for c in concurrencies:
        at_c = [s for s in summaries if s["concurrency"] == c]
        rates = [{"server": s["deployment"], "requestsPerSec": s["requestsPerSec"]} for s in at_c]
        judged = shape_ceiling([{"server": "canned", "requestsPerSec": ceilings[c]}, *rates], "canned")
        capped_at.update({(c, s["deployment"]): lim for s, lim in zip(at_c, judged["limited"][1:])})
    for s in summaries:
        v = (s["concurrency"], s["deployment"])
        limited = capped_at[v]
        for row in metric_rows(s, {**totals[v], "generatorLimited": limited}):
            ctx.row(row)
        capped = " (generator-limited)" if limited else ""
        f = lambda m: f"{s[m]:.1f} ({s[m + 'Lo']:.1f}–{s[m + 'Hi']:.1f})"  # noqa: E731
        ctx.log(f"{s['deployment']} c={s['concurrency']}: {f('requestsPerSec')} req/s, p50 {f('p50Ms')} ms, p99 {f('p99Ms')} ms{capped}")


flask_vs_aiohttp = cell(
    title="Grinberg's servers: gunicorn sync workers, gevent workers and aiohttp under rising load",
    params={
        "concurrency": {"type": "str", "description": "connections, comma-separated (the load sweep's levels)"},
        "ioMs": {"type": "int", "min": 1},  # how long the handler waits, as a database call would
        "rounds": {"type": "int", "min": 1},  # answers wanted per connection in a run (its length follows)
        "minSeconds": {"type": "int", "min": 1},  # the shortest wrk run, in whole seconds
        "gevent": {"type": "bool"},  # also measure gunicorn's gevent workers
        "syncWorkers": {"type": "int", "min": 1, "optional": True},  # default: 2 × server CPUs + 1
        "trials": {"type": "int", "min": 1},
    },
    presets={
        "quick": {"concurrency": "1,64", "ioMs": 20, "rounds": 2, "minSeconds": 1, "gevent": True, "trials": 2},
        "full": {"concurrency": "1,16,256", "ioMs": 20, "rounds": 1, "minSeconds": 1, "gevent": True, "trials": 5},
    },
    timeout_ms=6 * 60_000,
    run=run,
)

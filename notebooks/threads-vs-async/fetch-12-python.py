# Dong Weiming's twelve fetches (2016), his own Python on today's CPython, beside the Node port
# (fetch-12.ts): the same five ways, against the same local latency server (httpbin.org's stand-in,
# notebooks/lib/latency-server.ts, reached through plumbing.py) with the same delay presets.
#
# - His code below keeps his names and shapes; where we changed it, a comment says so. His prints
#   became returned answers (checked against NUMBERS); his URL points at the local server.
# - requests may be missing (Debian: python3-requests, not installed on every machine): then the
#   same blocking GET comes from the standard library (lib/urllib_requests.py: a connection per
#   call, as requests.get without a session), and the rows' `variant` says which client ran.
# - The pools are started and warmed before the clock (one untimed round of every variant), as in
#   the Node cell; then each variant is timed `trials` times, interleaved. `vsOneLoop` is each
#   variant's time over one loop's, trial by trial.
# - Budget: the full preset's round trip is 0.5 ± 0.1 s, a third of the essay-like 1.5 ± 0.3 s and
#   half the Node cell's 1.0 ± 0.2 s, so the warm-up and five trials fit in about 50 s (the quick
#   preset: 150 ± 30 ms, two trials, about 10 s). What it traded: the jitter is shorter in absolute
#   terms, so a loop's wait for its slowest request weighs a little less; `roundTrips` (seconds
#   over the delay) and `vsOneLoop` do not depend on the delay itself.
# - `peakInFlight` is how many requests the latency server held at once during the run (read from
#   it after the clock stops, as the Node cell reads it): a pool of three holds at most three.
import asyncio
import math
import multiprocessing
import platform
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import aiohttp
from essay_figures import essay_figures
from plumbing import service
from sdk import cell, estimate, interleaved

try:
    import requests  # his blocking client (Debian: python3-requests)

    CLIENT = "requests"
except ImportError:  # not installed: the standard library's blocking GET, one connection per call
    import lib.urllib_requests as requests

    CLIENT = "urllib"

NUMBERS = range(12)
URL = "http://httpbin.org/get?a={}"  # ours: run() points it at the local server


# 1. requests + ThreadPoolExecutor (and 5., the same with ProcessPoolExecutor, on his server)
def fetch(a):
    r = requests.get(URL.format(a))
    return r.json()["args"]["a"]


def scraper(executor):
    return [result for num, result in zip(NUMBERS, executor.map(fetch, NUMBERS))]


# 2. asyncio + requests + ThreadPoolExecutor
async def run_scraper_tasks(executor):
    loop = asyncio.get_event_loop()

    blocking_tasks = []
    for num in NUMBERS:
        task = loop.run_in_executor(executor, fetch, num)
        task.__num = num
        blocking_tasks.append(task)

    completed, pending = await asyncio.wait(blocking_tasks)
    results = {t.__num: t.result() for t in completed}
    return [result for num, result in sorted(results.items(), key=lambda x: x[0])]


# 3. asyncio + aiohttp
async def fetch_async(a):
    async with aiohttp.request("GET", URL.format(a)) as r:
        data = await r.json()
    return data["args"]["a"]


def scraper_async(event_loop):
    tasks = [fetch_async(num) for num in NUMBERS]
    return event_loop.run_until_complete(asyncio.gather(*tasks))


# 4. asyncio + aiohttp + ThreadPoolExecutor: an event loop in each of 3 threads
async def fetch_async_with_num(a):  # his second fetch_async: it returns the number too
    async with aiohttp.request("GET", URL.format(a)) as r:
        data = await r.json()
    return a, data["args"]["a"]


def sub_loop(numbers):
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    tasks = [fetch_async_with_num(num) for num in numbers]
    results = loop.run_until_complete(asyncio.gather(*tasks))
    loop.close()  # ours: a new loop per call, over many trials
    return results


async def run(executor, numbers):
    return await asyncio.get_event_loop().run_in_executor(executor, sub_loop, numbers)


def chunks(l, size):  # noqa: E741 (his name)
    n = math.ceil(len(l) / size)
    for i in range(0, len(l), n):
        yield l[i : i + n]


def scraper_sub_loops(event_loop, executor):
    tasks = [run(executor, chunked) for chunked in chunks(NUMBERS, 3)]
    results = event_loop.run_until_complete(asyncio.gather(*tasks))
    return [result for part in results for num, result in part]


# ---- The notebook's side: the essay's figures, the variants, the trials ----------------------

# The essay's variant names, by the approach keys the Node cell's rows carry (lib/essay.ts).
PAIRS = {
    "requests + ThreadPoolExecutor(3)": "thread-pool",
    "asyncio + requests + ThreadPoolExecutor(3)": "pool-from-async",
    "asyncio + requests + ThreadPoolExecutor": "pool-from-async",
    "asyncio + aiohttp": "one-loop",
    "asyncio + aiohttp + ThreadPoolExecutor(3)": "loop-per-thread",
    "asyncio + aiohttp + ThreadPoolExecutor": "loop-per-thread",
    "requests + ProcessPoolExecutor": "process-pool",
}


def essay_rows():
    """His printed seconds, keyed as the Node cell keys them, with each run's time over its own one loop's."""
    figures = essay_figures("fetch-12-urls", "fetch-12-urls-server")
    for r in figures:
        loop = next(g["value"] for g in figures if g["experiment"] == r["experiment"] and PAIRS[g["variant"]] == "one-loop")
        run_id = "essay-server" if r["experiment"] == "fetch-12-urls-server" else "essay-laptop"
        seconds = r["value"]
        yield {"approach": PAIRS[r["variant"]], "variant": r["variant"], "run": run_id, "runtime": "essay", "seconds": seconds, "vsOneLoop": seconds / loop}


def measure_all(ctx):
    global URL
    for row in essay_rows():
        ctx.reference(row)
    params = ctx.params
    event_loop = asyncio.new_event_loop()
    asyncio.set_event_loop(event_loop)  # his asyncio.get_event_loop() finds it
    with service("latency", {"delayMs": params["delayMs"], "jitterMs": params["jitterMs"]}) as server:
        URL = server["url"] + "/get?a={}"
        threads = ThreadPoolExecutor(3)
        # Forked after URL is set, so the workers see it; shut down inside the `with`, so no worker
        # still holds the latency service's pipe when it is told to stop.
        processes = ProcessPoolExecutor(3, mp_context=multiprocessing.get_context("fork"))
        try:
            variants = [
                ("thread-pool", f"{CLIENT}-thread-pool", lambda: scraper(threads)),
                ("pool-from-async", f"{CLIENT}-run-in-executor", lambda: event_loop.run_until_complete(run_scraper_tasks(threads))),
                ("one-loop", "aiohttp-gather", lambda: scraper_async(event_loop)),
                ("loop-per-thread", "aiohttp-loop-per-thread", lambda: scraper_sub_loops(event_loop, threads)),
                ("process-pool", f"{CLIENT}-process-pool", lambda: scraper(processes)),
            ]
            expected = [str(n) for n in NUMBERS]
            for _, _, fetch12 in variants:  # warm-up, untimed: every thread and process up, every import done
                fetch12()
            server["stats"](True)  # the server's counters start with the first trial
            seconds = {}

            def measure(v, trial):
                approach, variant, fetch12 = v
                t = time.perf_counter()
                answers = list(fetch12())
                s = time.perf_counter() - t
                if answers != expected:
                    raise RuntimeError(f"{variant}: wrong answers {answers}")
                seconds[approach, trial] = s
                peak = server["stats"](True)["peakInFlight"]  # after the clock: the most requests it held at once
                return {"seconds": s, **({"roundTrips": s / (params["delayMs"] / 1000)} if params["delayMs"] > 0 else {}), "peakInFlight": peak}

            rows = interleaved(
                ctx,
                trials=params["trials"],
                variants=variants,
                key=lambda v: {
                    "approach": v[0],
                    "variant": v[1],
                    "run": f"cpython-{platform.python_version()}",  # here, on loopback
                    "delayMs": params["delayMs"],
                    "jitterMs": params["jitterMs"],
                },
                measure=measure,
            )
        finally:
            processes.shutdown(cancel_futures=True)
            threads.shutdown(cancel_futures=True)
    event_loop.close()
    for r in rows:
        ratios = [seconds[r["approach"], t] / seconds["one-loop", t] for t in range(params["trials"])]
        mid, lo, hi = estimate(ratios)
        ctx.row({**r, "vsOneLoop": mid, "vsOneLoopLo": lo, "vsOneLoopHi": hi})
        ctx.log(f"{r['variant']}: {r['seconds']:.3f} s, {mid:.2f}× one loop, at most {r['peakInFlight']:.0f} requests in flight")


fetch_12_python = cell(
    title="Twelve fetches, three workers: Dong Weiming's Python",
    params={
        "delayMs": {"type": "number", "min": 0},  # the server's mean delay per request
        "jitterMs": {"type": "number", "min": 0},  # ± uniform jitter around it
        "trials": {"type": "int", "min": 1},  # measurements of each variant, interleaved
    },
    presets={"quick": {"delayMs": 150, "jitterMs": 30, "trials": 2}, "full": {"delayMs": 500, "jitterMs": 100, "trials": 5}},
    timeout_ms=10 * 60_000,
    run=measure_all,
)

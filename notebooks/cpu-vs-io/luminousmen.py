# luminousmen's own code, re-run on today's CPython: his CPU-bound job (10 × 7777 ** 200000) and
# his I/O-bound job (10 × fetch 4 URLs), each run his five ways — one after another, 10 threads,
# 10 processes, 10 gevent greenlets, and asyncio (run_in_executor for the CPU job, aiohttp on the
# loop for the I/O job, as he did). His functions are below as he published them; what we changed:
# - The URLs are the project's latency server (notebooks/lib/latency-server.ts, through
#   plumbing.service), not google.com and friends: no internet here, and the same server and
#   settings as the TypeScript `jobs` cell, so the two cells' rows compare.
# - `timeit` keeps the seconds (perf_counter) for the row instead of printing them; `multiprocessed`
#   and `green_threaded` hand back what they started, so a failed job fails the run, not the timing.
# - gevent's monkey.patch_all() would change sockets and threads for every other way in the same
#   process, so his green threads run in a worker process of their own that patches first, as his
#   script did, then loads this very file (GEVENT_WORKER below). It is started before the clock.
# - asyncio gets a fresh loop for each trial where his single run took one with get_event_loop()
#   (deprecated with no loop running from 3.12): its default pool starts inside the clock, as his did.
# Rows are keyed as the TypeScript cell's (job, variant, ...), his asyncio mapped job by job:
# run_in_executor is `async-pool`, aiohttp on the loop is `async`; gevent is `gevent`.
# Budget: the full preset keeps his job exactly (10 × 7777 ** 200000, five ways: about 10 s a
# trial) and waits 0.1 ± 0.02 s per round trip, a third of the TS cell's 0.3 ± 0.06 s (the
# sequential I/O job alone is 40 of them), about 80 s in all. What that traded: a shorter round
# trip leaves each request's own cost a larger share of the I/O job. The quick preset shrinks the
# exponent to 20,000 and the round trip to 0.05 ± 0.01 s.
import asyncio
import functools
import os
import sys
import threading
import time
from multiprocessing import Process
from threading import Thread
from urllib.request import urlopen

import aiohttp
import gevent  # importing it patches nothing: only the gevent worker calls patch_all()

import plumbing
import sdk
from essay_figures import essay_figures
from json_line_child import JsonLineChild
from plumbing import service
from sdk import cell, interleaved

# ---- luminousmen's code ------------------------------------------------------------------------


class timeit(object):
    def __call__(self, f):
        @functools.wraps(f)
        def decorated(*args, **kwds):
            with self:
                return f(*args, **kwds)

        return decorated

    def __enter__(self):
        self.start_time = time.perf_counter()

    def __exit__(self, *args, **kw):
        elapsed = time.perf_counter() - self.start_time
        timeit.elapsed = elapsed  # ours: kept for the row rather than printed


def cpu_bound(a, b):
    return a**b


def io_bound(urls):
    data = []
    for url in urls:
        data.append(urlopen(url).read())
    return data


@timeit()
def simple_1(N, a, b):
    for i in range(N):
        cpu_bound(a, b)


@timeit()
def simple_2(N, urls):
    for i in range(N):
        io_bound(urls)


@timeit()
def threaded(n_threads, func, *args):
    jobs = []
    for i in range(n_threads):
        thread = Thread(target=func, args=args)
        jobs.append(thread)
    # start the threads
    for j in jobs:
        j.start()
    # ensure all of the threads have finished
    for j in jobs:
        j.join()


@timeit()
def multiprocessed(n_threads, func, *args):
    processes = []
    for i in range(n_threads):
        p = Process(target=func, args=args)
        processes.append(p)
    # start the processes
    for p in processes:
        p.start()
    # ensure all processes have finished execution
    for p in processes:
        p.join()
    return processes  # ours: to check each exited cleanly


@timeit()
def green_threaded(n_threads, func, *args):
    jobs = []
    for i in range(n_threads):
        jobs.append(gevent.spawn(func, *args))
    # ensure all jobs have finished execution
    gevent.wait(jobs)
    return jobs  # ours: to check each succeeded


async def async_func(N, func, *args):
    coros = [func(*args) for _ in range(N)]
    # run awaitable objects concurrently
    await asyncio.gather(*coros)


async def a_cpu_bound(a, b):
    result = await loop.run_in_executor(None, cpu_bound, a, b)
    return result


async def a_io_bound(urls):
    # create a coroutine function where we will download from individual url
    async def download_coroutine(session, url):
        async with session.get(url, timeout=10) as response:
            await response.text()

    # set an aiohttp session and download all our urls
    async with aiohttp.ClientSession(loop=loop) as session:
        for url in urls:
            await download_coroutine(session, url)


# ---- the notebook's part: his five ways as variants, measured in interleaved trials ------------

N = 10  # his ten jobs, ten threads, ten processes, ten greenlets
A = 7777
URLS = 4
DEFAULT_POOL = min(32, (os.cpu_count() or 1) + 4)  # ThreadPoolExecutor's size: run_in_executor(None, ...)

# His gevent, in a process of its own: patch first (his first two lines), then load this file.
GEVENT_WORKER = """
import gevent.monkey
gevent.monkey.patch_all()
import json, runpy, sys
sys.path += sys.argv[2:]  # the SDK and notebooks/lib, last, as the cell's own host puts them
cell = runpy.run_path(sys.argv[1], run_name="gevent_worker")
for line in sys.stdin:
    order = json.loads(line)
    cell["green_worker_job"](order)
    print(json.dumps({"seconds": cell["timeit"].elapsed}), flush=True)
"""


def green_worker_job(order):
    """In the gevent worker: one `green_threaded` run of either job, failing if any greenlet failed."""
    if order["job"] == "cpu":
        jobs = green_threaded(N, cpu_bound, A, order["b"])
    else:
        jobs = green_threaded(N, io_bound, order["urls"])
    failed = [j.exception for j in jobs if not j.successful()]
    if failed:
        raise RuntimeError(f"{len(failed)} of {N} greenlets failed: {failed[0]!r}")


class GeventWorker(JsonLineChild):
    def __init__(self):
        paths = [os.path.dirname(sdk.__file__), os.path.dirname(plumbing.__file__)]
        super().__init__([sys.executable, "-c", GEVENT_WORKER, __file__, *paths], name="the gevent worker")
        self.start()

    def run(self, order):
        return self.ask(order)["seconds"]  # if it ended, its error is in the log above


def with_loop(main):
    """His `loop.run_until_complete(...)` inside `with timeit()`, on a fresh loop (and default pool)."""
    global loop
    loop = asyncio.new_event_loop()  # his: loop = asyncio.get_event_loop(), once
    try:
        with timeit():
            loop.run_until_complete(main)
    finally:
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()


def checked_threaded(*args):
    """`threaded`, failing if any of its threads raised (a thread's exception is otherwise only printed)."""
    failures = []
    threading.excepthook = lambda hook: failures.append(hook.exc_value)
    try:
        threaded(N, *args)
    finally:
        threading.excepthook = threading.__excepthook__
    if failures:
        raise RuntimeError(f"{len(failures)} of {N} threads failed: {failures[0]!r}")


def measure_way(job, variant, b, urls, green):
    """One run of ten jobs one way: the seconds his timeit measured."""
    args = (cpu_bound, A, b) if job == "cpu" else (io_bound, urls)
    if variant == "sequential" and job == "cpu":
        simple_1(N, A, b)
    elif variant == "sequential":
        simple_2(N, urls)
    elif variant == "threads":
        checked_threaded(*args)
    elif variant == "processes":
        codes = [p.exitcode for p in multiprocessed(N, *args)]
        if any(codes):
            raise RuntimeError(f"job processes exited with codes {codes}")
    elif variant == "gevent":
        return green.run({"job": job, "b": b, "urls": urls})
    elif variant == "async-pool":  # his asyncio CPU job: run_in_executor
        with_loop(async_func(N, a_cpu_bound, A, b))
    elif variant == "async":  # his asyncio I/O job: aiohttp on the loop
        with_loop(async_func(N, a_io_bound, urls))
    return timeit.elapsed


# His five ways per job, as our variant keys; his asyncio is a pool for one job and the loop for the other.
WAYS = {
    "cpu": ["sequential", "threads", "processes", "gevent", "async-pool"],
    "io": ["sequential", "threads", "processes", "gevent", "async"],
}
PARALLELISM = {"sequential": 1, "threads": N, "processes": N, "gevent": 1, "async": 1, "async-pool": DEFAULT_POOL}
# The essay's names for its five ways (seed-figures.csv), as our variant keys, job by job.
ESSAY_WAYS = {
    "sequential": {"cpu": "sequential", "io": "sequential"},
    "threads (10)": {"cpu": "threads", "io": "threads"},
    "processes (10)": {"cpu": "processes", "io": "processes"},
    "gevent green threads (10)": {"cpu": "gevent", "io": "gevent"},
    "asyncio (run_in_executor / aiohttp)": {"cpu": "async-pool", "io": "async"},
}


def essay_rows():
    """His published seconds, keyed as our rows, with the speed-up over his own sequential run."""
    figures = essay_figures("cpu-vs-io")
    jobs = {"cpu_bound_time": "cpu", "io_bound_time": "io"}
    baseline = {jobs[r["metric"]]: r["value"] for r in figures if r["variant"] == "sequential"}
    for r in figures:
        job = jobs[r["metric"]]
        seconds = r["value"]
        yield {"job": job, "variant": ESSAY_WAYS[r["variant"]][job], "runtime": "essay", "seconds": seconds, "speedup": baseline[job] / seconds}


def run(ctx):
    for row in essay_rows():
        ctx.reference(row)
    p = ctx.params
    cores = len(os.sched_getaffinity(0))
    variants = [(job, variant) for job in WAYS for variant in WAYS[job]]
    sequential = {}  # (job, trial) -> seconds, for the speed-up within each trial

    green = GeventWorker()  # it loads while the latency server starts
    try:
        with service("latency", {"delayMs": p["delayMs"], "jitterMs": p["jitterMs"]}) as server:
            urls = [f"{server['url']}/get?a={a}" for a in range(URLS)]

            def measure(way, trial):
                job, variant = way
                seconds = measure_way(job, variant, p["exponent"], urls, green)
                if variant == "sequential":
                    sequential[job, trial] = seconds
                return {"seconds": seconds, "speedup": sequential[job, trial] / seconds}

            rows = interleaved(
                ctx,
                trials=p["trials"],
                variants=variants,
                key=lambda way: {
                    "job": way[0],
                    "variant": way[1],
                    "parallelism": PARALLELISM[way[1]],
                    "cores": cores,
                    "coreLimit": cores if way[0] == "cpu" else None,  # the most parallelism can give this job here
                    "exponent": p["exponent"] if way[0] == "cpu" else None,  # his b; the quick preset's is smaller
                    "delayMs": p["delayMs"],
                    "jitterMs": p["jitterMs"],
                },
                measure=measure,
            )
    finally:
        green.close()
    for row in rows:
        ctx.row(row)
        ctx.log(f"{row['job']} · {row['variant']}: {row['seconds']:.3f} s ({row['speedup']:.2f}× sequential)")


luminousmen = cell(
    title="luminousmen's CPU-bound and I/O-bound jobs, his five ways, on today's CPython",
    params={
        "exponent": {"type": "int", "min": 1},  # b in his cpu_bound(7777, b) (his: 200,000)
        "delayMs": {"type": "number", "min": 0},  # the latency server's mean delay per request
        "jitterMs": {"type": "number", "min": 0},
        "trials": {"type": "int", "min": 1},  # measurements of each job and way, interleaved
    },
    presets={
        "quick": {"exponent": 20_000, "delayMs": 50, "jitterMs": 10, "trials": 2},
        "full": {"exponent": 200_000, "delayMs": 100, "jitterMs": 20, "trials": 5},
    },
    timeout_ms=10 * 60_000,
    run=run,
)

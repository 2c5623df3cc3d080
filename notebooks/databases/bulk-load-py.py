# Bayer's bulk load, his way, on today's CPython: threads + psycopg2, gevent + psycopg2 (made green
# by psycogreen), asyncio + aiopg, and asyncio + asyncpg, the driver his suite added later. Does one
# asyncio loop still load slower than threads, as at 120 connections in 2015 (fully twice as slow)?
#
# His code, as published in the essay and in the suite it links to: a work queue of input lines, one
# worker per connection (a thread, a greenlet or a task), each looking up the line's geo record and
# the segment's dictionary ids, then inserting one data element per value, autocommit ("async runs
# like this, so shall we!"). The worker for threads and gevent is one function, as his two scripts
# had the same one. What we had to change, each marked `# ours:` below:
# - `@asyncio.coroutine` and `yield from` became `async def` and `await` (the decorator was removed
#   in Python 3.11), `asyncio.async` became `create_task`, and asyncpg and asyncio.Queue lost their
#   `loop=` arguments; his asyncpg script ran on uvloop, ours on asyncio's own loop, like aiopg's.
# - psycogreen is not packaged for Debian: its patch_psycopg, a dozen lines, is written out below.
# - The data set is the TypeScript bulk-load cell's (lib/bulk_data.py makes the same lines), the
#   database this machine's embedded PostgreSQL, on the same two cores (his was another laptop).
#   The geo records and dictionaries are loaded before any trial, untimed: his figures, like ours,
#   are the data elements.
# - Trials instead of one long run: each way runs in a process of its own (lib/bulk_child.py),
#   opens its connections once per connection count, loads `concurrency` lines to warm up, then
#   loads the data set from its start into an empty data_element table for `seconds`, trials
#   interleaved across the ways. A worker checks the clock when it takes a line and before each
#   INSERT, and drops its line when time is up (autocommit: what was inserted stays, and is what
#   `rows` counts, checked against the table). Rows are tagged one by one as their INSERTs return
#   (he tagged a line's rows at its end), and rowsPerSec is taken over the steady part of a trial,
#   as the TypeScript cell takes it: the first 15 %, or until every worker had a line if later.
# - Rows carry `runtime: "cpython"` (a key; the chart's labels say CPython today), the essay's
#   figures `runtime: "essay"`, with the keys of the TypeScript cell's rows (variant, concurrency).
# Budget: full 3 connection counts from his 15-350 range (15, 120 his figure's, 350) x 4 ways x
# 5 trials of 0.5 s, with a fresh set of connections per count (about a minute); quick 15 and 50,
# 2 trials of 0.3 s, to check the structure, not to rank. What that trades: his runs loaded millions
# of rows, so ours never reach a large table; 50 connections are left out of the full preset (the
# TypeScript cell has them); short trials leave wider intervals.
import os
import platform
import sys
import time

import psycopg2
from essay_figures import essay_figures
from json_line_child import JsonLineChild
from lib.bulk_child import __file__ as CHILD
from lib.bulk_data import SEARCH_PATH, create_schema, make_dataset, reset_elements
from plumbing import service
from psycopg2 import extensions
from sdk import cell, interleaved

work_queue = None  # each way's process makes its own: queue.Queue, gevent's JoinableQueue, asyncio.Queue
monitor = None  # counts rows and tells the workers when a trial's time is up (lib/bulk_child.py)
connect = None
DB_URL = None


def setup(way, url):
    global connect, DB_URL
    DB_URL = url

    # ours: each way's process imports its own driver only
    if way in ("threads", "gevent"):

        def connect():
            conn = psycopg2.connect(DB_URL, options=SEARCH_PATH)
            # async runs like this, so shall we!
            conn.autocommit = True
            return conn

    elif way == "aiopg":
        import aiopg

        async def connect():  # ours: async def (his: @asyncio.coroutine)
            conn = await aiopg.connect(DB_URL, options=SEARCH_PATH)
            return conn

    else:
        import asyncpg

        async def connect():
            conn = await asyncpg.connect(DB_URL, server_settings={"search_path": "bulk_load_py"})
            return conn


def _get_connection():
    return connect()


# ---- threads and gevent: one worker, the same in his two scripts ---------------------------
def worker():
    conn = _get_connection()
    cursor = conn.cursor()
    while True:
        item = work_queue.get()
        if monitor.time_is_up():  # ours: a trial ends on time; the lines left go unread
            work_queue.task_done()
            continue
        # "row by row" means, we aren't being smart at all about
        # chunking, executemany(), or looking up groups of dependent
        # records in advance.
        cursor.execute(
            "select id from geo_record where fileid=%s and logrecno=%s",
            (item["fileid"], item["logrecno"]),
        )
        row = cursor.fetchone()
        geo_record_id = row[0]

        cursor.execute(
            "select d.id, d.index from dictionary_item as d "
            "join matrix as m on d.matrix_id=m.id where m.segment_id=%s "
            "order by m.sortkey, d.index",
            (item["cifsn"],),
        )
        dictionary_ids = [row[0] for row in cursor]
        assert len(dictionary_ids) == len(item["items"])

        for dictionary_id, element in zip(dictionary_ids, item["items"]):
            if monitor.time_is_up():  # ours: a trial ends on time
                break
            cursor.execute(
                "insert into data_element (geo_record_id, dictionary_item_id, value) values (%s, %s, %s)",
                (geo_record_id, dictionary_id, element),
            )
            monitor.tag(1)  # ours: per row (his: monitor.tag(len(item['items'])) per line)
        work_queue.task_done()


# ---- gevent: psycogreen's patch_psycopg (psycogreen/gevent.py by Daniele Varrazzo, BSD licence) --
# psycopg2 calls the wait callback whenever it would block; this one waits on gevent's hub instead.
def patch_psycopg():
    """Configure Psycopg to be used with gevent in non-blocking way."""
    if not hasattr(extensions, "set_wait_callback"):
        raise ImportError("support for coroutines not available in this Psycopg version (%s)" % psycopg2.__version__)
    extensions.set_wait_callback(gevent_wait_callback)


def gevent_wait_callback(conn, timeout=None):
    """A wait callback useful to allow gevent to work with Psycopg."""
    from gevent.socket import wait_read, wait_write

    while True:
        state = conn.poll()
        if state == extensions.POLL_OK:
            break
        elif state == extensions.POLL_READ:
            wait_read(conn.fileno(), timeout=timeout)
        elif state == extensions.POLL_WRITE:
            wait_write(conn.fileno(), timeout=timeout)
        else:
            raise psycopg2.OperationalError("Bad result from poll: %r" % state)


# ---- asyncio + aiopg ------------------------------------------------------------------------
async def aiopg_worker(num):  # ours: async def / await throughout (his: @asyncio.coroutine / yield from)
    conn = await _get_connection()
    cursor = await conn.cursor()
    while True:
        item = await work_queue.get()
        if monitor.time_is_up():  # ours
            work_queue.task_done()
            continue
        await cursor.execute(
            "select id from geo_record where fileid=%s and logrecno=%s",
            (item["fileid"], item["logrecno"]),
        )
        row = await cursor.fetchone()
        geo_record_id = row[0]

        await cursor.execute(
            "select d.id, d.index from dictionary_item as d "
            "join matrix as m on d.matrix_id=m.id where m.segment_id=%s "
            "order by m.sortkey, d.index",
            (item["cifsn"],),
        )
        rows = await cursor.fetchall()
        dictionary_ids = [row[0] for row in rows]

        assert len(dictionary_ids) == len(item["items"])

        for dictionary_id, element in zip(dictionary_ids, item["items"]):
            if monitor.time_is_up():  # ours
                break
            await cursor.execute(
                "insert into data_element (geo_record_id, dictionary_item_id, value) values (%s, %s, %s)",
                (geo_record_id, dictionary_id, element),
            )
            monitor.tag(1)  # ours
        work_queue.task_done()


# ---- asyncio + asyncpg (his later script; it ran on uvloop) ---------------------------------
async def asyncpg_worker(num):
    conn = await connect()
    while True:
        item = await work_queue.get()
        if monitor.time_is_up():  # ours
            work_queue.task_done()
            continue
        row = await conn.fetchrow(
            "select id from geo_record where fileid=$1 and logrecno=$2",
            item["fileid"],
            item["logrecno"],
        )
        geo_record_id = row[0]

        rows = await conn.fetch(
            "select d.id, d.index from dictionary_item as d "
            "join matrix as m on d.matrix_id=m.id where m.segment_id=$1 "
            "order by m.sortkey, d.index",
            item["cifsn"],
        )
        dictionary_ids = [row[0] for row in rows]

        assert len(dictionary_ids) == len(item["items"])

        for dictionary_id, element in zip(dictionary_ids, item["items"]):
            if monitor.time_is_up():  # ours
                break
            await conn.fetch(
                "insert into data_element (geo_record_id, dictionary_item_id, value) values ($1, $2, $3)",
                geo_record_id,
                dictionary_id,
                element,
            )
            monitor.tag(1)  # ours
        work_queue.task_done()


# ---- the notebook's part: trials ----------------------------------------------------------
WAYS = ["threads", "gevent", "aiopg", "asyncpg"]
SEED = 2015  # the TypeScript cell's: the same input lines
# The essay's rows, keyed as ours: which way and which Python ran it.
ESSAY_WAYS = {
    "Python 2.7.8 threads": ("threads", "2.7"),
    "Python 3.4.1 threads": ("threads", "3.4"),
    "Python 2.7.8 gevent (psycogreen)": ("gevent", "2.7"),
    "Python 3.4.1 asyncio (aiopg)": ("aiopg", "3.4"),
}


def essay_rows():
    """His figures at 120 connections, rows per second in the first and second part of a run."""
    for r in essay_figures("bulk-load"):
        way, python = ESSAY_WAYS[r["variant"]]
        part = 1 if r["metric"] == "rows_per_sec_part1" else 2
        yield {"variant": way, "python": python, "part": part, "concurrency": 120, "rowsPerSec": r["value"], "runtime": "essay"}


class Way(JsonLineChild):
    """One way of loading, in its own process with `workers` connections open (lib/bulk_child.py)."""

    def __init__(self, way, url, workers, rows):
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        argv = [sys.executable, "-B", CHILD, os.path.abspath(__file__), way, url, str(workers), str(rows), str(SEED)]
        super().__init__(argv, name=way, env=env)
        self.way = way
        self.start()

    def trial(self, seconds, lines=None):
        return self.ask({"trial": {"lines": lines, "seconds": seconds}})

    def close(self):
        super().close(farewell={"exit": True})


def connection_counts(text):
    counts = sorted({int(x) for x in text.split(",") if x.strip()})
    if not counts or counts[0] < 1:
        raise ValueError(f"connections: a comma-separated list of positive numbers, not {text!r}")
    return counts


def run(ctx):
    for row in essay_rows():
        ctx.reference(row)
    p = ctx.params
    counts = connection_counts(p["connections"])
    # Every way's connections stay open while the trials take turns, plus the cell's own.
    options = {"scratchDir": ctx.scratch_dir, "maxConnections": len(WAYS) * counts[-1] + 10}
    with service("postgres", options) as db:
        ctx.provenance(database=db["server"], loadGenerator=f"CPython {platform.python_version()} on the same {os.cpu_count()} cores")
        admin = psycopg2.connect(db["url"])
        admin.autocommit = True
        cursor = admin.cursor()
        data = make_dataset(p["rows"], SEED)
        ctx.log(f"data set: {len(data['lines'])} lines, {data['rows']} data elements, {len(data['geos'])} geo records")
        create_schema(cursor, data)
        for concurrency in counts:
            ways = {}
            flags = {w: {"steady": True, "capped": True} for w in WAYS}
            try:
                # Untimed: every way connects (all at once), then loads a line on each connection in turn.
                ctx.progress(0, 1, f"opening {concurrency} connections for each way")
                began = time.monotonic()
                for w in WAYS:
                    ways[w] = Way(w, db["url"], concurrency, p["rows"])
                for w in WAYS:
                    ways[w].ask(None)  # its workers have connected
                opened = time.monotonic()
                for w in WAYS:
                    ways[w].trial(1, lines=concurrency)
                    reset_elements(cursor)
                ctx.log(f"{concurrency} connections: opened in {opened - began:.1f} s, warmed up in {time.monotonic() - opened:.1f} s")

                def measure(w, trial):
                    r = ways[w].trial(p["seconds"])
                    stored = reset_elements(cursor)  # the next trial starts from an empty table
                    if stored != r["rows"]:
                        raise RuntimeError(f"{w}: {r['rows']} rows inserted, {stored} in data_element")
                    flags[w]["steady"] &= r["steady"]
                    flags[w]["capped"] &= r["rows"] < data["rows"]
                    return {"rowsPerSec": round(r["rowsPerSec"]), "rows": r["rows"], "seconds": r["seconds"], "steadySeconds": r["steadySeconds"]}

                rows = interleaved(
                    ctx,
                    trials=p["trials"],
                    variants=WAYS,
                    key=lambda w: {"variant": w, "concurrency": concurrency},
                    measure=measure,
                )
                for row in rows:
                    # runtime: a key, as yield-from's rows carry it; the chart's labels say CPython today
                    ctx.row({**row, **flags[row["variant"]], "runtime": "cpython"})
                ctx.log(f"{concurrency} connections: trials in {time.monotonic() - began:.1f} s from the start")
            finally:
                for w in ways.values():
                    w.close()
        admin.close()


bulk_load = cell(
    title="Bayer's bulk load, on today's CPython",
    params={
        "rows": {"type": "int", "min": 1},  # data elements in the generated data set
        "seconds": {"type": "number", "min": 0.05},  # a trial stops inserting after this long
        "connections": {"type": "str", "description": "connection counts, comma-separated (his: 15 to 350)"},
        "trials": {"type": "int", "min": 1},  # of each way at each count, interleaved
    },
    presets={
        "quick": {"rows": 10_000, "seconds": 0.3, "connections": "15,50", "trials": 2},
        "full": {"rows": 200_000, "seconds": 0.5, "connections": "15,120,350", "trials": 5},
    },
    timeout_ms=15 * 60_000,
    run=run,
)

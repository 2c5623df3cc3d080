"""One way of loading (threads, gevent, aiopg or asyncpg) in a process of its own, driven by the
bulk-load-py cell. Its own process because psycogreen's wait callback is global to psycopg2 (a
thread would go green too) and each way keeps its own event loop; as in Bayer's suite, where each
ran as its own script. This module is his `run_test()` made into trials: it imports the cell (his
workers and connect functions live there, on the page), starts `n` workers, each opening its
connection, and then times trials on them as the cell asks, one JSON line per command on stdin,
one JSON line per answer on stdout:

    {"trial": {"lines": k | null, "seconds": s}}  -> the trial's rows, rate and window
    {"exit": true}                                -> ends the process (and its connections)

A trial: the input lines (all, or the first k) go on the work queue, as his producer put them,
kept a little ahead of the workers (Feeder);
when `seconds` are up the workers drop their line before its next INSERT and skip the lines they
take after (the cell's `monitor.time_is_up()`), the lines nobody took come back off the queue, and
the trial ends once every worker is idle again. Rows are counted as their INSERTs return (autocommit: each is
stored then), and the rate is taken over the steady part (bulk_data.steady_rate).
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import sys
import time
import traceback

from lib.bulk_data import make_dataset, steady_rate

POLL = 0.01  # seconds between looks at the queue while a trial runs


class Monitor:
    """What Bayer's `avg_rec_rate` monitor did, for one trial at a time: `tag(count)` notes rows
    inserted (when, and by which worker), `time_is_up()` tells a worker to stop."""

    def __init__(self, ident):
        self.ident = ident  # which worker is running: a thread, greenlet or task
        self.tags: list[tuple[float, int, int]] = []
        self.taken: dict[int, float] = {}  # when each worker took its first line in this trial
        self.started = 0.0
        self.deadline = math.inf

    def start(self, seconds: float) -> None:
        self.tags = []
        self.taken = {}
        self.started = time.monotonic()
        self.deadline = self.started + seconds

    def tag(self, count: int = 1) -> None:
        self.tags.append((time.monotonic(), self.ident(), count))  # list.append: atomic under the GIL

    def took(self) -> None:
        self.taken.setdefault(self.ident(), time.monotonic())

    def time_is_up(self) -> bool:
        return time.monotonic() >= self.deadline

    def result(self, workers: int, drained_at: float, end: float) -> dict:
        # Every worker had a line by then: the load had reached its concurrency (lib/drive.ts's rampedAt).
        ramped_at = max(self.taken.values()) if len(self.taken) >= workers else math.inf
        rate = steady_rate([(t, n) for t, _, n in self.tags], self.started, drained_at, 0.15, ramped_at)
        return {
            "rows": sum(n for _, _, n in self.tags),
            "rowsPerSec": rate["rowsPerSec"],
            "steadySeconds": rate["windowSeconds"],
            "steady": rate["steady"],
            "seconds": end - self.started,
            # For the log: how many workers took a line, and when the last of them did (s into the trial).
            "took": len(self.taken),
            "rampedAfter": ramped_at - self.started,
        }


def _load_cell(path: str):
    spec = importlib.util.spec_from_file_location("bulk_load_py", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _counting(connect, opened: list, is_async: bool):
    """The cell's connect function, counting connections as they open (so trials start when all have)."""
    if is_async:

        async def counted():
            conn = await connect()
            opened.append(1)
            return conn

        return counted

    def counted_sync():
        conn = connect()
        opened.append(1)
        return conn

    return counted_sync


def _guard(errors: list, fn, is_async: bool):
    """A worker that dies says so (a dead worker would leave its line unfinished and the trial waiting)."""
    if is_async:

        async def guarded(*args):
            try:
                await fn(*args)
            except BaseException as error:  # noqa: BLE001 - reported to the cell, which fails the run
                if type(error).__name__ != "CancelledError":
                    errors.append("".join(traceback.format_exception(error)))
                raise

        return guarded

    def guarded_sync(*args):
        try:
            fn(*args)
        except BaseException as error:  # noqa: BLE001
            errors.append("".join(traceback.format_exception(error)))
            raise

    return guarded_sync


def _noting(queue_class, monitor, is_async: bool):
    """The way's queue class, noting when each worker takes a line (Bayer's workers call get() as before)."""
    if is_async:

        class NotingAsync(queue_class):
            async def get(self):
                item = await super().get()
                monitor.took()
                return item

        return NotingAsync

    class Noting(queue_class):
        def get(self, block=True, timeout=None):
            item = super().get(block, timeout)
            if block:  # a worker's get(), not the trial's get_nowait() taking back the lines left
                monitor.took()
            return item

    return Noting


class Feeder:
    """Bayer's producer, kept a little ahead of the workers: it tops the queue up to twice as many
    lines as there are workers (at least 200) at each look, rather than queueing the whole data set
    at once, so that when time is up only that many lines are left to skip. Returns True once every
    line is queued."""

    def __init__(self, lines, put, size, workers):
        self.lines, self.put, self.size = iter(lines), put, size
        self.ahead = max(2 * workers, 200)
        self.done = False

    def __call__(self) -> bool:
        while not self.done and self.size() < self.ahead:
            line = next(self.lines, None)
            if line is None:
                self.done = True
            else:
                self.put(line)
        return self.done


def _drain(work_queue, empty) -> None:
    """Takes back the lines no worker started."""
    while True:
        try:
            work_queue.get_nowait()
        except empty:
            return
        work_queue.task_done()


def serve(cell, way: str, url: str, workers: int, rows: int, seed: int) -> None:
    lines = make_dataset(rows, seed)["lines"]
    errors: list[str] = []
    opened: list[int] = []

    def check() -> None:
        if errors:
            raise RuntimeError(f"a {way} worker died:\n{errors[0]}")

    def answer(data: dict) -> None:
        sys.stdout.write(json.dumps(data) + "\n")
        sys.stdout.flush()

    def commands():
        answer({"ready": workers})
        for raw in sys.stdin:
            command = json.loads(raw)
            if command.get("exit"):
                return
            trial = command["trial"]
            yield lines if trial["lines"] is None else lines[: trial["lines"]], trial["seconds"]

    if way in ("threads", "gevent"):
        if way == "gevent":
            import gevent
            from gevent import queue

            cell.patch_psycopg()  # psycogreen: psycopg2 waits on gevent's hub instead of blocking
            cell.monitor = Monitor(lambda: id(gevent.getcurrent()))
            cell.work_queue = _noting(queue.JoinableQueue, cell.monitor, False)()
            sleep, empty = gevent.sleep, queue.Empty
        else:
            import queue
            import threading

            cell.monitor = Monitor(threading.get_ident)
            cell.work_queue = _noting(queue.Queue, cell.monitor, False)()
            sleep, empty = time.sleep, queue.Empty
        cell.setup(way, url)
        cell.connect = _counting(cell.connect, opened, False)
        worker = _guard(errors, cell.worker, False)
        for _ in range(workers):
            if way == "gevent":
                gevent.spawn(worker)  # his run_test(): one greenlet per connection
            else:
                thread = threading.Thread(target=worker)  # his run_test(): one thread per connection
                thread.daemon = True
                thread.start()
        while len(opened) < workers:
            check()
            sleep(POLL)

        def run(batch, seconds):
            q, monitor = cell.work_queue, cell.monitor
            feed = Feeder(batch, q.put, q.qsize, workers)
            monitor.start(seconds)
            feed()
            drained_at = None
            while not monitor.time_is_up() and q.unfinished_tasks:
                check()
                if feed() and drained_at is None and q.qsize() == 0:
                    drained_at = time.monotonic()  # the queue came up empty: the tail begins
                sleep(POLL)
            _drain(q, empty)
            while q.unfinished_tasks:
                check()
                sleep(POLL)
            end = time.monotonic()
            return monitor.result(workers, min(drained_at or monitor.deadline, monitor.deadline), end)

        for batch, seconds in commands():
            answer(run(batch, seconds))
        return

    import asyncio

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    cell.monitor = Monitor(lambda: id(asyncio.current_task()))
    cell.work_queue = _noting(asyncio.Queue, cell.monitor, True)()
    cell.setup(way, url)
    cell.connect = _counting(cell.connect, opened, True)
    worker = _guard(errors, cell.aiopg_worker if way == "aiopg" else cell.asyncpg_worker, True)

    async def start():
        tasks = [loop.create_task(worker(i)) for i in range(workers)]  # his run_test_async()
        while len(opened) < workers:
            check()
            await asyncio.sleep(POLL)
        return tasks

    async def run(batch, seconds):
        q, monitor = cell.work_queue, cell.monitor
        feed = Feeder(batch, q.put_nowait, q.qsize, workers)
        monitor.start(seconds)
        feed()
        drained_at = None
        while not monitor.time_is_up() and q._unfinished_tasks:
            check()
            if feed() and drained_at is None and q.qsize() == 0:
                drained_at = time.monotonic()
            await asyncio.sleep(POLL)
        _drain(q, asyncio.QueueEmpty)
        while q._unfinished_tasks:
            check()
            await asyncio.sleep(POLL)
        end = time.monotonic()
        return monitor.result(workers, min(drained_at or monitor.deadline, monitor.deadline), end)

    loop.run_until_complete(start())
    for batch, seconds in commands():
        answer(loop.run_until_complete(run(batch, seconds)))


def main() -> None:
    cell_file, way, url, workers, rows, seed = sys.argv[1:7]
    try:
        serve(_load_cell(cell_file), way, url, int(workers), int(rows), int(seed))
    except BaseException as error:  # noqa: BLE001 - the cell reports it
        sys.stdout.write(json.dumps({"error": "".join(traceback.format_exception(error))}) + "\n")
        sys.stdout.flush()
    finally:
        sys.stdout.flush()
        # Workers block on the queue forever, as his did: end the process, and with it every connection.
        os._exit(0)


if __name__ == "__main__":
    main()

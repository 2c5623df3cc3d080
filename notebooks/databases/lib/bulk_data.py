"""The Python bulk load's input and measure, the same as the TypeScript cell's so one chart can hold
both: the data set of lib/dataset.ts line for line (drawn from the project's one seeded PRNG,
core/random.ts's mulberry32, ported here bit for bit), the schema of lib/schema.ts in a schema of
its own (bulk_load_py, so a shared DATABASE_URL keeps the two cells' tables apart), and the steady
rate of lib/steady-rate.ts. Pure: no I/O (bulk_data.test.ts checks it against the TypeScript).
"""

from __future__ import annotations

import math

SCHEMA = "bulk_load_py"
# Bayer's SQL names its tables bare; each connection finds them through its search_path.
SEARCH_PATH = f"-c search_path={SCHEMA}"

SEGMENTS = 12
FILES = 4
_M = 0xFFFFFFFF


def mulberry32(seed: int):
    """core/random.ts's mulberry32: floats in [0, 1), the same sequence for the same seed."""
    a = seed & _M

    def imul(x: int, y: int) -> int:
        return (x * y) & _M

    def next_float() -> float:
        nonlocal a
        a = (a + 0x6D2B79F5) & _M
        t = a
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & _M
        return ((t ^ (t >> 14)) & _M) / 4294967296

    return next_float


def seeded_random(seed: int):
    """notebooks/lib/random.ts: `seeded_random(seed)(n)` is an integer in [0, n)."""
    draw = mulberry32(seed)
    return lambda n: math.floor(draw() * n)


def make_dataset(rows: int, seed: int = 2015) -> dict:
    """At least `rows` data elements' worth of input lines, as lib/dataset.ts makes them, each line in
    the shape of Bayer's work items: {type, fileid, logrecno, cifsn (the segment), items (the values)}."""
    random = seeded_random(seed)

    def between(lo: int, hi: int) -> int:
        return lo + random(hi - lo + 1)

    segments = []
    for i in range(SEGMENTS):
        count = between(1, 4)
        segments.append({"id": i + 1, "matrices": [between(2, 12) for _ in range(count)]})
    per_geo = sum(sum(s["matrices"]) for s in segments)
    geos = [{"fileid": f"f{(i % FILES) + 1}", "logrecno": i // FILES + 1} for i in range(math.ceil(rows / per_geo))]
    lines = []
    for geo in geos:
        for s in segments:
            n = sum(s["matrices"])
            values = [between(0, 99_999) for _ in range(n)]
            lines.append({"type": "data", "fileid": geo["fileid"], "logrecno": geo["logrecno"], "cifsn": s["id"], "items": values})
    return {"segments": segments, "geos": geos, "lines": lines, "rows": len(geos) * per_geo}


# lib/schema.ts's tables, in SCHEMA.
DDL = f"""
  drop schema if exists {SCHEMA} cascade;
  create schema {SCHEMA};
  create table {SCHEMA}.geo_record (
    id serial primary key, fileid text not null, logrecno integer not null, unique (fileid, logrecno));
  create table {SCHEMA}.matrix (
    id serial primary key, segment_id integer not null, sortkey integer not null);
  create index on {SCHEMA}.matrix (segment_id);
  create table {SCHEMA}.dictionary_item (
    id serial primary key, matrix_id integer not null references {SCHEMA}.matrix, index integer not null);
  create index on {SCHEMA}.dictionary_item (matrix_id);
  create table {SCHEMA}.data_element (
    id bigserial primary key,
    geo_record_id integer not null references {SCHEMA}.geo_record,
    dictionary_item_id integer not null references {SCHEMA}.dictionary_item,
    value numeric);"""


def create_schema(cursor, data: dict) -> None:
    """The tables, the geo records and the dictionaries (untimed: Bayer's figures are the data elements')."""
    cursor.execute(DDL)
    for s in data["segments"]:
        for sortkey, items in enumerate(s["matrices"]):
            cursor.execute(
                f"""with m as (insert into {SCHEMA}.matrix (segment_id, sortkey) values (%s, %s) returning id)
                    insert into {SCHEMA}.dictionary_item (matrix_id, index)
                    select m.id, i from m, generate_series(1, %s) i""",
                (s["id"], sortkey, items),
            )
    cursor.execute(
        f"insert into {SCHEMA}.geo_record (fileid, logrecno) select * from unnest(%s::text[], %s::int[])",
        ([g["fileid"] for g in data["geos"]], [g["logrecno"] for g in data["geos"]]),
    )
    cursor.execute(f"analyze {SCHEMA}.geo_record, {SCHEMA}.matrix, {SCHEMA}.dictionary_item")


def reset_elements(cursor) -> int:
    """Empties data_element for the next trial; returns how many rows the last one left (a check)."""
    cursor.execute(f"select count(*) from {SCHEMA}.data_element")
    (n,) = cursor.fetchone()
    cursor.execute(f"truncate {SCHEMA}.data_element")
    return n


def steady_rate(completions, start: float, drained_at: float, fraction: float = 0.15, ramped_at: float | None = None) -> dict:
    """lib/steady-rate.ts: rows per second from the end of the warm-up (a `fraction` of the load, or
    until every connection was busy if that is later) to `drained_at`; `completions` are (t, rows)
    pairs, times in seconds. Falls back as the TypeScript does, and says so (`steady`: False)."""
    t0 = max(start + fraction * (drained_at - start), ramped_at if ramped_at is not None else start)
    t1 = drained_at
    window_rows = sum(rows for t, rows in completions if t0 < t <= t1)
    if t1 > t0 and window_rows > 0:
        return {"rowsPerSec": window_rows / (t1 - t0), "windowRows": window_rows, "windowSeconds": t1 - t0, "steady": True}
    if ramped_at is not None:
        return {**steady_rate(completions, start, drained_at, fraction), "steady": False}
    rows = sum(r for _, r in completions)
    last = max([start, *(t for t, _ in completions)])
    seconds = last - start
    return {"rowsPerSec": rows / seconds if seconds > 0 else 0, "windowRows": rows, "windowSeconds": seconds, "steady": False}

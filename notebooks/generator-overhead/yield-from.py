# Bayer's own micro-benchmark, re-run on today's CPython: does getting a value back through
# `yield from` + StopIteration still cost about six plain calls, as it did on CPython 3.4?
# His code is below as he published it; only the timing around it is the notebook's: each trial
# is one timeit run of each function in turn (plain, then yield from), interleaved, and the ratio
# is taken within a trial. Budget: the full preset keeps his 10,000,000 calls but times 5 trials
# (8-10 s each on this machine, under a minute in all); the quick preset times 2 trials of 1,000,000 calls.
import timeit

from essay_figures import essay_figures
from sdk import cell, interleaved


def return_with_normal():
    """One function calls another normal function, which returns a value."""

    def foo():
        return 5

    def bar():
        f1 = foo()
        return f1

    return bar


def return_with_generator():
    """One function calls another coroutine-like function,
    which returns a value."""

    def decorate_to_return(fn):
        def decorate():
            it = fn()
            try:
                x = next(it)
            except StopIteration as y:
                return y.args[0]

        return decorate

    @decorate_to_return
    def foo():
        yield from range(0)
        return 5

    def bar():
        f1 = foo()
        return f1

    return bar


return_with_normal = return_with_normal()
return_with_generator = return_with_generator()

# Our keys for his two functions, as the TypeScript `calls` cell names them.
VARIANTS = {"plain": "return_with_normal", "yield-from": "return_with_generator"}
ESSAY_CALLS = 10_000_000  # his timeit number


def essay_rows():
    """His printed seconds for 10,000,000 calls on CPython 3.4, per call and as a ratio, keyed as our rows."""
    figures = {r["variant"]: r["value"] for r in essay_figures("generator-overhead")}
    plain = figures["plain function call"]
    for variant, seconds in (("plain", plain), ("yield-from", figures["yield from + StopIteration"])):
        yield {"variant": variant, "runtime": "essay-cpython-3.4", "nsPerCall": seconds / ESSAY_CALLS * 1e9, "ratio": seconds / plain}


def run(ctx):
    for row in essay_rows():
        ctx.reference(row)
    runtime = "cpython"  # a key, as every row's; the chart's labels say "CPython today", provenance the version
    number = ctx.params["number"]
    plain_ns = {}

    def measure(variant, trial):
        seconds = timeit.timeit(f"{VARIANTS[variant]}()", f"from __main__ import {VARIANTS[variant]}", number=number)
        ns = seconds / number * 1e9
        if variant == "plain":
            plain_ns[trial] = ns
        return {"nsPerCall": ns, "ratio": ns / plain_ns[trial]}

    rows = interleaved(
        ctx,
        trials=ctx.params["trials"],
        variants=list(VARIANTS),
        key=lambda variant: {"variant": variant, "runtime": runtime},
        measure=measure,
    )
    for row in rows:
        ctx.row(row)


yield_from = cell(
    title="Bayer's yield from, on today's CPython",
    params={
        "trials": {"type": "int", "min": 1},  # timeit runs of each function, interleaved
        "number": {"type": "int", "min": 1},  # calls per timeit run (his: 10,000,000)
    },
    presets={"quick": {"trials": 2, "number": 1_000_000}, "full": {"trials": 5, "number": ESSAY_CALLS}},
    timeout_ms=5 * 60_000,
    run=run,
)

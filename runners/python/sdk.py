"""The Python cell SDK, mirroring runners/sdk.ts.

A Python cell is a .py file beside the TypeScript ones that calls `cell(...)` at module level:

    from sdk import cell, interleaved

    yield_from = cell(
        title="...",
        params={"trials": {"type": "int", "min": 1}},
        presets={"quick": {"trials": 2}, "full": {"trials": 5}},
        run=run,
    )

Parameters are declared as a small dict (field -> type and bounds) that becomes the same JSON
Schema the TypeScript cells' zod schemas become, so the notebook page builds its form alike, and
edited values are checked here, field by field. `run(ctx)` gets a context with `params`, `row`,
`trial`, `reference`, `log`, `progress` and `provenance`; the host (child.py) writes each record
as one JSON line on the record channel, which the runner decodes exactly as a TypeScript cell's.
`interleaved` measures variants in interleaved trials and summarises each measure as its median
with a 95 % bootstrap interval, in the fields core/trials.ts names (`m`, `mLo`, `mHi`, `trials`).

No side effects on import: the host supplies the context.
"""

from __future__ import annotations

import math
import random
import statistics
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

Scalar = Any  # str | int | float | bool | None: what a row's field may hold

# Declared field types, as JSON Schema names them.
_TYPES = {"int": "integer", "number": "number", "bool": "boolean", "str": "string"}


class ParamsError(Exception):
    """Parameters that fail the cell's declaration; the message names each bad field."""


@dataclass
class Cell:
    title: str | None
    params: dict[str, dict[str, Any]]
    presets: dict[str, dict[str, Any]]
    run: Callable[["Context"], None]
    timeout_ms: int | None = None

    def schema(self) -> dict[str, Any]:
        """The parameters as JSON Schema, in the shape zod-to-json-schema gives the TS cells'."""
        properties: dict[str, Any] = {}
        for name, spec in self.params.items():
            prop: dict[str, Any] = {"type": _TYPES[spec["type"]]}
            if "min" in spec:
                prop["minimum"] = spec["min"]
            if "max" in spec:
                prop["maximum"] = spec["max"]
            if "enum" in spec:
                prop["enum"] = list(spec["enum"])
            if "description" in spec:
                prop["description"] = spec["description"]
            properties[name] = prop
        required = [n for n, s in self.params.items() if not s.get("optional")]
        return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}

    def check(self, preset: str, edits: dict[str, Any] | None = None) -> list[dict[str, str]]:
        """The preset's values with the edits on top, as the declaration sees them: one issue per bad field."""
        merged = {**self.presets[preset], **(edits or {})}
        issues: list[dict[str, str]] = []
        for name in merged:
            if name not in self.params:
                issues.append({"path": "", "message": f"Unrecognized key: '{name}'"})
        for name, spec in self.params.items():
            if name not in merged:
                if not spec.get("optional"):
                    issues.append({"path": name, "message": "Required"})
                continue
            problem = _check_value(spec, merged[name])
            if problem:
                issues.append({"path": name, "message": problem})
        return issues

    def resolve(self, preset: str, overrides: dict[str, Any] | None = None) -> dict[str, Any]:
        """The parameters a run uses, or a ParamsError naming each bad field (as resolveParams in sdk.ts)."""
        issues = self.check(preset, overrides)
        if issues:
            detail = "; ".join(f"{i['path'] or 'params'}: {i['message']}" for i in issues)
            raise ParamsError(f"invalid parameters ({preset} preset): {detail}")
        return {**self.presets[preset], **(overrides or {})}


def _check_value(spec: dict[str, Any], value: Any) -> str | None:
    kind = spec["type"]
    if kind in ("int", "number"):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            return f"Expected number, received {_json_type(value)}"
        if kind == "int" and value != int(value):
            return "Expected integer, received float"
        if "min" in spec and value < spec["min"]:
            return f"Number must be greater than or equal to {spec['min']}"
        if "max" in spec and value > spec["max"]:
            return f"Number must be less than or equal to {spec['max']}"
    elif kind == "bool" and not isinstance(value, bool):
        return f"Expected boolean, received {_json_type(value)}"
    elif kind == "str" and not isinstance(value, str):
        return f"Expected string, received {_json_type(value)}"
    if "enum" in spec and value not in spec["enum"]:
        return f"Invalid enum value. Expected {' | '.join(repr(v) for v in spec['enum'])}, received {value!r}"
    return None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    return "object"


def cell(
    *,
    title: str | None = None,
    params: dict[str, dict[str, Any]],
    presets: dict[str, dict[str, Any]],
    run: Callable[["Context"], None],
    timeout_ms: int | None = None,
) -> Cell:
    """Declares a cell; assign the result at module level, and the host finds it."""
    for name, spec in params.items():
        if spec.get("type") not in _TYPES:
            raise ValueError(f"param {name}: type must be one of {', '.join(_TYPES)}")
    if set(presets) != {"quick", "full"}:
        raise ValueError('presets must be exactly {"quick": ..., "full": ...}')
    return Cell(title, params, presets, run, timeout_ms)


@dataclass
class Context:
    """What a running cell can do: read its parameters and emit records (the host supplies `emit`)."""

    params: dict[str, Any]
    preset: str
    emit: Callable[[dict[str, Any]], None]
    scratch_dir: str
    environment: dict[str, Scalar] = field(default_factory=dict)
    # Set when the run is being stopped (cancel, timeout): a chance to close things cleanly.
    stopping: threading.Event = field(default_factory=threading.Event)

    def row(self, data: dict[str, Scalar]) -> None:
        """A data point for the chart."""
        self.emit({"type": "row", "data": clean_row(data)})

    def trial(self, data: dict[str, Scalar]) -> None:
        """One trial of a repeated measurement, stored with the results; see `interleaved`."""
        self.emit({"type": "trial", "data": clean_row(data)})

    def reference(self, data: dict[str, Scalar]) -> None:
        """A figure quoted from the essay, drawn beside ours and marked as the essay's."""
        self.emit({"type": "reference", "data": clean_row(data)})

    def log(self, text: str) -> None:
        self.emit({"type": "log", "stream": "cell", "text": str(text)})

    def progress(self, done: float, total: float, label: str | None = None) -> None:
        record: dict[str, Any] = {"type": "progress", "done": done, "total": total}
        if label:
            record["label"] = label
        self.emit(record)

    def provenance(self, *, database: str | None = None, loadGenerator: str | None = None, pinned: str | None = None) -> None:  # noqa: N803
        """Facts about what the run used, stored in the results' provenance."""
        facts = {"database": database, "loadGenerator": loadGenerator, "pinned": pinned}
        self.environment.update({k: v for k, v in facts.items() if v is not None})


def clean_row(data: dict[str, Any]) -> dict[str, Scalar]:
    """Rows are flat scalars; a non-finite number is null, as JSON.stringify writes NaN in the TS SDK."""
    out: dict[str, Scalar] = {}
    for key, value in data.items():
        if isinstance(value, float) and not math.isfinite(value):
            value = None
        elif value is not None and not isinstance(value, (str, int, float, bool)):
            raise TypeError(f"row field {key!r} is a {type(value).__name__}; rows hold strings, numbers, booleans or None")
        out[str(key)] = value
    return out


# ---- Trials and their summary (core/trials.ts, core/stats.ts) --------------------------------


def estimate(values: Iterable[float], resamples: int = 2000, seed: int = 1, confidence: float = 0.95) -> tuple[float, float, float]:
    """The median of trial values and its 95 % percentile-bootstrap interval (seeded, so the same
    trials always give the same interval). NaN when there are no values; one value: no spread known."""
    xs = [float(v) for v in values if isinstance(v, (int, float)) and math.isfinite(v)]
    if not xs:
        return (math.nan, math.nan, math.nan)
    m = statistics.median(xs)
    if len(xs) == 1:
        return (m, m, m)
    rng = random.Random(seed)
    medians = [statistics.median(rng.choices(xs, k=len(xs))) for _ in range(resamples)]
    # Cut points at every (1 - confidence) / 2 step: the first and last are the interval's ends.
    steps = round(2 / (1 - confidence))
    cuts = statistics.quantiles(medians, n=steps, method="inclusive")
    return (m, cuts[0], cuts[-1])


def summarize_trials(trials: list[dict[str, Scalar]], by: list[str], measures: list[str]) -> list[dict[str, Scalar]]:
    """One row per distinct key (the `by` fields), in first-seen order: each measure's median as
    `m`, its interval as `mLo`/`mHi`, and `trials`; named as core/trials.ts's summarizeTrials names them."""
    groups: dict[tuple, list[dict[str, Scalar]]] = {}
    for t in trials:
        groups.setdefault(tuple(t.get(k) for k in by), []).append(t)
    rows = []
    for key, group in groups.items():
        row: dict[str, Scalar] = dict(zip(by, key))
        ordered = sorted(group, key=lambda t: t.get("trial") or 0)
        for m in measures:
            mid, lo, hi = estimate(t[m] for t in ordered if m in t)
            row.update({m: mid, f"{m}Lo": lo, f"{m}Hi": hi})
        row["trials"] = len(group)
        rows.append(clean_row(row))
    return rows


def interleaved(
    ctx: Context,
    *,
    trials: int,
    variants: list[Any],
    key: Callable[[Any], dict[str, Scalar]],
    measure: Callable[[Any, int], dict[str, float]],
) -> list[dict[str, Scalar]]:
    """Measures every variant `trials` times, interleaved (A B, A B, ...) so that drift in the
    machine hits every variant alike; emits each trial as it is measured, with progress, and
    returns one summary row per variant."""
    every: list[dict[str, Scalar]] = []
    measures: list[str] = []
    total = trials * len(variants)
    for trial in range(trials):
        for variant in variants:
            if ctx.stopping.is_set():
                raise RuntimeError("stopped")
            values = measure(variant, trial)
            measures += [m for m in values if m not in measures]
            data = {**key(variant), "trial": trial, **values}
            every.append(data)
            ctx.trial(data)
            ctx.progress(len(every), total, f"trial {trial + 1} of {trials}")
    return summarize_trials(every, list(key(variants[0])), measures)

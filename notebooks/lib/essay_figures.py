"""The essays' own published figures, for Python cells: the rows of content/reference/seed-figures.csv
(one per figure, with the conditions it was measured in), as notebooks/lib/essay-figures.ts reads
them for the TypeScript cells: one place that knows where the file is and how to read it.
"""

from __future__ import annotations

import csv
import os
from typing import Any

CSV = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "content", "reference", "seed-figures.csv")


def essay_figures(*experiments: str) -> list[dict[str, Any]]:
    """Every figure an essay published for these experiments, in the file's order; `value` is a number."""
    with open(CSV, encoding="utf-8") as f:
        return [{**r, "value": float(r["value"]), "conditions": r.get("conditions") or ""} for r in csv.DictReader(f) if r["experiment"] in experiments]


def essay_figure(experiment: str, variant: str, metric: str | None = None) -> dict[str, Any]:
    """One figure by its variant (and metric); raises naming the file when it is not there."""
    for f in essay_figures(experiment):
        if f["variant"] == variant and (metric is None or f["metric"] == metric):
            return f
    raise LookupError(f"no essay figure {experiment}/{variant}/{metric or '*'} in {os.path.normpath(CSV)}")

"""plumbing.py's pinning(), best_load_tool(), describe_load_tool() and load(), answered by one
long-lived Node process (lib/load-loop.ts) instead of one bridge process per call: the same
runLoad as every TypeScript cell, without a second of Node start-up before each load run.

    with LoadLoop() as loop:
        plan = loop.pinning()
        r = loop.load(url, connections=64, requests=128, new_connection=False, cpus=plan["generator"], tool="wrk", wrk_seconds=1)

The process ends when the `with` ends, or when this process dies (its stdin closes).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import Any

from plumbing import PlumbingError

HERE = os.path.dirname(os.path.abspath(__file__))
LOOP = os.path.join(HERE, "lib", "load-loop.ts")
ROOT = os.path.dirname(os.path.dirname(HERE))


class LoadLoop:
    def __enter__(self) -> "LoadLoop":
        node = os.environ.get("AM_NODE") or shutil.which("node")
        if not node:
            raise PlumbingError("needs Node to reach the project's load generator: run the cell with `npm run bench`")
        self.child = subprocess.Popen(
            [node, "--import", "tsx", LOOP], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.child.stdin
        self.child.stdin.close()
        try:
            self.child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.child.kill()
            self.child.wait()

    def call(self, verb: str, arg: Any = None) -> Any:
        assert self.child.stdin and self.child.stdout
        self.child.stdin.write(json.dumps({"verb": verb, "arg": arg}) + "\n")
        self.child.stdin.flush()
        line = self.child.stdout.readline()
        if not line:
            raise PlumbingError(f"{verb}: the load loop exited with code {self.child.wait()}")
        answer = json.loads(line)
        if "error" in answer:
            raise PlumbingError(f"{verb}: {answer['error']}")
        return answer["ok"]

    def pinning(self) -> dict[str, Any]:
        return self.call("pinning")

    def best_load_tool(self, wanted: str = "wrk") -> str:
        return self.call("load-tool", wanted)

    def describe_load_tool(self, tool: str) -> str:
        return self.call("describe-load", tool)

    def load(
        self,
        url: str,
        *,
        connections: int,
        requests: int,
        new_connection: bool,
        cpus: str | None = None,
        tool: str | None = None,
        wrk_seconds: float | None = None,
    ) -> dict[str, Any]:
        """One run of the load generator, as plumbing.load: {tool, requests, seconds, requestsPerSec, p50Ms, p99Ms, errors, non2xx}."""
        options: dict[str, Any] = {
            "url": url,
            "connections": connections,
            "requests": requests,
            "newConnectionPerRequest": new_connection,
            "cpus": cpus,
            "tool": tool or "autocannon",
        }
        if wrk_seconds is not None:
            options["wrkSeconds"] = wrk_seconds
        return self.call("load", options)

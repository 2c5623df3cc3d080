"""The process a Python cell runs in: the twin of runners/child.ts.

Started by the engine with the runtime table's command for .py files (core/runtimes.ts, `cpython`),
it reads one job line on the record channel (file descriptor 3, a socket the engine made), runs the
cell as `__main__` (so an essay's `from __main__ import f` in a timeit setup works as written), and
writes one JSON record per line back on the same channel, exactly as runners/channel.ts encodes
them: meta (with this interpreter's name and version, for provenance and the stale hash), rows,
trials, logs, progress, and `done`, or one `error` record pointing at the cell's .py file and line.
stdout and stderr stay the cell's own: the engine turns them into log records.
"""

from __future__ import annotations

import json
import os
import platform
import signal
import socket
import sys
import threading
import traceback
import types
from typing import Any, NoReturn

import sdk

CHANNEL_FD = 3
RUNNER_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
# Plumbing Python cells share (a pinned load generator, a database), as TS cells share notebooks/lib.
SHARED_LIB = os.path.join(os.path.dirname(os.path.dirname(RUNNER_DIR.rstrip(os.sep))), "notebooks", "lib")

# What this process runs on, told to the runner with the first record (core/runtimes.ts RuntimeSelf).
RUNTIME = {"name": "cpython", "version": platform.python_version()}

channel = socket.socket(fileno=CHANNEL_FD)
write_lock = threading.Lock()
state = {"finished": False, "cell_file": ""}
stopping = threading.Event()


def emit(record: dict[str, Any]) -> None:
    line = json.dumps(record, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"
    with write_lock:
        channel.sendall(line.encode("utf-8"))


def location(error: BaseException) -> dict[str, int | str] | None:
    """Where the error points in the user's own code: the cell file's deepest frame, else the deepest outside the runner."""
    if isinstance(error, SyntaxError) and error.filename and error.lineno:
        at: dict[str, int | str] = {"file": os.path.abspath(error.filename), "line": error.lineno}
        if error.offset and error.offset > 0:
            at["column"] = error.offset
        return at
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename and f.lineno]
    own = [f for f in frames if os.path.abspath(f.filename) == state["cell_file"]]
    user = [f for f in frames if not os.path.abspath(f.filename).startswith(RUNNER_DIR) and not f.filename.startswith("<")]
    pick = (own or user or [None])[-1]
    if pick is None:
        return None
    at = {"file": os.path.abspath(pick.filename), "line": pick.lineno}
    if getattr(pick, "colno", None):
        at["column"] = pick.colno + 1
    return at


def fail(error: BaseException, kind: str, code: int = 1) -> NoReturn:
    state["finished"] = True
    message = str(error) if kind == "params" else f"{type(error).__name__}: {error}".rstrip(": ")
    if isinstance(error, SyntaxError):
        message = f"{type(error).__name__}: {error.msg}"
    record: dict[str, Any] = {"type": "error", "kind": kind, "message": message}
    at = location(error)
    if at:
        record["at"] = at
    if kind != "params":
        record["stack"] = "".join(traceback.format_exception(error))
    try:
        emit(record)
    finally:
        os._exit(code)


def finish(environment: dict[str, Any]) -> NoReturn:
    state["finished"] = True
    emit({"type": "done", **({"environment": environment} if environment else {})})
    sys.stdout.flush()
    sys.stderr.flush()
    channel.shutdown(socket.SHUT_WR)
    os._exit(0)  # threads or servers a cell forgot must not keep the run alive


def read_job() -> dict[str, Any] | None:
    buffer = b""
    while b"\n" not in buffer:
        chunk = channel.recv(65536)
        if not chunk:
            return None
        buffer += chunk
    return json.loads(buffer.split(b"\n", 1)[0])


def orphaned() -> None:
    """The runner is gone before we finished: end the whole run, as child.ts does."""
    if state["finished"]:
        return
    try:
        os.killpg(os.getpid(), signal.SIGKILL)
    finally:
        os._exit(137)


def watch_runner() -> None:
    """Keeps reading the channel only to notice the runner leave (its end closes)."""
    try:
        while channel.recv(4096):
            pass
    except OSError:
        pass
    orphaned()


def on_sigterm(_signum: int, _frame: Any) -> None:
    # The runner is ending this run: let the cell close what it can, then go.
    stopping.set()
    threading.Timer(1.0, lambda: os._exit(143)).start()
    raise SystemExit(143)


def load(file: str) -> types.ModuleType:
    """Runs the cell's source as __main__, with its folder on sys.path for its own helpers, and notebooks/lib last."""
    with open(file, encoding="utf-8") as f:
        source = f.read()
    code = compile(source, file, "exec")  # a SyntaxError here is the cell's, at its line
    module = types.ModuleType("__main__")
    module.__file__ = file
    sys.modules["__main__"] = module
    sys.path.insert(0, os.path.dirname(file))
    sys.path.append(SHARED_LIB)  # last: a shared module never shadows the standard library
    exec(code, module.__dict__)
    return module


def run_job(job: dict[str, Any]) -> NoReturn:
    file = os.path.abspath(job["file"])
    state["cell_file"] = file
    scratch = job.get("scratchDir") or os.environ.get("TMPDIR", "/tmp")
    os.environ["AM_SCRATCH_DIR"] = scratch  # plain scripts find it here
    try:
        module = load(file)
    except SyntaxError as error:
        fail(error, "syntax")
    except BaseException as error:  # noqa: BLE001 - whatever the cell raises is reported, then we exit
        fail(error, "exception")
    definition = next((v for v in vars(module).values() if isinstance(v, sdk.Cell)), None)
    if definition is None:
        # A plain script: loading it ran it; it is done.
        emit({"type": "meta", "preset": "custom", "params": {}, "runtime": RUNTIME})
        finish({})
    overrides = job.get("params") or {}
    try:
        params = definition.resolve(job["preset"], overrides)
    except sdk.ParamsError as error:
        fail(error, "params", 2)
    preset = "custom" if overrides else job["preset"]
    meta: dict[str, Any] = {"type": "meta", "preset": preset, "params": params, "runtime": RUNTIME}
    if definition.title:
        meta["title"] = definition.title
    if definition.timeout_ms:
        meta["timeoutMs"] = int(definition.timeout_ms)
    emit(meta)
    ctx = sdk.Context(params=params, preset=preset, emit=emit, scratch_dir=scratch, stopping=stopping)
    try:
        definition.run(ctx)
    except BaseException as error:  # noqa: BLE001
        fail(error, "exception")
    finish(ctx.environment)


def main() -> None:
    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        job = read_job()
    except (OSError, ValueError) as error:
        fail(RuntimeError(f"bad job: {error}"), "spawn")
    if job is None:
        orphaned()
        return
    if not isinstance(job, dict) or not isinstance(job.get("file"), str) or job.get("preset") not in ("quick", "full"):
        fail(RuntimeError(f"bad job: {json.dumps(job)[:200]}"), "spawn")
    threading.Thread(target=watch_runner, daemon=True).start()
    run_job(job)


if __name__ == "__main__":
    main()

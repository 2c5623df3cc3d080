"""A child process spoken to in JSON lines: one question per stdin line, one answer per stdout line,
in order. The bridge to the TypeScript plumbing (plumbing.py), the bulk-load workers and the gevent
worker all talk this way; this is the one place that holds the lock (answers come back in order,
whatever thread asks), turns a closed pipe into an error that names the child and its exit code,
and raises an `{"error": …}` answer in the asker.
"""

from __future__ import annotations

import json
import subprocess
import threading
from typing import Any


class JsonLineChild:
    """`argv` as a child, started by `start()` (or by the first question when `restart` is set, and
    again if it died). Errors are raised as `error` (RuntimeError unless told), prefixed with what
    was asked about."""

    def __init__(self, argv: list[str], *, name: str, error: type[Exception] = RuntimeError, restart: bool = False, **popen: Any) -> None:
        self.argv, self.name, self.error, self.restart, self.popen = argv, name, error, restart, popen
        self.process: subprocess.Popen[str] | None = None
        self.lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> JsonLineChild:
        self.process = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, **self.popen)
        return self

    def ask(self, question: Any = None, *, about: str | None = None) -> Any:
        """Writes `question` as one line (None: writes nothing, only reads the next answer) and returns
        the answer read back; raises when the child has ended or answers `{"error": …}`."""
        about = about or self.name
        with self.lock:
            if self.restart and not self.running:
                self.start()
            if self.process is None:
                raise self.error(f"{about}: {self.name} was not started")
            process = self.process
            assert process and process.stdin and process.stdout
            try:
                if question is not None:
                    process.stdin.write(json.dumps(question) + "\n")
                    process.stdin.flush()
                line = process.stdout.readline()
            except (BrokenPipeError, ValueError):  # ValueError: its stdin was closed here
                line = ""
            if not line:
                raise self.error(f"{about}: {self.name} ended (exit code {process.wait()})")
        answer = json.loads(line)
        if isinstance(answer, dict) and "error" in answer:
            raise self.error(f"{about}: {answer['error']}")
        return answer

    def close(self, farewell: Any = None, timeout: float = 30) -> None:
        """Says `farewell` (a last line, if any), closes its stdin and waits for it (kills it after `timeout`)."""
        process, self.process = self.process, None
        if process is None:
            return
        try:
            if farewell is not None and process.stdin:
                process.stdin.write(json.dumps(farewell) + "\n")
            if process.stdin:
                process.stdin.close()
        except OSError:
            pass
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()

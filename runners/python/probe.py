"""Run with the runtime table's command for .py files: prints what this interpreter is, one JSON
line (core/runtimes.ts RuntimeSelf), so the runner knows CPython's version for provenance and the
stale hash, and whether python3 runs at all."""

import json
import platform
import sys

if platform.python_implementation() != "CPython":
    sys.exit(f"not CPython: {platform.python_implementation()}")
print(json.dumps({"name": "cpython", "version": platform.python_version()}))

"""Loads one Python cell and reports its parameters (or checks edited values) without running it:
the twin of runners/bin/describe-cell.ts, answering in the same form for runners/describe-fs.ts.

    describe.py <file>                          -> description
    describe.py <file> --check <preset> <json>  -> issues

The answer is the last stdout line starting with the marker; anything the module prints is ignored.
"""

import json
import os
import sys
import types

import sdk

MARKER = "@@async-measured-describe "


def answer(value):
    sys.stdout.write(f"\n{MARKER}{json.dumps(value, allow_nan=False)}\n")
    sys.stdout.flush()
    os._exit(0)


def main():
    file, *rest = sys.argv[1:]
    try:
        with open(file, encoding="utf-8") as f:
            code = compile(f.read(), file, "exec")
        module = types.ModuleType("__main__")
        module.__file__ = file
        sys.modules["__main__"] = module
        sys.path.insert(0, os.path.dirname(os.path.abspath(file)))
        exec(code, module.__dict__)
        definition = next((v for v in vars(module).values() if isinstance(v, sdk.Cell)), None)
        if definition is None:
            answer({"plain": True})
        if rest[:1] == ["--check"]:
            preset = "full" if rest[1] == "full" else "quick"
            answer({"issues": definition.check(preset, json.loads(rest[2] if len(rest) > 2 else "{}"))})
        description = {"schema": definition.schema(), "presets": {"quick": definition.presets["quick"], "full": definition.presets["full"]}}
        if definition.title:
            description["title"] = definition.title
        answer({"description": description})
    except BaseException as error:  # noqa: BLE001 - the answer says what went wrong
        answer({"error": f"{type(error).__name__}: {error}"})


if __name__ == "__main__":
    main()

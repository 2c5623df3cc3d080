"""The one handler of Grinberg's comparison, written twice, as the two halves of the Python world write it.

The workload is the load sweep's /io route (lib/deployments.ts): wait IO_MS milliseconds, as a
database call would, then answer "ok". Grinberg's point is that the waiting code is the same
Python either way; only who waits differs.

- `flask_app`: ordinary sync code, Flask. `time.sleep` holds the worker while it waits. Served by
  gunicorn's sync workers it blocks its process; served by gunicorn's gevent workers (which
  monkey-patch the standard library before loading the app), the very same `time.sleep` becomes a
  greenlet switch and the worker serves other requests meanwhile: his "async without async".
- `aiohttp_app()`: the coroutine world, aiohttp on one asyncio loop; `await asyncio.sleep`.

Run as a script, this file serves the aiohttp app on 127.0.0.1:PORT (the cell starts it pinned):
    python3 grinberg_apps.py PORT
gunicorn loads `grinberg_apps:flask_app` itself. IO_MS comes from the environment (default 20).
Imports are inside the functions, so gevent's monkey-patching sees the stdlib first and importing
this module (the cell does, for its path) costs nothing.
"""

import os
import sys

IO_MS = int(os.environ.get("IO_MS", "20"))


def make_flask_app():
    import time

    from flask import Flask

    app = Flask(__name__)

    @app.route("/io")
    def io():
        time.sleep(IO_MS / 1000)  # the "database call": blocks a sync worker, yields a greenlet
        return "ok"

    return app


def aiohttp_app():
    import asyncio

    from aiohttp import web

    async def io(request):
        await asyncio.sleep(IO_MS / 1000)  # the same wait, handed back to the loop
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_get("/io", io)
    return app


# gunicorn's application object; built only when gunicorn (or anyone) asks for it.
def __getattr__(name):
    if name == "flask_app":
        app = make_flask_app()
        globals()["flask_app"] = app
        return app
    raise AttributeError(name)


if __name__ == "__main__":
    from aiohttp import web

    # One process, one loop; a deep backlog like the Node servers', no access log.
    web.run_app(aiohttp_app(), host="127.0.0.1", port=int(sys.argv[1]), backlog=4096, access_log=None, print=None)

"""`requests.get(url).json()` from the standard library, for Dong Weiming's scraper when
`requests` is not installed (Debian: python3-requests). Like `requests.get` without a Session,
each call opens its own connection, blocks its thread until the whole answer is in, and closes
it. Environment proxies are ignored: the server is on loopback.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request

_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Response:
    """The part of requests.Response the scraper uses."""

    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code = status_code
        self.content = content

    def json(self):
        return json.loads(self.content)


def get(url: str, timeout: float | None = 60) -> Response:
    try:
        with _opener.open(url, timeout=timeout) as r:
            return Response(r.status, r.read())
    except urllib.error.HTTPError as error:  # requests returns an error status as a response
        with error:
            return Response(error.code, error.read())

"""The HTTP cache: a requests-cache SQLite file that revalidates with ETag / Last-Modified."""
from __future__ import annotations

from pathlib import Path

import requests
import requests_cache
from requests_cache import EXPIRE_IMMEDIATELY


def make_session(cache_path: Path | str | None) -> requests.Session:
    """Return a session caching 200 responses in an SQLite file, or a plain one for None.

    Responses are stored but considered stale at once unless the server's Cache-Control says
    otherwise, so every re-request is conditional (If-None-Match / If-Modified-Since): an
    unchanged page costs a 304 and no body, a changed one is downloaded again.
    """
    if cache_path is None:
        return requests.Session()
    path = Path(cache_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return requests_cache.CachedSession(
        str(path),
        backend="sqlite",
        expire_after=EXPIRE_IMMEDIATELY,
        cache_control=True,
        allowable_codes=(200,),
        allowable_methods=("GET",),
        stale_if_error=False,
        wal=True,
    )


def is_cached_session(session: requests.Session) -> bool:
    """Return whether the session keeps an HTTP cache."""
    return isinstance(session, requests_cache.CachedSession)

"""Narrow fetch failures, each a FetchError with its own stable code (W2xx).

They subclass pipeline.errors.FetchError so the runner and the CLI treat them alike;
the codes let a user count each kind of failure in errors.jsonl.
"""
from __future__ import annotations

from pipeline.errors import FetchError


class UnsupportedScheme(FetchError):
    """Only http and https URLs are fetched."""

    code = "W201"


class RobotsDisallowed(FetchError):
    """robots.txt forbids the URL for our user agent (or could not be read)."""

    code = "W202"


class FetchTimeout(FetchError):
    """The server did not connect or answer within the timeouts, after retries."""

    code = "W203"


class ConnectionFailed(FetchError):
    """The connection failed or the transfer broke off, after retries."""

    code = "W204"


class HTTPStatusError(FetchError):
    """The server answered with an error status (after retries for 429 and 5xx)."""

    code = "W205"


class TooManyRedirects(FetchError):
    """A redirect loop or a chain longer than the limit."""

    code = "W206"


class BodyTooLarge(FetchError):
    """The response body is over the size limit; it was not read to the end."""

    code = "W207"


class NotAPage(FetchError):
    """The URL served something that is no page, feed or sitemap (a PDF, an image)."""

    code = "W208"


class AddressRefused(FetchError):
    """The URL leads to a loopback, private, link-local or other non-public address no seed named."""

    code = "W209"

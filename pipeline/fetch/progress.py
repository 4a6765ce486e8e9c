"""A one-line crawl progress display on stderr: pages fetched / queued / failed, and the rate."""
from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Redraws one status line at most every `every` seconds; silent when quiet."""

    def __init__(self, *, quiet: bool = False, stream: TextIO | None = None,
                 every: float = 0.5) -> None:
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.every = every
        self.started = time.monotonic()
        self._last = 0.0
        self.fetched = self.queued = self.failed = self.articles = 0
        self._tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def line(self) -> str:
        """Return the current status line."""
        elapsed = max(time.monotonic() - self.started, 1e-6)
        return (f"fetched {self.fetched} | queued {self.queued} | failed {self.failed} | "
                f"articles {self.articles} | {self.fetched / elapsed:.1f} pages/s")

    def update(self, *, force: bool = False) -> None:
        """Redraw the line when enough time has passed (or when forced)."""
        if self.quiet:
            return
        now = time.monotonic()
        if not force and now - self._last < self.every:
            return
        self._last = now
        # On a terminal redraw in place; in a log file, one line per update.
        end = "\r" if self._tty else "\n"
        self.stream.write("warta crawl: " + self.line() + end)
        self.stream.flush()

    def finish(self) -> None:
        """Print the final line, ending it with a newline."""
        if self.quiet:
            return
        self.stream.write("warta crawl: " + self.line() + " (done)\n")
        self.stream.flush()

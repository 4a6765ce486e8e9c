"""Progress on long work: a tqdm bar on a terminal, in a log one line per [batch] progress_every seconds.

The one progress display: `warta run` counts articles against a total, `warta crawl` counts
pages with its queue and failures as a postfix.
"""
from __future__ import annotations

import os
import sys
import time
from typing import TextIO

from tqdm import tqdm

from pipeline.settings import current


class Progress:
    """Count, rate and ETA (when the total is known) of items done; silent when disabled."""

    def __init__(self, total: int | None, *, enabled: bool = True, unit: str = "article", desc: str = "warta",
                 stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total, self.unit, self.desc = total, unit, desc
        self.enabled = enabled
        self.n = 0
        self.started = self._last = 0.0
        self._bar: tqdm | None = None
        self._tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def update_to(self, n: int, postfix: str = "") -> None:
        """Set the count of items done and what to show after it (call as often as you like: output is throttled)."""
        if not self.enabled or n == self.n:
            return
        if not self.started:  # the clock starts with the first item, not while the pipeline is built
            self.started = self._last = time.monotonic()
            if self._tty:
                tqdm.monitor_interval = 0  # no monitor thread (the runner may fork workers later)
                sized = _columns(self.stream) > 0  # a terminal that reports no size (some ptys): 80 columns
                self._bar = tqdm(total=self.total, unit=self.unit, desc=self.desc, file=self.stream,
                                 dynamic_ncols=sized, ncols=None if sized else 80, leave=False,
                                 mininterval=0.5, smoothing=0.1)
        if self._bar is not None:
            if postfix:
                self._bar.set_postfix_str(postfix, refresh=False)
            self._bar.update(n - self.n)
            self.n = n
            return
        self.n = n
        now = time.monotonic()
        if now - self._last >= current().batch.progress_every:
            self._last = now
            line = tqdm.format_meter(n, self.total, now - self.started, unit=self.unit, prefix=self.desc,
                                     postfix=postfix or None)
            self.stream.write(line + "\n")
            self.stream.flush()

    def close(self) -> None:
        """Remove the bar (the caller prints its own summary line)."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def _columns(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 0


__all__ = ["Progress"]

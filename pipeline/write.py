"""JSON Lines output that never leaves a half-written line, even on a crash or Ctrl-C."""
from __future__ import annotations

import errno
import json
import os
import signal
import stat
from pathlib import Path
from types import TracebackType
from typing import Any

from pipeline.errors import WriteFailed


def dumps_line(obj: dict[str, Any]) -> str:
    """Return one JSON line (UTF-8 kept readable, keys in insertion order) ending in a newline."""
    return json.dumps(obj, ensure_ascii=False, separators=(", ", ": ")) + "\n"


class JsonlWriter:
    """Append complete JSON lines to a file; each write lands whole or not at all.

    Each line is encoded first and written with os.write on an O_APPEND descriptor, with SIGINT
    held off for that call, so a Ctrl-C between lines leaves only whole lines. A write that fails
    part-way (a full disk, a file-size limit) is rolled back to the last whole line before the
    error is raised as WriteFailed, which names the file. A file left by an earlier crash that
    ends mid-line is repaired on open (the partial tail is cut off), so appending never glues two
    records together. Devices and pipes (`-o /dev/null`) are written as they are.
    """

    def __init__(self, path: Path | str, *, append: bool = False, fsync_every: int = 256) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        regular = not self.path.exists() or self.path.is_file()
        if append and regular:
            _truncate_partial_tail(self.path)
        flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND | (0 if append else os.O_TRUNC) if regular else 0)
        try:
            self._fd: int | None = os.open(self.path, flags, 0o644)
        except OSError as exc:
            raise _failed(self.path, exc) from None
        self._regular = stat.S_ISREG(os.fstat(self._fd).st_mode)
        self.size = os.fstat(self._fd).st_size if self._regular else 0
        self._fsync_every = fsync_every
        self._since_sync = 0
        self.count = 0

    def write(self, obj: dict[str, Any]) -> None:
        """Write one object as one complete line."""
        self.write_line(dumps_line(obj).encode("utf-8"))

    def write_line(self, data: bytes) -> None:
        """Write bytes that end in a newline (one or more whole lines); all land, or none."""
        if self._fd is None:
            raise ValueError(f"writer for {self.path} is closed")
        with _sigint_deferred():
            try:
                written = os.write(self._fd, data)
                while written < len(data):  # a short write: the next call reports why, or finishes
                    written += os.write(self._fd, data[written:])
            except OSError as exc:
                self._roll_back()
                raise _failed(self.path, exc) from None
        self.size += len(data)
        self.count += 1
        self._since_sync += 1
        if self._since_sync >= self._fsync_every:
            self.flush()

    def _roll_back(self) -> None:
        """Cut the file back to its last whole line (what it held before the failed write)."""
        if self._regular and self._fd is not None:
            os.ftruncate(self._fd, self.size)

    def flush(self) -> None:
        """Push written lines to disk."""
        if self._fd is not None and self._regular:
            try:
                os.fsync(self._fd)
            except OSError as exc:
                raise _failed(self.path, exc) from None
            self._since_sync = 0

    def close(self) -> None:
        """Flush and close the file."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                if self._regular:
                    try:
                        os.fsync(fd)
                    except OSError as exc:
                        raise _failed(self.path, exc) from None
            finally:
                os.close(fd)

    def __enter__(self) -> "JsonlWriter":
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc is None:
            self.close()
            return
        try:  # already failing: close without letting a second error hide the first
            self.close()
        except WriteFailed:
            pass


def _failed(path: Path, exc: OSError) -> WriteFailed:
    """The error a user sees: which file, and why (the file keeps only whole lines)."""
    why = {errno.ENOSPC: "no space left on the device", errno.EFBIG: "the file is too large",
           errno.EDQUOT: "disk quota exceeded"}.get(exc.errno or 0, exc.strerror or str(exc))
    return WriteFailed(f"cannot write {path}: {why}; it keeps every whole line written before", input=str(path))


def _truncate_partial_tail(path: Path) -> None:
    """Cut a trailing partial line (no final newline) left by a killed process."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb+") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        fh.seek(max(0, size - 1))
        if fh.read(1) == b"\n":
            return
        # Walk back to the last newline; files are JSONL, so lines are modest in size.
        pos = size
        chunk = 65536
        while pos > 0:
            start = max(0, pos - chunk)
            fh.seek(start)
            buf = fh.read(pos - start)
            idx = buf.rfind(b"\n")
            if idx >= 0:
                fh.truncate(start + idx + 1)
                return
            pos = start
        fh.truncate(0)


class _sigint_deferred:
    """Hold SIGINT during one write; re-deliver it right after, so lines stay whole."""

    def __enter__(self) -> None:
        self._pending = False
        try:
            self._old = signal.signal(signal.SIGINT, self._handler)
        except ValueError:  # not the main thread: signals cannot be handled here anyway
            self._old = None

    def _handler(self, signum: int, frame: object) -> None:
        self._pending = True

    def __exit__(self, *exc: object) -> None:
        if self._old is not None:
            signal.signal(signal.SIGINT, self._old)
            if self._pending:
                raise KeyboardInterrupt

"""What makes an output folder incremental and safe: its lock and its run state.

One warta process at a time holds a folder (`warta.lock`, an flock the OS releases when the
process dies). `run-state.sqlite` remembers, per article id, a fingerprint of what produced its
records (text, headline, date, URL, rules, warta version), and how many bytes of each output
file are committed. A later run skips articles with the same fingerprint, re-extracts changed
ones and drops their old lines; a killed run's uncommitted tail is cut off when the next starts.

Replacing lines rewrites a file (temporary file, fsync, rename). The rename and the state update
cannot be one step, so the state notes the new file's inode first: on start, a file with that
inode was renamed into place (finish the bookkeeping), any other was not (do it again).
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from pipeline import __version__
from pipeline.errors import FolderBusy, InputError, WriteFailed
from pipeline.models import Article
from pipeline.outputs import ARTICLES, AWARDS, ERRORS, EVENTS, LOCK, STATE, loads_line
FILES = (AWARDS, ARTICLES, ERRORS)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sizes (name TEXT PRIMARY KEY, size INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS done (id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stale (id TEXT NOT NULL, name TEXT NOT NULL, before INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS pending (name TEXT PRIMARY KEY, inode INTEGER NOT NULL, size INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS errors_seen (key TEXT PRIMARY KEY);
"""


class FolderLock:
    """An exclusive lock on an output folder: refuse (or wait) when another process holds it."""

    def __init__(self, folder: Path, *, wait: bool = False, command: str = "warta") -> None:
        self.path = folder / LOCK
        folder.mkdir(parents=True, exist_ok=True)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                holder = os.pread(self._fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
                os.close(self._fd)
                raise FolderBusy(f"{folder} is in use: {self.path} is held by {holder}; "
                                 f"wait for it with --wait, or write to another --out", input=str(folder)) from None
            fcntl.flock(self._fd, fcntl.LOCK_EX)  # blocks until the holder ends (or dies)
        os.ftruncate(self._fd, 0)
        note = f"{command} (pid {os.getpid()}, since {time.strftime('%Y-%m-%d %H:%M:%S')})\n"
        os.pwrite(self._fd, note.encode("utf-8"), 0)

    def release(self) -> None:
        """Let the next process in (the file stays: deleting it would race with a waiter)."""
        if self._fd >= 0:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> FolderLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def fingerprint(art: Article, rules_digest: str) -> str:
    """What an article's records depend on: its text, headline, date, URL and site, the rules, warta."""
    h = hashlib.sha256()
    for part in (__version__, rules_digest, art.url or "", art.site or "", art.title or "", art.published or "",
                 art.text):
        h.update(str(part).encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()[:24]


def error_key(input: str, stage: str, reason: str) -> str:
    """The identity of an error line: the same failure seen again is not written twice."""
    return hashlib.sha256(f"{input}\0{stage}\0{reason}".encode("utf-8", "surrogatepass")).hexdigest()[:24]


class RunState:
    """The run state of one output folder (call only while holding its FolderLock)."""

    def __init__(self, folder: Path, *, fresh: bool = False) -> None:
        self.folder = folder
        self.path = folder / STATE
        if fresh:
            for name in (*FILES, EVENTS, STATE, STATE + "-wal", STATE + "-shm"):
                (folder / name).unlink(missing_ok=True)
        elif not self.path.exists():
            left = [n for n in FILES if (folder / n).is_file() and (folder / n).stat().st_size]
            if left:
                raise InputError(f"{folder} holds {', '.join(left)} but no {STATE}: written by another "
                                 f"command or an older warta, so warta cannot tell what is done; add --fresh "
                                 f"to start over, or choose another --out", input=str(folder))
        self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self._sql(lambda: self.db.executescript(_SCHEMA))
        self.sizes = dict(self.db.execute("SELECT name, size FROM sizes"))
        self._recover()

    def close(self) -> None:
        """Close the state database."""
        self.db.close()

    # --- reading ---------------------------------------------------------------------------------
    def fingerprint_of(self, article_id: str) -> str | None:
        """The fingerprint an article was last done with, or None."""
        row = self.db.execute("SELECT fingerprint FROM done WHERE id = ?", (str(article_id),)).fetchone()
        return row[0] if row else None

    def error_seen(self, key: str) -> bool:
        """True when this error line is already in errors.jsonl."""
        return self.db.execute("SELECT 1 FROM errors_seen WHERE key = ?", (key,)).fetchone() is not None

    # --- writing ---------------------------------------------------------------------------------
    def commit(self, sizes: dict[str, int], done: Iterable[tuple[str, str]], stale: Iterable[tuple[str, str, int]],
               errors: Iterable[str]) -> None:
        """Record in one transaction: the files' whole, fsynced sizes and what they now hold."""
        def step() -> None:
            with self._transaction():
                self.db.executemany("INSERT OR REPLACE INTO sizes VALUES (?, ?)", sizes.items())
                self.db.executemany("INSERT OR REPLACE INTO done VALUES (?, ?)", done)
                self.db.executemany("INSERT INTO stale VALUES (?, ?, ?)", stale)
                self.db.executemany("INSERT OR IGNORE INTO errors_seen VALUES (?)", ((k,) for k in errors))
        self._sql(step)
        self.sizes.update(sizes)

    def compact(self) -> int:
        """Drop the replaced articles' old lines from awards and articles; return the old records dropped."""
        dropped = 0
        for name, id_of in ((AWARDS, _record_article_id), (ARTICLES, _article_id)):
            stale = dict(self.db.execute("SELECT id, MAX(before) FROM stale WHERE name = ? GROUP BY id", (name,)))
            if not stale:
                continue
            path, tmp = self.folder / name, self.folder / f".{name}.tmp"
            limit = max(stale.values())
            count = 0
            try:
                with open(path, "rb") as src, open(tmp, "wb") as dst:
                    pos = 0
                    for line in src:
                        if pos < limit and pos < stale.get(id_of(line), -1):
                            count += 1
                        else:
                            dst.write(line)
                        pos += len(line)
                    dst.flush()
                    os.fsync(dst.fileno())
            except OSError as exc:
                tmp.unlink(missing_ok=True)
                raise WriteFailed(f"cannot write {tmp} (replacing old lines of {path}): "
                                  f"{exc.strerror or exc}; {path} is unchanged", input=str(path)) from None
            st = os.stat(tmp)
            self._sql(lambda: self.db.execute("INSERT OR REPLACE INTO pending VALUES (?, ?, ?)",
                                              (name, st.st_ino, st.st_size)))
            os.replace(tmp, path)
            _fsync_dir(self.folder)
            self._finish(name, st.st_size)
            dropped += count if name == AWARDS else 0
        return dropped

    # --- start-up --------------------------------------------------------------------------------
    def _recover(self) -> None:
        """Bring the files back to the last commit: finish or forget a rewrite, cut uncommitted tails."""
        for name, inode, size in list(self.db.execute("SELECT name, inode, size FROM pending")):
            path = self.folder / name
            if path.exists() and path.stat().st_ino == inode:
                self._finish(name, size)  # renamed into place before the process ended
            else:
                (self.folder / f".{name}.tmp").unlink(missing_ok=True)
                self._sql(lambda: self.db.execute("DELETE FROM pending WHERE name = ?", (name,)))
        for name in FILES:
            path = self.folder / name
            committed = self.sizes.get(name, 0)
            actual = path.stat().st_size if path.exists() else 0
            if actual < committed:
                raise InputError(f"{path} is shorter than {self.path} says ({actual} < {committed} bytes): "
                                 f"it was changed outside warta; add --fresh to start over", input=str(path))
            if actual > committed:  # lines of a run that ended before committing them: it redoes them
                os.truncate(path, committed)
        self.compact()

    def _finish(self, name: str, size: int) -> None:
        def step() -> None:
            with self._transaction():
                self.db.execute("DELETE FROM stale WHERE name = ?", (name,))
                self.db.execute("INSERT OR REPLACE INTO sizes VALUES (?, ?)", (name, size))
                self.db.execute("DELETE FROM pending WHERE name = ?", (name,))
        self._sql(step)
        self.sizes[name] = size

    def _transaction(self):
        self.db.execute("BEGIN IMMEDIATE")
        return _Tx(self.db)

    def _sql(self, step):
        try:
            return step()
        except sqlite3.OperationalError as exc:
            raise WriteFailed(f"cannot write {self.path}: {exc}", input=str(self.path)) from None


class _Tx:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type, exc, tb) -> None:
        self.db.execute("COMMIT" if exc is None else "ROLLBACK")


def _record_article_id(line: bytes) -> str:
    try:
        return str(loads_line(line)["article"]["id"])
    except (ValueError, KeyError, TypeError):
        return ""


def _article_id(line: bytes) -> str:
    try:
        return str(loads_line(line)["id"])
    except (ValueError, KeyError, TypeError):
        return ""


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


__all__ = ["FolderLock", "RunState", "fingerprint", "error_key", "LOCK", "STATE"]

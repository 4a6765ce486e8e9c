"""Crawl state in an SQLite file: what is queued, done or failed, and which articles were written.

A crawl killed at any moment resumes from the `queued` rows; an article is recorded only
after its line was written, and an id or canonical URL already recorded is never written again.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from pipeline.fetch.dedup import similarity
from pipeline.settings import current

_SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    hint TEXT NOT NULL,          -- seed, link, entry, sitemap: how the URL was found
    depth INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,        -- queued, done, failed, skipped, duplicate
    canonical_url TEXT,
    content_hash TEXT,
    article_id TEXT,
    reason TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS urls_status ON urls(status);
CREATE TABLE IF NOT EXISTS articles (
    article_id TEXT PRIMARY KEY,
    canonical_url TEXT,
    site TEXT,
    content_hash TEXT,
    near_duplicate_of TEXT,
    written_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_canonical ON articles(canonical_url);
CREATE INDEX IF NOT EXISTS articles_hash ON articles(content_hash);
CREATE TABLE IF NOT EXISTS sketches (
    minhash INTEGER NOT NULL,
    article_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sketches_minhash ON sketches(minhash);
"""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class CrawlState:
    """The crawl's memory; one thread uses it (the crawl loop), every change committed at once."""

    def __init__(self, path: Path | str | None) -> None:
        target = ":memory:" if path is None else str(path)
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(target, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the database."""
        self.db.close()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Make the changes inside one transaction: queueing a 50,000-URL sitemap is one commit."""
        self.db.execute("BEGIN")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def add(self, url: str, *, hint: str, depth: int = 0) -> bool:
        """Queue a URL not seen before; return False when the state already knows it."""
        cur = self.db.execute(
            "INSERT OR IGNORE INTO urls(url, hint, depth, status, updated_at) "
            "VALUES (?, ?, ?, 'queued', ?)", (url, hint, depth, _now()))
        return cur.rowcount == 1

    def requeue(self, url: str, *, hint: str, depth: int = 0) -> None:
        """Queue a URL again even when done (seeds are re-read each run to find new links)."""
        self.db.execute(
            "INSERT INTO urls(url, hint, depth, status, updated_at) VALUES (?, ?, ?, 'queued', ?) "
            "ON CONFLICT(url) DO UPDATE SET status='queued', depth=excluded.depth, "
            "updated_at=excluded.updated_at WHERE urls.status != 'queued'",
            (url, hint, depth, _now()))

    def pending(self) -> list[tuple[str, str, int]]:
        """Return (url, hint, depth) of every queued URL, oldest first."""
        return list(self.db.execute(
            "SELECT url, hint, depth FROM urls WHERE status='queued' ORDER BY rowid"))

    def status(self, url: str) -> str | None:
        """Return a URL's status, or None when unknown."""
        row = self.db.execute("SELECT status FROM urls WHERE url=?", (url,)).fetchone()
        return row[0] if row else None

    def mark(self, url: str, status: str, *, reason: str | None = None,
             canonical_url: str | None = None, content_hash: str | None = None,
             article_id: str | None = None) -> None:
        """Set a URL's outcome (done, failed, skipped, duplicate) with what was learnt."""
        self.db.execute(
            "INSERT INTO urls(url, hint, status, reason, canonical_url, content_hash, article_id,"
            " updated_at) VALUES (?, 'link', ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
            "status=excluded.status, reason=excluded.reason, canonical_url=excluded.canonical_url,"
            " content_hash=excluded.content_hash, article_id=excluded.article_id, "
            "updated_at=excluded.updated_at",
            (url, status, reason, canonical_url, content_hash, article_id, _now()))

    def written(self, article_id: str, canonical_url: str | None) -> str | None:
        """Return the id of an article already written with this id or canonical URL."""
        row = self.db.execute(
            "SELECT article_id FROM articles WHERE article_id=? OR (canonical_url IS NOT NULL "
            "AND canonical_url=?)", (article_id, canonical_url)).fetchone()
        return row[0] if row else None

    def duplicate_of(self, site: str | None, chash: str, sk: list[int]) -> tuple[str, bool] | None:
        """Return (first article id, same site?) of an earlier copy or near-copy of a text.

        The first article wins: its own near_duplicate_of is empty, and later copies point at
        it rather than at each other.
        """
        row = self.db.execute("SELECT article_id, site, near_duplicate_of FROM articles "
                              "WHERE content_hash=? ORDER BY written_at, rowid LIMIT 1",
                              (chash,)).fetchone()
        if row:
            return (row[2] or row[0], row[1] == site)
        if not sk:
            return None
        marks = ",".join("?" * len(sk))
        candidates = [r[0] for r in self.db.execute(
            f"SELECT DISTINCT article_id FROM sketches WHERE minhash IN ({marks})", sk)]
        best: tuple[float, str, str | None, str | None] | None = None
        near = current().dedup.near_duplicate
        for cand in candidates:
            other = [r[0] for r in self.db.execute(
                "SELECT minhash FROM sketches WHERE article_id=? ORDER BY minhash", (cand,))]
            score = similarity(sk, other)
            if score >= near and (best is None or score > best[0]):
                info = self.db.execute("SELECT site, near_duplicate_of FROM articles "
                                       "WHERE article_id=?", (cand,)).fetchone()
                if info:
                    best = (score, cand, info[0], info[1])
        if best is None:
            return None
        return (best[3] or best[1], best[2] == site)

    def record_article(self, article_id: str, *, url: str, canonical_url: str | None,
                       site: str | None, chash: str, sk: list[int],
                       near_duplicate_of: str | None) -> None:
        """Remember a written article, its text fingerprints, and its URLs as done."""
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute(
                "INSERT OR IGNORE INTO articles(article_id, canonical_url, site, content_hash, "
                "near_duplicate_of, written_at) VALUES (?, ?, ?, ?, ?, ?)",
                (article_id, canonical_url, site, chash, near_duplicate_of, _now()))
            self.db.executemany("INSERT INTO sketches(minhash, article_id) VALUES (?, ?)",
                                [(h, article_id) for h in sk])
            for u in {url, canonical_url} - {None}:
                self.mark(u, "done", canonical_url=canonical_url, content_hash=chash,  # type: ignore[arg-type]
                          article_id=article_id)

    def counts(self) -> dict[str, int]:
        """Return how many URLs are in each status."""
        return dict(self.db.execute("SELECT status, COUNT(*) FROM urls GROUP BY status"))

    def article_count(self) -> int:
        """Return how many articles were written."""
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

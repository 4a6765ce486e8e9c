"""The output folder's layout, its file names, and the one reader of JSON Lines.

A run writes `awards.jsonl`, `articles.jsonl`, `errors.jsonl` (and `events.jsonl`) into its
`--out` folder; a distributed run writes shards instead (`awards/part-00000.jsonl`, …) beside a
manifest. Every command that reads an output accepts a file, such a folder, or `-` (stdin), and
reads it through `iter_jsonl` / `read_output`, so the layouts are known in one place. Every
other JSONL line warta reads (Article JSONL input, rule patterns, state bookkeeping) is parsed
by `loads_line`, so "what is a good line" is decided here too.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import InputError

AWARDS = "awards.jsonl"
ARTICLES = "articles.jsonl"
ERRORS = "errors.jsonl"
EVENTS = "events.jsonl"
MANIFEST = "manifest.json"
LOCK = "warta.lock"                  # one process per output folder (pipeline.runstate)
STATE = "run-state.sqlite"           # what `warta run` has done in the folder
HTTP_CACHE = "http-cache.sqlite"     # the crawler's HTTP cache
CRAWL_STATE = "crawl-state.sqlite"   # the crawler's frontier and written articles
REVIEW_PAGE = "review.html"          # `warta review`'s default page, beside the records
DECISIONS = "decisions.jsonl"        # `warta review --serve`'s default decisions file
REPORT_PAGE = "report.html"          # `warta report`'s default page
STDIO = "-"                          # a file name meaning stdin or stdout
KINDS = {"awards": AWARDS, "articles": ARTICLES, "errors": ERRORS, "events": EVENTS}


class BadLine(ValueError):
    """A JSONL line that is not one JSON object; `reason` says why, `decode_error` keeps the parser's error."""

    def __init__(self, reason: str, decode_error: Exception | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.decode_error = decode_error


def loads_line(raw: bytes | str) -> dict[str, Any]:
    """Return the JSON object on one JSONL line; raise BadLine when it is not UTF-8, not JSON or not an object."""
    try:
        obj = json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    except UnicodeDecodeError as exc:
        raise BadLine(f"not UTF-8 ({exc.reason})", exc) from None
    except json.JSONDecodeError as exc:
        raise BadLine(f"not JSON ({exc.msg})", exc) from None
    except RecursionError as exc:
        raise BadLine("not JSON (nested too deeply)", exc) from None
    if not isinstance(obj, dict):
        raise BadLine("not a JSON object")
    return obj


def article_key(ref: dict[str, Any]) -> str:
    """Return the key that joins a record's `article` block (or an Article line) to its article.

    The article id, else its URL, else its title: the one key the review page and `warta eval
    --reviewed` group records by.
    """
    return str(ref.get("id") or ref.get("url") or ref.get("title") or "")


@dataclass(frozen=True)
class Problem:
    """One line that could not be read: where, and why."""

    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: skipped, {self.reason}"


def output_files(path: Path | str, kind: str = "awards") -> list[Path]:
    """Return the files that hold one kind of output under path (a file, a run folder, a shard folder).

    A file is returned as is; a folder gives its `awards.jsonl` and/or its `awards/part-*.jsonl`
    shards in name order. Raises InputError when nothing of that kind is there.
    """
    p = Path(path)
    if p.is_file() or str(p) == STDIO:
        return [p]
    if not p.is_dir():
        raise InputError(f"{p}: no such file or folder", input=str(p))
    files = []
    single = p / KINDS[kind]
    if single.is_file():
        files.append(single)
    shard_dir = p / kind
    if shard_dir.is_dir():
        files.extend(sorted(shard_dir.glob("part-*.jsonl")))
    if not files:
        raise InputError(f"{p}: no {KINDS[kind]} and no {kind}/part-*.jsonl shards in this folder", input=str(p))
    return files


def iter_jsonl(path: Path | str, problems: list[Problem] | None = None) -> Iterator[dict[str, Any]]:
    """Yield the JSON objects of one JSONL file (`-` for stdin), streamed line by line.

    A line that is not a JSON object is skipped and, when `problems` is given, reported there.
    Raises InputError when the file cannot be opened or is not UTF-8.
    """
    for _number, obj in iter_numbered(path, problems):
        yield obj


def iter_numbered(path: Path | str, problems: list[Problem] | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, JSON object) of one JSONL file, as `iter_jsonl` reads it."""
    name = str(path)
    try:
        fh = sys.stdin.buffer if name == STDIO else open(path, "rb")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}", input=name) from exc
    try:
        for number, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                obj = loads_line(raw)
            except BadLine as exc:
                if isinstance(exc.decode_error, UnicodeDecodeError):
                    raise InputError(f"{name}:{number}: {exc.reason}", input=name) from exc
                if problems is not None:
                    problems.append(Problem(name, number, exc.reason))
                continue
            yield number, obj
    finally:
        if fh is not sys.stdin.buffer:
            fh.close()


def read_output(path: Path | str, kind: str = "awards",
                problems: list[Problem] | None = None) -> Iterator[dict[str, Any]]:
    """Yield every object of one kind of output under path (file, run folder or shard folder, or `-`)."""
    for file in output_files(path, kind):
        yield from iter_jsonl(file, problems)


__all__ = ["AWARDS", "ARTICLES", "ERRORS", "EVENTS", "MANIFEST", "LOCK", "STATE", "HTTP_CACHE", "CRAWL_STATE",
           "REVIEW_PAGE", "DECISIONS", "REPORT_PAGE", "STDIO", "BadLine", "Problem", "article_key", "loads_line",
           "output_files", "iter_jsonl", "iter_numbered", "read_output"]

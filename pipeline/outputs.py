"""The output folder's layout and the one reader of warta's JSON Lines outputs.

A run writes `awards.jsonl`, `articles.jsonl`, `errors.jsonl` (and `events.jsonl`) into its
`--out` folder; a distributed run writes shards instead (`awards/part-00000.jsonl`, …) beside a
manifest. Every command that reads an output accepts a file, such a folder, or `-` (stdin), and
reads it through `iter_jsonl` / `read_output`, so the layouts are known in one place.
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
KINDS = {"awards": AWARDS, "articles": ARTICLES, "errors": ERRORS, "events": EVENTS}


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
    if p.is_file() or str(p) == "-":
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
        fh = sys.stdin.buffer if name == "-" else open(path, "rb")  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}", input=name) from exc
    try:
        for number, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                obj = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}:{number}: not UTF-8 ({exc.reason})", input=name) from exc
            except (json.JSONDecodeError, RecursionError) as exc:
                if problems is not None:
                    problems.append(Problem(name, number, f"not JSON ({getattr(exc, 'msg', 'nested too deeply')})"))
                continue
            if not isinstance(obj, dict):
                if problems is not None:
                    problems.append(Problem(name, number, "not a JSON object"))
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


__all__ = ["AWARDS", "ARTICLES", "ERRORS", "EVENTS", "MANIFEST", "Problem", "output_files", "iter_jsonl",
           "iter_numbered", "read_output"]

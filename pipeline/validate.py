"""Check warta's outputs against the JSON Schemas in pipeline/schema/: every line, by kind.

The schemas are the contract (docs/contracts.md): a record, article, event or error line that
does not fit is reported as `file:line: reason`. Files are read through `pipeline.outputs`, so a
file, a run folder, a shard folder and `-` (stdin) are all accepted.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from pipeline.errors import InputError
from pipeline.outputs import KINDS, Problem, iter_numbered, output_files

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
# Output kind (the names pipeline.outputs uses) -> schema file stem in pipeline/schema/.
SCHEMAS = {"awards": "award_record", "articles": "article", "events": "award_event", "errors": "error_record"}
_REASON_CHARS = 200  # a schema message quotes the offending value; a whole article text is no use


class Invalid(Problem):
    """One line that does not fit its schema (or is not a JSON object): reported, not skipped."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass
class Report:
    """What validating one or more files found."""

    files: list[str] = field(default_factory=list)
    lines: int = 0
    invalid: list[Invalid] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every line read fits its schema."""
        return not self.invalid


@lru_cache(maxsize=None)
def schema(kind: str) -> dict[str, Any]:
    """Return the JSON Schema of one output kind (`awards`, `articles`, `events`, `errors`)."""
    return json.loads((SCHEMA_DIR / f"{SCHEMAS[kind]}.schema.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def _validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(schema(kind))


def kind_of_file(path: Path | str) -> str | None:
    """Return the kind a file's name says (`awards.jsonl`, `awards/part-00001.jsonl`), or None."""
    p = Path(path)
    for kind, name in KINDS.items():
        if p.name == name or (p.parent.name == kind and p.name.startswith("part-")):
            return kind
    return None


def kind_of_object(obj: dict[str, Any]) -> str | None:
    """Guess a line's kind from its keys, for files whose name does not say."""
    if "record_id" in obj and "recipient" in obj:
        return "awards"
    if "event_id" in obj:
        return "events"
    if "stage" in obj and "reason" in obj:
        return "errors"
    if "text" in obj:
        return "articles"
    return None


def check_object(obj: dict[str, Any], kind: str) -> str | None:
    """Return why obj does not fit the schema of kind (the first problem, by JSON path), or None."""
    errors = sorted(_validator(kind).iter_errors(obj), key=lambda e: (list(e.path), e.message))
    if not errors:
        return None
    first = errors[0]
    message = first.message
    if first.validator == "pattern" and isinstance(first.schema, dict) and "description" in first.schema:
        message = f"{first.instance!r} is not {first.schema['description']}"  # the regex says less
    message = message if len(message) <= _REASON_CHARS else message[:_REASON_CHARS] + "…"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{SCHEMAS[kind]}: {first.json_path}: {message}{more}"


def validate_file(path: Path | str, kind: str | None = None) -> Iterator[Invalid | int]:
    """Yield an Invalid per bad line of one JSONL file, then the number of lines read.

    `kind` forces a schema; else the file name decides, else each line's keys.
    """
    name = str(path)
    kind = kind or kind_of_file(path)
    problems: list[Problem] = []
    count = 0
    for number, obj in iter_numbered(path, problems):
        count += 1
        while problems:  # lines that are not JSON objects, reported in file order
            bad = problems.pop(0)
            count += 1
            yield Invalid(bad.path, bad.line, bad.reason)
        line_kind = kind or kind_of_object(obj)
        if line_kind is None:
            yield Invalid(name, number, "not a warta record, article, event or error line (say which with --kind)")
            continue
        reason = check_object(obj, line_kind)
        if reason:
            yield Invalid(name, number, reason)
    for bad in problems:
        count += 1
        yield Invalid(bad.path, bad.line, bad.reason)
    yield count


def files_to_check(path: Path | str) -> list[Path]:
    """Return the JSONL files under path: the file itself, or every output kind a run folder holds."""
    p = Path(path)
    if str(p) == "-" or p.is_file():
        return [p]
    if not p.is_dir():
        raise InputError(f"{p}: no such file or folder", input=str(p))
    found: list[Path] = []
    for kind in KINDS:
        try:
            found.extend(output_files(p, kind))
        except InputError:
            continue  # a run need not write every kind
    if not found:
        names = ", ".join(KINDS.values())
        raise InputError(f"{p}: no warta outputs in this folder (none of {names}, nor their part-*.jsonl shards)",
                         input=str(p))
    return found


def validate_paths(paths: list[Path | str], kind: str | None = None) -> Report:
    """Validate every line of every file under paths; raise InputError for a path that cannot be read."""
    report = Report()
    for path in paths:
        for file in files_to_check(path):
            report.files.append(str(file))
            for item in validate_file(file, kind):
                if isinstance(item, Invalid):
                    report.invalid.append(item)
                else:
                    report.lines += item
    return report

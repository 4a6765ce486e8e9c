"""Narrow errors raised inside stages; the runner turns each into one errors.jsonl line.

Codes are stable strings that users can grep and count (like spaCy's E-codes).
"""
from __future__ import annotations

import re


class WartaError(Exception):
    """Base of every error a stage raises for one input it cannot handle."""

    stage = "pipeline"
    code = "W000"

    def __init__(self, reason: str, *, input: str = "", line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.input = input
        self.line = line


class InputError(WartaError):
    """The input is not something warta can read (bad JSON line, binary, empty text)."""

    stage = "read"
    code = "W100"


class BadJSONLine(InputError):
    code = "W101"


class EmptyText(InputError):
    code = "W102"


class BinaryInput(InputError):
    code = "W103"


class NotIndonesian(InputError):
    code = "W104"


class FetchError(WartaError):
    """An HTTP fetch failed for good (after retries): status, timeout, robots, size."""

    stage = "fetch"
    code = "W200"


class ExtractError(WartaError):
    """An HTML page holds no article body."""

    stage = "extract"
    code = "W300"


class NLPError(WartaError):
    stage = "nlp"
    code = "W400"


class RecordError(WartaError):
    stage = "records"
    code = "W500"


class OutputError(WartaError):
    """One input's output cannot be written (a text that cannot be encoded as UTF-8)."""

    stage = "write"
    code = "W600"


class WriteFailed(WartaError):
    """An output file cannot be written (full disk, file too large, no permission): the run stops."""

    stage = "write"
    code = "W601"


class FolderBusy(WartaError):
    """Another warta process holds the output folder's lock."""

    stage = "write"
    code = "W602"


class ExportError(WartaError):
    """An export that cannot be written: a missing optional library, a binary format to a terminal."""

    stage = "export"
    code = "W700"


class EngineError(WartaError):
    """The distributed engine cannot start: Dask missing, scheduler unreachable."""

    stage = "engine"
    code = "W800"


class RuleError(Exception):
    """A rule file is malformed: carries file, line and reason (`file:line: reason`)."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        loc = f"{path}:{line}" if line else path
        super().__init__(f"{loc}: {reason}")


class RuleErrors(Exception):
    """Several rule errors found at once; str() lists them one per line."""

    def __init__(self, errors: list[RuleError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


class SettingsError(Exception):
    """A settings file is refused (unknown key, wrong type): each problem as `file:line: reason`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def toml_error_line(exc: Exception) -> int | None:
    """The line a TOML syntax error names: Python 3.11's TOMLDecodeError has no lineno, its message says "(at line N, …)"."""
    m = re.search(r"line (\d+)", str(exc))
    return int(m.group(1)) if m else None

"""The options commands share, each defined once: --rules, -o/--out, --json, --quiet, and `-`.

Every command takes `--rules DIR` and `--quiet`; a command that writes takes `-o/--out` (a
folder for `run` and `crawl`, else a file or `-` for stdout); a command with a summary takes
`--json`. The summary goes through `print_summary`, so `--quiet` and `--json` mean the same
everywhere: quiet prints no progress and no summary (errors still go to stderr); json prints
the summary as one JSON object on stdout (on stderr when stdout carries the command's output).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from pipeline.outputs import STDIO


def add_rules(parser: argparse.ArgumentParser) -> None:
    """Add `--rules DIR`: the rules folder (default: ./rules when it has patterns/, else the bundled rules)."""
    parser.add_argument("--rules", type=Path, default=None, metavar="DIR",
                        help="rules folder (default: ./rules, else the bundled rules)")


def add_quiet(parser: argparse.ArgumentParser) -> None:
    """Add `-q/--quiet`: no progress and no summary; errors still go to stderr."""
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="no progress and no summary (errors still go to stderr)")


def add_common(parser: argparse.ArgumentParser) -> None:
    """Add the options every command takes: --rules and --quiet."""
    add_rules(parser)
    add_quiet(parser)


def add_out(parser: argparse.ArgumentParser, *, default: str | Path | None, what: str,
            folder: bool = False, shown: str | None = None) -> None:
    """Add `-o/--out`: where the command writes (a folder, or a file with `-` for stdout).

    `shown` is the default as the help tells it, when it is not a plain value ("review.html beside FILE").
    """
    if folder:
        parser.add_argument("-o", "--out", type=Path, default=default, metavar="DIR",
                            help=f"{what} (default: {shown or default})")
        return
    shown = shown or ("stdout" if default == STDIO else str(default))
    # --output: the name the file-writing commands had before -o/--out was shared
    parser.add_argument("-o", "--out", "--output", dest="out", default=default, metavar="FILE",
                        help=f"{what}, or - for stdout (default: {shown})")


def add_wait(parser: argparse.ArgumentParser) -> None:
    """Add `--wait`: when another warta process holds the output folder, wait for it instead of refusing."""
    parser.add_argument("--wait", action="store_true",
                        help="when another warta process holds --out, wait for it instead of refusing")


def add_json(parser: argparse.ArgumentParser, what: str = "the summary") -> None:
    """Add `--json`: the command's summary (or report) as one JSON object."""
    parser.add_argument("--json", action="store_true", help=f"print {what} as one JSON object")


def print_summary(args: argparse.Namespace, text: str, data: dict[str, Any], *,
                  stream: TextIO | None = None, stdout_taken: bool = False) -> None:
    """Print a command's summary: `text` on `stream` (stderr), or `data` as JSON with --json; nothing with --quiet.

    The JSON goes to stdout unless the command's own output is there (`stdout_taken`).
    """
    if getattr(args, "quiet", False):
        return
    if getattr(args, "json", False):
        out = sys.stderr if stdout_taken else sys.stdout
        out.write(json.dumps(data, ensure_ascii=False) + "\n")
        out.flush()
        return
    print(text, file=stream or sys.stderr)


def summary_data(summary: Any) -> dict[str, Any]:
    """Return a summary dataclass's fields as JSON-ready values (paths as text, sets as sorted lists)."""
    def plain(value: Any) -> Any:
        if isinstance(value, Path):
            return str(value)
        if isinstance(value, (set, frozenset)):
            return sorted(value)
        if isinstance(value, float):
            return round(value, 3)
        return value
    return {k: plain(v) for k, v in vars(summary).items() if not k.startswith("_")}


def to_stdout(target: str | Path | None) -> bool:
    """Return whether an output target means stdout (`-`)."""
    return str(target) == STDIO


@contextmanager
def text_output(target: str | Path) -> Iterator[TextIO]:
    """Open a text output: a UTF-8 file (its folder made), or stdout for `-`."""
    if to_stdout(target):
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        yield fh


__all__ = ["add_common", "add_json", "add_out", "add_quiet", "add_rules", "add_wait", "print_summary", "summary_data",
           "text_output", "to_stdout"]

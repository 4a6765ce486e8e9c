"""The `warta` command line: a thin shell over the library; errors become one message here."""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from pipeline import __version__, settings
from pipeline.errors import RuleErrors, SettingsError, WartaError

# One module per command in pipeline/commands/; each defines `register(subparsers)`
# which adds its parser and sets `func` to a callable(args) -> exit status.
COMMANDS = ["run", "extract", "crawl", "eval", "review", "diff", "rules", "validate", "events", "export",
            "report", "settings"]


def build_parser() -> argparse.ArgumentParser:
    """Return the top-level parser with every command registered."""
    parser = argparse.ArgumentParser(
        prog="warta",
        description="Extract structured award records from Indonesian regional news.",
    )
    parser.add_argument("--version", action="version", version=f"warta {__version__}")
    parser.add_argument("--config", metavar="FILE", help=CONFIG_HELP)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"pipeline.commands.{name}").register(sub)
    for command in sub.choices.values():  # taken anywhere on the line: main() reads it before parsing
        command.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS, help=CONFIG_HELP)
    return parser


CONFIG_HELP = (f"settings file laid over the shipped settings and ./{settings.LOCAL.name} "
               f"(see `warta settings`; also ${settings.CONFIG_ENV})")


def config_option(argv: list[str]) -> str | None:
    """Return the value of the last --config FILE (or --config=FILE) before a `--`, if any."""
    found = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--config" and i + 1 < len(argv):
            found = argv[i + 1]
        elif arg.startswith("--config="):
            found = arg.split("=", 1)[1]
    return found


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the process exit status."""
    argv = sys.argv[1:] if argv is None else list(argv)
    return _with_settings(argv, config_option(argv))


def _with_settings(argv: list[str], config: str | None) -> int:
    # The settings are read before the parser is built: flags take their defaults from them.
    with settings.config_file(config):
        try:
            settings.current()
        except SettingsError as exc:
            print(f"warta: refusing to start, bad settings:\n{exc}", file=sys.stderr)
            return 3
        parser = build_parser()
        args = parser.parse_args(argv)
        given = getattr(args, "config", None)
        if given != config:  # "--conf FILE": an abbreviation argparse took that the scan did not see
            return _with_settings(argv, given)
        return _run(parser, args)


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:
        return _reader_left()
    except RuleErrors as exc:
        print(f"warta: refusing to start, broken rule files:\n{exc}", file=sys.stderr)
        return 3
    except (WartaError, OSError) as exc:
        print(f"warta: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("warta: interrupted; every line written so far is complete", file=sys.stderr)
        return 130


def _reader_left() -> int:
    """The reader of stdout went away (`warta diff … | head`): end quietly, as `cat` does."""
    # Python would flush stdout again at exit and print a BrokenPipeError: point it at /dev/null.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 141  # 128 + SIGPIPE, what a shell reports for a writer whose pipe closed

"""`warta settings [NAME...]`: the settings in effect, and the file each value came from."""
from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from pipeline.commands.options import add_common, add_json, add_out, text_output
from pipeline.errors import InputError
from pipeline.outputs import STDIO
from pipeline.settings import LOCAL, SECTIONS, SHIPPED, current


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `settings` command."""
    p = subparsers.add_parser(
        "settings", help="print the settings in effect and where each came from",
        description=f"Print every setting in effect as TOML, each with the file it came from: "
                    f"shipped ({SHIPPED.name} inside warta), ./{LOCAL} in the working folder, or "
                    f"--config FILE (later ones win). Copy a line into ./{LOCAL} to change it.")
    p.add_argument("names", nargs="*", metavar="NAME",
                   help="only these sections or settings (fetch, fetch.delay); default: all")
    add_json(p, "the settings: {section: {key: {value, source}}}")
    add_out(p, default=STDIO, what="where to write them (a file to start a warta.toml from)")
    add_common(p)  # --rules is taken and unused: settings do not depend on the rules folder
    p.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    """Print the chosen settings; exit 0, or raise InputError for a name that is no setting."""
    settings = current()
    chosen = [(section, key, value, source) for section, key, value, source in settings.items()
              if _wanted(section, key, args.names)]
    unknown = [n for n in args.names if not any(_wanted(s, k, [n]) for s, k, _, _ in chosen)]
    if unknown:
        raise InputError(f"no such setting or section: {', '.join(unknown)} "
                         f"(sections: {', '.join(SECTIONS)})", input=unknown[0])
    with text_output(args.out) as out:
        if args.json:
            tree: dict[str, dict[str, Any]] = {}
            for section, key, value, source in chosen:
                tree.setdefault(section, {})[key] = {"value": list(value) if isinstance(value, tuple) else value,
                                                     "source": source}
            out.write(json.dumps(tree, ensure_ascii=False, indent=1) + "\n")
        else:
            _write_toml(out, settings.files, chosen)
    return 0


def _write_toml(out: TextIO, files: tuple[str, ...] | list[str], chosen: list) -> None:
    """Write the chosen settings as TOML lines, each with its source as a comment."""
    print(f"# read: {' < '.join(files)}", file=out)
    # sources in one column, except after the odd long value (the user agent)
    width = min(max((len(f"{key} = {_toml(value)}") for _, key, value, _ in chosen), default=0), 32)
    section_now = None
    for section, key, value, source in chosen:
        if section != section_now:
            print(f"\n[{section}]", file=out)
            section_now = section
        print(f"{key} = {_toml(value)}".ljust(width) + f"  # {source}", file=out)


def _wanted(section: str, key: str, names: list[str]) -> bool:
    return not names or section in names or f"{section}.{key}" in names


def _toml(value: Any) -> str:
    """Write a value as TOML, so a printed line can be pasted into warta.toml as it is."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, int) and value >= 10_000:
        return f"{value:_}"
    return repr(value)

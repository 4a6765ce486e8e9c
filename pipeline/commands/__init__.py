"""One module per `warta` command; each exposes `register(subparsers)`."""
from __future__ import annotations

import argparse
from pathlib import Path


def add_rules_option(parser: argparse.ArgumentParser) -> None:
    """Add the shared `--rules DIR` option every command takes."""
    parser.add_argument("--rules", type=Path, default=None, metavar="DIR",
                        help="rules folder (default: ./rules, else the bundled rules)")

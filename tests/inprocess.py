"""Run `warta ARGV…` inside the test process: main(argv) with its output captured.

Tests use this where a separate process is not the point: the process keeps one spaCy pipeline
per rules digest (pipeline.nlp.shared_nlp), so a command costs its own work, not a start-up.
"""
from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path


def run_warta(*argv, cwd: Path | str | None = None) -> tuple[int, str, str]:
    """Return (exit status, stdout, stderr) of `warta ARGV…`, run in cwd when given."""
    from pipeline.cli import main

    out, err = io.StringIO(), io.StringIO()
    before = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([str(a) for a in argv])
            except SystemExit as exc:  # argparse's --help and usage errors
                code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 2
    finally:
        os.chdir(before)
    return code, out.getvalue(), err.getvalue()

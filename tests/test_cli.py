"""The CLI: every command has --help and is documented in the README."""
from __future__ import annotations

from pathlib import Path

import subprocess
import sys

import pytest

from pipeline.cli import COMMANDS

REPO = Path(__file__).resolve().parents[1]

README = (REPO / "README.md").read_text(encoding="utf-8")
ALL = [[c] for c in COMMANDS] + [["rules", "check"], ["rules", "explain"]]


@pytest.mark.parametrize("command", ALL, ids=" ".join)
def test_cli_every_command_has_help(command, warta):
    code, out, _ = warta(*command, "--help")
    assert code == 0 and "usage: warta" in out


@pytest.mark.parametrize("command", ALL, ids=" ".join)
def test_cli_every_command_is_in_the_readme(command):
    assert f"warta {' '.join(command)}" in README


def test_cli_extract_reads_stdin_writes_stdout(tmp_path):
    line = ('{"id": "x1", "published": "2019-11-13", "text": "Pemerintah Kota Yogyakarta meraih predikat '
            'Sangat Baik (A-) dalam evaluasi pelayanan publik dari Kementerian PANRB, Selasa (12/11)."}\n'
            '{"broken": \n')
    proc = subprocess.run([sys.executable, "-m", "pipeline", "extract"], input=line, cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1  # one bad line
    assert "<stdin>:2" in proc.stderr
    import json
    recs = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [r["recipient"]["name"] for r in recs] == ["Pemerintah Kota Yogyakarta"]
    assert recs[0]["date"]["value"] == "2019-11-12" and recs[0]["grade"]["letter"] == "A-"
    from pipeline.validate import check_object

    assert [check_object(r, "awards") for r in recs] == [None]

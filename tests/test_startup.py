"""Start-up: the CLI answers --help, --version and argument errors without loading spaCy."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import json, sys
from pipeline.cli import main
try:
    status = main({argv!r})
except SystemExit as exc:
    status = exc.code
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & {{"spacy", "thinc", "dateparser", "trafilatura", "bs4", "requests"}})
print(json.dumps({{"status": status, "heavy": heavy}}), file=sys.stderr)
"""


def _probe(argv: list[str]) -> tuple[dict, str]:
    proc = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv)], capture_output=True, text=True, timeout=60)
    *_, last = proc.stderr.strip().splitlines()
    return json.loads(last), proc.stdout + proc.stderr


@pytest.mark.parametrize("argv", [["--help"], ["--version"], ["run", "--help"], ["extract", "--help"],
                                  ["run", "--workers", "many"], ["crawl"], ["rules", "explain", "--help"],
                                  ["no-such-command"]])
def test_startup_help_version_and_argument_errors_load_no_heavy_library(argv):
    result, output = _probe(argv)
    assert result["heavy"] == [], f"warta {' '.join(argv)} imported {result['heavy']}"
    assert output.strip()  # it did answer: help text, the version or the argument error
    assert result["status"] in (0, 2)


def test_startup_warta_tokenizer_is_built_once_from_its_registered_factory():
    # Patching a built tokenizer reloads its special cases; warta's is built in one go.
    from pipeline.nlp.components import blank_indonesian

    nlp = blank_indonesian()
    assert nlp.config["nlp"]["tokenizer"] == {"@tokenizers": "warta.Tokenizer.v1"}
    assert [t.text for t in nlp("Selasa (14/8) KEMENPAN-RB")] == ["Selasa", "(", "14", "/", "8", ")", "KEMENPAN-RB"]

"""Rule authors' mistakes in regexes: refused with file:line and a reason, never a traceback or a stall."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.rules.regexcheck import regex_problem

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("pattern", [
    r"(a+)+$", r"(a*)*$", r"^(\w+\s?)+$", r"(x+x+)+y", r"([a-z]+)*$",  # nested quantifiers
    r"(a|a)+$", r"(a|aa)+$", r"^(\d+|\d+\.\d+)+$", r"(a|)+$",  # overlapping alternatives
])
def test_regexcheck_refuses_patterns_that_backtrack_catastrophically(pattern):
    problem = regex_problem(pattern)
    assert problem and "backtrack catastrophically" in problem and f"`{pattern}`" in problem


@pytest.mark.parametrize("pattern", [
    r"^(0?[1-9]|[12][0-9]|3[01])$", r"(\w|\d)+$", r"^(\d+,)+$", r"(\w+\s)+$", r"(a|ab)+$",
    r"^[A-Z][a-z]+(-[A-Z][a-z]+)*$", r"(?:ke-?)?\d+", r"(a+){3}", r"(?>a+)+$",
])
def test_regexcheck_accepts_regexes_with_one_way_to_match(pattern):
    assert regex_problem(pattern) is None


def _broken_rules(tmp_path: Path, pattern_line: dict) -> tuple[Path, Path, int]:
    """A copy of the bundled rules with one pattern line added; return (folder, file, line)."""
    rules = tmp_path / "rules"
    shutil.copytree(REPO / "rules", rules)
    cues = rules / "patterns" / "cues.jsonl"
    text = cues.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    line = text.count("\n") + 1
    cues.write_text(text + json.dumps(pattern_line) + "\n", encoding="utf-8")
    return rules, cues, line


def _warta(*argv: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *argv], input=stdin, cwd=REPO,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("regex, reason", [
    ("(abc", "invalid regex `(abc`: missing ), unterminated subpattern"),
    ("(a+)+$", "can backtrack catastrophically"),
])
def test_regexcheck_rules_check_and_the_pipeline_name_the_file_and_line(tmp_path, regex, reason):
    rules, cues, line = _broken_rules(tmp_path, {
        "label": "STREAK", "id": "broken", "pattern": [{"TEXT": {"REGEX": regex}}]})
    check = _warta("rules", "check", "--rules", str(rules))
    assert check.returncode == 1
    assert f"{cues}:{line}: " in check.stdout and reason in check.stdout
    run = _warta("extract", "--rules", str(rules),
                 stdin=json.dumps({"text": "Kota Contoh meraih penghargaan."}) + "\n")
    assert run.returncode == 3
    assert f"{cues}:{line}: " in run.stderr and reason in run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""


def test_regexcheck_site_profile_regexes_are_checked_too(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(REPO / "rules", rules)
    cleanup = rules / "sites" / "_cleanup.toml"
    text = cleanup.read_text(encoding="utf-8")
    cleanup.write_text(text.replace("drop_lines = [", "drop_lines = [\n  '^(\\w+\\s?)+$',", 1),
                       encoding="utf-8")
    check = _warta("rules", "check", "--rules", str(rules))
    assert check.returncode == 1
    assert f"{cleanup}:" in check.stdout and "`drop_lines`" in check.stdout
    assert "can backtrack catastrophically" in check.stdout and "Traceback" not in check.stderr

"""The rules loader: broken rule files are refused with file:line: reason; the pipeline won't start."""
from __future__ import annotations

from pathlib import Path

import shutil

import pytest

from pipeline.errors import RuleErrors
from pipeline.rules import load_rules

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def rules_copy(tmp_path):
    dst = tmp_path / "rules"
    shutil.copytree(REPO / "rules", dst)
    return dst


@pytest.mark.parametrize("fname,line,reason", [
    ("patterns/zz.jsonl", '{"label": "GRADE_CUE", "pattern": [{"LOWR": "predikat"}], "id": "typo"}', "invalid token pattern"),
    ("patterns/zz.jsonl", '{"label": "GRAED", "pattern": "x", "id": "y"}', "unknown label"),
    ("patterns/zz.jsonl", '{"label": "GRADE_CUE", "pattern": "x", "id": "y", "exampels": []}', "unknown key"),
    ("patterns/zz.jsonl", '{"label": "GRADE_CUE", "pattern": ', "not valid JSON"),
    ("gazetteers/zz.tsv", "id\tlabel\tcanonical\ttype\taliases\nkab_bekasi\tREGION\tKabupaten X\tkabupaten\t", "duplicate id"),
    ("gazetteers/zz.tsv", "id\tlabel\tcanonical\ttype\taliases\nx_y\tPLACE\tX\tt\t", "unknown label"),
    ("gazetteers/zz.tsv", "id\tname\tcanonical\n", "header must start with"),
    ("awards/zz.toml", 'id = "zz"\nname = "Z"\naliases = ["z"]\ncolour = "red"\n', "unknown key 'colour'"),
    ("awards/zz.toml", 'id = "zz"\nname = "Z"\n[[grades]]\nrank = 2\nlabel = "x"\n', "ranks must run 1..n"),
    ("awards/zz.toml", 'id = "zz"\nname = "Z"\ngivers = ["kemen_nowhere"]\n', "not a gazetteer id"),
    ("awards/zz.toml", 'id = "zz\n', "TOML syntax"),
    ("awards/zz.toml", 'id = "zz"\nname = "Z"\naliases = ["z"]\nsub_awards = ["pelopor z"]\n', "must also be one of the aliases"),
    ("sites/zz.toml", 'id = "zz"\nhosts = ["zz.example"]\ncolour = "red"\n', "unknown key `colour`"),
    ("words.toml", 'giving_verbs = ["memberikan"]\nthanks_words = ["terima kasih"]\n', "unknown word list 'thanks_words'"),
    ("words.toml", 'owner_words = "milik"\n', "must be a list of non-empty strings"),
])
def test_rules_loader_reports_file_line_reason(rules_copy, fname, line, reason):
    path = rules_copy / fname
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(RuleErrors) as exc:
        load_rules(rules_copy)
    message = str(exc.value)
    assert str(path) in message and reason in message
    assert any(e.path == str(path) and e.line for e in exc.value.errors)


def test_rules_loader_pipeline_refuses_to_start_on_broken_rules(rules_copy, tmp_path, warta):
    (rules_copy / "patterns" / "zz.jsonl").write_text('{"label": "GRADE_CUE", "pattern": [{"LOWR": "x"}]}\n')
    code, _, stderr = warta("run", "--rules", rules_copy, "--out", tmp_path / "o")
    assert code == 3
    assert "refusing to start" in stderr and "zz.jsonl:1" in stderr
    assert not (tmp_path / "o" / "awards.jsonl").exists()


def test_rules_loader_bundled_rules_load_cleanly(rules):
    assert len(rules.awards) >= 20 and len(rules.entries("REGION")) == 552
    assert rules.digest and len(rules.digest) == 12


def test_rules_loader_bundled_rules_pass_warta_rules_check(warta):
    # The suite runs `warta rules check`: every example and counter-example of every bundled rule.
    code, out, err = warta("rules", "check", "--rules", REPO / "rules")
    assert code == 0, out + err
    assert out.startswith("rules OK:") and "examples checked" in out

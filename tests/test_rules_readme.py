"""rules/README.md's worked examples, replayed: the documented edits must give the documented output.

Each example's edits are the code blocks marked `<!-- step X: FILE append|create -->` in the
README; its commands and their output are the blocks marked `<!-- console X -->`; a deliberately
broken edit is marked `<!-- break X: FILE "old" "new" -->`. The test applies the steps to a copy
of rules/, runs the commands with `--rules COPY`, and compares what a user would see.
"""
from __future__ import annotations

import ast
import json
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from inprocess import run_warta

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "rules" / "README.md"

_STEP = re.compile(r"<!-- step (\w+): (\S+) (append|create) -->\n```\w*\n(.*?)```", re.S)
_CONSOLE = re.compile(r"<!-- console (\w+) -->\n```console\n(.*?)```", re.S)
_BREAK = re.compile(r'<!-- break (\w+): (\S+) "([^"]*)" "([^"]*)" -->\n```console\n(.*?)```', re.S)
_SPAN = re.compile(r"^\s+([A-Z_]+)\s+(\d+)-(\d+)\s+('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\s+(.+?)\s*$")
_RECORD = re.compile(r"^\s+(.+) \[(\w+), (.+?)\] (\S+) (\d*) ?grade=(.+?) giver=(\S+) primary=(True|False) "
                     r"confidence=\S+$")


@dataclass
class Command:
    """One `$ warta ...` line of a console block and the output lines shown under it."""

    argv: list[str]
    expected: list[str] = field(default_factory=list)


def _readme() -> str:
    return README.read_text(encoding="utf-8")


def steps(example: str) -> list[tuple[str, str, str]]:
    """(file under rules/, append|create, text) for each documented edit of an example."""
    return [(f, how, text) for ex, f, how, text in _STEP.findall(_readme()) if ex == example]


def commands(block: str) -> list[Command]:
    """Split a console block into its commands and the output shown for each."""
    out: list[Command] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            out.append(Command(shlex.split(line[2:])))
        elif out:
            out[-1].expected.append(line)
    return out


def console(example: str) -> list[Command]:
    """The documented commands of an example, in order."""
    blocks = [b for ex, b in _CONSOLE.findall(_readme()) if ex == example]
    assert blocks, f"rules/README.md has no <!-- console {example} --> block"
    return [c for b in blocks for c in commands(b)]


def apply_steps(example: str, rules: Path) -> None:
    """Perform an example's documented edits on a rules folder."""
    found = steps(example)
    assert found, f"rules/README.md has no <!-- step {example}: ... --> blocks"
    for rel, how, text in found:
        path = rules / rel
        if how == "create":
            assert not path.exists(), f"{rel} already exists in rules/: the README's example is no longer new"
            path.write_text(text, encoding="utf-8")
        else:
            old = path.read_text(encoding="utf-8")
            path.write_text(old + ("" if old.endswith("\n") else "\n") + text, encoding="utf-8")


def copy_rules(tmp_path: Path) -> Path:
    """A scratch copy of rules/, as `cp -r rules /tmp/r` in the README."""
    dst = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", dst)
    return dst


def to_argv(cmd: Command, rules: Path, out_dir: Path) -> tuple[list[str], Path]:
    """The python argv and working folder for a documented `warta ...` command."""
    assert cmd.argv[0] == "warta", cmd.argv
    args = cmd.argv[1:]
    if args[:2] == ["rules", "explain"]:
        return [sys.executable, "-m", "pipeline", *args, "--json", "--rules", str(rules)], ROOT
    if args[:2] == ["rules", "check"]:
        return [sys.executable, "-m", "pipeline", *args, "--rules", str(rules)], ROOT
    if args[0] == "run":
        # `warta run` reads site profiles from ./rules/sites, so it runs where the copy is ./rules.
        # The README's "--out /tmp/…" goes to the test's folder; a repo path is made absolute (the
        # repo itself may live under /tmp, so map the documented words, not the results).
        args = [str(out_dir) if a.startswith("/tmp/") else str(ROOT / a) if (ROOT / a).is_file() else a
                for a in args]
        return [sys.executable, "-m", "pipeline", *args], rules.parent
    raise AssertionError(f"the test does not know how to run {cmd.argv}")


def run_together(jobs: list[tuple[list[str], Path]]) -> list[subprocess.CompletedProcess]:
    """Run the commands in order, in this process and each in its folder, and return their results.

    In-process (main(argv)) rather than one process each: the commands of one example share the
    pipeline built for its edited rules instead of each loading spaCy and building it again.
    """
    results = []
    for argv, cwd in jobs:
        assert argv[:3] == [sys.executable, "-m", "pipeline"], argv
        code, out, err = run_warta(*argv[3:], cwd=cwd)
        results.append(subprocess.CompletedProcess(argv, code, out, err))
    return results


def _no_line(rule: str) -> str:
    """`rules/awards/x.toml` or `rules/gazetteers/opd.tsv:80 opd_x` without the line number."""
    return re.sub(r":\d+(?= )", "", rule)


def check_explain(cmd: Command, res: subprocess.CompletedProcess, rules: Path, edited: list[str]) -> dict:
    """The README's records, and its spans from the edited files, must be what explain gives now."""
    assert res.returncode == 0, res.stderr
    got = json.loads(res.stdout)
    spans = {(s["label"], s["start"], s["end"], s["text"], _no_line(s["rule"].replace(str(rules), "rules")))
             for s in got["spans"]}
    shown_records = []
    for line in cmd.expected:
        m = _SPAN.match(line)
        if m and any(f in m.group(5) for f in edited):
            want = (m.group(1), int(m.group(2)), int(m.group(3)), ast.literal_eval(m.group(4)), _no_line(m.group(5)))
            assert want in spans, f"README shows span {want}; explain now finds {sorted(spans)}"
        m = _RECORD.match(line)
        if m:
            shown_records.append(m.groups())
    actual = []
    for r in got["records"]:
        grade = (r.get("grade") or {}).get("letter") or (r.get("grade") or {}).get("label") or "-"
        actual.append((r["recipient"]["name"], r["recipient"]["type"], r["recipient"]["region"] or "-",
                       r["award"]["family"], str(r["award"]["year"] or ""), grade,
                       (r.get("giver") or {}).get("id", "-"), str(r["primary"])))
    assert shown_records, "the README shows no records line for this command"
    assert actual == shown_records, f"README shows records {shown_records}; explain now gives {actual}"
    return got


def replay(example: str, tmp_path: Path) -> tuple[Path, list[tuple[Command, subprocess.CompletedProcess]]]:
    """Apply an example's steps to a copy of rules/ and run its documented commands."""
    rules = copy_rules(tmp_path)
    apply_steps(example, rules)
    cmds = [c for c in console(example) if c.argv[0] == "warta"]
    results = run_together([to_argv(c, rules, tmp_path / "out") for c in cmds])
    for cmd, res in zip(cmds, results):
        if cmd.argv[1:3] == ["rules", "check"]:
            assert res.returncode == 0, res.stdout + res.stderr
            assert res.stdout.startswith("rules OK:") and cmd.expected[0].startswith("rules OK:"), res.stdout
        elif cmd.argv[1:3] == ["rules", "explain"]:
            check_explain(cmd, res, rules, [f for f, _how, _text in steps(example)])
    return rules, list(zip(cmds, results))


def _explained(ran: list[tuple[Command, subprocess.CompletedProcess]]) -> dict:
    return next(json.loads(res.stdout) for cmd, res in ran if cmd.argv[1:3] == ["rules", "explain"])


def test_rules_readme_new_award_family_gives_records_of_it(tmp_path):
    rules, ran = replay("a", tmp_path)
    got = _explained(ran)
    assert any(s["label"] == "AWARD" and s["rule"].endswith("award:peduli_ham") for s in got["spans"])
    rec = next(r for r in got["records"] if r["award"]["family"] == "peduli_ham")
    assert rec["giver"]["id"] == "kemenham" and rec["recipient"]["type"] == "pemda"


def test_rules_readme_new_opd_row_makes_the_unit_the_recipient(tmp_path):
    rules, ran = replay("b", tmp_path)
    got = _explained(ran)
    assert any(s["label"] == "UNIT" and s["rule"].endswith(" opd_diskan") for s in got["spans"])
    assert [r["recipient"]["type"] for r in got["records"]] == ["opd"]


def test_rules_readme_new_site_profile_is_used_for_its_page(tmp_path, valid_output):
    rules, ran = replay("c", tmp_path)
    run_cmd, run_res = next((c, r) for c, r in ran if c.argv[1] == "run")
    assert run_res.returncode == 0, run_res.stderr
    valid_output(tmp_path / "out")
    shown = " ".join(run_cmd.expected)
    assert re.search(r"wrote \d+ records? from 1 article, 0 failed", shown), shown
    assert re.sub(r" in [\d.]+ s \(.*", "", run_res.stderr.strip()) in shown, run_res.stderr
    art = json.loads((tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0])
    grep = next(c for c in console("c") if c.argv[0] == "grep")
    for line in grep.expected:
        key, value = json.loads("{" + line + "}").popitem()
        assert art[key] == value, (key, art[key])
    assert art["title"] == "Pemkot Palu Raih Opini WTP Kesebelas Kalinya"  # the generic reading says "Lintas Lembah"


def _break(rules: Path, rel: str, old: str, new: str) -> None:
    path = rules / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {rel} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_rules_readme_broken_edit_fails_check_with_file_line_reason(tmp_path):
    example, rel, old, new, block = _BREAK.search(_readme()).groups()
    rules = copy_rules(tmp_path)
    apply_steps(example, rules)
    _break(rules, rel, old, new)
    [cmd] = commands(block)
    [res] = run_together([to_argv(cmd, rules, tmp_path / "out")])
    assert res.returncode == 1
    shown = (res.stdout + res.stderr).replace(str(rules), "rules").splitlines()
    for line in cmd.expected:
        want = line.split("; allowed")[0]  # the list of allowed keys may grow
        assert any(s.startswith(want) for s in shown), f"README shows {line!r}; check printed {shown}"


@pytest.mark.parametrize("example,rel,old,new,reason", [
    ("b", "gazetteers/opd.tsv", "opd_diskan\tUNIT\t", "opd_diskan\tUNTI\t", r"opd\.tsv:\d+: unknown label 'UNTI'"),
    ("b", "gazetteers/opd.tsv", "opd_diskan\tUNIT\tDinas Perikanan\tdinas\t", "opd_diskan UNIT Dinas Perikanan dinas ",
     r"opd\.tsv:\d+: empty 'label'"),  # TABs pasted as spaces
    ("c", "sites/lintaslembah.toml", 'drop = ["div.sisipan"', 'dorp = ["div.sisipan"',
     r"lintaslembah\.toml:\d+: unknown key `dorp`"),
    ("a", "awards/peduli_ham.toml", 'givers = ["kemenham"', 'givers = ["kemenhum"',
     r"peduli_ham\.toml:\d+: giver 'kemenhum' is not a gazetteer id"),
], ids=["tsv-unknown-label", "tsv-tabs-as-spaces", "site-key-typo", "award-unknown-giver"])
def test_rules_readme_typo_in_example_edit_is_reported(tmp_path, example, rel, old, new, reason):
    rules = copy_rules(tmp_path)
    apply_steps(example, rules)
    _break(rules, rel, old, new)
    [res] = run_together([([sys.executable, "-m", "pipeline", "rules", "check", "--rules", str(rules)], ROOT)])
    assert res.returncode == 1
    assert re.search(reason, res.stdout), res.stdout


def test_rules_readme_documents_every_label_and_key():
    from pipeline.rules.awards import FAMILY_KEYS, GRADE_KEYS
    from pipeline.rules.gazetteers import LABELS, REQUIRED
    from pipeline.rules.patterns import ALLOWED_KEYS, KNOWN_LABELS
    from pipeline.rules.sites import _EXAMPLE_KEYS, _PAGINATION_KEYS, _PROFILE_KEYS

    text = _readme()
    names = KNOWN_LABELS | ALLOWED_KEYS | LABELS | set(REQUIRED) | FAMILY_KEYS | GRADE_KEYS \
        | set(_PROFILE_KEYS) | set(_PAGINATION_KEYS) | set(_EXAMPLE_KEYS)
    missing = sorted(n for n in names if not any(f in text for f in (f"`{n}`", f"[{n}]", f"\n{n} = ")))
    assert not missing, f"rules/README.md does not document {missing}"

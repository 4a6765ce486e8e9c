"""The options every command shares (pipeline/commands/options.py): --rules, --quiet, --json, -o/--out and `-`.

Each option is checked on every command that has it, by running the command for real: in this
process where a separate one is not the point, in a real process where stdin is.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitesrv import SiteServer

from pipeline.cli import build_parser

REPO = Path(__file__).resolve().parents[1]
RULES = REPO / "rules"
ARTICLE = REPO / "corpus" / "articles" / "002.json"
SEED_PAGE = "/2018/11/28/pemkab-bekasi-raih-penghargaan-pelayanan-publik/"
TEXT = ("Pemerintah Kota Yogyakarta meraih predikat Sangat Baik (A-) dalam evaluasi pelayanan publik dari "
        "Kementerian PANRB, Selasa (12/11).")
PUBLISHED = "2019-11-13"

# Every leaf command, and which shared options it has beyond --rules and --quiet (all have those).
WRITES = {"run", "crawl", "extract", "eval", "review", "diff", "rules explain", "rules fit-confidence",
          "events", "export", "report", "settings"}
SUMMARY = {"run", "crawl", "eval", "review", "diff", "rules check", "rules explain", "validate", "events",
           "export", "report", "settings"}


def leaf_parsers() -> dict[str, argparse.ArgumentParser]:
    """Return every leaf command's parser by its name ("run", "rules check", …)."""
    found: dict[str, argparse.ArgumentParser] = {}

    def walk(parser: argparse.ArgumentParser, prefix: str) -> None:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            found[prefix.strip()] = parser
        for action in subs:
            for name, sub in action.choices.items():
                walk(sub, f"{prefix} {name}")
    walk(build_parser(), "")
    return found


LEAVES = leaf_parsers()


def option(parser: argparse.ArgumentParser, flag: str) -> argparse.Action | None:
    return next((a for a in parser._actions if flag in a.option_strings), None)


@pytest.fixture(scope="module")
def done(tmp_path_factory, warta):
    """A real run folder (awards.jsonl, articles.jsonl) and a one-article gold folder."""
    root = tmp_path_factory.mktemp("options")
    code, _, err = warta("run", ARTICLE, "--out", root / "run", "--quiet")
    assert code == 0, err
    gold = root / "gold"
    for sub in ("articles", "gold"):
        (gold / sub).mkdir(parents=True)
        shutil.copy(REPO / "corpus" / sub / "002.json", gold / sub / "002.json")
    return root


def argv_of(command: str, done: Path, tmp: Path, srv: SiteServer) -> list:
    """A successful call of each command, writing into tmp."""
    run = done / "run"
    return {
        "run": ["run", ARTICLE, "--out", tmp / "out"],
        "extract": ["extract", ARTICLE, "-o", tmp / "records.jsonl"],
        "crawl": ["crawl", srv.url("beritacikarang", SEED_PAGE), "--out", tmp / "crawl", "--delay", "0.05"],
        "eval": ["eval", "--gold", done / "gold", "--worst", "0", "-o", tmp / "eval.txt"],
        "review": ["review", run, "-o", tmp / "review.html"],
        "diff": ["diff", run, run / "awards.jsonl", "-o", tmp / "diff.txt"],
        "rules check": ["rules", "check"],
        "rules explain": ["rules", "explain", TEXT, "--published", PUBLISHED, "-o", tmp / "explain.txt"],
        "validate": ["validate", run],
        "events": ["events", run, "-o", tmp / "events.jsonl"],
        "export": ["export", run, "-o", tmp / "awards.csv"],
        "report": ["report", run, "-o", tmp / "report.html"],
        "settings": ["settings", "-o", tmp / "warta.toml"],
    }[command]


def test_options_every_command_has_rules_and_quiet_defined_once():
    assert set(LEAVES) == {"run", "extract", "crawl", "eval", "review", "diff", "rules check", "rules explain",
                           "rules fit-confidence", "validate", "events", "export", "report", "settings"}
    for flag, having in (("--rules", set(LEAVES)), ("--quiet", set(LEAVES)), ("--out", WRITES), ("--json", SUMMARY)):
        actions = {name: option(p, flag) for name, p in LEAVES.items()}
        assert {name for name, a in actions.items() if a} == having, flag
        if flag in ("--rules", "--quiet"):  # one definition: the same metavar and help everywhere
            assert len({(a.metavar, a.help) for a in actions.values() if a}) == 1, flag
        if flag == "--json":  # one definition; what it prints is named per command
            assert all(a.help.endswith("as one JSON object") for a in actions.values() if a)
    outs = {name: option(LEAVES[name], "--out") for name in WRITES}
    assert {name for name, a in outs.items() if a.metavar == "DIR"} == {"run", "crawl"}
    assert all("-o" in a.option_strings and "or - for stdout" in a.help for name, a in outs.items()
               if name not in ("run", "crawl"))


@pytest.mark.parametrize("command", sorted(LEAVES))
def test_options_rules_dir_is_taken_by_every_command(command, tmp_path):
    argv = command.split() + ["--rules", str(tmp_path)]
    if command in ("diff",):
        argv += ["a.jsonl", "b.jsonl"]
    elif command in ("review", "validate", "events", "report"):
        argv += ["a.jsonl"]
    elif command == "crawl":
        argv += ["http://example.invalid/"]
    elif command in ("eval", "rules fit-confidence"):
        argv += ["--gold", "g"]
    assert build_parser().parse_args(argv).rules == tmp_path


@pytest.mark.parametrize("command", ["review", "diff", "validate", "report"])
def test_options_rules_dir_is_used_by_the_record_commands(command, done, tmp_path, srv, warta):
    rules = shutil.copytree(RULES, tmp_path / "my-rules")  # a user's own copy, somewhere else
    code, _, err = warta(*argv_of(command, done, tmp_path, srv), "--rules", rules)
    assert code == 0, err


@pytest.mark.parametrize("command", sorted(set(LEAVES) - {"rules fit-confidence"}))
def test_options_quiet_prints_nothing_on_success(command, done, tmp_path, srv, warta):
    code, out, err = warta(*argv_of(command, done, tmp_path, srv), "--quiet")
    assert code == 0, err
    assert (out, err) == ("", "")


def test_options_quiet_still_reports_errors(tmp_path, warta):
    code, out, err = warta("run", tmp_path / "missing.txt", "--out", tmp_path / "out", "--quiet")
    assert code == 1 and out == ""
    assert "1 input(s) failed" in err
    # --json --quiet drops the summary object, not the problems it would have held
    bad = tmp_path / "awards.jsonl"
    bad.write_text('{"record_id": 1}\n', encoding="utf-8")
    code, out, err = warta("validate", bad, "--json", "--quiet")
    assert code == 1 and f"{bad}:1" in out + err


@pytest.mark.parametrize("command", sorted(SUMMARY))
def test_options_json_prints_one_parsable_object(command, done, tmp_path, srv, warta):
    argv = argv_of(command, done, tmp_path, srv)
    if command in ("eval", "diff", "rules explain", "settings"):  # their --json is the format of what they write
        argv[argv.index("-o") + 1] = "-"
    code, out, err = warta(*argv, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, dict) and data
    expected = {"run": "records", "crawl": "articles", "eval": "metrics", "review": "flagged", "diff": "added",
                "rules check": "ok", "rules explain": "tokens", "validate": "invalid", "events": "events",
                "export": "records", "report": "provinces", "settings": "fetch"}[command]
    assert expected in data


def cli(*argv, stdin: str | bytes | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess:
    """`warta ARGV…` in a real process, with stdin fed."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, argv)], input=data, cwd=cwd,
                          capture_output=True, timeout=300)


@pytest.mark.parametrize("command", ["review", "diff", "validate", "events", "export", "report"])
def test_options_dash_reads_records_from_stdin(command, done, tmp_path):
    awards = (done / "run" / "awards.jsonl").read_bytes()
    argv = {"review": ["review", "-", "-o", "-"], "diff": ["diff", "-", done / "run"],
            "validate": ["validate", "-"], "events": ["events", "-"], "export": ["export", "-"],
            "report": ["report", "-", "-o", "-"]}[command]
    proc = cli(*argv, stdin=awards)
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode("utf-8")
    name = json.loads(awards.splitlines()[0])["recipient"]["name"]
    if command == "diff":
        assert "added 0, removed 0, changed 0, unchanged 2" in out
    elif command == "validate":
        assert "2 lines in 1 file, all valid" in proc.stderr.decode()
    else:
        assert name in out


def test_options_dash_reads_articles_urls_and_text_from_stdin(tmp_path, srv):
    article = json.loads(ARTICLE.read_text(encoding="utf-8"))
    run = cli("run", "-", "--out", tmp_path / "run", "--quiet", stdin=json.dumps(article) + "\n")
    assert run.returncode == 0, run.stderr.decode()
    assert len((tmp_path / "run" / "awards.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    crawl = cli("crawl", "-", "--out", tmp_path / "crawl", "--delay", "0.05", "--quiet",
                stdin="# one page\n" + srv.url("beritacikarang", SEED_PAGE) + "\n")
    assert crawl.returncode == 0, crawl.stderr.decode()
    assert len((tmp_path / "crawl" / "articles.jsonl").read_text(encoding="utf-8").splitlines()) == 1
    explain = cli("rules", "explain", "--file", "-", "--published", PUBLISHED, stdin=TEXT)
    assert explain.returncode == 0 and "records (1):" in explain.stdout.decode("utf-8")


@pytest.mark.parametrize("command", ["extract", "eval", "review", "diff", "rules explain", "events", "export",
                                     "report"])
def test_options_dash_writes_to_stdout(command, done, tmp_path, srv, warta):
    argv = [a for a in argv_of(command, done, tmp_path, srv)]
    argv[argv.index("-o") + 1] = "-"
    code, out, err = warta(*argv)
    assert code == 0, err
    assert out.strip() and not list(tmp_path.iterdir())  # the output went to stdout, no file was written
    first = {"extract": '{"record_id"', "eval": "warta eval", "review": "<!doctype html>", "diff": "old: 2 records",
             "rules explain": "tokens: Pemerintah", "events": '{"event_id"', "export": "record_id,",
             "report": "<!doctype html>"}[command]
    assert out.lstrip().startswith(first), out[:200]

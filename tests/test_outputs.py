"""The one reader of warta's outputs: a file, a run folder, a shard folder."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.outputs import Problem, output_files, read_output

REPO = Path(__file__).resolve().parents[1]


def test_outputs_read_a_run_folder_and_its_shards_in_order(tmp_path):
    (tmp_path / "awards.jsonl").write_text('{"record_id": "a"}\n', encoding="utf-8")
    (tmp_path / "awards").mkdir()
    (tmp_path / "awards" / "part-00001.jsonl").write_text('{"record_id": "c"}\n', encoding="utf-8")
    (tmp_path / "awards" / "part-00000.jsonl").write_text('{"record_id": "b"}\n', encoding="utf-8")
    assert [r["record_id"] for r in read_output(tmp_path)] == ["a", "b", "c"]


def test_outputs_skip_broken_lines_and_say_where(tmp_path):
    f = tmp_path / "awards.jsonl"
    f.write_text('{"record_id": "a"}\n{"record_id": \n[1, 2]\n' + "[" * 100_000 + "\n", encoding="utf-8")
    problems: list[Problem] = []
    assert [r["record_id"] for r in read_output(f, problems=problems)] == ["a"]
    assert [p.line for p in problems] == [2, 3, 4]
    assert str(problems[0]).startswith(f"{f}:2: skipped, not JSON")


def test_outputs_refuse_a_folder_without_that_output(tmp_path):
    with pytest.raises(InputError, match="no events.jsonl"):
        output_files(tmp_path, "events")


# Where json.load(s) may be called in pipeline/, and why: each reads one JSON document, not lines.
# A JSONL line anywhere is parsed by outputs.loads_line (via iter_jsonl/read_output or directly).
ONE_DOCUMENT = {
    ("outputs.py", "loads_line"): "the one JSONL line parser",
    ("extract/metadata.py", "json_ld_article"): "a page's JSON-LD block",
    ("evaluate/gold.py", "_read_json"): "a gold folder's NNN.json file",
    ("inputs.py", "_json_object"): "a .json input holding one Article",
    ("review/server.py", "do_POST"): "one decision in a request body",
    ("shards.py", "load"): "manifest.json",
    ("validate.py", "schema"): "a JSON Schema file",
}


def _json_calls(root):
    import ast

    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))

        def visit(node, where):
            for child in ast.iter_child_nodes(node):
                inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else where
                if (isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute)
                        and child.func.attr in ("load", "loads") and isinstance(child.func.value, ast.Name)
                        and child.func.value.id == "json"):
                    yield (path.relative_to(root).as_posix(), where), child.lineno
                yield from visit(child, inner)
        yield from visit(tree, "<module>")


def test_outputs_is_the_only_jsonl_reader_in_the_package():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "pipeline"
    stray = [f"pipeline/{file}:{line} in {func}()" for (file, func), line in _json_calls(root)
             if (file, func) not in ONE_DOCUMENT]
    assert not stray, ("JSON parsed outside pipeline/outputs.py; read JSONL with outputs.iter_jsonl/read_output/"
                       "loads_line, or add a one-document reader to ONE_DOCUMENT with its reason:\n" + "\n".join(stray))


def test_outputs_file_names_are_written_once():
    import ast
    from pathlib import Path

    from pipeline import outputs

    names = {getattr(outputs, n) for n in ("AWARDS", "ARTICLES", "ERRORS", "EVENTS", "MANIFEST", "LOCK", "STATE",
                                           "HTTP_CACHE", "CRAWL_STATE", "REVIEW_PAGE", "DECISIONS", "REPORT_PAGE")}
    root = Path(__file__).resolve().parents[1] / "pipeline"
    stray = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "outputs.py" and path.parent == root:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                    any(node.value == n or node.value.endswith("/" + n) for n in names):
                stray.append(f"{path.relative_to(root.parent)}:{node.lineno}: {node.value!r}")
    assert not stray, "output file names belong in pipeline/outputs.py:\n" + "\n".join(stray)


@pytest.fixture(scope="module")
def run_and_shards(tmp_path_factory):
    """A one-process run of the corpus, and the same lines cut into a distributed run's shard folder."""
    import shutil

    from pipeline.cli import main

    root = tmp_path_factory.mktemp("shards")
    one, shards = root / "one" / "run", root / "shards" / "run"  # one name: pages and events name their source
    assert main(["run", str(REPO / "corpus" / "articles"), "--out", str(one), "--quiet"]) == 0
    for kind in ("awards", "articles"):
        lines = (one / f"{kind}.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
        (shards / kind).mkdir(parents=True)
        half = len(lines) // 2
        (shards / kind / "part-00000.jsonl").write_text("".join(lines[:half]), encoding="utf-8")
        (shards / kind / "part-00001.jsonl").write_text("".join(lines[half:]), encoding="utf-8")
    shutil.copy(one / "awards.jsonl", root / "awards.jsonl")  # the plain file, as a user passes one
    return root


@pytest.mark.parametrize("argv", [
    ["review", "{src}", "--json", "-o", "{out}"],
    ["events", "{src}", "--json", "-o", "{out}"],
    ["export", "{src}", "--format", "jsonl", "-o", "{out}"],
    ["report", "{src}", "--json", "-o", "{out}"],
])
def test_outputs_every_reading_command_takes_a_shard_folder_as_the_file(run_and_shards, argv, capsys):
    from pipeline.cli import main

    got = {}
    for src in ("one", "shards"):
        folder, out = run_and_shards / src / "run", run_and_shards / src / f"{argv[0]}.out"
        assert main([a.format(src=folder, out=out) for a in argv]) == 0
        printed = capsys.readouterr().out.replace(str(out), "OUT")
        if printed.startswith("{"):  # the --json summary: its timing differs from run to run
            printed = {k: v for k, v in json.loads(printed).items() if k != "seconds"}
        got[src] = (printed, out.read_bytes().replace(str(out).encode(), b"OUT").replace(str(folder).encode(), b"SRC"))
    assert got["shards"] == got["one"]
    assert len(got["one"][1]) > 1000  # a page or lines of the 20 records, not an empty file


def test_outputs_diff_of_a_file_and_the_same_lines_in_shards_finds_no_change(run_and_shards, capsys):
    from pipeline.cli import main

    main(["diff", str(run_and_shards / "awards.jsonl"), str(run_and_shards / "shards" / "run"), "--json"])
    summary = json.loads(capsys.readouterr().out)["summary"]
    assert summary["unchanged"] == summary["old"] == summary["new"] > 0

"""JsonlWriter: whole lines only, UTF-8 kept readable, crash and Ctrl-C safe."""
from __future__ import annotations

from pathlib import Path

import json
import signal
import subprocess
import sys
import time

from pipeline.write import JsonlWriter

REPO = Path(__file__).resolve().parents[1]


def test_write_keeps_utf8_readable(tmp_path):
    path = tmp_path / "a.jsonl"
    with JsonlWriter(path) as w:
        w.write({"recipient": "Dinas Kependudukan dan Pencatatan Sipil – Bekasi", "quote": "“Alhamdulillah”"})
    raw = path.read_text(encoding="utf-8")
    assert "“Alhamdulillah”" in raw and "\\u" not in raw
    assert raw.endswith("\n") and raw.count("\n") == 1


def test_write_append_repairs_a_partial_tail_left_by_a_crash(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"ok": 1}\n{"half": ', encoding="utf-8")
    with JsonlWriter(path, append=True) as w:
        w.write({"ok": 2})
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(x) for x in lines] == [{"ok": 1}, {"ok": 2}]


def test_write_ctrl_c_leaves_only_whole_lines(tmp_path):
    path = tmp_path / "big.jsonl"
    code = (
        "import sys; sys.path.insert(0, %r)\n"
        "from pipeline.write import JsonlWriter\n"
        "w = JsonlWriter(%r)\n"
        "i = 0\n"
        "while True:\n"
        "    w.write({'i': i, 'pad': 'x' * 5000}); i += 1\n" % (str(REPO), str(path))
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE)
    deadline = time.time() + 20
    while (not path.exists() or path.stat().st_size < 2_000_000) and time.time() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=20)
    data = path.read_bytes()
    assert data.endswith(b"\n")
    rows = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    assert [r["i"] for r in rows] == list(range(len(rows))) and len(rows) > 100

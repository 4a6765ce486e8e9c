"""Progress on long work: a bar with count, total, rate and ETA on a terminal; few lines in a log."""
from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from test_batch_runs import _article, _write

REPO = Path(__file__).resolve().parents[1]


def test_progress_bar_on_a_terminal_shows_count_total_rate_and_eta(tmp_path):
    # Long enough for the bar to be drawn mid-run (tqdm redraws at most every 0.5 s).
    inputs = _write(tmp_path / "in.jsonl", [_article(i) for i in range(1500)])
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))  # a 120-column terminal
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(inputs), "--out", str(tmp_path / "out")],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal closed: the run ended
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert proc.wait(timeout=600) == 0
    text = seen.decode("utf-8", "replace")
    # e.g. "warta run:  50%|█████     | 750/1500 [00:04<00:04, 47.1article/s]"
    assert re.search(r"warta run: +\d+%\|.*\| \d+/1500 \[\d\d:\d\d<\d\d:\d\d, +[\d.]+article/s\]", text), text


def test_progress_in_a_log_is_at_most_one_line_per_ten_seconds(tmp_path):
    inputs = _write(tmp_path / "in.jsonl", [_article(i) for i in range(1500)])
    log = tmp_path / "run.log"
    started = time.monotonic()
    with open(log, "w") as fh:
        proc = subprocess.run([sys.executable, "-m", "pipeline", "run", str(inputs), "--out", str(tmp_path / "out")],
                              cwd=REPO, stdout=subprocess.DEVNULL, stderr=fh, timeout=900)
    elapsed = time.monotonic() - started
    assert proc.returncode == 0
    lines = log.read_text(encoding="utf-8").splitlines()
    progress = [ln for ln in lines if re.match(r"warta run: +\d+%\|", ln)]
    assert "\r" not in log.read_text(encoding="utf-8")
    assert len(progress) <= elapsed / 10 + 1
    if elapsed > 25:  # the first line comes 10 s after the first article (the pipeline takes seconds to build)
        assert progress and re.search(r"\d+/1500 \[", progress[0])
    assert lines[-1].startswith("warta run: read 1500 articles")
